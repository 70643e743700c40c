/**
 * Transition coverage (properties/coverage.ts): every transition of every machine, read from the
 * machine's own configuration, is taken by the representative runs (the property suite's schedules
 * and an explorer model), unless it is listed as a known gap with its reason; docs/coverage.md is
 * what `npm run coverage` writes. Also checks that the recorder notices an untaken transition.
 */
import { describe, expect, test } from 'vitest';
import { setup } from 'xstate';
import { step } from '../../machines/engine.ts';
import { computeCoverage, KNOWN_GAPS, recordCoverage, staleGaps, transitionKey, uncovered, writeCoverageDoc } from '../../properties/coverage.ts';
import { transitionsOf } from '../../cli/rulebook.ts';

describe('transition coverage', () => {
  const report = computeCoverage();

  test('every transition is taken or listed as a known gap with a reason', () => {
    expect(uncovered(report).map((r) => r.key)).toEqual([]);
    for (const g of KNOWN_GAPS) expect(g.reason.length, g.key).toBeGreaterThan(40);
  });

  test('the known gaps are still gaps (a gap some run takes must leave the list)', () => {
    expect(staleGaps(report)).toEqual([]);
  });

  test('every recorded step replays onto its machine\'s graph', () => {
    expect(report.unmatched).toEqual([]);
    expect(report.unknownMachines).toEqual([]);
  });

  test('docs/coverage.md is what `npm run coverage` writes', () => {
    expect(writeCoverageDoc(report, true), 'docs/coverage.md is stale: run npm run coverage').toBe(true);
  });

  test('the recorder tells guarded alternatives apart and leaves an untaken transition at zero', () => {
    const m = setup({ guards: { big: ({ event }) => (event as unknown as { n: number }).n > 5 } }).createMachine({
      id: 'probe',
      initial: 'a',
      states: { a: { on: { N: [{ guard: 'big', target: 'b' }, { target: 'a' }] } }, b: { on: { BACK: { target: 'a' } } } },
    });
    const rec = recordCoverage(() => {
      step(m, { value: 'a', context: {} }, { type: 'N', n: 9 });
      step(m, { value: 'a', context: {} }, { type: 'N', n: 1 });
      step(m, { value: 'a', context: {} }, { type: 'N', n: 2 });
    }, [m]);
    const [big, otherwise, back] = transitionsOf(m);
    expect(rec.counts.get(transitionKey(big!))).toBe(1);
    expect(rec.counts.get(transitionKey(otherwise!))).toBe(2);
    expect(rec.counts.get(transitionKey(back!)) ?? 0).toBe(0);
  });
});
