/**
 * `async-backing timeline` and `async-backing report`: pictures and one review page, drawn from what
 * runs.
 *
 * - `timeline` draws a run as an SVG pipeline picture (`properties/timeline.ts`): a relay-level
 *   schedule drawn from a seed (`--mix honest --blocks 30 --seed 1`), a pipeline run (`--source
 *   pipeline`: collators, node and relay chain slot by slot, each parablock from the slot it is built;
 *   `--timing` gives backing the time of the timing model), or a counterexample of the property suite
 *   re-run exactly as `verify --path` replays it (`--property INV-03 --seed 3 --path … --rules-off
 *   RT-02`; a pipeline property, P-… or WP-…, is replayed through the pipeline part of the suite).
 *   With several presets the same schedule is replayed under each, one panel per preset on a common
 *   axis: a relay-level schedule needs the same paras and cores per para (sync and polkadot), a
 *   pipeline schedule the same paras (sync, polkadot and elastic).
 * - `report` writes one self-contained HTML page (inline SVG and CSS, no script, nothing fetched at
 *   view time): the presets with their sources, every machine's diagram, the rule book with source
 *   links at the pinned tag, the property results with seeds, the figures table, and pipeline
 *   pictures: one honest pipeline schedule under sync, polkadot and elastic side by side with the
 *   cadence each measures, an availability outage through the pipeline, and a faulty relay-level
 *   schedule. Everything is pinned (seeds, run counts), so regenerating gives the same bytes.
 */
import { figuresHtml } from './figures.ts';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import fc from 'fast-check';
import type { AnyStateMachine } from 'xstate';
import { withRulesOff } from '../spec/ablation.ts';
import { coresOf, PRESETS, type ModelParams } from '../spec/params.ts';
import { RULE_BOOK, RULES_BY_ID } from '../spec/ruleBook.ts';
import { SDK_TAG, formatSource, sourceUrl } from '../spec/source.ts';
import { runSchedule, type RunResult, type Violation } from '../properties/harness.ts';
import { RELAY_INVARIANTS } from '../properties/invariants.ts';
import { blockChoiceArb, type Mix, type Schedule } from '../properties/schedule.ts';
import { runSuite, suiteOk, type PropertyRow } from '../properties/suite.ts';
import { WITNESSES } from '../properties/witnesses.ts';
import { NODE_INVARIANTS } from '../properties/network/invariants.ts';
import { defaultTiming, pipelineScheduleArb, runPipeline, type PipelineMix, type PipelineRunResult, type PipelineSchedule } from '../properties/pipeline/harness.ts';
import { PIPELINE_INVARIANTS, PIPELINE_WITNESSES } from '../properties/pipeline/invariants.ts';
import { pipelineTimelineOf, pipelineTimelineStats, renderTimeline, timelineOf, timelineStats, type PipelineTimelineData, type TimelinePanel } from '../properties/timeline.ts';
import { MACHINES, ROOT } from './rulebook.ts';
import { PRESET_NAMES, resolveParams, OVERRIDABLE_KEYS } from './params.ts';
import { outcomeLabel } from './verify.ts';
import { ReviewInputError, dotToSvg, edgeTrigger, ensureWritableDir, inputErrorsExit2, inlineSvg, machineGraph, registerDiagramCommands, toDot } from './diagram.ts';

// ---------------------------------------------------------------------------------------------
// Runs to draw

export const MIXES: readonly Mix[] = ['honest', 'faulty', 'adversarial', 'outage'];

/** A schedule of `blocks` relay blocks drawn from `seed` for one mix (fast-check, so reproducible). */
export function drawSchedule(params: ModelParams, mix: Mix, blocks: number, seed: number): Schedule {
  const arb = fc.record({
    blocks: fc.array(blockChoiceArb(params, mix), { minLength: blocks, maxLength: blocks }),
    fairFrom: fc.constant(null),
    fairDelays: fc.constant([1] as readonly number[]),
  });
  return fc.sample(arb, { seed, numRuns: 1 })[0]!;
}

/** Checks that one schedule can be replayed under every preset: same paras, same cores per para. */
export function checkSameShape(presets: readonly { name: string; params: ModelParams }[]): void {
  const shape = (p: ModelParams) => p.paras.map((x) => `${x.id}×${coresOf(p, x.id).length}`).join(',');
  const first = presets[0]!;
  for (const p of presets.slice(1))
    if (shape(p.params) !== shape(first.params))
      throw new ReviewInputError(
        '--preset',
        `presets ${first.name} (${shape(first.params)}) and ${p.name} (${shape(p.params)}) have different paras or cores per para; one schedule can only be replayed on presets with the same paras and cores (sync, polkadot and small can share one)`,
      );
}

export interface RunToDraw {
  readonly preset: string;
  readonly params: ModelParams;
  readonly run: RunResult;
}

export interface ScheduleRunsOptions {
  readonly presets: readonly { name: string; params: ModelParams }[];
  readonly mix: Mix;
  readonly blocks: number;
  readonly seed: number;
  readonly rulesOff?: readonly string[];
}

/** One schedule (drawn for the first preset) replayed under every preset; invariants checked, first violation kept. */
export function scheduleRuns(o: ScheduleRunsOptions): { schedule: Schedule; runs: RunToDraw[] } {
  checkSameShape(o.presets);
  const schedule = drawSchedule(o.presets[0]!.params, o.mix, o.blocks, o.seed);
  const runs = withRulesOff(o.rulesOff ?? [], () => o.presets.map((p) => ({ preset: p.name, params: p.params, run: runSchedule(p.params, schedule, { stopOnViolation: false }) })));
  return { schedule, runs };
}

export const PROPERTY_IDS: readonly string[] = [...RELAY_INVARIANTS.map((i) => i.id), ...WITNESSES.map((w) => w.id), 'L-01', 'L-01-tight'];

export interface CounterexampleOptions {
  readonly presets: readonly { name: string; params: ModelParams }[];
  readonly property: string;
  readonly runs: number;
  readonly blocks: number;
  readonly seed: number;
  readonly path?: string;
  readonly rulesOff?: readonly string[];
}

/**
 * A counterexample (or witness) of the property suite under the first preset, re-run as `verify`
 * runs it (same seed, runs, blocks, path, rules off); its schedule is then replayed under the other presets.
 */
