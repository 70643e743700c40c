/**
 * The view of the prospective-parachains subsystem: the fragment chains of every para at every
 * relay parent the node keeps (active leaves and their implicit ancestors), how a new leaf is
 * activated, and the requests other subsystems send to it.
 *
 * Encodes, at `polkadot-stable2506` (post-#7254, pre-scheduling-parents; see docs/sources/node.md
 * for the copies read), from `polkadot/node/core/prospective-parachains/src/lib.rs`:
 * `handle_active_leaves_update`, `fetch_ancestry`, `handle_introduce_seconded_candidate`,
 * `handle_candidate_backed`, `answer_get_backable_candidates`,
 * `answer_hypothetical_membership_request`, `answer_minimum_relay_parents_request`,
 * `answer_prospective_validation_data_request`; and from
 * `polkadot/node/subsystem-util/src/backing_implicit_view.rs`:
 * `View::{activate_leaf_from_prospective_parachains, deactivate_leaf, all_allowed_relay_parents}`.
 *
 * Inputs are plain data: a relay block is `{ hash, number, storageRoot, session? }` where `session`
 * is the session its CHILD belongs to (`SessionIndexForChild`, what the source compares); the
 * runtime answers (claim queue, constraints, candidates pending availability) are passed in.
 *
 * Simplifications and deviations:
 * - `fetch_ancestry` asks the Chain API for `k` ancestors; the model takes them from the
 *   `ancestors` list given (newest first). Blocks whose header cannot be fetched are not modelled.
 * - Rust iterates `HashMap`s (relay parents, active leaves) in arbitrary order; the model uses
 *   ascending hash order. Only `GetProspectiveValidationData` could observe the order, and every
 *   chain that answers it gives the same values.
 * - The constraints and pending candidates come from `backing_constraints` +
 *   `candidates_pending_availability` (falling back to `para_backing_state`) in the source; the
 *   caller passes their result. A para with none (`null`) gets no chain, as in the source.
 * - The implicit view's per-leaf allowed-relay-parents list is not kept: prospective-parachains
 *   never queries it (it fills `minimum_relay_parents` with an empty map), it only prunes by
 *   block number.
 */
import { isOn } from '../ablation.ts';
import { compareHash } from '../hash.ts';
import type { BlockNumber, CandidateHash, CommittedCandidate, Hash, HeadData, ParaId, PersistedValidationData, RelayChainBlockInfo, SessionIndex } from '../types.ts';
import {
  candidateBacked,
  createCandidateEntry,
  findBackableChain,
  getHeadDataByHash,
  init,
  isCandidateBacked,
  isHypotheticalMember,
  populateFromPrevious,
  preparePendingAvailability,
  tryAddingSecondedCandidate,
  type BackableCandidate,
  type FragmentChain,
  type HypotheticalOrConcreteCandidate,
  type PendingCandidate,
} from './fragmentChain.ts';
import type { Constraints } from './inclusionEmulator.ts';
import { earliestRelayParent, scopeAncestor, scopeForLeaf, scopeWithAncestors, type ClaimQueue, type ScopeResult } from './scope.ts';

// ---------------------------------------------------------------------------------------------
// Ancestry
// ---------------------------------------------------------------------------------------------

/** A relay-chain block as a leaf or an ancestor: `session` is the session of its child block. */
export interface RelayBlock extends RelayChainBlockInfo {
  readonly session?: SessionIndex;
}

/**
 * The ancestry length the node asks for at a leaf at stable2506: `scheduling_lookahead - 1`
 * (saturating; `fetch_scheduling_lookahead(..).saturating_sub(1)`, PR #7254). Classic releases
 * used `allowed_ancestry_len` instead.
 */
export function ancestryLenFromLookahead(schedulingLookahead: number): number {
  return Math.max(0, schedulingLookahead - 1);
}

/**
 * `fetch_ancestry(leaf, k = ancestryLen, required_session)`: the leaf's ancestors, newest first, at
 * most `ancestryLen` of them, stopping BEFORE the first ancestor whose child is in another session
 * than the leaf's child ("the relay chain cannot accept blocks backed from previous sessions").
 * A block without a `session` is taken to be in the leaf's session.
 */
