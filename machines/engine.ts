/**
 * Pure stepping of the project's XState machines over plain states.
 *
 * The whole model state is one serializable value (`{ value, context }` per machine), so that the
 * explorer can branch from any state and the oracle can replay and compare states. A step resolves
 * that value into an XState snapshot and takes XState's own pure `transition()`; an event the
 * machine does not accept in its current state (no enabled transition) is reported, never ignored.
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

function valueName(v: unknown): string {
  if (typeof v === 'string') return v;
  // Nested values are flattened as parent.child (the project's machines are flat today).
  const [k, inner] = Object.entries(v as Record<string, unknown>)[0]!;
  return `${k}.${valueName(inner)}`;
}

/**
 * One inert actor scope per machine, reused by every step. XState's own `transition(machine, …)`
 * builds a fresh actor (and runs the machine's context factory) on every call, which dominated the
 * cost of a step (docs/bench.md); the scope holds no state our machines use (they spawn nothing and
 * their actions are `assign`s, which XState applies itself), so reusing it keeps steps pure.
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

/** Steps `machine` from `state` by `event`; throws `RejectedEvent` if no transition is enabled. */
export function step<C, E extends EventObject>(machine: AnyStateMachine, state: MachineState<C>, event: E): MachineState<C> {
  const snapshot = machine.resolveState({ value: state.value, context: state.context as never });
  const next = machine.transition(snapshot, event as never, scopeOf(machine) as never);
  if (next === snapshot) throw new RejectedEvent(machine.id, state.value, event.type);
  const value = valueName(next.value);
  recorder?.({ machine: machine.id, from: state.value, event: event.type, to: value });
  return { value, context: next.context as C };
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
  return machine.resolveState({ value: state.value, context: state.context as never }).status === 'done';
}
