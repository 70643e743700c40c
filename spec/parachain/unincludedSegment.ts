/**
 * Cumulus' unincluded segment: the runtime-side bookkeeping of parachain blocks that were built but
 * are not yet included in the relay chain, and the per-block lifecycle of `parachain-system` that
 * maintains it.
 *
 * Sources at polkadot-stable2506:
 * - `cumulus/pallets/parachain-system/src/unincluded_segment.rs`: `HrmpChannelUpdate`,
 *   `UsedBandwidth`, `Ancestor`, `HrmpWatermarkUpdate`, `SegmentTracker`,
 *   `OutboundBandwidthLimits`, `size_after_included` (and their `tests` module).
 * - `cumulus/pallets/parachain-system/src/lib.rs`: `CheckAssociatedRelayNumber` implementations,
 *   `set_validation_data`, `maybe_drop_included_ancestors`, `adjust_egress_bandwidth_limits`,
 *   `on_initialize` (parent head hash), `on_finalize` (appending the block).
 *
 * What we saw and what we chose (open point (a) of RULES.md §3.1):
 * - Two versions of `SegmentTracker::append` exist in the stored copies. The older one rejects a
 *   `Trunk(w)` watermark with `w <= latest` (test `segment_hrmp_watermark` asserts `Trunk(0)` after
 *   `Head(0)` is `InvalidHrmpWatermark { submitted: 0, latest: 0 }`). The newer one rejects only
 *   `w < latest` (same test now expects `Trunk(0)` after `Head(0)` to be `Ok`, rejects 0..4 after 4,
 *   comment "The current watermark is still valid"). PR #8860 "XCMP and DMP improvements" (which
 *   bumps `cumulus-pallet-parachain-system` major and "enables us to relax the advancement rule")
 *   is listed in `prdoc/stable2506/` (the base stable2506 release, not a `stable2506-N` patch), so
 *   it is part of the pinned tag. A parachain that may now keep its watermark (it no longer has to
 *   consume every inbound message) can only keep producing blocks if the segment accepts an equal
 *   `Trunk`; the relaxation belongs to that PR. We model stable2506 as: `Trunk(w)` rejected iff
 *   `w < latest` (equality ACCEPTED). This differs from the "Corrections" of RULES.md, which describe
 *   the older stored version. The exact commit of the `<=` → `<` change was not seen in the stored
 *   copies; the PR attribution is our inference from the prdoc and the PR description.
 *
 * Simplifications and deviations (each also commented where it is made):
 * - Plain JSON data: `BTreeMap<ParaId, _>` becomes a `Record<ParaId, _>` (JS iterates integer keys
 *   in ascending order, which is BTreeMap order); `Option<T>` becomes `T | null`.
 * - Panics become rejections: the error is a short name chosen here (listed in `PANIC_ERRORS`) and
 *   the detail is the Rust panic message. `BandwidthUpdateError` variants keep their Rust names and
 *   the detail renders their fields as Rust's `Debug` does.
 * - u32 arithmetic: `saturating_add` saturates at 2^32-1 as in Rust; the plain `-=` of `subtract`
 *   is modelled as plain subtraction (it can only underflow if a block is subtracted that was never
 *   appended, which the lifecycle never does).
 * - Head data are represented by their hash (`spec/types.ts`); `T::Hashing::hash(head)` is the
 *   identity on that representation.
 * - The relay state proof is not modelled: its relevant reads (included head, messaging snapshot,
 *   go-ahead signal) are inputs.
 * - `on_finalize`'s selection of which pending UMP/HRMP messages fit is not modelled: the block's
 *   outputs are given as what it actually sent.
 */
import { isOn } from '../ablation.ts';
import { OK, reject, type Rejection, type Verdict } from '../rule.ts';
import type { BlockNumber, Hash, OutboundHrmpMessage, ParaId } from '../types.ts';
import type { UnincludedSegmentCapacity } from './consensusHook.ts';

export const U32_MAX = 4_294_967_295;

/** A value, or a rejection by a rule. */
export type Outcome<T, E extends string = string> = { readonly ok: true; readonly value: T } | Rejection<E>;