export function ancestryWithinSession(leaf: RelayBlock, ancestors: readonly RelayBlock[], ancestryLen: number): RelayBlock[] {
  const out: RelayBlock[] = [];
  for (const ancestor of ancestors.slice(0, Math.max(0, ancestryLen))) {
    // Verify the ancestor's child is in the leaf's session: the runtime only accepts relay parents
    // of the current session, and validator groups and `max_pov_size` are per session.
    if (isOn('PP-36') && ancestor.session !== undefined && leaf.session !== undefined && ancestor.session !== leaf.session) break;
    out.push(ancestor);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Implicit view (backing_implicit_view.rs, as prospective-parachains uses it)
// ---------------------------------------------------------------------------------------------

/** `MINIMUM_RETAIN_LENGTH`: always retain the block before the leaf's parent. */
export const MINIMUM_RETAIN_LENGTH = 2;

/** The implicit view: active leaves with their retain bound, and the block numbers it stores. */
export interface ImplicitView {
  /** Active leaf → `retain_minimum` (the oldest block number this leaf keeps in storage). */
  readonly leaves: Readonly<Record<Hash, number>>;
  /** Stored block → its number (`block_info_storage`). */
  readonly blocks: Readonly<Record<Hash, BlockNumber>>;
}

export const EMPTY_IMPLICIT_VIEW: ImplicitView = { leaves: {}, blocks: {} };

/**
 * `View::activate_leaf_from_prospective_parachains(leaf, ancestors)`: stores the leaf and its
 * (session-bounded) ancestry; the leaf keeps blocks down to `min(oldest ancestor's number,
 * leaf - MINIMUM_RETAIN_LENGTH)`, and down to 0 when it has no ancestors (the source's
 * `unwrap_or(0)`). No-op for a known leaf.
 */
export function activateLeafInImplicitView(view: ImplicitView, leaf: RelayChainBlockInfo, ancestors: readonly RelayChainBlockInfo[]): ImplicitView {
  if (leaf.hash in view.leaves) return view;
  const oldest = ancestors.length > 0 ? ancestors[ancestors.length - 1]!.number : 0;
  const retainMinimum = Math.min(oldest, Math.max(0, leaf.number - MINIMUM_RETAIN_LENGTH));
  const blocks: Record<Hash, BlockNumber> = { ...view.blocks };
  for (const a of ancestors) blocks[a.hash] = a.number;
  blocks[leaf.hash] = leaf.number;
  return { leaves: sortedRecord({ ...view.leaves, [leaf.hash]: retainMinimum }), blocks: sortedRecord(blocks) };
}

/**
 * `View::deactivate_leaf`: forgets the leaf, then prunes every stored block older than the lowest
 * `retain_minimum` of the remaining leaves (everything if none remain). Returns the pruned hashes.
 */
export function deactivateLeafInImplicitView(view: ImplicitView, leafHash: Hash): { readonly view: ImplicitView; readonly removed: readonly Hash[] } {
  if (!(leafHash in view.leaves)) return { view, removed: [] };
  const leaves = { ...view.leaves };
  delete leaves[leafHash];
  // Verify the view forgets relay parents no remaining leaf allows: bounds memory and the relay
  // parents candidates can still be introduced under.
  if (!isOn('PP-37')) return { view: { leaves, blocks: view.blocks }, removed: [] }; // ablated: nothing is pruned
  const mins = Object.values(leaves);
  const minimum = mins.length > 0 ? Math.min(...mins) : null;
  const blocks: Record<Hash, BlockNumber> = {};
  const removed: Hash[] = [];
  for (const [hash, number] of Object.entries(view.blocks)) {
    if (minimum !== null && number >= minimum) blocks[hash] = number;
    else removed.push(hash);
  }
  return { view: { leaves, blocks }, removed: removed.sort(compareHash) };
}

/** `View::all_allowed_relay_parents`: every stored block (leaves and implicit ancestors), ascending. */
export function allAllowedRelayParents(view: ImplicitView): Hash[] {
  return Object.keys(view.blocks).sort(compareHash);
}

// ---------------------------------------------------------------------------------------------
// The prospective-parachains view
// ---------------------------------------------------------------------------------------------

/** `RelayBlockViewData`: the fragment chains of the paras scheduled at one relay parent. */
export interface RelayParentData {
  readonly block: RelayChainBlockInfo;
  /** Para id (as a string key) → its fragment chain at this relay parent. */
  readonly chains: Readonly<Record<string, FragmentChain>>;
}

/** The subsystem's `View`. Plain, immutable, JSON-serializable. */
export interface ProspectiveView {
  /** Active leaves, ascending. */
  readonly activeLeaves: readonly Hash[];
  /** `per_relay_parent`: active leaves and the earlier leaves the implicit view still retains. */
  readonly perRelayParent: Readonly<Record<Hash, RelayParentData>>;
  readonly implicitView: ImplicitView;
}

export const EMPTY_VIEW: ProspectiveView = { activeLeaves: [], perRelayParent: {}, implicitView: EMPTY_IMPLICIT_VIEW };

/** What the runtime reports for one para at the leaf (`backing_constraints` + pending candidates). */
export interface ParaBackingState {
  readonly constraints: Constraints;
  /** Candidates pending availability, in chain order, each with its PVD and relay-parent info. */
  readonly pending: readonly PendingCandidate[];
}

/** One `ActiveLeavesUpdate`: at most one activated leaf, any number of deactivated ones. */
export interface LeafUpdate {
  readonly activated?: {
    readonly leaf: RelayBlock;
    /** The leaf's ancestors, newest first (more than needed is fine). */
    readonly ancestors: readonly RelayBlock[];
    /** `scheduling_lookahead` of the leaf's session (the ancestry asked for is one less). */
    readonly schedulingLookahead: number;
    /** The claim queue at the leaf: the paras with a claim are the paras that get a chain. */
    readonly claimQueue: ClaimQueue;
    /** Backing state per para id; a para missing here or `null` gets no chain. */
    readonly backingState: Readonly<Record<string, ParaBackingState | null>>;
    /**
     * CLASSIC releases (before PR #7254) only: ancestry `allowedAncestryLen` and chain bound
     * `maxCandidateDepth + 1` instead of the lookahead and the claim queue.
     */
    readonly classic?: { readonly maxCandidateDepth: number; readonly allowedAncestryLen: number };
  };
  readonly deactivated?: readonly Hash[];
}

/** The paras holding a claim on some core, ascending (`transpose_claim_queue` keys). */
export function scheduledParas(claimQueue: ClaimQueue): ParaId[] {
  return [...new Set(Object.values(claimQueue).flat())].sort((a, b) => a - b);
}

/**
 * `handle_active_leaves_update`: for the activated leaf (unless it is also deactivated), build a
 * fragment chain per scheduled para: pending-availability storage, scope over the session-bounded
 * ancestry (`scheduling_lookahead - 1` blocks) with the claim-queue bound, `FragmentChain::init`,
 * then `populate_from_previous` from the para's chain at the leaf's parent if the view still has
 * it. Then deactivate leaves, and keep only the relay parents the implicit view retains.
 */
export function handleActiveLeavesUpdate(view: ProspectiveView, update: LeafUpdate): ProspectiveView {
  let perRelayParent: Record<Hash, RelayParentData> = { ...view.perRelayParent };
  const activeLeaves = new Set(view.activeLeaves);
  let implicitView = view.implicitView;
  const deactivated = update.deactivated ?? [];

  const act = update.activated;
  if (act !== undefined && !deactivated.includes(act.leaf.hash)) {
    const { leaf, claimQueue } = act;
    const ancestryLen = act.classic?.allowedAncestryLen ?? ancestryLenFromLookahead(act.schedulingLookahead);
    const ancestry = ancestryWithinSession(leaf, act.ancestors, ancestryLen);
    const prev = ancestry[0] !== undefined ? perRelayParent[ancestry[0].hash] : undefined;
    const leafInfo = blockInfo(leaf);
    const ancestryInfo = ancestry.map(blockInfo);

    const chains: Record<string, FragmentChain> = {};
    for (const para of scheduledParas(claimQueue)) {
      const state = act.backingState[String(para)];
      if (state === undefined || state === null) continue; // runtime conflict: no chain for this para
      const { entries, pendingAvailability } = preparePendingAvailability(state.pending);
      const scope: ScopeResult =
        act.classic !== undefined
          ? scopeWithAncestors(leafInfo, state.constraints, pendingAvailability, act.classic.maxCandidateDepth, ancestryInfo)
          : scopeForLeaf(leafInfo, state.constraints, pendingAvailability, claimQueue, para, ancestryInfo);
      if (!scope.ok) continue; // "Relay chain ancestors have wrong order": skip the para
      let chain = init(scope.scope, entries);
      const prevChain = prev?.chains[String(para)];
      if (prevChain !== undefined) chain = populateFromPrevious(chain, prevChain);
      chains[String(para)] = chain;
    }
    perRelayParent[leaf.hash] = { block: leafInfo, chains };
    activeLeaves.add(leaf.hash);
    implicitView = activateLeafInImplicitView(implicitView, leafInfo, ancestryInfo);
  }

  for (const hash of deactivated) {
    activeLeaves.delete(hash);
    implicitView = deactivateLeafInImplicitView(implicitView, hash).view;
  }

  const remaining = new Set(allAllowedRelayParents(implicitView));
  perRelayParent = Object.fromEntries(Object.entries(perRelayParent).filter(([h]) => remaining.has(h)).sort(([a], [b]) => compareHash(a, b)));
  return { activeLeaves: [...activeLeaves].sort(compareHash), perRelayParent, implicitView };
}

/** The relay parents the view keeps (`per_relay_parent` keys), ascending. */
export function relayParentsInView(view: ProspectiveView): Hash[] {
  return Object.keys(view.perRelayParent).sort(compareHash);
}

/** The fragment chain of `para` at `relayParent`, if the view has one. */
export function chainAt(view: ProspectiveView, relayParent: Hash, para: ParaId): FragmentChain | null {
  return view.perRelayParent[relayParent]?.chains[String(para)] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

export interface IntroduceResult {
  readonly view: ProspectiveView;
  /** The answer sent back: true iff the candidate was added (or already known) under some relay parent. */
  readonly added: boolean;
  /** The relay parents whose chain now holds it, ascending. */
  readonly addedAt: readonly Hash[];
}

/**
 * `IntroduceSecondedCandidate`: build the `CandidateEntry` (PVD mismatch or zero-length cycle ⇒
 * false), then try adding it to the para's chain under EVERY relay parent in the view, active leaf
 * or implicit ancestor ("so that their upcoming children may see these candidates"). Answers true
 * iff it was added, or already known, under at least one.
 */
export function introduceSecondedCandidate(
  view: ProspectiveView,
  para: ParaId,
  candidate: CommittedCandidate,
  persistedValidationData: PersistedValidationData,
): IntroduceResult {
  const entry = createCandidateEntry(candidate, persistedValidationData, 'Seconded');
  if (!entry.ok) return { view, added: false, addedAt: [] };
  const perRelayParent: Record<Hash, RelayParentData> = { ...view.perRelayParent };
  const addedAt: Hash[] = [];
  for (const rp of introductionRelayParents(view.activeLeaves, relayParentsInView(view))) {
    const data = perRelayParent[rp]!;
    const chain = data.chains[String(para)];
    if (chain === undefined) continue;
    const result = tryAddingSecondedCandidate(chain, entry.entry);
    if (result.ok) {
      perRelayParent[rp] = { ...data, chains: { ...data.chains, [String(para)]: result.chain } };
      addedAt.push(rp);
    } else if (result.error === 'CandidateAlreadyKnown') {
      addedAt.push(rp);
    }
  }
  return { view: { ...view, perRelayParent }, added: addedAt.length > 0, addedAt };
}

/**
 * `handle_candidate_backed`'s test for one chain: it holds the candidate in its unconnected storage
 * and not yet backed (`!is_candidate_backed && contains_unconnected_candidate`). Only such a chain
 * is told (`FragmentChain::candidate_backed`); the others already have it backed, or never had it.
 */
export function awaitsBacking(chain: FragmentChain, candidateHash: CandidateHash): boolean {
  return !isCandidateBacked(chain, candidateHash) && candidateHash in chain.unconnected;
}

/**
 * The relay parents `IntroduceSecondedCandidate` tries, ascending: every relay parent in view, active
 * leaf or implicit ancestor ("We also update the deactivated parents in the implicit view, so that
 * their upcoming children may see these candidates").
 */
export function introductionRelayParents(activeLeaves: readonly Hash[], relayParents: readonly Hash[]): Hash[] {
  const active = new Set(activeLeaves);
  // Verify implicit ancestors are updated too, not only active leaves: a leaf activated later on
  // top of one of them carries its candidates over (`populate_from_previous`).
  return [...relayParents].sort(compareHash).filter((rp) => isOn('PP-38') || active.has(rp)); // ablated: active leaves only
}

/**
 * `CandidateBacked`: in every chain of the para (every relay parent in the view) that holds the
 * candidate unconnected and not yet backed, mark it backed (`FragmentChain::candidate_backed`).
 */
export function candidateBackedInView(view: ProspectiveView, para: ParaId, candidateHash: CandidateHash): ProspectiveView {
  const perRelayParent: Record<Hash, RelayParentData> = { ...view.perRelayParent };
  for (const rp of relayParentsInView(view)) {
    const data = perRelayParent[rp]!;
    const chain = data.chains[String(para)];
    if (chain === undefined || !awaitsBacking(chain, candidateHash)) continue;
    perRelayParent[rp] = { ...data, chains: { ...data.chains, [String(para)]: candidateBacked(chain, candidateHash) } };
  }
  return { ...view, perRelayParent };
}

/**
 * `GetBackableCandidates(leaf, para, count, ancestors)`: `find_backable_chain` of the para's chain
 * at `leaf`; empty if `leaf` is not an active leaf or the para has no chain there.
 */
export function getBackableCandidates(
  view: ProspectiveView,
  leaf: Hash,
  para: ParaId,
  count: number,
  ancestors: readonly CandidateHash[],
): BackableCandidate[] {
  // Verify the query names an active leaf: blocks are only authored on leaves.
  if (isOn('PP-40') && !view.activeLeaves.includes(leaf)) return [];
  const chain = chainAt(view, leaf, para);
  return chain === null ? [] : findBackableChain(chain, ancestors, count);
}

/**
 * `GetHypotheticalMembership`: the active leaves (or just `leaf`, if given and active) under which
 * the candidate is a hypothetical member of the para's chain (`isHypotheticalMember`, PP-34).
 */
export function hypotheticalMembership(view: ProspectiveView, para: ParaId, candidate: HypotheticalOrConcreteCandidate, leaf?: Hash): Hash[] {
  return view.activeLeaves.filter((l) => {
    if (leaf !== undefined && l !== leaf) return false;
    const chain = chainAt(view, l, para);
    return chain !== null && isHypotheticalMember(chain, candidate);
  });
}

/**
 * `GetMinimumRelayParents(relay_parent)`: for every para with a chain at `relayParent`, the number
 * of its scope's earliest relay parent, ascending by para. Empty unless `relayParent` is an active
 * leaf.
 */
export function getMinimumRelayParents(view: ProspectiveView, relayParent: Hash): [ParaId, BlockNumber][] {
  // Verify the query names an active leaf (the source answers only for `active_leaves`).
  if (isOn('PP-40') && !view.activeLeaves.includes(relayParent)) return [];
  const data = view.perRelayParent[relayParent];
  if (data === undefined) return [];
  return Object.entries(data.chains)
    .map(([para, chain]): [ParaId, BlockNumber] => [Number(para), earliestRelayParent(chain.scope).number])
    .sort((a, b) => a[0] - b[0]);
}

/** `ProspectiveValidationDataRequest` (head data is its hash in the model). */
export interface ProspectiveValidationDataRequest {
  readonly paraId: ParaId;
  readonly candidateRelayParent: Hash;
  readonly parentHeadDataHash: HeadData;
  /** `ParentHeadData::WithData`: the requester supplies the head data, so it need not be known. */
  readonly parentHeadDataSupplied?: boolean;
}

/**
 * `GetProspectiveValidationData`: over the para's chains at the ACTIVE LEAVES, take the relay
 * parent's info from a scope that contains it, the parent head data from a chain that knows it
 * (`get_head_data_by_hash`: included head, best chain, unconnected storage) and `max_pov_size` from
 * the base constraints of a chain whose scope contains the relay parent; the PVD is
 * `{parent_head, rp.number, rp.storage_root, max_pov_size}`, or null if any of the three is missing.
 * The three may come from different leaves, as in the source.
 */
export function getProspectiveValidationData(view: ProspectiveView, request: ProspectiveValidationDataRequest): PersistedValidationData | null {
  let headData: HeadData | null = request.parentHeadDataSupplied === true ? request.parentHeadDataHash : null;
  let relayParentInfo: RelayChainBlockInfo | null = null;
  let maxPovSize: number | null = null;
  // Verify only active leaves answer: their scopes are the relay parents a new candidate may use.
  const sources = isOn('PP-39') ? view.activeLeaves : relayParentsInView(view); // ablated: implicit ancestors answer too
  for (const rp of sources) {
    const chain = chainAt(view, rp, request.paraId);
    if (chain === null) continue;
    if (headData !== null && relayParentInfo !== null && maxPovSize !== null) break;
    const info = scopeAncestor(chain.scope, request.candidateRelayParent);
    if (relayParentInfo === null) relayParentInfo = info;
    if (headData === null) headData = getHeadDataByHash(chain, request.parentHeadDataHash);
    // `max_pov_size` is per session and a scope never spans two sessions.
    if (maxPovSize === null && info !== null) maxPovSize = chain.scope.baseConstraints.maxPovSize;
  }
  if (headData === null || relayParentInfo === null || maxPovSize === null) return null;
  return {
    parentHead: headData,
    relayParentNumber: relayParentInfo.number,
    relayParentStorageRoot: relayParentInfo.storageRoot,
    maxPovSize,
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function blockInfo(b: RelayBlock): RelayChainBlockInfo {
  return { hash: b.hash, number: b.number, storageRoot: b.storageRoot };
}

function sortedRecord<T>(r: Readonly<Record<Hash, T>>): Record<Hash, T> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => compareHash(a, b)));
}
