/**
 * Transition coverage: which transitions of each machine (read from the machine's own configuration,
 * `cli/rulebook.ts` `transitionsOf`) the property runs actually take, counted over a fixed,
 * representative set of relay and network schedules (every preset × every mix, the liveness
 * schedules, and small targeted schedules for transitions the presets cannot reach).
 *
 * How a taken step is matched to a transition of the graph. The engine's recorder reports
 * (machine, from, event, to) per `step`, where `to` is the state after the whole macrostep, i.e. after
 * any eventless (`always`) transitions. Guarded alternatives with the same source, event and target
 * (e.g. relayBlock `candidatesBacked --FINALIZE--> idle` with and without `sessionChangeBuffered`)
 * cannot be told apart from that. So, while the coverage runs, every named guard of every machine is
 * wrapped to log its verdict, and each recorded step is replayed against the graph: the first
 * alternative for (from, event) whose guard held (or that has none) is the one XState took (XState
 * selects transitions in document order), then the `always` transitions from its target the same
 * way, until the recorded `to` is reached. Each transition on that path counts once. A step that does
 * not replay onto the graph is reported as unmatched (a bug in the machine or in this matcher).
 *
 * Gaps: a transition no run takes fails the coverage test unless `KNOWN_GAPS` lists it with a
 * reason; a listed gap that some run takes also fails (the list must stay true).
 *
 * `npx tsx properties/coverage.ts` prints the table; `--write` writes docs/coverage.md; `--check`
 * exits 1 when docs/coverage.md is stale.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { AnyStateMachine } from 'xstate';
import { MACHINES, ROOT, transitionsOf, type MachineTransition } from '../cli/rulebook.ts';
import { recordTransitions, type TakenTransition } from '../machines/engine.ts';
import { presetParams, validateParams, type ModelParams } from '../spec/params.ts';
import { runSchedule } from './harness.ts';
import { runNetwork } from './network/harness.ts';
import { NODE_INVARIANTS } from './network/invariants.ts';
import { DEFAULT_MIXES, livenessScheduleArb, scheduleArb, type BlockChoice, type CandidateChoice, type Mix, type Schedule } from './schedule.ts';
import { netScheduleArb, type NetSchedule } from './network/schedule.ts';
import { pipelineScheduleArb, runPipeline, type PipelineMix } from './pipeline/harness.ts';
import { PIPELINE_INVARIANTS } from './pipeline/invariants.ts';
import { explore } from '../explore/explorer.ts';
import { findModel, modelParams } from '../explore/model.ts';

// ---------------------------------------------------------------------------------------------
// Transitions and keys

/** A transition's identity in the table: machine, source, event, target and the guard (if any). */
export function transitionKey(t: Pick<MachineTransition, 'machine' | 'from' | 'event' | 'to' | 'guard'>): string {
  return `${t.machine}: ${t.from} --${t.event}--> ${t.to}${t.guard ? ` [${t.guard}]` : ''}`;
}

/** The transitions of every machine, with how the same (from, event) alternatives are ordered. */
export function allTransitions(machines: readonly AnyStateMachine[] = MACHINES): MachineTransition[] {
  return machines.flatMap((m) => transitionsOf(m));
}

/** Transitions listed here may stay untaken; each says why no run (and no small schedule) takes it. */
export interface KnownGap {
  readonly key: string;
  readonly reason: string;
}

export const KNOWN_GAPS: readonly KnownGap[] = [
  {
    key: 'nodeCandidate: backedUnconnected --PUT_ON_CHAIN--> onChain',
    reason:
      'needs a relay block that backs a candidate this node keeps outside every best chain, i.e. a block author that does not ask this node (another validator\'s provisioner). The network and pipeline runs have one author, the honest provisioner (properties/network/author.ts), which supplies only what find_backable_chain offers at the parent leaf: candidates in that leaf\'s best chain, whose lifecycle is `inBestChain`.',
  },
];

// ---------------------------------------------------------------------------------------------
// Recording

interface GuardVerdict {
  readonly guard: string;
  readonly result: boolean;
}

export interface CoverageRecord {
  /** transitionKey → times taken. */
  readonly counts: Map<string, number>;
  /** Recorded steps that did not replay onto the machine's graph. */
  readonly unmatched: string[];
  /** Recorded steps for a machine outside the set. */
  readonly unknownMachines: Set<string>;
}

