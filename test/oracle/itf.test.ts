/**
 * Interoperability, both ways: the ITF traces `simulate` writes validate against a JSON Schema of
 * ADR-015 with Quint's `mbt::*` fields (schema/itf.schema.json); the trace Quint itself wrote
 * (`quint run --mbt`, oracle/quint/run.sh, of oracle/quint/relayChain.qnt: relay blocks on a forking
 * tree) validates too, and `check` reads it and replays it as conforming; with one state changed it
 * is reported at that step. schema/event.schema.json is the events' JSON Schema as generated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { presetParams } from '../../spec/params.ts';
import { simulate } from '../../oracle/simulate.ts';
import { parseTraceText, toItf } from '../../oracle/traceFile.ts';
import { checkTrace } from '../../oracle/check.ts';
import { fromItfValue, toItfValue } from '../../oracle/itf.ts';
import { EVENT_SCHEMA_FILE, syncEventSchema, ROOT } from '../../oracle/vectors/generate.ts';

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validateItf = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schema', 'itf.schema.json'), 'utf8')));
const quintText = readFileSync(join(ROOT, 'oracle', 'quint', 'relayChain.itf.json'), 'utf8');
const polkadot = presetParams('polkadot');

describe('ITF: our traces and Quint\'s', () => {
  for (const source of ['pipeline', 'network', 'relay'] as const)
    test(`a ${source} trace written by simulate validates against the ADR-015 schema with mbt fields`, () => {
      const itf = toItf(simulate(polkadot, { source, seed: 3, run: 0, blocks: 10 }));
      const ok = validateItf(JSON.parse(JSON.stringify(itf)));
      expect(validateItf.errors ?? [], JSON.stringify(validateItf.errors?.slice(0, 3))).toEqual([]);
      expect(ok).toBe(true);
      expect(itf.states[0]!['mbt::actionTaken']).toBe('init');
      expect(itf.states[1]!['mbt::nondetPicks']).toMatchObject({ event: { tag: 'Some' } });
    });

  test('the schema refuses what ADR-015 does not allow (a bare number, a malformed #bigint, a pick that is not an Option)', () => {
    expect(validateItf({ vars: ['x'], states: [{ x: 1 }] })).toBe(false);
    expect(validateItf({ vars: ['x'], states: [{ x: { '#bigint': '1.5' } }] })).toBe(false);
    expect(validateItf({ vars: [], states: [{ 'mbt::nondetPicks': { n: 'plain' } }] })).toBe(false);
    expect(validateItf({ vars: [], states: [{ 'mbt::nondetPicks': { n: { tag: 'Some', value: { '#bigint': '3' } } } }] })).toBe(true);
  });

  test('the trace Quint wrote validates against the schema', () => {
    const q = JSON.parse(quintText);
    expect(validateItf(q), JSON.stringify(validateItf.errors?.slice(0, 3))).toBe(true);
    expect(q['#meta'].source).toBe('relayChain.qnt');
    expect(q.vars).toContain('mbt::nondetPicks');
  });

  test('check reads the trace Quint wrote and replays it as conforming, forks included', () => {
    const t = parseTraceText(quintText, 'relayChain.itf.json');
    expect(t.steps.length).toBe(16);
    expect(t.steps.every((s) => (s.event as { type: string }).type === 'relayBlock')).toBe(true);
    const r = checkTrace(t, polkadot);
    expect(r.divergence).toBeNull();
    expect(r.comparedStates).toBe(17);
    const parents = t.steps.map((s) => (s.event as { parent: string }).parent);
    const hashes = t.steps.map((s) => (s.event as { hash: string }).hash);
    expect(parents.slice(1).some((p, i) => p !== hashes[i]), 'the trace forks').toBe(true);
  });

  test('with one of Quint\'s states changed, check reports exactly that step', () => {
    const q = JSON.parse(quintText);
    q.states[9].relay.number = { '#bigint': '99' };
    const r = checkTrace(parseTraceText(JSON.stringify(q), 'changed.itf.json'), polkadot);
    expect(r.divergence).toMatchObject({ step: 8, at: { state: 9 }, field: 'state/relay/number', observed: 99 });
  });

  test('ITF values round-trip: integers, para-keyed maps, null as None, nested lists', () => {
    const v = { relay: { number: 7, paras: { '1000': { head: 'ab', pending: [] } } }, code: null, xs: [1, [2, 3]] };
    expect(fromItfValue(toItfValue(v), '')).toEqual(v);
    expect(toItfValue({ paras: { '1000': 1 } })).toEqual({ paras: { '#map': [[{ '#bigint': '1000' }, { '#bigint': '1' }]] } });
  });

  test('schema/event.schema.json is the events\' JSON Schema as generated (npx async-backing vectors --write)', () => {
    expect(syncEventSchema(true), `${EVENT_SCHEMA_FILE} is stale`).toEqual([]);
  });
});