export function counterexampleRuns(o: CounterexampleOptions): { row: PropertyRow; runs: RunToDraw[] } {
  if (!PROPERTY_IDS.includes(o.property)) throw new ReviewInputError('--property', `unknown property "${o.property}"; known: ${PROPERTY_IDS.join(', ')}`);
  checkSameShape(o.presets);
  const first = o.presets[0]!;
  return withRulesOff(o.rulesOff ?? [], () => {
    const rows = runSuite({ presets: [first], runs: o.runs, blocks: o.blocks, seed: o.seed, only: [o.property], ...(o.path ? { path: o.path } : {}) });
    const row = rows.find((r) => r.id === o.property && r.counterexample);
    if (!row?.counterexample) {
      const r = rows.find((x) => x.id === o.property);
      throw new ReviewInputError(
        '--property',
        `${o.property} has no counterexample under ${first.name} with seed ${o.seed}, ${o.runs} runs of ${o.blocks} blocks${o.path ? `, path ${o.path}` : ''}${o.rulesOff?.length ? `, rules off ${o.rulesOff.join(' ')}` : ''} (result: ${r ? outcomeLabel(r.outcome) : 'not run'}); use the seed, path and options verify printed with it`,
      );
    }
    const cx = row.counterexample;
    const others = o.presets.slice(1).map((p) => ({ preset: p.name, params: p.params, run: runSchedule(p.params, cx.schedule, { stopOnViolation: false }) }));
    return { row, runs: [{ preset: first.name, params: first.params, run: { ...cx.run, violation: cx.violation } }, ...others] };
  });
}

export function describeParams(p: ModelParams): string {
  const a = p.asyncBacking;
  const s = p.scheduler;
  const sync = a.maxCandidateDepth === 0 && a.allowedAncestryLen === 0 ? ' = synchronous backing' : '';
  return `depth ${a.maxCandidateDepth}, ancestry ${a.allowedAncestryLen} (lookahead ${s.schedulingLookahead})${sync} · ${s.numCores} cores [${p.coreAssignment.join(', ')}] · availability period ${s.parasAvailabilityPeriod} · ${p.validators} validators`;
}

export function panelsOf(runs: readonly RunToDraw[]): TimelinePanel[] {
  return runs.map((r) => ({ title: r.preset, subtitle: describeParams(r.params), data: timelineOf(r.run.steps, r.run.violation) }));
}

// ---------------------------------------------------------------------------------------------
// Pipeline runs to draw (collators, node and relay chain, slot by slot)

export const PIPELINE_MIXES: readonly PipelineMix[] = ['honest', 'faulty', 'outage'];

/** The pipeline's own properties (its invariants P-… and witnesses WP-…): their counterexamples are pipeline runs. */
export const PIPELINE_PROPERTY_IDS: readonly string[] = [...PIPELINE_INVARIANTS.map((i) => i.id), ...PIPELINE_WITNESSES.map((w) => w.id)];

/** Everything the pipeline part of the suite checks after every slot: its own properties, every node and relay invariant. */
export const PIPELINE_CHECKED_IDS: readonly string[] = [...PIPELINE_PROPERTY_IDS, ...NODE_INVARIANTS.map((i) => i.id), ...RELAY_INVARIANTS.map((i) => i.id)];

/** A pipeline schedule of `slots` relay slots drawn from `seed` for one mix (as the pipeline tests and figures draw them). */
export function drawPipelineSchedule(params: ModelParams, mix: PipelineMix, slots: number, seed: number): PipelineSchedule {
  return fc.sample(pipelineScheduleArb(params, slots, mix), { seed, numRuns: 1 })[0]!;
}

/** One pipeline schedule can be replayed under every preset with the same paras (its choices are per para). */
export function checkSameParas(presets: readonly { name: string; params: ModelParams }[]): void {
  const shape = (p: ModelParams) => p.paras.map((x) => x.id).join(',');
  const first = presets[0]!;
  for (const p of presets.slice(1))
    if (shape(p.params) !== shape(first.params))
      throw new ReviewInputError('--preset', `presets ${first.name} (paras ${shape(first.params)}) and ${p.name} (paras ${shape(p.params)}) have different paras; one pipeline schedule can only be replayed on presets with the same paras (sync, polkadot and elastic share one)`);
}

export interface PipelineRunToDraw {
  readonly preset: string;
  readonly params: ModelParams;
  readonly run: PipelineRunResult;
  /** Backing took the time of the timing model (`defaultTiming`), rather than completing within the slot. */
  readonly timing: boolean;
  /** What to mark on the picture: the run's first violation, or the witness it was drawn for. */
  readonly violation: Violation | null;
}

/** A pipeline run as the suite checks it: every pipeline, node and relay invariant after every slot; it stops at the first violation. */
function checkedPipelineRun(params: ModelParams, schedule: PipelineSchedule, timing: boolean, witnesses: typeof PIPELINE_WITNESSES = []): PipelineRunResult {
  return runPipeline(params, schedule, { nodeInvariants: NODE_INVARIANTS, invariants: PIPELINE_INVARIANTS, witnesses, ...(timing ? { timing: defaultTiming(params) } : {}) });
}

export interface PipelineScheduleRunsOptions {
  readonly presets: readonly { name: string; params: ModelParams }[];
  readonly mix: PipelineMix;
  readonly blocks: number;
  readonly seed: number;
  readonly timing?: boolean;
  readonly rulesOff?: readonly string[];
}

/** One pipeline schedule (drawn for the first preset) run under every preset; every invariant checked, a run stops at its first violation. */
export function pipelineScheduleRuns(o: PipelineScheduleRunsOptions): { schedule: PipelineSchedule; runs: PipelineRunToDraw[] } {
  checkSameParas(o.presets);
  const schedule = drawPipelineSchedule(o.presets[0]!.params, o.mix, o.blocks, o.seed);
  const timing = o.timing ?? false;
  const runs = withRulesOff(o.rulesOff ?? [], () =>
    o.presets.map((p) => {
      const run = checkedPipelineRun(p.params, schedule, timing);
      return { preset: p.name, params: p.params, run, timing, violation: run.violation };
    }),
  );
  return { schedule, runs };
}

/** A pipeline counterexample (or witness) as the suite finds it. */
export interface PipelineFinding {
  readonly id: string;
  readonly name: string;
  readonly kind: 'invariant' | 'witness';
  readonly preset: string;
  readonly seed: number;
  /** The fast-check path that replays it (`verify --path`, `timeline --path`). */
  readonly path: string;
  readonly violation: Violation;
}

/**
 * A counterexample (or witness) of the pipeline part of the suite under the first preset, searched
 * exactly as `runSuite` searches it (properties/suite.ts `pipelineRuns`: min(runs, 100) schedules of
 * min(blocks, 30) slots, the same seed and path, every node and relay invariant checked, a witness
 * recorded at the index of the run that reaches it); its schedule is then run under the other presets.
 */
