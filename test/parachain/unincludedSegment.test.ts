/**
 * Unit tests for `spec/parachain/unincludedSegment.ts`, reproducing the boundary cases of the
 * `tests` module of `cumulus/pallets/parachain-system/src/unincluded_segment.rs` (test names cited)
 * and of the lifecycle in `lib.rs`.
 */
import { describe, expect, test } from 'vitest';
import { withRulesOff } from '../../spec/ablation.ts';
import { expectParentIncluded, fixedCapacityUnincludedSegment } from '../../spec/parachain/consensusHook.ts';
import {
  adjustEgressBandwidthLimits,
  appendHrmpChannelUpdate,
  appendToSegmentTracker,
  appendUsedBandwidth,
  checkAssociatedRelayNumber,
  EMPTY_SEGMENT_TRACKER,
  EMPTY_USED_BANDWIDTH,
  GENESIS_PARACHAIN_SYSTEM_STATE,
  PANIC_ERRORS,
  hrmpWatermarkUpdate,
  isHrmpChannelUpdateEmpty,
  maybeDropIncludedAncestors,
  onFinalize,
  onInitialize,
  outboundLimitsFromRelayState,
  resolveIncludedHead,
  sizeAfterIncluded,
  subtractFromSegmentTracker,
  type HrmpChannelUpdate,
  type HrmpWatermarkUpdate,
  type ParachainSystemState,
  type SegmentTracker,
} from '../../spec/parachain/unincludedSegment.ts';
import { availableBandwidth } from '../../spec/parachain/runtime.ts';
import { ancestor, limits, rejected, usedHrmp, usedUmp, value } from './helpers.ts';

const U32_MAX = 4_294_967_295;
const trunk = (w: number): HrmpWatermarkUpdate => ({ kind: 'Trunk', watermark: w });
const head = (w: number): HrmpWatermarkUpdate => ({ kind: 'Head', watermark: w });

describe('outbound bandwidth limits (OutboundBandwidthLimits)', () => {
  test('are the relay-reported remaining capacities (outbound_limits_constructed_correctly)', () => {
    const l = outboundLimitsFromRelayState({
      relayDispatchQueueRemainingCapacity: { remainingCount: 1, remainingSize: 50 },
      egressChannels: [
        { recipient: 0, maxCapacity: 7, msgCount: 5, maxTotalSize: 60, totalSize: 50 },
        { recipient: 1, maxCapacity: 50, msgCount: 40, maxTotalSize: 500, totalSize: 500 },
      ],
    });
    expect(l.umpMessagesRemaining).toBe(1);
    expect(l.umpBytesRemaining).toBe(50);
    expect(l.hrmpOutgoing[0]).toEqual({ bytesRemaining: 10, messagesRemaining: 2 });
    expect(l.hrmpOutgoing[1]).toEqual({ bytesRemaining: 0, messagesRemaining: 10 });
  });

  test('saturate at zero when a channel is over-full', () => {
    const l = outboundLimitsFromRelayState({
      relayDispatchQueueRemainingCapacity: { remainingCount: 0, remainingSize: 0 },
      egressChannels: [{ recipient: 3, maxCapacity: 2, msgCount: 5, maxTotalSize: 10, totalSize: 11 }],
    });
    expect(l.hrmpOutgoing[3]).toEqual({ bytesRemaining: 0, messagesRemaining: 0 });
  });

  test('left for a new block are the remaining ones minus the segment usage, saturating (adjust_egress_bandwidth_limits)', () => {
    const l = limits({ messages: 3, bytes: 30 }, { 1: { messagesRemaining: 2, bytesRemaining: 10 } });
    const adjusted = adjustEgressBandwidthLimits(l, {
      umpMsgCount: 5,
      umpTotalBytes: 10,
      hrmpOutgoing: { 1: { msgCount: 1, totalBytes: 25 }, 9: { msgCount: 1, totalBytes: 1 } },
    });
    expect(adjusted.umpMessagesRemaining).toBe(0);
    expect(adjusted.umpBytesRemaining).toBe(20);
    expect(adjusted.hrmpOutgoing[1]).toEqual({ messagesRemaining: 1, bytesRemaining: 0 });
    // A channel used by the segment but absent from the relay snapshot is closed: skipped.
    expect(adjusted.hrmpOutgoing[9]).toBeUndefined();
  });
});

