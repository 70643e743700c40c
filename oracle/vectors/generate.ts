/**
 * The conformance corpus (`async-backing vectors`): every scenario of the rule book's rules
 * (oracle/vectors/{relay,node,parachain}.ts, two per rule at least: one each side of its boundary)
 * and random multi-block runs of each preset, written to vectors/ as JSON with an index.
 *
 * A vector is written only if its decisive step meets its expectation. Then, for every rule, the
 * events of its vectors are replayed with the rule switched off (spec/ablation.ts): the index
 * records for each vector whether the decisive step's verdict or projection changed, and a rule none
 * of whose vectors changes is an error (the vectors would not exercise it). Everything is
 * deterministic: the files are the same on every run, and `--check` fails on any difference.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withRulesOff } from '../../spec/ablation.ts';
import { presetParams, type ModelParams } from '../../spec/params.ts';
import { RULE_BOOK } from '../../spec/ruleBook.ts';
import { SDK_TAG } from '../../spec/source.ts';
import { pvdHash, type PersistedValidationData } from '../../spec/types.ts';
import { applyEvent, initialOracle, project, type OracleState } from '../oracle.ts';
import { TraceError } from '../errors.ts';
import { RejectedEvent } from '../../machines/engine.ts';
import { InvalidNetworkEvent } from '../../machines/network.ts';
import { InvalidRelayBlock } from '../../machines/relayChain.ts';
import { comparable } from '../check.ts';
import { simulate, type Source } from '../simulate.ts';
import { EVENT_SCHEMA, type OracleEvent } from '../events.ts';
import type { Projection } from '../projection.ts';
import { describeExpectation, Scenario, unmet, type ScenarioStep } from './dsl.ts';
import { paramsOf, UNREACHABLE, type VectorSpec } from './registry.ts';
import { RELAY_VECTORS } from './relay.ts';
import { NODE_VECTORS } from './node.ts';
import { PARACHAIN_VECTORS } from './parachain.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VECTORS_DIR = join(ROOT, 'vectors');
export { VECTOR_FORMAT } from '../traceFile.ts';
import { VECTOR_FORMAT } from '../traceFile.ts';
export const VECTOR_VERSION = 1;

const LAYERS = { relay: RELAY_VECTORS, node: NODE_VECTORS, parachain: PARACHAIN_VECTORS } as const;
export type Layer = keyof typeof LAYERS;

/** The random runs of the corpus: every source on every main preset, short. */
export const RUNS: readonly { source: Source; preset: string; seed: number; blocks: number }[] = (['sync', 'polkadot', 'elastic'] as const).flatMap((preset) =>
  (['pipeline', 'network', 'relay'] as const).map((source) => ({ source, preset, seed: 20261125, blocks: 12 })),
);

export interface Vector {
  readonly format: typeof VECTOR_FORMAT;
  readonly version: typeof VECTOR_VERSION;
  readonly name: string;
  readonly rule: string | null;
  readonly case: 'accept' | 'reject' | 'run';
  readonly boundary: string;
  readonly generated: { readonly by: string; readonly polkadotSdk: string; readonly source: string; readonly seed?: number; readonly run?: number };
  readonly params: ModelParams;
  readonly genesis: { readonly relayBlock: string; readonly paraHeads: Readonly<Record<string, string>>; readonly validationCode: Readonly<Record<string, string>> };
  readonly initial: Projection;
  readonly steps: readonly ScenarioStep[];
  readonly decisive: { readonly step: number; readonly expect: string; readonly ruleMatters: boolean } | null;
  /** Every PVD the steps carry, with the hash the model gives it (descriptors name PVDs by hash). */
  readonly pvdHashes: readonly { readonly pvd: PersistedValidationData; readonly hash: string }[];
  readonly sdkTests?: readonly string[];
}

