/**
 * The network of part 2: the relay chain (part 1's driver) and the validators' node view
 * (prospective parachains) moving together. Collations are introduced into the fragment chains of
 * every active leaf, backing votes mark them backed, and each relay block is imported by the
 * relay-chain driver, after which the node's view moves to the new leaf.
 *
 * The whole state is plain data; `stepNetwork(state, event)` is a pure function of it.
 *
 * Deviations (besides those of the layers):
 * - One view for all validators: every validator sees the same collations and votes at once. The
 *   provisioner reads it, so it stands for the block author's view; machines/pipeline.ts decides
 *   when a collation reaches it (with its votes when backing takes longer than a slot).
 * - Fragment chains are kept for active leaves only (polkadot-sdk also keeps the chains of recent
 *   ancestors in its view); a collation is introduced at every active leaf.
 * - Backing: a candidate is backed when the votes it collects reach
 *   min(group size, minimum_backing_votes) from the group assigned to its core at rp + 1.
 */
import { assign, setup } from 'xstate';
import { createCandidateEntry, bestChainVec, type CandidateEntry } from '../spec/node/fragmentChain.ts';
import { ancestryWithinSession, type RelayBlock } from '../spec/node/view.ts';
import { backingState } from '../spec/relay/backingState.ts';
import { effectiveMinimumBackingVotes } from '../spec/relay/inclusion.ts';
import { groupAssignedToCore } from '../spec/relay/scheduler.ts';
import { staticClaimQueue, type ModelParams } from '../spec/params.ts';
import type { CandidateHash, CommittedCandidate, Hash, ParaId, PersistedValidationData, RelayChainBlockInfo, ValidatorIndex } from '../spec/types.ts';
import { RejectedEvent, step, isFinal, type MachineState } from './engine.ts';
import { activateFragmentChain, fragmentChainMachine, type FragmentChainContext } from './fragmentChain.ts';
import { nodeCandidateMachine, type NodeCandidateContext, type NodeCandidateEvent } from './nodeCandidate.ts';
import { importRelayBlock, initialRelayChain, type BlockNode, type RelayBlockInput, type RelayChainContext } from './relayChain.ts';

/** A collation the node knows: the candidate, its PVD and the backing votes it collected. */
export interface Collation {
  readonly candidate: CommittedCandidate;
  readonly pvd: PersistedValidationData;
  readonly votes: readonly ValidatorIndex[];
  readonly backed: boolean;
}

export interface NetworkContext {
  readonly params: ModelParams;
  readonly relay: RelayChainContext;
  /** Active leaf → para → its fragment chain. */
  readonly chains: Readonly<Record<Hash, Readonly<Record<ParaId, MachineState<FragmentChainContext>>>>>;
  readonly collations: Readonly<Record<CandidateHash, Collation>>;
  readonly candidates: Readonly<Record<CandidateHash, MachineState<NodeCandidateContext>>>;
}

export type NetworkEvent =
  | { type: 'COLLATION'; candidate: CommittedCandidate; pvd: PersistedValidationData }
  | { type: 'BACKING_VOTES'; candidateHash: CandidateHash; votes: readonly ValidatorIndex[] }
  | { type: 'RELAY_BLOCK'; block: RelayBlockInput };

export class InvalidNetworkEvent extends Error {
  constructor(
    readonly event: string,
    reason: string,
  ) {
    super(`${event}: ${reason}`);
    this.name = 'InvalidNetworkEvent';
  }
}

function blockInfo(b: BlockNode): RelayChainBlockInfo {
  return { hash: b.hash, number: b.number, storageRoot: b.storageRoot };
}

/**
 * The relay blocks the node may use as ancestors of a leaf (PP-36 `fetch_ancestry`): newest first, at
 * most the ancestry length, and only those whose child is in the leaf's child's session
 * (`session_index_for_child`; a block's runtime post-state carries its child's session, so the block
 * that signals a session change is kept for the first leaf of the new session, as the runtime keeps
 * it as an allowed relay parent).
 */