export function okValue<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** Short error names given to Rust panics (the detail carries the panic message). */
export const PANIC_ERRORS = {
  HrmpChannelLimitMissing: 'limit for declared hrmp channel must be present; qed',
  HrmpChannelEntryMissing: "entry's been inserted earlier with `append`; qed",
  GoAheadSignalMismatch: 'assertion `left == right` failed (SegmentTracker::subtract go-ahead signal)',
  SegmentGoAheadSignalMismatch: 'assertion `left == right` failed (set_validation_data: upgrade_go_ahead_signal vs the segment\'s)',
  RelayNumberNotIncreased: 'Relay chain block number needs to strictly increase between Parachain blocks!',
  RelayNumberDecreased: 'Relay chain block number needs to monotonically increase between Parachain blocks!',
  ParentNotIncluded: 'expected parent to be included',
  IncludedHeadMissing: 'included head not present in relay storage proof',
  ParaHeadHashMissing: 'para head hash is updated during block initialization; qed',
  AggregatedSegmentMissing: "dropped part of the segment wasn't empty, hence value exists; qed",
  NoSpaceInUnincludedSegment: 'no space left for the block in the unincluded segment',
} as const;

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

/** `HrmpChannelUpdate`: messages and bytes submitted to one HRMP channel. */
export interface HrmpChannelUpdate {
  readonly msgCount: number;
  readonly totalBytes: number;
}

/** `HrmpOutboundLimits`: what one outbound channel can still take. */
export interface HrmpOutboundLimits {
  readonly bytesRemaining: number;
  readonly messagesRemaining: number;
}

/** `OutboundBandwidthLimits`: limits across the whole unincluded segment. */
export interface OutboundBandwidthLimits {
  readonly umpMessagesRemaining: number;
  readonly umpBytesRemaining: number;
  readonly hrmpOutgoing: Readonly<Record<ParaId, HrmpOutboundLimits>>;
}

/** `UsedBandwidth`: bandwidth used by one block, or summed over a segment. */
export interface UsedBandwidth {
  readonly umpMsgCount: number;
  readonly umpTotalBytes: number;
  readonly hrmpOutgoing: Readonly<Record<ParaId, HrmpChannelUpdate>>;
}

/** `relay_chain::UpgradeGoAhead`. */
export type UpgradeGoAhead = 'GoAhead' | 'Abort';

/** `Ancestor<H>`: one unincluded block. */
export interface Ancestor {
  readonly usedBandwidth: UsedBandwidth;
  /** Output head hash; `null` until the next block's `on_initialize` fills it in. */
  readonly paraHeadHash: Hash | null;
  readonly consumedGoAheadSignal: UpgradeGoAhead | null;
}

/** `HrmpWatermarkUpdate`. */
export type HrmpWatermarkUpdate =
  | { readonly kind: 'Head'; readonly watermark: BlockNumber }
  | { readonly kind: 'Trunk'; readonly watermark: BlockNumber };

/** `SegmentTracker<H>`: the aggregate of the unincluded segment. */
export interface SegmentTracker {
  readonly usedBandwidth: UsedBandwidth;
  readonly hrmpWatermark: BlockNumber | null;
  readonly consumedGoAheadSignal: UpgradeGoAhead | null;
}

/** The relay-side snapshot `OutboundBandwidthLimits::from_relay_chain_state` reads. */
export interface AbridgedEgressChannel {
  readonly recipient: ParaId;
  readonly maxCapacity: number;
  readonly maxTotalSize: number;
  readonly msgCount: number;
  readonly totalSize: number;
}
export interface MessagingStateSnapshot {
  readonly relayDispatchQueueRemainingCapacity: { readonly remainingCount: number; readonly remainingSize: number };
  readonly egressChannels: readonly AbridgedEgressChannel[];
}

export const EMPTY_USED_BANDWIDTH: UsedBandwidth = Object.freeze({ umpMsgCount: 0, umpTotalBytes: 0, hrmpOutgoing: Object.freeze({}) });
export const EMPTY_SEGMENT_TRACKER: SegmentTracker = Object.freeze({
  usedBandwidth: EMPTY_USED_BANDWIDTH,
  hrmpWatermark: null,
  consumedGoAheadSignal: null,
});

const satAdd = (a: number, b: number): number => Math.min(a + b, U32_MAX);
const satSub = (a: number, b: number): number => Math.max(a - b, 0);