describe('HRMP channel limits (PS-01, HrmpChannelUpdate::append)', () => {
  const l = limits({ messages: 0, bytes: 0 }, { 0: { bytesRemaining: U32_MAX, messagesRemaining: 5 }, 1: { bytesRemaining: U32_MAX, messagesRemaining: 3 } });

  test('accepts messages up to the remaining count and rejects one more (hrmp_msg_count_limits)', () => {
    let update: HrmpChannelUpdate = { msgCount: 0, totalBytes: 0 };
    expect(isHrmpChannelUpdateEmpty(update)).toBe(true);
    for (let i = 0; i < 5; i++) update = value(appendHrmpChannelUpdate(update, { msgCount: 1, totalBytes: 10 }, 0, l));
    const detail = rejected(appendHrmpChannelUpdate(update, { msgCount: 1, totalBytes: 10 }, 0, l), 'PS-01', 'HrmpMessagesOverflow');
    expect(detail).toBe('HrmpMessagesOverflow { recipient: 0, messages_remaining: 5, messages_submitted: 6 }');

    const two = value(appendHrmpChannelUpdate({ msgCount: 0, totalBytes: 0 }, { msgCount: 2, totalBytes: 10 }, 1, l));
    expect(rejected(appendHrmpChannelUpdate(two, { msgCount: 3, totalBytes: 10 }, 1, l), 'PS-01', 'HrmpMessagesOverflow')).toBe(
      'HrmpMessagesOverflow { recipient: 1, messages_remaining: 3, messages_submitted: 5 }',
    );
  });

  test('accepts bytes up to the remaining size and rejects one byte more (hrmp_bytes_limits)', () => {
    const lb = limits({ messages: 0, bytes: 0 }, { 0: { bytesRemaining: 25, messagesRemaining: U32_MAX } });
    let update: HrmpChannelUpdate = { msgCount: 0, totalBytes: 0 };
    for (let i = 0; i < 5; i++) update = value(appendHrmpChannelUpdate(update, { msgCount: 1, totalBytes: 4 }, 0, lb));
    // 20 + 5 = 25 = the limit: accepted; 20 + 6 = 26: rejected.
    expect(value(appendHrmpChannelUpdate(update, { msgCount: 1, totalBytes: 5 }, 0, lb)).totalBytes).toBe(25);
    expect(rejected(appendHrmpChannelUpdate(update, { msgCount: 1, totalBytes: 6 }, 0, lb), 'PS-01', 'HrmpBytesOverflow')).toBe(
      'HrmpBytesOverflow { recipient: 0, bytes_remaining: 25, bytes_submitted: 26 }',
    );
  });

  test('rejects a message to a channel absent from the limits (a panic in the source)', () => {
    rejected(appendHrmpChannelUpdate({ msgCount: 0, totalBytes: 0 }, { msgCount: 1, totalBytes: 1 }, 7, l), 'PS-01', 'HrmpChannelLimitMissing');
  });

  test('saturates totals at u32::MAX', () => {
    const big = limits({ messages: 0, bytes: 0 }, { 0: { bytesRemaining: U32_MAX, messagesRemaining: U32_MAX } });
    const u = value(appendHrmpChannelUpdate({ msgCount: U32_MAX, totalBytes: U32_MAX }, { msgCount: 1, totalBytes: 1 }, 0, big));
    expect(u).toEqual({ msgCount: U32_MAX, totalBytes: U32_MAX });
  });

  test('switched off, an overflowing channel is accepted', () => {
    const full = { msgCount: 5, totalBytes: 0 };
    withRulesOff(['PS-01'], () => expect(appendHrmpChannelUpdate(full, { msgCount: 1, totalBytes: 0 }, 0, l).ok).toBe(true));
  });
});

