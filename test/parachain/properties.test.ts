/**
 * Properties of the parachain runtime model under random sequences of build/include events:
 * - the unincluded segment never exceeds the consensus hook's capacity (PS-07);
 * - the aggregate bandwidth always equals the sum over the segment, within the relay limits
 *   (PS-01, PS-02, PS-12);
 * and, so the generators are known to reach the interesting states, a witness that must fail
 * ("the segment never fills up") and an ablation that must fail (PS-07 off breaks the bound).
 * Seeds are pinned; a failure prints its seed and path.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { withRulesOff } from '../../spec/ablation.ts';
import { effectiveVelocity } from '../../spec/parachain/consensusHook.ts';
import {
  executeParachainBlock,
  GENESIS_PARACHAIN_RUNTIME_STATE,
  type ParachainRuntimeConfig,
  type ParachainRuntimeState,
} from '../../spec/parachain/runtime.ts';
import { channelIds, outboundLimitsFromRelayState, sumSegmentBandwidth, type MessagingStateSnapshot, type UsedBandwidth } from '../../spec/parachain/unincludedSegment.ts';
import { runs } from '../support/runs.ts';

const messagingState: MessagingStateSnapshot = {
  relayDispatchQueueRemainingCapacity: { remainingCount: 6, remainingSize: 60 },
  egressChannels: [
    { recipient: 1, maxCapacity: 4, maxTotalSize: 40, msgCount: 0, totalSize: 0 },
    { recipient: 2, maxCapacity: 3, maxTotalSize: 30, msgCount: 1, totalSize: 5 },
  ],
};
const relayLimits = outboundLimitsFromRelayState(messagingState);

interface BuildEvent {
  readonly relayAdvance: number;
  readonly includeAdvance: number;
  readonly ump: readonly number[];
  readonly hrmp: readonly { recipient: number; bytes: number }[];
  readonly watermarkBehind: number;
  readonly goAhead: boolean;
}

const buildEvent: fc.Arbitrary<BuildEvent> = fc.record({
  relayAdvance: fc.integer({ min: 0, max: 2 }),
  includeAdvance: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 })),
  ump: fc.array(fc.integer({ min: 0, max: 15 }), { maxLength: 3 }),
  hrmp: fc.uniqueArray(fc.record({ recipient: fc.constantFrom(1, 2), bytes: fc.integer({ min: 0, max: 12 }) }), { selector: (m) => m.recipient, maxLength: 2 }),
  watermarkBehind: fc.integer({ min: 0, max: 2 }),
  goAhead: fc.boolean(),
});

const hookParams = fc.record({ capacity: fc.integer({ min: 0, max: 4 }), velocity: fc.integer({ min: 0, max: 3 }) });

/** Observations after every accepted block. */
interface Step {
  readonly state: ParachainRuntimeState;
  readonly accepted: boolean;
}

/** Runs the events against one linear parachain; block n has hash `h{n}`, genesis `h0`. */
function run(params: { capacity: number; velocity: number }, events: readonly BuildEvent[], onStep: (s: Step) => void): void {
  const config: ParachainRuntimeConfig = {
    relayNumberCheck: 'RelayNumberMonotonicallyIncreases',
    consensusHook: { kind: 'FixedVelocity', params: { relayChainSlotDurationMs: 6000, paraSlotDurationMs: 6000, ...params } },
  };
  let state = GENESIS_PARACHAIN_RUNTIME_STATE;
  let tip = 0;
  let included = 0;
  let relay = 1;
  for (const e of events) {
    relay += e.relayAdvance;
    included = Math.min(tip, included + e.includeAdvance);
    const r = executeParachainBlock(config, state, {
      parentHash: `h${tip}`,
      relayParentNumber: relay,
      relaySlot: relay,
      paraSlot: relay,
      includedHeadInProof: `h${included}`,
      messagingState,
      outputs: {
        upwardMessageSizes: e.ump,
        horizontalMessages: e.hrmp,
        hrmpWatermark: Math.max(relay - e.watermarkBehind, 0),
        upgradeGoAhead: e.goAhead ? 'GoAhead' : null,
      },
    });
    if (r.ok) {
      state = r.value;
      tip += 1;
    }
    onStep({ state, accepted: r.ok });
  }
}

const normalized = (u: UsedBandwidth) => ({
  umpMsgCount: u.umpMsgCount,
  umpTotalBytes: u.umpTotalBytes,
  hrmp: channelIds(u.hrmpOutgoing)
    .map((id) => [id, u.hrmpOutgoing[id]] as const)
    .filter(([, c]) => c !== undefined && (c.msgCount !== 0 || c.totalBytes !== 0)),
});

