/**
 * Conformance scenarios for the parachain-side rules (PS-nn, spec/parachain/rules.ts: cumulus
 * parachain-system, the unincluded segment and the consensus hook): for each rule, one case each side
 * of its boundary, with the boundaries of cumulus' own tests where the rule book cites them. How to write one: oracle/vectors/README.md.
 *
 * The para's runtime configuration comes from the parameters (machines/pipeline.ts
 * `parachainParamsFor`): `polkadot` runs capacity C = 3, velocity V = 1, 6 s para slots; `sync`
 * capacity 1, velocity 1, 12 s para slots; para 1000 of `elastic` (three cores) V = 3, C = 9, 2 s
 * para slots. The model's relay slot is the relay block number. The UMP/HRMP bandwidth vectors give
 * the relay state proof's messaging state explicitly (`messagingState` of `parachainBlock`).
 *
 * Rules without vectors here, and why:
 * - PS-03 (`checkGoAheadUnique`): `on_finalize` builds the block's `Ancestor` with a go-ahead signal
 *   only when no ancestor in the segment consumed one ("Some ancestor within the segment already
 *   processed this signal", `Ancestor::new_unchecked(.., None)`), so `SegmentTracker::append` never
 *   sees two; no sequence of blocks reaches the check, in cumulus or in the model, and switching it
 *   off changes nothing a block can show.
 * - PS-12 (`subtractFromSegmentTracker`): its switch guards only the go-ahead `assert_eq!` of
 *   `SegmentTracker::subtract`, unreachable for the same reason (the aggregate's signal is always that
 *   of the one block in the segment that consumed it). Its observable half, the bandwidth a block
 *   takes with it when it leaves the segment, has a pair of vectors below; they show the rule's
 *   effect but do not change with its switch (the subtraction is not switchable).
 */
import type { MessagingStateSnapshot } from '../../spec/parachain/unincludedSegment.ts';
import type { Hash } from '../../spec/types.ts';
import type { Verdict } from '../oracle.ts';
import type { Scenario, ScenarioStep } from './dsl.ts';
import { forRule, type VectorSpec } from './registry.ts';

const PARA = 1000;

/** A relay state proof's messaging state: the upward queue's remaining capacity and the outbound HRMP channels. */
function messaging(ump: { count: number; size: number }, channels: MessagingStateSnapshot['egressChannels'] = []): MessagingStateSnapshot {
  return { relayDispatchQueueRemainingCapacity: { remainingCount: ump.count, remainingSize: ump.size }, egressChannels: channels };
}

/** Plenty of upward capacity, so that only the HRMP channel limits matter. */
const UMP_PLENTY = { count: 1000, size: 1_000_000 };

const verdict = (step: ScenarioStep): Verdict => step.verdict;

const accepted = (step: ScenarioStep): boolean => {
  const v = verdict(step);
  return v.type === 'parachainBlock' && v.accepted;
};

/** The projected unincluded segment of the para after the step (head hashes, `null` for the last block). */
const segmentAfter = (step: ScenarioStep): readonly (Hash | null)[] => step.state.parachain[String(PARA)]!.unincludedSegment;

const canBuild = (step: ScenarioStep): boolean | null => {
  const v = verdict(step);
  return v.type === 'canBuildUpon' ? v.canBuild : null;
};

/** `n` parachain blocks of `PARA` on its last block, all with the tip as relay parent. */
function blocksAtTip(s: Scenario, n: number, o: Parameters<Scenario['parachainBlock']>[1] = {}): Hash[] {
  const out: Hash[] = [];
  for (let i = 0; i < n; i++) out.push(s.parachainBlock(PARA, o).hash);
  return out;
}

/**
 * The segment [A, B, C] of a `polkadot` para (C = 3, V = 1): A and B on relay parent #1 (two blocks,
 * the velocity budget of relay slot 1), C on #2; nothing included (the relay chain's head is genesis).
 */
function fullSegment(s: Scenario): { a: Hash; b: Hash; c: Hash } {
  s.advance(1);
  const [a, b] = blocksAtTip(s, 2);
  s.advance(1);
  const [c] = blocksAtTip(s, 1);
  return { a: a!, b: b!, c: c! };
}

