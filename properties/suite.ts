/**
 * The property suite: every invariant, witness and liveness property over random schedules, for one
 * or more presets. Used by the command-line `verify` and by the tests, so both run the same thing.
 *
 * Per preset:
 * 1. `runs` random schedules of `blocks` relay blocks (honest, faulty and adversarial mixes), every
 *    invariant checked after every block; a violation is shrunk by fast-check to a small schedule.
 *    Witnesses are watched in the same runs: each must be found (its run index is its replay path).
 * 2. L-01 re-proposal over outage-then-fair schedules with the bound of properties/liveness.ts; it
 *    must hold and must be exercised (a timeout followed by a fair window) at least once.
 * 3. L-01-tight: the same with the bound minus one must fail on some schedule.
 */
import fc from 'fast-check';
import type { ModelParams } from '../spec/params.ts';
import { runSchedule, type RunResult, type Violation } from './harness.ts';
import { RELAY_INVARIANTS } from './invariants.ts';
import { checkReproposal, reproposalBound } from './liveness.ts';
import { livenessScheduleArb, scheduleArb, type Schedule } from './schedule.ts';
import { WITNESSES } from './witnesses.ts';
import { runNetwork, type NetRunResult } from './network/harness.ts';
import { NODE_INVARIANTS, NODE_WITNESSES } from './network/invariants.ts';
import { netScheduleArb, type NetSchedule } from './network/schedule.ts';
import { pipelineScheduleArb, runPipeline } from './pipeline/harness.ts';
import { PIPELINE_INVARIANTS, PIPELINE_WITNESSES } from './pipeline/invariants.ts';
import { coresOf } from '../spec/params.ts';

export type Outcome = 'passed' | 'violated' | 'witnessed' | 'not witnessed' | 'vacuous' | 'not applicable';

export interface PropertyRow {
  readonly id: string;
  readonly name: string;
  readonly kind: 'invariant' | 'witness' | 'liveness';
  readonly statement: string;
  readonly preset: string;
  readonly runs: number;
  readonly blocks: number;
  readonly outcome: Outcome;
  /** Whether this outcome is what the suite requires. */
  readonly ok: boolean;
  readonly seed: number;
  /** fast-check path of the counterexample (replay with --seed and --path). */
  readonly path?: string;
  readonly message?: string;
  readonly counterexample?: { readonly schedule: Schedule; readonly run: RunResult; readonly violation: Violation };
  readonly note?: string;
}

export interface SuiteConfig {
  readonly presets: readonly { readonly name: string; readonly params: ModelParams }[];
  readonly runs: number;
  readonly blocks: number;
  readonly seed: number;
  /** Runs of the liveness properties (default: runs / 4, at least 20). */
  readonly livenessRuns?: number;
  /** Only these property ids (e.g. INV-03, W-01, L-01). */
  readonly only?: readonly string[];
  /** Replay one run: a fast-check path (needs `only` with one property). */
  readonly path?: string;
  readonly onProgress?: (label: string, done: number, total: number) => void;
  /** Shrink counterexamples (default true); off for quick yes/no runs such as rule ablation. */
  readonly shrink?: boolean;
  /** Runs and relay blocks of the network (part 2) properties (default: runs, and min(blocks, 40)). */
  readonly networkRuns?: number;
  readonly networkBlocks?: number;
  /** Runs of the pipeline (part 3) properties (default: min(runs, 100)); slots: min(blocks, 30). */
  readonly pipelineRuns?: number;
}

class PropertyFailure extends Error {
  constructor(readonly violation: Violation) {
    super(`${violation.property} ${violation.name}: ${violation.message}`);
  }
}

function wanted(cfg: SuiteConfig, id: string): boolean {
  return !cfg.only || cfg.only.includes(id);
}

function counterexampleOf(details: fc.RunDetails<[Schedule]>, rerun: (s: Schedule) => RunResult, pick: (r: RunResult) => Violation | null) {
  const schedule = details.counterexample![0];
  const run = rerun(schedule);
  const violation = pick(run)!;
  return { schedule, run, violation };
}

