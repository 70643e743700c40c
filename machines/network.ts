/**
 * The network of part 2: the relay chain (part 1's driver) and the validators' node view
 * (prospective parachains, with candidate-backing's seconding rule and statement-distribution's
 * seconding limit in front of it) moving together. Each relay block is imported by the relay-chain
 * driver and then becomes an active leaf of the node's view; collations are seconded where
 * candidate-backing allows it and introduced under every relay parent in view; backing votes mark
 * them backed in every chain that holds them.
 *
 * The node's state is prospective-parachains' own `View` (`lib.rs`): the active leaves, the implicit
 * view (`backing_implicit_view.rs`, spec/node/view.ts `ImplicitView`) and, per relay parent in view
 * (`per_relay_parent`: the active leaves and the earlier leaves the implicit view still retains),
 * one `fragmentChain` machine per scheduled para. A relay block is one `ActiveLeavesUpdate`: the new
 * block activated (`handle_active_leaves_update`: ancestry within the session, PP-36; a chain per
 * para with the claim-queue bound, PP-35, populated from the chain at `ancestry[0]`, PP-33), its
 * parent deactivated if it was an active leaf (the implicit view prunes, PP-37), and the chains of
 * the relay parents the implicit view no longer retains dropped (`LEAF_DEACTIVATED`).
 *
 * The whole state is plain data; `stepNetwork(state, event)` is a pure function of it.
 *
 * Deviations (besides those of the layers):
 * - One view for all validators: every validator sees the same collations and votes at once. The
 *   provisioner reads it, so it stands for the block author's view; machines/pipeline.ts decides
 *   when a collation reaches it (with its votes when backing takes longer than a slot). Seconding
 *   (`secondingSanityCheck`, PP-41, and the seconding limit, PP-42) is decided once, in this view,
 *   for the backing group; polkadot-sdk decides it in the seconder's own view, and validators
 *   outside the group import a backed candidate through statement-distribution, which checks
 *   hypothetical membership, not backing's sanity check.
 * - The seconding limit counts the backing group as one validator: statement-distribution allows
 *   `secondingLimit` Seconded statements per VALIDATOR per relay parent (the claim-queue length of
 *   the group's core), so a group of g validators can second up to g times as many if collations
 *   reach different members first. The model counts every Seconded statement the group of the
 *   candidate's core issued at the candidate's relay parent against one validator's limit, as if one
 *   member seconded them all (a collator that advertises to one validator of the group).
 * - A Seconded statement beyond the limit never reaches this view. In polkadot-sdk the seconder's
 *   candidate-backing introduces it into its own prospective-parachains before statement-distribution
 *   refuses to share it (`share_local_statement`: `InvalidShare`, "Local node has issued too many
 *   `Seconded` statements"; peers refuse it as `ExcessiveSeconded`); no other validator hears of it.
 * - No finality: the active leaves are the relay chain's leaves, abandoned fork tips included (the
 *   overseer deactivates leaves at or below the finalized number). They keep their chains, and
 *   their retain bound keeps the implicit view's older relay parents (PP-37) for as long as they
 *   stay leaves.
 * - Backing: a candidate is backed when the votes it collects reach
 *   min(group size, minimum_backing_votes) from the group assigned to its core at rp + 1.
 */
