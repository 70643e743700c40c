/**
 * Small models for exhaustive exploration, as data (models/manifest.json, in the style of
 * tlaplus/Examples' manifest): a preset with overrides, a horizon of H relay blocks, a FINITE choice
 * set per relay block, the rules switched off (for broken-rule models) and the expected result with
 * its distinct-state count.
 *
 * A choice set lists, per dimension, the values the environment may pick in every block; the
 * explorer takes their Cartesian product (`expandChoices`) as the events of one block, each decoded
 * against the current state by `properties/schedule.ts` `decodeBlock`, exactly as the property suite
 * decodes its random schedules.
 */
import { readFileSync } from 'node:fs';
import { resolveParams } from '../cli/params.ts';
import { PRESET_NAMES, ParamsError, type ModelParams } from '../spec/params.ts';
import { RULES_BY_ID } from '../spec/ruleBook.ts';
import { AVAILABILITY_LEVELS, CANDIDATE_KINDS, type AvailabilityLevel, type BlockChoice, type CandidateChoice } from '../properties/schedule.ts';

/** Candidate kinds the explorer's state key is sound for (see explore/key.ts). */
export const EXPLORABLE_KINDS = CANDIDATE_KINDS.filter((k) => k !== 'foreignRelayParent');

export interface ParaChoiceSet {
  /** Each entry is one availability option: the levels by position in the pending chain. */
  readonly availability: readonly (readonly AvailabilityLevel[])[];
  /** Each entry is one option for what the block author puts in for this para. */
  readonly candidates: readonly (readonly CandidateChoice[])[];
}

export interface ChoiceSet {
  readonly forkBack: readonly number[];
  readonly endsSession: readonly boolean[];
  readonly dispute: readonly (number | null)[];
  readonly badBitfield: readonly boolean[];
  /** One entry per para of the model, in the order of `params.paras`. */
  readonly paras: readonly ParaChoiceSet[];
}

export interface Expected {
  readonly result: 'pass' | 'violation';
  readonly distinctStates: number;
  readonly transitions: number;
  readonly depth: number;
  /** For a violation: the invariant and the length (relay blocks) of the shortest counterexample. */
  readonly property?: string;
  readonly counterexampleLength?: number;
}

export interface ModelSpec {
  readonly name: string;
  readonly description: string;
  readonly preset: string;
  /** `--param`-style overrides, e.g. "scheduler.numCores=1" is not overridable; see cli/params.ts. */
  readonly params: readonly string[];
  /** Cores assignment override (one para id per core), when the preset's differs. */
  readonly coreAssignment?: readonly number[];
  readonly horizon: number;
  readonly choices: ChoiceSet;
  readonly rulesOff: readonly string[];
  /** Runs in the manifest test (explores in well under 10 s). */
  readonly fast: boolean;
  readonly expected: Expected;
}

export interface Manifest {
  readonly description: string;
  readonly models: readonly ModelSpec[];
}

/** Bad input to the explorer; a `ParamsError`, so the command line maps it to exit status 2. */
export class ModelError extends ParamsError {
  constructor(field: string, message: string) {
    super(field, message);
    this.name = 'ModelError';
  }
}

export const MANIFEST_URL = new URL('../models/manifest.json', import.meta.url);

export function loadManifest(url: URL = MANIFEST_URL): Manifest {
  const m = JSON.parse(readFileSync(url, 'utf8')) as Manifest;
  if (!m || !Array.isArray(m.models)) throw new ModelError('models', 'the manifest has no "models" list');
  return m;
}

export function findModel(name: string, manifest: Manifest = loadManifest()): ModelSpec {
  const m = manifest.models.find((x) => x.name === name);
  if (!m) throw new ModelError('model', `unknown model "${name}"; known models: ${manifest.models.map((x) => x.name).join(', ')}`);
  return m;
}

function list<T>(field: string, v: unknown, check: (x: unknown) => x is T): readonly T[] {
  if (!Array.isArray(v) || v.length === 0) throw new ModelError(field, 'must be a non-empty list');
  v.forEach((x, i) => {
    if (!check(x)) throw new ModelError(`${field}[${i}]`, `unexpected value ${JSON.stringify(x)}`);
  });
  return v as T[];
}

