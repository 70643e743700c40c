/**
 * `async-backing explore`: breadth-first exploration of every reachable state of a small model from
 * models/manifest.json, with a progress bar, a summary (distinct states, transitions, depth,
 * states/second) and, on a violation, the shortest counterexample as a relay-block trace.
 *
 * Exit status: 0 when the result is what the manifest expects (pass, or for a broken-rule model the
 * expected violation), 1 otherwise (including a stop at a state or time limit), 2 on bad input
 * (a `ModelError` naming the field). Runs standalone too: `npx tsx cli/explore.ts --model NAME`.
 */
import cliProgress from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { pathToFileURL } from 'node:url';
import { explore, type ExploreResult } from '../explore/explorer.ts';
import { STEPPERS, type Stepper } from '../machines/engine.ts';
import { SYMMETRIES, type Symmetry } from '../explore/key.ts';
import { findModel, loadManifest, ModelError, type ModelSpec } from '../explore/model.ts';
import { ParamsError } from '../spec/params.ts';

export interface ExploreCliOptions {
  readonly model: string;
  readonly horizon?: number;
  readonly maxStates?: number;
  readonly maxSeconds?: number;
  readonly symmetry: Symmetry;
  readonly stepper: Stepper;
  readonly progress: boolean;
  readonly json: boolean;
  readonly shard?: { index: number; count: number; depth: number };
}

function int(name: string, min: number, max: number) {
  return (v: string) => {
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}, got "${v}"`);
    return Number(v);
  };
}

/** Whether a result is what the manifest expects (result, and for a violation the property). */
export function asExpected(m: ModelSpec, r: ExploreResult): boolean {
  if (r.result !== m.expected.result) return false;
  return r.result !== 'violation' || r.counterexample?.violation.property === m.expected.property;
}

export function runExplore(o: ExploreCliOptions, out: (s: string) => void = (s) => process.stdout.write(`${s}\n`)): number {
  const model = findModel(o.model);
  out(`Exploring ${model.name}: ${model.description}`);
  out(`  horizon ${o.horizon ?? model.horizon} relay blocks · symmetry ${o.symmetry} · stepper ${o.stepper}${model.rulesOff.length ? ` · rules off: ${model.rulesOff.join(', ')}` : ''}`);
  const bar =
    o.progress && process.stderr.isTTY
      ? new cliProgress.SingleBar({ format: ' depth {depth}/{horizon} [{bar}] {states} states · {transitions} transitions · {rate} states/s', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic)
      : null;
  const horizon = o.horizon ?? model.horizon;
  bar?.start(horizon, 0, { depth: 0, horizon, states: 0, transitions: 0, rate: 0 });
  const r = explore(model, {
    symmetry: o.symmetry,
    stepper: o.stepper,
    ...(o.horizon !== undefined ? { horizon: o.horizon } : {}),
    ...(o.maxStates !== undefined ? { maxStates: o.maxStates } : {}),
    ...(o.maxSeconds !== undefined ? { maxSeconds: o.maxSeconds } : {}),
    ...(o.shard ? { shard: o.shard } : {}),
    onProgress: (p) => bar?.update(p.depth, { depth: p.depth, states: p.states, transitions: p.transitions, rate: Math.round(p.states / Math.max(p.seconds, 1e-3)) }),
  });
  bar?.stop();
  if (o.json) {
    const { counterexample, keys, ...rest } = r;
    out(JSON.stringify({ ...rest, counterexample: counterexample ? { property: counterexample.violation.property, length: counterexample.choices.length, choices: counterexample.choices } : undefined }));
  }
  out(`  result:          ${r.result}${r.limitReason ? ` (${r.limitReason})` : ''}`);
  out(`  distinct states: ${r.distinctStates}`);
  out(`  transitions:     ${r.transitions} (${r.choicesPerBlock} choices per block)`);
  out(`  depth reached:   ${r.depth} of ${r.horizon}`);
  out(`  time:            ${r.seconds.toFixed(2)} s · ${Math.round(r.statesPerSecond)} states/s · ${Math.round(r.transitionsPerSecond)} transitions/s`);
  if (r.counterexample) {
    const c = r.counterexample;
    out('');
    out(`Shortest counterexample (${c.choices.length} relay blocks): ${c.violation.property} ${c.violation.name}`);
    out(`  ${c.violation.message}`);
    out(c.trace);
    out(`  choices: ${c.choices.join(':')} (indices into the model's expanded choice set)`);
  }
  const expected = model.expected;
  const countMatches = o.horizon === undefined && o.symmetry === 'canonical' && !o.shard ? r.distinctStates === expected.distinctStates : true;
  const lengthMatches = r.result !== 'violation' || o.horizon !== undefined || r.counterexample?.choices.length === expected.counterexampleLength;
  const ok = asExpected(model, r) && countMatches && lengthMatches;
  out('');
  out(`${ok ? 'OK' : 'UNEXPECTED'}: the manifest expects ${expected.result}${expected.property ? ` of ${expected.property} in ${expected.counterexampleLength} blocks` : ''} with ${expected.distinctStates} distinct states`);
  return ok ? 0 : 1;
}

