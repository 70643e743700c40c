/**
 * Traces out: random (or given) schedules run through the spec and written down as oracle events,
 * each step with the verdict and projection the oracle gives. Three sources, all deterministic from
 * the seed:
 * - `pipeline`: the whole pipeline (properties/pipeline/harness.ts): collators build parachain
 *   blocks on each new leaf, their collations are seconded and backed, the honest provisioner authors
 *   each relay block; faults per slot (collators offline or late, backing slow, censoring,
 *   availability failing, forks, session changes).
 * - `network`: relay chain and prospective parachains with honest and adversarial collations
 *   (properties/network/schedule.ts): the node's refusals (`RelayParentNotInScope`, `Cycle`, …).
 * - `relay`: relay-level schedules (properties/schedule.ts) whose block authors put adversarial
 *   candidates on chain (old, backwards or foreign relay parents, wrong parent head, under-backed, on
 *   the wrong core, …): the runtime's refusals. Each candidate is first introduced by a `collation`
 *   event (with the PVD it was built for), as the oracle requires.
 *
 * The events are taken from what the harnesses stepped, then replayed through the oracle (which is
 * the same machines): `test/oracle/simulate.test.ts` checks the replay ends in the state the run did.
 */
import fc from 'fast-check';
import { presetParams, type ModelParams } from '../spec/params.ts';
import type { NetworkEvent } from '../machines/network.ts';
import type { RelayBlockInput } from '../machines/relayChain.ts';
import { runPipeline, pipelineScheduleArb, type PipelineMix } from '../properties/pipeline/harness.ts';
import { runNetwork } from '../properties/network/harness.ts';
import { netScheduleArb } from '../properties/network/schedule.ts';
import { runSchedule } from '../properties/harness.ts';
import { scheduleArb, type Mix } from '../properties/schedule.ts';
import type { CollationEvent, OracleEvent, RelayBlockEvent } from './events.ts';
import { Oracle, type Verdict } from './oracle.ts';
import type { Projection } from './projection.ts';

export const SOURCES = ['pipeline', 'network', 'relay'] as const;
export type Source = (typeof SOURCES)[number];

/** One step of a trace: the event, and what the oracle says of it. */
export interface TraceStep {
  readonly event: OracleEvent;
  readonly verdict: Verdict;
  readonly state: Projection;
}

export interface Trace {
  readonly params: ModelParams;
  /** How it was made (recorded in the files written). */
  readonly origin: { readonly source: Source | 'given'; readonly seed?: number; readonly run?: number; readonly blocks?: number; readonly mix?: string };
  readonly initial: Projection;
  readonly steps: readonly TraceStep[];
}

export function relayBlockEvent(b: RelayBlockInput): RelayBlockEvent {
  const i = b.inherent;
  return {
    type: 'relayBlock',
    hash: b.hash,
    parent: b.parent,
    storageRoot: b.storageRoot,
    ...(b.endsSession ? { endsSession: true } : {}),
    bitfields: i.bitfields.map((x) => ({ validator: x.validator, cores: [...x.cores] })),
    backed: i.backedCandidates.map((x) => ({ candidate: x.candidate.hash, votes: [...x.validityVotes] })),
    ...(i.disputesConcludedInvalid.length ? { disputesConcludedInvalid: [...i.disputesConcludedInvalid] } : {}),
    ...(i.downwardMessages?.length ? { downwardMessages: [...i.downwardMessages] } : {}),
  };
}

export function networkEvent(e: NetworkEvent): OracleEvent {
  switch (e.type) {
    case 'COLLATION':
      return { type: 'collation', candidate: e.candidate, pvd: e.pvd };
    case 'BACKING_VOTES':
      return { type: 'backingVotes', candidate: e.candidateHash, votes: [...e.votes] };
    case 'RELAY_BLOCK':
      return relayBlockEvent(e.block);
  }
}

/** Replays events through a fresh oracle; every step with its verdict and projection. */
export function traceOf(params: ModelParams, events: readonly OracleEvent[], origin: Trace['origin']): Trace {
  const oracle = new Oracle(params);
  const initial = oracle.state;
  const steps = events.map((event) => {
    const r = oracle.apply(event);
    return { event, verdict: r.verdict, state: r.state };
  });
  return { params, origin, initial, steps };
}