/**
 * Runs `body` with the recorder installed and every named guard wrapped; returns what was taken.
 * The guards and the previous recorder are restored afterwards, even if `body` throws.
 */
export function recordCoverage(body: () => void, machines: readonly AnyStateMachine[] = MACHINES): CoverageRecord {
  const byMachine = new Map(machines.map((m) => [m.id, { machine: m, transitions: transitionsOf(m), log: [] as GuardVerdict[] }]));
  const counts = new Map<string, number>();
  const unmatched: string[] = [];
  const unknownMachines = new Set<string>();
  const restore: (() => void)[] = [];
  for (const { machine, log } of byMachine.values()) {
    const guards = machine.implementations.guards as Record<string, unknown>;
    for (const [name, g] of Object.entries(guards)) {
      if (typeof g !== 'function') continue;
      const original = g as (...a: unknown[]) => boolean;
      guards[name] = (...args: unknown[]) => {
        const result = original(...args);
        log.push({ guard: name, result: Boolean(result) });
        return result;
      };
      restore.push(() => {
        guards[name] = original;
      });
    }
  }
  const onTaken = (t: TakenTransition) => {
    const m = byMachine.get(t.machine);
    if (!m) {
      unknownMachines.add(t.machine);
      return;
    }
    const path = replay(m.transitions, m.log, t);
    // Verdicts belong to one step: whatever this step did not consume is stale.
    m.log.length = 0;
    if (path === null) unmatched.push(`${t.machine}: ${t.from} --${t.event}--> ${t.to}`);
    else for (const tr of path) counts.set(transitionKey(tr), (counts.get(transitionKey(tr)) ?? 0) + 1);
  };
  const before = recordTransitions(onTaken);
  try {
    body();
  } finally {
    recordTransitions(before);
    for (const r of restore) r();
  }
  return { counts, unmatched, unknownMachines };
}

/**
 * The path of graph transitions one recorded step took: the selected alternative for the event, then
 * the eventless transitions from its target, as XState selects them (document order, first enabled).
 */
function replay(transitions: readonly MachineTransition[], log: GuardVerdict[], t: TakenTransition): MachineTransition[] | null {
  let cursor = 0;
  const select = (from: string, event: string): MachineTransition | null | 'none' => {
    const alternatives = transitions.filter((x) => x.from === from && x.event === event);
    if (alternatives.length === 0) return 'none';
    for (const alt of alternatives) {
      if (alt.guard === null) return alt;
      const i = log.findIndex((v, k) => k >= cursor && v.guard === alt.guard);
      if (i < 0) return null; // the guard was never asked: not this step's transition
      cursor = i + 1;
      if (log[i]!.result) return alt;
    }
    return null;
  };
  const first = select(t.from, t.event);
  if (first === null || first === 'none') return null;
  const path = [first];
  let state = first.to;
  for (let guardRail = 0; guardRail < 32; guardRail++) {
    const next = select(state, '(always)');
    if (next === 'none') break;
    if (next === null) return null;
    path.push(next);
    state = next.to;
  }
  return state === t.to ? path : null;
}

// ---------------------------------------------------------------------------------------------
// The representative runs

/**
 * Identical re-proposal of a timed-out candidate (candidate `timedOut --BACKED-->`) needs its relay
 * parent to stay allowed until the block after the timeout: scheduling_lookahead >=
 * paras_availability_period + 2. No preset has that, so this one is built for it: the polkadot
 * preset with an availability period of 1 and a rotation every 2 blocks (timeout checks every other
 * block). It passes `validateParams`.
 */
export function reproposalParams(preset: 'polkadot' | 'elastic' | 'tiny'): ModelParams {
  const base = presetParams(preset);
  return validateParams({
    ...base,
    name: `${preset}-reproposal`,
    asyncBacking: { ...base.asyncBacking, allowedAncestryLen: 4 },
    scheduler: { ...base.scheduler, schedulingLookahead: 5, parasAvailabilityPeriod: 1, groupRotationFrequency: 2 },
  });
}

