/**
 * Consensus hooks: how a parachain runtime decides the capacity of its unincluded segment and how
 * fast it may author blocks.
 *
 * Sources at polkadot-stable2506:
 * - `cumulus/pallets/parachain-system/src/consensus_hook.rs`: `UnincludedSegmentCapacity`,
 *   `ExpectParentIncluded`, `RequireParentIncluded`, `FixedCapacityUnincludedSegment<N>`.
 * - `cumulus/pallets/aura-ext/src/consensus_hook.rs`: `FixedVelocityConsensusHook<T,
 *   RELAY_CHAIN_SLOT_DURATION_MILLIS, V, C>` (`on_state_proof`, `can_build_upon`), with the tests
 *   of `cumulus/pallets/aura-ext/src/test.rs`.
 *
 * What we saw and what we chose (open point (b) of RULES.md §3.3):
 * - Three stored versions of `on_state_proof`. OLDER (2023–2024): a per-PARACHAIN-slot counter
 *   `SlotInfo`, `assert_eq!(slot, para_slot_from_relay, "slot number mismatch")`, panic if
 *   `authored > V + 1`. STABLE2503–2506: PR #6825 "Parachains: Use relay chain slot for velocity
 *   measurement" (merged December 2024 as d5539aa, so in stable2503 and stable2506) replaces it by a
 *   per-RELAY-slot counter `RelaySlotInfo = (relay_slot, authored)`: stored slot > proof slot panics
 *   "Slot moved backwards"; a new relay slot restarts the count at 0; `authored > V` panics
 *   "authored blocks limit is reached for the slot" (so at most V + 1 blocks per relay slot);
 *   `RelaySlotInfo = (slot, authored + 1)`; then the para slot (`pallet_aura::CurrentSlot`) panics
 *   only when GREATER than the relay-derived slot ("Parachain slot is too far in the future"). The
 *   matching `test.rs` (with `RelayParentOffset = ConstU32<0>`, i.e. the stable2506 config trait)
 *   has `test_para_slot_too_high` cases (6000, 9, 10) and (2000, 29, 10) passing and only the
 *   `>` cases panicking. NEWER: PR #9712 "Harden slot check between relay-parent and parachain"
 *   requires equality; its prdoc sits unreleased at the repository root after the stable2506 prdocs
 *   (the last of which is #9202), so it is not in the pinned tag. We model the `>`-only check.
 * - `can_build_upon` compares its `new_slot` with the stored RELAY slot; since #6825 the lookahead
 *   collator passes the relay slot of its relay parent (see `collator.ts`).
 *
 * Simplifications and deviations:
 * - Panics become rejections (short error names chosen here: `SlotMovedBackwards`,
 *   `AuthoredBlocksLimitReached`, `ParaSlotTooFarInFuture`; detail = the Rust panic message).
 * - The relay slot comes from the relay state proof and the para slot from `pallet_aura`'s
 *   `CurrentSlot`; both are inputs. Weights are not modelled.
 * - `Slot::from_timestamp(t, d)` is `floor(t / d)`; JS numbers are exact up to 2^53, far above
 *   realistic `slot × duration` products (the source saturates at u64).
 * - `can_build_upon` tests `size_after_included >= C` with the raw `C`, not `max(C, 1)`: with
 *   `C = 0` the runtime API always answers false (the collator then only builds directly on the
 *   included block, see `collator.ts`). Kept as in the source.
 * - pallet_aura's own "Slot must increase" check (relaxed by `AllowMultipleBlocksPerSlot`) is not
 *   modelled here.
 */
import { isOn } from '../ablation.ts';
import { OK, reject, type Verdict } from '../rule.ts';
import type { Hash } from '../types.ts';
import { okValue, sizeAfterIncluded, type Ancestor, type Outcome } from './unincludedSegment.ts';

/** `UnincludedSegmentCapacity`: a value, or "1, and the parent must be included". */
export type UnincludedSegmentCapacity =
  | { readonly kind: 'ExpectParentIncluded' }
  | { readonly kind: 'Value'; readonly value: number };

/** `ExpectParentIncluded` / `RequireParentIncluded`: sync-backing behaviour (capacity 1). */
export function expectParentIncluded(): UnincludedSegmentCapacity {
  return { kind: 'ExpectParentIncluded' };
}

/** `FixedCapacityUnincludedSegment<N>`: capacity `max(N, 1)`. */
export function fixedCapacityUnincludedSegment(n: number): UnincludedSegmentCapacity {
  return { kind: 'Value', value: Math.max(n, 1) };
}

/** The const generics of `FixedVelocityConsensusHook` plus the para slot duration it reads. */
export interface FixedVelocityParams {
  /** `RELAY_CHAIN_SLOT_DURATION_MILLIS`. */
  readonly relayChainSlotDurationMs: number;
  /** `V`: blocks processed by the relay chain per relay parent. */
  readonly velocity: number;
  /** `C`: unincluded segment capacity. */
  readonly capacity: number;
  /** `Aura::slot_duration()` (the runtime's `SLOT_DURATION`). */
  readonly paraSlotDurationMs: number;
}

/** `aura-ext`'s `RelaySlotInfo` storage: the last relay slot and blocks authored in it. */
export interface RelaySlotInfo {
  readonly slot: number;
  readonly authored: number;
}

/** `Slot::from_timestamp(relay_slot * RELAY_CHAIN_SLOT_DURATION_MILLIS, para_slot_duration)`. */
export function paraSlotFromRelaySlot(relaySlot: number, relayChainSlotDurationMs: number, paraSlotDurationMs: number): number {
  return Math.floor((relaySlot * relayChainSlotDurationMs) / paraSlotDurationMs);
}

