/**
 * Trace files, in and out: ITF (`.itf.json`, oracle/itf.ts) and a plain JSON-lines event log
 * (`.jsonl`), both described in vectors/FORMAT.md.
 *
 * JSON lines: the first line is a header `{"format": "async-backing-trace", "version": 1, "params":
 * {…}}` (or `"preset": "polkadot"` instead of `params`); every further line is one step
 * `{"event": {…}, "verdict": {…}, "state": {…}}`, where `verdict` and `state` are what the
 * implementation under test observed and are optional (`check` compares what is there, field by field).
 * Blank lines are ignored.
 *
 * Reading never throws anything but `TraceError`, which names the file, the line or step, and the
 * field. Files over `MAX_TRACE_BYTES` are refused before parsing.
 */
import { readFileSync, statSync } from 'node:fs';
import { ParamsError, presetParams, validateParams, type ModelParams } from '../spec/params.ts';
import { SDK_TAG } from '../spec/source.ts';
import { TraceError } from './errors.ts';
import { ACTION_TAKEN, fromItfValue, ITF_FORMAT_DESCRIPTION, NONDET_PICKS, NONE, some, toItfValue, variable, type ItfState, type ItfTrace } from './itf.ts';
import type { Trace } from './simulate.ts';
import { EVENT_TYPES } from './events.ts';

export const SPEC_NAME = 'async-backing-spec';
export const TRACE_FORMAT = 'async-backing-trace';
export const TRACE_VERSION = 1;
/** The largest trace file read (bytes): 512 MiB. */
export const MAX_TRACE_BYTES = 512 * 2 ** 20;

/** A step as read from a file: the event and whatever the implementation under test observed. */
export interface ObservedStep {
  readonly event: unknown;
  readonly verdict?: unknown;
  readonly state?: unknown;
  /** Where the step is in the file (line of a JSON-lines log, state index of an ITF trace). */
  readonly at: { readonly line?: number; readonly state?: number };
}

export interface ObservedTrace {
  readonly file?: string;
  readonly format: 'itf' | 'jsonl' | 'vector';
  readonly params: ModelParams | null;
  readonly steps: readonly ObservedStep[];
  /** The state before the first event, if the file has one (ITF state 0). */
  readonly initial?: unknown;
}

// ---------------------------------------------------------------------------------------------
// Writing

export function toItf(t: Trace): ItfTrace {
  const meta = {
    format: 'ITF',
    'format-description': ITF_FORMAT_DESCRIPTION,
    source: SPEC_NAME,
    description: `Written by ${SPEC_NAME} simulate (polkadot-sdk ${SDK_TAG})`,
    [SPEC_NAME]: { version: TRACE_VERSION, polkadotSdk: SDK_TAG, params: t.params, origin: t.origin },
  };
  const state = (index: number, projection: Trace['initial'], verdict: unknown, action: string, event: unknown): ItfState => ({
    '#meta': { index },
    relay: toItfValue(projection.relay, 'relay'),
    node: toItfValue(projection.node, 'node'),
    parachain: toItfValue(projection.parachain, 'parachain'),
    verdict: toItfValue(verdict, 'verdict'),
    [ACTION_TAKEN]: action,
    [NONDET_PICKS]: { event: event === null ? NONE : some(toItfValue(event, 'event')) },
  });
  return {
    '#meta': meta,
    vars: ['relay', 'node', 'parachain', 'verdict', ACTION_TAKEN, NONDET_PICKS],
    states: [state(0, t.initial, { type: 'init' }, 'init', null), ...t.steps.map((s, i) => state(i + 1, s.state, s.verdict, s.event.type, s.event))],
  };
}

