/**
 * The runtime API the node reads at an active leaf: `backing_state(leaf, para)` (the para's
 * constraints and its candidates pending availability) and the relay-chain ancestry the node may
 * use as relay parents.
 * Source: polkadot/runtime/parachains/src/runtime_api_impl/v*.rs :: backing_state (via
 * `inclusion_emulator::Constraints` on the node), at the pinned tag.
 *
 * The message and code constraints come from the para's queues (spec/relay/messaging.ts):
 * `ump_remaining(_bytes)` = the host limits minus the upward queue, `dmp_remaining_messages` = the
 * sent-at numbers of the downward queue, `valid_watermarks` = `hrmp::valid_watermarks`, the outbound
 * channels' remaining capacity, `max_code_size`, the upgrade restriction and the future code.
 *
 * Deviation: the PVF pre-checking and go-ahead signals behind `future_validation_code` are not
 * modelled (see spec/relay/messaging.ts).
 */
import { isOn } from '../ablation.ts';
import { messagingOf, type ModelParams } from '../params.ts';
import { validWatermarks } from './messaging.ts';
import type { OutboundHrmpChannelLimitations } from '../node/inclusionEmulator.ts';
import type { Constraints } from '../node/inclusionEmulator.ts';
import type { PendingCandidate as NodePendingCandidate } from '../node/fragmentChain.ts';
import type { ParaId, RelayChainBlockInfo } from '../types.ts';
import type { RelayRuntimeState } from './state.ts';
import { hypotheticalEarliestBlockNumber } from './tracker.ts';

export interface BackingState {
  readonly constraints: Constraints;
  readonly pendingAvailability: readonly NodePendingCandidate[];
}

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
  const m = messagingOf(params);
  const hrmpChannelsOut: Record<number, OutboundHrmpChannelLimitations> = {};
  for (const [recipient, ch] of Object.entries(p.hrmpOutbound))
    hrmpChannelsOut[Number(recipient)] = { messagesRemaining: Math.max(0, ch.maxCapacity - ch.msgCount), bytesRemaining: Math.max(0, ch.maxTotalSize - ch.totalSize) };
  const umpBytes = p.ump.reduce((a, b) => a + b, 0);
  const constraints: Constraints = {
    minRelayParentNumber,
    maxPovSize: params.maxPovSize,
    maxCodeSize: m.maxCodeSize,
    // Saturating, as the runtime API computes them.
    umpRemaining: Math.max(0, m.maxUpwardQueueCount - p.ump.length),
    umpRemainingBytes: Math.max(0, m.maxUpwardQueueSize - umpBytes),
    maxUmpNumPerCandidate: m.maxUpwardMessageNumPerCandidate,
    dmpRemainingMessages: [...p.dmq],
    hrmpInbound: { validWatermarks: validWatermarks(p) },
    hrmpChannelsOut,
    maxHrmpNumPerCandidate: m.hrmpMaxMessageNumPerCandidate,
    // Verify the node builds from the included head (RT-23): the pending chain is its prefix.
    requiredParent: isOn('RT-23') ? p.head : (p.pending.at(-1)?.headData ?? p.head),
    validationCodeHash: p.codeHash,
    upgradeRestriction: p.upgradeRestrictedUntil !== null ? 'Present' : null,
    futureValidationCode: p.futureCode !== null ? { at: p.futureCode.at, codeHash: p.futureCode.hash } : null,
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