/**
 * Includes parachain block `head` (built on the para's included head) through the relay chain: its
 * candidate (relay parent: the block's own) is collated, backed in the next relay block and made
 * available in the one after.
 */
function includeThroughRelay(s: Scenario, head: Hash): void {
  const relayParent = s.oracle.snapshot.parachains[PARA]!.blocks[head]!.relayParent;
  const c = s.collate(PARA, { head, relayParent, back: true });
  s.relay({ backed: [c] });
  s.relay({ available: [c] });
  const included = s.block().runtime.paras[PARA]!.head;
  if (included !== head) throw new Error(`scenario ${s.name}: ${head} was not included (head ${included})`);
}

export const PARACHAIN_VECTORS: readonly VectorSpec[] = [
  // -------------------------------------------------------------------------------------------
  // PS-01 HrmpChannelUpdate::append
  ...forRule('PS-01', [
    {
      case: 'accept',
      slug: 'hrmp-messages-at-remaining-count',
      boundary: 'polkadot, channel 1000 → 2000 with 2 messages remaining (max_capacity 8, msg_count 6): blocks A and B on relay parent #1 send one message each; the segment total 2 = remaining is accepted',
      params: 'polkadot',
      sdkTests: ['hrmp_msg_count_limits', 'hrmp_limits_with_segment'],
      build: (s) => {
        const m = messaging(UMP_PLENTY, [{ recipient: 2000, maxCapacity: 8, maxTotalSize: 1000, msgCount: 6, totalSize: 0 }]);
        s.advance(1);
        blocksAtTip(s, 2, { messagingState: m, outputs: { horizontalMessages: [{ recipient: 2000, bytes: 10 }] } });
        s.expectAccepted();
      },
    },
    {
      case: 'reject',
      slug: 'hrmp-messages-one-past',
      boundary: 'polkadot, channel 1000 → 2000 with 1 message remaining (max_capacity 8, msg_count 7): block B sending one message after A did is refused, 2 > 1 (HrmpMessagesOverflow)',
      params: 'polkadot',
      sdkTests: ['hrmp_msg_count_limits', 'hrmp_limits_with_segment'],
      build: (s) => {
        const m = messaging(UMP_PLENTY, [{ recipient: 2000, maxCapacity: 8, maxTotalSize: 1000, msgCount: 7, totalSize: 0 }]);
        s.advance(1);
        blocksAtTip(s, 2, { messagingState: m, outputs: { horizontalMessages: [{ recipient: 2000, bytes: 10 }] } });
        s.expectRejected('PS-01', { error: 'HrmpMessagesOverflow' });
      },
    },
    {
      case: 'accept',
      slug: 'hrmp-bytes-at-remaining-size',
      boundary: 'polkadot, channel 1000 → 2000 with 25 bytes remaining (max_total_size 100, total_size 75): A sends 20 bytes, B 5; the segment total 25 = remaining is accepted',
      params: 'polkadot',
      sdkTests: ['hrmp_bytes_limits'],
      build: (s) => {
        const m = messaging(UMP_PLENTY, [{ recipient: 2000, maxCapacity: 100, maxTotalSize: 100, msgCount: 0, totalSize: 75 }]);
        s.advance(1);
        s.parachainBlock(PARA, { messagingState: m, outputs: { horizontalMessages: [{ recipient: 2000, bytes: 20 }] } });
        s.parachainBlock(PARA, { messagingState: m, outputs: { horizontalMessages: [{ recipient: 2000, bytes: 5 }] } });
        s.expectAccepted();
      },
    },
    {
      case: 'reject',
      slug: 'hrmp-bytes-one-past',
      boundary: 'polkadot, channel 1000 → 2000 with 25 bytes remaining: A sends 20 bytes, B 6; the segment total 26 > 25 is refused (HrmpBytesOverflow)',
      params: 'polkadot',
      sdkTests: ['hrmp_bytes_limits'],
      build: (s) => {
        const m = messaging(UMP_PLENTY, [{ recipient: 2000, maxCapacity: 100, maxTotalSize: 100, msgCount: 0, totalSize: 75 }]);
        s.advance(1);
        s.parachainBlock(PARA, { messagingState: m, outputs: { horizontalMessages: [{ recipient: 2000, bytes: 20 }] } });
        s.parachainBlock(PARA, { messagingState: m, outputs: { horizontalMessages: [{ recipient: 2000, bytes: 6 }] } });
        s.expectRejected('PS-01', { error: 'HrmpBytesOverflow' });
      },
    },
  ]),

  // -------------------------------------------------------------------------------------------
  // PS-02 UsedBandwidth::append
  ...forRule('PS-02', [
    {
      case: 'accept',
      slug: 'ump-at-remaining-count-and-size',
      boundary: 'elastic para 1000 (V = 3, C = 9), upward queue with 5 messages / 50 bytes remaining: five unincluded blocks each sending one 10-byte message reach 5 messages and 50 bytes exactly; the fifth is accepted',
      params: 'elastic',
      sdkTests: ['ump_limits_with_segment'],
      build: (s) => {
        const m = messaging({ count: 5, size: 50 });
        s.advance(1);
        blocksAtTip(s, 4, { messagingState: m, outputs: { upwardMessageSizes: [10] } });
        s.advance(1);
        s.parachainBlock(PARA, { messagingState: m, outputs: { upwardMessageSizes: [10] } });
        s.expect('the fifth block is accepted with the segment at 5 messages and 50 bytes', (step) => accepted(step) && segmentAfter(step).length === 5);
      },
    },
    {
      case: 'reject',
      slug: 'ump-bytes-one-past',
      boundary: 'elastic para 1000, upward queue with 5 messages / 50 bytes remaining: after four 10-byte messages, a fifth of 11 bytes makes 51 > 50 (UmpBytesOverflow)',
      params: 'elastic',
      sdkTests: ['ump_limits_with_segment'],
      build: (s) => {
        const m = messaging({ count: 5, size: 50 });
        s.advance(1);
        blocksAtTip(s, 4, { messagingState: m, outputs: { upwardMessageSizes: [10] } });
        s.advance(1);
        s.parachainBlock(PARA, { messagingState: m, outputs: { upwardMessageSizes: [11] } });
        s.expectRejected('PS-02', { error: 'UmpBytesOverflow' });
      },
    },
    {
      case: 'reject',
      slug: 'ump-messages-one-past',
      boundary: 'elastic para 1000, upward queue with 5 messages / 50 bytes remaining: after five messages (45 bytes), a sixth 5-byte message makes 6 > 5 messages (UmpMessagesOverflow), bytes still within',
      params: 'elastic',
      sdkTests: ['ump_limits_with_segment'],
      build: (s) => {
        const m = messaging({ count: 5, size: 50 });
        s.advance(1);
        blocksAtTip(s, 4, { messagingState: m, outputs: { upwardMessageSizes: [10] } });
        s.advance(1);
        blocksAtTip(s, 2, { messagingState: m, outputs: { upwardMessageSizes: [5] } });
        s.expectRejected('PS-02', { error: 'UmpMessagesOverflow' });
      },
    },
  ]),

  // -------------------------------------------------------------------------------------------
  // PS-04 SegmentTracker::append, HRMP watermark
  ...forRule('PS-04', [
    {
      case: 'accept',
      slug: 'trunk-watermark-equal-to-latest',
      boundary: 'polkadot, relay parent #5: block A with HRMP watermark 4 (Trunk(4)), then block B with watermark 4 again: equal is accepted at stable2506 (w < latest rejects, not w <= latest)',
      params: 'polkadot',
      sdkTests: ['segment_hrmp_watermark'],
      build: (s) => {
        s.advance(5);
        blocksAtTip(s, 2, { outputs: { hrmpWatermark: 4 } });
        s.expectAccepted();
      },
    },
    {
      case: 'reject',
      slug: 'trunk-watermark-below-latest',
      boundary: 'polkadot, relay parent #5: block A with HRMP watermark 4 (Trunk(4)), then block B with watermark 3: Trunk(3) < 4 is refused (InvalidHrmpWatermark)',
      params: 'polkadot',
      sdkTests: ['segment_hrmp_watermark'],
      build: (s) => {
        s.advance(5);
        s.parachainBlock(PARA, { outputs: { hrmpWatermark: 4 } });
        s.parachainBlock(PARA, { outputs: { hrmpWatermark: 3 } });
        s.expectRejected('PS-04', { error: 'InvalidHrmpWatermark' });
      },
    },
  ]),

  // -------------------------------------------------------------------------------------------
  // PS-05 CheckAssociatedRelayNumber
  ...forRule('PS-05', [
    {
      case: 'accept',
      slug: 'same-relay-parent',
      boundary: 'polkadot (RelayNumberMonotonicallyIncreases): block B on relay parent #3, the same as its parent block A, is accepted (equal relay parent numbers)',
      params: 'polkadot',
      build: (s) => {
        s.advance(3);
        blocksAtTip(s, 2);
        s.expectAccepted();
      },
    },
    {
      case: 'reject',
      slug: 'relay-parent-one-lower',
      boundary: 'polkadot (RelayNumberMonotonicallyIncreases): block B on relay parent #2 after its parent block A on #3 is refused, 2 < 3 (RelayNumberDecreased); checked before the relay slot (PS-08)',
      params: 'polkadot',
      build: (s) => {
        s.advance(3);
        s.parachainBlock(PARA);
        s.parachainBlock(PARA, { relayParent: 1 });
        s.expectRejected('PS-05', { error: 'RelayNumberDecreased' });
      },
    },
  ]),

  // -------------------------------------------------------------------------------------------
  // PS-06 the included head from the relay state proof
  ...forRule('PS-06', [
    {
      case: 'accept',
      slug: 'included-head-read-from-proof',
      boundary: 'polkadot (C = 3): with the segment [A, B, C] full, block D whose relay state proof names A as the included head drops A and is accepted; the segment becomes [B, C, D]',
      params: 'polkadot',
      build: (s) => {
        const { a, b, c } = fullSegment(s);
        s.parachainBlock(PARA, { includedHead: a });
        s.expect('D is accepted and the segment is [B, C, D]', (step) => accepted(step) && JSON.stringify(segmentAfter(step)) === JSON.stringify([b, c, null]));
      },
    },
    {
      case: 'reject',
      slug: 'included-head-absent-from-proof',
      boundary: 'polkadot (fixed-velocity hook, capacity 3, not ExpectParentIncluded): the first block, on relay parent #1, whose relay state proof has no included head is refused (IncludedHeadMissing)',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        s.parachainBlock(PARA, { includedHead: null });
        s.expectRejected('PS-06', { error: 'IncludedHeadMissing' });
      },
    },
  ]),

  // -------------------------------------------------------------------------------------------
  // PS-07 maybe_drop_included_ancestors: new_len < capacity
  ...forRule('PS-07', [
    {
      case: 'accept',
      slug: 'room-after-relay-inclusion',
      boundary: 'polkadot (C = 3): segment [A, B, C]; A is backed in #3 and included in #4; block D on relay parent #4 drops A and fills the segment to exactly 3 = C',
      params: 'polkadot',
      sdkTests: ['unincluded_segment_works'],
      build: (s) => {
        const { a, b, c } = fullSegment(s);
        includeThroughRelay(s, a);
        s.parachainBlock(PARA);
        s.expect('D is accepted and the segment is [B, C, D]', (step) => accepted(step) && JSON.stringify(segmentAfter(step)) === JSON.stringify([b, c, null]));
      },
    },
    {
      case: 'reject',
      slug: 'segment-full-nothing-included',
      boundary: 'polkadot (C = 3): segment [A, B, C] with nothing included (the head at relay parent #2 is genesis): a fourth block D on #2 finds new_len 3, not < 3 (NoSpaceInUnincludedSegment)',
      params: 'polkadot',
      sdkTests: ['unincluded_segment_is_limited'],
      build: (s) => {
        fullSegment(s);
        s.parachainBlock(PARA);
        s.expectRejected('PS-07', { error: 'NoSpaceInUnincludedSegment' });
      },
    },
    {
      case: 'accept',
      slug: 'sync-parent-included',
      boundary: 'sync (C = 1): block A on relay parent #1 is backed in #2 and included in #3; block B on relay parent #3 drops A and is accepted with a segment of 1 = C',
      params: 'sync',
      sdkTests: ['unincluded_segment_works'],
      build: (s) => {
        s.advance(1);
        const a = s.parachainBlock(PARA).hash;
        includeThroughRelay(s, a);
        s.parachainBlock(PARA);
        s.expect('B is accepted with a segment of one block', (step) => accepted(step) && segmentAfter(step).length === 1);
      },
    },
    {
      case: 'reject',
      slug: 'sync-parent-not-included',
      boundary: 'sync (C = 1): block A on relay parent #1 is not included; block B on relay parent #2 finds new_len 1, not < 1 (NoSpaceInUnincludedSegment)',
      params: 'sync',
      sdkTests: ['unincluded_segment_is_limited'],
      build: (s) => {
        s.advance(1);
        s.parachainBlock(PARA);
        s.advance(1);
        s.parachainBlock(PARA);
        s.expectRejected('PS-07', { error: 'NoSpaceInUnincludedSegment' });
      },
    },
  ]),

  // -------------------------------------------------------------------------------------------
  // PS-08 relay slot never backwards
  ...forRule('PS-08', [
    {
      case: 'accept',
      slug: 'same-relay-slot',
      boundary: 'polkadot (V = 1): block A on relay parent #10 (relay slot 10), block B with relay slot 10 again is accepted (the stored slot equals the proof slot)',
      params: 'polkadot',
      sdkTests: ['test_backward_relay_slot_not_tolerated'],
      build: (s) => {
        s.advance(10);
        blocksAtTip(s, 2);
        s.expectAccepted();
      },
    },
    {
      case: 'reject',
      slug: 'relay-slot-one-back',
      boundary: 'polkadot: block A on relay parent #10 (relay slot 10), block B on #10 whose relay state proof reads relay slot 9 is refused, 10 > 9 (SlotMovedBackwards)',
      params: 'polkadot',
      sdkTests: ['test_backward_relay_slot_not_tolerated'],
      build: (s) => {
        s.advance(10);
        s.parachainBlock(PARA);
        s.parachainBlock(PARA, { relaySlot: 9 });
        s.expectRejected('PS-08', { error: 'SlotMovedBackwards' });
      },
    },
  ]),

  // -------------------------------------------------------------------------------------------
  // PS-09 velocity
  ...forRule('PS-09', [
    {
      case: 'accept',
      slug: 'v-plus-one-blocks-in-a-relay-slot',
      boundary: 'polkadot (V = 1): blocks A and B on relay parent #2 (relay slot 2): B, the V + 1 = 2nd block of the slot, is accepted',
      params: 'polkadot',
      sdkTests: ['test_velocity', 'test_velocity_2'],
      build: (s) => {
        s.advance(2);
        blocksAtTip(s, 2);
        s.expectAccepted();
      },
    },
    {
      case: 'reject',
      slug: 'v-plus-two-blocks-in-a-relay-slot',
      boundary: 'polkadot (V = 1): a third block C on relay parent #2 (relay slot 2, 2 already authored > V) is refused (AuthoredBlocksLimitReached)',
      params: 'polkadot',
      sdkTests: ['test_exceeding_velocity_limit'],
      build: (s) => {
        s.advance(2);
        blocksAtTip(s, 3);
        s.expectRejected('PS-09', { error: 'AuthoredBlocksLimitReached' });
      },
    },
    {
      case: 'accept',
      slug: 'count-restarts-on-next-relay-slot',
      boundary: 'polkadot (V = 1): after A and B on relay slot 2, block C on relay parent #3 (relay slot 3) starts a new count and is accepted',
      params: 'polkadot',
      sdkTests: ['test_velocity_resets_on_new_relay_slot'],
      build: (s) => {
        s.advance(2);
        blocksAtTip(s, 2);
        s.advance(1);
        blocksAtTip(s, 1);
        s.expectAccepted();
      },
    },
    {
      case: 'accept',
      slug: 'elastic-v-plus-one-blocks',
      boundary: 'elastic para 1000 (V = 3, C = 9): four blocks on relay parent #1 (relay slot 1): the fourth = V + 1 is accepted',
      params: 'elastic',
      sdkTests: ['test_velocity_2'],
      build: (s) => {
        s.advance(1);
        blocksAtTip(s, 4);
        s.expectAccepted();
      },
    },
    {
      case: 'reject',
      slug: 'elastic-v-plus-two-blocks',
      boundary: 'elastic para 1000 (V = 3, C = 9): a fifth block on relay parent #1 (4 authored in relay slot 1 > V) is refused (AuthoredBlocksLimitReached)',
      params: 'elastic',
      sdkTests: ['test_exceeding_velocity_limit'],
      build: (s) => {
        s.advance(1);
        blocksAtTip(s, 5);
        s.expectRejected('PS-09', { error: 'AuthoredBlocksLimitReached' });
      },
    },
  ]),

  // -------------------------------------------------------------------------------------------
  // PS-10 para slot not ahead of the relay-derived slot
  ...forRule('PS-10', [
    {
      case: 'accept',
      slug: 'para-slot-equal-to-derived',
      boundary: 'elastic para 1000 (2 s para slots): relay slot 10 derives para slot 10 × 6000 / 2000 = 30; a block with para slot 30 is accepted',
      params: 'elastic',
      sdkTests: ['test_para_slot_too_high', 'test_para_slot_calculated_from_slot_duration'],
      build: (s) => {
        s.advance(10);
        s.parachainBlock(PARA, { paraSlot: 30 });
        s.expectAccepted();
      },
    },
    {
      case: 'accept',
      slug: 'para-slot-behind-derived',
      boundary: 'elastic para 1000 (2 s para slots): relay slot 10 derives para slot 30; a block with para slot 29 is accepted (behind is allowed at stable2506; equality is required only after PR #9712)',
      params: 'elastic',
      sdkTests: ['test_para_slot_too_high'],
      build: (s) => {
        s.advance(10);
        s.parachainBlock(PARA, { paraSlot: 29 });
        s.expectAccepted();
      },
    },
    {
      case: 'reject',
      slug: 'para-slot-one-ahead',
      boundary: 'elastic para 1000 (2 s para slots): relay slot 10 derives para slot 30; a block with para slot 31 is refused (ParaSlotTooFarInFuture)',
      params: 'elastic',
      sdkTests: ['test_para_slot_too_high', 'test_para_slot_calculated_from_slot_duration_2'],
      build: (s) => {
        s.advance(10);
        s.parachainBlock(PARA, { paraSlot: 31 });
        s.expectRejected('PS-10', { error: 'ParaSlotTooFarInFuture' });
      },
    },
    {
      case: 'reject',
      slug: 'para-slot-one-ahead-6s',
      boundary: 'polkadot (6 s para slots): relay slot 10 derives para slot 10; a block with para slot 11 is refused (ParaSlotTooFarInFuture)',
      params: 'polkadot',
      sdkTests: ['test_para_slot_too_high'],
      build: (s) => {
        s.advance(10);
        s.parachainBlock(PARA, { paraSlot: 11 });
        s.expectRejected('PS-10', { error: 'ParaSlotTooFarInFuture' });
      },
    },
  ]),

  // -------------------------------------------------------------------------------------------
  // PS-11 AuraUnincludedSegmentApi::can_build_upon
  ...forRule('PS-11', [
    {
      case: 'accept',
      slug: 'same-relay-slot-within-budget',
      boundary: 'polkadot (V = 1, C = 3): at block A (relay slot 2, 1 authored), included genesis, relay slot 2: 1 < V + 1 = 2 and the segment (1) < 3, so true',
      params: 'polkadot',
      sdkTests: ['test_can_build_upon_slot_can_not_decrease'],
      build: (s) => {
        s.advance(2);
        const [a] = blocksAtTip(s, 1);
        s.apply({ type: 'canBuildUpon', para: PARA, at: a!, included: s.latestHead(PARA), relaySlot: 2 });
        s.expectAccepted();
      },
    },
    {
      case: 'reject',
      slug: 'same-relay-slot-budget-spent',
      boundary: 'polkadot (V = 1, C = 3): at block B (relay slot 2, 2 authored), included genesis, relay slot 2: 2 authored = V + 1, so false',
      params: 'polkadot',
      sdkTests: ['test_can_build_upon_slot_can_not_decrease'],
      build: (s) => {
        s.advance(2);
        const [, b] = blocksAtTip(s, 2);
        s.apply({ type: 'canBuildUpon', para: PARA, at: b!, included: s.latestHead(PARA), relaySlot: 2 });
        s.expect('can_build_upon is false', (step) => canBuild(step) === false);
      },
    },
    {
      case: 'reject',
      slug: 'relay-slot-decreases',
      boundary: 'polkadot: at block A (relay slot 2), included genesis, relay slot 1 < 2: false',
      params: 'polkadot',
      sdkTests: ['test_can_build_upon_slot_can_not_decrease'],
      build: (s) => {
        s.advance(2);
        const [a] = blocksAtTip(s, 1);
        s.apply({ type: 'canBuildUpon', para: PARA, at: a!, included: s.latestHead(PARA), relaySlot: 1 });
        s.expect('can_build_upon is false', (step) => canBuild(step) === false);
      },
    },
    {
      case: 'accept',
      slug: 'no-slot-info',
      boundary: 'polkadot: at the genesis block (no RelaySlotInfo stored), any relay slot: true',
      params: 'polkadot',
      sdkTests: ['test_can_build_upon_true_when_empty'],
      build: (s) => {
        s.advance(1);
        s.apply({ type: 'canBuildUpon', para: PARA, at: s.latestHead(PARA), included: s.latestHead(PARA), relaySlot: 1 });
        s.expectAccepted();
      },
    },
    {
      case: 'accept',
      slug: 'segment-room-after-included',
      boundary: 'polkadot (C = 3): at block C of the segment [A, B, C] (relay slot 2), included A, relay slot 3: size_after_included 2 < 3, so true',
      params: 'polkadot',
      sdkTests: ['test_can_build_upon_unincluded_segment_size', 'size_after_included_works'],
      build: (s) => {
        const { a, c } = fullSegment(s);
        s.apply({ type: 'canBuildUpon', para: PARA, at: c, included: a, relaySlot: 3 });
        s.expectAccepted();
      },
    },
    {
      case: 'reject',
      slug: 'segment-full-after-included',
      boundary: 'polkadot (C = 3): at block C of the segment [A, B, C] (relay slot 2), included genesis, relay slot 3: size_after_included 3 >= 3, so false',
      params: 'polkadot',
      sdkTests: ['test_can_build_upon_unincluded_segment_size', 'size_after_included_works'],
      build: (s) => {
        const { c } = fullSegment(s);
        s.apply({ type: 'canBuildUpon', para: PARA, at: c, included: s.latestHead(PARA), relaySlot: 3 });
        s.expect('can_build_upon is false', (step) => canBuild(step) === false);
      },
    },
  ]),

  // -------------------------------------------------------------------------------------------
  // PS-12 SegmentTracker::subtract (bandwidth half; the go-ahead assert is unreachable, see header)
  ...forRule('PS-12', [
    {
      case: 'accept',
      slug: 'bandwidth-leaves-with-included-block',
      boundary: 'polkadot, upward queue with 1 message remaining: A on relay parent #1 sends one message; A is backed in #2 and included in #3; B on #3 sends one message and is accepted, A\'s message having left the aggregate',
      params: 'polkadot',
      sdkTests: ['hrmp_limits_with_segment', 'segment_drops_empty_hrmp_channels'],
      build: (s) => {
        const m = messaging({ count: 1, size: 100 });
        s.advance(1);
        const a = s.parachainBlock(PARA, { messagingState: m, outputs: { upwardMessageSizes: [10] } }).hash;
        includeThroughRelay(s, a);
        s.parachainBlock(PARA, { messagingState: m, outputs: { upwardMessageSizes: [10] } });
        s.expect('B is accepted and A has left the segment', (step) => accepted(step) && segmentAfter(step).length === 1);
      },
    },
    {
      case: 'reject',
      slug: 'bandwidth-stays-while-unincluded',
      boundary: 'polkadot, upward queue with 1 message remaining: A on relay parent #1 sends one message and is not included; B on #3 sending one message is refused, 2 > 1 (UmpMessagesOverflow by PS-02: nothing left the segment)',
      params: 'polkadot',
      sdkTests: ['hrmp_limits_with_segment'],
      build: (s) => {
        const m = messaging({ count: 1, size: 100 });
        s.advance(1);
        s.parachainBlock(PARA, { messagingState: m, outputs: { upwardMessageSizes: [10] } });
        s.advance(2);
        s.parachainBlock(PARA, { messagingState: m, outputs: { upwardMessageSizes: [10] } });
        s.expectRejected('PS-02', { error: 'UmpMessagesOverflow' });
      },
    },
  ]),

  // -------------------------------------------------------------------------------------------
  // PS-13 find_potential_parents
  ...forRule('PS-13', [
    {
      case: 'accept',
      slug: 'parent-anchored-at-oldest-allowed-relay-parent',
      boundary: 'polkadot (ancestry lookback 2): block A on relay parent #2; at leaf #4 the allowed ancestry is #4, #3, #2, so A is a potential parent and the collator builds on it',
      params: 'polkadot',
      build: (s) => {
        s.advance(2);
        const [a] = blocksAtTip(s, 1);
        s.advance(2);
        s.apply({ type: 'collatorDecision', para: PARA });
        s.expect('the collator builds on A', (step) => {
          const v = verdict(step);
          return v.type === 'collatorDecision' && v.build && v.parent === a;
        });
      },
    },
    {
      case: 'reject',
      slug: 'parent-anchored-one-past-the-ancestry',
      boundary: 'polkadot (ancestry lookback 2): block A on relay parent #1; at leaf #4 the allowed ancestry is #4, #3, #2, so A is no potential parent and the collator builds on the included genesis head instead',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const [a] = blocksAtTip(s, 1);
        s.advance(3);
        const genesisHead = s.latestHead(PARA);
        s.apply({ type: 'collatorDecision', para: PARA });
        s.expect('the collator builds on the included genesis head, not on A', (step) => {
          const v = verdict(step);
          return v.type === 'collatorDecision' && v.build && v.parent === genesisHead && v.parent !== a;
        });
      },
    },
  ]),

  // -------------------------------------------------------------------------------------------
  // PS-14 can_build_upon of the collator (Aura slot author)
  ...forRule('PS-14', [
    {
      case: 'accept',
      slug: 'own-aura-slot',
      boundary: 'polkadot, two Aura authorities, the collator is authority 0: at leaf #4 (para slot 4, author 4 mod 2 = 0) it builds',
      params: 'polkadot',
      build: (s) => {
        s.advance(4);
        s.apply({ type: 'collatorDecision', para: PARA, aura: { authorities: 2, index: 0 } });
        s.expectAccepted();
      },
    },
    {
      case: 'reject',
      slug: 'other-authoritys-aura-slot',
      boundary: 'polkadot, two Aura authorities, the collator is authority 0: at leaf #5 (para slot 5, author 5 mod 2 = 1) it does not build (CannotBuild)',
      params: 'polkadot',
      build: (s) => {
        s.advance(5);
        s.apply({ type: 'collatorDecision', para: PARA, aura: { authorities: 2, index: 0 } });
        s.expect('the collator does not build (CannotBuild)', (step) => {
          const v = verdict(step);
          return v.type === 'collatorDecision' && !v.build && v.reason === 'CannotBuild';
        });
      },
    },
  ]),

  // -------------------------------------------------------------------------------------------
  // PS-15 set_validation_data: the relay state must still report the go-ahead signal the segment consumed
  ...forRule('PS-15', [
    {
      case: 'accept',
      slug: 'go-ahead-still-reported',
      boundary: 'polkadot (C = 3): block A consumes GoAhead and stays unincluded; block B, whose relay state proof still reports GoAhead, is accepted',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        s.parachainBlock(PARA, { outputs: { upgradeGoAhead: 'GoAhead' } });
        s.parachainBlock(PARA, { outputs: { upgradeGoAhead: 'GoAhead' } });
        s.expectAccepted();
      },
    },
    {
      case: 'reject',
      slug: 'go-ahead-no-longer-reported',
      boundary: 'polkadot (C = 3): block A consumes GoAhead and stays unincluded; block B, whose relay state proof reports no signal, is refused (assert_eq! in set_validation_data)',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        s.parachainBlock(PARA, { outputs: { upgradeGoAhead: 'GoAhead' } });
        s.parachainBlock(PARA, { outputs: { upgradeGoAhead: null } });
        s.expectRejected('PS-15', { error: 'SegmentGoAheadSignalMismatch' });
      },
    },
  ]),
];
