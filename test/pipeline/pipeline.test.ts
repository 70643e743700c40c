/**
 * The whole pipeline (part 3): collators with their parachain runtimes, the validators' node view
 * and the relay chain, slot by slot. Cross-layer invariants after every slot on random honest and
 * faulty schedules; the steady-state cadences of sync, async and elastic as properties; witnesses
 * that the schedules reach a full unincluded segment, a para on two cores in one block and a fork.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { presetParams } from '../../spec/params.ts';
import { NODE_INVARIANTS } from '../../properties/network/invariants.ts';
import { defaultTiming, pipelineScheduleArb, runPipeline } from '../../properties/pipeline/harness.ts';
import { initialPipeline } from '../../machines/pipeline.ts';
import { PIPELINE_INVARIANTS, PIPELINE_WITNESSES, reproposalEndToEnd } from '../../properties/pipeline/invariants.ts';
import { authoringBudgetMs, measureFigures, parablockTimes, TIMING } from '../../properties/figures.ts';
import { PINNED_SEEDS } from '../support/seeds.ts';
import { runs } from '../support/runs.ts';

const seed = PINNED_SEEDS[0]!;

describe('pipeline', () => {
  for (const name of ['sync', 'polkadot', 'elastic']) {
    const params = presetParams(name);
    test(`${name}: collator blocks accepted, segment and relay inclusion agree, segment within capacity, node and relay invariants, after every slot`, () => {
      let built = 0;
      fc.assert(
        fc.property(pipelineScheduleArb(params, 25), (schedule) => {
          const r = runPipeline(params, schedule, { nodeInvariants: NODE_INVARIANTS, invariants: PIPELINE_INVARIANTS });
          built += r.steps.reduce((n, s) => n + Object.values(s.collatorsAfter).reduce((m, c) => m + c.context.lastBuilt.length, 0), 0);
          if (r.violation) throw new Error(`${r.violation.property} ${r.violation.name}: ${r.violation.message}`);
        }),
        { seed, numRuns: 60 },
      );
      expect(built).toBeGreaterThan(60 * 10);
    });
  }

  test.each([
    ['sync', 0.5],
    ['polkadot', 1],
    ['elastic', 3],
  ])('%s: in the steady state of honest runs a para gets %s parablocks per relay block', (name, expected) => {
    const f = measureFigures(name, presetParams(name), 3, 30, 10);
    expect(1 / f.blocksPerParablock).toBeCloseTo(expected, 5);
  });

  test('the derived authoring budget: 0.5 s under synchronous backing, 2 s under asynchronous (the backing timeout)', () => {
    expect(authoringBudgetMs(TIMING, true, 12000)).toBe(500);
    expect(authoringBudgetMs(TIMING, false, 6000)).toBe(2000);
    // With a longer network hop the synchronous budget shrinks; the asynchronous one does not.
    expect(authoringBudgetMs({ ...TIMING, networkHopMs: 1200 }, true, 12000)).toBe(200);
    expect(authoringBudgetMs({ ...TIMING, networkHopMs: 1200 }, false, 6000)).toBe(2000);
  });

  for (const [name, id] of [
    ['polkadot', 'WP-01'],
    ['elastic', 'WP-02'],
    ['polkadot', 'WP-04'],
  ] as const)
    test(`${name}: witness ${id} fails as it must`, () => {
      const params = presetParams(name);
      const w = PIPELINE_WITNESSES.find((x) => x.id === id)!;
      expect(() =>
        fc.assert(
          fc.property(pipelineScheduleArb(params, 25), (s) => runPipeline(params, s, { relayInvariants: [], witnesses: [w] }).witnessed.size === 0),
          { seed, numRuns: runs(200), endOnFailure: true },
        ),
      ).toThrow(/Property failed/);
    });
});

describe('re-proposal end to end (L-02)', () => {
  for (const name of ['sync', 'polkadot', 'elastic']) {
    const params = presetParams(name);
    test(`${name}: after an availability outage that times candidates out, every para advances within one block of availability returning`, () => {
      let timeouts = 0;
      let reproposed = 0;
      fc.assert(
        fc.property(pipelineScheduleArb(params, 40, 'outage'), (schedule) => {
          const r = runPipeline(params, schedule, { nodeInvariants: NODE_INVARIANTS, invariants: PIPELINE_INVARIANTS, witnesses: [PIPELINE_WITNESSES.find((w) => w.id === 'WP-03')!] });
          if (r.violation) throw new Error(`${r.violation.property}: ${r.violation.message}`);
          const until = schedule.slots.findIndex((s, i) => i > 0 && s.paras[0]!.availability[0] === 'all' && schedule.slots[i - 1]!.paras[0]!.availability[0] === 'none');
          if (until < 0) return;
          timeouts += r.steps.slice(0, until).reduce((n, s) => n + s.net.relay.node.outcome.timedOut.length, 0);
          if (r.witnessed.has('WP-03')) reproposed++;
          const v = reproposalEndToEnd(r.steps, until);
          if (v) throw new Error(v);
        }),
        { seed, numRuns: 40 },
      );
      // Not vacuous: candidates did time out, and parablocks were re-proposed on the same parent.
      expect(timeouts).toBeGreaterThan(0);
      expect(reproposed).toBeGreaterThan(0);
    });
  }
});

/**
 * Settled finding, kept as a regression. When backing needs more than one relay slot (the timing
 * model's 2 s authoring, 2 s re-execution, three 1 s hops and 2 s of block production: delay 1), a
 * collation Y built on a backed candidate X that goes on chain in the next block is seconded for a
 * whole relay slot by its backing group. polkadot-sdk does drop Y from such a view at that leaf
 * (fragment_chain/mod.rs: `populate_from_previous` puts X back into the storage it trims, X is in
 * the new chain already as pending, `trim_uneligible_forks` calls `check_potential(X)`, which fails
 * with ForkWithCandidatePendingAvailability, and removes X's copy with all its descendants; pinned in
 * test/node/fragmentChain.test.ts). The model used to put Y into the block author's view at
 * collation time, so the author lost it too and the para ran at one parablock per two relay blocks.
 * In polkadot-sdk the author, outside the backing group, hears of Y only from the
 * statement-distribution grid, once Y is backed, and chains it at the leaf where X is pending. With
 * that (machines/pipeline.ts), async backing keeps its cadence under the timing model.
 */
