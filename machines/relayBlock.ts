/**
 * The relay-chain runtime processing one block, in the order `paras_inherent::process_inherent_data`
 * runs (and `initializer` finalizes): tracker, disputes, bitfields and enactment, timeouts, backed
 * candidates, session change. Each state is the point the runtime has reached; an event that comes
 * out of order is not accepted, so a trace that applies the phases in another order is rejected.
 *
 * Context: the runtime state of the parachains pallets (`RelayRuntimeState`) and what this block did
 * so far (`BlockOutcome`). Every action is one phase function of `spec/relay/parasInherent.ts`.
 */
import { assign, setup } from 'xstate';
import type { ModelParams } from '../spec/params.ts';
import {
  applyDisputes,
  applyTimeouts,
  finalizeBlock,
  initializeBlock,
  processBackedCandidates,
  processBitfields,
  timeoutCheckRequired,
  type BlockOutcome,
} from '../spec/relay/parasInherent.ts';
import type { AvailabilityBitfield, BackedCandidate, RelayRuntimeState } from '../spec/relay/state.ts';
import type { RelayParentInfo } from '../spec/relay/tracker.ts';
import type { CandidateHash, Hash, ParaId, RelayChainBlockInfo, ValidatorIndex } from '../spec/types.ts';

export interface RelayBlockContext {
  readonly params: ModelParams;
  readonly groups: readonly (readonly ValidatorIndex[])[];
  readonly state: RelayRuntimeState;
  /** `initializer::upcoming_session_change()`: a session change is buffered for the end of this block. */
  readonly upcomingSessionChange: boolean;
  readonly outcome: BlockOutcome;
}

export type RelayBlockEvent =
  | { type: 'INITIALIZE'; parent: RelayChainBlockInfo; sessionChangeSignalled: boolean }
  | { type: 'DISPUTES'; concludedInvalid: readonly CandidateHash[] }
  | { type: 'BITFIELDS'; bitfields: readonly AvailabilityBitfield[] }
  | {
      type: 'BACKED_CANDIDATES';
      backed: readonly BackedCandidate[];
      /** Only for rule ablation (RT-05 off): any ancestor of the block, in the window or not. */
      anyAncestor?: (hash: Hash) => RelayParentInfo | undefined;
    }
  | {
      type: 'FINALIZE';
      /** Downward messages sent in this block (RT-33), one recipient per message. */
      downwardMessages?: readonly ParaId[];
    };

export function emptyOutcome(number: number): BlockOutcome {
  return {
    number,
    disputed: [],
    bitfieldsDropped: [],
    enacted: [],
    timeoutCheckRequired: false,
    timedOut: [],
    verdicts: [],
    droppedAtSessionChange: [],
    sessionChanged: false,
  };
}