export function toJsonl(t: Trace): string {
  const lines = [JSON.stringify({ format: TRACE_FORMAT, version: TRACE_VERSION, params: t.params, origin: t.origin, polkadotSdk: SDK_TAG })];
  for (const s of t.steps) lines.push(JSON.stringify({ event: s.event, verdict: s.verdict, state: s.state }));
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Reading

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function paramsFrom(x: unknown, field: string): ModelParams {
  if (typeof x === 'string') {
    try {
      return presetParams(x);
    } catch (e) {
      throw new TraceError((e as Error).message, { field });
    }
  }
  if (!isObj(x)) throw new TraceError('params must be an object (ModelParams) or a preset name', { field });
  try {
    return validateParams(x as unknown as ModelParams);
  } catch (e) {
    if (e instanceof ParamsError) throw new TraceError(`impossible parameters: ${(e as Error).message}`, { field });
    throw new TraceError(`malformed parameters: ${(e as Error).message}`, { field });
  }
}

function parseJson(text: string, where: { file?: string; line?: number }): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new TraceError(`malformed JSON (${(e as Error).message})`, where);
  }
}

/** Reads a JSON-lines trace from its text. */
export function parseJsonl(text: string, file?: string): ObservedTrace {
  const lines = text.split('\n');
  let params: ModelParams | null = null;
  let headerSeen = false;
  const steps: ObservedStep[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const line = i + 1;
    const where = { ...(file !== undefined ? { file } : {}), line };
    const v = parseJson(raw, where);
    if (!isObj(v)) throw new TraceError('each line must be a JSON object', where);
    if (!headerSeen) {
      headerSeen = true;
      if (v.format !== TRACE_FORMAT) throw new TraceError(`the first line must be the header {"format": "${TRACE_FORMAT}", "version": ${TRACE_VERSION}, "params": …}`, { ...where, field: '/format' });
      if (v.version !== TRACE_VERSION) throw new TraceError(`version ${JSON.stringify(v.version)} is not supported (this reader knows version ${TRACE_VERSION})`, { ...where, field: '/version' });
      if ('params' in v) params = paramsFrom(v.params, '/params');
      else if ('preset' in v) params = paramsFrom(v.preset, '/preset');
      continue;
    }
    if (!('event' in v)) throw new TraceError('a step line must have an "event" field', { ...where, step: steps.length, field: '/event' });
    for (const k of Object.keys(v)) if (k !== 'event' && k !== 'verdict' && k !== 'state') throw new TraceError(`unknown field "${k}" (a step has event, verdict, state)`, { ...where, step: steps.length, field: `/${k}` });
    steps.push({ event: v.event, ...('verdict' in v ? { verdict: v.verdict } : {}), ...('state' in v ? { state: v.state } : {}), at: { line } });
  }
  if (!headerSeen) throw new TraceError('empty trace: no header line', file !== undefined ? { file } : {});
  return { ...(file !== undefined ? { file } : {}), format: 'jsonl', params, steps };
}

const PROJECTION_VARS = ['relay', 'node', 'parachain'] as const;

/**
 * Reads an ITF trace from its parsed JSON. Each state after the first is a step: its event is the
 * `event` pick of `mbt::nondetPicks` if there is one, else the action's type (`mbt::actionTaken`)
 * with the other picks as its fields (Quint traces of models whose actions are our events); its
 * observed verdict and state are the variables `verdict`, `relay`, `node`, `parachain` (plain or
 * module-qualified) it has.
 */