import { assign, setup } from 'xstate';
import {
  backableCandidatesRequests,
  bitfieldsIndicateAvailability,
  checkSecondingLimit,
  classicSecondingLimit,
  secondingLimit,
  secondingSanityCheck,
  type BackableRequest,
  type ProvisionerCore,
} from '../spec/node/backing.ts';
import { createCandidateEntry, bestChainVec, type CandidateEntry, type FragmentChain } from '../spec/node/fragmentChain.ts';
import {
  activateLeafInImplicitView,
  allAllowedRelayParents,
  ancestryLenFromLookahead,
  ancestryWithinSession,
  awaitsBacking,
  deactivateLeafInImplicitView,
  EMPTY_IMPLICIT_VIEW,
  getBackableCandidates,
  introductionRelayParents,
  type ImplicitView,
  type ProspectiveView,
  type RelayBlock,
} from '../spec/node/view.ts';
import { compareHash } from '../spec/hash.ts';
import { backingState } from '../spec/relay/backingState.ts';
import { effectiveMinimumBackingVotes } from '../spec/relay/inclusion.ts';
import { initializeBlock, occupiedCores, timeoutCheckRequired } from '../spec/relay/parasInherent.ts';
import { groupAssignedToCore, isAvailabilityTimedOut } from '../spec/relay/scheduler.ts';
import type { AvailabilityBitfield } from '../spec/relay/state.ts';
import { staticClaimQueue, type ModelParams } from '../spec/params.ts';
import type { CandidateHash, CommittedCandidate, CoreIndex, Hash, ParaId, PersistedValidationData, RelayChainBlockInfo, ValidatorIndex } from '../spec/types.ts';
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

/** `RelayBlockViewData`: the fragment chains of the scheduled paras at one relay parent in view. */
export interface RelayParentChains {
  readonly block: RelayChainBlockInfo;
  readonly chains: Readonly<Record<ParaId, MachineState<FragmentChainContext>>>;
}

/**
 * prospective-parachains' `View`: the active leaves (ascending), the implicit view, and the chains at
 * every relay parent in view. `perRelayParent`'s keys are always among the implicit view's blocks
 * (after a fork lowers the retain bound, the implicit view may store again an ancestor whose chains
 * were dropped earlier; they are not rebuilt, as in the source).
 */
export interface NodeView {
  readonly activeLeaves: readonly Hash[];
  readonly implicitView: ImplicitView;
  readonly perRelayParent: Readonly<Record<Hash, RelayParentChains>>;
}