describe('UMP limits (PS-02, UsedBandwidth::append)', () => {
  test('checks UMP messages, then UMP bytes, across the segment (ump_limits_with_segment)', () => {
    const l = limits({ messages: 5, bytes: 50 });
    let seg: SegmentTracker = value(appendToSegmentTracker(EMPTY_SEGMENT_TRACKER, ancestor(usedUmp(1, 10)), trunk(0), l));
    for (let w = 1; w < 4; w++) seg = value(appendToSegmentTracker(seg, ancestor(usedUmp(1, 10)), trunk(w), l));
    expect(rejected(appendToSegmentTracker(seg, ancestor(usedUmp(1, 30)), trunk(4), l), 'PS-02', 'UmpBytesOverflow')).toBe(
      'UmpBytesOverflow { bytes_remaining: 50, bytes_submitted: 70 }',
    );
    seg = value(appendToSegmentTracker(seg, ancestor(usedUmp(1, 5)), trunk(4), l));
    expect(rejected(appendToSegmentTracker(seg, ancestor(usedUmp(1, 5)), trunk(5), l), 'PS-02', 'UmpMessagesOverflow')).toBe(
      'UmpMessagesOverflow { messages_remaining: 5, messages_submitted: 6 }',
    );
  });

  test('checks UMP before HRMP when both overflow', () => {
    const l = limits({ messages: 0, bytes: 0 }, { 1: { bytesRemaining: 0, messagesRemaining: 0 } });
    const both = { umpMsgCount: 1, umpTotalBytes: 1, hrmpOutgoing: { 1: { msgCount: 1, totalBytes: 1 } } };
    rejected(appendUsedBandwidth(EMPTY_USED_BANDWIDTH, both, l), 'PS-02', 'UmpMessagesOverflow');
    withRulesOff(['PS-02'], () => rejected(appendUsedBandwidth(EMPTY_USED_BANDWIDTH, both, l), 'PS-01', 'HrmpMessagesOverflow'));
  });

  test('accepts totals exactly at the remaining limits', () => {
    const l = limits({ messages: 2, bytes: 20 });
    expect(value(appendUsedBandwidth(usedUmp(1, 10), usedUmp(1, 10), l))).toEqual(usedUmp(2, 20));
  });
});

describe('HRMP limits across the segment (hrmp_limits_with_segment)', () => {
  test('a block that overflows fits again once the oldest ancestor leaves the segment', () => {
    const l = limits({ messages: 0, bytes: 0 }, { 0: { bytesRemaining: 30, messagesRemaining: 10 }, 1: { bytesRemaining: 20, messagesRemaining: 3 } });
    const a0 = ancestor(usedHrmp({ 0: { msgCount: 1, totalBytes: 6 } }));
    let seg = value(appendToSegmentTracker(EMPTY_SEGMENT_TRACKER, a0, trunk(0), l));
    for (let w = 1; w < 5; w++) seg = value(appendToSegmentTracker(seg, ancestor(usedHrmp({ 0: { msgCount: 1, totalBytes: 6 } })), trunk(w), l));
    const a5 = ancestor(usedHrmp({ 0: { msgCount: 1, totalBytes: 1 } }));
    expect(rejected(appendToSegmentTracker(seg, a5, trunk(5), l), 'PS-01', 'HrmpBytesOverflow')).toBe(
      'HrmpBytesOverflow { recipient: 0, bytes_remaining: 30, bytes_submitted: 31 }',
    );
    seg = value(subtractFromSegmentTracker(seg, a0));
    seg = value(appendToSegmentTracker(seg, a5, trunk(5), l));
    const p1 = ancestor(usedHrmp({ 1: { msgCount: 3, totalBytes: 10 } }));
    seg = value(appendToSegmentTracker(seg, p1, trunk(6), l));
    expect(rejected(appendToSegmentTracker(seg, p1, trunk(7), l), 'PS-01', 'HrmpMessagesOverflow')).toBe(
      'HrmpMessagesOverflow { recipient: 1, messages_remaining: 3, messages_submitted: 6 }',
    );
  });
});

