/**
 * The fragment chain of one para at one active leaf: the best backable chain (candidates pending
 * availability, then backed candidates chosen by the fork selection rule, at most
 * `bestChainLengthBound(scope)` in all: `max_candidate_depth + 1` in the classic scope, pending +
 * distinct claimed cores at stable2506, see scope.ts) plus the unconnected storage of
 * seconded/backed candidates that may join the chain later.
 *
 * Encodes `polkadot/node/core/prospective-parachains/src/fragment_chain/mod.rs` at
 * `polkadot-stable2506`: `CandidateEntry::new`, `CandidateStorage`, `FragmentChain::{init,
 * populate_from_previous, can_add_candidate_as_potential, try_adding_seconded_candidate,
 * candidate_backed, find_backable_chain, check_potential, trim_uneligible_forks, populate_chain,
 * revert_to}`, `BackedChain::revert_to_parent_hash`, `fork_selection_rule`; plus two pieces of
 * `prospective-parachains/src/lib.rs`: the pending-availability storage built on leaf activation
 * (`handle_active_leaves_update`) and hypothetical membership (`GetHypotheticalMembership`).
 *
 * Stored versions read (details in docs/sources/node.md): commit `9e14ae91` (classic layout with
 * `init` + `populate_from_previous`, `max_depth`, the `chain[0]` bug); commit `021515eb` (older: a
 * single `FragmentChain::populate(scope, storage)` plus `advance_scope`); and a post-#7254,
 * pre-scheduling-parents copy (downstream fork of polkadot-sdk, 2025) with `max_backable_len`, the
 * `chain[index]` fix and an extra `validate_commitments` check on unconnected candidates. Newer
 * master (2026) splits `backed_chain.rs`, moves the relay parents to a `RelayChainScope` and adds
 * V3 scheduling parents: not modelled.
 *
 * Simplifications and deviations (each is also commented where it is made):
 * - `BackedChain::revert_to_parent_hash`: the stored classic copies read `self.chain[0]` instead of
 *   `self.chain[index]` inside the loop (backing a better fork below the first chain candidate
 *   never reorganised the chain). polkadot-sdk PR #6417 ("fix prospective-parachains best backable
 *   chain reversion bug", merged Nov 2024, released by stable2412) fixed it, and the post-#7254
 *   copy has `chain[index]`, so stable2506 reverts to the candidate whose output is the fork's
 *   parent, as the model does. Not a deviation. Rule PP-31 switched off gives the pre-#6417 "no
 *   reorg below the first candidate" behaviour.
 * - DEVIATION (UNCONFIRMED at stable2506): the post-#7254 copy also runs `validate_commitments`
 *   against the base constraints on a complete candidate whose parent is unknown
 *   (`check_potential`, `is_unconnected` branch). The model follows the classic copy and accepts an
 *   unconnected candidate after the first five checks; the full check still runs when it connects.
 * - The value is plain JSON data: the best chain is an array (its `by_parent_head` /
 *   `by_output_head` / `candidates` indexes are recomputed by scanning it: it holds at most
 *   `max_depth + 1` entries), the unconnected storage is a record keyed by candidate hash with keys
 *   in ascending order, so equal states serialize identically. Functions work on a private
 *   mutable copy and return a new value.
 * - Rust iterates `HashSet`/`HashMap` storages in arbitrary order. Where the order can matter
 *   (children visited by `trim_uneligible_forks`, candidates offered to `populate_chain`) the model
 *   uses ascending candidate hash, so every run is reproducible.
 * - `FragmentNode` keeps the candidate, its relay-parent info and its own modifications, not the
 *   whole `Fragment` (its operating constraints are never read after construction).
 * - Head data is its hash (`spec/types.ts`), so `hash(parent_head)` is `parentHead` itself.
 * - `get_head_data_by_hash` (used by `GetProspectiveValidationData`) returns the head data's hash
 *   (head data is its hash) when some place of the chain knows it: `getHeadDataByHash`.
 *
 * Observed (faithful to the source, pinned in test/node/properties.test.ts): two forks with the
 * same parent AND the same output head are order-dependent. Once one is chained, the other (even
 * with a lower hash) fails `check_potential` with `MultiplePaths` and is trimmed, so the first
 * backed wins instead of the lower hash. With unique head data the best chain is confluent.
 *
 * Observed (faithful to the source, pinned in test/node/fragmentChain.test.ts, "a candidate
 * becoming pending availability at the next leaf"): when a candidate X that was backed but not
 * pending at the previous leaf is pending at the new one, `init` chains X from the pending storage
 * and `populate_from_previous` adds X's previous best-chain copy to the storage it then trims
 * (its pending check looks at the previous scope only). `populate_chain` leaves that copy there
 * (it only looks for children of the chain tip), so `trim_uneligible_forks`, starting from the
 * chain's parent heads, calls `check_potential` on it: `by_parent_head` finds X itself, pending, and
 * it fails with `ForkWithCandidatePendingAvailability(X)`; the copy is removed and X's output is
 * queued without potential, so every stored descendant of X (seconded children, and backed ones
 * `populate_chain` did not take) is removed too. Read in the stored commit `9e14ae91` (classic),
 * the same lines in the post-#7254 copy and in 2026 master; no polkadot-sdk test covers it. It
 * only costs a seconded child (a backed one is chained first); a validator that hears of the child
 * later, once it is backed, chains it (docs/sources/node.md, (e)).
 */