export interface NetworkContext {
  readonly params: ModelParams;
  readonly relay: RelayChainContext;
  readonly view: NodeView;
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
 * The node's view as spec/node/view.ts's `ProspectiveView` (the fragment chains without their
 * machines), so that the requests other subsystems send are answered by view.ts's own handlers.
 */
export function prospectiveView(view: NodeView): ProspectiveView {
  const perRelayParent: Record<Hash, ProspectiveView['perRelayParent'][string]> = {};
  for (const [rp, data] of Object.entries(view.perRelayParent)) {
    const chains: Record<string, FragmentChain> = {};
    for (const [para, m] of Object.entries(data.chains)) chains[para] = m.context.chain;
    perRelayParent[rp] = { block: data.block, chains };
  }
  return { activeLeaves: view.activeLeaves, perRelayParent, implicitView: view.implicitView };
}

/** The relay parents in view, ascending (`per_relay_parent` keys). */
export function relayParentsInView(view: NodeView): Hash[] {
  return Object.keys(view.perRelayParent).sort(compareHash);
}

/** The fragment chain of `para` at `relayParent`, if the view has one. */
export function chainInView(view: NodeView, relayParent: Hash, para: ParaId): FragmentChain | null {
  return view.perRelayParent[relayParent]?.chains[para]?.context.chain ?? null;
}

/**
 * The relay blocks the node uses as ancestors of a leaf (PP-36 `fetch_ancestry`): newest first, at
 * most `scheduling_lookahead - 1` of them, and only those whose child is in the leaf's child's session
 * (`session_index_for_child`; a block's runtime post-state carries its child's session, so the block
 * that signals a session change is kept for the first leaf of the new session, as the runtime keeps
 * it as an allowed relay parent). Ancestors the relay chain no longer has end the list ("return,
 * however far we got").
 */
export function ancestryOf(relay: RelayChainContext, leaf: BlockNode, len: number): RelayChainBlockInfo[] {
  const ancestors: RelayBlock[] = [];
  for (let b = leaf; ancestors.length < len && b.parent !== null; ) {
    const parent = relay.blocks[b.parent];
    if (!parent) break;
    ancestors.push({ ...blockInfo(parent), session: parent.runtime.session });
    b = parent;
  }
  return ancestryWithinSession({ ...blockInfo(leaf), session: leaf.runtime.session }, ancestors, len).map((a) => ({ hash: a.hash, number: a.number, storageRoot: a.storageRoot }));
}

/** The ancestry length the node asks for at a leaf: `scheduling_lookahead - 1` (PR #7254). */
function ancestryLen(params: ModelParams): number {
  return ancestryLenFromLookahead(params.scheduler.schedulingLookahead);
}

/**
 * `handle_active_leaves_update` for one update: activate `leaf` (PP-36 ancestry; per para with a
 * backing state, a chain with the claim-queue bound, PP-15 PP-35, populated from the chain of the
 * same para at `ancestry[0]` if the view has one, PP-33), then deactivate `deactivated` (the implicit
 * view prunes, PP-37) and drop the chains of every relay parent the implicit view no longer retains
 * (each stepped to `deactivated` first, so the machine records it).
 */
export function updateView(params: ModelParams, view: NodeView, relay: RelayChainContext, leaf: BlockNode | null, deactivated: readonly Hash[]): NodeView {
  const perRelayParent: Record<Hash, RelayParentChains> = { ...view.perRelayParent };
  const activeLeaves = new Set(view.activeLeaves);
  let implicitView = view.implicitView;
  if (leaf !== null && !deactivated.includes(leaf.hash) && !activeLeaves.has(leaf.hash)) {
    const ancestry = ancestryOf(relay, leaf, ancestryLen(params));
    // `ancestry.first()`: the chain of the leaf's parent, if the parent is in the leaf's ancestry
    // (same session, ancestry length at least 1) and still in the view (an active leaf or retained).
    const previous = ancestry[0] !== undefined ? perRelayParent[ancestry[0].hash] : undefined;
    const lookup = (h: string) => {
      const b = relay.blocks[h];
      return b ? blockInfo(b) : undefined;
    };
    const claimQueue = (params.nodeChainBound ?? 'claim-queue') === 'claim-queue' ? staticClaimQueue(params) : null;
    const chains: Record<ParaId, MachineState<FragmentChainContext>> = {};
    for (const p of params.paras) {
      const bs = backingState(leaf.runtime, params, p.id, lookup);
      if (!bs) continue;
      const chain = activateFragmentChain({
        para: p.id,
        leaf: blockInfo(leaf),
        ancestors: ancestry,
        constraints: bs.constraints,
        pendingAvailability: bs.pendingAvailability,
        maxDepth: params.asyncBacking.maxCandidateDepth,
        claimQueue,
        previous: previous?.chains[p.id]?.context.chain ?? null,
      });
      if (chain) chains[p.id] = chain;
    }
    perRelayParent[leaf.hash] = { block: blockInfo(leaf), chains };
    activeLeaves.add(leaf.hash);
    implicitView = activateLeafInImplicitView(implicitView, blockInfo(leaf), ancestry);
  }
  for (const hash of deactivated) {
    activeLeaves.delete(hash);
    implicitView = deactivateLeafInImplicitView(implicitView, hash).view;
  }
  // `per_relay_parent.retain(|r, _| remaining.contains(r))`: a relay parent the implicit view no
  // longer stores loses its chains (a deactivated leaf it still retains keeps them).
  const remaining = new Set(allAllowedRelayParents(implicitView));
  for (const [rp, data] of Object.entries(perRelayParent)) {
    if (remaining.has(rp)) continue;
    for (const m of Object.values(data.chains)) step(fragmentChainMachine, m, { type: 'LEAF_DEACTIVATED' });
    delete perRelayParent[rp];
  }
  return { activeLeaves: [...activeLeaves].sort(compareHash), implicitView, perRelayParent };
}

export function initialNetwork(params: ModelParams): MachineState<NetworkContext> {
  const relay = initialRelayChain(params).context;
  const empty: NodeView = { activeLeaves: [], implicitView: EMPTY_IMPLICIT_VIEW, perRelayParent: {} };
  const view = updateView(params, empty, relay, relay.blocks[relay.genesis]!, []);
  return { value: 'running', context: { params, relay, view, collations: {}, candidates: {} } };
}

/** `CandidateEntry::new` for a collation: the entry, or polkadot-sdk's reason it cannot be made (PP-16, PP-17). */
function candidateEntry(c: Collation): { entry: CandidateEntry } | { error: string; rule: string } {
  const r = createCandidateEntry(c.candidate, c.pvd, 'Seconded');
  return r.ok ? { entry: r.entry } : { error: r.error, rule: r.rule };
}

/** Where a candidate stands at the ACTIVE leaves: in the best chain of one, stored by one, or nowhere. */
function standing(ctx: NetworkContext, hash: CandidateHash, para: ParaId): 'inBestChain' | 'stored' | 'nowhere' {
  let stored = false;
  for (const leaf of ctx.view.activeLeaves) {
    const chain = chainInView(ctx.view, leaf, para);
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

/**
 * The Seconded statements the backing group of `core` has issued at relay parent `rp`: the collations
 * with that relay parent and core that were seconded (whatever became of them since; the statement
 * store counts statements, not live candidates).
 */
export function secondedAt(ctx: NetworkContext, rp: Hash, core: CoreIndex): number {
  let n = 0;
  for (const [hash, c] of Object.entries(ctx.collations)) {
    if (c.candidate.descriptor.relayParent !== rp || c.candidate.descriptor.coreIndex !== core) continue;
    const v = ctx.candidates[hash]?.value;
    if (v !== undefined && v !== 'collated' && v !== 'notSeconded') n++;
  }
  return n;
}

/**
 * The seconding limit of the group of `core` at a relay parent (PP-42): the length of the core's
 * claim queue there (stable2506; the model's claim queue is static), or max_candidate_depth + 1 under
 * the classic node bound (releases before PR #7254 used both).
 */
export function secondingLimitOf(params: ModelParams, core: CoreIndex): number {
  return (params.nodeChainBound ?? 'claim-queue') === 'claim-queue' ? secondingLimit(staticClaimQueue(params), core) : classicSecondingLimit(params.asyncBacking.maxCandidateDepth);
}

/**
 * A collation reaches the backing group: candidate validation and `CandidateEntry::new` (PP-16,
 * PP-17), then candidate-backing's `seconding_sanity_check` under the active leaves (PP-41), then
 * statement-distribution's seconding limit (PP-42). A candidate seconded is then introduced under
 * every relay parent in view (`IntroduceSecondedCandidate`, PP-38): each chain's machine admits it
 * where it has potential (PP-17..PP-26). The lifecycle records the outcome with polkadot-sdk's reason.
 */
function introduce(ctx: NetworkContext, candidate: CommittedCandidate, pvd: PersistedValidationData): NetworkContext {
  // A collation advertised again is not introduced twice (CandidateAlreadyKnown): nothing changes.
  if (ctx.collations[candidate.hash]) return ctx;
  const collation: Collation = { candidate, pvd, votes: [], backed: false };
  const para = candidate.descriptor.paraId;
  if (!ctx.params.paras.some((p) => p.id === para)) throw new InvalidNetworkEvent('COLLATION', `unknown para ${para}`);
  const made = candidateEntry(collation);
  let rejection: { error: string; rule: string } | null = null;
  let acceptedBy = 0;
  let perRelayParent = ctx.view.perRelayParent;
  if (!('entry' in made)) rejection = made;
  else {
    const entry = made.entry;
    // PP-41: hypothetical membership (a complete candidate) under the active leaves that allow its relay parent.
    const sanity = secondingSanityCheck(prospectiveView(ctx.view), para, entry);
    // PP-42: the group of the candidate's core at its relay parent has Seconded statements left
    // (the group counted as one validator: see the module header).
    const limit = checkSecondingLimit(secondedAt(ctx, candidate.descriptor.relayParent, candidate.descriptor.coreIndex), secondingLimitOf(ctx.params, candidate.descriptor.coreIndex));
    if (!sanity.ok) rejection = { error: sanity.error, rule: sanity.rule };
    else if (!limit.ok) rejection = { error: limit.error, rule: limit.rule };
    else {
      // PP-38 `handle_introduce_seconded_candidate`: every relay parent in view, active leaf or not.
      const next: Record<Hash, RelayParentChains> = { ...perRelayParent };
      let added = 0;
      for (const rp of introductionRelayParents(ctx.view.activeLeaves, relayParentsInView(ctx.view))) {
        const data = next[rp]!;
        const current = data.chains[para];
        if (!current) continue;
        const after = step(fragmentChainMachine, current, { type: 'INTRODUCE_SECONDED', entry });
        const refused = after.context.lastRejection !== current.context.lastRejection && after.context.lastRejection?.candidate === entry.candidateHash;
        if (!refused || after.context.lastRejection?.error === 'CandidateAlreadyKnown') added++;
        next[rp] = { ...data, chains: { ...data.chains, [para]: after } };
      }
      perRelayParent = next;
      // `IntroduceSecondedCandidate` answers false: backing's `RejectedByProspectiveParachains`
      // (cannot happen after a positive membership answer at an active leaf, which is in view).
      if (added === 0) rejection = { error: 'RejectedByProspectiveParachains', rule: 'PP-38' };
      else acceptedBy = sanity.leaves.length;
    }
  }
  const lifecycle = step(nodeCandidateMachine, { value: 'collated', context: { hash: candidate.hash, para, rejection: null, reorganisations: 0 } }, { type: 'SECONDED', acceptedBy, rejection });
  return {
    ...ctx,
    view: { ...ctx.view, perRelayParent },
    collations: { ...ctx.collations, [candidate.hash]: collation },
    candidates: { ...ctx.candidates, [candidate.hash]: lifecycle },
  };
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
  let view = ctx.view;
  if (backed && !c.backed) {
    // `CandidateBacked` (candidateBackedInView): every relay parent in view whose chain holds the
    // candidate unconnected and not yet backed.
    const para = c.candidate.descriptor.paraId;
    const next: Record<Hash, RelayParentChains> = { ...view.perRelayParent };
    for (const rp of relayParentsInView(view)) {
      const data = next[rp]!;
      const current = data.chains[para];
      if (!current || !awaitsBacking(current.context.chain, hash)) continue;
      next[rp] = { ...data, chains: { ...data.chains, [para]: step(fragmentChainMachine, current, { type: 'CANDIDATE_BACKED', candidateHash: hash }) } };
    }
    view = { ...view, perRelayParent: next };
  }
  const out = { ...ctx, view, collations: { ...ctx.collations, [hash]: collation } };
  return { ...out, candidates: updateCandidates(out, new Set()) };
}

function relayBlock(ctx: NetworkContext, block: RelayBlockInput): NetworkContext {
  const relayState = importRelayBlock({ value: 'running', context: ctx.relay }, block).context;
  const node = relayState.blocks[block.hash]!;
  // One `ActiveLeavesUpdate`: the new block is activated, its parent (if it was an active leaf) deactivated.
  const deactivated = ctx.view.activeLeaves.includes(block.parent) && !relayState.leaves.includes(block.parent) ? [block.parent] : [];
  const view = updateView(ctx.params, ctx.view, relayState, node, deactivated);
  const onChain = new Set(node.outcome.verdicts.filter((v) => v.accepted).map((v) => v.hash));
  const out: NetworkContext = { ...ctx, relay: relayState, view };
  return { ...out, candidates: updateCandidates(out, onChain) };
}

// ---------------------------------------------------------------------------------------------
// The provisioner's side (the block author, properties/network/author.ts, and the oracle's query)

/**
 * The availability cores at `parent` as the provisioner sees them with the block's `bitfields`
 * (`availability_cores` at the parent): a core without a candidate is scheduled for the para it
 * serves (static assignment: its claim queue's front) or free if it serves none; an occupied core's
 * candidate is available when its availability votes so far and these bitfields together reach two
 * thirds of the validators (`bitfields_indicate_availability`), timed out when the runtime's
 * availability-timeout check of the block under construction frees it (RT-15, RT-16: what
 * `time_out_at <= block under construction` reports), and next up on either is the para the core
 * serves.
 */
export function provisionerCores(ctx: NetworkContext, parent: BlockNode, bitfields: readonly AvailabilityBitfield[]): ProvisionerCore[] {
  const params = ctx.params;
  const underConstruction = initializeBlock(parent.runtime, params, { hash: parent.hash, number: parent.number, storageRoot: parent.storageRoot });
  const timeoutCheck = timeoutCheckRequired(underConstruction, params);
  const occupied = occupiedCores(parent.runtime);
  return params.coreAssignment.map((para, core): ProvisionerCore => {
    const c = occupied.get(core);
    if (!c) return para === null ? { kind: 'free' } : { kind: 'scheduled', para };
    const signers = new Set(c.availabilityVotes);
    for (const b of bitfields) if (b.cores.includes(core)) signers.add(b.validator);
    const available = bitfieldsIndicateAvailability(signers.size, params.validators);
    const timedOut = !available && timeoutCheck && isAvailabilityTimedOut(c.backedInNumber, underConstruction.blockNumber, params.scheduler.parasAvailabilityPeriod);
    return { kind: 'occupied', para: c.paraId, candidateHash: c.hash, available, timedOut, nextUpOnAvailable: para, nextUpOnTimeOut: para };
  });
}

/** The provisioner's requests and the node's answers at `parent` (PP-43, PP-40, PP-32 find_backable_chain). */
export function provision(ctx: NetworkContext, parent: BlockNode, bitfields: readonly AvailabilityBitfield[]): { requests: BackableRequest[]; offered: Record<ParaId, CandidateHash[]> } {
  const requests = backableCandidatesRequests(provisionerCores(ctx, parent, bitfields));
  const view = prospectiveView(ctx.view);
  const offered: Record<ParaId, CandidateHash[]> = {};
  for (const r of requests) offered[r.para] = getBackableCandidates(view, parent.hash, r.para, r.count, r.ancestors).map((x) => x.candidateHash);
  return { requests, offered };
}

export const networkMachine = setup({
  types: { context: {} as NetworkContext, events: {} as NetworkEvent },
  actions: {
    /** PP-16 PP-17 PP-41 PP-42 PP-38: seconded where backing allows it, then introduced under every relay parent in view. */
    introduceCollation: assign(({ context, event }) => (event.type === 'COLLATION' ? introduce(context, event.candidate, event.pvd) : {})),
    /** RT-11 RT-20 PP-27..PP-31: votes collected; at the threshold the candidate is backed in every chain in view. */
    collectVotes: assign(({ context, event }) => (event.type === 'BACKING_VOTES' ? vote(context, event.candidateHash, event.votes) : {})),
    /** RT-01..RT-23, PP-15 PP-33 PP-35 PP-36 PP-37: the relay block is imported and becomes an active leaf; its parent is deactivated. */
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
        COLLATION: { actions: 'introduceCollation', description: 'PP-16 PP-17 PP-41 PP-42 PP-38: a collation is seconded where backing allows it and introduced under every relay parent in view' },
        BACKING_VOTES: { actions: 'collectVotes', description: 'RT-11 RT-20 PP-27..PP-31: backing votes; backed at the threshold in every chain that holds it' },
        RELAY_BLOCK: { actions: 'importAndActivate', description: 'RT-01..RT-23 PP-15 PP-33 PP-35 PP-36 PP-37: a relay block is imported and becomes an active leaf; the implicit view prunes' },
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