describe('HRMP watermark in the segment (PS-04, segment_hrmp_watermark at stable2506)', () => {
  const l = limits({ messages: 0, bytes: 0 });
  const a = ancestor(EMPTY_USED_BANDWIDTH);

  test('accepts anything in an empty segment, and a trunk watermark equal to the latest', () => {
    let seg = value(appendToSegmentTracker(EMPTY_SEGMENT_TRACKER, a, head(0), l));
    // stable2506 (PR #8860): `Trunk(0)` after `Head(0)` is accepted; the older version rejected it.
    seg = value(appendToSegmentTracker(seg, a, trunk(0), l));
    for (let w = 1; w < 5; w++) seg = value(appendToSegmentTracker(seg, a, trunk(w), l));
    expect(seg.hrmpWatermark).toBe(4);
  });

  test('rejects a trunk watermark below the latest, keeps accepting the latest and higher', () => {
    let seg = value(appendToSegmentTracker(EMPTY_SEGMENT_TRACKER, a, trunk(4), l));
    for (let w = 0; w < 4; w++) {
      expect(rejected(appendToSegmentTracker(seg, a, trunk(w), l), 'PS-04', 'InvalidHrmpWatermark')).toBe(
        `InvalidHrmpWatermark { submitted: ${w}, latest: 4 }`,
      );
    }
    expect(appendToSegmentTracker(seg, a, trunk(4), l).ok).toBe(true);
    seg = value(appendToSegmentTracker(seg, a, trunk(5), l));
    // A head update is always valid, even below the latest.
    expect(value(appendToSegmentTracker(seg, a, head(4), l)).hrmpWatermark).toBe(4);
  });

  test('switched off, a watermark moving back is accepted', () => {
    const seg = value(appendToSegmentTracker(EMPTY_SEGMENT_TRACKER, a, trunk(4), l));
    withRulesOff(['PS-04'], () => expect(appendToSegmentTracker(seg, a, trunk(1), l).ok).toBe(true));
  });

  test('HrmpWatermarkUpdate::new clamps a watermark at or above the relay parent to Head(relay parent)', () => {
    expect(hrmpWatermarkUpdate(10, 10)).toEqual(head(10));
    expect(hrmpWatermarkUpdate(12, 10)).toEqual(head(10));
    expect(hrmpWatermarkUpdate(9, 10)).toEqual(trunk(9));
  });
});

