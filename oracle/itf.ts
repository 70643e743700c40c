/**
 * The Informal Trace Format (ITF, Apalache ADR-015: https://apalache-mc.org/docs/adr/015adr-trace.html),
 * as Quint's model-based testing writes it (`quint run --mbt --out-itf`), so that the Rust `itf` crate
 * and quint-connect-style drivers read our traces unchanged, and we read theirs.
 *
 * Our traces: `vars` are `relay`, `node`, `parachain` (the projection, oracle/projection.ts) and
 * `verdict` (the step's verdict; `{ type: "init" }` in state 0), plus `mbt::actionTaken` (the event
 * type; `init` in state 0) and `mbt::nondetPicks` (a record with one pick, `event`: `Some(the event)`
 * from state 1 on, `None` in state 0). `#meta` carries the parameters and how the trace was made.
 *
 * Value encoding (ADR-015): integers are `{"#bigint": "…"}`, strings and booleans as is, lists as
 * arrays, records as objects, maps as `{"#map": [[k, v], …]}` (the projection's per-para records are
 * maps keyed by para id), tuples `{"#tup": […]}`, sets `{"#set": […]}`, variants `{"tag", "value"}`.
 * JSON `null` (absent code, an unknown head) is the variant `None` (`{"tag": "None", "value": {"#tup": []}}`);
 * decoding maps `None` back to `null` and `Some(x)` to `x`.
 */
import { TraceError } from './errors.ts';

export const ACTION_TAKEN = 'mbt::actionTaken';
export const NONDET_PICKS = 'mbt::nondetPicks';
export const ITF_FORMAT_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';

export type ItfValue =
  | boolean
  | string
  | readonly ItfValue[]
  | { readonly '#bigint': string }
  | { readonly '#tup': readonly ItfValue[] }
  | { readonly '#set': readonly ItfValue[] }
  | { readonly '#map': readonly (readonly [ItfValue, ItfValue])[] }
  | { readonly '#unserializable': string }
  | { readonly tag: string; readonly value: ItfValue }
  | { readonly [field: string]: ItfValue };

export interface ItfState {
  readonly '#meta'?: Readonly<Record<string, unknown>>;
  readonly [variable: string]: unknown;
}

export interface ItfTrace {
  readonly '#meta'?: Readonly<Record<string, unknown>>;
  readonly params?: readonly string[];
  readonly vars: readonly string[];
  readonly states: readonly ItfState[];
  readonly loop?: number;
}

export const NONE: ItfValue = { tag: 'None', value: { '#tup': [] } };
export const some = (v: ItfValue): ItfValue => ({ tag: 'Some', value: v });

/** Fields whose objects are maps keyed by para id (encoded as `#map` with integer keys). */
const PARA_MAPS = new Set(['paras', 'node', 'parachain']);

/** Encodes a plain JSON value (numbers must be safe integers). `key` is the field it sits in. */
export function toItfValue(v: unknown, key = ''): ItfValue {
  if (v === null || v === undefined) return NONE;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new Error(`ITF encodes integers only, got ${v}`);
    return { '#bigint': String(v) };
  }
  if (Array.isArray(v)) return v.map((x) => toItfValue(x));
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    if (PARA_MAPS.has(key) && entries.every(([k]) => /^\d+$/.test(k)))
      return { '#map': entries.map(([k, x]) => [{ '#bigint': k }, toItfValue(x, k)] as const) };
    return Object.fromEntries(entries.map(([k, x]) => [k, toItfValue(x, k)]));
  }
  throw new Error(`cannot encode a ${typeof v} in ITF`);
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Decodes an ITF value into plain JSON: `#bigint` to a number (TraceError beyond ±2^53), `#tup` and
 * `#set` to arrays, `#map` to an object (keys: integers in decimal, strings as is; other keys are
 * refused), `None` to null, `Some(x)` and other variants' values to the decoded value (a variant
 * other than Option becomes `{ tag, value }`). `field` is the JSON pointer for errors.
 */
export function fromItfValue(v: unknown, field: string): unknown {
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') throw new TraceError(`a bare number (${v}) is not an ITF value: integers are {"#bigint": "…"}`, { field });
  if (v === null) throw new TraceError('null is not an ITF value (absent values are the variant None)', { field });
  if (Array.isArray(v)) return v.map((x, i) => fromItfValue(x, `${field}/${i}`));
  if (!isObj(v)) throw new TraceError(`not an ITF value: ${typeof v}`, { field });
  if ('#bigint' in v) {
    const s = v['#bigint'];
    if (typeof s !== 'string' || !/^-?\d+$/.test(s)) throw new TraceError('#bigint must be a string of decimal digits', { field: `${field}/#bigint` });
    const n = Number(s);
    if (!Number.isSafeInteger(n)) throw new TraceError(`integer ${s.slice(0, 40)} is out of range (beyond ±2^53)`, { field });
    return n;
  }
  if ('#tup' in v || '#set' in v) {
    const k = '#tup' in v ? '#tup' : '#set';
    const xs = v[k];
    if (!Array.isArray(xs)) throw new TraceError(`${k} must be an array`, { field: `${field}/${k}` });
    return xs.map((x, i) => fromItfValue(x, `${field}/${k}/${i}`));
  }
  if ('#map' in v) {
    const xs = v['#map'];
    if (!Array.isArray(xs)) throw new TraceError('#map must be an array of [key, value] pairs', { field: `${field}/#map` });
    const out: Record<string, unknown> = {};
    xs.forEach((pair, i) => {
      if (!Array.isArray(pair) || pair.length !== 2) throw new TraceError('#map entries must be [key, value] pairs', { field: `${field}/#map/${i}` });
      const key = fromItfValue(pair[0], `${field}/#map/${i}/0`);
      if (typeof key !== 'number' && typeof key !== 'string') throw new TraceError('map keys must be integers or strings here', { field: `${field}/#map/${i}/0` });
      out[String(key)] = fromItfValue(pair[1], `${field}/#map/${i}/1`);
    });
    return out;
  }
  if ('#unserializable' in v) throw new TraceError(`an unserializable value: ${String(v['#unserializable']).slice(0, 80)}`, { field });
  if ('tag' in v && 'value' in v && Object.keys(v).length === 2) {
    if (typeof v.tag !== 'string') throw new TraceError('a variant tag must be a string', { field: `${field}/tag` });
    if (v.tag === 'None') return null;
    if (v.tag === 'Some') return fromItfValue(v.value, `${field}/value`);
    return { tag: v.tag, value: fromItfValue(v.value, `${field}/value`) };
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromItfValue(x, `${field}/${k}`)]));
}

/** A variable of a state, whether written plain (`relay`) or qualified by modules (`spec::relay`). */
export function variable(state: ItfState, name: string): unknown {
  if (name in state) return state[name];
  for (const [k, v] of Object.entries(state)) if (k.endsWith(`::${name}`) && !k.startsWith('mbt::')) return v;
  return undefined;
}