/** The pipeline's own record of each slot (PipelineContext.lastSlot), as oracle events. */
function pipelineEvents(params: ModelParams, slots: number, seed: number, run: number, mix: PipelineMix | 'any'): OracleEvent[] {
  const schedule = fc.sample(pipelineScheduleArb(params, slots, mix), { seed, numRuns: run + 1 })[run]!;
  const r = runPipeline(params, schedule, { relayInvariants: [] });
  const out: OracleEvent[] = [];
  for (const step of r.steps)
    for (const entry of step.lastSlot) {
      if (entry.kind === 'network') out.push(networkEvent(entry.event));
      else {
        const b = step.collatorsAfter[entry.para]!.context.blocks[entry.hash]!;
        out.push({ type: 'parachainBlock', para: entry.para, hash: b.hash, parent: b.parent!, relayParent: b.relayParent, relaySlot: b.relaySlot, paraSlot: b.paraSlot, includedHead: b.includedHead });
      }
    }
  return out;
}

function networkEvents(params: ModelParams, blocks: number, seed: number, run: number): OracleEvent[] {
  const schedule = fc.sample(netScheduleArb(params, blocks), { seed, numRuns: run + 1 })[run]!;
  const r = runNetwork(params, schedule, { relayInvariants: [] });
  const out: OracleEvent[] = [];
  for (const step of r.steps) {
    for (const e of step.events) out.push(networkEvent(e));
    out.push(relayBlockEvent(step.authored.block));
  }
  return out;
}

function relayEvents(params: ModelParams, blocks: number, seed: number, run: number, mix: Mix | undefined): OracleEvent[] {
  const schedule = fc.sample(scheduleArb(params, { blocks }, mix ? [mix] : undefined), { seed, numRuns: run + 1 })[run]!;
  const r = runSchedule(params, schedule, { invariants: [] });
  const out: OracleEvent[] = [];
  const introduced = new Set<string>();
  for (const step of r.steps) {
    const block = step.decoded.block;
    for (const b of block.inherent.backedCandidates) {
      if (introduced.has(b.candidate.hash)) continue;
      introduced.add(b.candidate.hash);
      const intent = step.decoded.intents.find((x) => x.hash === b.candidate.hash);
      const rp = step.ctx.blocks[b.candidate.descriptor.relayParent];
      const c: CollationEvent = {
        type: 'collation',
        candidate: b.candidate,
        pvd: {
          parentHead: intent?.builtOn ?? b.candidate.commitments.headData,
          relayParentNumber: rp?.number ?? 0,
          relayParentStorageRoot: rp?.storageRoot ?? b.candidate.descriptor.relayParent,
          maxPovSize: params.maxPovSize,
        },
      };
      out.push(c);
    }
    out.push(relayBlockEvent(block));
  }
  return out;
}

export interface SimulateOptions {
  readonly source: Source;
  readonly seed: number;
  /** Which run of the seed (runs are numbered from 0; run k is the k-th schedule fast-check draws). */
  readonly run: number;
  /** Relay blocks (slots) per run. */
  readonly blocks: number;
  /** For `pipeline`: honest, faulty, outage or any; for `relay`: honest, faulty, adversarial or outage. */
  readonly mix?: string;
}

/** One simulated trace. */
export function simulate(params: ModelParams, o: SimulateOptions): Trace {
  const events =
    o.source === 'pipeline'
      ? pipelineEvents(params, o.blocks, o.seed, o.run, (o.mix as PipelineMix | undefined) ?? 'any')
      : o.source === 'network'
        ? networkEvents(params, o.blocks, o.seed, o.run)
        : relayEvents(params, o.blocks, o.seed, o.run, o.mix as Mix | undefined);
  return traceOf(params, events, { source: o.source, seed: o.seed, run: o.run, blocks: o.blocks, ...(o.mix ? { mix: o.mix } : {}) });
}

export { presetParams };