/** Recipients of a per-channel map, in `BTreeMap` (ascending) order. */
export function channelIds(map: Readonly<Record<ParaId, unknown>>): ParaId[] {
  // Stryker disable next-line MethodExpression,ArrowFunction,ArithmeticOperator: equivalent, integer keys already iterate ascending (array-index keys first, in order; the one u32 that is not an index, 2^32-1, last); the sort states the order rather than relying on that.
  return Object.keys(map)
    .map(Number)
    .sort((a, b) => a - b);
}

/** The entries of a per-channel map, in `BTreeMap` (ascending) order. */
function channelEntries<V>(map: Readonly<Record<ParaId, V>>): [ParaId, V][] {
  return channelIds(map).map((id) => [id, map[id] as V]);
}

/** Removes the channels whose update became empty (the source drops them from the map). */
function dropEmptyChannels(hrmpOutgoing: Record<ParaId, HrmpChannelUpdate>): void {
  for (const [id, c] of channelEntries(hrmpOutgoing)) if (isHrmpChannelUpdateEmpty(c)) delete hrmpOutgoing[id];
}

// ---------------------------------------------------------------------------------------------
// OutboundBandwidthLimits
// ---------------------------------------------------------------------------------------------

/** `OutboundBandwidthLimits::from_relay_chain_state`: remaining = max − used, saturating at 0. */
export function outboundLimitsFromRelayState(snapshot: MessagingStateSnapshot): OutboundBandwidthLimits {
  const hrmpOutgoing: Record<ParaId, HrmpOutboundLimits> = {};
  for (const c of snapshot.egressChannels) {
    hrmpOutgoing[c.recipient] = {
      bytesRemaining: satSub(c.maxTotalSize, c.totalSize),
      messagesRemaining: satSub(c.maxCapacity, c.msgCount),
    };
  }
  return {
    umpMessagesRemaining: snapshot.relayDispatchQueueRemainingCapacity.remainingCount,
    umpBytesRemaining: snapshot.relayDispatchQueueRemainingCapacity.remainingSize,
    hrmpOutgoing,
  };
}

/**
 * `adjust_egress_bandwidth_limits` expressed on the limits: what is left for the block being built
 * once the unincluded segment's usage is taken off (HRMP saturates at the channel maximum, i.e.
 * remaining saturates at 0; UMP is a `saturating_sub`). Channels absent from the limits are closed
 * and skipped, as the source does.
 */
export function adjustEgressBandwidthLimits(limits: OutboundBandwidthLimits, segmentUsage: UsedBandwidth): OutboundBandwidthLimits {
  const hrmpOutgoing: Record<ParaId, HrmpOutboundLimits> = { ...limits.hrmpOutgoing };
  for (const [id, used] of channelEntries(segmentUsage.hrmpOutgoing)) {
    const l = limits.hrmpOutgoing[id];
    if (l === undefined) continue;
    hrmpOutgoing[id] = {
      bytesRemaining: satSub(l.bytesRemaining, used.totalBytes),
      messagesRemaining: satSub(l.messagesRemaining, used.msgCount),
    };
  }
  return {
    umpMessagesRemaining: satSub(limits.umpMessagesRemaining, segmentUsage.umpMsgCount),
    umpBytesRemaining: satSub(limits.umpBytesRemaining, segmentUsage.umpTotalBytes),
    hrmpOutgoing,
  };
}

// ---------------------------------------------------------------------------------------------
// HrmpChannelUpdate / UsedBandwidth
// ---------------------------------------------------------------------------------------------

export function isHrmpChannelUpdateEmpty(u: HrmpChannelUpdate): boolean {
  // Stryker disable next-line ConditionalExpression: equivalent in every reachable state, a channel with no messages has no bytes; the source compares both.
  return u.msgCount === 0 && u.totalBytes === 0;
}

/**
 * PS-01 `HrmpChannelUpdate::append`: the channel's running totals may reach, but not exceed, what
 * the channel can still take (messages checked before bytes).
 */