export function pipelineCounterexampleRuns(o: CounterexampleOptions): { finding: PipelineFinding; runs: PipelineRunToDraw[] } {
  if (!PIPELINE_CHECKED_IDS.includes(o.property))
    throw new ReviewInputError('--property', `"${o.property}" is not checked in pipeline runs; the pipeline checks ${PIPELINE_PROPERTY_IDS.join(', ')} and every node (N-…) and relay (INV-…) invariant`);
  checkSameParas(o.presets);
  const first = o.presets[0]!;
  const params = first.params;
  const runs = Math.min(o.runs, 100);
  const slots = Math.min(o.blocks, 30);
  const arb = pipelineScheduleArb(params, slots);
  const what = `under ${first.name} with seed ${o.seed}, ${runs} pipeline runs of ${slots} slots${o.path ? `, path ${o.path}` : ''}${o.rulesOff?.length ? `, rules off ${o.rulesOff.join(' ')}` : ''}`;
  return withRulesOff(o.rulesOff ?? [], () => {
    const witness = PIPELINE_WITNESSES.find((w) => w.id === o.property);
    let schedule: PipelineSchedule;
    let finding: PipelineFinding;
    let run: PipelineRunResult;
    if (witness) {
      if (witness.id === 'WP-02' && params.paras.every((p) => coresOf(params, p.id).length < 2)) throw new ReviewInputError('--property', `WP-02 needs a para with two cores; ${first.name} has none (try elastic)`);
      const check = (s: PipelineSchedule) => runPipeline(params, s, { nodeInvariants: NODE_INVARIANTS, invariants: [], witnesses: [witness] });
      let path = o.path;
      if (path !== undefined) {
        // The suite's path of a witness is the index of the run that reached it: replay that run.
        const replay = fc.check(fc.property(arb, () => false), { seed: o.seed, path, numRuns: 1, endOnFailure: true });
        schedule = replay.counterexample![0] as PipelineSchedule;
      } else {
        let index = 0;
        let hit: { schedule: PipelineSchedule; index: number } | null = null;
        let stoppedAt: Violation | null = null;
        fc.check(
          fc.property(arb, (s) => {
            const r = check(s);
            if (r.witnessed.has(witness.id)) {
              hit = { schedule: s, index };
              return false;
            }
            index++;
            stoppedAt = r.violation;
            return r.violation === null;
          }),
          { seed: o.seed, numRuns: runs, endOnFailure: true },
        );
        const found = hit as { schedule: PipelineSchedule; index: number } | null;
        if (!found) {
          const v = stoppedAt as Violation | null;
          throw new ReviewInputError('--property', `${witness.id} is not witnessed ${what}${v ? ` (the search stopped at a violation of ${v.property}: ${v.message})` : ''}; use the seed, path and options verify printed with it`);
        }
        schedule = found.schedule;
        path = String(found.index);
      }
      run = check(schedule);
      const v = run.witnessed.get(witness.id);
      if (!v) throw new ReviewInputError('--path', `the run at path ${path} ${what} does not reach ${witness.id}; use the path verify printed with it`);
      finding = { id: witness.id, name: witness.name, kind: 'witness', preset: first.name, seed: o.seed, path, violation: v };
    } else {
      const invariants = PIPELINE_INVARIANTS.filter((i) => i.id === o.property);
      const check = (s: PipelineSchedule) => runPipeline(params, s, { nodeInvariants: NODE_INVARIANTS, invariants });
      const details = fc.check(
        fc.property(arb, (s) => check(s).violation === null),
        { seed: o.seed, numRuns: runs, ...(o.path ? { path: o.path } : {}) },
      );
      if (!details.failed) throw new ReviewInputError('--property', `${o.property} has no counterexample in the pipeline ${what}; use the seed, path and options verify printed with it`);
      schedule = details.counterexample![0];
      run = check(schedule);
      const v = run.violation!;
      if (v.property !== o.property) throw new ReviewInputError('--property', `the pipeline search ${what} finds a violation of ${v.property} (${v.message}), not of ${o.property}; draw it with --property ${v.property}`);
      finding = { id: v.property, name: v.name, kind: 'invariant', preset: first.name, seed: o.seed, path: details.counterexamplePath ?? o.path ?? '', violation: v };
    }
    const others = o.presets.slice(1).map((p) => {
      const r = checkedPipelineRun(p.params, schedule, false, witness ? [witness] : []);
      return { preset: p.name, params: p.params, run: r, timing: false, violation: r.violation ?? (witness ? (r.witnessed.get(witness.id) ?? null) : null) };
    });
    return { finding, runs: [{ preset: first.name, params, run, timing: false, violation: finding.violation }, ...others] };
  });
}

/** One line of measured figures of a pipeline run: each para's cadence after the warm-up, parablocks in flight, latency. */
export function cadenceNote(d: PipelineTimelineData): string {
  const st = pipelineTimelineStats(d);
  const first = st.cadence[0];
  const window = first ? `#${first.from}\u2013#${first.to}` : '';
  const paras = st.cadence.map((c) => `para ${c.paraId}${c.cores > 1 ? ` (${c.cores} cores)` : ''} ${c.perRelayBlock.toFixed(2)}`).join(', ');
  const inFlight = Math.max(0, ...st.cadence.map((c) => c.maxInFlight));
  return `included per relay block over ${window}: ${paras} \u00b7 up to ${inFlight} parablock${inFlight === 1 ? '' : 's'} of a para in flight${st.builtToIncluded !== null ? ` \u00b7 built \u2192 included: ${st.builtToIncluded.toFixed(1)} relay blocks on average` : ''}`;
}

function pipelineSubtitle(r: PipelineRunToDraw): string {
  const delays = [...new Set(Object.values(r.run.final.context.backingDelaySlots))].sort((a, b) => a - b);
  const timing = !r.timing
    ? 'backing within the slot'
    : delays.every((d) => d === 0)
      ? 'timing model: backed within the slot'
      : `timing model: votes reach the block author ${delays.join(' or ')} slot${delays.join('') === '1' ? '' : 's'} after the collation`;
  return `${describeParams(r.params)} \u00b7 ${timing}`;
}

export function pipelinePanelsOf(runs: readonly PipelineRunToDraw[]): TimelinePanel[] {
  return runs.map((r) => {
    const data = pipelineTimelineOf(r.run.steps, r.violation);
    return { title: r.preset, subtitle: pipelineSubtitle(r), notes: [cadenceNote(data)], data };
  });
}

// ---------------------------------------------------------------------------------------------
// The report

export const REPORT_FILE = join(ROOT, 'docs', 'report', 'index.html');

/** The property suite as the report runs it: modest, seed pinned, so the page is reproducible. */
export const REPORT_SUITE = { presets: ['sync', 'polkadot', 'elastic'], runs: 40, blocks: 40, seed: 20261125 } as const;

export interface PipelineFigure {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  /** `pipeline`: collators, node and relay chain slot by slot (runPipeline); `relay`: relay-level schedules (runSchedule). */
  readonly source: 'pipeline' | 'relay';
  readonly presets: readonly string[];
  readonly mix: Mix | PipelineMix;
  readonly blocks: number;
  readonly seed: number;
  /** Pipeline runs only: backing takes the time of the timing model. */
  readonly timing?: boolean;
}