describe('segment bookkeeping (PS-03, PS-12, SegmentTracker)', () => {
  const l = limits({ messages: 0, bytes: 0 }, { 0: { bytesRemaining: U32_MAX, messagesRemaining: U32_MAX }, 1: { bytesRemaining: U32_MAX, messagesRemaining: U32_MAX } });

  test('drops channels that became empty when ancestors leave (segment_drops_empty_hrmp_channels)', () => {
    const a0 = ancestor(usedHrmp({ 0: { msgCount: 1, totalBytes: 1 } }));
    const a1 = ancestor(usedHrmp({ 1: { msgCount: 3, totalBytes: 10 } }));
    let seg = value(appendToSegmentTracker(EMPTY_SEGMENT_TRACKER, a0, head(0), l));
    seg = value(appendToSegmentTracker(seg, a1, head(1), l));
    expect(Object.keys(seg.usedBandwidth.hrmpOutgoing)).toHaveLength(2);
    seg = value(subtractFromSegmentTracker(seg, a0));
    expect(Object.keys(seg.usedBandwidth.hrmpOutgoing)).toHaveLength(1);
    seg = value(subtractFromSegmentTracker(seg, a1));
    expect(Object.keys(seg.usedBandwidth.hrmpOutgoing)).toHaveLength(0);
  });

  test('admits only one go-ahead signal per segment, again once its block left (segment_go_ahead_signal_is_unique)', () => {
    const a0 = ancestor(EMPTY_USED_BANDWIDTH, null, 'GoAhead');
    const a1 = ancestor(EMPTY_USED_BANDWIDTH);
    const a2 = ancestor(EMPTY_USED_BANDWIDTH, null, 'Abort');
    let seg = value(appendToSegmentTracker(EMPTY_SEGMENT_TRACKER, a0, head(0), l));
    seg = value(appendToSegmentTracker(seg, a1, head(1), l));
    expect(rejected(appendToSegmentTracker(seg, a2, head(2), l), 'PS-03', 'UpgradeGoAheadAlreadyProcessed')).toBe('UpgradeGoAheadAlreadyProcessed');
    seg = value(subtractFromSegmentTracker(seg, a0));
    expect(seg.consumedGoAheadSignal).toBeNull();
    expect(value(appendToSegmentTracker(seg, a2, head(1), l)).consumedGoAheadSignal).toBe('Abort');
    withRulesOff(['PS-03'], () => {
      const s = value(appendToSegmentTracker(EMPTY_SEGMENT_TRACKER, a0, head(0), l));
      expect(appendToSegmentTracker(s, a2, head(1), l).ok).toBe(true);
    });
  });

  test('rejects removing a block whose go-ahead signal the aggregate does not hold (assert_eq! in subtract)', () => {
    const seg = value(appendToSegmentTracker(EMPTY_SEGMENT_TRACKER, ancestor(EMPTY_USED_BANDWIDTH, null, 'GoAhead'), head(0), l));
    expect(rejected(subtractFromSegmentTracker(seg, ancestor(EMPTY_USED_BANDWIDTH, null, 'Abort')), 'PS-12', 'GoAheadSignalMismatch')).toBe(
      `${PANIC_ERRORS.GoAheadSignalMismatch}: left: Some(GoAhead), right: Some(Abort)`,
    );
    // The aggregate holds no signal at all.
    expect(rejected(subtractFromSegmentTracker(EMPTY_SEGMENT_TRACKER, ancestor(EMPTY_USED_BANDWIDTH, null, 'Abort')), 'PS-12', 'GoAheadSignalMismatch')).toBe(
      `${PANIC_ERRORS.GoAheadSignalMismatch}: left: None, right: Some(Abort)`,
    );
    // Switched off, nothing leaves the aggregate (the comparison is part of the subtraction).
    withRulesOff(['PS-12'], () => expect(subtractFromSegmentTracker(seg, ancestor(EMPTY_USED_BANDWIDTH, null, 'Abort'))).toEqual({ ok: true, value: seg }));
  });

  test('does not revert the watermark when an ancestor leaves', () => {
    let seg = value(appendToSegmentTracker(EMPTY_SEGMENT_TRACKER, ancestor(EMPTY_USED_BANDWIDTH), trunk(3), l));
    seg = value(subtractFromSegmentTracker(seg, ancestor(EMPTY_USED_BANDWIDTH)));
    expect(seg.hrmpWatermark).toBe(3);
  });
});

describe('size_after_included', () => {
  test('counts the blocks after the included one, the whole segment if absent (size_after_included_works)', () => {
    const seg = ['a', 'b', 'c'].map((h) => ancestor(EMPTY_USED_BANDWIDTH, h));
    expect(sizeAfterIncluded('a', seg)).toBe(2);
    expect(sizeAfterIncluded('b', seg)).toBe(1);
    expect(sizeAfterIncluded('c', seg)).toBe(0);
    expect(sizeAfterIncluded('d', seg)).toBe(3);
    expect(sizeAfterIncluded('x', [])).toBe(0);
  });
});

describe('relay parent number between parachain blocks (PS-05, CheckAssociatedRelayNumber)', () => {
  test('monotonic: equal is allowed, lower rejected', () => {
    expect(checkAssociatedRelayNumber('RelayNumberMonotonicallyIncreases', 10, 10).ok).toBe(true);
    expect(checkAssociatedRelayNumber('RelayNumberMonotonicallyIncreases', 11, 10).ok).toBe(true);
    expect(rejected(checkAssociatedRelayNumber('RelayNumberMonotonicallyIncreases', 9, 10), 'PS-05', 'RelayNumberDecreased')).toBe(
      'Relay chain block number needs to monotonically increase between Parachain blocks!',
    );
  });

  test('strict: equal is rejected', () => {
    expect(checkAssociatedRelayNumber('RelayNumberStrictlyIncreases', 11, 10).ok).toBe(true);
    expect(rejected(checkAssociatedRelayNumber('RelayNumberStrictlyIncreases', 10, 10), 'PS-05', 'RelayNumberNotIncreased')).toBe(
      'Relay chain block number needs to strictly increase between Parachain blocks!',
    );
  });

  test('any: no check; switched off: no check', () => {
    expect(checkAssociatedRelayNumber('AnyRelayNumber', 0, 10).ok).toBe(true);
    withRulesOff(['PS-05'], () => expect(checkAssociatedRelayNumber('RelayNumberStrictlyIncreases', 1, 10).ok).toBe(true));
  });
});

