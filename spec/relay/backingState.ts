/**
 * The runtime API the node reads at an active leaf: `backing_state(leaf, para)` (the para's
 * constraints and its candidates pending availability) and the relay-chain ancestry the node may
 * use as relay parents.
 * Source: polkadot/runtime/parachains/src/runtime_api_impl/v*.rs :: backing_state (via
 * `inclusion_emulator::Constraints` on the node), at the pinned tag.
 *
 * Deviations: the model has no UMP/HRMP/DMP queues or code upgrades on the relay side yet, so their
 * constraints are "unlimited" (no messages queued, no channels, no pending upgrade); the candidates
 * the model's collators build send no messages, so these limits never bind.
 */
import { isOn } from '../ablation.ts';
import type { ModelParams } from '../params.ts';
import type { Constraints } from '../node/inclusionEmulator.ts';
import type { PendingCandidate as NodePendingCandidate } from '../node/fragmentChain.ts';
import type { ParaId, RelayChainBlockInfo } from '../types.ts';
import type { RelayRuntimeState } from './state.ts';
import { hypotheticalEarliestBlockNumber } from './tracker.ts';

export interface BackingState {
  readonly constraints: Constraints;
  readonly pendingAvailability: readonly NodePendingCandidate[];
}

/** Limits the model does not exercise, chosen so they never bind (see the module deviation). */
const UNLIMITED = 1_000_000_000;

/**
 * RT-23 `backing_state`: the constraints the next candidate of `para` must satisfy at this leaf and
 * its candidates pending availability, in chain order with their PVDs. `min_relay_parent_number` is
 * `hypothetical_earliest_block_number(now, lookahead - 1)` (RT-03); `required_parent` is the
 * *included* head (pending candidates are the chain's prefix).
 */
export function backingState(
  state: RelayRuntimeState,
  params: ModelParams,
  para: ParaId,
  relayBlock: (hash: string) => RelayChainBlockInfo | undefined,
): BackingState | null {
  const p = state.paras[para];
  if (!p) return null;
  const minRelayParentNumber = hypotheticalEarliestBlockNumber(state.tracker, state.blockNumber, params.asyncBacking.allowedAncestryLen);
  const constraints: Constraints = {
    minRelayParentNumber,
    maxPovSize: params.maxPovSize,
    maxCodeSize: UNLIMITED,
    umpRemaining: UNLIMITED,
    umpRemainingBytes: UNLIMITED,
    maxUmpNumPerCandidate: UNLIMITED,
    dmpRemainingMessages: [],
    hrmpInbound: { validWatermarks: [] },
    hrmpChannelsOut: {},
    maxHrmpNumPerCandidate: UNLIMITED,
    // Verify the node builds from the included head (RT-23): the pending chain is its prefix.
    requiredParent: isOn('RT-23') ? p.head : (p.pending.at(-1)?.headData ?? p.head),
    validationCodeHash: p.codeHash,
    upgradeRestriction: null,
    futureValidationCode: null,
  };
  const pendingAvailability: NodePendingCandidate[] = [];
  for (const c of p.pending) {
    const rp = relayBlock(c.relayParent);
    if (!rp) break; // the relay parent must be known to the node; polkadot-sdk stops at the first unknown one
    pendingAvailability.push({
      candidate: c.candidate,
      persistedValidationData: { parentHead: c.parentHead, relayParentNumber: c.relayParentNumber, relayParentStorageRoot: rp.storageRoot, maxPovSize: params.maxPovSize },
      relayParent: rp,
    });
  }
  return { constraints, pendingAvailability };
}
