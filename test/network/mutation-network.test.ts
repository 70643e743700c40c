/**
 * Short network and pipeline runs for mutation testing (`npm run mutate` runs them per mutant): the
 * node invariants (N-01…) and relay invariants after every block, and the pipeline invariants after
 * every slot, on a few schedules per preset. The long suites (test/network, test/pipeline) check the
 * same on 1,000 and 60 schedules; these are sized so that a mutant of a node rule or of a machine's
 * wiring is caught by the property that guards it. Plain `test()` + `fc.assert`.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { presetParams } from '../../spec/params.ts';
import { runNetwork } from '../../properties/network/harness.ts';
import { NODE_INVARIANTS, NODE_WITNESSES } from '../../properties/network/invariants.ts';
import { netScheduleArb } from '../../properties/network/schedule.ts';
import { pipelineScheduleArb, runPipeline } from '../../properties/pipeline/harness.ts';
import { PIPELINE_INVARIANTS } from '../../properties/pipeline/invariants.ts';
import { PINNED_SEEDS } from '../support/seeds.ts';

const seed = PINNED_SEEDS[0]!;

describe('network invariants on short runs', () => {
  for (const preset of ['sync', 'polkadot', 'elastic', 'small'])
    test(`${preset}: node and relay invariants hold after every block of 5 schedules of 16 blocks, and the node offers candidates`, () => {
      const params = presetParams(preset);
      let offered = 0;
      fc.assert(
        fc.property(netScheduleArb(params, 16), (schedule) => {
          const r = runNetwork(params, schedule, { nodeInvariants: NODE_INVARIANTS });
          for (const s of r.steps) offered += Object.values(s.authored.offered).flat().length;
          if (r.violation) throw new Error(`${r.violation.property} ${r.violation.name} at #${r.violation.blockNumber}: ${r.violation.message}`);
        }),
        { seed, numRuns: 5 },
      );
      expect(offered).toBeGreaterThan(5);
    });

  test('classic bound (max-candidate-depth): node and relay invariants hold on 5 schedules', () => {
    const params = { ...presetParams('polkadot'), name: 'polkadot-classic', nodeChainBound: 'max-candidate-depth' as const };
    fc.assert(
      fc.property(netScheduleArb(params, 16), (schedule) => {
        const r = runNetwork(params, schedule, { nodeInvariants: NODE_INVARIANTS });
        if (r.violation) throw new Error(`${r.violation.property}: ${r.violation.message}`);
      }),
      { seed, numRuns: 5 },
    );
  });
});

describe('node witnesses on short runs', () => {
  const params = presetParams('polkadot');
  // WN-03 (a backed candidate loses its place to a better fork) and WN-07 (two candidates with the
  // same head) are rare: the full suite finds them in 1,000 schedules, 30 short ones do not; they
  // are left to test/network.
  for (const w of NODE_WITNESSES.filter((x) => x.applies(params) && x.id !== 'WN-03' && x.id !== 'WN-07'))
    test(`polkadot: node witness ${w.id} is found within 30 schedules ("${w.statement}")`, () => {
      const found = fc.sample(netScheduleArb(params, 20), { seed, numRuns: 30 }).some((s) => runNetwork(params, s, { relayInvariants: [], witnesses: [w] }).witnessed.size > 0);
      expect(found, `${w.id} not reached`).toBe(true);
    });
});

describe('pipeline invariants on short runs', () => {
  for (const preset of ['sync', 'polkadot', 'elastic'])
    test(`${preset}: pipeline, node and relay invariants hold after every slot of 3 schedules of 14 slots, and collators build`, () => {
      const params = presetParams(preset);
      let built = 0;
      fc.assert(
        fc.property(pipelineScheduleArb(params, 14), (schedule) => {
          const r = runPipeline(params, schedule, { nodeInvariants: NODE_INVARIANTS, invariants: PIPELINE_INVARIANTS });
          built += r.steps.reduce((n, s) => n + Object.values(s.collatorsAfter).reduce((m, c) => m + c.context.lastBuilt.length, 0), 0);
          if (r.violation) throw new Error(`${r.violation.property} ${r.violation.name}: ${r.violation.message}`);
        }),
        { seed, numRuns: 3 },
      );
      expect(built).toBeGreaterThan(3 * 5);
    });
});
