/**
 * Breadth-first exploration of every reachable state of a small model (explore/model.ts), stepping
 * the same machines the property suite uses: each event is a block choice decoded by
 * `properties/schedule.ts` `decodeBlock` and imported with `machines/relayChain.ts`
 * `importRelayBlock`, stepped by the engine's interpreter (the default) or by XState's own
 * `transition()` (`stepper: 'xstate'`; a test checks both give identical states).
 *
 * After every imported block all of `RELAY_INVARIANTS` are checked on the step (parent, block,
 * ghost), as the harness does. States are deduplicated by explore/key.ts `stateKey`. Breadth-first
 * order makes the first violation found a SHORTEST counterexample (every state at a smaller depth was
 * expanded before, and a key is first seen at its smallest depth, which also makes deduplication
 * sound under the horizon: the first copy has the most blocks left). The counterexample is replayed
 * through `importRelayBlock` and printed with `properties/format.ts`.
 */
import { withRulesOff } from '../spec/ablation.ts';
import type { ModelParams } from '../spec/params.ts';
import type { Hash } from '../spec/types.ts';
import { RejectedEvent, STEPPERS, withStepper, type MachineState, type Stepper } from '../machines/engine.ts';
import { importRelayBlock, initialRelayChain, type RelayChainContext } from '../machines/relayChain.ts';
import { EMPTY_GHOST, nextGhost, type Ghost, type StepView } from '../properties/projection.ts';
import { RELAY_INVARIANTS, type Invariant } from '../properties/invariants.ts';
import { decodeBlock, type BlockChoice } from '../properties/schedule.ts';
import type { Violation } from '../properties/harness.ts';
import { formatTrace } from '../properties/format.ts';
import { stateKey, SYMMETRIES, type KeyedState, type Symmetry } from './key.ts';
import { checkModel, ModelError, type ModelSpec } from './model.ts';

export interface ExploreOptions {
  readonly symmetry?: Symmetry;
  /** Which engine stepper imports the blocks (default: the interpreter). */
  readonly stepper?: Stepper;
  /** Stop (result 'limit') once this many distinct states are known. */
  readonly maxStates?: number;
  /** Stop (result 'limit') after this many seconds. */
  readonly maxSeconds?: number;
  /** Override the model's horizon. */
  readonly horizon?: number;
  /** Explore only from these start states (BFS indices at `startDepth`), for splitting a run: see docs/bench.md. */
  readonly shard?: { readonly index: number; readonly count: number; readonly depth: number };
  readonly invariants?: readonly Invariant[];
  readonly onProgress?: (p: Progress) => void;
  /** Also collect every key (for tests that compare runs). */
  readonly collectKeys?: boolean;
}

export interface Progress {
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly frontier: number;
  readonly seconds: number;
}

export interface Counterexample {
  readonly violation: Violation;
  /** The block choices (indices into the expanded choice set) from the initial state. */
  readonly choices: readonly number[];
  readonly steps: readonly StepView[];
  readonly trace: string;
}

export interface ExploreResult {
  readonly model: string;
  readonly result: 'pass' | 'violation' | 'limit';
  readonly distinctStates: number;
  readonly transitions: number;
  /** The greatest depth (relay blocks from genesis) at which a new state was found. */
  readonly depth: number;
  readonly horizon: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  readonly transitionsPerSecond: number;
  readonly symmetry: Symmetry;
  readonly stepper: Stepper;
  readonly choicesPerBlock: number;
  readonly limitReason?: string;
  readonly counterexample?: Counterexample;
  readonly keys?: ReadonlySet<string>;
}

interface XState extends KeyedState {
  readonly depth: number;
  readonly id: number;
}


type StepOutcome = { kind: 'ok'; next: KeyedState; view: StepView } | { kind: 'violation'; violation: Violation; view?: StepView };