import { isOn } from '../ablation.ts';
import { compareHash } from '../hash.ts';
import { OK, reject, type Accepted, type Rejection } from '../rule.ts';
import {
  pvdHash,
  type CandidateCommitments,
  type CandidateHash,
  type CommittedCandidate,
  type Hash,
  type HeadData,
  type PersistedValidationData,
  type RelayChainBlockInfo,
} from '../types.ts';
import {
  applyModifications,
  checkAgainstConstraints,
  identityModifications,
  stackModifications,
  type ConstraintModifications,
  type FragmentValidityRejection,
  type ModificationRejection,
  type ProspectiveCandidate,
} from './inclusionEmulator.ts';
import {
  bestChainLengthBound,
  earliestRelayParent,
  getPendingAvailability,
  scopeAncestor,
  type PendingAvailability,
  type Scope,
} from './scope.ts';

// ---------------------------------------------------------------------------------------------
// Data types
// ---------------------------------------------------------------------------------------------

/** `CandidateState`: candidates are not considered until seconded; `Backed` once quorum is reached. */
export type CandidateState = 'Seconded' | 'Backed';

/**
 * `HypotheticalOrConcreteCandidate`: what `check_potential` needs. Incomplete hypothetical
 * candidates (known only by hash, para, parent head hash and relay parent) have no output head,
 * commitments, PVD or code hash.
 */
export interface HypotheticalOrConcreteCandidate {
  readonly candidateHash: CandidateHash;
  readonly parentHeadDataHash: HeadData;
  readonly outputHeadDataHash: HeadData | null;
  readonly relayParent: Hash;
  readonly commitments: CandidateCommitments | null;
  readonly persistedValidationData: PersistedValidationData | null;
  readonly validationCodeHash: Hash | null;
}

/** `CandidateEntry`: a complete candidate in a `CandidateStorage`. */
export interface CandidateEntry extends HypotheticalOrConcreteCandidate {
  readonly outputHeadDataHash: HeadData;
  readonly commitments: CandidateCommitments;
  readonly persistedValidationData: PersistedValidationData;
  readonly validationCodeHash: Hash;
  readonly state: CandidateState;
}

/** `CandidateStorage` as plain data: entries by candidate hash (keys kept in ascending order). */
export type CandidateStorage = Readonly<Record<CandidateHash, CandidateEntry>>;

/** `FragmentNode`: a candidate in the best chain, with the modifications of the chain up to it. */
export interface FragmentNode {
  readonly candidateHash: CandidateHash;
  readonly parentHeadDataHash: HeadData;
  readonly outputHeadDataHash: HeadData;
  /** The relay parent's info (for a pending-availability candidate, possibly out of scope). */
  readonly relayParent: RelayChainBlockInfo;
  readonly candidate: ProspectiveCandidate;
  /** This candidate's own modifications (`fragment.constraint_modifications()`). */
  readonly modifications: ConstraintModifications;
  /** Base constraints + these = the constraints of this candidate's child. */
  readonly cumulativeModifications: ConstraintModifications;
}

/** `FragmentChain`: one para at one active leaf. Plain, immutable, JSON-serializable. */
export interface FragmentChain {
  readonly scope: Scope;
  readonly bestChain: readonly FragmentNode[];
  readonly unconnected: CandidateStorage;
}

/** `fragment_chain::Error` variants, in source order. */
export type FragmentChainErrorName =
  | 'CandidateAlreadyKnown'
  | 'ZeroLengthCycle'
  | 'Cycle'
  | 'MultiplePaths'
  | 'IntroduceBackedCandidate'
  | 'RelayParentPrecedesCandidatePendingAvailability'
  | 'ForkWithCandidatePendingAvailability'
  | 'ForkChoiceRule'
  | 'ParentCandidateNotFound'
  | 'ComputeConstraints'
  | 'CheckAgainstConstraints'
  | 'RelayParentMovedBackwards'
  | 'CandidateEntry'
  | 'RelayParentNotInScope';

/** A fragment-chain rejection; `ComputeConstraints` / `CheckAgainstConstraints` carry the cause in `inner`. */
export type FragmentChainRejection = Rejection<FragmentChainErrorName> & {
  readonly inner?: ModificationRejection | FragmentValidityRejection;
};

/** `CandidateEntryError` variants, in source order. */
export type CandidateEntryErrorName = 'PersistedValidationDataMismatch' | 'ZeroLengthCycle';

export type CandidateEntryResult = { readonly ok: true; readonly entry: CandidateEntry } | Rejection<CandidateEntryErrorName>;

// ---------------------------------------------------------------------------------------------
// Candidate entries
// ---------------------------------------------------------------------------------------------

/** `CandidateEntry::new` (`new_seconded` with state `Seconded`). */
export function createCandidateEntry(
  candidate: CommittedCandidate,
  persistedValidationData: PersistedValidationData,
  state: CandidateState,
): CandidateEntryResult {
  // Verify the PVD supplied with the candidate is the one its descriptor commits to: otherwise the
  // node would reason about a context the candidate was not built on.
  if (isOn('PP-16') && pvdHash(persistedValidationData) !== candidate.descriptor.persistedValidationDataHash) {
    return reject('PP-16', 'PersistedValidationDataMismatch', 'PersistedValidationDataMismatch');
  }

  const parentHeadDataHash = persistedValidationData.parentHead;
  const outputHeadDataHash = candidate.commitments.headData;

  // Verify the candidate does not output its own parent head: a zero-length cycle never advances the para.
  if (isOn('PP-17') && parentHeadDataHash === outputHeadDataHash) {
    return reject('PP-17', 'ZeroLengthCycle', 'ZeroLengthCycle');
  }

  return {
    ok: true,
    entry: {
      candidateHash: candidate.hash,
      parentHeadDataHash,
      outputHeadDataHash,
      relayParent: candidate.descriptor.relayParent,
      commitments: candidate.commitments,
      persistedValidationData,
      validationCodeHash: candidate.descriptor.validationCodeHash,
      state,
    },
  };
}

