/**
 * A faster path through the SAME machine definitions: a small interpreter for the project's flat
 * XState machines that reads each machine's own config (`states`, `on`, `always`, `target`) and
 * calls its own named guards and `assign` actions (`machine.implementations`), without XState's
 * `transition()` (which resolves a snapshot and builds an actor scope on every call).
 *
 * It supports exactly what `machines/relayBlock.ts` and `machines/candidate.ts` use: flat states,
 * string targets, named guards, named `assign` actions, `on` with one transition or a list of
 * guarded alternatives, and eventless `always` lists. Anything else (entry/exit actions, nested
 * states, inline guards, other action kinds) throws, so the interpreter can never silently differ
 * from XState; `test/explore/fastPath.test.ts` checks it gives identical states to
 * `importRelayBlock` on random schedules.
 *
 * `fastImportRelayBlock` is `machines/relayChain.ts`'s `importRelayBlock` with every `step` replaced
 * by `fastStep`: the same event sequence per block, the same lifecycle events, the same tree update.
 */
import type { AnyStateMachine, EventObject } from 'xstate';
import { RejectedEvent, type MachineState } from '../machines/engine.ts';
import { candidateMachine, CANDIDATE_FINAL_STATES, newCandidateContext, type CandidateContext, type CandidateEvent } from '../machines/candidate.ts';
import { emptyOutcome, relayBlockMachine, type RelayBlockContext } from '../machines/relayBlock.ts';
import {
  InvalidRelayBlock,
  lifecycleEvents,
  relayBlockImportError,
  type BlockNode,
  type RelayBlockInput,
  type RelayChainContext,
} from '../machines/relayChain.ts';
import type { BlockOutcome } from '../spec/relay/parasInherent.ts';
import type { RelayRuntimeState } from '../spec/relay/state.ts';
import type { RelayParentInfo } from '../spec/relay/tracker.ts';
import type { CandidateHash, Hash } from '../spec/types.ts';

interface TransitionConfig {
  readonly target?: string;
  readonly guard?: string;
  readonly actions?: string | readonly string[];
}
type Args = { context: unknown; event: EventObject };
interface Compiled {
  readonly id: string;
  /** state → event type → guarded alternatives, in order. */
  readonly on: Map<string, Map<string, readonly TransitionConfig[]>>;
  readonly always: Map<string, readonly TransitionConfig[]>;
  readonly guards: Record<string, (a: Args) => boolean>;
  readonly assigners: Record<string, (a: Args) => object>;
}

const compiled = new WeakMap<AnyStateMachine, Compiled>();

function unsupported(machine: string, what: string): never {
  throw new Error(`fastStep: machine "${machine}" uses ${what}, which the fast interpreter does not support (use machines/engine.ts step)`);
}

function asList(machine: string, t: unknown): readonly TransitionConfig[] {
  const list = (Array.isArray(t) ? t : [t]) as unknown[];
  for (const x of list) {
    if (typeof x !== 'object' || x === null) unsupported(machine, 'a transition that is not an object');
    const c = x as Record<string, unknown>;
    if (c.target !== undefined && typeof c.target !== 'string') unsupported(machine, 'a non-string target');
    if (c.guard !== undefined && typeof c.guard !== 'string') unsupported(machine, 'an inline guard');
    const acts = c.actions === undefined ? [] : Array.isArray(c.actions) ? c.actions : [c.actions];
    if (acts.some((a) => typeof a !== 'string')) unsupported(machine, 'an inline action');
  }
  return list as TransitionConfig[];
}

function compile(machine: AnyStateMachine): Compiled {
  const hit = compiled.get(machine);
  if (hit) return hit;
  const config = machine.config as { id?: string; states?: Record<string, Record<string, unknown>> };
  const id = machine.id;
  const on = new Map<string, Map<string, readonly TransitionConfig[]>>();
  const always = new Map<string, readonly TransitionConfig[]>();
  for (const [name, s] of Object.entries(config.states ?? {})) {
    if (s.states) unsupported(id, `nested states (in "${name}")`);
    if (s.entry || s.exit || s.invoke || s.after) unsupported(id, `entry/exit/invoke/after (in "${name}")`);
    const m = new Map<string, readonly TransitionConfig[]>();
    for (const [ev, t] of Object.entries((s.on ?? {}) as Record<string, unknown>)) m.set(ev, asList(id, t));
    on.set(name, m);
    if (s.always) always.set(name, asList(id, s.always));
  }
  const impl = machine.implementations as { guards: Record<string, unknown>; actions: Record<string, unknown> };
  const assigners: Record<string, (a: Args) => object> = {};
  for (const [name, a] of Object.entries(impl.actions)) {
    const assignment = (a as { assignment?: unknown }).assignment;
    if (typeof assignment !== 'function') unsupported(id, `action "${name}" that is not assign(function)`);
    assigners[name] = assignment as (a: Args) => object;
  }
  const c: Compiled = { id, on, always, guards: impl.guards as Record<string, (a: Args) => boolean>, assigners };
  compiled.set(machine, c);
  return c;
}