export interface CoverageRun {
  readonly name: string;
  readonly params: ModelParams;
  readonly kind: 'relay' | 'liveness' | 'network' | 'pipeline' | 'explore';
  /** For `explore`: the manifest model explored (every reachable state, every invariant). */
  readonly model?: string;
  readonly mix?: Mix | PipelineMix;
  /** Hand-written relay schedules, run instead of generated ones. */
  readonly fixed?: readonly Schedule[];
  readonly schedules: number;
  readonly blocks: number;
  readonly seed: number;
}

/**
 * Identical re-proposal of a whole evicted chain, as a small hand-written schedule on the elastic
 * re-proposal parameters: para 1000 backs three candidates on its three cores (every relay parent
 * choice is the oldest allowed block, so the same collation has the same hash later); availability
 * never comes; in block 3 the first times out and takes the two others with it, and the author
 * proposes the same three again, the last under-backed (or, in the second schedule, the first
 * under-backed): timedOut and evicted candidates backed again, and rejected again.
 */
export function reproposalSchedules(): Schedule[] {
  const c = (kind: CandidateChoice['kind']): CandidateChoice => ({ kind, rpBack: 10, variant: 0 });
  const block = (candidates: CandidateChoice[]): BlockChoice => ({
    forkBack: 0,
    endsSession: false,
    dispute: null,
    badBitfield: false,
    paras: [
      { availability: ['none'], candidates },
      { availability: ['none'], candidates: [] },
    ],
  });
  const three = [c('honest'), c('honest'), c('honest')];
  return [
    { blocks: [block(three), block([]), block([c('honest'), c('honest'), c('underBacked')]), block([])], fairFrom: null, fairDelays: [1] },
    { blocks: [block(three), block([]), block([c('underBacked'), c('honest')]), block([])], fairFrom: null, fairDelays: [1] },
  ];
}

export const COVERAGE_SEED = 20261125;
export const COVERAGE_PRESETS = ['sync', 'polkadot', 'elastic', 'small'] as const;

/** The fixed run set the table is computed over (deterministic: pinned seeds, fixed sizes). */
export function coverageRuns(): CoverageRun[] {
  const runs: CoverageRun[] = [];
  for (const preset of COVERAGE_PRESETS) {
    const params = presetParams(preset);
    for (const mix of DEFAULT_MIXES) runs.push({ name: `relay ${preset} ${mix}`, params, kind: 'relay', mix, schedules: 12, blocks: 40, seed: COVERAGE_SEED });
    runs.push({ name: `liveness ${preset}`, params, kind: 'liveness', schedules: 6, blocks: 40, seed: COVERAGE_SEED });
    runs.push({ name: `network ${preset}`, params, kind: 'network', schedules: 10, blocks: 20, seed: COVERAGE_SEED });
    for (const mix of ['honest', 'faulty'] as const) runs.push({ name: `pipeline ${preset} ${mix}`, params, kind: 'pipeline', mix, schedules: 4, blocks: 20, seed: COVERAGE_SEED });
  }
  // Targeted: identical re-proposal after a timeout or an eviction (see reproposalParams).
  const targeted: [ 'polkadot' | 'elastic' | 'tiny', Mix, number][] = [
    ['polkadot', 'outage', 12],
    ['elastic', 'outage', 20],
    ['elastic', 'adversarial', 20],
    ['tiny', 'adversarial', 30],
  ];
  for (const [preset, mix, schedules] of targeted)
    runs.push({ name: `relay ${preset}-reproposal ${mix}`, params: reproposalParams(preset), kind: 'relay', mix, schedules, blocks: 30, seed: COVERAGE_SEED });
  // The explorer: every reachable state of a manifest model with forks and session changes.
  for (const model of ['two-cores-fork-session-h4']) {
    const spec = findModel(model);
    runs.push({ name: `explore ${model}`, params: modelParams(spec), kind: 'explore', model, schedules: 1, blocks: spec.horizon, seed: COVERAGE_SEED });
  }
  const fixed = reproposalSchedules();
  runs.push({ name: 'relay elastic-reproposal, evicted chain proposed again (hand-written)', params: reproposalParams('elastic'), kind: 'relay', schedules: fixed.length, blocks: 4, seed: COVERAGE_SEED, fixed });
  return runs;
}

