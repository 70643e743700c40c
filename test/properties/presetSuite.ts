/**
 * The property suite of one preset as vitest tests, written as plain `test()` bodies calling
 * `fc.assert(fc.property(...))` (so mutation testing sees them): every invariant after every block
 * of 1,000 schedules of 50 relay blocks; every witness must be found; the re-proposal bound holds
 * and is tight.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { presetParams } from '../../spec/params.ts';
import { runSchedule } from '../../properties/harness.ts';
import { RELAY_INVARIANTS } from '../../properties/invariants.ts';
import { checkReproposal, reproposalBound } from '../../properties/liveness.ts';
import { formatTrace } from '../../properties/format.ts';
import { livenessScheduleArb, scheduleArb } from '../../properties/schedule.ts';
import { WITNESSES } from '../../properties/witnesses.ts';
import { SEEDS } from '../support/seeds.ts';
import { runs } from '../support/runs.ts';

export const SCHEDULES = runs(1000);
export const BLOCKS = 50;

export function definePresetSuite(preset: string): void {
  const params = presetParams(preset);
  describe(`${preset} preset`, () => {
    for (const seed of SEEDS) {
      test(`every invariant holds after every block of ${SCHEDULES} schedules of ${BLOCKS} relay blocks (seed ${seed})`, () => {
        let blocks = 0;
        fc.assert(
          fc.property(scheduleArb(params, { blocks: BLOCKS }), (schedule) => {
            const r = runSchedule(params, schedule, { invariants: RELAY_INVARIANTS });
            blocks += r.steps.length;
            if (r.violation) throw new Error(`${r.violation.property} ${r.violation.name}: ${r.violation.message}\n${formatTrace(r.steps, r.violation, 6)}`);
          }),
          { seed, numRuns: SCHEDULES },
        );
        expect(blocks).toBeGreaterThanOrEqual(SCHEDULES * BLOCKS);
      });

      for (const w of WITNESSES.filter((x) => x.applies(params)))
        test(`witness ${w.id} fails as it must: "${w.statement}" (seed ${seed})`, () => {
          expect(() =>
            fc.assert(
              fc.property(scheduleArb(params, { blocks: BLOCKS }), (schedule) => runSchedule(params, schedule, { invariants: [], witnesses: [w] }).witnessed.size === 0),
              { seed, numRuns: SCHEDULES, endOnFailure: true },
            ),
          ).toThrow(/Property failed/);
        });

      const bound = reproposalBound(params);
      const horizon = Math.max(BLOCKS, params.scheduler.groupRotationFrequency + 2 * params.scheduler.parasAvailabilityPeriod + 8);
      test(`L-01: after a timeout the head moves within ${bound} fair blocks, and the property is exercised (seed ${seed})`, () => {
        let exercised = 0;
        fc.assert(
          fc.property(livenessScheduleArb(params, horizon), (schedule) => {
            const r = runSchedule(params, schedule, { invariants: RELAY_INVARIANTS });
            if (r.violation) throw new Error(`${r.violation.property}: ${r.violation.message}`);
            const l = checkReproposal(r.steps, bound);
            exercised += l.exercised;
            if (l.violation) throw new Error(l.violation.message);
          }),
          { seed, numRuns: runs(250) },
        );
        expect(exercised).toBeGreaterThan(0);
      });

      test(`L-01 is tight: with ${bound - 1} fair blocks some schedule leaves the head where it was (seed ${seed})`, () => {
        expect(() =>
          fc.assert(
            fc.property(livenessScheduleArb(params, horizon), (schedule) => checkReproposal(runSchedule(params, schedule, { invariants: [] }).steps, bound - 1).violation === null),
            { seed, numRuns: runs(250), endOnFailure: true },
          ),
        ).toThrow(/Property failed/);
      });
    }
  });
}
