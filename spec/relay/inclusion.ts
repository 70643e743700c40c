/**
 * The inclusion pallet: checks on backed candidates, backing votes, availability and enactment,
 * timeouts, disputes and session change.
 * Source: polkadot/runtime/parachains/src/inclusion/mod.rs at the pinned tag (plus `paras::note_new_head`,
 * `primitives::supermajority_threshold` and `effective_minimum_backing_votes`).
 *
 * Deviations:
 * - Signatures are not modelled. A backing vote is a validator index; a vote by a validator outside
 *   the group assigned to the core stands for a statement whose signature does not verify against
 *   the group (`InvalidBacking`). Availability bitfields are taken as validly signed once sanitized.
 * - `check_validation_outputs` runs after RT-08 (spec/relay/messaging.ts, RT-24..RT-29, with its own
 *   deviations); `HeadDataTooLarge` is not checked (head data is a hash, it has no size).
 * - Rewards, events and weights are left out.
 */
import { isOn } from '../ablation.ts';
import { OK, reject, type Verdict } from '../rule.ts';
import { pvdHash, type BlockNumber, type CandidateHash, type Hash, type HeadData, type ValidatorIndex } from '../types.ts';
import type { ModelParams } from '../params.ts';
import { acquireInfo, type AllowedRelayParentsTracker, type RelayParentInfo } from './tracker.ts';
import type { BackedCandidate, ParaState, PendingCandidate } from './state.ts';
import { applyFutureCode, checkValidationOutputs, type OutputsError } from './messaging.ts';
import { messagingOf } from '../params.ts';

/** polkadot-sdk's names for a backed candidate the runtime does not take. */
export type BackedCandidateError =
  | 'DisallowedRelayParent'
  | 'ValidationDataHashMismatch'
  | 'InvalidValidationCodeHash'
  | 'ParaHeadMismatch'
  | 'InvalidAssignment'
  | 'InvalidBacking'
  | 'InsufficientBacking'
  | OutputsError
  // The names below are the model's, for candidates that polkadot-sdk filters out without an error
  // variant (`paras_inherent::sanitize_backed_candidates` logs and drops them).
  | 'DuplicateCandidate'
  | 'DroppedWithPreviousCandidate'
  | 'NoScheduledCore'
  | 'UnknownPara'
  | 'ConcludedInvalid'
  | 'SessionChangeUpcoming'
  | 'SessionIndexMismatch';

/**
 * RT-05..RT-08 `verify_backed_candidate(allowed, candidate, parent_head_data, prev_context)`,
 * in the source's order, then `check_validation_outputs` (RT-24..RT-29) against `para`, the para's
 * state when the candidate is backed. Returns the relay parent's info on success.
 */
export function verifyBackedCandidate(
  tracker: AllowedRelayParentsTracker,
  backed: BackedCandidate,
  parentHead: HeadData,
  prevContext: BlockNumber,
  codeHash: Hash,
  params: ModelParams,
  /** Only consulted with RT-05 switched off: any ancestor of the block being built, window or not. */
  anyAncestor?: (hash: Hash) => RelayParentInfo | undefined,
  /** The para's state for the output checks; without it they are skipped (descriptor checks only). */
  para?: ParaState,
): { ok: true; rp: RelayParentInfo; parentHead: HeadData } | { ok: false; error: BackedCandidateError; rule: string; detail?: string } {
  const d = backed.candidate.descriptor;
  // RT-05. Verify the relay parent is allowed and not older than the para's most recent context
  // (acquire_info covers both): candidates may not be built on expired or foreign relay blocks.
  let rp = acquireInfo(tracker, d.relayParent, prevContext);
  if (rp === null) {
    const inWindow = acquireInfo(tracker, d.relayParent, undefined);
    if (inWindow !== null)
      return reject('RT-02', 'DisallowedRelayParent', `relay parent #${inWindow.number} is older than the para's most recent context #${prevContext}`);
    if (isOn('RT-05')) return reject('RT-05', 'DisallowedRelayParent', `relay parent ${d.relayParent} is not in the allowed window`);
    rp = anyAncestor?.(d.relayParent) ?? null;
    if (rp === null) return reject('RT-05', 'DisallowedRelayParent', `relay parent ${d.relayParent} is unknown`);
    // Only the window is switched off: the ordering against the para's context (RT-02) still holds.
    if (isOn('RT-02') && rp.number < prevContext)
      return reject('RT-02', 'DisallowedRelayParent', `relay parent #${rp.number} is older than the para's most recent context #${prevContext}`);
  }
  // RT-06. Verify the PVD commits to the para's latest head (including its pending chain), the
  // relay parent and the PoV limit: this is what makes candidates form one chain.
  const expected = pvdHash({ parentHead, relayParentNumber: rp.number, relayParentStorageRoot: rp.stateRoot, maxPovSize: params.maxPovSize });
  if (isOn('RT-06') && d.persistedValidationDataHash !== expected)
    return reject('RT-06', 'ValidationDataHashMismatch', `PVD does not match parent head ${parentHead} at relay parent #${rp.number}`);
  // RT-07. Verify the candidate was validated with the para's current code.
  if (isOn('RT-07') && d.validationCodeHash !== codeHash) return reject('RT-07', 'InvalidValidationCodeHash', `expected code ${codeHash}`);
  // RT-08. Verify the descriptor's para head is the hash of the committed head data.
  if (isOn('RT-08') && d.paraHead !== backed.candidate.commitments.headData) return reject('RT-08', 'ParaHeadMismatch');
  // RT-24..RT-29 check_validation_outputs: the candidate's messages and code against the current state.
  if (para !== undefined) {
    const outputs = checkValidationOutputs(para, rp.number, backed.candidate.commitments, messagingOf(params));
    if (!outputs.ok) return outputs;
  }
  return { ok: true, rp, parentHead };
}