function ancestryOf(relay: RelayChainContext, leaf: BlockNode, len: number): RelayChainBlockInfo[] {
  const ancestors: RelayBlock[] = [];
  for (let b = leaf; ancestors.length < len && b.parent !== null; ) {
    const parent = relay.blocks[b.parent];
    if (!parent) break;
    ancestors.push({ ...blockInfo(parent), session: parent.runtime.session });
    b = parent;
  }
  return ancestryWithinSession({ ...blockInfo(leaf), session: leaf.runtime.session }, ancestors, len).map((a) => ({ hash: a.hash, number: a.number, storageRoot: a.storageRoot }));
}

/** Leaf activation for every para (PP-15, PP-33, RT-23). */
function activateLeaf(ctx: NetworkContext, relay: RelayChainContext, leaf: BlockNode): Record<ParaId, MachineState<FragmentChainContext>> {
  const out: Record<ParaId, MachineState<FragmentChainContext>> = {};
  const lookup = (h: string) => {
    const b = relay.blocks[h];
    return b ? blockInfo(b) : undefined;
  };
  for (const p of ctx.params.paras) {
    const bs = backingState(leaf.runtime, ctx.params, p.id, lookup);
    if (!bs) continue;
    const previous = leaf.parent ? (ctx.chains[leaf.parent]?.[p.id]?.context.chain ?? null) : null;
    const chain = activateFragmentChain({
      para: p.id,
      leaf: blockInfo(leaf),
      ancestors: ancestryOf(relay, leaf, ctx.params.asyncBacking.allowedAncestryLen),
      constraints: bs.constraints,
      pendingAvailability: bs.pendingAvailability,
      maxDepth: ctx.params.asyncBacking.maxCandidateDepth,
      claimQueue: (ctx.params.nodeChainBound ?? 'claim-queue') === 'claim-queue' ? staticClaimQueue(ctx.params) : null,
      previous,
    });
    if (chain) out[p.id] = chain;
  }
  return out;
}

export function initialNetwork(params: ModelParams): MachineState<NetworkContext> {
  const relay = initialRelayChain(params).context;
  const base: NetworkContext = { params, relay, chains: {}, collations: {}, candidates: {} };
  const genesis = relay.blocks[relay.genesis]!;
  return { value: 'running', context: { ...base, chains: { [genesis.hash]: activateLeaf(base, relay, genesis) } } };
}

/** `CandidateEntry::new` for a collation: the entry, or polkadot-sdk's reason it cannot be made (PP-16, PP-17). */
function candidateEntry(c: Collation): { entry: CandidateEntry } | { error: string; rule: string } {
  const r = createCandidateEntry(c.candidate, c.pvd, 'Seconded');
  return r.ok ? { entry: r.entry } : { error: r.error, rule: r.rule };
}

/** Where a candidate stands at the active leaves: best chain of some leaf, stored somewhere, or nowhere. */
function standing(ctx: NetworkContext, hash: CandidateHash, para: ParaId): 'inBestChain' | 'stored' | 'nowhere' {
  let stored = false;
  for (const perPara of Object.values(ctx.chains)) {
    const chain = perPara[para]?.context.chain;
    if (!chain) continue;
    if (chain.bestChain.some((n) => n.candidateHash === hash)) return 'inBestChain';
    if (chain.unconnected[hash]) stored = true;
  }
  return stored ? 'stored' : 'nowhere';
}

/** Moves every live node-candidate lifecycle to where the chains now put it. */
function updateCandidates(ctx: NetworkContext, onChain: ReadonlySet<CandidateHash>): Record<CandidateHash, MachineState<NodeCandidateContext>> {
  const out: Record<CandidateHash, MachineState<NodeCandidateContext>> = { ...ctx.candidates };
  for (const [hash, m] of Object.entries(ctx.candidates)) {
    if (isFinal(nodeCandidateMachine, m) || m.value === 'collated') continue;
    let e: NodeCandidateEvent;
    const s = standing(ctx, hash, m.context.para);
    if (onChain.has(hash) && m.value !== 'seconded') e = { type: 'PUT_ON_CHAIN' };
    else if (s === 'nowhere') e = { type: 'DROPPED' };
    else if (m.value === 'seconded') {
      if (!ctx.collations[hash]?.backed) continue;
      e = { type: 'BACKED', inBestChain: s === 'inBestChain' };
    } else if ((m.value === 'inBestChain') !== (s === 'inBestChain')) e = { type: 'CHAIN_UPDATED', inBestChain: s === 'inBestChain' };
    else continue;
    out[hash] = step(nodeCandidateMachine, m, e);
  }
  return out;
}