export const relayBlockMachine = setup({
  types: { context: {} as RelayBlockContext, events: {} as RelayBlockEvent, input: {} as Omit<RelayBlockContext, 'outcome' | 'upcomingSessionChange'> },
  guards: {
    /** RT-15 `availability_timeout_check_required`. */
    timeoutCheckRequired: ({ context }) => timeoutCheckRequired(context.state, context.params),
    /** RT-19: a session change was signalled in this block. */
    sessionChangeBuffered: ({ context }) => context.upcomingSessionChange,
  },
  actions: {
    /** RT-01 `shared::add_allowed_relay_parent`, "before anything else"; RT-32 queues serviced in `on_initialize`. */
    updateAllowedRelayParents: assign(({ context, event }) => {
      if (event.type !== 'INITIALIZE') return {};
      const state = initializeBlock(context.state, context.params, event.parent);
      return { state, upcomingSessionChange: event.sessionChangeSignalled, outcome: emptyOutcome(state.blockNumber) };
    }),
    /** RT-18 `inclusion::free_disputed`. */
    freeDisputed: assign(({ context, event }) => {
      if (event.type !== 'DISPUTES') return {};
      const r = applyDisputes(context.state, event.concludedInvalid);
      return { state: r.state, outcome: { ...context.outcome, disputed: r.freed } };
    }),
    /** RT-21, RT-12..RT-14, RT-30, RT-31 `sanitize_bitfields`, `update_pending_availability_and_get_freed_cores`, `enact_candidate`. */
    processBitfields: assign(({ context, event }) => {
      if (event.type !== 'BITFIELDS') return {};
      const r = processBitfields(context.state, context.params, event.bitfields);
      return { state: r.state, outcome: { ...context.outcome, enacted: r.enacted, bitfieldsDropped: r.dropped } };
    }),
    /** RT-16, RT-17 `inclusion::free_timedout`. */
    freeTimedout: assign(({ context }) => {
      const r = applyTimeouts(context.state, context.params);
      return { state: r.state, outcome: { ...context.outcome, timeoutCheckRequired: true, timedOut: r.freed } };
    }),
    /** RT-05..RT-11, RT-20, RT-22, RT-24..RT-29 `back_candidates`. */
    backCandidates: assign(({ context, event }) => {
      if (event.type !== 'BACKED_CANDIDATES') return {};
      const concluded = context.outcome.disputed.map((f) => f.candidate.hash);
      const r = processBackedCandidates(context.state, context.params, context.groups, event.backed, concluded, context.upcomingSessionChange, event.anyAncestor);
      return { state: r.state, outcome: { ...context.outcome, verdicts: r.verdicts } };
    }),
    /** RT-33 `dmp::queue_downward_message` for the messages sent in this block. */
    queueDownwardMessages: assign(({ context, event }) => {
      if (event.type !== 'FINALIZE') return {};
      return { state: finalizeBlock(context.state, false, event.downwardMessages ?? []).state };
    }),
    /** RT-19 `initializer::apply_new_session` at the end of the block. */
    applyNewSession: assign(({ context }) => {
      const r = finalizeBlock(context.state, true);
      return { state: r.state, upcomingSessionChange: false, outcome: { ...context.outcome, droppedAtSessionChange: r.dropped, sessionChanged: true } };
    }),
  },
}).createMachine({
  id: 'relayBlock',
  description: 'One relay block through paras_inherent::process_inherent_data and on_finalize',
  context: ({ input }) => ({ ...input, upcomingSessionChange: false, outcome: emptyOutcome(input.state.blockNumber) }),
  initial: 'idle',
  states: {
    idle: {
      description: 'Between blocks',
      on: { INITIALIZE: { target: 'relayParentsUpdated', actions: 'updateAllowedRelayParents', description: 'RT-01 RT-32: the parent joins the allowed relay parents; queues serviced' } },
    },
    relayParentsUpdated: {
      on: { DISPUTES: { target: 'disputesApplied', actions: 'freeDisputed', description: 'RT-18: candidates concluded invalid are freed with descendants' } },
    },
    disputesApplied: {
      on: { BITFIELDS: { target: 'availabilityProcessed', actions: 'processBitfields', description: 'RT-21 RT-12 RT-13 RT-14 RT-30 RT-31: bitfields counted, available prefix enacted' } },
    },
    availabilityProcessed: {
      always: [
        { guard: 'timeoutCheckRequired', target: 'timeoutsProcessed', actions: 'freeTimedout', description: 'RT-15 RT-16 RT-17: in a timeout window, timed-out candidates freed with descendants' },
        { target: 'timeoutsProcessed', description: 'RT-15: outside a timeout window, no check' },
      ],
    },
    timeoutsProcessed: {
      on: { BACKED_CANDIDATES: { target: 'candidatesBacked', actions: 'backCandidates', description: 'RT-05..RT-11 RT-20 RT-22 RT-24..RT-29: sanitize and process backed candidates' } },
    },
    candidatesBacked: {
      on: {
        FINALIZE: [
          { guard: 'sessionChangeBuffered', target: 'idle', actions: ['queueDownwardMessages', 'applyNewSession'], description: 'RT-33 RT-19: downward messages queued; new session drains pending availability and clears the tracker' },
          { target: 'idle', actions: 'queueDownwardMessages', description: 'RT-33 RT-19: downward messages queued; on_finalize without a session change' },
        ],
      },
    },
  },
});
