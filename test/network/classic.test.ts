/**
 * The classic node bound (before polkadot-sdk PR #7254): a best chain holds at most
 * max_candidate_depth + 1 candidates, pending ones included. Under it, (0, 0) is synchronous backing
 * on the node side too: nothing is pipelined (N-07). At stable2506 the bound comes from the claim
 * queue instead, and the same (0, 0) parameters do pipeline (witness WN-05 in the sync suite).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { presetParams, type ModelParams } from '../../spec/params.ts';
import { runNetwork } from '../../properties/network/harness.ts';
import { NODE_INVARIANTS, NODE_WITNESSES } from '../../properties/network/invariants.ts';
import { netScheduleArb } from '../../properties/network/schedule.ts';
import { PINNED_SEEDS } from '../support/seeds.ts';
import { runs } from '../support/runs.ts';

const CLASSIC_SCHEDULES = runs(100);

const classic = (name: string): ModelParams => ({ ...presetParams(name), name: `${name}-classic`, nodeChainBound: 'max-candidate-depth' });

describe('network with the classic max_candidate_depth bound', () => {
  for (const name of ['sync', 'polkadot']) {
    const params = classic(name);
    test(`${name}: every node invariant holds (N-01 as depth + 1; N-07 synchronous cadence under (0, 0))`, () => {
      let backed = 0;
      fc.assert(
        fc.property(netScheduleArb(params, 30), (schedule) => {
          const r = runNetwork(params, schedule, { nodeInvariants: NODE_INVARIANTS });
          backed += r.steps.reduce((n, s) => n + s.relay.node.outcome.verdicts.filter((v) => v.accepted).length, 0);
          if (r.violation) throw new Error(`${r.violation.property} ${r.violation.name}: ${r.violation.message}`);
        }),
        { seed: PINNED_SEEDS[0]!, numRuns: CLASSIC_SCHEDULES },
      );
      expect(backed).toBeGreaterThan(CLASSIC_SCHEDULES);
    });
  }

  test('polkadot: the best chain does reach max_candidate_depth + 1 (witness WN-01)', () => {
    const params = classic('polkadot');
    const w = NODE_WITNESSES.find((x) => x.id === 'WN-01')!;
    let found: unknown = null;
    try {
      fc.assert(
        fc.property(netScheduleArb(params, 30), (s) => {
          const hit = runNetwork(params, s, { relayInvariants: [], witnesses: [w] }).witnessed.get('WN-01');
          if (hit) throw new Error(hit.message);
        }),
        { seed: PINNED_SEEDS[0]!, numRuns: 300, endOnFailure: true },
      );
    } catch (e) {
      found = (e as Error).cause ?? e;
    }
    // fast-check 4 keeps the property's own error as the cause of its report.
    expect(String(found)).toMatch(/full best chain \(4\)/);
  });
});
