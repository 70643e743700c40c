/**
 * The honest block author of the network: the provisioner (polkadot/node/core/provisioner/src/lib.rs
 * :: `request_backable_candidates`, `select_candidates`) builds its `GetBackableCandidates` requests
 * from the availability cores at the parent and this block's bitfields (`backableCandidatesRequests`,
 * PP-43), asks the node's view at the parent (`getBackableCandidates`: answered at active leaves only,
 * PP-40) and supplies the answers with the votes the node collected.
 *
 * The cores as the provisioner sees them (`availability_cores` at the parent, machines/network.ts
 * `provisionerCores`):
 * a core without a candidate is scheduled for the para it serves (static assignment: the claim
 * queue's front), or free if it serves none; an occupied core's candidate is available when its
 * availability votes so far and this block's bitfields together reach two thirds of the validators
 * (`bitfields_indicate_availability`), timed out when the runtime's availability-timeout check of the
 * block under construction frees it (RT-15, RT-16: what `time_out_at <= block under construction`
 * reports), and `next_up_on_available` / `next_up_on_time_out` are the para the core serves.
 *
 * Deviations: disputes are not considered (the network's authors include none); `select_candidates`'
 * rule of one candidate with new validation code per block is not modelled (the runtime model accepts
 * more, and honest collators rarely upgrade in the same block); the answers are zipped with no core
 * (each candidate names its core in its descriptor, which the runtime checks, RT-10).
 */
import { hashOf } from '../../spec/hash.ts';
import type { BackableRequest } from '../../spec/node/backing.ts';
import type { BackedCandidate } from '../../spec/relay/state.ts';
import type { CandidateHash, Hash, ParaId } from '../../spec/types.ts';
import { provision, type NetworkContext } from '../../machines/network.ts';
import type { BlockNode, RelayBlockInput } from '../../machines/relayChain.ts';
import { availabilityBitfields, availabilityCount } from '../schedule.ts';
import type { NetBlockChoice } from './schedule.ts';

export interface AuthoredBlock {
  readonly block: RelayBlockInput;
  /** The provisioner's `GetBackableCandidates` requests (PP-43), ascending by para. */
  readonly requests: readonly BackableRequest[];
  /** What the node offered per para (in order), to compare with what the runtime accepted. */
  readonly offered: Readonly<Record<ParaId, readonly CandidateHash[]>>;
  /** Whether the parent was an active leaf of the node's view (else the node offers nothing, PP-40). */
  readonly fromActiveLeaf: boolean;
}

function ancestorAt(ctx: NetworkContext, from: BlockNode, back: number): BlockNode {
  let node = from;
  for (let i = 0; i < back && node.parent !== null; i++) node = ctx.relay.blocks[node.parent]!;
  return node;
}

export function authorBlock(ctx: NetworkContext, tip: Hash, choice: NetBlockChoice, position: number): AuthoredBlock {
  const params = ctx.params;
  const parent = ancestorAt(ctx, ctx.relay.blocks[tip]!, choice.forkBack);
  const number = parent.number + 1;
  const hash = hashOf('relay-block', parent.hash, number, position, choice.forkBack);
  const bitfields = availabilityBitfields(params, parent.runtime, number, (pi, i) =>
    availabilityCount(choice.paras[pi]!.availability[i % choice.paras[pi]!.availability.length]!, params.validators),
  );
  const { requests, offered } = provision(ctx, parent, bitfields);
  const backedCandidates: BackedCandidate[] = [];
  for (const p of params.paras)
    for (const h of offered[p.id] ?? []) {
      const c = ctx.collations[h]!;
      backedCandidates.push({ candidate: c.candidate, validityVotes: c.votes });
    }
  return {
    block: {
      hash,
      parent: parent.hash,
      storageRoot: hashOf('state-root', hash),
      // The schedule's downward messages ride with the block (RT-33, InherentData.downwardMessages).
      inherent: choice.downward?.length ? { bitfields, backedCandidates, disputesConcludedInvalid: [], downwardMessages: choice.downward } : { bitfields, backedCandidates, disputesConcludedInvalid: [] },
      endsSession: choice.endsSession,
    },
    requests,
    offered,
    fromActiveLeaf: ctx.view.activeLeaves.includes(parent.hash),
  };
}