function genesisBlock(params: ModelParams): Vector['genesis'] {
  const s = initialOracle(params);
  return {
    relayBlock: s.network.relay.genesis,
    paraHeads: Object.fromEntries(params.paras.map((p) => [String(p.id), p.genesisHead])),
    validationCode: Object.fromEntries(params.paras.map((p) => [String(p.id), p.validationCodeHash])),
  };
}

function pvdsOf(steps: readonly { event: OracleEvent }[]): Vector['pvdHashes'] {
  const seen = new Map<string, PersistedValidationData>();
  for (const s of steps) if (s.event.type === 'collation') seen.set(pvdHash(s.event.pvd), s.event.pvd);
  return [...seen.entries()].map(([hash, pvd]) => ({ pvd, hash }));
}

/** Replays events from genesis; the outcome (verdict and projection) of step `at`, or the TraceError that stopped it. */
function outcomeAt(params: ModelParams, events: readonly OracleEvent[], at: number): string {
  let s: OracleState = initialOracle(params);
  try {
    for (let i = 0; i <= at; i++) {
      const r = applyEvent(s, events[i]);
      s = r.state;
      if (i === at) return JSON.stringify([comparable(r.verdict), project(s)]);
    }
  } catch (e) {
    // With a rule switched off a lifecycle machine may refuse what the runtime now does (the
    // property suite reports that as INV-15): the outcome changed.
    if (e instanceof TraceError || e instanceof RejectedEvent || e instanceof InvalidNetworkEvent || e instanceof InvalidRelayBlock) return `refused: ${e.message}`;
    throw e;
  }
  return 'unreached';
}

export function vectorName(spec: VectorSpec): string {
  return `${spec.rule}-${spec.case}-${spec.slug}`;
}

export interface BuiltVector {
  readonly layer: Layer | 'runs';
  readonly file: string;
  readonly vector: Vector;
}

/** Builds one scenario into a vector (no ablation check yet). */
export function buildVector(spec: VectorSpec, layer: Layer): BuiltVector {
  const params = paramsOf(spec);
  const name = vectorName(spec);
  const s = new Scenario(name, params);
  spec.build(s);
  if (!s.decisive) throw new Error(`vector ${name}: the scenario marks no decisive step`);
  const step = s.steps[s.decisive.step]!;
  const why = unmet(s.decisive.expectation, step, s.steps);
  if (why) throw new Error(`vector ${name}: at its decisive step ${s.decisive.step} (${step.event.type}): ${why}\n  verdict: ${JSON.stringify(step.verdict)}`);
  const vector: Vector = {
    format: VECTOR_FORMAT,
    version: VECTOR_VERSION,
    name,
    rule: spec.rule,
    case: spec.case,
    boundary: spec.boundary,
    generated: { by: 'async-backing vectors', polkadotSdk: SDK_TAG, source: `oracle/vectors/${layer}.ts` },
    params,
    genesis: genesisBlock(params),
    initial: project(initialOracle(params)),
    steps: s.steps,
    decisive: { step: s.decisive.step, expect: describeExpectation(s.decisive.expectation), ruleMatters: false },
    pvdHashes: pvdsOf(s.steps),
    ...(spec.sdkTests?.length ? { sdkTests: spec.sdkTests } : {}),
  };
  return { layer, file: join(layer, `${name}.json`), vector };
}

function withAblation(built: BuiltVector[]): BuiltVector[] {
  return built.map((b) => {
    const v = b.vector;
    if (!v.rule || !v.decisive) return b;
    const events = v.steps.map((s) => s.event);
    const normal = outcomeAt(v.params, events, v.decisive.step);
    const off = withRulesOff([v.rule], () => outcomeAt(v.params, events, v.decisive!.step));
    return { ...b, vector: { ...v, decisive: { ...v.decisive, ruleMatters: normal !== off } } };
  });
}