describe('the included head (PS-06, maybe_drop_included_ancestors)', () => {
  const fixed = fixedCapacityUnincludedSegment(3);
  test('is read from the proof; a hook expecting the parent included requires it to be the parent', () => {
    expect(value(resolveIncludedHead('h5', fixed, 'h9'))).toBe('h5');
    expect(value(resolveIncludedHead('h9', expectParentIncluded(), 'h9'))).toBe('h9');
    expect(rejected(resolveIncludedHead('h5', expectParentIncluded(), 'h9'), 'PS-06', 'ParentNotIncluded')).toContain('expected parent to be included');
  });

  test('absent from the proof, is the parent if expected, else the block is rejected', () => {
    expect(value(resolveIncludedHead(null, expectParentIncluded(), 'h9'))).toBe('h9');
    expect(rejected(resolveIncludedHead(null, fixed, 'h9'), 'PS-06', 'IncludedHeadMissing')).toBe('included head not present in relay storage proof');
    withRulesOff(['PS-06'], () => expect(resolveIncludedHead(null, fixed, 'h9').ok).toBe(true));
  });
});

describe('dropping included ancestors and the capacity (PS-07)', () => {
  const l = limits({ messages: 10, bytes: 100 });
  function segmentOf(heads: string[]): ParachainSystemState {
    let agg = EMPTY_SEGMENT_TRACKER;
    const seg = heads.map((h) => ancestor(usedUmp(1, 1), h));
    for (const a of seg) agg = value(appendToSegmentTracker(agg, a, head(0), l));
    return { unincludedSegment: seg, aggregatedUnincludedSegment: agg, lastRelayChainBlockNumber: 0 };
  }

  test('drops up to and including the included block and subtracts it from the aggregate', () => {
    const s = value(maybeDropIncludedAncestors(segmentOf(['a', 'b', 'c']), 'b', fixedCapacityUnincludedSegment(3)));
    expect(s.unincludedSegment.map((a) => a.paraHeadHash)).toEqual(['c']);
    expect(s.aggregatedUnincludedSegment?.usedBandwidth.umpMsgCount).toBe(1);
  });

  test('drops nothing when the included block is not in the segment', () => {
    const s = value(maybeDropIncludedAncestors(segmentOf(['a', 'b']), 'z', fixedCapacityUnincludedSegment(3)));
    expect(s.unincludedSegment).toHaveLength(2);
  });

  test('requires new_len < capacity: a full segment leaves no room for the new block', () => {
    expect(maybeDropIncludedAncestors(segmentOf(['a', 'b']), 'z', fixedCapacityUnincludedSegment(3)).ok).toBe(true);
    expect(rejected(maybeDropIncludedAncestors(segmentOf(['a', 'b', 'c']), 'z', fixedCapacityUnincludedSegment(3)), 'PS-07', 'NoSpaceInUnincludedSegment')).toBe(
      'no space left for the block in the unincluded segment',
    );
    // Including the oldest block frees one place.
    expect(maybeDropIncludedAncestors(segmentOf(['a', 'b', 'c']), 'a', fixedCapacityUnincludedSegment(3)).ok).toBe(true);
    withRulesOff(['PS-07'], () => expect(maybeDropIncludedAncestors(segmentOf(['a', 'b', 'c']), 'z', fixedCapacityUnincludedSegment(3)).ok).toBe(true));
  });

  test('capacity 0 is treated as 1 (FixedCapacityUnincludedSegment uses max(N, 1))', () => {
    expect(maybeDropIncludedAncestors(segmentOf([]), 'z', fixedCapacityUnincludedSegment(0)).ok).toBe(true);
    rejected(maybeDropIncludedAncestors(segmentOf(['a']), 'z', fixedCapacityUnincludedSegment(0)), 'PS-07', 'NoSpaceInUnincludedSegment');
  });

  test('rejects scanning an ancestor whose head hash was never set', () => {
    const s = segmentOf(['a']);
    const broken = { ...s, unincludedSegment: [ancestor(usedUmp(1, 1), null)] };
    rejected(maybeDropIncludedAncestors(broken, 'a', fixedCapacityUnincludedSegment(3)), 'PS-07', 'ParaHeadHashMissing');
  });
});