export function registerExploreCommand(program: Command): void {
  program
    .command('explore')
    .description('explore every reachable state of a small model (models/manifest.json) breadth-first, every invariant in every state')
    .option('-m, --model <name>', 'the model to explore (--list shows them)')
    .option('--list', 'list the models of the manifest')
    .option('--horizon <n>', 'relay blocks from genesis (default: the model\'s)', int('--horizon', 1, 64))
    .option('--max-states <n>', 'stop after this many distinct states', int('--max-states', 1, 1e9))
    .option('--max-seconds <n>', 'stop after this many seconds', int('--max-seconds', 1, 1e7))
    .option('--symmetry <kind>', `hash renaming: ${SYMMETRIES.join(', ')}`, 'canonical')
    .option('--stepper <stepper>', 'interpreter (the engine\'s hot path) or xstate (XState\'s own transition(), the reference)', 'interpreter')
    .option('--shard <i/n@d>', 'explore only start states i, i+n, … at depth d (e.g. 0/2@3): see docs/bench.md')
    .option('--json', 'also print the result as one JSON line', false)
    .option('--no-progress', 'no progress bar')
    .action((opts) => {
      if (opts.list) {
        for (const m of loadManifest().models) process.stdout.write(`${m.name.padEnd(28)} H=${m.horizon} ${m.expected.result} ${m.expected.distinctStates} states${m.fast ? '' : ' (slow)'}\n`);
        return;
      }
      if (!opts.model) throw new ModelError('--model', 'name a model (--list shows them)');
      if (!SYMMETRIES.includes(opts.symmetry)) throw new ModelError('--symmetry', `must be one of ${SYMMETRIES.join(', ')}, got "${opts.symmetry}"`);
      if (!STEPPERS.includes(opts.stepper)) throw new ModelError('--stepper', `must be one of ${STEPPERS.join(', ')}, got "${opts.stepper}"`);
      let shard: ExploreCliOptions['shard'];
      if (opts.shard !== undefined) {
        const m = /^(\d+)\/(\d+)@(\d+)$/.exec(opts.shard);
        if (!m) throw new ModelError('--shard', `expected i/n@depth, e.g. 0/2@3, got "${opts.shard}"`);
        shard = { index: Number(m[1]), count: Number(m[2]), depth: Number(m[3]) };
      }
      process.exitCode = runExplore({
        model: opts.model,
        symmetry: opts.symmetry,
        stepper: opts.stepper,
        progress: opts.progress,
        json: opts.json,
        ...(opts.horizon !== undefined ? { horizon: opts.horizon } : {}),
        ...(opts.maxStates !== undefined ? { maxStates: opts.maxStates } : {}),
        ...(opts.maxSeconds !== undefined ? { maxSeconds: opts.maxSeconds } : {}),
        ...(shard ? { shard } : {}),
      });
    });
}

// Standalone: npx tsx cli/explore.ts --model NAME (before the command is registered in cli/main.ts).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const program = new Command();
  program.name('explore').exitOverride();
  registerExploreCommand(program);
  try {
    await program.parseAsync(['node', 'explore', 'explore', ...process.argv.slice(2)]);
  } catch (e) {
    if (e instanceof ParamsError) {
      process.stderr.write(`error: ${e.message}\n`);
      process.exitCode = 2;
    } else if (e && typeof e === 'object' && 'exitCode' in e) process.exitCode = (e as unknown as { code: string }).code === 'commander.helpDisplayed' ? 0 : 2;
    else throw e;
  }
}