/** Invariants and witnesses over random schedules of one preset. */
function randomRuns(cfg: SuiteConfig, name: string, params: ModelParams): PropertyRow[] {
  const rows: PropertyRow[] = [];
  const invariants = RELAY_INVARIANTS.filter((i) => wanted(cfg, i.id));
  const witnesses = WITNESSES.filter((w) => wanted(cfg, w.id) && w.applies(params));
  if (invariants.length === 0 && witnesses.length === 0) return rows;
  const found = new Map<string, { violation: Violation; runIndex: number }>();
  let blocks = 0;
  let runIndex = 0;
  let shrinking = false;
  const arb = scheduleArb(params, { blocks: cfg.blocks });
  const details = fc.check(
    fc.property(arb, (schedule) => {
      const r = runSchedule(params, schedule, { invariants, witnesses: shrinking ? [] : witnesses });
      blocks += r.steps.length;
      if (!shrinking) {
        for (const [id, v] of r.witnessed) if (!found.has(id)) found.set(id, { violation: v, runIndex });
        runIndex++;
        cfg.onProgress?.(`${name}: invariants`, runIndex, cfg.runs);
      }
      if (r.violation) {
        shrinking = true;
        throw new PropertyFailure(r.violation);
      }
      return true;
    }),
    { seed: cfg.seed, numRuns: cfg.runs, endOnFailure: cfg.shrink === false, ...(cfg.path ? { path: cfg.path } : {}) },
  );
  const runs = details.numRuns;
  const cx = details.failed ? counterexampleOf(details, (s) => runSchedule(params, s, { invariants }), (r) => r.violation) : undefined;
  for (const inv of invariants) {
    const failed = cx?.violation.property === inv.id;
    rows.push({
      id: inv.id,
      name: inv.name,
      kind: 'invariant',
      statement: inv.statement,
      preset: name,
      runs,
      blocks,
      outcome: failed ? 'violated' : 'passed',
      ok: !failed,
      seed: cfg.seed,
      ...(failed ? { path: details.counterexamplePath ?? undefined, message: cx!.violation.message, counterexample: cx } : {}),
      ...(cx && !failed ? { note: `checked until ${cx.violation.property} failed` } : {}),
    });
  }
  for (const w of WITNESSES.filter((x) => wanted(cfg, x.id))) {
    if (!w.applies(params)) {
      rows.push({ id: w.id, name: w.name, kind: 'witness', statement: w.statement, preset: name, runs: 0, blocks: 0, outcome: 'not applicable', ok: true, seed: cfg.seed });
      continue;
    }
    const f = found.get(w.id);
    let counterexample: PropertyRow['counterexample'];
    if (f) {
      // Replay exactly that run to show the trace up to the witness.
      const replay = fc.check(fc.property(arb, (_s: Schedule) => false), { seed: cfg.seed, path: String(f.runIndex), numRuns: 1, endOnFailure: true });
      const schedule = replay.counterexample![0] as Schedule;
      const run = runSchedule(params, schedule, { invariants: [], witnesses: [w] });
      counterexample = { schedule, run, violation: run.witnessed.get(w.id)! };
    }
    rows.push({
      id: w.id,
      name: w.name,
      kind: 'witness',
      statement: w.statement,
      preset: name,
      runs,
      blocks,
      outcome: f ? 'witnessed' : 'not witnessed',
      ok: !!f,
      seed: cfg.seed,
      ...(f ? { path: String(f.runIndex), message: f.violation.message, counterexample } : {}),
    });
  }
  return rows;
}

/** L-01 with bound K, or (tight) with K - 1, over outage-then-fair schedules. */
function livenessRun(cfg: SuiteConfig, name: string, params: ModelParams, tight: boolean): PropertyRow | null {
  const id = tight ? 'L-01-tight' : 'L-01';
  if (!wanted(cfg, id)) return null;
  const bound = reproposalBound(params) - (tight ? 1 : 0);
  const horizon = Math.max(cfg.blocks, params.scheduler.groupRotationFrequency + 2 * params.scheduler.parasAvailabilityPeriod + 8);
  const runs = cfg.livenessRuns ?? Math.max(20, Math.floor(cfg.runs / 4));
  let blocks = 0;
  let exercised = 0;
  let done = 0;
  let shrinking = false;
  const check = (s: Schedule) => {
    const r = runSchedule(params, s, { invariants: RELAY_INVARIANTS });
    const l = checkReproposal(r.steps, bound);
    return { r, l };
  };
  const arb = livenessScheduleArb(params, horizon);
  const details = fc.check(
    fc.property(arb, (s) => {
      const { r, l } = check(s);
      blocks += r.steps.length;
      if (!shrinking) {
        exercised += l.exercised;
        cfg.onProgress?.(`${name}: ${id}`, ++done, runs);
      }
      if (r.violation) {
        shrinking = true;
        throw new PropertyFailure(r.violation);
      }
      if (l.violation) {
        shrinking = true;
        throw new PropertyFailure({ property: id, name: 'reproposal', message: l.violation.message, step: l.violation.checkedAt, blockNumber: l.violation.checkedAt });
      }
      return true;
    }),
    { seed: cfg.seed, numRuns: runs, endOnFailure: tight || cfg.shrink === false, ...(cfg.path ? { path: cfg.path } : {}) },
  );
  const statement = tight
    ? `With the bound lowered to ${bound} blocks, the re-proposal property must fail on some schedule (the bound is tight).`
    : `After a timeout, if the next ${bound} blocks are fair (properties/liveness.ts), the para head has moved by then.`;
  let counterexample: PropertyRow['counterexample'];
  let message: string | undefined;
  if (details.failed) {
    const schedule = details.counterexample![0];
    const { r, l } = check(schedule);
    const v: Violation = r.violation ?? { property: id, name: 'reproposal', message: l.violation!.message, step: r.steps.findIndex((x) => x.node.number === l.violation!.checkedAt), blockNumber: l.violation!.checkedAt };
    counterexample = { schedule, run: r, violation: v };
    message = v.message;
  }
  const base = { id, name: tight ? 'reproposalBoundIsTight' : 'reproposalWithinBound', kind: 'liveness' as const, statement, preset: name, runs: details.numRuns, blocks, seed: cfg.seed };
  if (tight)
    return { ...base, outcome: details.failed ? 'witnessed' : 'not witnessed', ok: details.failed, ...(details.failed ? { path: details.counterexamplePath ?? undefined, message, counterexample } : {}) };
  if (details.failed) return { ...base, outcome: 'violated', ok: false, path: details.counterexamplePath ?? undefined, message, counterexample };
  if (exercised === 0) return { ...base, outcome: 'vacuous', ok: false, note: 'no timeout was followed by a fair window: the property was never exercised' };
  return { ...base, outcome: 'passed', ok: true, note: `exercised ${exercised} times` };
}

