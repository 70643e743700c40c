/**
 * The candidate lifecycle on the relay chain: from backed, through pending availability, to included;
 * or timed out (and re-proposed), evicted with an ancestor, concluded invalid in a dispute, or
 * dropped at a session change. One machine per candidate and relay-chain branch.
 *
 * The relay-block machine decides what happens to candidates (it runs the rules); this machine checks
 * each step again with the rule that allows it (its guards), so a lifecycle can only move the way the
 * protocol says. Final states: included, concludedInvalid, droppedAtSessionChange.
 */
import { assign, setup } from 'xstate';
import { availabilityThreshold } from '../spec/relay/inclusion.ts';
import { isAvailabilityTimedOut } from '../spec/relay/scheduler.ts';
import type { BlockNumber, CandidateHash, CoreIndex, ParaId } from '../spec/types.ts';

export interface CandidateContext {
  readonly hash: CandidateHash;
  readonly paraId: ParaId;
  readonly core: CoreIndex | null;
  readonly backedIn: BlockNumber | null;
  readonly relayParentNumber: BlockNumber | null;
  /** How many times the candidate was put on chain; more than one is a re-proposal. */
  readonly timesBacked: number;
  readonly lastRejection: { readonly error: string; readonly rule: string } | null;
  /** The candidate whose timeout or dispute evicted this one. */
  readonly evictedWith: CandidateHash | null;
}

export type CandidateEvent =
  | { type: 'BACKED'; core: CoreIndex; backedIn: BlockNumber; relayParentNumber: BlockNumber }
  | { type: 'REJECTED'; error: string; rule: string }
  | { type: 'ENACTED'; votes: number; validators: number; predecessorsEnacted: boolean }
  | { type: 'TIMED_OUT'; now: BlockNumber; availabilityPeriod: number; checkRequired: boolean }
  | { type: 'EVICTED_WITH_ANCESTOR'; ancestor: CandidateHash }
  | { type: 'DISPUTE_CONCLUDED_INVALID' }
  | { type: 'SESSION_CHANGED' };

export function newCandidateContext(hash: CandidateHash, paraId: ParaId): CandidateContext {
  return { hash, paraId, core: null, backedIn: null, relayParentNumber: null, timesBacked: 0, lastRejection: null, evictedWith: null };
}

const backed = { target: 'pendingAvailability', actions: 'recordBacking', description: 'RT-09 RT-10 RT-11: process_candidates puts it on a core' } as const;

export const candidateMachine = setup({
  types: {
    context: {} as CandidateContext,
    events: {} as CandidateEvent,
    input: {} as { hash: CandidateHash; paraId: ParaId },
  },
  guards: {
    /** RT-12, RT-13: a supermajority holds its chunks and every earlier candidate was enacted. */
    isAvailableInOrder: ({ event }) =>
      event.type === 'ENACTED' && event.predecessorsEnacted && event.votes >= availabilityThreshold(event.validators),
    /** RT-15, RT-16: checked in a timeout window, and its availability period has passed. */
    hasTimedOut: ({ context, event }) =>
      event.type === 'TIMED_OUT' && event.checkRequired && context.backedIn !== null && isAvailabilityTimedOut(context.backedIn, event.now, event.availabilityPeriod),
  },
  actions: {
    recordBacking: assign(({ context, event }) =>
      event.type === 'BACKED'
        ? { core: event.core, backedIn: event.backedIn, relayParentNumber: event.relayParentNumber, timesBacked: context.timesBacked + 1, evictedWith: null }
        : {},
    ),
    recordRejection: assign(({ event }) => (event.type === 'REJECTED' ? { lastRejection: { error: event.error, rule: event.rule } } : {})),
    recordEviction: assign(({ event }) => (event.type === 'EVICTED_WITH_ANCESTOR' ? { evictedWith: event.ancestor } : {})),
  },
}).createMachine({
  id: 'candidate',
  description: 'A parablock candidate on one relay-chain branch (inclusion pallet)',
  context: ({ input }) => newCandidateContext(input.hash, input.paraId),
  initial: 'proposed',
  states: {
    proposed: {
      description: 'Supplied by a block author in a parachains inherent',
      on: {
        BACKED: backed,
        REJECTED: { target: 'rejected', actions: 'recordRejection', description: 'RT-05..RT-11: sanitize_backed_candidates / process_candidates drop it' },
      },
    },
    rejected: {
      description: 'Dropped by the runtime; a later block may still back it',
      on: {
        BACKED: backed,
        REJECTED: { target: 'rejected', actions: 'recordRejection', description: 'RT-05..RT-11: dropped again' },
      },
    },
    pendingAvailability: {
      description: 'Occupies its core until available, timed out, disputed or drained',
      on: {
        ENACTED: { guard: 'isAvailableInOrder', target: 'included', description: 'RT-12 RT-13 RT-14: available and enacted in chain order' },
        TIMED_OUT: { guard: 'hasTimedOut', target: 'timedOut', description: 'RT-15 RT-16 RT-17: availability timed out' },
        EVICTED_WITH_ANCESTOR: { target: 'evicted', actions: 'recordEviction', description: 'RT-17 RT-18: an ancestor timed out or was disputed' },
        DISPUTE_CONCLUDED_INVALID: { target: 'concludedInvalid', description: 'RT-18: free_disputed' },
        SESSION_CHANGED: { target: 'droppedAtSessionChange', description: 'RT-19: inclusion::initializer_on_new_session drains it' },
        REJECTED: { actions: 'recordRejection', description: 'RT-06 RT-09: a copy supplied again is dropped; the one on chain stays' },
      },
    },
    timedOut: {
      description: 'Freed by free_timedout; the para head did not move, so it can be re-proposed',
      on: {
        BACKED: { ...backed, description: 'RT-17: re-proposal (the same candidate backed again)' },
        REJECTED: { target: 'timedOut', actions: 'recordRejection', description: 'RT-05..RT-11: a re-proposal attempt dropped' },
      },
    },
    evicted: {
      description: 'Removed with an ancestor; can be backed again once its parent is',
      on: {
        BACKED: { ...backed, description: 'RT-17: re-proposal after its ancestor' },
        REJECTED: { target: 'evicted', actions: 'recordRejection', description: 'RT-05..RT-11: a re-proposal attempt dropped' },
      },
    },
    included: { type: 'final', description: 'Enacted: the para head moved to its output' },
    concludedInvalid: { type: 'final', description: 'A dispute concluded against it' },
    droppedAtSessionChange: { type: 'final', description: 'Drained at a session change; its relay parent is gone' },
  },
});

export const CANDIDATE_FINAL_STATES: ReadonlySet<string> = new Set(['included', 'concludedInvalid', 'droppedAtSessionChange']);