/** `effective_minimum_backing_votes(group_len, configured)` = `min(group_len, configured)`. */
export function effectiveMinimumBackingVotes(groupLen: number, configured: number): number {
  return Math.min(groupLen, configured);
}

/**
 * RT-11 `check_backing_votes`: every vote from the group assigned to the core at
 * `relay_parent_number + 1`, no validator twice, and at least `min(group_len, minimum_backing_votes)`.
 */
export function checkBackingVotes(
  votes: readonly ValidatorIndex[],
  group: readonly ValidatorIndex[],
  minimumBackingVotes: number,
): Verdict<BackedCandidateError> {
  const seen = new Set<number>();
  for (const v of votes) {
    // Verify each statement is by a member of the assigned group (its signature checks out).
    if (isOn('RT-11') && (!group.includes(v) || seen.has(v)))
      return reject('RT-11', 'InvalidBacking', `validator ${v} is not (or twice) in the assigned group [${group.join(',')}]`);
    seen.add(v);
  }
  // Verify enough of the group vouched for the candidate: fewer could back an invalid block.
  const need = effectiveMinimumBackingVotes(group.length, minimumBackingVotes);
  if (isOn('RT-11') && seen.size < need) return reject('RT-11', 'InsufficientBacking', `${seen.size} votes, ${need} needed`);
  return OK;
}

/** RT-12 `availability_threshold` = `supermajority_threshold(n)` = `n - (n-1)/3`. */
export function availabilityThreshold(nValidators: number): number {
  if (!isOn('RT-12')) return Math.floor(nValidators / 2);
  return nValidators - Math.floor((nValidators - 1) / 3);
}

export interface EnactmentResult {
  readonly para: ParaState;
  readonly enacted: readonly PendingCandidate[];
}

/**
 * RT-13 enactment in `update_pending_availability_and_get_freed_cores`: a para's pending candidates
 * are enacted in chain order, each only if it is available and every earlier one was enacted.
 */
export function enactAvailableCandidates(para: ParaState, threshold: number): EnactmentResult {
  const enacted: PendingCandidate[] = [];
  const remaining: PendingCandidate[] = [];
  let stopped = false;
  for (const c of para.pending) {
    const available = c.availabilityVotes.length >= threshold;
    // Verify earlier candidates were enacted first: a para head only moves along its chain.
    if (available && (!stopped || !isOn('RT-13'))) enacted.push(c);
    else {
      stopped = true;
      remaining.push(c);
    }
  }
  let next: ParaState = { ...para, pending: remaining };
  for (const c of enacted) next = noteNewHead(next, c.headData, c.relayParentNumber);
  return { para: next, enacted };
}

/**
 * RT-14 `paras::note_new_head`: inclusion moves the para head and its most recent context, and
 * applies a pending code upgrade whose block the relay parent reached (RT-31).
 */
export function noteNewHead(para: ParaState, head: HeadData, relayParentNumber: BlockNumber): ParaState {
  const upgraded = applyFutureCode(para, relayParentNumber);
  if (!isOn('RT-14')) return { ...upgraded, head };
  return { ...upgraded, head, mostRecentContext: relayParentNumber };
}

/** The effect of freeing a candidate: the candidate itself, or one evicted with it. */
export interface Freed {
  readonly candidate: PendingCandidate;
  /** The candidate whose timeout/dispute caused this one's eviction (absent for that candidate). */
  readonly withAncestor?: CandidateHash;
}

/**
 * RT-17 `free_timedout`: per para, the earliest pending candidate that has timed out is removed
 * together with every later (descendant) candidate; the para head stays, so the parablock (or a
 * replacement on the same parent) can be backed again.
 */
export function freeTimedout(
  para: ParaState,
  timedOut: (c: PendingCandidate) => boolean,
): { para: ParaState; freed: Freed[] } {
  const i = para.pending.findIndex(timedOut);
  if (i < 0) return { para, freed: [] };
  return evictFrom(para, i);
}

function evictFrom(para: ParaState, i: number): { para: ParaState; freed: Freed[] } {
  const root = para.pending[i]!;
  // Verify descendants go with their ancestor: they build on a head that will never be included.
  const end = isOn('RT-17') ? para.pending.length : i + 1;
  const freed: Freed[] = para.pending.slice(i, end).map((c, k) => (k === 0 ? { candidate: c } : { candidate: c, withAncestor: root.hash }));
  const pending = [...para.pending.slice(0, i), ...para.pending.slice(end)];
  return { para: { ...para, pending }, freed };
}

/** RT-18 `free_disputed`: a candidate concluded invalid is freed with all its descendants. */
export function freeDisputed(para: ParaState, concluded: ReadonlySet<CandidateHash>): { para: ParaState; freed: Freed[] } {
  const i = para.pending.findIndex((c) => concluded.has(c.hash));
  if (i < 0) return { para, freed: [] };
  if (!isOn('RT-18')) {
    const root = para.pending[i]!;
    return { para: { ...para, pending: para.pending.filter((c) => c !== root) }, freed: [{ candidate: root }] };
  }
  const root = para.pending[i]!;
  const freed: Freed[] = para.pending.slice(i).map((c, k) => (k === 0 ? { candidate: c } : { candidate: c, withAncestor: root.hash }));
  return { para: { ...para, pending: para.pending.slice(0, i) }, freed };
}