/** A candidate pending availability as the runtime reports it (`backing_state`), with its PVD. */
export interface PendingCandidate {
  readonly candidate: CommittedCandidate;
  readonly persistedValidationData: PersistedValidationData;
  readonly relayParent: RelayChainBlockInfo;
}

/**
 * `handle_active_leaves_update` (lib.rs): the storage of candidates pending availability and the
 * scope's pending list. Each candidate is added as `Backed`; an already-known one is skipped but
 * kept in the list; at the first invalid one the loop stops (it and all later ones are dropped).
 */
export function preparePendingAvailability(pending: readonly PendingCandidate[]): {
  readonly entries: readonly CandidateEntry[];
  readonly pendingAvailability: readonly PendingAvailability[];
} {
  const entries: CandidateEntry[] = [];
  const seen = new Set<CandidateHash>();
  const pendingAvailability: PendingAvailability[] = [];
  for (const p of pending) {
    const result = createCandidateEntry(p.candidate, p.persistedValidationData, 'Backed');
    if (!result.ok) break;
    if (!seen.has(result.entry.candidateHash)) {
      seen.add(result.entry.candidateHash);
      entries.push(result.entry);
    }
    pendingAvailability.push({ candidateHash: p.candidate.hash, relayParent: p.relayParent });
  }
  return { entries, pendingAvailability };
}

// ---------------------------------------------------------------------------------------------
// Working copies (private, mutable; never stored)
// ---------------------------------------------------------------------------------------------

/** `CandidateStorage` with its `by_parent_head` index, for use inside one operation. */
interface WorkingStorage {
  readonly byHash: Map<CandidateHash, CandidateEntry>;
  readonly byParent: Map<HeadData, Set<CandidateHash>>;
}

interface Draft {
  readonly scope: Scope;
  readonly chain: FragmentNode[];
  unconnected: WorkingStorage;
}

function emptyStorage(): WorkingStorage {
  return { byHash: new Map(), byParent: new Map() };
}

function storageFrom(entries: Iterable<CandidateEntry>): WorkingStorage {
  const storage = emptyStorage();
  for (const entry of entries) storageAdd(storage, entry);
  return storage;
}

/** `CandidateStorage::add_candidate_entry`: false (CandidateAlreadyKnown) if the hash is present. */
function storageAdd(storage: WorkingStorage, entry: CandidateEntry): boolean {
  if (storage.byHash.has(entry.candidateHash)) return false;
  storage.byHash.set(entry.candidateHash, entry);
  let children = storage.byParent.get(entry.parentHeadDataHash);
  if (children === undefined) {
    children = new Set();
    storage.byParent.set(entry.parentHeadDataHash, children);
  }
  children.add(entry.candidateHash);
  return true;
}

/** `CandidateStorage::remove_candidate` (removing twice is fine). */
function storageRemove(storage: WorkingStorage, candidateHash: CandidateHash): void {
  const entry = storage.byHash.get(candidateHash);
  if (entry === undefined) return;
  storage.byHash.delete(candidateHash);
  const children = storage.byParent.get(entry.parentHeadDataHash);
  if (children !== undefined) {
    children.delete(candidateHash);
    if (children.size === 0) storage.byParent.delete(entry.parentHeadDataHash);
  }
}

/** Children of a head in ascending candidate-hash order (deviation: Rust's order is arbitrary). */
function childrenOf(storage: WorkingStorage, parentHead: HeadData): CandidateEntry[] {
  const hashes = storage.byParent.get(parentHead);
  if (hashes === undefined) return [];
  return [...hashes].sort(compareHash).map((h) => storage.byHash.get(h)!);
}

/** `CandidateStorage::possible_backed_para_children`: only `Backed` children. */
function possibleBackedParaChildren(storage: WorkingStorage, parentHead: HeadData): CandidateEntry[] {
  // Verify only backed candidates are chained: the best chain is what the provisioner may put on chain.
  return childrenOf(storage, parentHead).filter((c) => !isOn('PP-29') || c.state === 'Backed');
}

function toRecord(storage: WorkingStorage): CandidateStorage {
  const record: Record<CandidateHash, CandidateEntry> = {};
  for (const hash of [...storage.byHash.keys()].sort(compareHash)) record[hash] = storage.byHash.get(hash)!;
  return record;
}

function draftOf(chain: FragmentChain): Draft {
  return { scope: chain.scope, chain: [...chain.bestChain], unconnected: storageFrom(Object.values(chain.unconnected)) };
}

function valueOf(draft: Draft): FragmentChain {
  return { scope: draft.scope, bestChain: draft.chain, unconnected: toRecord(draft.unconnected) };
}

/** `From<&FragmentNode> for CandidateEntry`: a chain node back as a `Backed` entry. */
function entryOfNode(node: FragmentNode): CandidateEntry {
  return {
    candidateHash: node.candidateHash,
    parentHeadDataHash: node.parentHeadDataHash,
    outputHeadDataHash: node.outputHeadDataHash,
    relayParent: node.relayParent.hash,
    commitments: node.candidate.commitments,
    persistedValidationData: node.candidate.persistedValidationData,
    validationCodeHash: node.candidate.validationCodeHash,
    state: 'Backed',
  };
}