export function appendHrmpChannelUpdate(
  current: HrmpChannelUpdate,
  other: HrmpChannelUpdate,
  recipient: ParaId,
  limits: OutboundBandwidthLimits,
): Outcome<HrmpChannelUpdate, 'HrmpMessagesOverflow' | 'HrmpBytesOverflow' | 'HrmpChannelLimitMissing'> {
  const channel = limits.hrmpOutgoing[recipient];
  // Verify the channel is declared in the limits (a panic in the source: `expect`).
  if (channel === undefined) {
    return reject('PS-01', 'HrmpChannelLimitMissing', PANIC_ERRORS.HrmpChannelLimitMissing);
  }
  const msgCount = satAdd(current.msgCount, other.msgCount);
  // Verify the channel's message count is not overrun (strict `>`: reaching the limit is fine).
  if (isOn('PS-01') && msgCount > channel.messagesRemaining) {
    return reject(
      'PS-01',
      'HrmpMessagesOverflow',
      `HrmpMessagesOverflow { recipient: ${recipient}, messages_remaining: ${channel.messagesRemaining}, messages_submitted: ${msgCount} }`,
    );
  }
  const totalBytes = satAdd(current.totalBytes, other.totalBytes);
  // Verify the channel's byte budget is not overrun (strict `>`).
  if (isOn('PS-01') && totalBytes > channel.bytesRemaining) {
    return reject(
      'PS-01',
      'HrmpBytesOverflow',
      `HrmpBytesOverflow { recipient: ${recipient}, bytes_remaining: ${channel.bytesRemaining}, bytes_submitted: ${totalBytes} }`,
    );
  }
  return okValue({ msgCount, totalBytes });
}

/** `HrmpChannelUpdate::subtract` (plain `-=` in the source). */
export function subtractHrmpChannelUpdate(current: HrmpChannelUpdate, other: HrmpChannelUpdate): HrmpChannelUpdate {
  return { msgCount: current.msgCount - other.msgCount, totalBytes: current.totalBytes - other.totalBytes };
}

/**
 * PS-02 `UsedBandwidth::append`: UMP message count, then UMP bytes, then every HRMP channel in
 * ascending recipient order (PS-01); a total may equal, never exceed, the remaining limit.
 */
export function appendUsedBandwidth(
  current: UsedBandwidth,
  other: UsedBandwidth,
  limits: OutboundBandwidthLimits,
): Outcome<UsedBandwidth> {
  const umpMsgCount = satAdd(current.umpMsgCount, other.umpMsgCount);
  // Verify the relay dispatch queue can take this many more upward messages (strict `>`).
  if (isOn('PS-02') && umpMsgCount > limits.umpMessagesRemaining) {
    return reject(
      'PS-02',
      'UmpMessagesOverflow',
      `UmpMessagesOverflow { messages_remaining: ${limits.umpMessagesRemaining}, messages_submitted: ${umpMsgCount} }`,
    );
  }
  const umpTotalBytes = satAdd(current.umpTotalBytes, other.umpTotalBytes);
  // Verify the relay dispatch queue can take this many more upward bytes (strict `>`).
  if (isOn('PS-02') && umpTotalBytes > limits.umpBytesRemaining) {
    return reject(
      'PS-02',
      'UmpBytesOverflow',
      `UmpBytesOverflow { bytes_remaining: ${limits.umpBytesRemaining}, bytes_submitted: ${umpTotalBytes} }`,
    );
  }
  const hrmpOutgoing: Record<ParaId, HrmpChannelUpdate> = { ...current.hrmpOutgoing };
  for (const [id, add] of channelEntries(other.hrmpOutgoing)) {
    const appended = appendHrmpChannelUpdate(hrmpOutgoing[id] ?? { msgCount: 0, totalBytes: 0 }, add, id, limits);
    if (!appended.ok) return appended;
    hrmpOutgoing[id] = appended.value;
  }
  return okValue({ umpMsgCount, umpTotalBytes, hrmpOutgoing });
}

/** `UsedBandwidth::subtract`: undoes an append and drops channels that became empty. */
export function subtractUsedBandwidth(current: UsedBandwidth, other: UsedBandwidth): Outcome<UsedBandwidth> {
  const hrmpOutgoing: Record<ParaId, HrmpChannelUpdate> = { ...current.hrmpOutgoing };
  for (const [id, sub] of channelEntries(other.hrmpOutgoing)) {
    const entry = hrmpOutgoing[id];
    // Verify the channel was appended before (a panic in the source: `expect`).
    if (entry === undefined) return reject('PS-12', 'HrmpChannelEntryMissing', PANIC_ERRORS.HrmpChannelEntryMissing);
    hrmpOutgoing[id] = subtractHrmpChannelUpdate(entry, sub);
  }
  dropEmptyChannels(hrmpOutgoing);
  return okValue({
    umpMsgCount: current.umpMsgCount - other.umpMsgCount,
    umpTotalBytes: current.umpTotalBytes - other.umpTotalBytes,
    hrmpOutgoing,
  });
}

