/**
 * Runs the whole pipeline (part 3): per relay slot, the provisioner authors the block on the current
 * tip, the block is imported, and the collators build on it. Faults per slot: availability, forks,
 * session changes, collators offline, backing groups too slow. Every relay invariant, node invariant
 * and pipeline invariant is checked after every slot.
 */
import fc from 'fast-check';
import type { ModelParams } from '../../spec/params.ts';
import type { Hash, ParaId } from '../../spec/types.ts';
import type { MachineState } from '../../machines/engine.ts';
import type { CollatorContext } from '../../machines/collator.ts';
import { initialPipeline, stepPipeline, type PipelineContext, type ParaFaults } from '../../machines/pipeline.ts';
import { EMPTY_GHOST, nextGhost, type Ghost } from '../projection.ts';
import { RELAY_INVARIANTS, type Invariant } from '../invariants.ts';
import type { Violation } from '../harness.ts';
import type { NetView, NodeInvariant, NodeWitness } from '../network/harness.ts';
import { authorBlock } from '../network/author.ts';
import { AVAILABILITY_LEVELS, type AvailabilityLevel } from '../schedule.ts';
import { authoringBudgetMs, TIMING } from '../figures.ts';
import { parachainParamsFor } from '../../machines/pipeline.ts';

/** The model's timing: backing delays follow from the derived authoring time of each para. */
export function defaultTiming(params: ModelParams): NonNullable<Parameters<typeof initialPipeline>[1]> {
  return {
    slot: TIMING,
    authoringMs: (para) => authoringBudgetMs(TIMING, params.asyncBacking.allowedAncestryLen === 0, parachainParamsFor(params, para).paraSlotDurationMs),
  };
}

export interface PipelineSlotChoice {
  readonly forkBack: number;
  readonly endsSession: boolean;
  readonly paras: readonly {
    readonly availability: readonly AvailabilityLevel[];
    readonly collatorOnline: boolean;
    readonly backingInTime: boolean;
    /** The block author leaves this para's backable candidates out (censoring). */
    readonly censored?: boolean;
    /** The collator's collations reach the validators a relay slot late. */
    readonly collatorLate?: boolean;
  }[];
}

export interface PipelineSchedule {
  readonly slots: readonly PipelineSlotChoice[];
}

/**
 * honest: everything works; faulty: every fault now and then; outage: availability fails for a
 * stretch (so candidates time out), then everything works again (for the end-to-end re-proposal).
 */
export type PipelineMix = 'honest' | 'faulty' | 'outage';

export function pipelineScheduleArb(params: ModelParams, slots: number, mix: PipelineMix | 'any' = 'any'): fc.Arbitrary<PipelineSchedule> {
  const rare = (p: number) => fc.noBias(fc.integer({ min: 0, max: 999 })).map((x) => x >= 1000 - p * 10);
  const one = (m: PipelineMix): fc.Arbitrary<PipelineSchedule> => {
    if (m === 'outage')
      return fc.record({ from: fc.integer({ min: 1, max: 8 }), length: fc.integer({ min: params.scheduler.parasAvailabilityPeriod + 1, max: params.scheduler.groupRotationFrequency + params.scheduler.parasAvailabilityPeriod + 2 }) }).map(({ from, length }) => ({
        slots: Array.from({ length: slots }, (_, i) => ({
          forkBack: 0,
          endsSession: false,
          paras: params.paras.map(() => ({ availability: [i >= from && i < from + length ? ('none' as const) : ('all' as const)], collatorOnline: true, backingInTime: true })),
        })),
      }));
    return fc.record({
      slots: fc.array(
        fc.record({
          forkBack: m === 'honest' ? fc.constant(0) : fc.oneof({ arbitrary: fc.constant(0), weight: 24 }, { arbitrary: fc.integer({ min: 1, max: 2 }), weight: 1 }),
          endsSession: m === 'honest' ? fc.constant(false) : rare(2),
          paras: fc.tuple(
            ...params.paras.map(() =>
              fc.record({
                availability:
                  m === 'honest'
                    ? fc.constant<AvailabilityLevel[]>(['all'])
                    : fc.array(fc.oneof({ arbitrary: fc.constant<AvailabilityLevel>('all'), weight: 7 }, { arbitrary: fc.constantFrom(...AVAILABILITY_LEVELS), weight: 3 }), { minLength: 1, maxLength: 3 }),
                collatorOnline: m === 'honest' ? fc.constant(true) : fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }),
                backingInTime: m === 'honest' ? fc.constant(true) : fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }),
                censored: m === 'honest' ? fc.constant(false) : rare(5),
                collatorLate: m === 'honest' ? fc.constant(false) : rare(5),
              }),
            ),
          ),
        }),
        { minLength: slots, maxLength: slots },
      ),
    });
  };
  return mix === 'any' ? fc.constantFrom<PipelineMix>('honest', 'faulty', 'outage').chain(one) : one(mix);
}

/** One relay slot of a pipeline run. */
export interface PipeView {
  readonly net: NetView;
  readonly collatorsBefore: Readonly<Record<ParaId, MachineState<CollatorContext>>>;
  readonly collatorsAfter: Readonly<Record<ParaId, MachineState<CollatorContext>>>;
  /** What the slot did, in order (the pipeline's record: network events and parachain blocks built). */
  readonly lastSlot: PipelineContext['lastSlot'];
}