/**
 * The network (part 2): relay chain plus prospective parachains with the honest provisioner as block
 * author. Node invariants (N-01…) and every relay invariant after every block; node witnesses must be
 * found.
 */
function networkRuns(cfg: SuiteConfig, name: string, params: ModelParams): PropertyRow[] {
  const invariants = NODE_INVARIANTS.filter((i) => wanted(cfg, i.id));
  const relayInWanted = wanted(cfg, 'N-RELAY');
  const witnesses = NODE_WITNESSES.filter((w) => wanted(cfg, w.id) && w.applies(params));
  if (invariants.length === 0 && witnesses.length === 0 && !relayInWanted) return [];
  const runs = cfg.networkRuns ?? cfg.runs;
  const blocks = cfg.networkBlocks ?? Math.min(cfg.blocks, 40);
  const found = new Map<string, { violation: Violation; runIndex: number }>();
  let simulated = 0;
  let runIndex = 0;
  let shrinking = false;
  const check = (s: NetSchedule, withWitnesses: boolean) =>
    runNetwork(params, s, { nodeInvariants: invariants, relayInvariants: relayInWanted ? RELAY_INVARIANTS : [], witnesses: withWitnesses ? witnesses : [] });
  const arb = netScheduleArb(params, blocks);
  const details = fc.check(
    fc.property(arb, (schedule) => {
      const r = check(schedule, !shrinking);
      simulated += r.steps.length;
      if (!shrinking) {
        for (const [id, v] of r.witnessed) if (!found.has(id)) found.set(id, { violation: v, runIndex });
        runIndex++;
        cfg.onProgress?.(`${name}: network`, runIndex, runs);
      }
      if (r.violation) {
        shrinking = true;
        throw new PropertyFailure(r.violation);
      }
      return true;
    }),
    { seed: cfg.seed, numRuns: runs, endOnFailure: cfg.shrink === false, ...(cfg.path ? { path: cfg.path } : {}) },
  );
  let violation: Violation | null = null;
  let cxRun: NetRunResult | null = null;
  if (details.failed) {
    cxRun = check(details.counterexample![0], false);
    violation = cxRun.violation;
  }
  const rows: PropertyRow[] = [];
  const cx = (id: string) =>
    violation && cxRun && (violation.property === id || (id === 'N-RELAY' && violation.property.startsWith('INV-')))
      ? { path: details.counterexamplePath ?? undefined, message: `${violation.property} ${violation.name}: ${violation.message}`, counterexample: { schedule: details.counterexample![0] as never, run: { steps: cxRun.steps.map((x) => x.relay), final: { value: 'running', context: cxRun.final.context.relay }, violation, witnessed: new Map() }, violation } }
      : null;
  const all = [...invariants.map((i) => ({ id: i.id, name: i.name, statement: i.statement })), ...(relayInWanted ? [{ id: 'N-RELAY', name: 'relayInvariantsInNetwork', statement: 'Every relay invariant (INV-01…) holds after every block the honest provisioner authors.' }] : [])];
  for (const inv of all) {
    const c = cx(inv.id);
    rows.push({ id: inv.id, name: inv.name, kind: 'invariant', statement: inv.statement, preset: name, runs: details.numRuns, blocks: simulated, outcome: c ? 'violated' : 'passed', ok: !c, seed: cfg.seed, ...(c ?? {}) });
  }
  for (const w of NODE_WITNESSES.filter((x) => wanted(cfg, x.id))) {
    if (!w.applies(params)) {
      rows.push({ id: w.id, name: w.name, kind: 'witness', statement: w.statement, preset: name, runs: 0, blocks: 0, outcome: 'not applicable', ok: true, seed: cfg.seed });
      continue;
    }
    const f = found.get(w.id);
    rows.push({ id: w.id, name: w.name, kind: 'witness', statement: w.statement, preset: name, runs: details.numRuns, blocks: simulated, outcome: f ? 'witnessed' : 'not witnessed', ok: !!f, seed: cfg.seed, ...(f ? { path: String(f.runIndex), message: f.violation.message } : {}) });
  }
  return rows;
}

