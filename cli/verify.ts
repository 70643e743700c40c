/**
 * `async-backing verify`: the property suite with progress, a results table, and every counterexample
 * printed relay block by relay block with the seed and path that replay it.
 */
import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import { writeFileSync } from 'node:fs';
import { SDK_TAG } from '../spec/source.ts';
import { withRulesOff } from '../spec/ablation.ts';
import type { ModelParams } from '../spec/params.ts';
import { formatTrace } from '../properties/format.ts';
import { match } from 'ts-pattern';
import { runSuite, suiteOk, type Outcome, type PropertyRow } from '../properties/suite.ts';

export interface VerifyOptions {
  readonly presets: readonly { name: string; params: ModelParams }[];
  readonly runs: number;
  readonly blocks: number;
  readonly seed: number;
  readonly seedWasGiven: boolean;
  readonly only?: readonly string[];
  readonly path?: string;
  readonly full: boolean;
  readonly progress: boolean;
  readonly json?: string;
  readonly overrides: readonly string[];
  /** Rules switched off (a demonstration that the properties catch their absence). */
  readonly rulesOff: readonly string[];
}

/** How a result reads in the table; failures in capitals. */
export function outcomeLabel(o: Outcome): string {
  return match(o)
    .with('passed', () => 'passed')
    .with('violated', () => 'VIOLATED')
    .with('witnessed', () => 'witnessed')
    .with('not witnessed', () => 'NOT WITNESSED')
    .with('vacuous', () => 'VACUOUS')
    .with('not applicable', () => 'n/a')
    .exhaustive();
}

function describeParams(p: ModelParams): string {
  const a = p.asyncBacking;
  const s = p.scheduler;
  return `depth ${a.maxCandidateDepth}, ancestry ${a.allowedAncestryLen} (lookahead ${s.schedulingLookahead}), ${p.validators} validators, ${s.numCores} cores [${p.coreAssignment.join(', ')}], rotation every ${s.groupRotationFrequency}, availability period ${s.parasAvailabilityPeriod}, min backing votes ${p.minimumBackingVotes}`;
}

function replayCommand(o: VerifyOptions, r: PropertyRow): string {
  const params = o.overrides.map((x) => ` --param ${x}`).join('') + (o.rulesOff.length ? ` --rules-off ${o.rulesOff.join(' ')}` : '');
  const preset = r.preset.split('+')[0];
  return `npx async-backing verify --preset ${preset}${params} --property ${r.id} --runs ${o.runs} --blocks ${o.blocks} --seed ${r.seed}${r.path ? ` --path ${r.path}` : ''} --full`;
}

export function verify(o: VerifyOptions): number {
  const out = (s = '') => process.stdout.write(`${s}\n`);
  out(`Asynchronous backing, executable specification (polkadot-sdk ${SDK_TAG})`);
  out(`Seed ${o.seed}${o.seedWasGiven ? '' : ' (random; pass --seed to repeat this run)'} · ${o.runs} schedules of ${o.blocks} relay blocks per preset`);
  for (const p of o.presets) out(`  ${p.name}: ${describeParams(p.params)}`);
  if (o.rulesOff.length) out(`  rules switched off: ${o.rulesOff.join(', ')} (the suite should now fail)`);
  out();
  const bars = o.progress && process.stderr.isTTY ? new cliProgress.MultiBar({ format: ' {label} [{bar}] {value}/{total}', hideCursor: true, clearOnComplete: true, stopOnComplete: true }, cliProgress.Presets.shades_classic) : null;
  const current = new Map<string, cliProgress.SingleBar>();
  let lastLine = '';
  const rows = withRulesOff(o.rulesOff, () => runSuite({
    presets: o.presets,
    runs: o.runs,
    blocks: o.blocks,
    seed: o.seed,
    ...(o.only ? { only: o.only } : {}),
    ...(o.path ? { path: o.path } : {}),
    onProgress: (label, done, total) => {
      if (bars) {
        let bar = current.get(label);
        if (!bar) current.set(label, (bar = bars.create(total, 0, { label: label.padEnd(28) })));
        bar.update(done);
      } else if (o.progress && (done === total || done % Math.max(1, Math.floor(total / 4)) === 0)) {
        const line = `  … ${label}: ${done}/${total}`;
        if (line !== lastLine) process.stderr.write(`${line}\n`);
        lastLine = line;
      }
    },
  }));
  bars?.stop();

  const table = new Table({
    head: ['property', 'kind', 'preset', 'runs', 'relay blocks', 'result', 'seed / path'],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const r of rows)
    table.push([`${r.id} ${r.name}`, r.kind, r.preset, String(r.runs), String(r.blocks), outcomeLabel(r.outcome), r.path ? `${r.seed} / ${r.path}` : String(r.seed)]);
  out(table.toString());

  const failures = rows.filter((r) => !r.ok);
  for (const r of rows.filter((x) => x.outcome === 'violated')) {
    out();
    out(`Counterexample: ${r.id} ${r.name} (${r.preset})`);
    out(`  ${r.statement}`);
    out(`  ${r.message ?? ''}`);
    if (r.counterexample) out(formatTrace(r.counterexample.run.steps.slice(0, r.counterexample.violation.step + 1), r.counterexample.violation, o.full ? Infinity : 8));
    out(`  replay: ${replayCommand(o, r)}`);
  }
  const witnessed = rows.filter((r) => r.outcome === 'witnessed');
  if (witnessed.length) {
    out();
    out('Witnesses (statements that must fail, and did):');
    for (const r of witnessed) {
      out(`  ${r.id} ${r.preset}: "${r.statement}" fails: ${r.message}`);
      if (o.full && r.counterexample) out(formatTrace(r.counterexample.run.steps.slice(0, r.counterexample.violation.step + 1), r.counterexample.violation, Infinity));
    }
    out(`  (replay one with: npx async-backing verify --preset <preset> --property <id> --runs ${o.runs} --blocks ${o.blocks} --seed ${o.seed} --path <path> --full)`);
  }
  for (const r of rows.filter((x) => x.outcome === 'not witnessed' || x.outcome === 'vacuous')) {
    out();
    out(`${r.id} ${r.name} (${r.preset}) ${outcomeLabel(r.outcome)}: ${r.note ?? `no run produced the counterexample "${r.statement}" needs`}`);
  }
  if (o.json) writeFileSync(o.json, JSON.stringify(rows.map(({ counterexample, ...rest }) => ({ ...rest, trace: counterexample ? formatTrace(counterexample.run.steps, counterexample.violation) : undefined })), null, 2));
  out();
  const counts = (k: string) => rows.filter((r) => r.outcome === k).length;
  // Invariant and witness rows of a preset share the same runs: count those blocks once per preset.
  const shared = new Map<string, number>();
  for (const r of rows) if (r.kind !== 'liveness') shared.set(r.preset, Math.max(shared.get(r.preset) ?? 0, r.blocks));
  const blocks = [...shared.values()].reduce((s, b) => s + b, 0) + rows.filter((r) => r.kind === 'liveness').reduce((s, r) => s + r.blocks, 0);
  out(`${suiteOk(rows) ? 'OK' : 'FAILED'}: ${counts('passed')} passed, ${counts('witnessed')} witnessed as required, ${failures.length} failed`);
  out(`(each invariant checked after every block; about ${blocks.toLocaleString('en')} relay blocks simulated in all)`);
  return suiteOk(rows) ? 0 : 1;
}