describe('settled finding: backing slower than a relay slot keeps the async cadence', () => {
  const cadence = (r: ReturnType<typeof runPipeline>, para: number) =>
    r.steps.slice(10).reduce((n, s) => n + s.net.relay.node.outcome.enacted.filter((c) => c.paraId === para).length, 0) / (r.steps.length - 10);
  test.each([
    ['sync', 0.5, 0],
    ['polkadot', 1, 1],
    ['elastic', 3, 1],
  ])('%s: with the timing model\'s backing delay a para still gets %s parablocks per relay block (backing delay %s slot)', (name, expected, delay) => {
    const params = presetParams(name);
    const para = params.paras[0]!.id;
    const timing = defaultTiming(params);
    expect(initialPipeline(params, timing).context.backingDelaySlots[para]).toBe(delay);
    for (const schedule of fc.sample(pipelineScheduleArb(params, 30, 'honest'), { numRuns: 3, seed: 1 })) {
      const inTime = runPipeline(params, schedule, { relayInvariants: [] });
      const timed = runPipeline(params, schedule, { relayInvariants: [], timing });
      expect(cadence(inTime, para)).toBe(expected);
      expect(cadence(timed, para)).toBe(expected);
      // Not vacuous: with the delay, no collation of the honest run is lost by the author's view.
      expect(Object.values(timed.final.context.network.candidates).filter((m) => m.value === 'dropped')).toEqual([]);
    }
  });
});

describe('time in the pipeline', () => {
  for (const name of ['sync', 'polkadot']) {
    test(`${name}: with backing taking the time the timing model gives, every parablock was backed before the author of the block that put it on chain proposed`, () => {
      const params = presetParams(name);
      const timing = defaultTiming(params);
      let checked = 0;
      fc.assert(
        fc.property(pipelineScheduleArb(params, 25), (schedule) => {
          const r = runPipeline(params, schedule, { relayInvariants: [], timing });
          for (const p of parablockTimes(r.steps, TIMING, timing.authoringMs)) {
            checked++;
            if (p.backedAtMs > p.pendingAtMs - TIMING.relayBlockProductionMs)
              throw new Error(`${p.candidate}: backed at ${p.backedAtMs} ms, on chain in the block produced from ${p.pendingAtMs - TIMING.relayBlockProductionMs} ms`);
            if (!(p.authoredAtMs < p.backedAtMs && p.pendingAtMs < p.includedAtMs)) throw new Error(`${p.candidate}: stages out of order`);
          }
        }),
        { seed, numRuns: 30 },
      );
      expect(checked).toBeGreaterThan(30);
    });
  }

  test('a late collator cannot keep synchronous backing (its relay parent is out of scope a slot later) but async absorbs it', () => {
    const late = (name: string) => {
      const params = presetParams(name);
      const [h] = fc.sample(pipelineScheduleArb(params, 20, 'honest'), { numRuns: 1, seed: 3 });
      const schedule = { slots: h!.slots.map((s) => ({ ...s, paras: s.paras.map((p) => ({ ...p, collatorLate: true })) })) };
      return runPipeline(params, schedule, { relayInvariants: [] }).steps.reduce((n, s) => n + s.net.relay.node.outcome.enacted.length, 0);
    };
    expect(late('sync')).toBe(0);
    expect(late('polkadot')).toBeGreaterThan(20);
  });
});