function introduce(ctx: NetworkContext, candidate: CommittedCandidate, pvd: PersistedValidationData): NetworkContext {
  // A collation advertised again is not introduced twice (CandidateAlreadyKnown): nothing changes.
  if (ctx.collations[candidate.hash]) return ctx;
  const collation: Collation = { candidate, pvd, votes: [], backed: false };
  const para = candidate.descriptor.paraId;
  if (!ctx.params.paras.some((p) => p.id === para)) throw new InvalidNetworkEvent('COLLATION', `unknown para ${para}`);
  const made = candidateEntry(collation);
  const entry = 'entry' in made ? made.entry : null;
  let acceptedBy = 0;
  let rejection: { error: string; rule: string } | null = null;
  const chains: Record<Hash, Record<ParaId, MachineState<FragmentChainContext>>> = {};
  for (const [leaf, perPara] of Object.entries(ctx.chains)) {
    const current = perPara[para];
    if (!current || !entry) {
      chains[leaf] = { ...perPara };
      continue;
    }
    const next = step(fragmentChainMachine, current, { type: 'INTRODUCE_SECONDED', entry });
    if (next.context.lastRejection?.candidate === entry.candidateHash && next.context.lastRejection !== current.context.lastRejection) {
      rejection ??= { error: next.context.lastRejection.error, rule: next.context.lastRejection.rule };
    } else acceptedBy++;
    chains[leaf] = { ...perPara, [para]: next };
  }
  if (!('entry' in made)) rejection = made;
  const lifecycle = step(nodeCandidateMachine, { value: 'collated', context: { hash: candidate.hash, para, rejection: null, reorganisations: 0 } }, { type: 'SECONDED', acceptedBy, rejection });
  return { ...ctx, chains, collations: { ...ctx.collations, [candidate.hash]: collation }, candidates: { ...ctx.candidates, [candidate.hash]: lifecycle } };
}

/** The backing threshold of a collation: the group assigned to its core at rp + 1 (RT-20, RT-11). */
export function backingGroupOf(ctx: NetworkContext, c: CommittedCandidate, rpNumber: number, sessionStart: number): readonly ValidatorIndex[] | null {
  const g = groupAssignedToCore(c.descriptor.coreIndex, rpNumber + 1, sessionStart, ctx.params.scheduler.groupRotationFrequency, ctx.relay.groups.length);
  return g === null ? null : ctx.relay.groups[g]!;
}

function vote(ctx: NetworkContext, hash: CandidateHash, votes: readonly ValidatorIndex[]): NetworkContext {
  const c = ctx.collations[hash];
  if (!c) throw new InvalidNetworkEvent('BACKING_VOTES', `candidate ${hash} was never collated`);
  const merged = [...new Set([...c.votes, ...votes])].sort((a, b) => a - b);
  const rpBlock = ctx.relay.blocks[c.candidate.descriptor.relayParent];
  const group = rpBlock ? backingGroupOf(ctx, c.candidate, rpBlock.number, rpBlock.runtime.sessionStartBlock) : null;
  const valid = group ? merged.filter((v) => group.includes(v)) : [];
  const backed = c.backed || (group !== null && valid.length >= effectiveMinimumBackingVotes(group.length, ctx.params.minimumBackingVotes));
  const collation: Collation = { ...c, votes: merged, backed };
  let chains = ctx.chains;
  if (backed && !c.backed) {
    const next: Record<Hash, Record<ParaId, MachineState<FragmentChainContext>>> = {};
    for (const [leaf, perPara] of Object.entries(ctx.chains)) {
      const current = perPara[c.candidate.descriptor.paraId];
      const knows = current && (current.context.chain.unconnected[hash] !== undefined || current.context.chain.bestChain.some((n) => n.candidateHash === hash));
      next[leaf] = knows ? { ...perPara, [c.candidate.descriptor.paraId]: step(fragmentChainMachine, current, { type: 'CANDIDATE_BACKED', candidateHash: hash }) } : { ...perPara };
    }
    chains = next;
  }
  const out = { ...ctx, chains, collations: { ...ctx.collations, [hash]: collation } };
  return { ...out, candidates: updateCandidates(out, new Set()) };
}