function pick(c: Compiled, list: readonly TransitionConfig[] | undefined, context: unknown, event: EventObject): TransitionConfig | undefined {
  if (!list) return undefined;
  for (const t of list) {
    if (t.guard === undefined) return t;
    const g = c.guards[t.guard];
    if (!g) unsupported(c.id, `an unknown guard "${t.guard}"`);
    if (g({ context, event })) return t;
  }
  return undefined;
}

function take(c: Compiled, value: string, t: TransitionConfig, context: unknown, event: EventObject): { value: string; context: unknown } {
  let ctx = context;
  const acts = t.actions === undefined ? [] : typeof t.actions === 'string' ? [t.actions] : t.actions;
  for (const name of acts) {
    const a = c.assigners[name];
    if (!a) unsupported(c.id, `an unknown action "${name}"`);
    ctx = Object.assign({}, ctx, a({ context: ctx, event }));
  }
  return { value: t.target ?? value, context: ctx };
}

/** Steps `machine` like `machines/engine.ts` `step` (same result, same `RejectedEvent`), without `transition()`. */
export function fastStep<C, E extends EventObject>(machine: AnyStateMachine, state: MachineState<C>, event: E): MachineState<C> {
  const c = compile(machine);
  const t = pick(c, c.on.get(state.value)?.get(event.type), state.context, event);
  if (!t) throw new RejectedEvent(c.id, state.value, event.type);
  let next = take(c, state.value, t, state.context, event);
  // Eventless transitions of the state reached, until none is enabled (XState's microsteps).
  for (let guard = 0; guard < 100; guard++) {
    const a = pick(c, c.always.get(next.value), next.context, event);
    if (!a) return next as MachineState<C>;
    next = take(c, next.value, a, next.context, event);
  }
  throw new Error(`fastStep: machine "${c.id}" loops on eventless transitions in "${next.value}"`);
}

function applyOutcomeFast(ctx: RelayChainContext, parent: BlockNode, outcome: BlockOutcome, runtime: RelayRuntimeState): Record<CandidateHash, MachineState<CandidateContext>> {
  // Same as machines/relayChain.ts applyOutcome, with fastStep.
  const candidates: Record<CandidateHash, MachineState<CandidateContext>> = { ...parent.candidates };
  const send = (hash: CandidateHash, paraId: number, e: CandidateEvent) => {
    const current = candidates[hash] ?? { value: 'proposed', context: newCandidateContext(hash, paraId) };
    if (e.type === 'REJECTED' && CANDIDATE_FINAL_STATES.has(current.value)) return;
    candidates[hash] = fastStep(candidateMachine, current, e);
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

/** `runRelayBlock` of machines/relayChain.ts with fastStep. */
export function fastRunRelayBlock(ctx: RelayChainContext, block: RelayBlockInput, anyAncestor?: (hash: Hash) => RelayParentInfo | undefined): BlockNode {
  const parent = ctx.blocks[block.parent]!;
  let rb: MachineState<RelayBlockContext> = {
    value: 'idle',
    context: { params: ctx.params, groups: ctx.groups, state: parent.runtime, upcomingSessionChange: false, outcome: emptyOutcome(parent.number) },
  };
  rb = fastStep(relayBlockMachine, rb, { type: 'INITIALIZE', parent: { hash: parent.hash, number: parent.number, storageRoot: parent.storageRoot }, sessionChangeSignalled: block.endsSession });
  rb = fastStep(relayBlockMachine, rb, { type: 'DISPUTES', concludedInvalid: block.inherent.disputesConcludedInvalid });
  rb = fastStep(relayBlockMachine, rb, { type: 'BITFIELDS', bitfields: block.inherent.bitfields });
  rb = fastStep(relayBlockMachine, rb, anyAncestor ? { type: 'BACKED_CANDIDATES', backed: block.inherent.backedCandidates, anyAncestor } : { type: 'BACKED_CANDIDATES', backed: block.inherent.backedCandidates });
  rb = fastStep(relayBlockMachine, rb, { type: 'FINALIZE', downwardMessages: block.inherent.downwardMessages ?? [] });
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
    candidates: applyOutcomeFast(ctx, parent, outcome, runtime),
  };
}

/** `importRelayBlock` through the same machine definitions, stepped by `fastStep`. */
export function fastImportRelayBlock(
  state: MachineState<RelayChainContext>,
  block: RelayBlockInput,
  anyAncestor?: (hash: Hash) => RelayParentInfo | undefined,
): MachineState<RelayChainContext> {
  const err = relayBlockImportError(state.context, block);
  if (err) throw new InvalidRelayBlock(block.hash, err);
  const context = state.context;
  const node = fastRunRelayBlock(context, block, anyAncestor);
  const leaves = [...context.leaves.filter((h) => h !== block.parent), node.hash];
  return { value: state.value, context: { ...context, blocks: { ...context.blocks, [node.hash]: node }, leaves } };
}