export interface PipelineInvariant {
  readonly id: string;
  readonly name: string;
  readonly statement: string;
  readonly rules: readonly string[];
  readonly check: (v: PipeView) => string | null;
}

export interface PipelineRunResult {
  readonly steps: readonly PipeView[];
  readonly final: MachineState<PipelineContext>;
  readonly violation: Violation | null;
  readonly witnessed: ReadonlyMap<string, Violation>;
}

export function runPipeline(
  params: ModelParams,
  schedule: PipelineSchedule,
  opts: {
    relayInvariants?: readonly Invariant[];
    nodeInvariants?: readonly NodeInvariant[];
    invariants?: readonly PipelineInvariant[];
    witnesses?: readonly (NodeWitness | PipelineInvariant)[];
    /**
     * Time within a slot: with `defaultTiming(params)`, backing votes take as long as the timing model
     * says (a slot or more under async backing), and the block author's view hears of a collation
     * with its votes (machines/pipeline.ts). Default: backing completes within the slot. Both keep
     * the same cadences (test/pipeline/pipeline.test.ts, "settled finding").
     */
    timing?: Parameters<typeof initialPipeline>[1];
  } = {},
): PipelineRunResult {
  let state = initialPipeline(params, opts.timing);
  let tip: Hash = state.context.network.relay.genesis;
  const ghosts = new Map<Hash, Ghost>([[tip, EMPTY_GHOST]]);
  const steps: PipeView[] = [];
  const witnessed = new Map<string, Violation>();
  let violation: Violation | null = null;
  for (let i = 0; i < schedule.slots.length && !violation; i++) {
    const choice = schedule.slots[i]!;
    const before = state.context;
    const proposed = authorBlock(before.network, tip, { forkBack: choice.forkBack, endsSession: choice.endsSession, paras: choice.paras.map((p) => ({ availability: p.availability, collations: [], lateBacking: null })) }, i);
    // Censoring: the author leaves a para's candidates out of its block (the node offered them).
    const censored = new Set(params.paras.filter((_, pi) => choice.paras[pi]!.censored).map((p) => p.id));
    const authored =
      censored.size === 0
        ? proposed
        : {
            ...proposed,
            offered: Object.fromEntries(Object.entries(proposed.offered).filter(([para]) => !censored.has(Number(para)))),
            block: { ...proposed.block, inherent: { ...proposed.block.inherent, backedCandidates: proposed.block.inherent.backedCandidates.filter((b) => !censored.has(b.candidate.descriptor.paraId)) } },
          };
    const faults: Record<ParaId, ParaFaults> = {};
    params.paras.forEach((p, pi) => (faults[p.id] = { collatorOnline: choice.paras[pi]!.collatorOnline, backingInTime: choice.paras[pi]!.backingInTime, collatorLate: choice.paras[pi]!.collatorLate ?? false }));
    state = stepPipeline(state, { block: authored.block, faults });
    const relay = state.context.network.relay;
    const node = relay.blocks[authored.block.hash]!;
    const parent = relay.blocks[authored.block.parent]!;
    tip = node.hash;
    const intents = authored.block.inherent.backedCandidates.map((b) => ({ hash: b.candidate.hash, paraId: b.candidate.descriptor.paraId, kind: 'honest' as const, builtOn: state.context.network.collations[b.candidate.hash]?.pvd.parentHead ?? '' }));
    const decoded = { block: authored.block, intents, fair: false };
    const ghost = ghosts.get(parent.hash)!;
    ghosts.set(node.hash, nextGhost(ghost, node, decoded));
    const net: NetView = { params, before: before.network, events: [], afterCollations: state.context.network, after: state.context.network, authored, relay: { params, ctx: relay, parent, node, ghost, decoded } };
    const view: PipeView = { net, collatorsBefore: before.collators, collatorsAfter: state.context.collators, lastSlot: state.context.lastSlot };
    steps.push(view);
    for (const w of opts.witnesses ?? []) {
      if (witnessed.has(w.id)) continue;
      const m = 'applies' in w ? w.check(net) : w.check(view);
      if (m !== null) witnessed.set(w.id, { property: w.id, name: w.name, message: m, step: i, blockNumber: node.number });
    }
    const checks: [string, string, () => string | null][] = [
      ...(opts.relayInvariants ?? RELAY_INVARIANTS).map((inv) => [inv.id, inv.name, () => inv.check(net.relay)] as [string, string, () => string | null]),
      ...(opts.nodeInvariants ?? []).map((inv) => [inv.id, inv.name, () => inv.check(net)] as [string, string, () => string | null]),
      ...(opts.invariants ?? []).map((inv) => [inv.id, inv.name, () => inv.check(view)] as [string, string, () => string | null]),
    ];
    for (const [id, name, check] of checks) {
      const m = check();
      if (m !== null) {
        violation = { property: id, name, message: m, step: i, blockNumber: node.number };
        break;
      }
    }
  }
  return { steps, final: state, violation, witnessed };
}