function runVectors(): BuiltVector[] {
  return RUNS.map((r) => {
    const params = presetParams(r.preset);
    const t = simulate(params, { source: r.source, seed: r.seed, run: 0, blocks: r.blocks });
    const name = `run-${r.source}-${r.preset}`;
    const vector: Vector = {
      format: VECTOR_FORMAT,
      version: VECTOR_VERSION,
      name,
      rule: null,
      case: 'run',
      boundary: `a random ${r.source} run of ${r.blocks} relay blocks (properties/${r.source === 'relay' ? 'schedule.ts' : `${r.source}/`}), seed ${r.seed}, run 0`,
      generated: { by: 'async-backing vectors', polkadotSdk: SDK_TAG, source: 'oracle/simulate.ts', seed: r.seed, run: 0 },
      params,
      genesis: genesisBlock(params),
      initial: t.initial,
      steps: t.steps,
      decisive: null,
      pvdHashes: pvdsOf(t.steps),
    };
    return { layer: 'runs' as const, file: join('runs', `${name}.json`), vector };
  });
}

export interface Corpus {
  readonly vectors: readonly BuiltVector[];
  /** Rules without an accept and a reject vector, or whose vectors all ignore the rule. */
  readonly problems: readonly string[];
}

export function buildCorpus(layers: readonly Layer[] = Object.keys(LAYERS) as Layer[], runs = true): Corpus {
  const built: BuiltVector[] = [];
  for (const layer of layers) for (const spec of LAYERS[layer]) built.push(buildVector(spec, layer));
  const names = new Set<string>();
  for (const b of built) {
    if (names.has(b.vector.name)) throw new Error(`two vectors are named ${b.vector.name}`);
    names.add(b.vector.name);
  }
  const checked = withAblation(built);
  const problems: string[] = [];
  const layerRules = RULE_BOOK.filter((r) => layers.includes(r.layer === 'relay-runtime' ? 'relay' : r.layer === 'node' ? 'node' : 'parachain'));
  for (const r of layerRules) {
    const mine = checked.filter((b) => b.vector.rule === r.id);
    const gap = UNREACHABLE[r.id];
    const has = (c: 'accept' | 'reject') => mine.some((b) => b.vector.case === c);
    const exempt = (c: 'accept' | 'reject') => gap !== undefined && (gap.missing === 'both' || gap.missing === c);
    for (const c of ['accept', 'reject'] as const) {
      if (!has(c) && !exempt(c)) problems.push(`${r.id}: no ${c} vector`);
      if (has(c) && exempt(c)) problems.push(`${r.id}: has a ${c} vector although UNREACHABLE says it cannot (remove it from the list)`);
    }
    // A rule one side of which is unreachable cannot show its ablation (the reachable side passes either way).
    if (mine.length && !gap && !mine.some((b) => b.vector.decisive?.ruleMatters)) problems.push(`${r.id}: switching it off changes none of its vectors' decisive steps`);
  }
  return { vectors: [...checked, ...(runs ? runVectors() : [])], problems };
}

// ---------------------------------------------------------------------------------------------
// Files

function stable(v: unknown): string {
  return `${JSON.stringify(v, null, 1)}\n`;
}

