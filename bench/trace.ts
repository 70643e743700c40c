/**
 * A long relay-block trace for the benchmarks: random block choices (all mixes, no forks, so the plain
 * rules can replay it as one chain) decoded ONCE against the evolving state, then replayed through
 * `importRelayBlock` (the machines, with the engine's interpreter or with XState's `transition()`)
 * and `processRelayBlock` (plain rules).
 *
 * The machine state keeps every block and every candidate's lifecycle of the branch, and each import
 * copies those maps, so a 100k-block chain would cost O(n²) in copying alone. Both machine replays
 * therefore prune the tree to its last `KEEP` blocks and the tip's lifecycles to the candidates still
 * pending, every `PRUNE_EVERY` blocks (identically while decoding and replaying; the runtime state is
 * untouched). The plain path carries no tree and needs no pruning.
 */
import fc from 'fast-check';
import { hashOf } from '../spec/hash.ts';
import { validatorGroups, type ModelParams } from '../spec/params.ts';
import { processRelayBlock } from '../spec/relay/parasInherent.ts';
import type { RelayRuntimeState } from '../spec/relay/state.ts';
import type { RelayChainBlockInfo } from '../spec/types.ts';
import { withStepper, type MachineState, type Stepper } from '../machines/engine.ts';
import { importRelayBlock, initialRelayChain, type BlockNode, type RelayBlockInput, type RelayChainContext } from '../machines/relayChain.ts';
import { blockChoiceArb, decodeBlock, type BlockChoice, type Mix } from '../properties/schedule.ts';
import { relayBlockEvent } from '../oracle/simulate.ts';
import type { OracleEvent } from '../oracle/events.ts';

export const KEEP = 16;
export const PRUNE_EVERY = 64;

export interface Trace {
  readonly params: ModelParams;
  readonly blocks: readonly RelayBlockInput[];
  /** The parent of each block as the runtime sees it (for the plain path). */
  readonly parents: readonly RelayChainBlockInfo[];
  /** The parent head each backed candidate was really built on (from the decoder's intents). */
  readonly builtOn: Readonly<Record<string, string>>;
}

/** Keeps the last KEEP blocks of the tip's branch, and at the tip only the lifecycles of pending candidates. */
export function prune(state: MachineState<RelayChainContext>, tip: string): MachineState<RelayChainContext> {
  const ctx = state.context;
  const blocks: Record<string, BlockNode> = {};
  let node: BlockNode | undefined = ctx.blocks[tip];
  for (let k = 0; k < KEEP && node; k++) {
    blocks[node.hash] = node;
    node = node.parent !== null ? ctx.blocks[node.parent] : undefined;
  }
  const t = ctx.blocks[tip]!;
  const candidates = Object.fromEntries(Object.entries(t.candidates).filter(([, c]) => c.value === 'pendingAvailability'));
  blocks[tip] = { ...t, candidates };
  return { value: state.value, context: { ...ctx, blocks, leaves: [tip] } };
}

function choices(params: ModelParams, n: number, seed: number): BlockChoice[] {
  const mixes: Mix[] = ['honest', 'faulty', 'adversarial', 'outage'];
  const out: BlockChoice[] = [];
  for (let i = 0; out.length < n; i++) {
    const mix = mixes[i % mixes.length]!;
    const chunk = fc.sample(blockChoiceArb(params, mix), { numRuns: Math.min(1000, n - out.length), seed: seed + i });
    for (const c of chunk) out.push({ ...c, forkBack: 0 });
  }
  return out;
}

/** Decodes `n` random relay blocks once (through the machines, pruned). */
export function decodeTrace(params: ModelParams, n: number, seed = 20261125): Trace {
  let state = initialRelayChain(params);
  let tip = state.context.genesis;
  const blocks: RelayBlockInput[] = [];
  const parents: RelayChainBlockInfo[] = [];
  const builtOn: Record<string, string> = {};
  const cs = choices(params, n, seed);
  for (let i = 0; i < n; i++) {
    const decoded = decodeBlock(state.context, tip, cs[i]!, i, null);
    const parent = state.context.blocks[decoded.block.parent]!;
    parents.push({ hash: parent.hash, number: parent.number, storageRoot: parent.storageRoot });
    state = importRelayBlock(state, decoded.block);
    tip = decoded.block.hash;
    blocks.push(decoded.block);
    for (const it of decoded.intents) builtOn[it.hash] = it.builtOn;
    if (i % PRUNE_EVERY === PRUNE_EVERY - 1) state = prune(state, tip);
  }
  return { params, blocks, parents, builtOn };
}

/** Replays blocks [0, to) of the trace through the machines with the given stepper; returns the final state. */
export function replayMachines(trace: Trace, stepper: Stepper, to = trace.blocks.length): MachineState<RelayChainContext> {
  return withStepper(stepper, () => {
    let state = initialRelayChain(trace.params);
    for (let i = 0; i < to; i++) {
      const b = trace.blocks[i]!;
      state = importRelayBlock(state, b);
      if (i % PRUNE_EVERY === PRUNE_EVERY - 1) state = prune(state, b.hash);
    }
    return state;
  });
}

/** Replays blocks [0, to) through `processRelayBlock`, the plain-rules path. */
export function replayPlain(trace: Trace, to = trace.blocks.length): RelayRuntimeState {
  const groups = validatorGroups(trace.params);
  let state = initialRelayChain(trace.params).context.blocks[hashOf('relay-genesis', trace.params.name)]!.runtime;
  for (let i = 0; i < to; i++) {
    const b = trace.blocks[i]!;
    state = processRelayBlock(state, trace.params, groups, trace.parents[i]!, b.inherent, b.endsSession).state;
  }
  return state;
}

/**
 * The trace as oracle events (oracle/events.ts): before each block, a `collation` event for every
 * candidate it backs that was not introduced yet (with the PVD of its relay parent), then the
 * `relayBlock` event. About two events per block.
 */
export function oracleEventsOf(trace: Trace): OracleEvent[] {
  const out: OracleEvent[] = [];
  const seen = new Set<string>();
  const info = new Map<string, RelayChainBlockInfo>();
  for (let i = 0; i < trace.blocks.length; i++) {
    const b = trace.blocks[i]!;
    const parent = trace.parents[i]!;
    info.set(parent.hash, parent);
    for (const bc of b.inherent.backedCandidates) {
      const c = bc.candidate;
      if (seen.has(c.hash)) continue;
      seen.add(c.hash);
      const rp = info.get(c.descriptor.relayParent);
      out.push({
        type: 'collation',
        candidate: c,
        pvd: { parentHead: trace.builtOn[c.hash] ?? c.commitments.headData, relayParentNumber: rp?.number ?? 0, relayParentStorageRoot: rp?.storageRoot ?? c.descriptor.relayParent, maxPovSize: trace.params.maxPovSize },
      });
    }
    out.push(relayBlockEvent(b));
  }
  return out;
}
