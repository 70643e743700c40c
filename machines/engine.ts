/**
 * Pure stepping of the project's XState machines over plain states.
 *
 * The whole model state is one serializable value (`{ value, context }` per machine), so that the
 * explorer can branch from any state and the oracle can replay and compare states. An event the
 * machine does not accept in its current state (no enabled transition) is reported, never ignored.
 *
 * Two steppers give the same result on the same machine definitions:
 * - `'interpreter'` (the default, the hot path): reads the machine's own configuration (`states`,
 *   `on`, `always`, `target`, `type: 'final'`) and calls its own named guards and `assign` actions
 *   (`machine.implementations`), exactly as XState selects transitions: document order, the first
 *   alternative whose guard holds, then eventless `always` transitions until none is enabled. It
 *   supports exactly the features the project's machines use (flat states, string targets, named
 *   guards, named `assign(function)` actions, guarded alternatives, `always`); anything else throws
 *   when the machine is first stepped, so it can never silently differ from XState.
 * - `'xstate'` (the reference semantics): XState's own pure `machine.transition()`.
 * `test/machines/engine.test.ts` steps random relay, network and pipeline schedules through both
 * and requires identical states; `ASYNC_BACKING_STEPPER=xstate npm test` runs every test through
 * XState. Why the interpreter is the default: XState's `transition()` resolves a snapshot and runs
 * a microstep with snapshot clones per event, ≈ 70k steps/s against ≈ 5M for the interpreter
 * (docs/bench.md).
 *
 * Every transition taken is reported to the coverage recorder (if one is installed), keyed by the
 * machine id, the source state, the event type and the target: the transition-coverage table is built
 * from what runs, not from what was drawn.
 */
import { createActor, type AnyStateMachine, type EventObject } from 'xstate';

/** A machine's state as plain data: the state value (a state name) and the context. */
export interface MachineState<C> {
  readonly value: string;
  readonly context: C;
}

export class RejectedEvent extends Error {
  constructor(
    readonly machine: string,
    readonly state: string,
    readonly eventType: string,
    readonly reason?: string,
  ) {
    super(`${machine}: event ${eventType} is not accepted in state "${state}"${reason ? `: ${reason}` : ''}`);
    this.name = 'RejectedEvent';
  }
}

export interface TakenTransition {
  readonly machine: string;
  readonly from: string;
  readonly event: string;
  readonly to: string;
}

type Recorder = (t: TakenTransition) => void;
let recorder: Recorder | undefined;

/** Installs a recorder of taken transitions (coverage); returns the previous one. */
export function recordTransitions(r: Recorder | undefined): Recorder | undefined {
  const before = recorder;
  recorder = r;
  return before;
}

export type Stepper = 'interpreter' | 'xstate';
export const STEPPERS: readonly Stepper[] = ['interpreter', 'xstate'];

function initialStepper(): Stepper {
  const env = typeof process !== 'undefined' ? process.env.ASYNC_BACKING_STEPPER : undefined;
  if (env === undefined || env === '') return 'interpreter';
  if (env !== 'interpreter' && env !== 'xstate') throw new Error(`ASYNC_BACKING_STEPPER must be "interpreter" or "xstate", got "${env}"`);
  return env;
}
let stepper: Stepper = initialStepper();

/** The stepper in use. */
export function currentStepper(): Stepper {
  return stepper;
}

/** Runs `body` with `s` as the stepper, restoring the previous one afterwards. */
export function withStepper<T>(s: Stepper, body: () => T): T {
  const before = stepper;
  stepper = s;
  try {
    return body();
  } finally {
    stepper = before;
  }
}

// ---------------------------------------------------------------------------------------------
// The interpreter

interface TransitionConfig {
  readonly target?: string;
  readonly guard?: string;
  readonly actions?: readonly string[];
}
type Args = { context: unknown; event: EventObject };
interface Compiled {
  readonly id: string;
  /** state → event type → guarded alternatives, in document order. */
  readonly on: Map<string, Map<string, readonly TransitionConfig[]>>;
  readonly always: Map<string, readonly TransitionConfig[]>;
  readonly finals: ReadonlySet<string>;
  readonly states: ReadonlySet<string>;
  readonly guards: Record<string, (a: Args) => boolean>;
  readonly assigners: Record<string, (a: Args) => object>;
}