// Best-chain index lookups (`BackedChain::{by_parent_head, by_output_head, candidates}`).
function chainByParentHead(chain: readonly FragmentNode[], head: HeadData): FragmentNode | undefined {
  return chain.find((n) => n.parentHeadDataHash === head);
}
function chainByOutputHead(chain: readonly FragmentNode[], head: HeadData): FragmentNode | undefined {
  return chain.find((n) => n.outputHeadDataHash === head);
}
function chainContains(chain: readonly FragmentNode[], candidateHash: CandidateHash): boolean {
  return chain.some((n) => n.candidateHash === candidateHash);
}

// ---------------------------------------------------------------------------------------------
// Fork selection and relay-parent bounds
// ---------------------------------------------------------------------------------------------

/**
 * `fork_selection_rule`: between two backed forks, the lower candidate hash wins (negative result:
 * `hash1` is preferred). A candidate hash is effectively random, so favouring one's own fork would
 * mean solving a proof-of-work puzzle; all validators pick the same fork and keep their rewards.
 */
export function forkSelectionRule(hash1: CandidateHash, hash2: CandidateHash): number {
  return compareHash(hash1, hash2);
}

/**
 * `FragmentChain::earliest_relay_parent`: the earliest relay parent a candidate may have to be
 * appended now: the last chain candidate's (a pending one may be out of scope), else the scope's.
 * Null if the last candidate's relay parent cannot be found.
 */
function earliestRelayParentOfChain(scope: Scope, chain: readonly FragmentNode[]): RelayChainBlockInfo | null {
  const last = chain[chain.length - 1];
  if (last === undefined) return earliestRelayParent(scope);
  return scopeAncestor(scope, last.relayParent.hash) ?? getPendingAvailability(scope, last.candidateHash)?.relayParent ?? null;
}

/**
 * `FragmentChain::earliest_relay_parent_pending_availability`: the relay parent of the last
 * candidate pending availability in the chain, else the scope's earliest relay parent.
 */
export function earliestRelayParentPendingAvailability(chain: FragmentChain): RelayChainBlockInfo {
  return earliestRpPendingIn(chain.scope, chain.bestChain);
}

function earliestRpPendingIn(scope: Scope, chain: readonly FragmentNode[]): RelayChainBlockInfo {
  for (let i = chain.length - 1; i >= 0; i--) {
    const pending = getPendingAvailability(scope, chain[i]!.candidateHash);
    if (pending !== null) return pending.relayParent;
  }
  return earliestRelayParent(scope);
}

// ---------------------------------------------------------------------------------------------
// Admission: can_add_candidate_as_potential / check_potential
// ---------------------------------------------------------------------------------------------

/**
 * `FragmentChain::can_add_candidate_as_potential`: could this candidate be added to the chain now
 * or in the future? `CandidateAlreadyKnown` if it is in the best chain or the unconnected storage.
 */
export function canAddCandidateAsPotential(chain: FragmentChain, candidate: HypotheticalOrConcreteCandidate): Accepted | FragmentChainRejection {
  return canAddIn(chain.scope, chain.bestChain, (h) => h in chain.unconnected, candidate);
}

function canAddIn(
  scope: Scope,
  chain: readonly FragmentNode[],
  inUnconnected: (h: CandidateHash) => boolean,
  candidate: HypotheticalOrConcreteCandidate,
): Accepted | FragmentChainRejection {
  // Verify the candidate is not already known: each candidate is stored once per chain.
  if (isOn('PP-18') && (chainContains(chain, candidate.candidateHash) || inUnconnected(candidate.candidateHash))) {
    return reject('PP-18', 'CandidateAlreadyKnown', 'CandidateAlreadyKnown');
  }
  return checkPotentialIn(scope, chain, candidate);
}

/**
 * `FragmentChain::check_potential`: the checks, in source order, that a (possibly incomplete)
 * candidate could ever join this chain. A candidate whose parent is neither the latest included
 * head nor the output of a chain candidate is accepted after the first five checks (it is
 * unconnected: its parent may arrive later).
 */
export function checkPotential(chain: FragmentChain, candidate: HypotheticalOrConcreteCandidate): Accepted | FragmentChainRejection {
  return checkPotentialIn(chain.scope, chain.bestChain, candidate);
}