/**
 * The bandwidth a block used, as `on_finalize` builds it: one UMP message per entry, and one HRMP
 * message per recipient (`msg_count: 1`). Deviation: the source collects the per-message updates
 * into a `BTreeMap`, so a second message to the same recipient would overwrite the first; the
 * source never sends two (at most one message per channel per candidate), and we keep that
 * overwrite behaviour.
 */
export function usedBandwidthOfBlock(upwardMessageSizes: readonly number[], horizontalMessages: readonly OutboundHrmpMessage[]): UsedBandwidth {
  const hrmpOutgoing: Record<ParaId, HrmpChannelUpdate> = {};
  for (const m of horizontalMessages) hrmpOutgoing[m.recipient] = { msgCount: 1, totalBytes: m.bytes };
  return {
    umpMsgCount: upwardMessageSizes.length,
    umpTotalBytes: upwardMessageSizes.reduce((a, b) => satAdd(a, b), 0),
    hrmpOutgoing,
  };
}

// ---------------------------------------------------------------------------------------------
// HrmpWatermarkUpdate / SegmentTracker
// ---------------------------------------------------------------------------------------------

/** `HrmpWatermarkUpdate::new`: a watermark at or above the relay parent is clamped to `Head(rp)`. */
export function hrmpWatermarkUpdate(watermark: BlockNumber, relayParentNumber: BlockNumber): HrmpWatermarkUpdate {
  return watermark >= relayParentNumber
    ? { kind: 'Head', watermark: relayParentNumber }
    : { kind: 'Trunk', watermark };
}

/** PS-03: only one block of the segment may consume the relay chain's upgrade go-ahead signal. */
export function checkGoAheadUnique(tracker: SegmentTracker, block: Ancestor): Verdict<'UpgradeGoAheadAlreadyProcessed'> {
  // Verify no ancestor in the segment already consumed a go-ahead signal (the code upgrade would apply twice).
  if (isOn('PS-03') && tracker.consumedGoAheadSignal !== null && block.consumedGoAheadSignal !== null) {
    return reject('PS-03', 'UpgradeGoAheadAlreadyProcessed', 'UpgradeGoAheadAlreadyProcessed');
  }
  return OK;
}

/**
 * PS-15 (`set_validation_data`, after included ancestors are dropped): while a block that consumed
 * the go-ahead signal is still in the unincluded segment, the relay state proof must report that
 * same signal ("sanity check that it matches with the signal from relay chain", an `assert_eq!`).
 */
export function checkGoAheadSignalInSegment(aggregate: SegmentTracker | null, signalFromRelay: UpgradeGoAhead | null): Verdict<'SegmentGoAheadSignalMismatch'> {
  const inSegment = aggregate?.consumedGoAheadSignal ?? null;
  // Verify the relay chain still reports the signal an unincluded ancestor acted on: otherwise the
  // segment applied (or discarded) an upgrade the relay chain no longer vouches for.
  if (isOn('PS-15') && inSegment !== null && signalFromRelay !== inSegment)
    return reject('PS-15', 'SegmentGoAheadSignalMismatch', `${PANIC_ERRORS.SegmentGoAheadSignalMismatch}: left: ${signalFromRelay ?? 'None'}, right: Some(${inSegment})`);
  return OK;
}

/**
 * PS-04: a `Trunk` watermark may not move below the latest one in the segment; `Head` is always
 * legal. At stable2506 an equal `Trunk` watermark is accepted (see the module header, point (a)).
 */
