/**
 * The scope of a fragment chain: the relay parents a candidate may use at one active leaf, the
 * candidates pending availability there, the base constraints and the bound on the best chain's
 * length.
 *
 * Encodes `Scope`, `Scope::with_ancestors`, `Scope::earliest_relay_parent`, `Scope::ancestor`,
 * `Scope::get_pending_availability` and `PendingAvailability` from
 * `polkadot/node/core/prospective-parachains/src/fragment_chain/mod.rs`, plus the chain-length
 * bound that `prospective-parachains/src/lib.rs::handle_active_leaves_update` derives from the
 * claim queue. See docs/sources/node.md for the versions read.
 *
 * Two ways to bound the best chain (both kept; the caller picks):
 * - CLASSIC (before polkadot-sdk PR #7254, i.e. up to stable2412): `Scope::with_ancestors(..,
 *   max_depth = max_candidate_depth, ..)`; `populate_chain` stops when `len > max_depth`, so the
 *   chain holds at most `max_candidate_depth + 1` candidates, pending availability included.
 *   `scopeWithAncestors` builds this scope.
 * - stable2503 … stable2506 (PR #7254 "deprecate AsyncBackingParams"): `Scope::with_ancestors(..,
 *   max_backable_len, ..)` stores `max_backable_len + pending_availability.len()` and
 *   `populate_chain` stops when `len >= max_backable_len`. The caller passes the number of
 *   DISTINCT cores on which the para has a claim in the leaf's claim queue
 *   (`claims_by_depth.values().flatten().collect::<BTreeSet<_>>().len()`),
 *   not the number of claims (`maxBackableLenFromClaimQueue`). `scopeWithMaxBackableLen` and
 *   `scopeForLeaf` build this scope. `max_candidate_depth` is no longer read by the node.
 * The classic scope carries only `maxDepth`; the stable2506 scope carries `maxBackableLen` (which
 * takes precedence) and `maxDepth = maxBackableLen - 1` for readers of the classic field.
 * `bestChainLengthBound(scope)` is the bound on the whole best chain in both cases.
 *
 * Simplifications and deviations:
 * - `ancestors` (a `BTreeMap` by number plus a `HashMap` by hash in the source) is one array in
 *   ascending block-number order; lookups by hash scan it (it holds at most `allowed_ancestry_len`
 *   entries).
 * - `UnexpectedAncestor { number, prev }` is returned as a rejection whose `detail` carries both
 *   numbers, and also as plain fields for tests.
 */
import { isOn } from '../ablation.ts';
import { reject, type Rejection } from '../rule.ts';
import type { BlockNumber, CandidateHash, CoreIndex, Hash, ParaId, RelayChainBlockInfo } from '../types.ts';
import type { Constraints } from './inclusionEmulator.ts';

/** `PendingAvailability`: a candidate on chain but not yet available, with its relay parent's info. */
export interface PendingAvailability {
  readonly candidateHash: CandidateHash;
  readonly relayParent: RelayChainBlockInfo;
}

/** `Scope` of a `FragmentChain`. */
export interface Scope {
  /** The relay parent (active leaf) the chain is built at. */
  readonly relayParent: RelayChainBlockInfo;
  /** The other allowed relay parents, ascending by number (the source's `BTreeMap` order). */
  readonly ancestors: readonly RelayChainBlockInfo[];
  /** The candidates pending availability at this block, in chain order. */
  readonly pendingAvailability: readonly PendingAvailability[];
  /** The constraints derived from the latest included candidate. */
  readonly baseConstraints: Constraints;
  /**
   * CLASSIC `max_depth` (= `max_candidate_depth`): the best chain holds at most `maxDepth + 1`
   * candidates. For a scope built from a claim queue this is `maxBackableLen - 1`.
   */
  readonly maxDepth: number;
  /**
   * stable2506 `Scope::max_backable_len`: the maximum length of the best chain, candidates pending
   * availability INCLUDED (the constructor already added them). Absent on scopes built by older
   * callers; read it through `bestChainLengthBound`.
   */
  readonly maxBackableLen?: number;
}

/** The maximum number of candidates the best chain may hold (pending availability included). */
export function bestChainLengthBound(scope: Scope): number {
  return scope.maxBackableLen ?? scope.maxDepth + 1;
}

/** `UnexpectedAncestor`: ancestors were not contiguous and newest-first. */
export type UnexpectedAncestor = Rejection<'UnexpectedAncestor'> & {
  readonly number: BlockNumber;
  readonly prev: BlockNumber;
};

export type ScopeResult = { readonly ok: true; readonly scope: Scope } | UnexpectedAncestor;

/**
 * CLASSIC `Scope::with_ancestors(relay_parent, base_constraints, pending, max_depth, ancestors)`:
 * the best chain holds at most `maxDepth + 1` candidates, pending availability included.
 * Ancestors must be given newest-first, starting at the parent of `relayParent` and going back one
 * block at a time. Only ancestors down to `baseConstraints.minRelayParentNumber` are kept. Zero
 * ancestors are allowed.
 */
export function scopeWithAncestors(
  relayParent: RelayChainBlockInfo,
  baseConstraints: Constraints,
  pendingAvailability: readonly PendingAvailability[],
  maxDepth: number,
  ancestors: readonly RelayChainBlockInfo[],
): ScopeResult {
  // Stryker disable next-line ArithmeticOperator: equivalent, the classic scope drops maxBackableLen just below.
  const result = buildScope(relayParent, baseConstraints, pendingAvailability, maxDepth + 1, ancestors);
  if (!result.ok) return result;
  // The classic scope carries only `maxDepth` (callers may override it by spreading the scope).
  const { maxBackableLen: _unused, ...classic } = result.scope;
  return { ok: true, scope: { ...classic, maxDepth } };
}