/**
 * The pipeline (part 3): collators, parachain runtimes, node and relay chain together. Pipeline
 * invariants (P-01…) with every node and relay invariant after every slot; pipeline witnesses.
 */
function pipelineRuns(cfg: SuiteConfig, name: string, params: ModelParams): PropertyRow[] {
  const invariants = PIPELINE_INVARIANTS.filter((i) => wanted(cfg, i.id));
  const witnesses = PIPELINE_WITNESSES.filter((w) => wanted(cfg, w.id));
  if (invariants.length === 0 && witnesses.length === 0) return [];
  const runs = cfg.pipelineRuns ?? Math.min(cfg.runs, 100);
  const slots = Math.min(cfg.blocks, 30);
  const found = new Map<string, { message: string; runIndex: number }>();
  let simulated = 0;
  let runIndex = 0;
  let shrinking = false;
  const details = fc.check(
    fc.property(pipelineScheduleArb(params, slots), (schedule) => {
      const r = runPipeline(params, schedule, { nodeInvariants: NODE_INVARIANTS, invariants, witnesses: shrinking ? [] : witnesses });
      simulated += r.steps.length;
      if (!shrinking) {
        for (const [id, v] of r.witnessed) if (!found.has(id)) found.set(id, { message: v.message, runIndex });
        runIndex++;
        cfg.onProgress?.(`${name}: pipeline`, runIndex, runs);
      }
      if (r.violation) {
        shrinking = true;
        throw new PropertyFailure(r.violation);
      }
      return true;
    }),
    { seed: cfg.seed, numRuns: runs, endOnFailure: cfg.shrink === false, ...(cfg.path ? { path: cfg.path } : {}) },
  );
  const violation = details.failed ? runPipeline(params, details.counterexample![0], { nodeInvariants: NODE_INVARIANTS, invariants }).violation : null;
  const rows: PropertyRow[] = [];
  for (const inv of invariants) {
    const failed = violation?.property === inv.id;
    rows.push({ id: inv.id, name: inv.name, kind: 'invariant', statement: inv.statement, preset: name, runs: details.numRuns, blocks: simulated, outcome: failed ? 'violated' : 'passed', ok: !failed, seed: cfg.seed, ...(failed ? { path: details.counterexamplePath ?? undefined, message: violation!.message } : {}) });
  }
  if (violation && !invariants.some((i) => i.id === violation.property))
    rows.push({ id: violation.property, name: violation.name, kind: 'invariant', statement: 'A node or relay invariant, in the pipeline.', preset: name, runs: details.numRuns, blocks: simulated, outcome: 'violated', ok: false, seed: cfg.seed, path: details.counterexamplePath ?? undefined, message: violation.message });
  for (const w of witnesses) {
    const f = found.get(w.id);
    const applies = !(w.id === 'WP-02' && params.paras.every((p) => coresOf(params, p.id).length < 2));
    if (!applies) {
      rows.push({ id: w.id, name: w.name, kind: 'witness', statement: w.statement, preset: name, runs: 0, blocks: 0, outcome: 'not applicable', ok: true, seed: cfg.seed, note: 'needs a para with two cores' });
      continue;
    }
    rows.push({ id: w.id, name: w.name, kind: 'witness', statement: w.statement, preset: name, runs: details.numRuns, blocks: simulated, outcome: f ? 'witnessed' : 'not witnessed', ok: !!f, seed: cfg.seed, ...(f ? { path: String(f.runIndex), message: f.message } : {}) });
  }
  return rows;
}

export function runSuite(cfg: SuiteConfig): PropertyRow[] {
  const rows: PropertyRow[] = [];
  for (const { name, params } of cfg.presets) {
    rows.push(...randomRuns(cfg, name, params));
    rows.push(...networkRuns(cfg, name, params));
    rows.push(...pipelineRuns(cfg, name, params));
    const l = livenessRun(cfg, name, params, false);
    if (l) rows.push(l);
    const t = livenessRun(cfg, name, params, true);
    if (t) rows.push(t);
  }
  return rows;
}

export function suiteOk(rows: readonly PropertyRow[]): boolean {
  return rows.every((r) => r.ok);
}
