/**
 * The network (part 2) as vitest properties: relay chain plus prospective parachains, with the honest
 * provisioner as block author. After every relay block: every node invariant (N-01 best chain
 * bounded, N-02 a chain in scope, N-03 node–runtime agreement) and every relay invariant; every node
 * witness must be found; collations introduced in any order give the same best chains.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { presetParams } from '../../spec/params.ts';
import { runNetwork } from '../../properties/network/harness.ts';
import { NODE_INVARIANTS, NODE_WITNESSES } from '../../properties/network/invariants.ts';
import { collationEvents, netScheduleArb } from '../../properties/network/schedule.ts';
import { stepNetwork, type NetworkEvent } from '../../machines/network.ts';
import { bestChainVec } from '../../spec/node/fragmentChain.ts';
import { formatTrace } from '../../properties/format.ts';
import { SEEDS } from '../support/seeds.ts';

export const NETWORK_SCHEDULES = 1000;
export const NETWORK_BLOCKS = 30;

export function defineNetworkSuite(preset: string): void {
  const params = presetParams(preset);
  describe(`network, ${preset} preset`, () => {
    for (const seed of SEEDS) {
      test(`node invariants, node–runtime agreement and relay invariants hold after every block of ${NETWORK_SCHEDULES} schedules (seed ${seed})`, () => {
        let offered = 0;
        fc.assert(
          fc.property(netScheduleArb(params, NETWORK_BLOCKS), (schedule) => {
            const r = runNetwork(params, schedule, { nodeInvariants: NODE_INVARIANTS });
            for (const s of r.steps) offered += Object.values(s.authored.offered).flat().length;
            if (r.violation) throw new Error(`${r.violation.property} ${r.violation.name}: ${r.violation.message}\n${formatTrace(r.steps.map((x) => x.relay), r.violation, 6)}`);
          }),
          { seed, numRuns: NETWORK_SCHEDULES },
        );
        // Not vacuous: the node offered candidates the runtime then judged.
        expect(offered).toBeGreaterThan(NETWORK_SCHEDULES);
      });

      for (const w of NODE_WITNESSES.filter((x) => x.applies(params)))
        test(`node witness ${w.id} fails as it must: "${w.statement}" (seed ${seed})`, () => {
          expect(() =>
            fc.assert(
              fc.property(netScheduleArb(params, NETWORK_BLOCKS), (schedule) => runNetwork(params, schedule, { relayInvariants: [], witnesses: [w] }).witnessed.size === 0),
              { seed, numRuns: NETWORK_SCHEDULES, endOnFailure: true },
            ),
          ).toThrow(/Property failed/);
        });

      test(`confluence: the collations of a block, introduced in reverse order, give the same best chains at every leaf (seed ${seed})`, () => {
        let compared = 0;
        fc.assert(
          fc.property(netScheduleArb(params, 15), (schedule) => {
            const run = runNetwork(params, schedule, { relayInvariants: [], nodeInvariants: [] });
            for (const [i, step] of run.steps.entries()) {
              const before = { value: 'running', context: step.before };
              const choice = schedule.blocks[i]!;
              // The collations this block introduced, replayed forward and backward from the same state.
              const tip = step.before.relay.leaves.includes(step.relay.parent.hash) ? step.relay.parent.hash : null;
              if (!tip) continue;
              let s = before;
              const events: NetworkEvent[] = [];
              for (const [pi, pc] of choice.paras.entries())
                for (const col of pc.collations)
                  for (const e of collationEvents(s.context, tip, pi, col)) {
                    events.push(e);
                    s = stepNetwork(s, e);
                  }
              const collations = events.filter((e) => e.type === 'COLLATION');
              const votes = events.filter((e) => e.type === 'BACKING_VOTES');
              let r = before;
              for (const e of [...collations].reverse()) r = stepNetwork(r, e);
              for (const e of [...votes].reverse()) r = stepNetwork(r, e);
              for (const [leaf, perPara] of Object.entries(s.context.chains))
                for (const [para, m] of Object.entries(perPara)) {
                  expect(bestChainVec(r.context.chains[leaf]![Number(para)]!.context.chain), `leaf ${leaf} para ${para}`).toEqual(bestChainVec(m.context.chain));
                  compared++;
                }
            }
          }),
          { seed, numRuns: 150 },
        );
        expect(compared).toBeGreaterThan(0);
      });
    }
  });
}