/** The pipeline pictures of the report (the browser test re-runs these to count bars). */
export const REPORT_PIPELINES: readonly PipelineFigure[] = [
  {
    id: 'pipeline-honest',
    title: 'One honest schedule through the whole pipeline under sync, polkadot and elastic',
    caption:
      'The same slot choices run through collators, the block author\u2019s node and the relay chain under each preset, with backing taking the time of the timing model. Each bar is a parablock from the slot its collator built it. Under sync (depth 0, ancestry 0, segment capacity 1) a collator can build only once its parent is included: a parablock with relay parent R is backed in R+1 and included in R+2, one bar at a time, one parablock per two relay blocks. Under polkadot the collator builds ahead on its unincluded segment while its collations are backed and wait for a block: the bars overlap like a staircase and one parablock is included in every relay block. Under elastic para 1000 does the same on three cores at once.',
    source: 'pipeline',
    presets: ['sync', 'polkadot', 'elastic'],
    mix: 'honest',
    blocks: 30,
    seed: 1,
    timing: true,
  },
  {
    id: 'pipeline-outage',
    title: 'Availability fails for a stretch: timeouts and re-proposals through the pipeline (sync and polkadot)',
    caption:
      'An outage schedule: availability fails from a slot on, so the candidate pending availability waits until the timeout window frees its core (red). Meanwhile the collator keeps building on what it has; the node drops those parablocks when their relay parent leaves the scope (grey caps). After the timeout a replacement built on the timed-out candidate\u2019s parent head is backed and included: a re-proposal (\u21bb, outlined).',
    source: 'pipeline',
    presets: ['sync', 'polkadot'],
    mix: 'outage',
    blocks: 30,
    seed: 4,
    timing: true,
  },
  {
    id: 'relay-faulty',
    title: 'One faulty relay-level schedule under sync and polkadot: availability failing, collators offline, forks, session changes',
    caption:
      'A relay-chain-only run (the relay properties\u2019 schedules, whose counterexamples the timeline command draws): each bar starts when a block author puts a candidate on chain. In the faulty mix availability sometimes fails (candidates wait, and time out in a timeout window), collators go offline, the relay chain forks (orange lines; what was pending on the old branch is abandoned) and sessions change (dashed lines). A candidate built on the parent head of one that timed out is a re-proposal (\u21bb). Under polkadot a candidate\u2019s relay parent may be older than the block before the one that backs it (a thin line under a bar reaches back to it).',
    source: 'relay',
    presets: ['sync', 'polkadot'],
    mix: 'faulty',
    blocks: 40,
    seed: 13,
  },
];

function presetList(names: readonly string[]): { name: string; params: ModelParams }[] {
  return names.map((name) => ({ name, params: resolveParams(name, []) }));
}

export type FigureRuns = { readonly source: 'relay'; readonly runs: RunToDraw[] } | { readonly source: 'pipeline'; readonly runs: PipelineRunToDraw[] };