export function checkHrmpWatermark(tracker: SegmentTracker, update: HrmpWatermarkUpdate): Verdict<'InvalidHrmpWatermark'> {
  const latest = tracker.hrmpWatermark;
  // Verify inbound HRMP processing never goes backwards within the segment (messages would be re-processed).
  // Stryker disable next-line ConditionalExpression: equivalent, a null latest compares as 0 and no watermark is below 0.
  if (isOn('PS-04') && latest !== null && update.kind === 'Trunk' && update.watermark < latest) {
    return reject('PS-04', 'InvalidHrmpWatermark', `InvalidHrmpWatermark { submitted: ${update.watermark}, latest: ${latest} }`);
  }
  return OK;
}

/** `SegmentTracker::append`: go-ahead (PS-03), watermark (PS-04), then bandwidth (PS-02, PS-01). */
export function appendToSegmentTracker(
  tracker: SegmentTracker,
  block: Ancestor,
  update: HrmpWatermarkUpdate,
  limits: OutboundBandwidthLimits,
): Outcome<SegmentTracker> {
  const goAhead = checkGoAheadUnique(tracker, block);
  if (!goAhead.ok) return goAhead;
  const watermark = checkHrmpWatermark(tracker, update);
  if (!watermark.ok) return watermark;
  const used = appendUsedBandwidth(tracker.usedBandwidth, block.usedBandwidth, limits);
  if (!used.ok) return used;
  return okValue({
    usedBandwidth: used.value,
    hrmpWatermark: update.watermark,
    consumedGoAheadSignal: block.consumedGoAheadSignal ?? tracker.consumedGoAheadSignal,
  });
}

/**
 * PS-12 `SegmentTracker::subtract`: removes a block from the aggregate; if that block consumed the
 * go-ahead signal, it must be the one the aggregate holds (`assert_eq!`), which is then cleared.
 * The watermark is not reverted: blocks always leave from the tail of the segment.
 */
export function subtractFromSegmentTracker(tracker: SegmentTracker, block: Ancestor): Outcome<SegmentTracker> {
  // Verify an included block's bandwidth leaves the aggregate: otherwise the segment's remaining blocks
  // are charged for messages the relay chain already took, and the para stalls.
  if (!isOn('PS-12')) return okValue(tracker); // ablated: nothing leaves the aggregate
  const used = subtractUsedBandwidth(tracker.usedBandwidth, block.usedBandwidth);
  if (!used.ok) return used;
  let consumed = tracker.consumedGoAheadSignal;
  if (block.consumedGoAheadSignal !== null) {
    // Verify the signal leaving with this block is the one the segment recorded (a panic: `assert_eq!`).
    if (consumed !== block.consumedGoAheadSignal) {
      return reject(
        'PS-12',
        'GoAheadSignalMismatch',
        `${PANIC_ERRORS.GoAheadSignalMismatch}: left: ${consumed === null ? 'None' : `Some(${consumed})`}, right: Some(${block.consumedGoAheadSignal})`,
      );
    }
    consumed = null;
  }
  return okValue({ usedBandwidth: used.value, hrmpWatermark: tracker.hrmpWatermark, consumedGoAheadSignal: consumed });
}

/**
 * `size_after_included`: how many segment blocks come after the one whose head is `includedHash`
 * (the whole segment if none matches).
 */
export function sizeAfterIncluded(includedHash: Hash, segment: readonly Ancestor[]): number {
  const pos = segment.findIndex((a) => a.paraHeadHash === includedHash);
  return segment.length - (pos + 1); // pos is -1 when none matches
}

// ---------------------------------------------------------------------------------------------
// Per-block lifecycle (lib.rs)
// ---------------------------------------------------------------------------------------------

/** The part of `parachain-system`'s storage this module models. Plain data. */
export interface ParachainSystemState {
  /** `UnincludedSegment`: oldest first. */
  readonly unincludedSegment: readonly Ancestor[];
  /** `AggregatedUnincludedSegment` (`OptionQuery`). */
  readonly aggregatedUnincludedSegment: SegmentTracker | null;
  /** `LastRelayChainBlockNumber` (`ValueQuery`, 0 at genesis). */
  readonly lastRelayChainBlockNumber: BlockNumber;
}

export const GENESIS_PARACHAIN_SYSTEM_STATE: ParachainSystemState = Object.freeze({
  unincludedSegment: Object.freeze([]) as readonly Ancestor[],
  aggregatedUnincludedSegment: null,
  lastRelayChainBlockNumber: 0,
});

