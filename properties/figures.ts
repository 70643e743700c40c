/**
 * The headline figures of asynchronous backing, reproduced: parablock time and throughput measured by
 * simulating the whole pipeline on honest schedules, and the authoring time a collator gets per block
 * derived from a timing model (never taken as an input), beside the published numbers.
 *
 * Timing model (all durations in ms; each value says where it comes from):
 * - relay slot: 6000 (RELAY_CHAIN_SLOT_DURATION_MILLIS);
 * - backing execution timeout: 2000 (DEFAULT_BACKING_EXECUTION_TIMEOUT, polkadot/primitives
 *   executor_params.rs): validators re-execute a block within it, so no block may take longer;
 * - network delay per gossip hop: 1000 (modelling choice);
 * - relay block production: 2000 (modelling choice: the part of its slot the relay block author
 *   spends proposing, so backed candidates must reach it that much before the slot ends).
 *
 * Synchronous backing: a collation on relay parent R must be backed before the author of R+1
 * proposes. In one relay slot: the leaf reaches the collator (one hop), it authors (e), the
 * collation reaches the backing group (one hop), the group re-executes it (e), statements reach the
 * block author (one hop), who needs its production time. So 2e + 3·hop + production ≤ slot.
 * Asynchronous backing: the collation may be backed in any later block while its relay parent is in
 * scope, so the relay slot no longer bounds it; only the re-execution timeout and the parachain
 * slot (one block per para slot per core, after the leaf arrives) do: e ≤ min(timeout, paraSlot − hop).
 */
import fc from 'fast-check';
import { coresOf, presetParams, type ModelParams } from '../spec/params.ts';
import { parachainParamsFor } from '../machines/pipeline.ts';
import { pipelineScheduleArb, runPipeline, type PipeView } from './pipeline/harness.ts';
import { backingDelaySlots } from '../machines/pipeline.ts';

export interface TimingModel {
  readonly relaySlotMs: number;
  readonly backingTimeoutMs: number;
  readonly networkHopMs: number;
  readonly relayBlockProductionMs: number;
}

export const TIMING: TimingModel = { relaySlotMs: 6000, backingTimeoutMs: 2000, networkHopMs: 1000, relayBlockProductionMs: 2000 };

/** The longest a collator may spend authoring one parablock under the timing model. */
export function authoringBudgetMs(t: TimingModel, synchronous: boolean, paraSlotMs: number): number {
  if (synchronous) return Math.max(0, Math.min(t.backingTimeoutMs, (t.relaySlotMs - t.relayBlockProductionMs - 3 * t.networkHopMs) / 2));
  return Math.max(0, Math.min(t.backingTimeoutMs, paraSlotMs - t.networkHopMs));
}

export interface PresetFigures {
  readonly preset: string;
  readonly cores: number;
  /** Relay blocks per included parablock, in the steady state of honest runs. */
  readonly blocksPerParablock: number;
  readonly parablockTimeMs: number;
  readonly authoringMs: number;
  /** Authoring time per second of wall time: the blockspace a para gets. */
  readonly blockspacePerSecond: number;
  /** From the relay parent the collator built on to the block that included it, on average. */
  readonly collationToInclusionMs: number;
  /** Relay slots a collation waits for its backing votes to reach a block author (timing model). */
  readonly backingDelaySlots: number;
}

/** Measures one preset's figures for its first para on honest schedules (steady state after warm-up). */
export function measureFigures(name: string, params: ModelParams = presetParams(name), runs = 5, slots = 40, warmup = 10): PresetFigures {
  const para = params.paras[0]!.id;
  const pp = parachainParamsFor(params, para);
  let included = 0;
  let measured = 0;
  let latency = 0;
  for (const schedule of fc.sample(pipelineScheduleArb(params, slots, 'honest'), { numRuns: runs, seed: 1 })) {
    const run = runPipeline(params, schedule, { relayInvariants: [] });
    if (run.violation) throw new Error(`${name}: ${run.violation.property}: ${run.violation.message}`);
    for (const s of run.steps.slice(warmup)) {
      measured++;
      for (const c of s.net.relay.node.outcome.enacted.filter((x) => x.paraId === para)) {
        included++;
        latency += (s.net.relay.node.number - c.relayParentNumber) * TIMING.relaySlotMs;
      }
    }
  }
  const blocksPerParablock = measured / included;
  const parablockTimeMs = blocksPerParablock * TIMING.relaySlotMs;
  const synchronous = params.asyncBacking.allowedAncestryLen === 0;
  const authoringMs = authoringBudgetMs(TIMING, synchronous, pp.paraSlotDurationMs);
  return {
    preset: name,
    cores: coresOf(params, para).length,
    blocksPerParablock,
    parablockTimeMs,
    authoringMs,
    blockspacePerSecond: authoringMs / parablockTimeMs,
    collationToInclusionMs: latency / included,
    backingDelaySlots: backingDelaySlots(TIMING, authoringMs),
  };
}

/** The published expectations (RULES.md §4, from the Polkadot wiki's async-backing page). */
export const PUBLISHED = {
  parablockTimeMs: { sync: 12000, async: 6000 },
  authoringMs: { sync: 500, async: 2000 },
  blockspaceRatio: '6–10×',
} as const;

/** When a parablock was authored, backed, put on chain and included, in ms from genesis. */
export interface ParablockTimes {
  readonly candidate: string;
  readonly para: number;
  readonly relayParentNumber: number;
  readonly authoredAtMs: number;
  readonly backedAtMs: number;
  readonly pendingAtMs: number;
  readonly includedAtMs: number;
}

/**
 * The timeline of every included parablock of a pipeline run under the timing model: relay block N
 * is produced at N·slot; the collator hears of its relay parent one hop later and authors for
 * `authoringMs`; one hop to the backing group, `authoringMs` of re-execution, one hop for the
 * statements; then the block that put it on chain and the block that included it.
 */
export function parablockTimes(steps: readonly PipeView[], t: TimingModel, authoringMs: (para: number) => number): ParablockTimes[] {
  const backedIn = new Map<string, number>();
  const out: ParablockTimes[] = [];
  for (const s of steps) {
    const n = s.net.relay.node;
    for (const v of n.outcome.verdicts) if (v.accepted && !backedIn.has(v.hash)) backedIn.set(v.hash, n.number);
    for (const c of n.outcome.enacted) {
      const e = authoringMs(c.paraId);
      const authoredAtMs = c.relayParentNumber * t.relaySlotMs + t.networkHopMs + e;
      out.push({
        candidate: c.hash,
        para: c.paraId,
        relayParentNumber: c.relayParentNumber,
        authoredAtMs,
        backedAtMs: authoredAtMs + t.networkHopMs + e + t.networkHopMs,
        pendingAtMs: (backedIn.get(c.hash) ?? c.backedInNumber) * t.relaySlotMs,
        includedAtMs: n.number * t.relaySlotMs,
      });
    }
  }
  return out;
}