/** `V.max(1)`: a velocity of 0 still allows one block. */
export function effectiveVelocity(velocity: number): number {
  return Math.max(velocity, 1);
}

/**
 * PS-08: the relay slot seen by consecutive parachain blocks never moves backwards. Returns the
 * count of blocks already authored in `relaySlot` (0 for a new slot or no stored info).
 */
export function checkRelaySlotNotBackwards(stored: RelaySlotInfo | null, relaySlot: number): Outcome<number, 'SlotMovedBackwards'> {
  if (stored === null || stored.slot < relaySlot) return okValue(0);
  if (stored.slot === relaySlot) return okValue(stored.authored);
  // Verify the relay slot did not go back (a stale relay parent would reset the velocity count).
  if (isOn('PS-08')) {
    return reject('PS-08', 'SlotMovedBackwards', `Slot moved backwards: stored_slot=Slot(${stored.slot}), relay_chain_slot=Slot(${relaySlot})`);
  }
  return okValue(0);
}

/** PS-09: at most `V + 1` parachain blocks per relay slot (`V = 0` treated as 1). */
export function checkVelocity(authoredBefore: number, relaySlot: number, velocity: number): Verdict<'AuthoredBlocksLimitReached'> {
  const v = effectiveVelocity(velocity);
  // Verify this block is among the first V + 1 of the relay slot ("one additional block to fill the unincluded segment").
  if (isOn('PS-09') && authoredBefore > v) {
    return reject(
      'PS-09',
      'AuthoredBlocksLimitReached',
      `authored blocks limit is reached for the slot: relay_chain_slot=Slot(${relaySlot}), authored=${authoredBefore}, velocity=${v}`,
    );
  }
  return OK;
}

/** PS-10: the parachain slot may not be ahead of the slot derived from the relay slot (`>` only at stable2506). */
export function checkParaSlotNotAhead(paraSlot: number, relaySlot: number, params: FixedVelocityParams): Verdict<'ParaSlotTooFarInFuture'> {
  const derived = paraSlotFromRelaySlot(relaySlot, params.relayChainSlotDurationMs, params.paraSlotDurationMs);
  // Verify the block's Aura slot is not in the future of its relay parent (stops authoring ahead of time).
  if (isOn('PS-10') && paraSlot > derived) {
    return reject(
      'PS-10',
      'ParaSlotTooFarInFuture',
      `Parachain slot is too far in the future: parachain_slot=Slot(${paraSlot}), derived_from_relay_slot=Slot(${derived}) velocity=${effectiveVelocity(params.velocity)}, relay_chain_slot=Slot(${relaySlot})`,
    );
  }
  return OK;
}

/** Result of `FixedVelocityConsensusHook::on_state_proof`: the new `RelaySlotInfo` and the capacity. */
export interface OnStateProofResult {
  readonly relaySlotInfo: RelaySlotInfo;
  readonly capacity: UnincludedSegmentCapacity;
}

/**
 * `FixedVelocityConsensusHook::on_state_proof` at stable2506, in the source's order: relay slot
 * backwards (PS-08), velocity (PS-09), store the count, para slot (PS-10); capacity `max(C, 1)`.
 */
export function fixedVelocityOnStateProof(
  params: FixedVelocityParams,
  stored: RelaySlotInfo | null,
  relaySlot: number,
  paraSlot: number,
): Outcome<OnStateProofResult> {
  const before = checkRelaySlotNotBackwards(stored, relaySlot);
  if (!before.ok) return before;
  const velocity = checkVelocity(before.value, relaySlot, params.velocity);
  if (!velocity.ok) return velocity;
  const relaySlotInfo: RelaySlotInfo = { slot: relaySlot, authored: before.value + 1 };
  const paraSlotCheck = checkParaSlotNotAhead(paraSlot, relaySlot, params);
  if (!paraSlotCheck.ok) return paraSlotCheck;
  return okValue({ relaySlotInfo, capacity: fixedCapacityUnincludedSegment(params.capacity) });
}

/**
 * PS-11 `FixedVelocityConsensusHook::can_build_upon` (runtime API `AuraUnincludedSegmentApi`):
 * may a block be built on the block whose state is given, assuming `includedHash` is the included
 * block at the chosen relay parent and `newSlot` its relay slot? No stored slot info ⇒ yes; a full
 * segment (`size_after_included >= C`) ⇒ no; the same slot ⇒ fewer than `V + 1` authored so far;
 * otherwise the slot must advance.
 */
export function canBuildUpon(
  params: Pick<FixedVelocityParams, 'velocity' | 'capacity'>,
  state: { readonly relaySlotInfo: RelaySlotInfo | null; readonly unincludedSegment: readonly Ancestor[] },
  includedHash: Hash,
  newSlot: number,
): boolean {
  if (!isOn('PS-11')) return true;
  const velocity = effectiveVelocity(params.velocity);
  const info = state.relaySlotInfo;
  if (info === null) return true;
  // Verify the segment has room after the included block (never author into a full segment).
  if (sizeAfterIncluded(includedHash, state.unincludedSegment) >= params.capacity) return false;
  // Verify the per-relay-slot budget of V + 1 blocks is not spent.
  if (info.slot === newSlot) return info.authored < velocity + 1;
  // Verify the slot does not move backwards.
  // Stryker disable next-line EqualityOperator: equivalent, equal slots returned above.
  return info.slot < newSlot;
}
