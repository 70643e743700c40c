/**
 * The rules other node subsystems apply on top of prospective-parachains: when candidate-backing
 * may second a candidate, how many `Seconded` statements statement-distribution lets a validator
 * issue per relay parent, and what the provisioner asks prospective-parachains for when it fills a
 * relay-chain block.
 *
 * Encodes, at `polkadot-stable2506` (versions read: docs/sources/node.md):
 * - `polkadot/node/core/backing/src/lib.rs :: seconding_sanity_check` (post-#7254 form: loops over
 *   `implicit_view.leaves()`, no `ProspectiveParachainsMode`);
 * - `polkadot/node/network/statement-distribution/src/v2/mod.rs :: find_active_validator_state`,
 *   `share_local_statement` (the seconding limit is `assignments_per_group[our_group].len()`, the
 *   length of the claim queue of the group's core at that relay parent; classic releases used
 *   `max_candidate_depth + 1`);
 * - `polkadot/node/core/provisioner/src/lib.rs :: request_backable_candidates`,
 *   `bitfields_indicate_availability`.
 * `secondingSanityCheck` gives `seconding_sanity_check`'s answer with the reason of a refusal, as the
 * network (machines/network.ts) reports it in a collation's verdict.
 *
 * Simplifications and deviations:
 * - Backing's implicit view computes a leaf's allowed relay parents for a para as the contiguous
 *   ancestry from the leaf down to `GetMinimumRelayParents(leaf)[para]`, which is the para's scope
 *   at that leaf; the model reads the scope directly (`allowedRelayParentsUnder`). The check is then
 *   the same set as prospective-parachains' own `RelayParentNotInScope` (PP-19), as in the source.
 * - The provisioner reads `availability_cores` (each occupied core reports `next_up_on_available`
 *   and `next_up_on_time_out`, which the runtime derives from the claim queue); the model takes
 *   the cores as plain data with `available` (2/3 of the bitfields, `bitfieldsIndicateAvailability`)
 *   and `timedOut` (`time_out_at <= block under construction`) already decided
 *   (machines/network.ts `provisionerCores` derives them from the relay runtime state).
 */
import { isOn } from '../ablation.ts';
import { OK, reject, type Accepted, type Rejection } from '../rule.ts';
import type { CandidateHash, CoreIndex, Hash, ParaId } from '../types.ts';
import { canAddCandidateAsPotential, isHypotheticalMember, type FragmentChainRejection, type HypotheticalOrConcreteCandidate } from './fragmentChain.ts';
import { earliestRelayParent, type ClaimQueue } from './scope.ts';
import { chainAt, type ProspectiveView } from './view.ts';

// ---------------------------------------------------------------------------------------------
// candidate-backing: seconding_sanity_check
// ---------------------------------------------------------------------------------------------

/**
 * `ImplicitView::known_allowed_relay_parents_under(leaf, Some(para))` as backing sees it: the leaf
 * and its ancestors down to the para's minimum relay parent at that leaf, newest first. Empty if
 * the para has no chain at the leaf (no minimum relay parent reported).
 */
export function allowedRelayParentsUnder(view: ProspectiveView, leaf: Hash, para: ParaId): Hash[] {
  const chain = chainAt(view, leaf, para);
  if (chain === null) return [];
  const min = earliestRelayParent(chain.scope).number;
  // Stryker disable next-line MethodExpression,ConditionalExpression: equivalent, the scope holds no ancestor below the minimum (the filter states the source's bound).
  return [chain.scope.relayParent, ...[...chain.scope.ancestors].reverse()].filter((b) => b.number >= min).map((b) => b.hash);
}

/**
 * `seconding_sanity_check`: the active leaves under which a validator may second the candidate:
 * those whose allowed relay parents for the para include the candidate's relay parent AND under
 * which prospective-parachains reports hypothetical membership. Seconding is allowed iff the list
 * is not empty (`SecondingAllowed::Yes(leaves)`).
 */
export function secondingLeaves(view: ProspectiveView, para: ParaId, candidate: HypotheticalOrConcreteCandidate): Hash[] {
  return leavesAllowingRelayParent(view, para, candidate.relayParent).filter((leaf) => {
    const chain = chainAt(view, leaf, para);
    return chain !== null && isHypotheticalMember(chain, candidate);
  });
}

