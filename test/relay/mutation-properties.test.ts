/**
 * Short property runs for mutation testing (`npm run mutate` runs them per mutant; `npm test` too):
 * the relay invariants after every block, the witnesses that must fail, and the re-proposal bound,
 * on a handful of schedules per preset and mix. The long suites (test/properties) check the same
 * with 1,000 schedules; these are sized to take well under a second each, so that a mutant of a rule
 * is caught by the property that guards it rather than only by a unit test. Plain `test()` bodies
 * calling `fc.assert` (Stryker's vitest runner does not see `test.prop`).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { presetParams, validateParams } from '../../spec/params.ts';
import { runSchedule } from '../../properties/harness.ts';
import { RELAY_INVARIANTS } from '../../properties/invariants.ts';
import { checkReproposal, reproposalBound } from '../../properties/liveness.ts';
import { livenessScheduleArb, scheduleArb, type Mix } from '../../properties/schedule.ts';
import { WITNESSES } from '../../properties/witnesses.ts';
import { PINNED_SEEDS } from '../support/seeds.ts';

const seed = PINNED_SEEDS[0]!;
const MIXES: readonly Mix[] = ['honest', 'faulty', 'adversarial', 'outage'];

/** A run that violates an invariant fails with the property, the block and the message. */
function assertInvariants(preset: string, mix: Mix, numRuns: number, blocks: number): number {
  const params = presetParams(preset);
  let checked = 0;
  fc.assert(
    fc.property(scheduleArb(params, { blocks }, [mix]), (schedule) => {
      const r = runSchedule(params, schedule, { invariants: RELAY_INVARIANTS });
      checked += r.steps.length;
      if (r.violation) throw new Error(`${r.violation.property} ${r.violation.name} at #${r.violation.blockNumber}: ${r.violation.message}`);
    }),
    { seed, numRuns },
  );
  return checked;
}

describe('relay invariants on short runs', () => {
  for (const preset of ['sync', 'polkadot', 'elastic', 'small', 'tiny'])
    for (const mix of MIXES)
      test(`${preset}, ${mix}: every invariant holds after every block of 4 schedules of 20 blocks`, () => {
        expect(assertInvariants(preset, mix, 4, 20)).toBe(4 * 20);
      });
});

describe('witnesses on short runs', () => {
  // The witnesses each preset reaches within 30 schedules of 30 blocks (the full suite uses 1,000 × 50).
  for (const preset of ['polkadot', 'elastic', 'small']) {
    const params = presetParams(preset);
    for (const w of WITNESSES.filter((x) => x.applies(params)))
      test(`${preset}: witness ${w.id} is found ("${w.statement}")`, () => {
        let found = false;
        for (const schedule of fc.sample(scheduleArb(params, { blocks: 30 }), { seed, numRuns: 30 })) {
          if (runSchedule(params, schedule, { invariants: [], witnesses: [w] }).witnessed.size > 0) {
            found = true;
            break;
          }
        }
        expect(found, `${w.id} ${w.name} not reached in 30 schedules`).toBe(true);
      });
  }
});

describe('re-proposal (L-01) on short runs', () => {
  for (const preset of ['polkadot', 'small']) {
    const params = presetParams(preset);
    const bound = reproposalBound(params);
    const horizon = params.scheduler.groupRotationFrequency + 2 * params.scheduler.parasAvailabilityPeriod + 8;
    test(`${preset}: after a timeout the head moves within ${bound} fair blocks, and some schedule exercises it`, () => {
      let exercised = 0;
      fc.assert(
        fc.property(livenessScheduleArb(params, horizon), (schedule) => {
          const r = runSchedule(params, schedule, { invariants: RELAY_INVARIANTS });
          if (r.violation) throw new Error(`${r.violation.property}: ${r.violation.message}`);
          const l = checkReproposal(r.steps, bound);
          exercised += l.exercised;
          if (l.violation) throw new Error(l.violation.message);
        }),
        { seed, numRuns: 6 },
      );
      expect(exercised).toBeGreaterThan(0);
    });
  }
});

describe('identical re-proposal (a parameter set built for it)', () => {
  // scheduling_lookahead >= paras_availability_period + 2: the timed-out candidate's relay parent is
  // still allowed, so the honest collator may propose exactly the same candidate again.
  const base = presetParams('polkadot');
  const params = validateParams({
    ...base,
    name: 'polkadot-reproposal',
    asyncBacking: { ...base.asyncBacking, allowedAncestryLen: 4 },
    scheduler: { ...base.scheduler, schedulingLookahead: 5, parasAvailabilityPeriod: 1, groupRotationFrequency: 2 },
  });
  test('a timed-out candidate backed again goes back to pending availability, with every invariant holding', () => {
    let reproposed = 0;
    fc.assert(
      fc.property(scheduleArb(params, { blocks: 30 }, ['outage']), (schedule) => {
        const r = runSchedule(params, schedule, { invariants: RELAY_INVARIANTS });
        if (r.violation) throw new Error(`${r.violation.property}: ${r.violation.message}`);
        for (const s of r.steps)
          for (const v of s.node.outcome.verdicts)
            if (v.accepted && (s.node.candidates[v.hash]?.context.timesBacked ?? 0) > 1) {
              reproposed++;
              expect(s.node.candidates[v.hash]!.value).toBe('pendingAvailability');
            }
      }),
      { seed, numRuns: 12 },
    );
    expect(reproposed).toBeGreaterThan(0);
  });
});