const events = fc.array(buildEvent, { minLength: 1, maxLength: 40 });

/** A must-fail property: it failed, for the expected reason (the counterexample is shrunk and kept). */
function expectFailureWith<Ts>(details: fc.RunDetails<Ts>, reason: RegExp): void {
  expect(details.failed).toBe(true);
  expect(details.counterexample).not.toBeNull();
  expect(String((details.errorInstance as Error | null)?.message ?? details.errorInstance)).toMatch(reason);
}

describe('parachain runtime properties', () => {
  test('the unincluded segment never exceeds the capacity, whatever blocks and inclusions are accepted', () => {
    fc.assert(
      fc.property(hookParams, events, (params, evs) => {
        run(params, evs, ({ state }) => {
          expect(state.system.unincludedSegment.length).toBeLessThanOrEqual(Math.max(params.capacity, 1));
        });
      }),
      { seed: 20250601, numRuns: runs(300) },
    );
  });

  test('the aggregate bandwidth equals the sum over the segment and stays within the relay limits', () => {
    fc.assert(
      fc.property(hookParams, events, (params, evs) => {
        run(params, evs, ({ state }) => {
          const agg = state.system.aggregatedUnincludedSegment;
          const sum = sumSegmentBandwidth(state.system.unincludedSegment);
          expect(normalized(agg?.usedBandwidth ?? sum)).toEqual(normalized(sum));
          expect(sum.umpMsgCount).toBeLessThanOrEqual(relayLimits.umpMessagesRemaining);
          expect(sum.umpTotalBytes).toBeLessThanOrEqual(relayLimits.umpBytesRemaining);
          for (const id of channelIds(sum.hrmpOutgoing)) {
            const used = sum.hrmpOutgoing[id];
            const limit = relayLimits.hrmpOutgoing[id];
            expect(used && limit && used.msgCount <= limit.messagesRemaining && used.totalBytes <= limit.bytesRemaining).toBe(true);
          }
          // At most one block of the segment carries the go-ahead signal, and the aggregate knows it.
          const withSignal = state.system.unincludedSegment.filter((a) => a.consumedGoAheadSignal !== null);
          expect(withSignal.length).toBeLessThanOrEqual(1);
          expect(agg?.consumedGoAheadSignal ?? null).toBe(withSignal[0]?.consumedGoAheadSignal ?? null);
        });
      }),
      { seed: 20250602, numRuns: runs(300) },
    );
  });

  test('blocks per relay slot never exceed V + 1 (the velocity counter matches the accepted blocks)', () => {
    fc.assert(
      fc.property(hookParams, events, (params, evs) => {
        run(params, evs, ({ state }) => {
          const info = state.relaySlotInfo;
          if (info !== null) expect(info.authored).toBeLessThanOrEqual(effectiveVelocity(params.velocity) + 1);
        });
      }),
      { seed: 20250603, numRuns: runs(200) },
    );
  });

  test('witness (must fail): "the segment never fills up to a capacity of 3" has counterexamples', () => {
    const details = fc.check(
      fc.property(events, (evs) => {
        run({ capacity: 3, velocity: 1 }, evs, ({ state }) => {
          if (state.system.unincludedSegment.length >= 3) throw new Error('segment full');
        });
      }),
      { seed: 20250604, numRuns: runs(300) },
    );
    expectFailureWith(details, /segment full/);
  });

  test('ablation (must fail): with PS-07 off the segment outgrows its capacity', () => {
    const details = withRulesOff(['PS-07'], () =>
      fc.check(
        fc.property(events, (evs) => {
          run({ capacity: 1, velocity: 3 }, evs, ({ state }) => {
            if (state.system.unincludedSegment.length > 1) throw new Error('capacity exceeded');
          });
        }),
        { seed: 20250605, numRuns: runs(300) },
      ),
    );
    expectFailureWith(details, /capacity exceeded/);
  });

  test('ablation (must fail): with PS-02 off the segment overruns the UMP queue', () => {
    const details = withRulesOff(['PS-02'], () =>
      fc.check(
        fc.property(events, (evs) => {
          run({ capacity: 4, velocity: 3 }, evs, ({ state }) => {
            if (sumSegmentBandwidth(state.system.unincludedSegment).umpMsgCount > relayLimits.umpMessagesRemaining) throw new Error('UMP overrun');
          });
        }),
        { seed: 20250606, numRuns: runs(300) },
      ),
    );
    expectFailureWith(details, /UMP overrun/);
  });
});
