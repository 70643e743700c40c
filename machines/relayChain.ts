/**
 * The relay-chain driver: imports relay blocks one by one into a block *tree* (the relay chain may
 * fork), running each through the relay-block machine on top of its parent's runtime state and
 * moving every affected candidate's lifecycle machine. The whole driver state is one plain value;
 * `importRelayBlock(state, event)` is a pure function of it.
 */
import { assign, setup } from 'xstate';
import type { ModelParams } from '../spec/params.ts';
import { validatorGroups } from '../spec/params.ts';
import { genesisRuntimeState, type BlockOutcome } from '../spec/relay/parasInherent.ts';
import type { InherentData, RelayRuntimeState } from '../spec/relay/state.ts';
import type { RelayParentInfo } from '../spec/relay/tracker.ts';
import { hashOf } from '../spec/hash.ts';
import { isOn } from '../spec/ablation.ts';
import type { BlockNumber, CandidateHash, Hash, SessionIndex, ValidatorIndex } from '../spec/types.ts';
import { CANDIDATE_FINAL_STATES, candidateMachine, newCandidateContext, type CandidateContext, type CandidateEvent } from './candidate.ts';
import { step, type MachineState } from './engine.ts';
import { relayBlockMachine, emptyOutcome, type RelayBlockContext } from './relayBlock.ts';

/** One block of the relay-chain tree with the runtime state after it. */
export interface BlockNode {
  readonly hash: Hash;
  readonly number: BlockNumber;
  readonly parent: Hash | null;
  readonly storageRoot: Hash;
  /** The session the block belongs to (the session change of its last block shows in the next). */
  readonly session: SessionIndex;
  readonly runtime: RelayRuntimeState;
  readonly inherent: InherentData | null;
  readonly endsSession: boolean;
  readonly outcome: BlockOutcome;
  /** Lifecycle of every candidate seen on this branch, by candidate hash. */
  readonly candidates: Readonly<Record<CandidateHash, MachineState<CandidateContext>>>;
}

export interface RelayChainContext {
  readonly params: ModelParams;
  readonly groups: readonly (readonly ValidatorIndex[])[];
  readonly genesis: Hash;
  readonly blocks: Readonly<Record<Hash, BlockNode>>;
  /** Blocks without children, in import order. */
  readonly leaves: readonly Hash[];
}

/** A relay block as the schedule (or a trace) gives it. */
export interface RelayBlockInput {
  readonly hash: Hash;
  readonly parent: Hash;
  readonly storageRoot: Hash;
  readonly inherent: InherentData;
  /** A session change is signalled in this block and applied at its end. */
  readonly endsSession: boolean;
}

export type RelayChainEvent = { type: 'RELAY_BLOCK'; block: RelayBlockInput };

export function genesisHash(params: ModelParams): Hash {
  return hashOf('relay-genesis', params.name);
}

export function initialRelayChain(params: ModelParams): MachineState<RelayChainContext> {
  const runtime = genesisRuntimeState(params);
  const genesis = genesisHash(params);
  const node: BlockNode = {
    hash: genesis,
    number: 0,
    parent: null,
    storageRoot: hashOf('state-root', genesis),
    session: 0,
    runtime,
    inherent: null,
    endsSession: false,
    outcome: emptyOutcome(0),
    candidates: {},
  };
  return { value: 'running', context: { params, groups: validatorGroups(params), genesis, blocks: { [genesis]: node }, leaves: [genesis] } };
}

/** Why a relay block cannot be imported, or null if it can. */
export function relayBlockImportError(ctx: RelayChainContext, block: RelayBlockInput): string | null {
  if (!ctx.blocks[block.parent]) return `unknown parent ${block.parent}`;
  if (ctx.blocks[block.hash]) return `block ${block.hash} was already imported`;
  return null;
}

/** The candidate-lifecycle events one block's outcome implies, in the order they happened. */
export function lifecycleEvents(outcome: BlockOutcome, ctx: RelayChainContext): [CandidateHash, number, CandidateEvent][] {
  const ev: [CandidateHash, number, CandidateEvent][] = [];
  const p = ctx.params;
  for (const f of outcome.disputed)
    ev.push([f.candidate.hash, f.candidate.paraId, f.withAncestor ? { type: 'EVICTED_WITH_ANCESTOR', ancestor: f.withAncestor } : { type: 'DISPUTE_CONCLUDED_INVALID' }]);
  for (const c of outcome.enacted)
    ev.push([c.hash, c.paraId, { type: 'ENACTED', votes: c.availabilityVotes.length, validators: p.validators, predecessorsEnacted: true }]);
  for (const f of outcome.timedOut)
    ev.push([
      f.candidate.hash,
      f.candidate.paraId,
      f.withAncestor
        ? { type: 'EVICTED_WITH_ANCESTOR', ancestor: f.withAncestor }
        : { type: 'TIMED_OUT', now: outcome.number, availabilityPeriod: p.scheduler.parasAvailabilityPeriod, checkRequired: outcome.timeoutCheckRequired },
    ]);
  return ev;
}