function relaySchedules(run: CoverageRun): readonly Schedule[] {
  if (run.fixed) return run.fixed;
  const arb = run.kind === 'liveness' ? livenessScheduleArb(run.params, run.blocks) : scheduleArb(run.params, { blocks: run.blocks }, [run.mix as Mix]);
  return fc.sample(arb, { seed: run.seed, numRuns: run.schedules });
}

function netSchedules(run: CoverageRun): NetSchedule[] {
  return fc.sample(netScheduleArb(run.params, run.blocks), { seed: run.seed, numRuns: run.schedules });
}

/** Runs one coverage run with every invariant checked; throws on a violation (coverage of a broken run means nothing). */
export function executeRun(run: CoverageRun): number {
  let blocks = 0;
  if (run.kind === 'explore') {
    const r = explore(findModel(run.model!));
    if (r.result !== 'pass') throw new Error(`${run.name}: ${r.result}${r.counterexample ? ` ${r.counterexample.violation.property} ${r.counterexample.violation.message}` : ''}`);
    return r.transitions;
  }
  if (run.kind === 'pipeline') {
    for (const s of fc.sample(pipelineScheduleArb(run.params, run.blocks, run.mix as PipelineMix), { seed: run.seed, numRuns: run.schedules })) {
      const r = runPipeline(run.params, s, { nodeInvariants: NODE_INVARIANTS, invariants: PIPELINE_INVARIANTS });
      if (r.violation) throw new Error(`${run.name}: ${r.violation.property} ${r.violation.message}`);
      blocks += r.steps.length;
    }
  } else if (run.kind === 'network') {
    for (const s of netSchedules(run)) {
      const r = runNetwork(run.params, s, { nodeInvariants: NODE_INVARIANTS });
      if (r.violation) throw new Error(`${run.name}: ${r.violation.property} ${r.violation.message}`);
      blocks += r.steps.length;
    }
  } else
    for (const s of relaySchedules(run)) {
      const r = runSchedule(run.params, s);
      if (r.violation) throw new Error(`${run.name}: ${r.violation.property} ${r.violation.message}`);
      blocks += r.steps.length;
    }
  return blocks;
}

export interface CoverageRow {
  readonly machine: string;
  readonly transition: MachineTransition;
  readonly key: string;
  readonly taken: number;
  readonly gap: KnownGap | null;
}

export interface CoverageReport {
  readonly rows: readonly CoverageRow[];
  readonly unmatched: readonly string[];
  readonly unknownMachines: readonly string[];
  readonly runs: readonly { readonly name: string; readonly blocks: number }[];
}

export function computeCoverage(runs: readonly CoverageRun[] = coverageRuns()): CoverageReport {
  const done: { name: string; blocks: number }[] = [];
  const rec = recordCoverage(() => {
    for (const run of runs) done.push({ name: run.name, blocks: executeRun(run) });
  });
  const gaps = new Map(KNOWN_GAPS.map((g) => [g.key, g]));
  const rows = allTransitions().map((t) => {
    const key = transitionKey(t);
    return { machine: t.machine, transition: t, key, taken: rec.counts.get(key) ?? 0, gap: gaps.get(key) ?? null };
  });
  return { rows, unmatched: [...new Set(rec.unmatched)].sort(), unknownMachines: [...rec.unknownMachines].sort(), runs: done };
}

/** Untaken transitions that `KNOWN_GAPS` does not excuse. */
export function uncovered(report: CoverageReport): CoverageRow[] {
  return report.rows.filter((r) => r.taken === 0 && r.gap === null);
}

/** Listed gaps that are taken after all, or that name no transition. */
export function staleGaps(report: CoverageReport): string[] {
  const keys = new Map(report.rows.map((r) => [r.key, r]));
  return KNOWN_GAPS.filter((g) => !keys.has(g.key) || keys.get(g.key)!.taken > 0).map((g) => g.key);
}

