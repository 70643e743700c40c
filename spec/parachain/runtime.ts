/**
 * One parachain block through `parachain-system` (+ the configured consensus hook), in the order of
 * the source at polkadot-stable2506 (`cumulus/pallets/parachain-system/src/lib.rs`):
 *   1. `on_initialize`: the last segment ancestor learns its head hash (the parent hash);
 *   2. `set_validation_data`: `CheckAssociatedRelayNumber` (PS-05), `ConsensusHook::on_state_proof`
 *      (PS-08..PS-10 for the fixed-velocity hook), `maybe_drop_included_ancestors` (PS-06, PS-07),
 *      the go-ahead signal against the segment's (PS-15; the `assert!` that a `GoAhead` finds a
 *      pending validation code is not modelled: the model keeps no `PendingValidationCode`);
 *   3. `on_finalize`: `LastRelayChainBlockNumber`, the block's `Ancestor` appended to the aggregate
 *      (PS-01..PS-04) and to the segment.
 *
 * A rejection anywhere means the block is invalid (a panic in the source), so no state change of
 * that block survives: the function returns the new state only on success.
 *
 * Simplifications: the relay state proof is replaced by its reads (relay slot, included head,
 * messaging snapshot, go-ahead signal); the para slot is `pallet_aura`'s `CurrentSlot` from the
 * block's pre-runtime digest; message selection in `on_finalize` is not modelled (outputs are what
 * the block sent); weights are not modelled. Everything is plain data.
 */
import type { BlockNumber, Hash } from '../types.ts';
import {
  fixedCapacityUnincludedSegment,
  expectParentIncluded,
  fixedVelocityOnStateProof,
  type FixedVelocityParams,
  type RelaySlotInfo,
  type UnincludedSegmentCapacity,
} from './consensusHook.ts';
import {
  adjustEgressBandwidthLimits,
  checkAssociatedRelayNumber,
  checkGoAheadSignalInSegment,
  EMPTY_USED_BANDWIDTH,
  GENESIS_PARACHAIN_SYSTEM_STATE,
  maybeDropIncludedAncestors,
  okValue,
  onFinalize,
  onInitialize,
  outboundLimitsFromRelayState,
  resolveIncludedHead,
  type BlockOutputs,
  type MessagingStateSnapshot,
  type OutboundBandwidthLimits,
  type Outcome,
  type ParachainSystemState,
  type RelayNumberCheck,
} from './unincludedSegment.ts';

/** `Config::ConsensusHook` choices modelled. */
export type ConsensusHookConfig =
  | { readonly kind: 'FixedVelocity'; readonly params: FixedVelocityParams }
  | { readonly kind: 'ExpectParentIncluded' }
  | { readonly kind: 'FixedCapacity'; readonly capacity: number };

export interface ParachainRuntimeConfig {
  readonly relayNumberCheck: RelayNumberCheck;
  readonly consensusHook: ConsensusHookConfig;
}

/** The runtime state the model tracks: parachain-system's segment plus aura-ext's slot info. */
export interface ParachainRuntimeState {
  readonly system: ParachainSystemState;
  readonly relaySlotInfo: RelaySlotInfo | null;
}

export const GENESIS_PARACHAIN_RUNTIME_STATE: ParachainRuntimeState = Object.freeze({
  system: GENESIS_PARACHAIN_SYSTEM_STATE,
  relaySlotInfo: null,
});

/** What one block is executed with. */
export interface ParachainBlockInput {
  readonly parentHash: Hash;
  readonly relayParentNumber: BlockNumber;
  /** Relay slot read from the relay state proof. */
  readonly relaySlot: number;
  /** `pallet_aura::CurrentSlot` of this block. */
  readonly paraSlot: number;
  /** Head hash of the para's included block in the relay state proof (`null` = absent). */
  readonly includedHeadInProof: Hash | null;
  /** The relay chain's messaging snapshot at the relay parent. */
  readonly messagingState: MessagingStateSnapshot;
  readonly outputs: Omit<BlockOutputs, 'relayParentNumber'>;
}

/** `ConsensusHook::on_state_proof` for the configured hook. */
export function runConsensusHook(
  config: ConsensusHookConfig,
  relaySlotInfo: RelaySlotInfo | null,
  relaySlot: number,
  paraSlot: number,
): Outcome<{ readonly relaySlotInfo: RelaySlotInfo | null; readonly capacity: UnincludedSegmentCapacity }> {
  switch (config.kind) {
    case 'FixedVelocity':
      return fixedVelocityOnStateProof(config.params, relaySlotInfo, relaySlot, paraSlot);
    case 'ExpectParentIncluded':
      return okValue({ relaySlotInfo, capacity: expectParentIncluded() });
    case 'FixedCapacity':
      return okValue({ relaySlotInfo, capacity: fixedCapacityUnincludedSegment(config.capacity) });
  }
}

/**
 * The bandwidth a new block may still use: relay-reported remaining minus the segment's usage
 * (`adjust_egress_bandwidth_limits`), after included ancestors were dropped.
 */
export function availableBandwidth(system: ParachainSystemState, messagingState: MessagingStateSnapshot): OutboundBandwidthLimits {
  return adjustEgressBandwidthLimits(
    outboundLimitsFromRelayState(messagingState),
    system.aggregatedUnincludedSegment?.usedBandwidth ?? EMPTY_USED_BANDWIDTH,
  );
}

/** Executes one parachain block; returns the state after it, or the rule that rejects it. */
export function executeParachainBlock(
  config: ParachainRuntimeConfig,
  state: ParachainRuntimeState,
  input: ParachainBlockInput,
): Outcome<ParachainRuntimeState> {
  let system = onInitialize(state.system, input.parentHash);
  const relayNumber = checkAssociatedRelayNumber(config.relayNumberCheck, input.relayParentNumber, system.lastRelayChainBlockNumber);
  if (!relayNumber.ok) return relayNumber;
  const hook = runConsensusHook(config.consensusHook, state.relaySlotInfo, input.relaySlot, input.paraSlot);
  if (!hook.ok) return hook;
  const included = resolveIncludedHead(input.includedHeadInProof, hook.value.capacity, input.parentHash);
  if (!included.ok) return included;
  const dropped = maybeDropIncludedAncestors(system, included.value, hook.value.capacity);
  if (!dropped.ok) return dropped;
  system = dropped.value;
  const goAhead = checkGoAheadSignalInSegment(system.aggregatedUnincludedSegment, input.outputs.upgradeGoAhead);
  if (!goAhead.ok) return goAhead;
  const finalized = onFinalize(
    system,
    { ...input.outputs, relayParentNumber: input.relayParentNumber },
    outboundLimitsFromRelayState(input.messagingState),
  );
  if (!finalized.ok) return finalized;
  return okValue({ system: finalized.value, relaySlotInfo: hook.value.relaySlotInfo });
}