/**
 * The active leaves under which backing sends `GetHypotheticalMembership` for a candidate: those
 * whose allowed relay parents for the para include its relay parent (`seconding_sanity_check`'s
 * `known_allowed_relay_parents_under` filter), ascending.
 */
export function leavesAllowingRelayParent(view: ProspectiveView, para: ParaId, relayParent: Hash): Hash[] {
  // Verify the candidate's relay parent is allowed for the para under the leaf: only then can a
  // block built on this leaf include it.
  return view.activeLeaves.filter((leaf) => !isOn('PP-41') || allowedRelayParentsUnder(view, leaf, para).includes(relayParent));
}

/** `SecondingAllowed`, with the reason of a refusal. */
export type SecondingVerdict = { readonly ok: true; readonly leaves: readonly Hash[] } | Rejection<'SecondingAllowed::No'> | FragmentChainRejection;

/**
 * `seconding_sanity_check` as a verdict: `SecondingAllowed::Yes(leaves)` (`secondingLeaves`, PP-41),
 * or why not. When some active leaf allows the relay parent, the reason is that leaf's
 * `can_add_candidate_as_potential` error (the first such leaf, ascending: what prospective-parachains
 * logs as "Candidate is not a hypothetical member on: {err}", PP-17..PP-25); when none does, backing
 * asks prospective-parachains nothing and the answer is `SecondingAllowed::No` itself (PP-41).
 */
export function secondingSanityCheck(view: ProspectiveView, para: ParaId, candidate: HypotheticalOrConcreteCandidate): SecondingVerdict {
  const leaves = secondingLeaves(view, para, candidate);
  if (leaves.length > 0) return { ok: true, leaves };
  for (const leaf of leavesAllowingRelayParent(view, para, candidate.relayParent)) {
    const chain = chainAt(view, leaf, para);
    if (chain === null) continue;
    const membership = canAddCandidateAsPotential(chain, candidate);
    // Stryker disable next-line ConditionalExpression: equivalent, a leaf whose chain accepts the candidate is in secondingLeaves, which was empty.
    if (!membership.ok) return membership;
  }
  return reject('PP-41', 'SecondingAllowed::No', `no active leaf allows relay parent ${candidate.relayParent} for para ${para}`);
}

/** `SecondingAllowed`: may the candidate be seconded at all (under some active leaf)? */
export function secondingAllowed(view: ProspectiveView, para: ParaId, candidate: HypotheticalOrConcreteCandidate): boolean {
  return secondingLeaves(view, para, candidate).length > 0;
}

// ---------------------------------------------------------------------------------------------
// statement-distribution: the seconding limit
// ---------------------------------------------------------------------------------------------

/**
 * The number of `Seconded` statements one validator may issue (and peers accept from it) at one
 * relay parent, stable2506: the length of the claim queue, at that relay parent, of the core the
 * validator's group serves (`assignments_per_group[our_group].len()`); with a full queue that is
 * `scheduling_lookahead`. 0 if the core has no claim queue.
 */
export function secondingLimit(claimQueue: ClaimQueue, groupCore: CoreIndex): number {
  return claimQueue[groupCore]?.length ?? 0;
}

/** The CLASSIC seconding limit (before PR #7254): `max_candidate_depth + 1`. */
export function classicSecondingLimit(maxCandidateDepth: number): number {
  return maxCandidateDepth + 1;
}

/**
 * Statement-distribution's limit check (`share_local_statement`: "Local node has issued too many
 * `Seconded` statements"; `ClusterTracker::can_receive`: `ExcessiveSeconded`): a further
 * `Seconded` statement from a validator that already issued `alreadySeconded` at this relay
 * parent is refused once the limit is reached.
 */
export function checkSecondingLimit(alreadySeconded: number, limit: number): Accepted | Rejection<'ExcessiveSeconded'> {
  // Verify a validator cannot flood its group with candidates at one relay parent: the work the
  // group does per relay parent stays bounded by what the claim queue can use.
  if (isOn('PP-42') && alreadySeconded >= limit) {
    return reject('PP-42', 'ExcessiveSeconded', `ExcessiveSeconded: ${alreadySeconded} >= limit ${limit}`);
  }
  return OK;
}

// ---------------------------------------------------------------------------------------------
// provisioner: request_backable_candidates
// ---------------------------------------------------------------------------------------------