function checkPotentialIn(scope: Scope, chain: readonly FragmentNode[], candidate: HypotheticalOrConcreteCandidate): Accepted | FragmentChainRejection {
  const parentHeadHash = candidate.parentHeadDataHash;
  const outputHeadHash = candidate.outputHeadDataHash;

  // Verify the candidate does not output its own parent head (trivial 0-length cycle).
  if (isOn('PP-17') && outputHeadHash !== null && parentHeadHash === outputHeadHash) {
    return reject('PP-17', 'ZeroLengthCycle', 'ZeroLengthCycle');
  }

  // Verify the relay parent is in scope: the runtime only accepts relay parents in its allowed window.
  const relayParent = scopeAncestor(scope, candidate.relayParent);
  if (relayParent === null) {
    if (isOn('PP-19')) {
      return reject('PP-19', 'RelayParentNotInScope', `RelayParentNotInScope(${candidate.relayParent}, ${earliestRelayParent(scope).hash})`);
    }
    return OK; // ablated: nothing else can be checked without the relay parent's number
  }

  // Verify the relay parent does not precede the last pending-availability candidate's: that
  // candidate is already on chain, and relay parents must not move backwards along the chain.
  const earliestPending = earliestRpPendingIn(scope, chain);
  if (isOn('PP-20') && relayParent.number < earliestPending.number) {
    return reject(
      'PP-20',
      'RelayParentPrecedesCandidatePendingAvailability',
      `RelayParentPrecedesCandidatePendingAvailability(${relayParent.hash}, ${earliestPending.hash})`,
    );
  }

  // If it forks a candidate of the best chain:
  const other = chainByParentHead(chain, parentHeadHash);
  if (other !== undefined) {
    // Verify it does not fork a candidate pending availability: that one is already on chain.
    if (isOn('PP-21') && getPendingAvailability(scope, other.candidateHash) !== null) {
      return reject('PP-21', 'ForkWithCandidatePendingAvailability', `ForkWithCandidatePendingAvailability(${other.candidateHash})`);
    }
    // Verify the fork selection rule prefers it over the chain's candidate: every validator keeps
    // the same fork, so backing votes are not split.
    if (isOn('PP-22') && forkSelectionRule(other.candidateHash, candidate.candidateHash) < 0) {
      return reject('PP-22', 'ForkChoiceRule', `ForkChoiceRule(${other.candidateHash})`);
    }
  }

  // The constraints it must satisfy, if its parent is in the chain or is the latest included head.
  let constraints = scope.baseConstraints;
  let minRelayParentFromParent: number | null = null;
  const parent = chainByOutputHead(chain, parentHeadHash);
  if (parent !== undefined) {
    const applied = applyModifications(scope.baseConstraints, parent.cumulativeModifications);
    if (!applied.ok) {
      return { ...reject(applied.rule, 'ComputeConstraints', `ComputeConstraints(${applied.detail ?? applied.error})`), inner: applied };
    }
    constraints = applied.constraints;
    // A pending parent with a relay parent out of scope gives no bound here (as in the source).
    minRelayParentFromParent = scopeAncestor(scope, parent.relayParent.hash)?.number ?? null;
  } else if (scope.baseConstraints.requiredParent !== parentHeadHash) {
    // The parent is not known yet: nothing else can be checked for now.
    return OK;
  }

  // Verify the output head closes no cycle and opens no second path in the chain.
  if (isOn('PP-23') && outputHeadHash !== null) {
    const cycle = checkCyclesOrInvalidTree(chain, outputHeadHash);
    if (!cycle.ok) return cycle;
  }

  // Verify a complete candidate satisfies the constraints of its position (the inclusion emulator).
  const { commitments, persistedValidationData, validationCodeHash } = candidate;
  if (isOn('PP-24') && commitments !== null && persistedValidationData !== null && validationCodeHash !== null) {
    const fragment = checkAgainstConstraints(relayParent, constraints, commitments, validationCodeHash, persistedValidationData);
    if (!fragment.ok) {
      return { ...reject('PP-24', 'CheckAgainstConstraints', `CheckAgainstConstraints(${fragment.detail ?? fragment.error})`), inner: fragment };
    }
  }

  if (isOn('PP-25')) {
    // Verify the relay parent is not older than the constraints' minimum.
    // Stryker disable next-line ConditionalExpression,BlockStatement: unreachable, kept as the source has it: the scope holds no relay parent below the base constraints' minimum (scopeForLeaf stops there) and modifications never raise it.
    if (relayParent.number < constraints.minRelayParentNumber) {
      // Stryker disable next-line StringLiteral: unreachable (see above).
      return reject('PP-25', 'RelayParentMovedBackwards', 'RelayParentMovedBackwards');
    }
    // Verify the relay parent is not older than the parent candidate's (equal is allowed): the
    // runtime rejects a chain whose relay parents go backwards.
    // Stryker disable next-line ConditionalExpression: equivalent, a null bound compares as 0 and no relay parent is below 0.
    if (minRelayParentFromParent !== null && relayParent.number < minRelayParentFromParent) {
      return reject('PP-25', 'RelayParentMovedBackwards', 'RelayParentMovedBackwards');
    }
  }

  return OK;
}

/** `check_cycles_or_invalid_tree` (zero-length cycles are caught by `CandidateEntry::new`). */
function checkCyclesOrInvalidTree(chain: readonly FragmentNode[], outputHeadHash: HeadData): Accepted | FragmentChainRejection {
  // Verify the output is not the parent head of a chain candidate: that would close a cycle.
  if (chainByParentHead(chain, outputHeadHash) !== undefined) return reject('PP-23', 'Cycle', 'Cycle');
  // Verify the output is not already an output in the chain: two paths to one state cannot be a chain.
  if (chainByOutputHead(chain, outputHeadHash) !== undefined) return reject('PP-23', 'MultiplePaths', 'MultiplePaths');
  return OK;
}

// ---------------------------------------------------------------------------------------------
// Building the best chain
// ---------------------------------------------------------------------------------------------

/** The order `populate_chain` picks children in: a pending-availability candidate always wins. */
function compareChildren(scope: Scope, hash1: CandidateHash, hash2: CandidateHash): number {
  // Verify a candidate pending availability is picked first: it is already on chain.
  if (isOn('PP-28')) {
    if (getPendingAvailability(scope, hash1) !== null) return -1;
    if (getPendingAvailability(scope, hash2) !== null) return 1;
  }
  // Otherwise the fork selection rule (ablated: the highest hash wins, a different local choice).
  return isOn('PP-22') ? forkSelectionRule(hash1, hash2) : forkSelectionRule(hash2, hash1);
}