/** `Config::CheckAssociatedRelayNumber` implementations. */
export type RelayNumberCheck = 'RelayNumberStrictlyIncreases' | 'RelayNumberMonotonicallyIncreases' | 'AnyRelayNumber';

/**
 * PS-05 `CheckAssociatedRelayNumber::check_associated_relay_number`: the relay parent number of a
 * parachain block against the one of its parent block. Async backing needs the monotonic variant
 * (several parachain blocks may share a relay parent).
 */
export function checkAssociatedRelayNumber(
  check: RelayNumberCheck,
  current: BlockNumber,
  previous: BlockNumber,
): Verdict<'RelayNumberNotIncreased' | 'RelayNumberDecreased'> {
  if (!isOn('PS-05')) return OK;
  // Verify the relay parent strictly advances (sync backing: one parachain block per relay parent).
  if (check === 'RelayNumberStrictlyIncreases' && current <= previous) {
    return reject('PS-05', 'RelayNumberNotIncreased', PANIC_ERRORS.RelayNumberNotIncreased);
  }
  // Verify the relay parent never moves backwards (async backing: equal is allowed).
  if (check === 'RelayNumberMonotonicallyIncreases' && current < previous) {
    return reject('PS-05', 'RelayNumberDecreased', PANIC_ERRORS.RelayNumberDecreased);
  }
  return OK;
}

/**
 * PS-06 the included head `maybe_drop_included_ancestors` works from: the one read from the relay
 * state proof; when the consensus hook expects the parent to be included, it must be the parent
 * (and stands in for a proof without it, a workaround for old collators).
 */
export function resolveIncludedHead(
  includedHeadInProof: Hash | null,
  capacity: UnincludedSegmentCapacity,
  parentHash: Hash,
): Outcome<Hash, 'ParentNotIncluded' | 'IncludedHeadMissing'> {
  const expecting = capacity.kind === 'ExpectParentIncluded';
  if (includedHeadInProof !== null) {
    // Verify a hook that requires the parent to be included sees exactly the parent included.
    if (isOn('PS-06') && expecting && includedHeadInProof !== parentHash) {
      return reject('PS-06', 'ParentNotIncluded', `${PANIC_ERRORS.ParentNotIncluded}: left: ${includedHeadInProof}, right: ${parentHash}`);
    }
    return okValue(includedHeadInProof);
  }
  if (expecting) return okValue(parentHash);
  // Verify the proof names the included head (otherwise the segment cannot be trimmed safely).
  if (isOn('PS-06')) return reject('PS-06', 'IncludedHeadMissing', PANIC_ERRORS.IncludedHeadMissing);
  return okValue(parentHash);
}

/** `UnincludedSegmentCapacity::get`. */
export function capacityValue(capacity: UnincludedSegmentCapacity): number {
  return capacity.kind === 'ExpectParentIncluded' ? 1 : capacity.value;
}

/**
 * PS-07 `maybe_drop_included_ancestors`: drop every segment block up to and including the included
 * one (nothing if it is not in the segment), take them off the aggregate, then require room for the
 * block being built: `new_len < capacity`, so the segment including the new block is `<= capacity`.
 */
export function maybeDropIncludedAncestors(
  state: ParachainSystemState,
  includedHead: Hash,
  capacity: UnincludedSegmentCapacity,
): Outcome<ParachainSystemState> {
  const segment = state.unincludedSegment;
  let idx = 0;
  for (const [i, ancestorBlock] of segment.entries()) {
    const head = ancestorBlock.paraHeadHash;
    // Verify every scanned ancestor has its head hash (set by the next block's `on_initialize`).
    if (head === null) return reject('PS-07', 'ParaHeadHashMissing', PANIC_ERRORS.ParaHeadHashMissing);
    if (head === includedHead) {
      idx = i + 1; // inclusive
      break;
    }
  }
  const dropped = segment.slice(0, idx);
  const kept = segment.slice(idx);
  let aggregated = state.aggregatedUnincludedSegment;
  if (dropped.length > 0) {
    if (aggregated === null) return reject('PS-07', 'AggregatedSegmentMissing', PANIC_ERRORS.AggregatedSegmentMissing);
    for (const block of dropped) {
      const sub = subtractFromSegmentTracker(aggregated, block);
      if (!sub.ok) return sub;
      aggregated = sub.value;
    }
  }
  const newLen = kept.length;
  const cap = capacityValue(capacity);
  // Verify there is room for the block being built (the segment never exceeds the hook's capacity).
  if (isOn('PS-07') && !(newLen < cap)) {
    return reject('PS-07', 'NoSpaceInUnincludedSegment', PANIC_ERRORS.NoSpaceInUnincludedSegment);
  }
  return okValue({ ...state, unincludedSegment: kept, aggregatedUnincludedSegment: aggregated });
}

