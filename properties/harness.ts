/**
 * Runs a schedule through the relay-chain driver, block by block, and checks every invariant after
 * every block. The result is the full trace (for printing and replay), the first invariant
 * violation (if any), the witnesses found and the liveness verdict.
 */
import type { ModelParams } from '../spec/params.ts';
import type { Hash } from '../spec/types.ts';
import { RejectedEvent, type MachineState } from '../machines/engine.ts';
import { importRelayBlock, initialRelayChain, type RelayChainContext } from '../machines/relayChain.ts';
import { EMPTY_GHOST, nextGhost, type Ghost, type StepView } from './projection.ts';
import { RELAY_INVARIANTS, type Invariant } from './invariants.ts';
import { decodeBlock, type Schedule } from './schedule.ts';
import type { Witness } from './witnesses.ts';

export interface Violation {
  readonly property: string;
  readonly name: string;
  readonly message: string;
  /** Index of the block in the schedule (0-based) where it failed. */
  readonly step: number;
  readonly blockNumber: number;
}

export interface RunResult {
  readonly steps: readonly StepView[];
  readonly final: MachineState<RelayChainContext>;
  readonly violation: Violation | null;
  /** Witness id → the first counterexample found in this run. */
  readonly witnessed: ReadonlyMap<string, Violation>;
}

export interface RunOptions {
  readonly invariants?: readonly Invariant[];
  readonly witnesses?: readonly Witness[];
  /** Stop at the first invariant violation (default true). */
  readonly stopOnViolation?: boolean;
}


export function runSchedule(params: ModelParams, schedule: Schedule, opts: RunOptions = {}): RunResult {
  const invariants = opts.invariants ?? RELAY_INVARIANTS;
  const witnesses = opts.witnesses ?? [];
  let state = initialRelayChain(params);
  let tip = state.context.genesis;
  const ghosts = new Map<Hash, Ghost>([[tip, EMPTY_GHOST]]);
  const steps: StepView[] = [];
  const witnessed = new Map<string, Violation>();
  let violation: Violation | null = null;
  let fairFrom = typeof schedule.fairFrom === 'number' ? schedule.fairFrom : null;
  for (let i = 0; i < schedule.blocks.length; i++) {
    const fair = fairFrom !== null && i >= fairFrom ? { delays: schedule.fairDelays } : null;
    const decoded = decodeBlock(state.context, tip, schedule.blocks[i]!, i, fair);
    const parent = state.context.blocks[decoded.block.parent]!;
    try {
      state = importRelayBlock(state, decoded.block);
    } catch (e) {
      // A lifecycle machine refusing what the runtime did is a violation of INV-15, not a crash.
      if (!(e instanceof RejectedEvent)) throw e;
      violation = { property: 'INV-15', name: 'lifecycleMatchesRuntime', message: `#${parent.number + 1}: ${e.message}`, step: i, blockNumber: parent.number + 1 };
      break;
    }
    const node = state.context.blocks[decoded.block.hash]!;
    tip = node.hash;
    if (schedule.fairFrom === 'afterFirstTimeout' && fairFrom === null && node.outcome.timedOut.length > 0) fairFrom = i + 1;
    const ghost = ghosts.get(parent.hash)!;
    ghosts.set(node.hash, nextGhost(ghost, node, decoded));
    const view: StepView = { params, ctx: state.context, parent, node, ghost, decoded };
    steps.push(view);
    for (const w of witnesses) {
      if (witnessed.has(w.id)) continue;
      const m = w.check(view);
      if (m !== null) witnessed.set(w.id, { property: w.id, name: w.name, message: m, step: i, blockNumber: node.number });
    }
    if (violation === null)
      for (const inv of invariants) {
        const m = inv.check(view);
        if (m !== null) {
          violation = { property: inv.id, name: inv.name, message: m, step: i, blockNumber: node.number };
          break;
        }
      }
    if (violation && opts.stopOnViolation !== false) break;
  }
  return { steps, final: state, violation, witnessed };
}