const isNat = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isBool = (x: unknown): x is boolean => typeof x === 'boolean';

/** The model's parameters (validated), with a clear error naming the field. */
export function modelParams(m: ModelSpec): ModelParams {
  if (!PRESET_NAMES.includes(m.preset)) throw new ModelError(`${m.name}.preset`, `unknown preset "${m.preset}"; known presets: ${PRESET_NAMES.join(', ')}`);
  let p = resolveParams(m.preset, m.params ?? []);
  if (m.coreAssignment) {
    const paras = [...new Set(m.coreAssignment)];
    p = { ...p, coreAssignment: m.coreAssignment, scheduler: { ...p.scheduler, numCores: m.coreAssignment.length }, paras: p.paras.filter((x) => paras.includes(x.id)) };
  }
  return { ...p, name: `model:${m.name}` };
}

/** Checks a model description and returns its parameters and expanded block choices. */
export function checkModel(m: ModelSpec): { params: ModelParams; choices: BlockChoice[] } {
  if (typeof m.name !== 'string' || !m.name) throw new ModelError('name', 'a model needs a name');
  if (!isNat(m.horizon) || m.horizon < 1 || m.horizon > 64) throw new ModelError(`${m.name}.horizon`, `must be an integer from 1 to 64, got ${JSON.stringify(m.horizon)}`);
  for (const r of m.rulesOff ?? []) if (!RULES_BY_ID.has(r)) throw new ModelError(`${m.name}.rulesOff`, `unknown rule "${r}"`);
  const params = modelParams(m);
  const c = m.choices;
  if (!c) throw new ModelError(`${m.name}.choices`, 'missing');
  list(`${m.name}.choices.forkBack`, c.forkBack, isNat);
  list(`${m.name}.choices.endsSession`, c.endsSession, isBool);
  list(`${m.name}.choices.dispute`, c.dispute, (x): x is number | null => x === null || isNat(x));
  list(`${m.name}.choices.badBitfield`, c.badBitfield, isBool);
  if (!Array.isArray(c.paras) || c.paras.length !== params.paras.length)
    throw new ModelError(`${m.name}.choices.paras`, `needs one entry per para (${params.paras.length}), got ${Array.isArray(c.paras) ? c.paras.length : 'none'}`);
  c.paras.forEach((pc, i) => {
    list(`${m.name}.choices.paras[${i}].availability`, pc.availability, (x): x is AvailabilityLevel[] =>
      Array.isArray(x) && x.length > 0 && x.every((l) => (AVAILABILITY_LEVELS as readonly unknown[]).includes(l)),
    );
    list(`${m.name}.choices.paras[${i}].candidates`, pc.candidates, (x): x is CandidateChoice[] =>
      Array.isArray(x) &&
      x.every((k) => typeof k === 'object' && k !== null && (EXPLORABLE_KINDS as readonly unknown[]).includes((k as CandidateChoice).kind) && isNat((k as CandidateChoice).rpBack) && isNat((k as CandidateChoice).variant)),
    );
  });
  return { params, choices: expandChoices(c) };
}

function product<T>(lists: readonly (readonly T[])[]): T[][] {
  return lists.reduce<T[][]>((acc, l) => acc.flatMap((a) => l.map((x) => [...a, x])), [[]]);
}

/** The Cartesian product of a choice set: every event the environment may take in one block. */
export function expandChoices(c: ChoiceSet): BlockChoice[] {
  const perPara = c.paras.map((pc) => product<unknown>([pc.availability, pc.candidates]).map(([availability, candidates]) => ({ availability, candidates }) as BlockChoice['paras'][number]));
  const out: BlockChoice[] = [];
  for (const forkBack of c.forkBack)
    for (const endsSession of c.endsSession)
      for (const dispute of c.dispute)
        for (const badBitfield of c.badBitfield) for (const paras of product(perPara)) out.push({ forkBack, endsSession, dispute, badBitfield, paras });
  return out;
}
