/**
 * The scope of a fragment chain: the relay parents a candidate may use at one active leaf, the
 * candidates pending availability there, the base constraints and the depth limit.
 *
 * Encodes `Scope`, `Scope::with_ancestors`, `Scope::earliest_relay_parent`, `Scope::ancestor`,
 * `Scope::get_pending_availability` and `PendingAvailability` from
 * `polkadot/node/core/prospective-parachains/src/fragment_chain/mod.rs` at `polkadot-stable2506`
 * (stored version read: commit `9e14ae91`, the classic best-chain + unconnected-storage layout with
 * `FragmentChain::init` / `populate_from_previous`; newer master moves to a `SchedulingScope`
 * without ancestors, which is not modelled).
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
import type { BlockNumber, CandidateHash, Hash, RelayChainBlockInfo } from '../types.ts';
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
  /** `max_candidate_depth`. */
  readonly maxDepth: number;
}

/** `UnexpectedAncestor`: ancestors were not contiguous and newest-first. */
export type UnexpectedAncestor = Rejection<'UnexpectedAncestor'> & {
  readonly number: BlockNumber;
  readonly prev: BlockNumber;
};

export type ScopeResult = { readonly ok: true; readonly scope: Scope } | UnexpectedAncestor;

/**
 * `Scope::with_ancestors`. Ancestors must be given newest-first, starting at the parent of
 * `relayParent` and going back one block at a time. Only ancestors down to
 * `baseConstraints.minRelayParentNumber` are kept. Zero ancestors are allowed.
 */
export function scopeWithAncestors(
  relayParent: RelayChainBlockInfo,
  baseConstraints: Constraints,
  pendingAvailability: readonly PendingAvailability[],
  maxDepth: number,
  ancestors: readonly RelayChainBlockInfo[],
): ScopeResult {
  const kept: RelayChainBlockInfo[] = [];
  let prev = relayParent.number;
  for (const ancestor of ancestors) {
    if (isOn('PP-15')) {
      // Verify there is a block before `prev`: block 0 has no ancestors.
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
  return { ok: true, scope: { relayParent, ancestors: kept, pendingAvailability, baseConstraints, maxDepth } };
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
