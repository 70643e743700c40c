/**
 * The honest block author of the network: the provisioner asks the node, at the parent leaf, for
 * each para's backable chain (`GetBackableCandidates`) and supplies it with the votes the node
 * collected.
 *
 * Provisioner request (polkadot/node/core/provisioner/src/lib.rs :: request_backable_candidates, as
 * RULES.md §2.10 and the source describe it): `count` = the para's cores that are free once this
 * block's availability and timeouts are processed; `ancestors` = the para's candidates that stay
 * pending or become available in this block (not those timing out or disputed). Only active leaves
 * answer: an author building on a block that is not a leaf gets nothing from the node.
 */
import { hashOf } from '../../spec/hash.ts';
import { applyDisputes } from '../../spec/relay/parasInherent.ts';
import { scheduledCores, processBitfields, initializeBlock, timeoutCheckRequired, applyTimeouts } from '../../spec/relay/parasInherent.ts';
import { findBackableChain } from '../../spec/node/fragmentChain.ts';
import type { BackedCandidate, InherentData } from '../../spec/relay/state.ts';
import type { CandidateHash, Hash, ParaId } from '../../spec/types.ts';
import type { NetworkContext } from '../../machines/network.ts';
import type { BlockNode, RelayBlockInput } from '../../machines/relayChain.ts';
import { availabilityBitfields, availabilityCount } from '../schedule.ts';
import type { NetBlockChoice } from './schedule.ts';

export interface AuthoredBlock {
  readonly block: RelayBlockInput;
  /** What the node offered per para (in order), to compare with what the runtime accepted. */
  readonly offered: Readonly<Record<ParaId, readonly CandidateHash[]>>;
  /** Whether the parent was an active leaf (else the node offers nothing). */
  readonly fromActiveLeaf: boolean;
}

function ancestorAt(ctx: NetworkContext, from: BlockNode, back: number): BlockNode {
  let node = from;
  for (let i = 0; i < back && node.parent !== null; i++) node = ctx.relay.blocks[node.parent]!;
  return node;
}

/** The provisioner's request and the node's answer, per para (PP-32 find_backable_chain). */
export function provision(ctx: NetworkContext, parent: BlockNode, inherent: Pick<InherentData, 'bitfields' | 'disputesConcludedInvalid'>): Record<ParaId, CandidateHash[]> {
  const params = ctx.params;
  const chains = ctx.chains[parent.hash];
  const out: Record<ParaId, CandidateHash[]> = {};
  if (!chains) return out;
  let s = initializeBlock(parent.runtime, params, { hash: parent.hash, number: parent.number, storageRoot: parent.storageRoot });
  s = applyDisputes(s, inherent.disputesConcludedInvalid).state;
  const b = processBitfields(s, params, inherent.bitfields);
  s = timeoutCheckRequired(b.state, params) ? applyTimeouts(b.state, params).state : b.state;
  for (const p of params.paras) {
    const chain = chains[p.id]?.context.chain;
    if (!chain) continue;
    const count = scheduledCores(s, params, p.id).length;
    const ancestors = [...b.enacted.filter((c) => c.paraId === p.id).map((c) => c.hash), ...(s.paras[p.id]?.pending ?? []).map((c) => c.hash)];
    out[p.id] = findBackableChain(chain, ancestors, count).map((x) => x.candidateHash);
  }
  return out;
}

export function authorBlock(ctx: NetworkContext, tip: Hash, choice: NetBlockChoice, position: number): AuthoredBlock {
  const params = ctx.params;
  const parent = ancestorAt(ctx, ctx.relay.blocks[tip]!, choice.forkBack);
  const number = parent.number + 1;
  const hash = hashOf('relay-block', parent.hash, number, position, choice.forkBack);
  const bitfields = availabilityBitfields(params, parent.runtime, number, (pi, i) =>
    availabilityCount(choice.paras[pi]!.availability[i % choice.paras[pi]!.availability.length]!, params.validators),
  );
  const offered = provision(ctx, parent, { bitfields, disputesConcludedInvalid: [] });
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
    offered,
    fromActiveLeaf: ctx.chains[parent.hash] !== undefined,
  };
}
