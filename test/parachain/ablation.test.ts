/**
 * Breaking a parachain-side (cumulus) rule on purpose makes some property fail. Each rule of
 * `PARACHAIN_RULES` is switched off in turn (its `ablation` behaviour) and the properties expected
 * to catch it are checked over generated runs:
 * - runtime runs (PR-…, `properties/parachain/invariants.ts`): random parachain block sequences
 *   through parachain-system and the FixedVelocity consensus hook, with random relay parents, relay
 *   and para slots, included heads, outputs, HRMP watermarks and go-ahead signals
 *   (`parachainRunArb`);
 * - collator decisions (PC-…): adversarial inputs to the lookahead collator (`collatorInputArb`);
 * - the pipeline (P-…, `properties/pipeline/invariants.ts`): collators, node and relay chain
 *   together on the sync preset (`pipelineScheduleArb`, `runPipeline`).
 * With every rule on, the same runs pass every property, so a failure below is the ablation.
 *
 * NOT_OBSERVABLE lists the rules whose absence no honest property can see, with the reason; the
 * test below checks the claim: switching such a rule off changes no verdict of any block and no
 * collator decision on the same runs.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { withRulesOff } from '../../spec/ablation.ts';
import { presetParams } from '../../spec/params.ts';
import { PARACHAIN_RULES } from '../../spec/parachain/rules.ts';
import { ruleIdsIn } from '../../spec/ruleBook.ts';
import { UNREACHABLE } from '../../oracle/vectors/registry.ts';
import { collatorInputArb, parachainRunArb, runCollatorDecision, runParachain } from '../../properties/parachain/harness.ts';
import { COLLATOR_INVARIANTS, PARACHAIN_INVARIANTS, PARACHAIN_RUNTIME_INVARIANTS } from '../../properties/parachain/invariants.ts';
import { pipelineScheduleArb, runPipeline } from '../../properties/pipeline/harness.ts';
import { PIPELINE_INVARIANTS } from '../../properties/pipeline/invariants.ts';
import type { Violation } from '../../properties/harness.ts';
import { SEEDS } from '../support/seeds.ts';

/** Which properties may catch each rule switched off (at least one must); the first one names the rule in its `rules`. */
export const CAUGHT_BY: Record<string, readonly string[]> = {
  'PS-01': ['PR-03'],
  'PS-02': ['PR-03'],
  'PS-04': ['PR-08'],
  'PS-05': ['PR-05', 'PR-08'],
  'PS-06': ['PR-09', 'PR-03', 'PR-12'],
  'PS-07': ['PR-01'],
  'PS-08': ['PR-06', 'PR-04', 'PR-12'],
  'PS-09': ['PR-04'],
  'PS-10': ['PR-07'],
  'PS-11': ['PR-12', 'P-01'],
  'PS-12': ['PR-02'],
  'PS-13': ['PC-02'],
  'PS-14': ['PC-01'],
  'PS-15': ['PR-11'],
};

export const NOT_OBSERVABLE: Record<string, string> = {
  'PS-03': `checkGoAheadUnique (SegmentTracker::append's UpgradeGoAheadAlreadyProcessed) can never decide anything: ${UNREACHABLE['PS-03']!.reason}. PR-10 oneGoAheadInSegment states what it protects and holds with the check off`,
};

const RUNTIME_RUNS = 200;
const COLLATOR_RUNS = 300;
const PIPELINE_RUNS = 8;
const PIPELINE_SLOTS = 12;
/** The pipeline runs on the sync preset: capacity 1, where a collator ignoring can_build_upon overfills the segment at once. */
const SYNC = presetParams('sync');

const runtimeIds = new Set(PARACHAIN_RUNTIME_INVARIANTS.map((i) => i.id));
const collatorIds = new Set(COLLATOR_INVARIANTS.map((i) => i.id));
const pipelineIds = new Set(PIPELINE_INVARIANTS.map((i) => i.id));

const show = (v: Violation) => `${v.property} ${v.name}: ${v.message} (step ${v.step})`;

/** A property that failed: its ID, what it said, and fast-check's report (seed, path, counterexample). */
interface Failure {
  readonly property: string;
  readonly message: string;
  readonly report: string;
}

/**
 * Checks the named properties over the runs of each harness that has one of them (`fc.assert`, so a
 * failure throws with its seed and path). Returns the failures, one per harness that failed.
 */
function check(ids: readonly string[], seed: number): Failure[] {
  const failures: Failure[] = [];
  const attempt = (sweep: () => void) => {
    try {
      sweep();
    } catch (e) {
      const report = String((e as Error).message);
      const message = String(((e as Error).cause as Error | undefined)?.message ?? report);
      failures.push({ property: message.split(' ')[0]!, message, report: report.split('\n').slice(0, 2).join(' ') });
    }
  };
  const runtime = PARACHAIN_RUNTIME_INVARIANTS.filter((i) => ids.includes(i.id));
  const collator = COLLATOR_INVARIANTS.filter((i) => ids.includes(i.id));
  const pipeline = PIPELINE_INVARIANTS.filter((i) => ids.includes(i.id));
  if (runtime.length)
    attempt(() =>
      fc.assert(
        fc.property(parachainRunArb(), (run) => {
          const v = runParachain(run, runtime).violation;
          if (v) throw new Error(show(v));
        }),
        { seed, numRuns: RUNTIME_RUNS, endOnFailure: true },
      ),
    );
  if (collator.length)
    attempt(() =>
      fc.assert(
        fc.property(collatorInputArb, (input) => {
          const v = runCollatorDecision(input, collator).violation;
          if (v) throw new Error(show(v));
        }),
        { seed, numRuns: COLLATOR_RUNS, endOnFailure: true },
      ),
    );
  if (pipeline.length)
    attempt(() =>
      fc.assert(
        fc.property(pipelineScheduleArb(SYNC, PIPELINE_SLOTS), (schedule) => {
          const v = runPipeline(SYNC, schedule, { relayInvariants: [], invariants: pipeline }).violation;
          if (v) throw new Error(show(v));
        }),
        { seed, numRuns: PIPELINE_RUNS, endOnFailure: true },
      ),
    );
  return failures;
}

