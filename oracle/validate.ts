/**
 * Validation of events against `EVENT_SCHEMA` with Ajv (JSON Schema 2020-12), turning the first
 * schema error into a `TraceError` that names the field (a JSON pointer into the event).
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { EVENT_SCHEMA, EVENT_TYPES, type OracleEvent } from './events.ts';
import { TraceError } from './errors.ts';

const ajv = new Ajv2020({ allErrors: false, strict: true, allowUnionTypes: true });
const validate: ValidateFunction = ajv.compile(EVENT_SCHEMA);

/** The most specific error: the deepest field, leaving out the `if`/`then` dispatch's own report. */
function mostSpecific(errors: readonly ErrorObject[]): ErrorObject {
  const real = errors.filter((e) => e.keyword !== 'if');
  const pool = real.length ? real : errors;
  return pool.reduce((a, b) => (b.instancePath.length > a.instancePath.length ? b : a));
}

export function describeSchemaError(e: ErrorObject): string {
  switch (e.keyword) {
    case 'required':
      return `missing field "${(e.params as { missingProperty: string }).missingProperty}"`;
    case 'additionalProperties':
      return `unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    case 'type':
      return `must be ${(e.params as { type: string }).type}`;
    case 'pattern':
      return 'must be a hash: 16 or 64 lower-case hex digits';
    case 'minimum':
    case 'maximum':
      return `must be an integer from 0 to 4294967295 (u32)`;
    case 'maxItems':
      return `has more than ${(e.params as { limit: number }).limit} items`;
    case 'enum':
      return `must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
    case 'const':
      return `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    default:
      return e.message ?? e.keyword;
  }
}

/** Checks that `x` is an event; returns it typed, or throws TraceError naming the field. */
export function validateEvent(x: unknown): OracleEvent {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) throw new TraceError(`an event must be a JSON object, got ${x === null ? 'null' : Array.isArray(x) ? 'an array' : typeof x}`, { field: '' });
  const type = (x as { type?: unknown }).type;
  if (typeof type !== 'string') throw new TraceError('missing the event type (field "type")', { field: '/type' });
  if (!(EVENT_TYPES as readonly string[]).includes(type)) throw new TraceError(`unknown event type "${type.slice(0, 80)}"; known: ${EVENT_TYPES.join(', ')}`, { field: '/type' });
  if (!validate(x)) {
    const e = mostSpecific(validate.errors ?? []);
    throw new TraceError(`${type}: ${describeSchemaError(e)}`, { field: e.instancePath || '/' });
  }
  return x as OracleEvent;
}