/** One event: decode the block choice against the state, import it, check every invariant. */
export function stepState(params: ModelParams, s: KeyedState, choice: BlockChoice, position: number, stepper: Stepper, invariants: readonly Invariant[]): StepOutcome {
  const ctx = s.chain.context;
  const decoded = decodeBlock(ctx, s.tip, choice, position, null);
  const parent = ctx.blocks[decoded.block.parent]!;
  let chain: MachineState<RelayChainContext>;
  try {
    chain = withStepper(stepper, () => importRelayBlock(s.chain, decoded.block));
  } catch (e) {
    if (!(e instanceof RejectedEvent)) throw e;
    return { kind: 'violation', violation: { property: 'INV-15', name: 'lifecycleMatchesRuntime', message: `#${parent.number + 1}: ${e.message}`, step: position, blockNumber: parent.number + 1 } };
  }
  const node = chain.context.blocks[decoded.block.hash]!;
  const ghost = s.ghosts[parent.hash]!;
  const view: StepView = { params, ctx: chain.context, parent, node, ghost, decoded };
  for (const inv of invariants) {
    const m = inv.check(view);
    if (m !== null) return { kind: 'violation', violation: { property: inv.id, name: inv.name, message: m, step: position, blockNumber: node.number }, view };
  }
  // Ghosts of the tip's branch only (what the key and the next steps read).
  const ghosts: Record<Hash, Ghost> = {};
  for (let h: Hash | null = node.parent; h !== null; h = chain.context.blocks[h]!.parent) ghosts[h] = s.ghosts[h]!;
  ghosts[node.hash] = nextGhost(ghost, node, decoded);
  return { kind: 'ok', next: { chain, tip: node.hash, ghosts }, view };
}

export function initialState(params: ModelParams): KeyedState {
  const chain = initialRelayChain(params);
  return { chain, tip: chain.context.genesis, ghosts: { [chain.context.genesis]: EMPTY_GHOST } };
}

/** Replays block choices from the initial state through `importRelayBlock`, for printing. */
export function replay(params: ModelParams, choices: readonly BlockChoice[], invariants: readonly Invariant[] = RELAY_INVARIANTS): { steps: StepView[]; violation: Violation | null } {
  let s = initialState(params);
  const steps: StepView[] = [];
  for (let i = 0; i < choices.length; i++) {
    const r = stepState(params, s, choices[i]!, i, 'xstate', invariants);
    if (r.view) steps.push(r.view);
    if (r.kind === 'violation') return { steps, violation: r.violation };
    s = r.next;
  }
  return { steps, violation: null };
}

function positiveInt(field: string, v: number | undefined, max: number): void {
  if (v === undefined) return;
  if (!Number.isInteger(v) || v < 1 || v > max) throw new ModelError(field, `must be an integer from 1 to ${max}, got ${JSON.stringify(v)}`);
}

/** Explores every state of `model` reachable within its horizon, breadth-first. */
export function explore(model: ModelSpec, opts: ExploreOptions = {}): ExploreResult {
  const { params, choices } = checkModel(model);
  const symmetry = opts.symmetry ?? 'canonical';
  if (!SYMMETRIES.includes(symmetry)) throw new ModelError('symmetry', `must be one of ${SYMMETRIES.join(', ')}, got ${JSON.stringify(symmetry)}`);
  const stepper = opts.stepper ?? 'interpreter';
  if (!STEPPERS.includes(stepper)) throw new ModelError('stepper', `must be one of ${STEPPERS.join(', ')}, got ${JSON.stringify(stepper)}`);
  positiveInt('maxStates', opts.maxStates, 1e9);
  if (opts.maxSeconds !== undefined && !(opts.maxSeconds > 0)) throw new ModelError('maxSeconds', `must be a positive number, got ${JSON.stringify(opts.maxSeconds)}`);
  positiveInt('horizon', opts.horizon, 64);
  const horizon = opts.horizon ?? model.horizon;
  if (opts.shard) {
    const { index, count, depth } = opts.shard;
    positiveInt('shard.count', count, 1e6);
    if (!Number.isInteger(index) || index < 0 || index >= count) throw new ModelError('shard.index', `must be an integer from 0 to ${count - 1}, got ${JSON.stringify(index)}`);
    if (!Number.isInteger(depth) || depth < 0 || depth > horizon) throw new ModelError('shard.depth', `must be an integer from 0 to the horizon ${horizon}, got ${JSON.stringify(depth)}`);
  }
  const invariants = opts.invariants ?? RELAY_INVARIANTS;
  const maxFork = Math.max(...model.choices.forkBack);
  return withRulesOff(model.rulesOff ?? [], () => run());

  function run(): ExploreResult {
    const t0 = performance.now();
    const seen = new Set<string>();
    const parentOf: number[] = [];
    const choiceOf: number[] = [];
    let frontier: XState[] = [];
    const init = initialState(params);
    const key0 = stateKey(init, maxFork, symmetry);
    seen.add(key0);
    parentOf.push(-1);
    choiceOf.push(-1);
    frontier.push({ ...init, depth: 0, id: 0 });
    let transitions = 0;
    let depth = 0;
    let limitReason: string | undefined;
    let counterexample: Counterexample | undefined;
    const elapsed = () => (performance.now() - t0) / 1000;
    const progress = () => opts.onProgress?.({ states: seen.size, transitions, depth, frontier: frontier.length, seconds: elapsed() });

    outer: for (let d = 0; d < horizon && frontier.length > 0; d++) {
      let level = frontier;
      if (opts.shard && d === opts.shard.depth) level = level.filter((_, i) => i % opts.shard!.count === opts.shard!.index);
      const next: XState[] = [];
      frontier = next;
      for (const s of level) {
        for (let ci = 0; ci < choices.length; ci++) {
          transitions++;
          const r = stepState(params, s, choices[ci]!, d, stepper, invariants);
          if (r.kind === 'violation') {
            const ids: number[] = [ci];
            for (let id = s.id; id > 0; id = parentOf[id]!) ids.push(choiceOf[id]!);
            ids.reverse();
            const rep = replay(params, ids.map((i) => choices[i]!), invariants);
            const steps = rep.steps;
            const violation = rep.violation ?? r.violation;
            counterexample = { violation, choices: ids, steps, trace: formatTrace(steps, violation) };
            break outer;
          }
          const key = stateKey(r.next, maxFork, symmetry);
          if (seen.has(key)) continue;
          seen.add(key);
          const id = parentOf.length;
          parentOf.push(s.id);
          choiceOf.push(ci);
          if (d + 1 > depth) depth = d + 1;
          next.push({ ...r.next, depth: d + 1, id });
          if (opts.maxStates !== undefined && seen.size >= opts.maxStates) {
            limitReason = `state limit ${opts.maxStates} reached`;
            break outer;
          }
          if ((transitions & 255) === 0) {
            if (opts.maxSeconds !== undefined && elapsed() > opts.maxSeconds) {
              limitReason = `time limit ${opts.maxSeconds} s reached`;
              break outer;
            }
            progress();
          }
        }
      }
    }
    progress();
    const seconds = elapsed();
    return {
      model: model.name,
      result: counterexample ? 'violation' : limitReason ? 'limit' : 'pass',
      distinctStates: seen.size,
      transitions,
      depth,
      horizon,
      seconds,
      statesPerSecond: seen.size / Math.max(seconds, 1e-9),
      transitionsPerSecond: transitions / Math.max(seconds, 1e-9),
      symmetry,
      stepper,
      choicesPerBlock: choices.length,
      ...(limitReason ? { limitReason } : {}),
      ...(counterexample ? { counterexample } : {}),
      ...(opts.collectKeys ? { keys: seen } : {}),
    };
  }
}