/** What every block's verdict and every collator decision is on the same runs (for NOT_OBSERVABLE). */
function verdicts(seed: number): string[] {
  const out: string[] = [];
  fc.assert(
    fc.property(parachainRunArb(), (run) => {
      out.push(runParachain(run, []).steps.map((s) => (s.accepted ? 'ok' : `${s.rejection!.rule}:${s.rejection!.error}`)).join(','));
    }),
    { seed, numRuns: RUNTIME_RUNS },
  );
  fc.assert(
    fc.property(collatorInputArb, (input) => {
      out.push(JSON.stringify(runCollatorDecision(input, []).view.decision));
    }),
    { seed, numRuns: COLLATOR_RUNS },
  );
  return out;
}

describe('rule ablation: parachain-side (cumulus) rules', () => {
  test('every parachain rule is classified once: caught by named properties, or not observable (with why)', () => {
    for (const r of PARACHAIN_RULES) {
      const places = [r.id in CAUGHT_BY, r.id in NOT_OBSERVABLE].filter(Boolean).length;
      expect(places, `${r.id} (${r.fn})`).toBe(1);
    }
    expect([...Object.keys(CAUGHT_BY), ...Object.keys(NOT_OBSERVABLE)].sort()).toEqual(PARACHAIN_RULES.map((r) => r.id).sort());
  });

  test('every property named exists, and the first one for each rule lists that rule among those it guards', () => {
    const all = new Map([...PARACHAIN_INVARIANTS, ...PIPELINE_INVARIANTS].map((i) => [i.id, i] as const));
    for (const [id, props] of Object.entries(CAUGHT_BY)) {
      for (const p of props) expect(all.has(p), `${id}: ${p}`).toBe(true);
      expect(all.get(props[0]!)!.rules, `${id}: ${props[0]}`).toContain(id);
    }
    for (const inv of PARACHAIN_INVARIANTS) {
      expect(inv.statement.length, inv.id).toBeGreaterThan(20);
      expect(inv.id, inv.name).toMatch(/^P[RC]-\d\d$/);
      for (const id of inv.rules) expect(ruleIdsIn(id), `${inv.id}: ${id}`).toEqual([id]);
    }
    expect(new Set(PARACHAIN_INVARIANTS.map((i) => i.id)).size).toBe(PARACHAIN_INVARIANTS.length);
  });

  test('with every rule on, every property passes on the same runs (so a failure below is the ablation)', () => {
    const ids = [...runtimeIds, ...collatorIds, ...pipelineIds];
    for (const seed of SEEDS) expect(check(ids, seed).map((f) => `${f.message} [${f.report}]`), `seed ${seed}`).toEqual([]);
  });

  test('the generated runs reach the states the rules decide: every runtime rule but PS-03 refuses some block, the collator builds and declines', () => {
    const refusedBy = new Set<string>();
    fc.assert(
      fc.property(parachainRunArb(), (run) => {
        for (const s of runParachain(run, []).steps) if (s.rejection) refusedBy.add(s.rejection.rule);
      }),
      { seed: SEEDS[0]!, numRuns: RUNTIME_RUNS },
    );
    expect([...refusedBy].sort()).toEqual(['PS-01', 'PS-02', 'PS-04', 'PS-05', 'PS-06', 'PS-07', 'PS-08', 'PS-09', 'PS-10', 'PS-15']);
    const reasons = new Set<string>();
    fc.assert(
      fc.property(collatorInputArb, (input) => {
        const d = runCollatorDecision(input, []).view.decision;
        reasons.add(d.build ? 'built' : d.reason);
      }),
      { seed: SEEDS[0]!, numRuns: COLLATOR_RUNS },
    );
    expect([...reasons].sort()).toEqual(['CannotBuild', 'NoParent', 'built']);
  });

  for (const [id, reason] of Object.entries(NOT_OBSERVABLE))
    test(`switching off ${id} changes no verdict and no decision on the same runs (${reason.slice(0, 60)}…)`, () => {
      for (const seed of SEEDS) expect(withRulesOff([id], () => verdicts(seed))).toEqual(verdicts(seed));
    });

  for (const rule of PARACHAIN_RULES.filter((r) => r.id in CAUGHT_BY))
    test(`switching off ${rule.id} (${rule.fn}) is caught by ${CAUGHT_BY[rule.id]!.join(' or ')}`, () => {
      const expected = CAUGHT_BY[rule.id]!;
      for (const seed of SEEDS) {
        const failures = withRulesOff([rule.id], () => check(expected, seed));
        expect(failures.length, `${rule.id} off, seed ${seed}: no property failed`).toBeGreaterThan(0);
        for (const f of failures) expect(expected, `${rule.id} off: ${f.message} [${f.report}]`).toContain(f.property);
      }
    });
});