interface ChosenChild {
  readonly entry: CandidateEntry;
  readonly relayParent: RelayChainBlockInfo;
  readonly modifications: ConstraintModifications;
}

/**
 * `FragmentChain::populate_chain`: appends backed candidates from `storage` to the best chain (and
 * removes them from it), one position at a time, while the chain is shorter than
 * `bestChainLengthBound(scope)`: at each position the best child of the current head that is
 * valid there.
 */
function populateChainIn(draft: Draft, storage: WorkingStorage): void {
  const { scope, chain } = draft;
  let cumulative = chain[chain.length - 1]?.cumulativeModifications ?? identityModifications();
  let earliestRp = earliestRelayParentOfChain(scope, chain);
  if (earliestRp === null) return;

  for (;;) {
    // Verify the best chain holds at most `bestChainLengthBound(scope)` candidates, pending
    // availability included (classic `len > max_depth`, stable2506 `len >= max_backable_len`):
    // bounds how far ahead of inclusion a para may build. Longer chains stay in unconnected storage.
    if (isOn('PP-27') && chain.length >= bestChainLengthBound(scope)) break;

    const applied = applyModifications(scope.baseConstraints, cumulative);
    if (!applied.ok) break;
    const childConstraints = applied.constraints;

    let best: ChosenChild | null = null;
    for (const candidate of possibleBackedParaChildren(storage, childConstraints.requiredParent)) {
      const pending = getPendingAvailability(scope, candidate.candidateHash);
      // Only pending-availability candidates may have a relay parent out of scope.
      const relayParent = pending?.relayParent ?? scopeAncestor(scope, candidate.relayParent);
      if (relayParent === null) continue;

      // Verify it introduces no cycle and no second path.
      if (isOn('PP-23') && !checkCyclesOrInvalidTree(chain, candidate.outputHeadDataHash).ok) continue;

      // Verify relay parents do not move backwards; a pending candidate at the root is bounded by
      // its own relay parent (it may be older than the scope).
      const minRelayParentNumber = pending !== null && chain.length === 0 ? pending.relayParent.number : earliestRp.number;
      if (isOn('PP-25') && relayParent.number < minRelayParentNumber) continue;

      // Never add a candidate twice (only possible through a cycle).
      // Stryker disable next-line ConditionalExpression: equivalent, a chosen candidate leaves the storage, so none is seen twice.
      if (chainContains(chain, candidate.candidateHash)) continue;

      // Verify the candidate is valid at this position (`Fragment::new`); for a pending candidate
      // the minimum relay parent is its own relay parent.
      const constraints = pending !== null ? { ...childConstraints, minRelayParentNumber: pending.relayParent.number } : childConstraints;
      const fragment = checkAgainstConstraints(
        relayParent,
        constraints,
        candidate.commitments,
        candidate.validationCodeHash,
        candidate.persistedValidationData,
      );
      if (!fragment.ok) continue;

      // `min_by`: keep the earlier one unless the new one compares strictly less.
      // Stryker disable next-line EqualityOperator: equivalent, two distinct children never compare equal.
      if (best === null || compareChildren(scope, best.entry.candidateHash, candidate.candidateHash) > 0) {
        best = { entry: candidate, relayParent, modifications: fragment.modifications };
      }
    }

    if (best === null) break;
    storageRemove(storage, best.entry.candidateHash);
    cumulative = stackModifications(cumulative, best.modifications);
    earliestRp = best.relayParent;
    chain.push({
      candidateHash: best.entry.candidateHash,
      parentHeadDataHash: best.entry.parentHeadDataHash,
      outputHeadDataHash: best.entry.outputHeadDataHash,
      relayParent: best.relayParent,
      candidate: {
        commitments: best.entry.commitments,
        persistedValidationData: best.entry.persistedValidationData,
        validationCodeHash: best.entry.validationCodeHash,
      },
      modifications: best.modifications,
      cumulativeModifications: cumulative,
    });
  }
}

/**
 * `populate_chain` as a pure function: the chain extended from `storage`, and what is left of the
 * storage (the chosen candidates are removed from it).
 */
export function populateChain(chain: FragmentChain, storage: CandidateStorage): { readonly chain: FragmentChain; readonly storage: CandidateStorage } {
  const draft = draftOf(chain);
  const working = storageFrom(Object.values(storage));
  populateChainIn(draft, working);
  return { chain: valueOf(draft), storage: toRecord(working) };
}

/**
 * `FragmentChain::trim_uneligible_forks`: breadth-first from the chain's parent heads (or from
 * `startingPoint`), drops every stored candidate that has no potential, together with all its
 * descendants. Cycle-safe: a child whose output head was already visited is skipped.
 */
function trimUneligibleForksIn(draft: Draft, storage: WorkingStorage, startingPoint: HeadData | null): void {
  // Verify forks that lost to the best chain are dropped with their descendants: bounds the storage
  // and stops the node from working on candidates that can never be backed on chain.
  if (!isOn('PP-30')) return;

  const queue: [HeadData, boolean][] =
    startingPoint !== null
      ? [[startingPoint, true]]
      : draft.chain.length === 0
        ? [[draft.scope.baseConstraints.requiredParent, true]]
        : draft.chain.map((c): [HeadData, boolean] => [c.parentHeadDataHash, true]);
  const visited = new Set<HeadData>();

  for (let next = 0; next < queue.length; next++) {
    const [parent, parentHasPotential] = queue[next]!;
    visited.add(parent);

    const toRemove: CandidateHash[] = [];
    for (const child of childrenOf(storage, parent)) {
      // Already visited: a cycle or multiple paths to the same candidate; stop this branch.
      if (visited.has(child.outputHeadDataHash)) continue;
      // Keep a candidate only if its whole ancestry was kept and it has potential itself.
      if (parentHasPotential && checkPotentialIn(draft.scope, draft.chain, child).ok) {
        queue.push([child.outputHeadDataHash, true]);
      } else {
        toRemove.push(child.candidateHash);
        queue.push([child.outputHeadDataHash, false]);
      }
    }
    for (const hash of toRemove) storageRemove(storage, hash);
  }
}

