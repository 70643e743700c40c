/**
 * A candidate as the node sees it: collated by a collator, seconded (when it has hypothetical
 * membership in some active leaf's chain), backed (and then in the best chain or unconnected, as the
 * fork selection rule decides), put on chain by a block author, or dropped from every chain.
 * The network derives the events from the chains after each step (sending only those that move the
 * candidate); the guards re-check them.
 */
import { assign, setup } from 'xstate';
import type { CandidateHash, ParaId } from '../spec/types.ts';

export interface NodeCandidateContext {
  readonly hash: CandidateHash;
  readonly para: ParaId;
  /** Why seconding failed, if it did (polkadot-sdk's error from the first chain that refused it). */
  readonly rejection: { readonly error: string; readonly rule: string } | null;
  readonly reorganisations: number;
}

export type NodeCandidateEvent =
  | { type: 'SECONDED'; acceptedBy: number; rejection: { error: string; rule: string } | null }
  | { type: 'BACKED'; inBestChain: boolean }
  | { type: 'CHAIN_UPDATED'; inBestChain: boolean }
  | { type: 'PUT_ON_CHAIN' }
  | { type: 'DROPPED' };

export const nodeCandidateMachine = setup({
  types: { context: {} as NodeCandidateContext, events: {} as NodeCandidateEvent },
  guards: {
    /** PP-34, backing's seconding rule: hypothetical membership in at least one active leaf's chain. */
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
          { guard: 'acceptedSomewhere', target: 'seconded', description: 'PP-34: hypothetical member of some active leaf\'s chain; seconded' },
          { target: 'notSeconded', actions: 'noteRejection', description: 'PP-17..PP-25: no chain admits it; not seconded' },
        ],
      },
    },
    seconded: {
      description: 'In the unconnected storage of some chain, waiting for the backing quorum',
      on: {
        BACKED: [
          { guard: 'inBestChain', target: 'inBestChain', description: 'PP-27 PP-28 PP-29: backed and chained' },
          { target: 'backedUnconnected', description: 'PP-29: backed but not (yet) connected to the best chain' },
        ],
        DROPPED: { target: 'dropped', description: 'PP-30 PP-33: trimmed from every chain (fork lost, relay parent left the scope)' },
      },
    },
    inBestChain: {
      description: 'Backable: in the best chain of the newest leaf',
      on: {
        CHAIN_UPDATED: { guard: 'outOfBestChain', target: 'backedUnconnected', actions: 'countReorganisation', description: 'PP-31: a better fork took its place' },
        PUT_ON_CHAIN: { target: 'onChain', description: 'PP-32: offered by find_backable_chain and backed on the relay chain' },
        DROPPED: { target: 'dropped', description: 'PP-30 PP-33: dropped from every chain' },
      },
    },
    backedUnconnected: {
      description: 'Backed, kept as potential outside the best chain',
      on: {
        CHAIN_UPDATED: { guard: 'inBestChain', target: 'inBestChain', description: 'PP-27 PP-31: connected (or won the fork choice)' },
        PUT_ON_CHAIN: { target: 'onChain', description: 'backed on the relay chain by another author' },
        DROPPED: { target: 'dropped', description: 'PP-30 PP-33: dropped from every chain' },
      },
    },
    notSeconded: { type: 'final', description: 'No chain admitted it' },
    onChain: { type: 'final', description: 'On the relay chain; its lifecycle continues in the candidate machine' },
    dropped: { type: 'final', description: 'No active leaf keeps it' },
  },
});