function relayBlock(ctx: NetworkContext, block: RelayBlockInput): NetworkContext {
  const relayState = importRelayBlock({ value: 'running', context: ctx.relay }, block).context;
  const node = relayState.blocks[block.hash]!;
  // The view moves: the parent stops being a leaf, the new block becomes one.
  const chains: Record<Hash, Record<ParaId, MachineState<FragmentChainContext>>> = {};
  for (const leaf of relayState.leaves) {
    if (leaf === node.hash) chains[leaf] = activateLeaf(ctx, relayState, node);
    else if (ctx.chains[leaf]) chains[leaf] = { ...ctx.chains[leaf] };
  }
  // The parent left the view (handle_active_leaves_update, deactivated leaves): its chains end in
  // `deactivated` and are dropped, as polkadot-sdk drops a deactivated leaf's fragment chains. The new
  // leaf was activated from them above (populate_from_previous reads the parent's chain).
  const left = ctx.chains[block.parent];
  if (left && !relayState.leaves.includes(block.parent))
    for (const m of Object.values(left)) step(fragmentChainMachine, m, { type: 'LEAF_DEACTIVATED' });
  const onChain = new Set(node.outcome.verdicts.filter((v) => v.accepted).map((v) => v.hash));
  const out: NetworkContext = { ...ctx, relay: relayState, chains };
  return { ...out, candidates: updateCandidates(out, onChain) };
}

export const networkMachine = setup({
  types: { context: {} as NetworkContext, events: {} as NetworkEvent },
  actions: {
    /** PP-16..PP-26, PP-34: the collation is seconded into every chain that admits it. */
    introduceCollation: assign(({ context, event }) => (event.type === 'COLLATION' ? introduce(context, event.candidate, event.pvd) : {})),
    /** RT-11 RT-20 PP-27..PP-31: votes collected; at the threshold the candidate is backed everywhere. */
    collectVotes: assign(({ context, event }) => (event.type === 'BACKING_VOTES' ? vote(context, event.candidateHash, event.votes) : {})),
    /** RT-01..RT-23, PP-15 PP-33: the relay block is imported and the view moves to it. */
    importAndActivate: assign(({ context, event }) => (event.type === 'RELAY_BLOCK' ? relayBlock(context, event.block) : {})),
  },
}).createMachine({
  id: 'network',
  description: 'Relay chain and prospective parachains, moving together',
  context: () => {
    throw new Error('the network is created by initialNetwork');
  },
  initial: 'running',
  states: {
    running: {
      on: {
        COLLATION: { actions: 'introduceCollation', description: 'PP-16..PP-26 PP-34: a collation is seconded where it has potential' },
        BACKING_VOTES: { actions: 'collectVotes', description: 'RT-11 RT-20 PP-27..PP-31: backing votes; backed at the threshold' },
        RELAY_BLOCK: { actions: 'importAndActivate', description: 'RT-01..RT-23 PP-15 PP-33: a relay block is imported and becomes an active leaf' },
      },
    },
  },
});

/** One step of the network: a pure function of (state, event). */
export function stepNetwork(state: MachineState<NetworkContext>, event: NetworkEvent): MachineState<NetworkContext> {
  try {
    return step(networkMachine, state, event);
  } catch (e) {
    if (e instanceof RejectedEvent) throw new InvalidNetworkEvent(event.type, e.message);
    throw e;
  }
}

export { bestChainVec };