/** `on_initialize`: the last ancestor's output head is the parent of the block now executing. */
export function onInitialize(state: ParachainSystemState, parentHash: Hash): ParachainSystemState {
  const segment = state.unincludedSegment;
  const last = segment[segment.length - 1];
  if (last === undefined) return state;
  return { ...state, unincludedSegment: [...segment.slice(0, -1), { ...last, paraHeadHash: parentHash }] };
}

/** What a block produced, as `on_finalize` sees it. */
export interface BlockOutputs {
  /** Sizes of the upward messages actually sent. */
  readonly upwardMessageSizes: readonly number[];
  /** HRMP messages actually sent (at most one per recipient). */
  readonly horizontalMessages: readonly OutboundHrmpMessage[];
  /** `HrmpWatermark` after processing inbound HRMP (the relay parent number if nothing was left). */
  readonly hrmpWatermark: BlockNumber;
  /** `vfp.relay_parent_number`. */
  readonly relayParentNumber: BlockNumber;
  /** `UpgradeGoAhead` read from the relay state proof in this block. */
  readonly upgradeGoAhead: UpgradeGoAhead | null;
}

/**
 * `on_finalize`: records the relay parent number, builds this block's `Ancestor` (it consumes the
 * go-ahead signal only if no ancestor already did), appends it to the aggregate against the
 * relay-reported limits (the source `expect`s success: "unincluded segment limits exceeded"), and
 * pushes it to the segment with an unknown head hash.
 */
export function onFinalize(state: ParachainSystemState, outputs: BlockOutputs, totalBandwidthOut: OutboundBandwidthLimits): Outcome<ParachainSystemState> {
  const aggregated = state.aggregatedUnincludedSegment ?? EMPTY_SEGMENT_TRACKER;
  const consumedGoAheadSignal = aggregated.consumedGoAheadSignal !== null ? null : outputs.upgradeGoAhead;
  const ancestor: Ancestor = {
    usedBandwidth: usedBandwidthOfBlock(outputs.upwardMessageSizes, outputs.horizontalMessages),
    paraHeadHash: null,
    consumedGoAheadSignal,
  };
  const appended = appendToSegmentTracker(aggregated, ancestor, hrmpWatermarkUpdate(outputs.hrmpWatermark, outputs.relayParentNumber), totalBandwidthOut);
  if (!appended.ok) {
    return { ...appended, detail: `unincluded segment limits exceeded: ${appended.detail ?? appended.error}` };
  }
  return okValue({
    unincludedSegment: [...state.unincludedSegment, ancestor],
    aggregatedUnincludedSegment: appended.value,
    lastRelayChainBlockNumber: outputs.relayParentNumber,
  });
}

/** The sum of the segment's bandwidth, as the aggregate should hold it (used by properties). */
export function sumSegmentBandwidth(segment: readonly Ancestor[]): UsedBandwidth {
  let umpMsgCount = 0;
  let umpTotalBytes = 0;
  const hrmpOutgoing: Record<ParaId, HrmpChannelUpdate> = {};
  for (const a of segment) {
    umpMsgCount += a.usedBandwidth.umpMsgCount;
    umpTotalBytes += a.usedBandwidth.umpTotalBytes;
    for (const [id, u] of channelEntries(a.usedBandwidth.hrmpOutgoing)) {
      const prev = hrmpOutgoing[id] ?? { msgCount: 0, totalBytes: 0 };
      hrmpOutgoing[id] = { msgCount: prev.msgCount + u.msgCount, totalBytes: prev.totalBytes + u.totalBytes };
    }
  }
  dropEmptyChannels(hrmpOutgoing);
  return { umpMsgCount, umpTotalBytes, hrmpOutgoing };
}