/**
 * `bitfields_indicate_availability`: the provisioner's test that an occupied core's candidate is
 * available once this block's bitfields are counted: the validators that already signed it (the
 * core's `availability` bitfield) together with those signing it now make at least two thirds of
 * all validators (`3 * ones >= 2 * len`). The runtime's own threshold is `n - floor((n - 1) / 3)`
 * (`availability_threshold` = `supermajority_threshold`, RT-12): one vote more when `n` is a
 * multiple of 3, so the provisioner can then take a candidate for available (an ancestor, its core
 * to fill) that the runtime does not enact (finding, witness WN-09 in properties/network/invariants.ts).
 */
export function bitfieldsIndicateAvailability(signers: number, validators: number): boolean {
  return 3 * signers >= 2 * validators;
}

/** A core as the provisioner sees it at the relay parent it builds on. */
export type ProvisionerCore =
  | { readonly kind: 'free' }
  | { readonly kind: 'scheduled'; readonly para: ParaId }
  | {
      readonly kind: 'occupied';
      readonly para: ParaId;
      readonly candidateHash: CandidateHash;
      /** The signed bitfields of this block make it available (2/3 of the validators). */
      readonly available: boolean;
      /** `time_out_at <= number of the block under construction` (and not available). */
      readonly timedOut: boolean;
      readonly nextUpOnAvailable: ParaId | null;
      readonly nextUpOnTimeOut: ParaId | null;
    };

/** One `GetBackableCandidates(relay_parent, para, count, ancestors)` request. */
export interface BackableRequest {
  readonly para: ParaId;
  /** The cores the answer is for, ascending; `count` is their number. */
  readonly cores: readonly CoreIndex[];
  readonly count: number;
  /** The para's candidates on chain that new candidates build on, ascending. */
  readonly ancestors: readonly CandidateHash[];
}

/**
 * `request_backable_candidates`: one request per para with cores to fill, ascending by para. A
 * core counts for a para if it is scheduled for it, or occupied and being freed now with the para
 * next up (made available in this block: `next_up_on_available`; timed out:
 * `next_up_on_time_out`). The ancestors are the para's candidates on occupied cores that are
 * available now (they are included in this very block) or still pending and not timed out;
 * timed-out candidates are left out ("Timed out ancestors should not be included").
 */
export function backableCandidatesRequests(cores: readonly ProvisionerCore[]): BackableRequest[] {
  const scheduled = new Map<ParaId, Set<CoreIndex>>();
  const ancestors = new Map<ParaId, Set<CandidateHash>>();
  const addCore = (para: ParaId, core: CoreIndex): void => {
    if (!scheduled.has(para)) scheduled.set(para, new Set());
    scheduled.get(para)!.add(core);
  };
  const addAncestor = (para: ParaId, hash: CandidateHash): void => {
    if (!ancestors.has(para)) ancestors.set(para, new Set());
    ancestors.get(para)!.add(hash);
  };
  cores.forEach((core, index) => {
    switch (core.kind) {
      // Stryker disable next-line StringLiteral: equivalent, an unmatched free core falls through to nothing as well.
      case 'free':
        return;
      case 'scheduled':
        addCore(core.para, index);
        return;
      case 'occupied':
        if (core.available) {
          addAncestor(core.para, core.candidateHash);
          if (core.nextUpOnAvailable !== null) addCore(core.nextUpOnAvailable, index);
        } else if (!core.timedOut) {
          addAncestor(core.para, core.candidateHash);
        } else {
          // Verify a timed-out candidate is not passed as an ancestor: it leaves the chain in this
          // block, so a candidate built on it could not be included.
          if (!isOn('PP-43')) addAncestor(core.para, core.candidateHash); // ablated: kept as an ancestor
          if (core.nextUpOnTimeOut !== null) addCore(core.nextUpOnTimeOut, index);
        }
        return;
    }
  });
  return [...scheduled.entries()]
    .sort(([a], [b]) => a - b)
    .map(([para, set]) => {
      // Stryker disable next-line MethodExpression,ArrowFunction,ArithmeticOperator: equivalent, cores are added in ascending index order; the sort states the order.
      const coreList = [...set].sort((a, b) => a - b);
      return { para, cores: coreList, count: coreList.length, ancestors: [...(ancestors.get(para) ?? [])].sort() };
    });
}