/**
 * Checks on a model that the key is a bisimulation up to the horizon: whenever a state's key was seen
 * before, both copies must have the same successor keys, choice by choice, and the same invariant
 * verdicts. Returns the number of duplicate pairs compared and the first mismatch, if any.
 */
export function checkKey(model: ModelSpec, opts: { symmetry?: Symmetry; maxPairs?: number; horizon?: number } = {}): { pairs: number; mismatch: string | null } {
  const { params, choices } = checkModel(model);
  const symmetry = opts.symmetry ?? 'canonical';
  const maxFork = Math.max(...model.choices.forkBack);
  const horizon = opts.horizon ?? model.horizon;
  return withRulesOff(model.rulesOff ?? [], () => {
    const repr = new Map<string, KeyedState>();
    let frontier: KeyedState[] = [initialState(params)];
    repr.set(stateKey(frontier[0]!, maxFork, symmetry), frontier[0]!);
    let pairs = 0;
    const successors = (s: KeyedState, d: number) =>
      choices.map((c) => {
        const r = stepState(params, s, c, d, 'interpreter', RELAY_INVARIANTS);
        return r.kind === 'ok' ? stateKey(r.next, maxFork, symmetry) : `violation ${r.violation.property}`;
      });
    for (let d = 0; d < horizon - 1 && frontier.length > 0; d++) {
      const next: KeyedState[] = [];
      for (const s of frontier)
        for (const c of choices) {
          const r = stepState(params, s, c, d, 'interpreter', RELAY_INVARIANTS);
          if (r.kind !== 'ok') continue;
          const key = stateKey(r.next, maxFork, symmetry);
          const first = repr.get(key);
          if (!first) {
            repr.set(key, r.next);
            next.push(r.next);
            continue;
          }
          if (first === r.next || pairs >= (opts.maxPairs ?? Infinity)) continue;
          pairs++;
          const a = successors(first, d + 1);
          const b = successors(r.next, d + 1);
          for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return { pairs, mismatch: `key ${key}: choice ${i} leads to\n  ${a[i]}\nand\n  ${b[i]}` };
        }
      frontier = next;
    }
    return { pairs, mismatch: null };
  });
}
