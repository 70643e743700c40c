/**
 * The allowed-relay-parents tracker of the `shared` pallet.
 * Source: polkadot/runtime/parachains/src/shared.rs (`AllowedRelayParentsTracker`), at the pinned tag.
 *
 * Deviations: the per-entry claim-queue snapshot stored since storage v1 is left out (the model's
 * claim queue is static, see spec/params.ts); storage roots are carried because the PVD commits to them.
 */
import { isOn } from '../ablation.ts';
import type { BlockNumber, Hash } from '../types.ts';

export interface AllowedRelayParent {
  readonly relayParent: Hash;
  readonly stateRoot: Hash;
}

/** `AllowedRelayParentsTracker { buffer, latest_number }`; the buffer is oldest first. */
export interface AllowedRelayParentsTracker {
  readonly buffer: readonly AllowedRelayParent[];
  readonly latestNumber: BlockNumber;
}

export const EMPTY_TRACKER: AllowedRelayParentsTracker = { buffer: [], latestNumber: 0 };

/**
 * RT-01 `update`: push the new relay parent, set `latest_number`, and keep at most `max_ancestry_len`
 * entries. At polkadot-stable2506 the caller (`paras_inherent::process_inherent_data`) passes
 * `scheduler_params.lookahead` as `max_ancestry_len` (PR #7254 removed the classic `+ 1` and the use
 * of `allowed_ancestry_len`), so block N accepts relay parents `N-lookahead … N-1`: the classic
 * `allowed_ancestry_len + 1` blocks. A relay parent already in the buffer is ignored.
 */
export function updateAllowedRelayParents(
  tracker: AllowedRelayParentsTracker,
  relayParent: Hash,
  stateRoot: Hash,
  number: BlockNumber,
  maxAncestryLen: number,
): AllowedRelayParentsTracker {
  // Verify the relay parent is new: a duplicate entry would make two numbers map to one hash.
  if (tracker.buffer.some((e) => e.relayParent === relayParent)) return tracker;
  const buffer = [...tracker.buffer, { relayParent, stateRoot }];
  // Verify the window holds `max_ancestry_len` blocks: older relay parents must stop being accepted.
  const keep = isOn('RT-01') ? maxAncestryLen : maxAncestryLen + 1;
  while (buffer.length > keep) buffer.shift();
  return { buffer, latestNumber: number };
}

export interface RelayParentInfo {
  readonly stateRoot: Hash;
  readonly number: BlockNumber;
}

/**
 * RT-02 `acquire_info`: the relay parent's storage root and number if it is in the window and, when
 * `prev` (the para's most recent context) is given, not older than it (equal is allowed).
 */
export function acquireInfo(
  tracker: AllowedRelayParentsTracker,
  relayParent: Hash,
  prev: BlockNumber | undefined,
): RelayParentInfo | null {
  const pos = tracker.buffer.findIndex((e) => e.relayParent === relayParent);
  // Verify the relay parent is in the window: an unknown or expired relay parent is not allowed.
  if (pos < 0) return null;
  const entry = tracker.buffer[pos]!;
  const number = tracker.latestNumber - (tracker.buffer.length - 1 - pos);
  // Verify relay parents never go backwards for the para: a candidate may not claim an older context.
  if (isOn('RT-02') && prev !== undefined && prev > number) return null;
  return { stateRoot: entry.stateRoot, number };
}

/**
 * RT-03 `hypothetical_earliest_block_number`: the oldest relay-parent number a candidate built now
 * may use in the next block: `now - min(max_ancestry_len, buffer.len())`.
 */
export function hypotheticalEarliestBlockNumber(
  tracker: AllowedRelayParentsTracker,
  now: BlockNumber,
  maxAncestryLen: number,
): BlockNumber {
  if (!isOn('RT-03')) return now - Math.min(maxAncestryLen, tracker.buffer.length) - 1;
  return now - Math.min(maxAncestryLen, tracker.buffer.length);
}