export function renderIndex(corpus: Corpus): { json: string; md: string } {
  const rows = corpus.vectors.map((b) => ({
    file: b.file.replace(/\\/g, '/'),
    name: b.vector.name,
    rule: b.vector.rule,
    case: b.vector.case,
    params: b.vector.params.name,
    steps: b.vector.steps.length,
    decisiveStep: b.vector.decisive?.step ?? null,
    expect: b.vector.decisive?.expect ?? null,
    ruleMatters: b.vector.decisive?.ruleMatters ?? null,
    boundary: b.vector.boundary,
  }));
  const json = stable({ format: 'async-backing-vector-index', version: VECTOR_VERSION, polkadotSdk: SDK_TAG, vectors: rows });
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const link = (b: BuiltVector) => `[${b.vector.case}](${b.file.replace(/\\/g, '/')})${b.vector.decisive?.ruleMatters ? '' : ' ◦'}`;
  const lines = [
    '# Conformance vectors',
    '',
    'Generated by `npx async-backing vectors --write` (oracle/vectors/); do not edit by hand. The format is in [FORMAT.md](FORMAT.md).',
    `Every rule of the rule book has at least one vector each side of its boundary (polkadot-sdk ${SDK_TAG}).`,
    'A vector marked ◦ does not change when its rule is switched off (its partner does: each rule has at least one that does, except the few rules one side of whose boundary no events can reach, listed with the reason).',
    '',
    '| rule | function | vectors | boundaries |',
    '|---|---|---|---|',
    ...RULE_BOOK.map((r) => {
      const mine = corpus.vectors.filter((b) => b.vector.rule === r.id);
      const gap = UNREACHABLE[r.id];
      const none = gap ? `${gap.missing === 'both' ? 'none' : `no ${gap.missing} vector`}: ${esc(gap.reason)}` : '';
      return `| ${r.id} | \`${r.fn}\` | ${mine.map(link).join(' · ') || '**none**'} | ${[...mine.map((b) => `${b.vector.case}: ${esc(b.vector.boundary)}`), ...(none ? [none] : [])].join('<br>')} |`;
    }),
    '',
    '## Random runs',
    '',
    '| vector | parameters | steps |',
    '|---|---|---|',
    ...corpus.vectors.filter((b) => b.vector.case === 'run').map((b) => `| [${b.vector.name}](${b.file.replace(/\\/g, '/')}) | ${b.vector.params.name} | ${b.vector.steps.length} |`),
    '',
  ];
  return { json, md: `${lines.join('\n')}\n` };
}

/** Every file the corpus consists of, relative to vectors/, with its contents (FORMAT.md is hand-written and kept). */
export function corpusFiles(corpus: Corpus): Map<string, string> {
  const out = new Map<string, string>();
  for (const b of corpus.vectors) out.set(b.file.replace(/\\/g, '/'), stable(b.vector));
  const index = renderIndex(corpus);
  out.set('index.json', index.json);
  out.set('INDEX.md', index.md);
  return out;
}

function filesOnDisk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p).replace(/\\/g, '/'));
    }
  };
  walk(dir);
  return out.filter((f) => f !== 'FORMAT.md');
}

/** Writes the corpus (removing vectors no scenario makes any more); with `check`, lists the differences instead. */
export function syncCorpus(corpus: Corpus, opts: { check: boolean; dir?: string }): string[] {
  const dir = opts.dir ?? VECTORS_DIR;
  const want = corpusFiles(corpus);
  const diffs: string[] = [];
  for (const [f, text] of want) {
    const p = join(dir, f);
    const have = existsSync(p) ? readFileSync(p, 'utf8') : null;
    if (have === text) continue;
    diffs.push(have === null ? `missing: vectors/${f}` : `differs: vectors/${f}`);
    if (!opts.check) {
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
    }
  }
  for (const f of filesOnDisk(dir))
    if (!want.has(f)) {
      diffs.push(`not generated: vectors/${f}`);
      if (!opts.check) rmSync(join(dir, f));
    }
  return diffs;
}

/** schema/event.schema.json is `EVENT_SCHEMA` (oracle/events.ts), for readers in other languages. */
export const EVENT_SCHEMA_FILE = join(ROOT, 'schema', 'event.schema.json');

export function syncEventSchema(check: boolean): string[] {
  const text = stable(EVENT_SCHEMA);
  const have = existsSync(EVENT_SCHEMA_FILE) ? readFileSync(EVENT_SCHEMA_FILE, 'utf8') : null;
  if (have === text) return [];
  if (!check) {
    mkdirSync(dirname(EVENT_SCHEMA_FILE), { recursive: true });
    writeFileSync(EVENT_SCHEMA_FILE, text);
  }
  return [have === null ? 'missing: schema/event.schema.json' : 'differs: schema/event.schema.json'];
}
