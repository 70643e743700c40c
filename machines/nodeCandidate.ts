/**
 * A candidate as the node sees it: collated by a collator, seconded (candidate-backing's
 * `seconding_sanity_check` allows it under some active leaf, PP-41, and statement-distribution's
 * seconding limit lets the Seconded statement out, PP-42), backed (and then in the best chain of an
 * active leaf or unconnected, as the fork selection rule decides), put on chain by a block author, or
 * dropped from every active leaf's chain. Where it stands is read at the ACTIVE leaves only: the
 * chains the implicit view retains at earlier leaves do not count (and a candidate they carry over
 * to a leaf built later on one of them is not followed again once dropped: the lifecycle is one per
 * candidate, not per branch). The network derives the events from the chains after each step
 * (sending only those that move the candidate); the guards re-check them.
 */
import { assign, setup } from 'xstate';
import type { CandidateHash, ParaId } from '../spec/types.ts';

export interface NodeCandidateContext {
  readonly hash: CandidateHash;
  readonly para: ParaId;
  /**
   * Why seconding failed, if it did, named as polkadot-sdk names it: the candidate entry's error
   * (PP-16, PP-17), the first allowing active leaf's hypothetical-membership error (PP-17..PP-25),
   * `SecondingAllowed::No` (no active leaf allows its relay parent, PP-41) or `ExcessiveSeconded`
   * (the seconding limit, PP-42).
   */
  readonly rejection: { readonly error: string; readonly rule: string } | null;
  readonly reorganisations: number;
}

export type NodeCandidateEvent =
  /** `acceptedBy`: the active leaves backing may second it under (0 when refused, with the reason). */
  | { type: 'SECONDED'; acceptedBy: number; rejection: { error: string; rule: string } | null }
  | { type: 'BACKED'; inBestChain: boolean }
  | { type: 'CHAIN_UPDATED'; inBestChain: boolean }
  | { type: 'PUT_ON_CHAIN' }
  | { type: 'DROPPED' };

export const nodeCandidateMachine = setup({
  types: { context: {} as NodeCandidateContext, events: {} as NodeCandidateEvent },
  guards: {
    /** PP-41 PP-42: seconding allowed under at least one active leaf, within the seconding limit. */
    acceptedSomewhere: ({ event }) => event.type === 'SECONDED' && event.acceptedBy > 0,
    inBestChain: ({ event }) => (event.type === 'BACKED' || event.type === 'CHAIN_UPDATED') && event.inBestChain,
    outOfBestChain: ({ event }) => event.type === 'CHAIN_UPDATED' && !event.inBestChain,
  },
  actions: {
    noteRejection: assign(({ event }) => (event.type === 'SECONDED' ? { rejection: event.rejection } : {})),
    countReorganisation: assign(({ context }) => ({ reorganisations: context.reorganisations + 1 })),
  },
}).createMachine({
  id: 'nodeCandidate',
  description: 'A candidate in prospective-parachains, across the active leaves',
  context: () => {
    throw new Error('node candidates are created by the network');
  },
  initial: 'collated',
  states: {
    collated: {
      description: 'A collation advertised to the backing group',
      on: {
        SECONDED: [
          { guard: 'acceptedSomewhere', target: 'seconded', description: 'PP-41 PP-42 PP-38: allowed under some active leaf and within the seconding limit; seconded and introduced under every relay parent in view' },
          { target: 'notSeconded', actions: 'noteRejection', description: 'PP-16..PP-25 PP-41 PP-42: no active leaf allows it, or the seconding limit is reached; not seconded' },
        ],
      },
    },
    seconded: {
      description: 'In the unconnected storage of some active leaf\'s chain, waiting for the backing quorum',
      on: {
        BACKED: [
          { guard: 'inBestChain', target: 'inBestChain', description: 'PP-27 PP-28 PP-29: backed and chained' },
          { target: 'backedUnconnected', description: 'PP-29: backed but not (yet) connected to the best chain' },
        ],
        DROPPED: { target: 'dropped', description: 'PP-30 PP-33: trimmed from every active leaf\'s chain (fork lost, relay parent left the scope)' },
      },
    },
    inBestChain: {
      description: 'Backable: in the best chain of some active leaf',
      on: {
        CHAIN_UPDATED: { guard: 'outOfBestChain', target: 'backedUnconnected', actions: 'countReorganisation', description: 'PP-31: a better fork took its place' },
        PUT_ON_CHAIN: { target: 'onChain', description: 'PP-32: offered by find_backable_chain and backed on the relay chain' },
        DROPPED: { target: 'dropped', description: 'PP-30 PP-33: dropped from every active leaf\'s chain' },
      },
    },
    backedUnconnected: {
      description: 'Backed, kept as potential outside the best chains of the active leaves',
      on: {
        CHAIN_UPDATED: { guard: 'inBestChain', target: 'inBestChain', description: 'PP-27 PP-31: connected (or won the fork choice)' },
        PUT_ON_CHAIN: { target: 'onChain', description: 'backed on the relay chain by another author' },
        DROPPED: { target: 'dropped', description: 'PP-30 PP-33: dropped from every active leaf\'s chain' },
      },
    },
    notSeconded: { type: 'final', description: 'Backing did not second it (or its Seconded statement was not shared)' },
    onChain: { type: 'final', description: 'On the relay chain; its lifecycle continues in the candidate machine' },
    dropped: { type: 'final', description: 'No active leaf keeps it' },
  },
});
