/**
 * The node's fragment chain for one para at one relay parent in view (prospective-parachains'
 * `per_relay_parent`: an active leaf, or an earlier leaf the implicit view still retains). Its
 * context is the `FragmentChain` value of `spec/node/fragmentChain.ts`; every transition is one call
 * into it. Created when its relay parent is activated as a leaf (`activateFragmentChain`: scope,
 * `init` with the candidates pending availability, `populate_from_previous` from the chain of the
 * leaf's first ancestor); it stays `active` while the leaf is active and after, as long as the
 * implicit view retains the relay parent (seconded candidates are still introduced into it and
 * backed in it, PP-38); final when a leaf deactivation prunes the relay parent from the view (PP-37).
 */
import { assign, setup } from 'xstate';
import {
  candidateBacked,
  init,
  populateFromPrevious,
  preparePendingAvailability,
  tryAddingSecondedCandidate,
  type CandidateEntry,
  type FragmentChain,
  type PendingCandidate,
} from '../spec/node/fragmentChain.ts';
import type { Constraints } from '../spec/node/inclusionEmulator.ts';
import { scopeForLeaf, scopeWithAncestors, type ClaimQueue } from '../spec/node/scope.ts';
import { awaitsBacking } from '../spec/node/view.ts';
import type { CandidateHash, Hash, ParaId, RelayChainBlockInfo } from '../spec/types.ts';
import type { MachineState } from './engine.ts';

export interface FragmentChainContext {
  readonly para: ParaId;
  /** The relay parent the chain belongs to (activated as a leaf when the chain was made). */
  readonly leaf: Hash;
  readonly chain: FragmentChain;
  /** The last candidate this chain refused, with polkadot-sdk's error name and the rule. */
  readonly lastRejection: { readonly candidate: CandidateHash; readonly error: string; readonly rule: string } | null;
}

export type FragmentChainEvent =
  | { type: 'INTRODUCE_SECONDED'; entry: CandidateEntry }
  | { type: 'CANDIDATE_BACKED'; candidateHash: CandidateHash }
  | { type: 'LEAF_DEACTIVATED' };

export const fragmentChainMachine = setup({
  types: { context: {} as FragmentChainContext, events: {} as FragmentChainEvent },
  guards: {
    /** PP-16..PP-26 `try_adding_seconded_candidate`: the candidate has potential in this chain. */
    hasPotential: ({ context, event }) => event.type === 'INTRODUCE_SECONDED' && tryAddingSecondedCandidate(context.chain, event.entry).ok,
    /** `handle_candidate_backed`: the chain holds the candidate unconnected and not yet backed; others are not told. */
    awaitsBacking: ({ context, event }) => event.type === 'CANDIDATE_BACKED' && awaitsBacking(context.chain, event.candidateHash),
  },
  actions: {
    addToUnconnected: assign(({ context, event }) => {
      if (event.type !== 'INTRODUCE_SECONDED') return {};
      const r = tryAddingSecondedCandidate(context.chain, event.entry);
      return r.ok ? { chain: r.chain } : {};
    }),
    noteRejection: assign(({ context, event }) => {
      if (event.type !== 'INTRODUCE_SECONDED') return {};
      const r = tryAddingSecondedCandidate(context.chain, event.entry);
      return r.ok ? {} : { lastRejection: { candidate: event.entry.candidateHash, error: r.error, rule: r.rule } };
    }),
    markBacked: assign(({ context, event }) => (event.type === 'CANDIDATE_BACKED' ? { chain: candidateBacked(context.chain, event.candidateHash) } : {})),
  },
}).createMachine({
  id: 'fragmentChain',
  description: 'prospective-parachains: one para at one relay parent in view (an active leaf or a retained ancestor)',
  context: () => {
    throw new Error('fragment chains are created by activateFragmentChain');
  },
  initial: 'active',
  states: {
    active: {
      description: 'In the view: candidates are introduced and backed here; queries are answered while its relay parent is an active leaf',
      on: {
        INTRODUCE_SECONDED: [
          { guard: 'hasPotential', actions: 'addToUnconnected', description: 'PP-16..PP-26: a seconded candidate with potential joins the unconnected storage' },
          { actions: 'noteRejection', description: 'PP-17..PP-26: the candidate has no potential here (error kept)' },
        ],
        CANDIDATE_BACKED: { guard: 'awaitsBacking', actions: 'markBacked', description: 'PP-27..PP-31: backed; the best chain is repopulated and forks trimmed' },
        LEAF_DEACTIVATED: { target: 'deactivated', description: 'PP-37: a leaf deactivation pruned its relay parent from the implicit view' },
      },
    },
    deactivated: { type: 'final', description: 'Dropped with its relay parent (per_relay_parent keeps the implicit view\'s relay parents only)' },
  },
});

export interface LeafInput {
  readonly para: ParaId;
  readonly leaf: RelayChainBlockInfo;
  /** Ancestors newest first, starting at the leaf's parent, within the session. */
  readonly ancestors: readonly RelayChainBlockInfo[];
  readonly constraints: Constraints;
  readonly pendingAvailability: readonly PendingCandidate[];
  readonly maxDepth: number;
  /** stable2506: the leaf's claim queue bounds the chain (pending + claimed cores); null: classic `maxDepth`. */
  readonly claimQueue: ClaimQueue | null;
  /** The same para's chain at the leaf's first ancestor (`ancestry[0]`), if the view has one (PP-33). */
  readonly previous: FragmentChain | null;
}

/**
 * PP-15, PP-33, PP-35 leaf activation (`handle_active_leaves_update`): the scope at the leaf, the chain
 * initialised with the candidates pending availability, then populated from the previous chain.
 * Returns null if the scope cannot be built (polkadot-sdk skips the para at that leaf).
 */
export function activateFragmentChain(input: LeafInput): MachineState<FragmentChainContext> | null {
  const { entries, pendingAvailability } = preparePendingAvailability(input.pendingAvailability);
  const scope = input.claimQueue
    ? scopeForLeaf(input.leaf, input.constraints, pendingAvailability, input.claimQueue, input.para, input.ancestors)
    : scopeWithAncestors(input.leaf, input.constraints, pendingAvailability, input.maxDepth, input.ancestors);
  if (!scope.ok) return null;
  let chain = init(scope.scope, entries);
  if (input.previous) chain = populateFromPrevious(chain, input.previous);
  return { value: 'active', context: { para: input.para, leaf: input.leaf.hash, chain, lastRejection: null } };
}