/** The runs behind one pipeline figure of the report. */
export function figureRuns(f: PipelineFigure): FigureRuns {
  if (f.source === 'pipeline') return { source: 'pipeline', runs: pipelineScheduleRuns({ presets: presetList(f.presets), mix: f.mix as PipelineMix, blocks: f.blocks, seed: f.seed, timing: f.timing ?? false }).runs };
  return { source: 'relay', runs: scheduleRuns({ presets: presetList(f.presets), mix: f.mix as Mix, blocks: f.blocks, seed: f.seed }).runs };
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** polkadot-sdk file paths in a text become links at the pinned tag. */
function linkSources(text: string): string {
  return esc(text).replace(/\b((?:polkadot|cumulus|substrate)\/[\w./-]+\.rs)\b/g, (file) => `<a href="${esc(sourceUrl({ file }))}">${file}</a>`);
}

const ruleLinks = (ids: readonly string[]) => ids.map((id) => `<a class="rule" href="#${id}">${id}</a>`).join(' ');

const CSS = `
:root { --text:#1f2a38; --muted:#5b6b7f; --line:#d8dee8; --bg:#ffffff; --soft:#f4f6fa; --ok:#2e7d32; --bad:#c62828; --accent:#1f5fa8; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color:var(--text); background:var(--bg); }
header { background:#1f2a38; color:#fff; padding:20px 32px 16px; }
header h1 { margin:0 0 4px; font-size:24px; }
header p { margin:2px 0; color:#c9d3e0; }
header code { color:#fff; background:rgba(255,255,255,0.14); }
nav { position:sticky; top:0; z-index:1; background:var(--soft); border-bottom:1px solid var(--line); padding:8px 32px; }
nav a { margin-right:18px; color:var(--accent); text-decoration:none; font-weight:600; }
main { max-width:1320px; margin:0 auto; padding:8px 32px 48px; }
section { margin-top:28px; }
h2 { font-size:20px; border-bottom:2px solid var(--line); padding-bottom:4px; }
h3 { font-size:16px; margin:22px 0 6px; }
p.lead, p.note { color:var(--muted); max-width:980px; }
table { border-collapse:collapse; width:100%; margin:8px 0 16px; font-size:13px; }
th, td { border:1px solid var(--line); padding:4px 8px; text-align:left; vertical-align:top; }
th { background:var(--soft); font-weight:600; }
td.num { text-align:right; font-variant-numeric: tabular-nums; }
code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background:var(--soft); padding:0 3px; border-radius:3px; }
td code { white-space:normal; overflow-wrap:anywhere; }
td .cmd { margin-top:3px; font-size:11px; }
#property-table td:last-child { min-width:420px; }
a { color:var(--accent); }
a.rule { font-weight:600; text-decoration:none; }
tr:target { background:#fff6d6; }
figure { margin:12px 0 24px; padding:12px; border:1px solid var(--line); border-radius:6px; overflow-x:auto; background:#fff; }
figure svg { max-width:100%; height:auto; display:block; margin:0 auto; }
figure.timeline-figure svg { max-width:none; margin:0; }
figcaption { color:var(--muted); font-size:13px; margin-top:8px; max-width:1000px; }
.badge { display:inline-block; padding:0 6px; border-radius:9px; font-size:12px; font-weight:600; }
.badge.ok { background:#e3f4e1; color:var(--ok); }
.badge.bad { background:#fde2e2; color:var(--bad); }
.placeholder { border:2px dashed var(--line); border-radius:6px; padding:16px; color:var(--muted); background:var(--soft); }
details { margin:6px 0 12px; }
summary { cursor:pointer; color:var(--accent); }
.two { display:grid; grid-template-columns: 1fr 1fr; gap:16px; }
@media (max-width: 1100px) { .two { grid-template-columns: 1fr; } }
`;

function presetsSection(): string {
  const names = Object.keys(PRESETS);
  const rows: [string, (p: ModelParams) => string, string][] = [
    ['maxCandidateDepth, allowedAncestryLen', (p) => `(${p.asyncBacking.maxCandidateDepth}, ${p.asyncBacking.allowedAncestryLen})`, 'asyncBacking'],
    ['schedulingLookahead', (p) => String(p.scheduler.schedulingLookahead), 'scheduler.schedulingLookahead'],
    ['groupRotationFrequency', (p) => String(p.scheduler.groupRotationFrequency), 'scheduler.groupRotationFrequency'],
    ['parasAvailabilityPeriod', (p) => String(p.scheduler.parasAvailabilityPeriod), 'scheduler.parasAvailabilityPeriod'],
    ['numCores', (p) => String(p.scheduler.numCores), 'coreAssignment'],
    ['coreAssignment', (p) => `[${p.coreAssignment.join(', ')}]`, 'coreAssignment'],
    ['validators', (p) => String(p.validators), 'validators'],
    ['minimumBackingVotes', (p) => String(p.minimumBackingVotes), 'minimumBackingVotes'],
    ['maxPovSize', (p) => `${p.maxPovSize / 1024 / 1024} MiB`, 'maxPovSize'],
  ];
  const out = [
    '<section id="presets"><h2>Parameters of each preset</h2>',
    `<p class="lead">Every size is an input (<code>spec/params.ts</code>). At <code>${SDK_TAG}</code> the runtime sizes its relay-parent window by the scheduling lookahead, and the model requires <code>schedulingLookahead = allowedAncestryLen + 1</code> (polkadot-sdk PR #7254). Where each value comes from is listed under the table.</p>`,
    `<table id="preset-table"><thead><tr><th>parameter</th>${names.map((n) => `<th>${esc(n)}</th>`).join('')}</tr></thead><tbody>`,
    ...rows.map(([label, f]) => `<tr><th>${esc(label)}</th>${names.map((n) => `<td>${esc(f(PRESETS[n]!.params))}</td>`).join('')}</tr>`),
    '</tbody></table>',
  ];
  for (const n of names) {
    const p = PRESETS[n]!;
    out.push(`<details id="preset-${esc(n)}"><summary><b>${esc(n)}</b>: ${esc(p.summary)}</summary><table><thead><tr><th>parameter</th><th>source</th></tr></thead><tbody>`);
    for (const [k, v] of Object.entries(p.sources)) out.push(`<tr><td><code>${esc(k)}</code></td><td>${linkSources(v)}</td></tr>`);
    out.push('</tbody></table></details>');
  }
  out.push('</section>');
  return out.join('\n');
}

async function machinesSection(machines: readonly AnyStateMachine[]): Promise<string> {
  const out = [
    '<section id="machines"><h2>Machines</h2>',
    '<p class="lead">Drawn from the XState machines that run (<code>machines/</code>), by <code>npx async-backing diagram</code>; the same diagrams as Mermaid, DOT and JSON are in <code>docs/diagrams/</code>. Each transition is labelled with its event (<i>always</i> for an eventless one), its guard in brackets and the rules its description cites; hover a transition for its description. Final states are double circles.</p>',
  ];
  for (const m of machines) {
    const g = machineGraph(m);
    const svg = inlineSvg(await dotToSvg(toDot(m)));
    const states = g.states.filter((s) => s.kind !== 'compound' && s.kind !== 'parallel').length;
    out.push(`<h3 id="machine-${esc(m.id)}">${esc(m.id)}</h3>`);
    if (g.description) out.push(`<p class="note">${esc(g.description)}. ${states} states, ${g.edges.length} transitions.</p>`);
    out.push(`<figure class="diagram" data-machine="${esc(m.id)}">${svg}<figcaption>Machine <code>${esc(m.id)}</code></figcaption></figure>`);
    out.push(`<details><summary>Transitions of ${esc(m.id)} (${g.edges.length})</summary><table><thead><tr><th>from</th><th>event</th><th>guard</th><th>to</th><th>rules</th><th>description</th></tr></thead><tbody>`);
    for (const e of g.edges)
      out.push(
        `<tr><td><code>${esc(e.source)}</code></td><td><code>${esc(edgeTrigger(e))}</code></td><td>${e.guard ? `<code>${esc(e.guard)}</code>` : e.otherwise ? 'else' : ''}</td><td><code>${esc(e.targets.join(', ') || `${e.source} (stays)`)}</code></td><td>${ruleLinks(e.rules)}</td><td>${esc(e.description)}</td></tr>`,
      );
    out.push('</tbody></table></details>');
  }
  out.push('</section>');
  return out.join('\n');
}

function rulesSection(machines: readonly AnyStateMachine[]): string {
  const usedBy = new Map<string, string[]>();
  for (const m of machines)
    for (const e of machineGraph(m).edges)
      for (const id of e.rules) usedBy.set(id, [...(usedBy.get(id) ?? []), `${m.id}: ${e.source} —${edgeTrigger(e)}→ ${e.targets.join(', ') || e.source}`]);
  const guards = new Map<string, string[]>();
  for (const inv of RELAY_INVARIANTS) for (const id of inv.rules) guards.set(id, [...(guards.get(id) ?? []), inv.id]);
  const layers: [string, string][] = [
    ['relay-runtime', 'Relay-chain runtime (RT)'],
    ['node', 'Node: prospective parachains (PP)'],
    ['parachain', 'Parachain: cumulus (PS)'],
  ];
  const out = [
    '<section id="rules"><h2>Rule book</h2>',
    `<p class="lead">Every rule with its function in <code>spec/</code>, why it exists, and its source in polkadot-sdk at <code>${SDK_TAG}</code>. The same as <code>docs/RULEBOOK.md</code>, which lists the tests too.</p>`,
  ];
  for (const [layer, title] of layers) {
    const rules = RULE_BOOK.filter((r) => r.layer === layer);
    if (rules.length === 0) continue;
    out.push(`<h3>${esc(title)}</h3><table class="rules"><thead><tr><th>ID</th><th>function and rule</th><th>why</th><th>source</th><th>machine transitions</th><th>invariants</th></tr></thead><tbody>`);
    for (const r of rules)
      out.push(
        `<tr id="${esc(r.id)}"><td><a class="rule" href="#${esc(r.id)}">${esc(r.id)}</a></td><td><code>${esc(r.fn)}</code><br/>${esc(r.title)}${r.deviation ? `<br/><i>Deviation:</i> ${esc(r.deviation)}` : ''}</td><td>${esc(r.why)}</td><td><a class="source" href="${esc(sourceUrl(r.source))}">${esc(formatSource(r.source))}</a></td><td>${(usedBy.get(r.id) ?? []).map(esc).join('<br/>')}</td><td>${(guards.get(r.id) ?? []).map(esc).join(' ')}</td></tr>`,
      );
    out.push('</tbody></table>');
  }
  out.push('</section>');
  return out.join('\n');
}

function propertiesSection(rows: readonly PropertyRow[]): string {
  const s = REPORT_SUITE;
  const invariantRules = new Map(RELAY_INVARIANTS.map((i) => [i.id, i.rules]));
  const replay = (r: PropertyRow) =>
    `npx async-backing verify --preset ${r.preset.split('+')[0]} --property ${r.id} --runs ${s.runs} --blocks ${s.blocks} --seed ${r.seed}${r.path ? ` --path ${r.path}` : ''} --full`;
  const out = [
    '<section id="properties"><h2>Property results</h2>',
    `<p class="lead">The property suite (<code>properties/suite.ts</code>) as <code>verify</code> runs it, with a modest number of runs and the seed pinned so this page is reproducible: ${s.runs} schedules of ${s.blocks} relay blocks per preset, seed <code>${s.seed}</code>. <b>${suiteOk(rows) ? 'Every row has the result it must have.' : 'Some rows do not have the result they must have.'}</b> Invariants must pass; witnesses must be <i>witnessed</i> (their counterexample proves the schedules reach those states); the full run is <code>npx async-backing verify</code>.</p>`,
    '<table id="property-table"><thead><tr><th>property</th><th>kind</th><th>preset</th><th class="num">runs</th><th class="num">relay blocks</th><th>result</th><th>seed / path</th><th>guards rules</th><th>statement, and what was found</th></tr></thead><tbody>',
  ];
  for (const r of rows) {
    const msg = r.message ? `<br/><i>${esc(r.message)}</i>` : r.note ? `<br/><i>${esc(r.note)}</i>` : '';
    // Relay-level counterexamples carry their run; the pipeline's (P-…, WP-…) are replayed by the timeline command.
    const drawable = (r.counterexample && PROPERTY_IDS.includes(r.id)) || (PIPELINE_PROPERTY_IDS.includes(r.id) && r.path !== undefined);
    const cmd = drawable
      ? `<details class="cmd"><summary>replay, draw</summary><code>${esc(replay(r))}</code><br/><code>${esc(`npx async-backing timeline --preset ${r.preset.split('+')[0]} --property ${r.id} --runs ${s.runs} --blocks ${s.blocks} --seed ${r.seed}${r.path ? ` --path ${r.path}` : ''} --out ${r.id}.svg`)}</code></details>`
      : '';
    out.push(
      `<tr data-property="${esc(r.id)}" data-preset="${esc(r.preset)}"><td><b>${esc(r.id)}</b> ${esc(r.name)}</td><td>${esc(r.kind)}</td><td>${esc(r.preset)}</td><td class="num">${r.runs}</td><td class="num">${r.blocks}</td><td><span class="badge ${r.ok ? 'ok' : 'bad'}">${esc(outcomeLabel(r.outcome))}</span></td><td><code>${r.seed}${r.path ? ` / ${esc(r.path)}` : ''}</code></td><td>${ruleLinks((invariantRules.get(r.id) ?? []).filter((id) => RULES_BY_ID.has(id)))}</td><td>${esc(r.statement)}${msg}${cmd}</td></tr>`,
    );
  }
  out.push('</tbody></table></section>');
  return out.join('\n');
}

/** Marks the figures placeholder: later code replaces what lies between them. */
export const FIGURES_BEGIN = '<!-- figures:begin -->';
export const FIGURES_END = '<!-- figures:end -->';

export function figuresSection(figuresHtml?: string): string {
  const body =
    figuresHtml ??
    '<div class="placeholder" id="figures-placeholder" data-placeholder="figures"><b>Not yet.</b> The figures table (parablock throughput, latency from collation to inclusion, and relay-parent age per preset) arrives with the parachain-side pipeline (part 3: the cumulus collator, unincluded segment and consensus hook driven by the relay chain). It is left empty on purpose: this page shows no number the model does not produce.</div>';
  return ['<section id="figures"><h2>Figures</h2>', FIGURES_BEGIN, body, FIGURES_END, '</section>'].join('\n');
}

function timelineCommand(f: PipelineFigure): string {
  return `npx async-backing timeline${f.source === 'pipeline' ? ' --source pipeline' : ''} --preset ${f.presets.join(' ')} --mix ${f.mix} --blocks ${f.blocks} --seed ${f.seed}${f.timing ? ' --timing' : ''} --out ${f.id}.svg`;
}

/** What a pipeline run measured, for a caption: each para's cadence after the warm-up, and the counts. */
function pipelineFacts(r: PipelineRunToDraw): string {
  const d = pipelineTimelineOf(r.run.steps, r.violation);
  const st = pipelineTimelineStats(d);
  const cadence = st.cadence.map((c) => `para ${c.paraId}${c.cores > 1 ? ` (${c.cores} cores)` : ''} ${c.perRelayBlock.toFixed(2)}`).join(' and ');
  const inFlight = Math.max(0, ...st.cadence.map((c) => c.maxInFlight));
  return `${r.preset}: ${cadence} parablocks per relay block over #${st.cadence[0]?.from ?? '?'}\u2013#${st.cadence[0]?.to ?? '?'} (up to ${inFlight} of a para in flight; ${st.built} built, ${st.included} included, ${st.timedOut} timed out, ${st.reproposals} re-proposed, ${st.droppedByNode} dropped by the node${r.violation ? `; ${r.violation.property} fails` : ''})`;
}

function pipelinesSection(): string {
  const out = [
    '<section id="pipelines"><h2>Pipeline pictures</h2>',
    '<p class="lead">Runs drawn slot by slot (<code>properties/timeline.ts</code>), one lane per para and core. A pipeline run follows each parablock from the slot its collator built it (collated), through seconding and backing by its group (thin bars: off chain), onto the relay chain (thick bars: backed, pending availability) to how it ended; a relay-level run starts each bar when a block author puts a candidate on chain. Cadences are included parablocks per relay block after a warm-up of 10 blocks, as <code>properties/figures.ts</code> measures them. Each picture is reproducible with the command under it.</p>',
  ];
  for (const f of REPORT_PIPELINES) {
    const fr = figureRuns(f);
    let svg: string;
    let facts: string;
    if (fr.source === 'pipeline') {
      svg = renderTimeline(pipelinePanelsOf(fr.runs), { idPrefix: `${f.id}-` });
      facts = fr.runs.map(pipelineFacts).join('. ');
    } else {
      svg = renderTimeline(panelsOf(fr.runs), { idPrefix: `${f.id}-` });
      facts = fr.runs
        .map((r) => {
          const st = timelineStats(timelineOf(r.run.steps, r.run.violation));
          return `${r.preset}: ${st.backed} backed, ${st.included} included, ${st.timedOut} timed out, ${st.reproposals} re-proposed, ${st.rejected} rejected, relay parent older than the previous block for ${st.olderRelayParents} of ${st.backed}${r.run.violation ? `; ${r.run.violation.property} fails` : ''}`;
        })
        .join('. ');
    }
    out.push(
      `<h3 id="${esc(f.id)}">${esc(f.title)}</h3><figure class="timeline-figure" data-figure="${esc(f.id)}" data-source="${f.source}">${svg.trim()}<figcaption>${esc(f.caption)}<br/><b>Measured in this run:</b> ${esc(facts)}.<br/><code>${esc(timelineCommand(f))}</code></figcaption></figure>`,
    );
  }
  out.push('</section>');
  return out.join('\n');
}

export interface ReportOptions {
  /** HTML of the figures table (default: measured by cli/figures.ts). */
  readonly figures?: string;
  readonly onProgress?: (label: string, done: number, total: number) => void;
  /** Rows to show instead of running `REPORT_SUITE` (for callers that already ran the suite). */
  readonly suiteRows?: readonly PropertyRow[];
}

/** The whole review page. Deterministic: pinned seeds and runs, no dates. */
export async function renderReport(o: ReportOptions = {}): Promise<string> {
  const suite = o.suiteRows ?? runSuite({ presets: presetList(REPORT_SUITE.presets), runs: REPORT_SUITE.runs, blocks: REPORT_SUITE.blocks, seed: REPORT_SUITE.seed, ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
  const machines = [...MACHINES];
  const title = `Asynchronous backing: review report (polkadot-sdk ${SDK_TAG})`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${esc(title)}</h1><p>The executable specification's machines, rules, property results and pipeline pictures on one page. Generated by <code>npx async-backing report</code>; every picture is drawn from the code that runs, every number comes from a pinned run.</p></header>`,
    '<nav><a href="#presets">Parameters</a><a href="#machines">Machines</a><a href="#rules">Rule book</a><a href="#properties">Properties</a><a href="#figures">Figures</a><a href="#pipelines">Pipelines</a></nav>',
    '<main>',
    presetsSection(),
    await machinesSection(machines),
    rulesSection(machines),
    propertiesSection(suite),
    figuresSection(o.figures ?? figuresHtml()),
    pipelinesSection(),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Writes the report (default `docs/report/index.html`); with `check`, returns whether the file is current instead. */
export async function writeReport(out = REPORT_FILE, opts: ReportOptions & { check?: boolean } = {}): Promise<boolean> {
  const file = resolve(out);
  if (!opts.check) ensureWritableDir(dirname(file));
  const html = await renderReport(opts);
  if (opts.check) return existsSync(file) && readFileSync(file, 'utf8') === html;
  try {
    writeFileSync(file, html);
  } catch (e) {
    throw new ReviewInputError('--out', `cannot write "${out}" (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Commands

function positiveInt(name: string, max: number) {
  return (v: string) => {
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) throw new InvalidArgumentError(`${name} must be an integer from 1 to ${max}, got "${v}"`);
    return Number(v);
  };
}

function integer(name: string) {
  return (v: string) => {
    if (!/^-?\d+$/.test(v)) throw new InvalidArgumentError(`${name} must be an integer, got "${v}"`);
    return Number(v) | 0;
  };
}

interface TimelineCliOptions {
  /** Default: sync polkadot (relay-level), sync polkadot elastic (pipeline). */
  preset?: string[];
  /** `relay` (default) or `pipeline`; a pipeline property (P-…, WP-…) implies `pipeline`. */
  source?: string;
  /** Pipeline runs: backing takes the time of the timing model. */
  timing?: boolean;
  property?: string;
  path?: string;
  runs: number;
  blocks?: number;
  seed?: number;
  mix?: string;
  honest?: boolean;
  faulty?: boolean;
  adversarial?: boolean;
  outage?: boolean;
  param: string[];
  rulesOff: string[];
  out: string;
}

export const SOURCES = ['relay', 'pipeline'] as const;

/** The timeline command's work, without commander: returns the SVG and a one-line summary. */
export function timelineFromOptions(opts: TimelineCliOptions): { svg: string; summary: string } {
  for (const id of opts.rulesOff) if (!RULES_BY_ID.has(id)) throw new ReviewInputError('--rules-off', `unknown rule "${id}" (see async-backing rulebook)`);
  const source = opts.source ?? (opts.property && PIPELINE_PROPERTY_IDS.includes(opts.property) ? 'pipeline' : 'relay');
  if (!(SOURCES as readonly string[]).includes(source)) throw new ReviewInputError('--source', `unknown source "${source}"; known: ${SOURCES.join(', ')}`);
  const names = opts.preset ?? (source === 'pipeline' ? ['sync', 'polkadot', 'elastic'] : ['sync', 'polkadot']);
  const presets = names.map((name) => ({ name, params: resolveParams(name, opts.param) }));
  if (presets.length === 0) throw new ReviewInputError('--preset', 'name at least one preset');
  const flags = (['honest', 'faulty', 'adversarial', 'outage'] as const).filter((m) => opts[m]);
  if (flags.length > 1 || (flags.length === 1 && opts.mix && opts.mix !== flags[0])) throw new ReviewInputError('--mix', `choose one mix, got ${[...flags, ...(opts.mix ? [opts.mix] : [])].join(' and ')}`);
  const mix = flags[0] ?? opts.mix ?? 'honest';
  const known: readonly string[] = source === 'pipeline' ? PIPELINE_MIXES : MIXES;
  if (!known.includes(mix)) throw new ReviewInputError('--mix', `unknown mix "${mix}"${source === 'pipeline' ? ' for a pipeline run' : ''}; known mixes: ${known.join(', ')}`);
  const off = opts.rulesOff.length ? ` --rules-off ${opts.rulesOff.join(' ')}` : '';
  if (source === 'relay' && opts.timing) throw new ReviewInputError('--timing', 'the timing model times backing in pipeline runs: add --source pipeline');
  if (opts.property) {
    if (flags.length || opts.mix) throw new ReviewInputError('--mix', 'a counterexample brings its own schedule: drop --mix (or drop --property to draw a schedule)');
    if (opts.seed === undefined) throw new ReviewInputError('--seed', 'a counterexample is found with a seed: give the --seed verify printed');
    const blocks = opts.blocks ?? 50;
    if (source === 'pipeline') {
      if (opts.timing) throw new ReviewInputError('--timing', 'the suite runs the pipeline without the timing model: drop --timing to replay its counterexample');
      const { finding, runs } = pipelineCounterexampleRuns({ presets, property: opts.property, runs: opts.runs, blocks, seed: opts.seed, ...(opts.path ? { path: opts.path } : {}), rulesOff: opts.rulesOff });
      const path = finding.path.length > 28 ? `${finding.path.slice(0, 24)}…` : finding.path;
      const heading = `${finding.id} ${finding.name} (${finding.preset}${off}, pipeline): ${finding.kind === 'invariant' ? 'counterexample' : 'witness'}, seed ${finding.seed}${path ? `, path ${path}` : ''}`;
      const svg = renderTimeline(pipelinePanelsOf(runs), { heading });
      return { svg, summary: `${heading}: ${finding.violation.message}; ${runs.map((r) => `${r.preset}: ${r.run.steps.length} slots`).join(', ')}` };
    }
    if (PIPELINE_PROPERTY_IDS.includes(opts.property)) throw new ReviewInputError('--source', `${opts.property} is a pipeline property: drop --source relay (or use --source pipeline)`);
    const { row, runs } = counterexampleRuns({ presets, property: opts.property, runs: opts.runs, blocks, seed: opts.seed, ...(opts.path ? { path: opts.path } : {}), rulesOff: opts.rulesOff });
    const path = row.path && row.path.length > 28 ? `${row.path.slice(0, 24)}…` : row.path;
    const heading = `${row.id} ${row.name} (${row.preset}${off}): ${row.kind === 'invariant' ? 'counterexample' : 'witness'}, seed ${row.seed}${path ? `, path ${path}` : ''}`;
    const svg = renderTimeline(panelsOf(runs), { heading });
    return { svg, summary: `${heading}; ${runs.map((r) => `${r.preset}: ${r.run.steps.length} blocks`).join(', ')}` };
  }
  if (opts.path) throw new ReviewInputError('--path', 'a path replays a counterexample: it needs --property');
  const blocks = opts.blocks ?? 30;
  const seed = opts.seed ?? 1;
  if (source === 'pipeline') {
    const { runs } = pipelineScheduleRuns({ presets, mix: mix as PipelineMix, blocks, seed, timing: opts.timing ?? false, rulesOff: opts.rulesOff });
    const heading = `${mix} pipeline schedule of ${blocks} relay slots, seed ${seed}${opts.timing ? ', backing timed by the timing model' : ''}${off}: ${presets.map((p) => p.name).join(' vs ')}`;
    const svg = renderTimeline(pipelinePanelsOf(runs), { heading });
    const stats = runs.map((r) => {
      const st = pipelineTimelineStats(pipelineTimelineOf(r.run.steps, r.violation));
      return `${r.preset}: ${st.built} built, ${st.included} included, ${st.timedOut} timed out, ${st.reproposals} re-proposed, cadence ${st.cadence.map((c) => `para ${c.paraId} ${c.perRelayBlock.toFixed(2)}`).join(', ')}${r.violation ? `, ${r.violation.property} fails` : ''}`;
    });
    return { svg, summary: `${heading}; ${stats.join('; ')}` };
  }
  const { runs } = scheduleRuns({ presets, mix: mix as Mix, blocks, seed, rulesOff: opts.rulesOff });
  const heading = `${mix} schedule of ${blocks} relay blocks, seed ${seed}${off}: ${presets.map((p) => p.name).join(' vs ')}`;
  const svg = renderTimeline(panelsOf(runs), { heading });
  const stats = runs.map((r) => {
    const s = timelineStats(timelineOf(r.run.steps));
    return `${r.preset}: ${s.backed} backed, ${s.included} included, ${s.timedOut} timed out, ${s.rejected} rejected${r.run.violation ? `, ${r.run.violation.property} fails` : ''}`;
  });
  return { svg, summary: `${heading}; ${stats.join('; ')}` };
}

export function registerTimelineCommand(program: Command): void {
  program
    .command('timeline')
    .description('draw a run as an SVG pipeline picture: a relay-level or pipeline schedule (--source, --mix, --blocks, --seed) or a counterexample of the suite (--property, --seed, --path)')
    .option('-p, --preset <names...>', `presets, one panel each, the same schedule replayed under all (${PRESET_NAMES.join(', ')}; default sync polkadot, or sync polkadot elastic for --source pipeline)`)
    .option('--source <source>', 'relay: relay-level schedules, each bar from the block that put a candidate on chain; pipeline: collators, node and relay chain, each parablock from the slot it is built (default relay, or pipeline for a P-/WP- property)')
    .option('--timing', 'pipeline runs: backing takes the time of the timing model (a collation\'s votes reach the block author a slot or more after it is built under async backing)')
    .option('--property <id>', 'draw the counterexample (or witness) of this property found under the first preset')
    .option('--path <path>', 'the fast-check path verify printed with the counterexample')
    .option('-r, --runs <n>', 'schedules the suite searches (as verify --runs)', positiveInt('--runs', 10_000_000), 1000)
    .option('-b, --blocks <n>', 'relay blocks per schedule (default 30, or 50 for --property as in verify)', positiveInt('--blocks', 10_000))
    .option('-s, --seed <n>', 'fast-check seed (default 1 for a schedule)', integer('--seed'))
    .option('--mix <mix>', `schedule mix (${MIXES.join(', ')}; for --source pipeline ${PIPELINE_MIXES.join(', ')}; default honest)`)
    .option('--honest', 'honest schedule (same as --mix honest)')
    .option('--faulty', 'faulty schedule: availability failing, collators offline, forks, session changes')
    .option('--adversarial', 'adversarial schedule: faulty candidates too (relay-level only)')
    .option('--outage', 'availability outage (then the pipeline recovers: timeouts and re-proposals)')
    .option('--param <key=value...>', `override a parameter of every preset (${OVERRIDABLE_KEYS.join(', ')})`, [])
    .option('--rules-off <ids...>', 'switch rules off by ID', [])
    .option('-o, --out <file>', 'SVG file to write', 'timeline.svg')
    .action(
      inputErrorsExit2(async (opts: TimelineCliOptions) => {
        const { svg, summary } = timelineFromOptions(opts);
        const file = resolve(opts.out);
        ensureWritableDir(dirname(file));
        try {
          writeFileSync(file, svg);
        } catch (e) {
          throw new ReviewInputError('--out', `cannot write "${opts.out}" (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
        }
        process.stdout.write(`${summary}\nwrote ${relative(process.cwd(), file) || file}\n`);
      }),
    );
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('write one self-contained HTML review page: presets, machine diagrams, rule book, property results, pipeline pictures')
    .option('-o, --out <file>', 'HTML file to write', relative(process.cwd(), REPORT_FILE) || REPORT_FILE)
    .option('--check', 'write nothing; exit 1 if the file differs from what would be generated')
    .action(
      inputErrorsExit2(async (opts: { out: string; check?: boolean }) => {
        if (opts.check) {
          const ok = await writeReport(opts.out, { check: true });
          process.stdout.write(ok ? `${opts.out} is current\n` : `${opts.out} is stale: run npx async-backing report and commit it\n`);
          if (!ok) process.exitCode = 1;
          return;
        }
        await writeReport(opts.out);
        process.stdout.write(`wrote ${opts.out}\n`);
      }),
    );
}

/** Registers `diagram`, `timeline` and `report`. */
export function registerReviewCommands(program: Command): void {
  registerDiagramCommands(program);
  registerTimelineCommand(program);
  registerReportCommand(program);
}