export function parseItf(json: unknown, file?: string): ObservedTrace {
  const loc = file !== undefined ? { file } : {};
  if (!isObj(json)) throw new TraceError('an ITF trace must be a JSON object', loc);
  if (!Array.isArray(json.vars) || json.vars.some((v) => typeof v !== 'string')) throw new TraceError('ITF "vars" must be a list of variable names', { ...loc, field: '/vars' });
  if (!Array.isArray(json.states)) throw new TraceError('ITF "states" must be a list', { ...loc, field: '/states' });
  const meta = isObj(json['#meta']) ? json['#meta'] : {};
  const ours = isObj(meta[SPEC_NAME]) ? (meta[SPEC_NAME] as Record<string, unknown>) : null;
  const params = ours && 'params' in ours ? paramsFrom(ours.params, `/#meta/${SPEC_NAME}/params`) : null;
  const steps: ObservedStep[] = [];
  let initial: unknown;
  json.states.forEach((st, index) => {
    const field = `/states/${index}`;
    if (!isObj(st)) throw new TraceError('an ITF state must be an object', { ...loc, field });
    const state = st as ItfState;
    const observed: Record<string, unknown> = {};
    for (const name of PROJECTION_VARS) {
      const v = variable(state, name);
      if (v !== undefined) observed[name] = fromItfValue(v, `${field}/${name}`);
    }
    const verdictRaw = variable(state, 'verdict');
    if (index === 0) {
      initial = Object.keys(observed).length ? observed : undefined;
      return;
    }
    const action = state[ACTION_TAKEN];
    const picksRaw = state[NONDET_PICKS];
    let event: unknown;
    if (isObj(picksRaw) && 'event' in picksRaw) event = fromItfValue(picksRaw.event, `${field}/${NONDET_PICKS}/event`);
    else {
      if (typeof action !== 'string') throw new TraceError(`state ${index} has no "${ACTION_TAKEN}": cannot tell which event it is`, { ...loc, field: `${field}/${ACTION_TAKEN}` });
      if (!(EVENT_TYPES as readonly string[]).includes(action)) throw new TraceError(`action "${action.slice(0, 80)}" is not an event (known: ${EVENT_TYPES.join(', ')})`, { ...loc, step: steps.length, field: `${field}/${ACTION_TAKEN}` });
      const picks = isObj(picksRaw) ? (fromItfValue(picksRaw, `${field}/${NONDET_PICKS}`) as Record<string, unknown>) : {};
      event = { type: action, ...Object.fromEntries(Object.entries(picks).filter(([, v]) => v !== null)) };
    }
    if (event === null) throw new TraceError(`state ${index} picks no event (None)`, { ...loc, step: steps.length, field: `${field}/${NONDET_PICKS}/event` });
    steps.push({ event, ...(verdictRaw !== undefined ? { verdict: fromItfValue(verdictRaw, `${field}/verdict`) } : {}), ...(Object.keys(observed).length ? { state: observed } : {}), at: { state: index } });
  });
  return { ...loc, format: 'itf', params, steps, ...(initial !== undefined ? { initial } : {}) };
}

/** Reads a trace file: `.jsonl` as JSON lines, anything else as ITF (JSON). */
export function readTraceFile(path: string, maxBytes = MAX_TRACE_BYTES): ObservedTrace {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new TraceError(`cannot read the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: path });
  }
  if (size > maxBytes) throw new TraceError(`the file has ${size} bytes, more than the ${maxBytes} this reader accepts`, { file: path });
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new TraceError(`cannot read the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: path });
  }
  return parseTraceText(text, path);
}

export function parseTraceText(text: string, file?: string): ObservedTrace {
  if (file?.endsWith('.jsonl')) return parseJsonl(text, file);
  const first = text.trimStart()[0];
  // A JSON-lines log starts with its header object on one line; an ITF file is one JSON document.
  if (first === '{' && text.trimStart().split('\n', 1)[0]!.includes(`"${TRACE_FORMAT}"`)) return parseJsonl(text, file);
  const json = parseJson(text, file !== undefined ? { file } : {});
  if (isObj(json) && json.format === VECTOR_FORMAT) return parseVector(json, file);
  return parseItf(json, file);
}

export const VECTOR_FORMAT = 'async-backing-vector';

/** A conformance vector (vectors/FORMAT.md) read as a trace: its steps with their expected verdicts and states. */
export function parseVector(json: Record<string, unknown>, file?: string): ObservedTrace {
  const loc = file !== undefined ? { file } : {};
  if (json.version !== 1) throw new TraceError(`vector version ${JSON.stringify(json.version)} is not supported (this reader knows version 1)`, { ...loc, field: '/version' });
  const params = paramsFrom(json.params, '/params');
  if (!Array.isArray(json.steps)) throw new TraceError('a vector\'s "steps" must be a list', { ...loc, field: '/steps' });
  const steps: ObservedStep[] = json.steps.map((s, i) => {
    if (!isObj(s) || !('event' in s)) throw new TraceError('a vector step must be an object with an "event"', { ...loc, step: i, field: `/steps/${i}` });
    return { event: s.event, ...('verdict' in s ? { verdict: s.verdict } : {}), ...('state' in s ? { state: s.state } : {}), at: {} };
  });
  return { ...loc, format: 'vector', params, steps, ...(json.initial !== undefined ? { initial: json.initial } : {}) };
}