function applyOutcome(ctx: RelayChainContext, parent: BlockNode, outcome: BlockOutcome, runtime: RelayRuntimeState): Record<CandidateHash, MachineState<CandidateContext>> {
  const candidates: Record<CandidateHash, MachineState<CandidateContext>> = { ...parent.candidates };
  const send = (hash: CandidateHash, paraId: number, e: CandidateEvent) => {
    const current = candidates[hash] ?? { value: 'proposed', context: newCandidateContext(hash, paraId) };
    // A verdict on a candidate whose lifecycle ended (e.g. an included candidate supplied again) is
    // recorded in the block outcome; its lifecycle does not move.
    if (e.type === 'REJECTED' && CANDIDATE_FINAL_STATES.has(current.value)) return;
    candidates[hash] = step(candidateMachine, current, e);
  };
  for (const [h, para, e] of lifecycleEvents(outcome, ctx)) send(h, para, e);
  for (const v of outcome.verdicts) {
    if (v.accepted) {
      const pending = runtime.paras[v.paraId]?.pending.find((c) => c.hash === v.hash);
      send(v.hash, v.paraId, { type: 'BACKED', core: v.core, backedIn: outcome.number, relayParentNumber: pending?.relayParentNumber ?? -1 });
    } else send(v.hash, v.paraId, { type: 'REJECTED', error: v.error, rule: v.rule });
  }
  for (const c of outcome.droppedAtSessionChange) send(c.hash, c.paraId, { type: 'SESSION_CHANGED' });
  return candidates;
}

/**
 * Rule ablation only (RT-05 switched off): the runtime then accepts a relay parent anywhere on the
 * block's branch, so it needs a lookup of every ancestor (spec/relay/inclusion.ts).
 */
export function anyAncestorOf(ctx: RelayChainContext, parent: BlockNode): (hash: Hash) => RelayParentInfo | undefined {
  return (hash) => {
    for (let h: Hash | null = parent.hash; h !== null; ) {
      const b: BlockNode | undefined = ctx.blocks[h];
      if (!b) return undefined;
      if (b.hash === hash) return { number: b.number, stateRoot: b.storageRoot };
      h = b.parent;
    }
    return undefined;
  };
}

/** Runs one relay block through the relay-block machine on top of its parent. */
export function runRelayBlock(ctx: RelayChainContext, block: RelayBlockInput): BlockNode {
  const parent = ctx.blocks[block.parent]!;
  const anyAncestor = isOn('RT-05') ? undefined : anyAncestorOf(ctx, parent);
  let rb: MachineState<RelayBlockContext> = {
    value: 'idle',
    context: { params: ctx.params, groups: ctx.groups, state: parent.runtime, upcomingSessionChange: false, outcome: emptyOutcome(parent.number) },
  };
  rb = step(relayBlockMachine, rb, { type: 'INITIALIZE', parent: { hash: parent.hash, number: parent.number, storageRoot: parent.storageRoot }, sessionChangeSignalled: block.endsSession });
  rb = step(relayBlockMachine, rb, { type: 'DISPUTES', concludedInvalid: block.inherent.disputesConcludedInvalid });
  rb = step(relayBlockMachine, rb, { type: 'BITFIELDS', bitfields: block.inherent.bitfields });
  rb = step(relayBlockMachine, rb, anyAncestor ? { type: 'BACKED_CANDIDATES', backed: block.inherent.backedCandidates, anyAncestor } : { type: 'BACKED_CANDIDATES', backed: block.inherent.backedCandidates });
  rb = step(relayBlockMachine, rb, { type: 'FINALIZE', downwardMessages: block.inherent.downwardMessages ?? [] });
  const { state: runtime, outcome } = rb.context;
  return {
    hash: block.hash,
    number: parent.number + 1,
    parent: parent.hash,
    storageRoot: block.storageRoot,
    session: parent.runtime.session,
    runtime,
    inherent: block.inherent,
    endsSession: block.endsSession,
    outcome,
    candidates: applyOutcome(ctx, parent, outcome, runtime),
  };
}

export const relayChainMachine = setup({
  types: { context: {} as RelayChainContext, events: {} as RelayChainEvent, input: {} as { params: ModelParams } },
  guards: {
    /** The parent is known and the block is new (input validation, not a protocol rule). */
    isImportable: ({ context, event }) => relayBlockImportError(context, event.block) === null,
  },
  actions: {
    importBlock: assign(({ context, event }) => {
      const node = runRelayBlock(context, event.block);
      const leaves = [...context.leaves.filter((h) => h !== event.block.parent), node.hash];
      return { blocks: { ...context.blocks, [node.hash]: node }, leaves };
    }),
  },
}).createMachine({
  id: 'relayChain',
  description: 'Relay-chain block tree: each block processed on top of its parent',
  context: ({ input }) => initialRelayChain(input.params).context,
  initial: 'running',
  states: {
    running: {
      on: { RELAY_BLOCK: { guard: 'isImportable', target: 'running', actions: 'importBlock', description: 'RT-01..RT-22: import a relay block on top of its parent' } },
    },
  },
});

export class InvalidRelayBlock extends Error {
  constructor(
    readonly blockHash: Hash,
    reason: string,
  ) {
    super(`relay block ${blockHash}: ${reason}`);
    this.name = 'InvalidRelayBlock';
  }
}

/** Imports one relay block: the pure step of the relay-chain driver. */
export function importRelayBlock(state: MachineState<RelayChainContext>, block: RelayBlockInput): MachineState<RelayChainContext> {
  const err = relayBlockImportError(state.context, block);
  if (err) throw new InvalidRelayBlock(block.hash, err);
  return step(relayChainMachine, state, { type: 'RELAY_BLOCK', block });
}

/** The branch from genesis to `hash`, oldest first. */
export function branch(ctx: RelayChainContext, hash: Hash): BlockNode[] {
  const out: BlockNode[] = [];
  for (let h: Hash | null = hash; h !== null; ) {
    const node: BlockNode | undefined = ctx.blocks[h];
    if (!node) break;
    out.push(node);
    h = node.parent;
  }
  return out.reverse();
}