const compiled = new WeakMap<AnyStateMachine, Compiled>();

function unsupported(machine: string, what: string): never {
  throw new Error(`engine: machine "${machine}" uses ${what}, which the interpreter does not support (step it with the "xstate" stepper)`);
}

function asList(machine: string, where: string, t: unknown): readonly TransitionConfig[] {
  const list = (Array.isArray(t) ? t : [t]) as unknown[];
  return list.map((x) => {
    if (typeof x !== 'object' || x === null) unsupported(machine, `a transition that is not an object (${where})`);
    const c = x as Record<string, unknown>;
    for (const k of Object.keys(c)) if (k !== 'target' && k !== 'guard' && k !== 'actions' && k !== 'description') unsupported(machine, `the transition property "${k}" (${where})`);
    if (c.target !== undefined && typeof c.target !== 'string') unsupported(machine, `a non-string target (${where})`);
    if (c.guard !== undefined && typeof c.guard !== 'string') unsupported(machine, `an inline guard (${where})`);
    const actions = c.actions === undefined ? [] : Array.isArray(c.actions) ? c.actions : [c.actions];
    if (actions.some((a) => typeof a !== 'string')) unsupported(machine, `an inline action (${where})`);
    const out: { target?: string; guard?: string; actions: readonly string[] } = { actions: actions as string[] };
    if (c.target !== undefined) out.target = c.target as string;
    if (c.guard !== undefined) out.guard = c.guard as string;
    return out;
  });
}

function compile(machine: AnyStateMachine): Compiled {
  const hit = compiled.get(machine);
  if (hit) return hit;
  const config = machine.config as { states?: Record<string, Record<string, unknown>> };
  const id = machine.id;
  const on = new Map<string, Map<string, readonly TransitionConfig[]>>();
  const always = new Map<string, readonly TransitionConfig[]>();
  const finals = new Set<string>();
  for (const [name, s] of Object.entries(config.states ?? {})) {
    if (s.states) unsupported(id, `nested states (in "${name}")`);
    for (const k of ['entry', 'exit', 'invoke', 'after', 'onDone'] as const) if (s[k] !== undefined) unsupported(id, `${k} (in "${name}")`);
    if (s.type === 'final') finals.add(name);
    else if (s.type !== undefined && s.type !== 'atomic') unsupported(id, `a state of type "${String(s.type)}" (in "${name}")`);
    const m = new Map<string, readonly TransitionConfig[]>();
    for (const [ev, t] of Object.entries((s.on ?? {}) as Record<string, unknown>)) m.set(ev, asList(id, `${name} on ${ev}`, t));
    on.set(name, m);
    if (s.always) always.set(name, asList(id, `${name} always`, s.always));
  }
  const impl = machine.implementations as { guards: Record<string, unknown>; actions: Record<string, unknown> };
  const assigners: Record<string, (a: Args) => object> = {};
  for (const [name, a] of Object.entries(impl.actions)) {
    const assignment = (a as { assignment?: unknown }).assignment;
    if (typeof assignment !== 'function') unsupported(id, `action "${name}" that is not assign(function)`);
    assigners[name] = assignment as (a: Args) => object;
  }
  // Every name a transition uses must be implemented: a typo would otherwise only show when taken.
  for (const [state, m] of on)
    for (const [ev, list] of m)
      for (const t of list) {
        if (t.guard !== undefined && typeof impl.guards[t.guard] !== 'function') unsupported(id, `an unknown guard "${t.guard}" (${state} on ${ev})`);
        for (const a of t.actions ?? []) if (!assigners[a]) unsupported(id, `an unknown action "${a}" (${state} on ${ev})`);
        if (t.target !== undefined && !on.has(t.target)) unsupported(id, `an unknown target "${t.target}" (${state} on ${ev})`);
      }
  // `guards` is the implementations object itself, read at call time: the coverage recorder wraps its entries.
  const c: Compiled = { id, on, always, finals, states: new Set(on.keys()), guards: impl.guards as Record<string, (a: Args) => boolean>, assigners };
  compiled.set(machine, c);
  return c;
}

function pick(c: Compiled, list: readonly TransitionConfig[] | undefined, context: unknown, event: EventObject): TransitionConfig | undefined {
  if (!list) return undefined;
  for (const t of list) if (t.guard === undefined || c.guards[t.guard]!({ context, event })) return t;
  return undefined;
}

