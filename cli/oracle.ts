/**
 * The oracle's commands: `simulate` (traces out), `check` (traces in) and `vectors` (the
 * conformance corpus). Exit status: 0 fine, 1 a divergence (check) or a stale corpus (vectors
 * --check), 2 bad input (a clear message naming the file, step and field).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { ParamsError, presetParams, validateParams, type ModelParams } from '../spec/params.ts';
import { SOURCES, simulate, type Source } from '../oracle/simulate.ts';
import { toItf, toJsonl, readTraceFile } from '../oracle/traceFile.ts';
import { checkTrace, formatCheck } from '../oracle/check.ts';
import { TraceError } from '../oracle/errors.ts';
import { resolveParams, PRESET_NAMES } from './params.ts';
import { readFileSync } from 'node:fs';
import { buildCorpus, syncCorpus, syncEventSchema, type Layer } from '../oracle/vectors/generate.ts';

function nat(name: string, max: number) {
  return (v: string) => {
    if (!/^\d+$/.test(v) || Number(v) > max) throw new InvalidArgumentError(`${name} must be an integer from 0 to ${max}, got "${v}"`);
    return Number(v);
  };
}

function paramsFromFile(path: string): ModelParams {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new TraceError(`cannot read the parameters: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: path });
  }
  try {
    return validateParams(JSON.parse(text) as ModelParams);
  } catch (e) {
    throw new TraceError((e as Error).message, { file: path });
  }
}

export function registerOracleCommands(program: Command): void {
  program
    .command('simulate')
    .description('run random schedules through the spec and write each run as a trace (ITF .itf.json, or JSON lines)')
    .option('--source <source>', `what drives the run: ${SOURCES.join(', ')}`, 'pipeline')
    .option('-p, --preset <name>', `parameters (${PRESET_NAMES.join(', ')})`, 'polkadot')
    .option('--param <key=value...>', 'override a parameter of the preset (see verify --help)', [])
    .option('-s, --seed <n>', 'fast-check seed', nat('--seed', 2 ** 31 - 1), 1)
    .option('-r, --runs <n>', 'how many runs (run k is the k-th schedule of the seed)', nat('--runs', 100_000), 1)
    .option('--first-run <n>', 'number of the first run', nat('--first-run', 1_000_000), 0)
    .option('-b, --blocks <n>', 'relay blocks (slots) per run', nat('--blocks', 100_000), 30)
    .option('--mix <mix>', 'pipeline: honest, faulty, outage or any; relay: honest, faulty, adversarial or outage')
    .option('--format <format>', 'itf or jsonl', 'itf')
    .requiredOption('-o, --out <path>', 'output folder (one file per run), or a file when --runs is 1')
    .action((opts) => {
      if (!(SOURCES as readonly string[]).includes(opts.source)) throw new ParamsError('--source', `must be one of ${SOURCES.join(', ')}, got "${opts.source}"`);
      if (opts.format !== 'itf' && opts.format !== 'jsonl') throw new ParamsError('--format', `must be itf or jsonl, got "${opts.format}"`);
      const pipelineMixes = ['honest', 'faulty', 'outage', 'any'];
      const relayMixes = ['honest', 'faulty', 'adversarial', 'outage'];
      if (opts.mix !== undefined) {
        const ok = opts.source === 'pipeline' ? pipelineMixes : opts.source === 'relay' ? relayMixes : [];
        if (!ok.includes(opts.mix)) throw new ParamsError('--mix', opts.source === 'network' ? 'the network source has no mixes' : `must be one of ${ok.join(', ')} for --source ${opts.source}, got "${opts.mix}"`);
      }
      if (opts.blocks < 1) throw new ParamsError('--blocks', 'must be at least 1');
      const params = resolveParams(opts.preset, opts.param);
      const ext = opts.format === 'itf' ? '.itf.json' : '.jsonl';
      const single = opts.runs === 1 && (opts.out.endsWith('.json') || opts.out.endsWith('.jsonl'));
      for (let k = 0; k < opts.runs; k++) {
        const run = opts.firstRun + k;
        const t = simulate(params, { source: opts.source as Source, seed: opts.seed, run, blocks: opts.blocks, ...(opts.mix ? { mix: opts.mix } : {}) });
        const file = single ? opts.out : join(opts.out, `${opts.source}-${params.name}-seed${opts.seed}-run${run}${ext}`);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, opts.format === 'itf' ? `${JSON.stringify(toItf(t))}\n` : toJsonl(t));
        process.stdout.write(`${file}: ${t.steps.length} steps (${params.name}, ${opts.source}, seed ${opts.seed}, run ${run})\n`);
      }
    });

  program
    .command('check')
    .description('replay a trace observed from another implementation and report the first step where it disagrees with the spec')
    .argument('<files...>', 'trace files: ITF (.itf.json) or JSON lines (.jsonl)')
    .option('-p, --preset <name>', 'parameters, if the trace does not name them')
    .option('--params <file>', 'parameters as a JSON file (ModelParams), if the trace does not name them')
    .action((files: string[], opts) => {
      if (opts.preset && opts.params) throw new ParamsError('--params', 'give --preset or --params, not both');
      const override = opts.preset ? presetParams(opts.preset) : opts.params ? paramsFromFile(opts.params) : undefined;
      let diverged = false;
      for (const f of files) {
        const r = checkTrace(readTraceFile(f), override);
        process.stdout.write(`${formatCheck(r, f)}\n`);
        if (r.divergence) diverged = true;
      }
      process.exitCode = diverged ? 1 : 0;
    });

  program
    .command('vectors')
    .description('regenerate the conformance vectors (vectors/: every rule each side of its boundary, and random runs per preset) and schema/event.schema.json')
    .option('--write', 'write vectors/ (default: only report what would change)')
    .option('--check', 'exit 1 if vectors/ is not what would be generated')
    .option('--layer <layers...>', 'only these layers: relay, node, parachain (and no random runs); for working on scenarios')
    .action((opts) => {
      const layers = (opts.layer as string[] | undefined) ?? ['relay', 'node', 'parachain'];
      for (const l of layers) if (!['relay', 'node', 'parachain'].includes(l)) throw new ParamsError('--layer', `must be relay, node or parachain, got "${l}"`);
      const corpus = buildCorpus(layers as Layer[], opts.layer === undefined);
      for (const p of corpus.problems) process.stderr.write(`problem: ${p}\n`);
      if (opts.layer !== undefined) {
        process.stdout.write(`${corpus.vectors.length} vectors built for ${layers.join(', ')}; ${corpus.problems.length} problems\n`);
        process.exitCode = corpus.problems.length ? 1 : 0;
        return;
      }
      const diffs = [...syncCorpus(corpus, { check: !opts.write }), ...syncEventSchema(!opts.write)];
      for (const d of diffs) process.stdout.write(`${d}\n`);
      process.stdout.write(`${corpus.vectors.length} vectors; ${diffs.length} files ${opts.write ? 'written' : 'differ'}; ${corpus.problems.length} problems\n`);
      process.exitCode = (opts.check && diffs.length) || corpus.problems.length ? 1 : 0;
    });
}
