/**
 * The unincluded segment's bandwidth bookkeeping at its edges (cumulus `unincluded_segment.rs`):
 * channels the segment did not touch, closed channels, channels that empty out, the go-ahead signal
 * leaving with a block that did not consume it, and the source's panics as rejections. Cases the
 * unit tests in unincludedSegment.test.ts leave open, found by mutation testing.
 */
import { describe, expect, test } from 'vitest';
import {
  EMPTY_USED_BANDWIDTH,
  adjustEgressBandwidthLimits,
  appendToSegmentTracker,
  channelIds,
  hrmpWatermarkUpdate,
  maybeDropIncludedAncestors,
  subtractFromSegmentTracker,
  subtractUsedBandwidth,
  sumSegmentBandwidth,
  type SegmentTracker,
} from '../../spec/parachain/unincludedSegment.ts';
import { ancestor, limits, rejected, usedHrmp, usedUmp, value } from './helpers.ts';

describe('channels', () => {
  test('are listed as para IDs in ascending order (BTreeMap order)', () => {
    expect(channelIds({ 2001: 'x', 1000: 'y', 30: 'z' })).toEqual([30, 1000, 2001]);
  });
});

describe('egress limits after the segment (adjust_egress_bandwidth_limits)', () => {
  const l = limits({ messages: 10, bytes: 100 }, { 1000: { messagesRemaining: 5, bytesRemaining: 50 }, 2000: { messagesRemaining: 7, bytesRemaining: 70 } });

  test('leave the channels the segment did not use as they were', () => {
    const out = adjustEgressBandwidthLimits(l, usedHrmp({ 1000: { msgCount: 2, totalBytes: 20 } }));
    expect(out.hrmpOutgoing).toEqual({ 1000: { messagesRemaining: 3, bytesRemaining: 30 }, 2000: { messagesRemaining: 7, bytesRemaining: 70 } });
  });

  test('skip a channel the segment used that is closed now (absent from the limits)', () => {
    const out = adjustEgressBandwidthLimits(l, usedHrmp({ 3000: { msgCount: 1, totalBytes: 1 } }));
    expect(Object.keys(out.hrmpOutgoing).map(Number)).toEqual([1000, 2000]);
  });
});

describe('taking a block off the aggregate (UsedBandwidth::subtract, SegmentTracker::subtract)', () => {
  test('keeps a channel that still carries messages and drops one that empties', () => {
    const current = usedHrmp({ 1000: { msgCount: 3, totalBytes: 30 }, 2000: { msgCount: 1, totalBytes: 10 } });
    const out = value(subtractUsedBandwidth(current, usedHrmp({ 1000: { msgCount: 1, totalBytes: 10 }, 2000: { msgCount: 1, totalBytes: 10 } })));
    expect(out.hrmpOutgoing).toEqual({ 1000: { msgCount: 2, totalBytes: 20 } });
  });

  test('a channel the aggregate never recorded is the source\'s panic (HrmpChannelEntryMissing)', () => {
    rejected(subtractUsedBandwidth(usedHrmp({}), usedHrmp({ 1000: { msgCount: 1, totalBytes: 1 } })), 'PS-12', 'HrmpChannelEntryMissing');
  });

  test('a block that did not consume the go-ahead signal leaves the recorded signal in place', () => {
    const tracker: SegmentTracker = { usedBandwidth: usedUmp(1, 10), hrmpWatermark: 5, consumedGoAheadSignal: 'GoAhead' };
    const out = value(subtractFromSegmentTracker(tracker, ancestor(usedUmp(1, 10))));
    expect(out.consumedGoAheadSignal).toBe('GoAhead');
    expect(out.usedBandwidth.umpMsgCount).toBe(0);
  });
});

describe('adding a block to the aggregate (SegmentTracker::append)', () => {
  test('is refused when the block exceeds what the relay chain can still take', () => {
    const tracker: SegmentTracker = { usedBandwidth: EMPTY_USED_BANDWIDTH, hrmpWatermark: null, consumedGoAheadSignal: null };
    const r = appendToSegmentTracker(tracker, ancestor(usedUmp(3, 30)), hrmpWatermarkUpdate(1, 2), limits({ messages: 2, bytes: 100 }));
    expect(r.ok).toBe(false);
  });
});

describe('dropping included ancestors (maybe_drop_included_ancestors)', () => {
  const cap = { kind: 'Value', value: 3 } as const;

  test('dropping blocks from a segment without an aggregate is the source\'s panic (AggregatedSegmentMissing)', () => {
    const state = { unincludedSegment: [ancestor(usedUmp(1, 1), 'h1')], aggregatedUnincludedSegment: null, lastRelayChainBlockNumber: 1 };
    rejected(maybeDropIncludedAncestors(state, 'h1', cap), 'PS-07', 'AggregatedSegmentMissing');
  });

  test('a dropped block whose channel the aggregate lacks is refused with the subtraction\'s error', () => {
    const state = {
      unincludedSegment: [ancestor(usedHrmp({ 1000: { msgCount: 1, totalBytes: 1 } }), 'h1')],
      aggregatedUnincludedSegment: { usedBandwidth: EMPTY_USED_BANDWIDTH, hrmpWatermark: 1, consumedGoAheadSignal: null },
      lastRelayChainBlockNumber: 1,
    };
    rejected(maybeDropIncludedAncestors(state, 'h1', cap), 'PS-12', 'HrmpChannelEntryMissing');
  });
});

describe('the segment\'s total bandwidth (used by the properties)', () => {
  test('sums per channel and leaves out channels whose total is empty', () => {
    const seg = [ancestor(usedHrmp({ 1000: { msgCount: 0, totalBytes: 0 }, 2000: { msgCount: 1, totalBytes: 5 } })), ancestor(usedHrmp({ 2000: { msgCount: 2, totalBytes: 5 } }))];
    expect(sumSegmentBandwidth(seg).hrmpOutgoing).toEqual({ 2000: { msgCount: 3, totalBytes: 10 } });
  });
});