function take(c: Compiled, value: string, t: TransitionConfig, context: unknown, event: EventObject): { value: string; context: unknown } {
  let ctx = context;
  for (const name of t.actions ?? []) {
    const patch = c.assigners[name]!({ context: ctx, event });
    // XState's assign merges the returned properties into a copy of the context.
    ctx = Object.assign({}, ctx, patch);
  }
  return { value: t.target ?? value, context: ctx };
}

function interpret<C>(machine: AnyStateMachine, state: MachineState<C>, event: EventObject): MachineState<C> {
  const c = compile(machine);
  if (!c.states.has(state.value)) throw new RejectedEvent(c.id, state.value, event.type, 'no such state');
  // A final state takes no more events (XState: a done actor ignores events).
  const t = c.finals.has(state.value) ? undefined : pick(c, c.on.get(state.value)?.get(event.type), state.context, event);
  if (!t) throw new RejectedEvent(c.id, state.value, event.type);
  let next = take(c, state.value, t, state.context, event);
  // Eventless transitions of the state reached, until none is enabled (XState's microsteps).
  for (let guard = 0; guard < 100; guard++) {
    const a = c.finals.has(next.value) ? undefined : pick(c, c.always.get(next.value), next.context, event);
    if (!a) return next as MachineState<C>;
    next = take(c, next.value, a, next.context, event);
  }
  throw new Error(`engine: machine "${c.id}" loops on eventless transitions in "${next.value}"`);
}

// ---------------------------------------------------------------------------------------------
// XState's own transition(), the reference semantics

function valueName(v: unknown): string {
  if (typeof v === 'string') return v;
  // Nested values are flattened as parent.child (the project's machines are flat).
  const [k, inner] = Object.entries(v as Record<string, unknown>)[0]!;
  return `${k}.${valueName(inner)}`;
}

/**
 * One inert actor scope per machine, reused by every step. XState's own `transition(machine, …)`
 * builds a fresh actor (and runs the machine's context factory) on every call; the scope holds no
 * state our machines use (they spawn nothing and their actions are `assign`s, which XState applies
 * itself), so reusing it keeps steps pure.
 */
const scopes = new WeakMap<AnyStateMachine, unknown>();
function scopeOf(machine: AnyStateMachine): unknown {
  let scope = scopes.get(machine);
  if (!scope) {
    const self = createActor(machine, { input: {} as never });
    scope = { self, defer: () => {}, id: '', logger: () => {}, sessionId: '', stopChild: () => {}, system: self.system, emit: () => {}, actionExecutor: () => {} };
    scopes.set(machine, scope);
  }
  return scope;
}

function xstateStep<C>(machine: AnyStateMachine, state: MachineState<C>, event: EventObject): MachineState<C> {
  const snapshot = machine.resolveState({ value: state.value, context: state.context as never });
  const next = machine.transition(snapshot, event as never, scopeOf(machine) as never);
  if (next === snapshot) throw new RejectedEvent(machine.id, state.value, event.type);
  return { value: valueName(next.value), context: next.context as C };
}

// ---------------------------------------------------------------------------------------------

/** Steps `machine` from `state` by `event`; throws `RejectedEvent` if no transition is enabled. */
export function step<C, E extends EventObject>(machine: AnyStateMachine, state: MachineState<C>, event: E): MachineState<C> {
  const next = stepper === 'interpreter' ? interpret(machine, state, event) : xstateStep(machine, state, event);
  recorder?.({ machine: machine.id, from: state.value, event: event.type, to: next.value });
  return next;
}

/** Like `step`, but returns `null` when the event is not accepted. */
export function tryStep<C, E extends EventObject>(machine: AnyStateMachine, state: MachineState<C>, event: E): MachineState<C> | null {
  try {
    return step(machine, state, event);
  } catch (e) {
    if (e instanceof RejectedEvent) return null;
    throw e;
  }
}

/** Whether the state is a final state of the machine. */
export function isFinal(machine: AnyStateMachine, state: MachineState<unknown>): boolean {
  if (stepper === 'interpreter') return compile(machine).finals.has(state.value);
  return machine.resolveState({ value: state.value, context: state.context as never }).status === 'done';
}