/**
 * stable2506 `Scope::with_ancestors(relay_parent, base_constraints, pending, max_backable_len,
 * ancestors)`: `maxBackableLen` EXCLUDES the candidates pending availability; the scope stores
 * `maxBackableLen + pendingAvailability.length` as the bound on the whole best chain (PR #7254).
 */
export function scopeWithMaxBackableLen(
  relayParent: RelayChainBlockInfo,
  baseConstraints: Constraints,
  pendingAvailability: readonly PendingAvailability[],
  maxBackableLen: number,
  ancestors: readonly RelayChainBlockInfo[],
): ScopeResult {
  return buildScope(relayParent, baseConstraints, pendingAvailability, maxBackableLen + pendingAvailability.length, ancestors);
}

/** A claim queue: for each core, the paras claiming its next `lookahead` blocks, front first. */
export type ClaimQueue = Readonly<Record<CoreIndex, readonly ParaId[]>>;

/**
 * The `max_backable_len` that `handle_active_leaves_update` (stable2506) passes for `para`: the
 * number of DISTINCT cores on which `para` has at least one claim in the leaf's claim queue
 * (`transpose_claim_queue` then `claims_by_depth.values().flatten().collect::<BTreeSet<_>>().len()`).
 * With a static assignment `[para; lookahead]` on one core this is 1, whatever the lookahead.
 */
export function maxBackableLenFromClaimQueue(claimQueue: ClaimQueue, para: ParaId): number {
  // Verify the bound counts cores, not claims: one core can back at most one candidate per relay
  // block, so the backable part of the chain needs no more entries than the para has cores.
  if (!isOn('PP-35')) {
    // ablated: count every claim (the "pending + claims" reading of issue #6491), a looser bound.
    return Object.values(claimQueue).reduce((n, paras) => n + paras.filter((p) => p === para).length, 0);
  }
  return Object.values(claimQueue).filter((paras) => paras.includes(para)).length;
}

/**
 * The scope `handle_active_leaves_update` builds for `para` at an active leaf at stable2506:
 * `Scope::with_ancestors(leaf, constraints, pending, maxBackableLenFromClaimQueue(cq, para),
 * ancestry)`. `ancestors` is the leaf's session-bounded ancestry, newest first (see
 * `ancestryWithinSession` in view.ts).
 */
export function scopeForLeaf(
  leaf: RelayChainBlockInfo,
  baseConstraints: Constraints,
  pendingAvailability: readonly PendingAvailability[],
  claimQueue: ClaimQueue,
  para: ParaId,
  ancestors: readonly RelayChainBlockInfo[],
): ScopeResult {
  return scopeWithMaxBackableLen(leaf, baseConstraints, pendingAvailability, maxBackableLenFromClaimQueue(claimQueue, para), ancestors);
}

function buildScope(
  relayParent: RelayChainBlockInfo,
  baseConstraints: Constraints,
  pendingAvailability: readonly PendingAvailability[],
  maxBackableLen: number,
  ancestors: readonly RelayChainBlockInfo[],
): ScopeResult {
  const kept: RelayChainBlockInfo[] = [];
  let prev = relayParent.number;
  for (const ancestor of ancestors) {
    if (isOn('PP-15')) {
      // Verify there is a block before `prev`: block 0 has no ancestors.
      // Stryker disable next-line ConditionalExpression: equivalent, the contiguity check below refuses the same ancestor (no block is numbered -1).
      if (prev === 0) return unexpectedAncestor(ancestor.number, prev);
      // Verify ancestors are contiguous and newest-first: a gap or reorder would let a relay
      // parent outside the runtime's allowed window into the scope.
      if (ancestor.number !== prev - 1) return unexpectedAncestor(ancestor.number, prev);
    }
    if (prev === baseConstraints.minRelayParentNumber) break;
    prev = ancestor.number;
    kept.push(ancestor);
  }
  kept.reverse();
  return {
    ok: true,
    scope: { relayParent, ancestors: kept, pendingAvailability, baseConstraints, maxDepth: maxBackableLen - 1, maxBackableLen },
  };
}

function unexpectedAncestor(number: BlockNumber, prev: BlockNumber): UnexpectedAncestor {
  return { ...reject('PP-15', 'UnexpectedAncestor', `UnexpectedAncestor { number: ${number}, prev: ${prev} }`), number, prev };
}

/** `Scope::earliest_relay_parent`: the oldest allowed relay parent (the leaf itself if no ancestors). */
export function earliestRelayParent(scope: Scope): RelayChainBlockInfo {
  return scope.ancestors[0] ?? scope.relayParent;
}

/** `Scope::ancestor`: the info of an allowed relay parent, or null if it is not in scope. */
export function scopeAncestor(scope: Scope, hash: Hash): RelayChainBlockInfo | null {
  if (hash === scope.relayParent.hash) return scope.relayParent;
  return scope.ancestors.find((a) => a.hash === hash) ?? null;
}

/** `Scope::get_pending_availability`: the pending-availability entry of a candidate, or null. */
export function getPendingAvailability(scope: Scope, candidateHash: CandidateHash): PendingAvailability | null {
  return scope.pendingAvailability.find((p) => p.candidateHash === candidateHash) ?? null;
}