/** `trim_uneligible_forks` as a pure function: what is left of `storage`. */
export function trimUneligibleForks(chain: FragmentChain, storage: CandidateStorage, startingPoint: HeadData | null): CandidateStorage {
  const working = storageFrom(Object.values(storage));
  trimUneligibleForksIn(draftOf(chain), working, startingPoint);
  return toRecord(working);
}

/** `populate_unconnected_potential_candidates`: keep the old candidates that still have potential. */
function populateUnconnectedPotentialCandidates(draft: Draft, oldStorage: WorkingStorage): void {
  for (const hash of [...oldStorage.byHash.keys()].sort(compareHash)) {
    const candidate = oldStorage.byHash.get(hash)!;
    // Pending-availability candidates are always in the chain already.
    if (getPendingAvailability(draft.scope, hash) !== null) continue;
    const unconnected = draft.unconnected;
    if (canAddIn(draft.scope, draft.chain, (h) => unconnected.byHash.has(h), candidate).ok) {
      storageAdd(unconnected, candidate);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Leaf activation
// ---------------------------------------------------------------------------------------------

/**
 * `FragmentChain::init`: a new chain at a leaf, populated with the candidates pending availability
 * (which must form a chain from the latest included head). Leftovers are discarded.
 */
export function init(scope: Scope, candidatesPendingAvailability: readonly CandidateEntry[]): FragmentChain {
  const draft: Draft = { scope, chain: [], unconnected: emptyStorage() };
  populateChainIn(draft, storageFrom(candidatesPendingAvailability));
  return valueOf(draft);
}

/**
 * `FragmentChain::populate_from_previous`: carries over the candidates of the chain at the
 * previous relay parent: its unconnected storage plus its best-chain candidates that were not
 * pending availability there (those are either still pending, hence already in this chain, or
 * included or timed out). Then repopulates the best chain, trims, and keeps what has potential.
 */
export function populateFromPrevious(chain: FragmentChain, prev: FragmentChain): FragmentChain {
  const draft = draftOf(chain);
  const prevStorage = storageFrom(Object.values(prev.unconnected));
  for (const node of prev.bestChain) {
    // Verify previously pending candidates are not carried over: if still pending they are in this
    // chain already; if included or timed out they must not be backed again.
    if (isOn('PP-33') && getPendingAvailability(prev.scope, node.candidateHash) !== null) continue;
    storageAdd(prevStorage, entryOfNode(node));
  }
  populateChainIn(draft, prevStorage);
  trimUneligibleForksIn(draft, prevStorage, null);
  populateUnconnectedPotentialCandidates(draft, prevStorage);
  return valueOf(draft);
}

// ---------------------------------------------------------------------------------------------
// Seconding and backing
// ---------------------------------------------------------------------------------------------

export type AddResult = { readonly ok: true; readonly chain: FragmentChain } | FragmentChainRejection;

/**
 * `FragmentChain::try_adding_seconded_candidate`: a seconded candidate with potential joins the
 * unconnected storage (never the best chain directly: only backed candidates are chained).
 */
export function tryAddingSecondedCandidate(chain: FragmentChain, candidate: CandidateEntry): AddResult {
  // Verify the candidate arrives seconded: it may only become backed through `candidateBacked`,
  // so every chained candidate went through the potential checks first.
  if (isOn('PP-26') && candidate.state === 'Backed') {
    return reject('PP-26', 'IntroduceBackedCandidate', 'IntroduceBackedCandidate');
  }
  const verdict = canAddCandidateAsPotential(chain, candidate);
  if (!verdict.ok) return verdict;
  const draft = draftOf(chain);
  if (!storageAdd(draft.unconnected, candidate)) {
    return reject('PP-18', 'CandidateAlreadyKnown', 'CandidateAlreadyKnown');
  }
  return { ok: true, chain: valueOf(draft) };
}

/**
 * `FragmentChain::revert_to`: cut the best chain back so that its last candidate outputs
 * `parentHead` (all of it if `parentHead` is the latest included head), returning the removed
 * candidates to the unconnected storage as `Backed`. False if `parentHead` is in neither place.
 */
function revertTo(draft: Draft, parentHead: HeadData): boolean {
  let removed: FragmentNode[] | null = null;
  if (draft.scope.baseConstraints.requiredParent === parentHead) {
    removed = draft.chain.splice(0);
  }
  // Stryker disable next-line ConditionalExpression: equivalent, after reverting everything the chain is empty and no index is found.
  if (removed === null) {
    const index = draft.chain.findIndex((n) => n.outputHeadDataHash === parentHead);
    if (index >= 0) {
      // `BackedChain::revert_to_parent_hash` (with the PR #6417 fix: `chain[index]`, not `chain[0]`).
      // Verify a better fork below any chain candidate can reorganise the chain.
      if (isOn('PP-31') || index === 0) removed = draft.chain.splice(index + 1);
      else removed = []; // ablated: the pre-#6417 behaviour, nothing is reverted
    }
  }
  if (removed === null) return false;
  // Even if nothing was removed, a new candidate may now be appended.
  for (const node of removed) storageAdd(draft.unconnected, entryOfNode(node));
  return true;
}

/**
 * `FragmentChain::candidate_backed`: mark a stored candidate backed; if it builds on the latest
 * included head or on a chain candidate, revert the chain to its parent, repopulate it (the fork
 * selection rule may now prefer it), trim forks from its parent head onward and keep the rest that
 * still has potential. No-op if the candidate is in the best chain already or unknown.
 */
export function candidateBacked(chain: FragmentChain, candidateHash: CandidateHash): FragmentChain {
  // Stryker disable next-line ConditionalExpression: equivalent, a best-chain candidate is never in the unconnected storage, so the next line returns too.
  if (chainContains(chain.bestChain, candidateHash)) return chain;
  const entry = chain.unconnected[candidateHash];
  if (entry === undefined) return chain;

  const draft = draftOf(chain);
  draft.unconnected.byHash.set(candidateHash, { ...entry, state: 'Backed' });
  const parentHeadHash = entry.parentHeadDataHash;

  if (!revertTo(draft, parentHeadHash)) return valueOf(draft);

  const prevStorage = draft.unconnected;
  draft.unconnected = emptyStorage();
  populateChainIn(draft, prevStorage);
  trimUneligibleForksIn(draft, prevStorage, parentHeadHash);
  populateUnconnectedPotentialCandidates(draft, prevStorage);
  return valueOf(draft);
}

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

/** A backable candidate and its relay parent, as `GetBackableCandidates` returns it. */
export interface BackableCandidate {
  readonly candidateHash: CandidateHash;
  readonly relayParent: Hash;
}

/**
 * `FragmentChain::find_backable_chain`: up to `count` candidates of the best chain after the
 * longest prefix made of `ancestors` (the caller's candidates still pending availability or
 * timed out), stopping at a candidate pending availability.
 */
export function findBackableChain(chain: FragmentChain, ancestors: readonly CandidateHash[], count: number): BackableCandidate[] {
  // Stryker disable next-line ConditionalExpression: equivalent, a count of 0 takes an empty slice below.
  if (count === 0) return [];
  const basePos = findAncestorPath(chain, ancestors);
  const end = Math.min(basePos + count, chain.bestChain.length);
  const result: BackableCandidate[] = [];
  for (const elem of chain.bestChain.slice(basePos, end)) {
    // Verify only candidates not yet pending availability are offered: a pending one is on chain already.
    if (isOn('PP-32') && getPendingAvailability(chain.scope, elem.candidateHash) !== null) break;
    result.push({ candidateHash: elem.candidateHash, relayParent: elem.relayParent.hash });
  }
  return result;
}

/**
 * `find_ancestor_path`: the length of the longest prefix of the best chain whose candidates are all
 * in `ancestors` (ancestors not forming such a prefix are ignored).
 */
export function findAncestorPath(chain: FragmentChain, ancestors: readonly CandidateHash[]): number {
  const remaining = new Set(ancestors);
  for (let index = 0; index < chain.bestChain.length; index++) {
    if (!remaining.delete(chain.bestChain[index]!.candidateHash)) return index;
  }
  return chain.bestChain.length;
}

/**
 * Hypothetical membership (lib.rs, `GetHypotheticalMembership`): a candidate is a potential member
 * of this chain if `can_add_candidate_as_potential` accepts it or reports it already known. Works
 * for incomplete candidates too.
 */
export function isHypotheticalMember(chain: FragmentChain, candidate: HypotheticalOrConcreteCandidate): boolean {
  const verdict = canAddCandidateAsPotential(chain, candidate);
  // Verify a candidate already in this chain counts as a member (it may be seconded/backed further).
  return verdict.ok || (isOn('PP-34') && verdict.error === 'CandidateAlreadyKnown');
}

/**
 * `FragmentChain::get_head_data_by_hash`: the head data with this hash if the chain knows it: the
 * latest included head (required parent), a parent or output head of a best-chain candidate, or
 * of an unconnected candidate. Head data is its hash in the model, so the result is the hash.
 */
export function getHeadDataByHash(chain: FragmentChain, headDataHash: HeadData): HeadData | null {
  if (chain.scope.baseConstraints.requiredParent === headDataHash) return headDataHash;
  if (chainByParentHead(chain.bestChain, headDataHash) !== undefined || chainByOutputHead(chain.bestChain, headDataHash) !== undefined) {
    return headDataHash;
  }
  for (const entry of Object.values(chain.unconnected)) {
    if (entry.outputHeadDataHash === headDataHash || entry.parentHeadDataHash === headDataHash) return headDataHash;
  }
  return null;
}

/** `best_chain_vec`: the best chain's candidate hashes, in order. */
export function bestChainVec(chain: FragmentChain): CandidateHash[] {
  return chain.bestChain.map((n) => n.candidateHash);
}

/** The unconnected candidates' hashes, ascending. */
export function unconnectedHashes(chain: FragmentChain): CandidateHash[] {
  return Object.keys(chain.unconnected).sort(compareHash);
}

/** `is_candidate_backed`: in the best chain, or backed in the unconnected storage. */
export function isCandidateBacked(chain: FragmentChain, candidateHash: CandidateHash): boolean {
  return chainContains(chain.bestChain, candidateHash) || chain.unconnected[candidateHash]?.state === 'Backed';
}
