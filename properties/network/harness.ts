/**
 * Runs a network schedule: per relay block, the collations and backing votes at the current leaf,
 * then the block the honest provisioner authors; every relay invariant and every node invariant is
 * checked after every relay block.
 */
import type { ModelParams } from '../../spec/params.ts';
import type { Hash } from '../../spec/types.ts';
import { RejectedEvent, type MachineState } from '../../machines/engine.ts';
import { initialNetwork, InvalidNetworkEvent, stepNetwork, type NetworkContext, type NetworkEvent } from '../../machines/network.ts';
import { EMPTY_GHOST, nextGhost, type Ghost, type StepView } from '../projection.ts';
import { RELAY_INVARIANTS, type Invariant } from '../invariants.ts';
import type { Violation } from '../harness.ts';
import type { DecodedBlock } from '../schedule.ts';
import { authorBlock, type AuthoredBlock } from './author.ts';
import { collationEvents, lateBackingEvents, type NetSchedule } from './schedule.ts';

/** One relay block of a network run: the network before and after, what was authored, the relay view. */
export interface NetView {
  readonly params: ModelParams;
  readonly before: NetworkContext;
  /** The collation and backing events of this block, in order, and the network right after them. */
  readonly events: readonly NetworkEvent[];
  readonly afterCollations: NetworkContext;
  readonly after: NetworkContext;
  readonly authored: AuthoredBlock;
  readonly relay: StepView;
}

export interface NodeInvariant {
  readonly id: string;
  readonly name: string;
  readonly statement: string;
  readonly rules: readonly string[];
  readonly check: (v: NetView) => string | null;
}

export interface NodeWitness {
  readonly id: string;
  readonly name: string;
  readonly statement: string;
  readonly applies: (p: ModelParams) => boolean;
  readonly check: (v: NetView) => string | null;
}

export interface NetRunResult {
  readonly steps: readonly NetView[];
  readonly final: MachineState<NetworkContext>;
  readonly violation: Violation | null;
  readonly witnessed: ReadonlyMap<string, Violation>;
}

export interface NetRunOptions {
  readonly relayInvariants?: readonly Invariant[];
  readonly nodeInvariants?: readonly NodeInvariant[];
  readonly witnesses?: readonly NodeWitness[];
}

export function runNetwork(params: ModelParams, schedule: NetSchedule, opts: NetRunOptions = {}): NetRunResult {
  const relayInvariants = opts.relayInvariants ?? RELAY_INVARIANTS;
  const nodeInvariants = opts.nodeInvariants ?? [];
  const witnesses = opts.witnesses ?? [];
  let state = initialNetwork(params);
  let tip: Hash = state.context.relay.genesis;
  const ghosts = new Map<Hash, Ghost>([[tip, EMPTY_GHOST]]);
  const steps: NetView[] = [];
  const witnessed = new Map<string, Violation>();
  let violation: Violation | null = null;
  for (let i = 0; i < schedule.blocks.length && violation === null; i++) {
    const choice = schedule.blocks[i]!;
    const before = state.context;
    let authored: AuthoredBlock | null = null;
    const events: NetworkEvent[] = [];
    let afterCollations = before;
    try {
      for (const [pi, pc] of choice.paras.entries()) {
        for (const col of pc.collations)
          for (const e of collationEvents(state.context, tip, pi, col)) {
            events.push(e);
            state = stepNetwork(state, e);
          }
        for (const e of lateBackingEvents(state.context, pi, pc.lateBacking)) {
          events.push(e);
          state = stepNetwork(state, e);
        }
      }
      afterCollations = state.context;
      authored = authorBlock(state.context, tip, choice, i);
      state = stepNetwork(state, { type: 'RELAY_BLOCK', block: authored.block });
    } catch (e) {
      // A machine refusing what the rules did is a violation (N-04), not a crash.
      if (!(e instanceof RejectedEvent || e instanceof InvalidNetworkEvent)) throw e;
      violation = { property: 'N-04', name: 'lifecyclesMatchChains', message: e.message, step: i, blockNumber: (state.context.relay.blocks[tip]?.number ?? 0) + 1 };
      break;
    }
    const relay = state.context.relay;
    const node = relay.blocks[authored.block.hash]!;
    const parent = relay.blocks[authored.block.parent]!;
    tip = node.hash;
    const intents = authored.block.inherent.backedCandidates.map((b) => ({
      hash: b.candidate.hash,
      paraId: b.candidate.descriptor.paraId,
      kind: 'honest' as const,
      builtOn: state.context.collations[b.candidate.hash]!.pvd.parentHead,
    }));
    const decoded: DecodedBlock = { block: authored.block, intents, fair: false };
    const ghost = ghosts.get(parent.hash)!;
    ghosts.set(node.hash, nextGhost(ghost, node, decoded));
    const view: NetView = { params, before, events, afterCollations, after: state.context, authored, relay: { params, ctx: relay, parent, node, ghost, decoded } };
    steps.push(view);
    for (const w of witnesses) {
      if (witnessed.has(w.id)) continue;
      const m = w.check(view);
      if (m !== null) witnessed.set(w.id, { property: w.id, name: w.name, message: m, step: i, blockNumber: node.number });
    }
    for (const inv of relayInvariants) {
      const m = inv.check(view.relay);
      if (m !== null) {
        violation = { property: inv.id, name: inv.name, message: m, step: i, blockNumber: node.number };
        break;
      }
    }
    if (violation) break;
    for (const inv of nodeInvariants) {
      const m = inv.check(view);
      if (m !== null) {
        violation = { property: inv.id, name: inv.name, message: m, step: i, blockNumber: node.number };
        break;
      }
    }
  }
  return { steps, final: state, violation, witnessed };
}