describe('on_initialize and on_finalize', () => {
  const l = limits({ messages: 10, bytes: 100 }, { 2: { messagesRemaining: 5, bytesRemaining: 50 } });
  const outputs = { upwardMessageSizes: [4, 6], horizontalMessages: [{ recipient: 2, bytes: 7 }], hrmpWatermark: 5, relayParentNumber: 5, upgradeGoAhead: null };

  test('on_finalize appends the block with an unknown head; on_initialize of the child sets it to the parent hash', () => {
    let s = value(onFinalize(GENESIS_PARACHAIN_SYSTEM_STATE, outputs, l));
    expect(s.unincludedSegment).toHaveLength(1);
    expect(s.unincludedSegment[0]?.paraHeadHash).toBeNull();
    expect(s.unincludedSegment[0]?.usedBandwidth).toEqual({ umpMsgCount: 2, umpTotalBytes: 10, hrmpOutgoing: { 2: { msgCount: 1, totalBytes: 7 } } });
    expect(s.aggregatedUnincludedSegment?.hrmpWatermark).toBe(5);
    expect(s.lastRelayChainBlockNumber).toBe(5);
    s = onInitialize(s, 'h1');
    expect(s.unincludedSegment[0]?.paraHeadHash).toBe('h1');
  });

  test('a block consumes the go-ahead signal only if no ancestor did', () => {
    const s1 = value(onFinalize(GENESIS_PARACHAIN_SYSTEM_STATE, { ...outputs, upgradeGoAhead: 'GoAhead' }, l));
    expect(s1.unincludedSegment[0]?.consumedGoAheadSignal).toBe('GoAhead');
    const s2 = value(onFinalize(s1, { ...outputs, upgradeGoAhead: 'GoAhead' }, l));
    expect(s2.unincludedSegment[1]?.consumedGoAheadSignal).toBeNull();
  });

  test('rejects a block overrunning the segment limits ("unincluded segment limits exceeded")', () => {
    const tight = limits({ messages: 3, bytes: 100 }, { 2: { messagesRemaining: 5, bytesRemaining: 50 } });
    const s1 = value(onFinalize(GENESIS_PARACHAIN_SYSTEM_STATE, outputs, tight));
    expect(rejected(onFinalize(s1, outputs, tight), 'PS-02', 'UmpMessagesOverflow')).toMatch(
      /^unincluded segment limits exceeded: UmpMessagesOverflow \{ messages_remaining: 3, messages_submitted: \d+ \}$/,
    );
  });
});

describe('bandwidth available to the block being built (runtime: adjust_egress_bandwidth_limits)', () => {
  const snapshot = {
    relayDispatchQueueRemainingCapacity: { remainingCount: 4, remainingSize: 40 },
    egressChannels: [{ recipient: 2, maxCapacity: 5, msgCount: 1, maxTotalSize: 50, totalSize: 10 }],
  };
  test('at genesis (no aggregate yet) it is what the relay chain reports', () => {
    expect(availableBandwidth(GENESIS_PARACHAIN_SYSTEM_STATE, snapshot)).toEqual(outboundLimitsFromRelayState(snapshot));
  });
  test('with a segment it is the relay-reported room minus what the segment used', () => {
    const used = { umpMsgCount: 1, umpTotalBytes: 15, hrmpOutgoing: { 2: { msgCount: 2, totalBytes: 20 } } };
    const state: ParachainSystemState = { ...GENESIS_PARACHAIN_SYSTEM_STATE, aggregatedUnincludedSegment: { ...EMPTY_SEGMENT_TRACKER, usedBandwidth: used } };
    expect(availableBandwidth(state, snapshot)).toEqual({ umpMessagesRemaining: 3, umpBytesRemaining: 25, hrmpOutgoing: { 2: { messagesRemaining: 2, bytesRemaining: 20 } } });
  });
});
