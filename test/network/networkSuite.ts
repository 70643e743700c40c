/**
 * The network (part 2) as vitest properties: relay chain plus prospective parachains, with the honest
 * provisioner as block author. After every relay block: every node invariant (N-01 best chain
 * bounded, N-02 a chain in scope, N-03 node–runtime agreement, N-08 the view, N-09 offers at active
 * leaves, N-10 the seconding limit) and every relay invariant; every node
 * witness must be found. Confluence (collations introduced in any order give the same best chains)
 * is N-05, checked in every block by replaying the block's collations and votes in reverse.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { presetParams } from '../../spec/params.ts';
import { runNetwork } from '../../properties/network/harness.ts';
import { NODE_INVARIANTS, NODE_WITNESSES } from '../../properties/network/invariants.ts';
import { netScheduleArb } from '../../properties/network/schedule.ts';
import { formatTrace } from '../../properties/format.ts';
import { SEEDS } from '../support/seeds.ts';
import { runs } from '../support/runs.ts';

/** 250 per preset in `npm test`; `npm run test:long` and `verify` run 1,000. */
export const NETWORK_SCHEDULES = runs(250);
export const NETWORK_BLOCKS = 30;

export function defineNetworkSuite(preset: string): void {
  const params = presetParams(preset);
  describe(`network, ${preset} preset`, () => {
    for (const seed of SEEDS) {
      test(`node invariants (N-01…N-10: bound, chain in scope, node–runtime agreement, confluence, storage, the view, offers at leaves, seconding limit) and relay invariants hold after every block of ${NETWORK_SCHEDULES} schedules (seed ${seed})`, () => {
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

    }
  });
}