export function renderCoverage(report: CoverageReport): string {
  const machines = [...new Set(report.rows.map((r) => r.machine))];
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    '# Transition coverage',
    '',
    'Generated by `npm run coverage` (`properties/coverage.ts`); do not edit by hand. `test/coverage/transitions.test.ts` fails when a',
    'transition is never taken and is not listed below as a known gap with its reason.',
    '',
    'Each machine transition (from the machine\'s configuration, `transitionsOf` in `cli/rulebook.ts`) with the number of times the',
    'runs below take it. Guarded alternatives with the same source, event and target are told apart by the guard that held',
    '(the guards are wrapped to log their verdicts while the runs record; see the header of `properties/coverage.ts`); an',
    '`always` transition is counted when the step that reaches its source continues through it.',
    '',
    '## Summary',
    '',
    '| machine | covered | transitions | known gaps |',
    '|---|---|---|---|',
    ...machines.map((m) => {
      const rows = report.rows.filter((r) => r.machine === m);
      return `| ${m} | ${rows.filter((r) => r.taken > 0).length} | ${rows.length} | ${rows.filter((r) => r.gap !== null).length} |`;
    }),
    '',
    '## Transitions',
    '',
    '| machine | transition | guard | times taken |',
    '|---|---|---|---|',
    ...report.rows.map((r) => `| ${r.machine} | \`${esc(`${r.transition.from} --${r.transition.event}--> ${r.transition.to}`)}\` | ${r.transition.guard ? `\`${r.transition.guard}\`` : (report.rows.some((o) => o !== r && o.machine === r.machine && o.transition.from === r.transition.from && o.transition.event === r.transition.event) ? '(otherwise)' : '')} | ${r.taken}${r.taken === 0 ? (r.gap ? ' (known gap)' : ' **UNCOVERED**') : ''} |`),
    '',
    '## Known gaps',
    '',
    ...(KNOWN_GAPS.length ? KNOWN_GAPS.map((g) => `- \`${esc(g.key)}\`: ${g.reason}`) : ['(none)']),
    '',
    '## Runs',
    '',
    `Seed ${COVERAGE_SEED}; every relay and node invariant is checked after every block of every run.`,
    '',
    '| run | schedules × blocks | relay blocks run (explorer: transitions) |',
    '|---|---|---|',
    ...coverageRuns().map((run) => `| ${run.name} | ${run.schedules} × ${run.blocks} | ${report.runs.find((x) => x.name === run.name)?.blocks ?? 0} |`),
    '',
    'The `reproposal` run uses a parameter set built in `properties/coverage.ts` (`reproposalParams`): the polkadot preset with',
    'an availability period of 1 and a group rotation every 2 blocks, so that a timed-out candidate\'s relay parent is still',
    'allowed when it is proposed again (scheduling_lookahead >= paras_availability_period + 2, which no preset satisfies).',
    '',
  ];
  return `${lines.join('\n')}\n`;
}

export function formatCoverageTable(report: CoverageReport): string {
  const w = Math.max(...report.rows.map((r) => r.key.length));
  return report.rows.map((r) => `${r.key.padEnd(w)}  ${String(r.taken).padStart(7)}${r.taken === 0 ? (r.gap ? '  (known gap)' : '  UNCOVERED') : ''}`).join('\n');
}

export const COVERAGE_DOC = join(ROOT, 'docs', 'coverage.md');

/** Writes docs/coverage.md; with `checkOnly`, returns whether it is current instead. */
export function writeCoverageDoc(report: CoverageReport, checkOnly = false): boolean {
  const text = renderCoverage(report);
  if (checkOnly) return existsSync(COVERAGE_DOC) && readFileSync(COVERAGE_DOC, 'utf8') === text;
  writeFileSync(COVERAGE_DOC, text);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const report = computeCoverage();
  console.log(formatCoverageTable(report));
  const bad = uncovered(report);
  if (report.unmatched.length) console.log(`\nunmatched steps:\n  ${report.unmatched.join('\n  ')}`);
  console.log(`\n${report.rows.filter((r) => r.taken > 0).length}/${report.rows.length} transitions taken; ${bad.length} uncovered without a reason; ${staleGaps(report).length} stale gaps`);
  if (process.argv.includes('--write')) {
    writeCoverageDoc(report);
    console.log(`wrote ${COVERAGE_DOC}`);
  }
  if (process.argv.includes('--check') && !writeCoverageDoc(report, true)) {
    console.log('docs/coverage.md is stale: run npm run coverage and commit it');
    process.exit(1);
  }
  if (bad.length || report.unmatched.length || staleGaps(report).length) process.exit(1);
}
