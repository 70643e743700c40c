/**
 * Traces in and out: a trace `simulate` writes (ITF or JSON lines) is read back by `check` as
 * conforming; a trace with one step changed (a verdict flipped, a head altered) is reported at
 * exactly that step, with the field, both values and the rule; bad files are TraceErrors naming the
 * file, the line or step and the field. The readers are fuzzed: whatever the input, they and `check`
 * throw nothing but TraceError.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { presetParams } from '../../spec/params.ts';
import { simulate } from '../../oracle/simulate.ts';
import { parseTraceText, readTraceFile, toItf, toJsonl } from '../../oracle/traceFile.ts';
import { checkTrace, formatCheck } from '../../oracle/check.ts';
import { TraceError } from '../../oracle/errors.ts';
import { PINNED_SEEDS } from '../support/seeds.ts';
import { runs } from '../support/runs.ts';

const polkadot = presetParams('polkadot');
const trace = simulate(polkadot, { source: 'network', seed: 4, run: 0, blocks: 20 });
const dir = mkdtempSync(join(tmpdir(), 'oracle-check-'));

function itfText(): string {
  return JSON.stringify(toItf(trace));
}

function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return null;
}

describe('check: traces written by simulate conform', () => {
  test('ITF, read back from its text', () => {
    const r = checkTrace(parseTraceText(itfText(), 'run.itf.json'));
    expect(r.divergence).toBeNull();
    expect(r.steps).toBe(trace.steps.length);
    expect(r.comparedVerdicts).toBe(trace.steps.length);
    expect(r.comparedStates).toBe(trace.steps.length + 1);
  });

  test('JSON lines, read back from a file', () => {
    const f = join(dir, 'run.jsonl');
    writeFileSync(f, toJsonl(trace));
    const r = checkTrace(readTraceFile(f));
    expect(r.divergence).toBeNull();
    expect(formatCheck(r, f)).toContain('conforms');
  });

  test('an event log with no observations still replays (nothing to compare, nothing refused)', () => {
    const lines = toJsonl(trace).split('\n').filter(Boolean).map((l, i) => (i === 0 ? l : JSON.stringify({ event: JSON.parse(l).event })));
    const r = checkTrace(parseTraceText(lines.join('\n'), 'events.jsonl'));
    expect(r).toMatchObject({ divergence: null, comparedVerdicts: 0, comparedStates: 0, steps: trace.steps.length });
  });
});

describe('check: one step changed is reported at exactly that step', () => {
  const relaySteps = trace.steps.map((s, i) => [s, i] as const).filter(([s]) => s.verdict.type === 'relayBlock' && s.verdict.candidates.length > 0);

  test('a flipped candidate verdict in an ITF trace', () => {
    const [, step] = relaySteps[1]!;
    const itf = JSON.parse(itfText());
    const v = itf.states[step + 1].verdict;
    v.candidates[0].accepted = !v.candidates[0].accepted;
    const r = checkTrace(parseTraceText(JSON.stringify(itf), 'flipped.itf.json'));
    expect(r.divergence).toMatchObject({ step, at: { state: step + 1 }, field: 'verdict/candidates/0/accepted' });
    expect(r.divergence!.observed).toBe(!r.divergence!.expected);
  });

  test('an altered para head in a JSON-lines trace names the field and both heads', () => {
    const lines = toJsonl(trace).split('\n').filter(Boolean);
    const step = 11;
    const d = JSON.parse(lines[step + 1]!);
    const real = d.state.relay.paras['2000'].head;
    d.state.relay.paras['2000'].head = '0123456789abcdef';
    lines[step + 1] = JSON.stringify(d);
    const r = checkTrace(parseTraceText(lines.join('\n'), 'head.jsonl'));
    expect(r.divergence).toMatchObject({ step, at: { line: step + 2 }, field: 'state/relay/paras/2000/head', expected: real, observed: '0123456789abcdef' });
  });

  test('a rejection reported with another error names the rule the spec applies', () => {
    const rejected = trace.steps.findIndex((s) => s.verdict.type === 'collation' && !s.verdict.seconded);
    expect(rejected).toBeGreaterThanOrEqual(0);
    const lines = toJsonl(trace).split('\n').filter(Boolean);
    const d = JSON.parse(lines[rejected + 1]!);
    const rule = d.verdict.rule;
    d.verdict.error = 'SomethingElse';
    lines[rejected + 1] = JSON.stringify(d);
    const r = checkTrace(parseTraceText(lines.join('\n'), 'error.jsonl'));
    expect(r.divergence).toMatchObject({ step: rejected, field: 'verdict/error', observed: 'SomethingElse', rule });
    expect(formatCheck(r, 'error.jsonl')).toMatch(new RegExp(`rule: +${rule}`));
  });

  test('a partial observation is compared only where it says something', () => {
    const lines = toJsonl(trace).split('\n').filter(Boolean).map((l, i) => {
      if (i === 0) return l;
      const d = JSON.parse(l);
      return JSON.stringify({ event: d.event, state: { relay: { number: d.state.relay.number } } });
    });
    expect(checkTrace(parseTraceText(lines.join('\n'), 'partial.jsonl')).divergence).toBeNull();
    const d = JSON.parse(lines[5]!);
    d.state.relay.number += 1;
    lines[5] = JSON.stringify(d);
    expect(checkTrace(parseTraceText(lines.join('\n'), 'partial.jsonl')).divergence).toMatchObject({ step: 4, field: 'state/relay/number' });
  });
});

describe('check: bad files', () => {
  const header = JSON.stringify({ format: 'async-backing-trace', version: 1, preset: 'polkadot' });
  const cases: [string, string, string, RegExp][] = [
    ['malformed JSON', 'bad.itf.json', '{"vars": [', /bad\.itf\.json: malformed JSON/],
    ['truncated JSON lines', 'cut.jsonl', `${header}\n{"event": {"type": "relayBl`, /cut\.jsonl, line 2: malformed JSON/],
    ['no header', 'nohead.jsonl', '{"event": {}}', /nohead\.jsonl, line 1, field \/format: the first line must be the header/],
    ['unknown version', 'v9.jsonl', JSON.stringify({ format: 'async-backing-trace', version: 9 }), /field \/version: version 9 is not supported/],
    ['unknown preset', 'preset.jsonl', JSON.stringify({ format: 'async-backing-trace', version: 1, preset: 'kusama' }), /field \/preset: .*unknown preset "kusama"/],
    ['impossible parameters', 'params.jsonl', JSON.stringify({ format: 'async-backing-trace', version: 1, params: { ...presetParams('polkadot'), validators: -3 } }), /field \/params: impossible parameters: .*validators/],
    ['a step line without an event', 'noevent.jsonl', `${header}\n{"verdict": {}}`, /line 2, step 0, field \/event: a step line must have an "event" field/],
    ['an unknown event in a step', 'unknown.jsonl', `${header}\n{"event": {"type": "leafActivated"}}`, /line 2, step 0, field \/event\/type: unknown event type/],
    ['a hash never introduced', 'hash.jsonl', `${header}\n{"event": {"type": "backingVotes", "candidate": "00000000000000aa", "votes": []}}`, /step 0, field \/event\/candidate: candidate 00000000000000aa was never introduced/],
    ['ITF without states', 'nostates.itf.json', JSON.stringify({ vars: [] }), /field \/states: ITF "states" must be a list/],
    ['ITF with a bare number', 'num.itf.json', JSON.stringify({ vars: ['x'], states: [{}, { 'mbt::actionTaken': 'backingVotes', 'mbt::nondetPicks': { candidate: { tag: 'Some', value: 'ab' }, votes: 3 } }] }), /field \/states\/1\/mbt::nondetPicks\/votes: a bare number/],
    ['ITF with an integer beyond 2^53', 'big.itf.json', JSON.stringify({ vars: ['x'], states: [{}, { 'mbt::actionTaken': 'relayBlock', 'mbt::nondetPicks': { n: { '#bigint': '123456789012345678901234567890' } } }] }), /out of range/],
  ];
  for (const [name, file, text, message] of cases)
    test(name, () => {
      const f = join(dir, file);
      writeFileSync(f, text);
      const e = errorOf(() => checkTrace(readTraceFile(f)));
      expect(e).toBeInstanceOf(TraceError);
      expect((e as Error).message).toMatch(message);
    });

  test('a trace without parameters needs --preset', () => {
    const e = errorOf(() => checkTrace(parseTraceText(JSON.stringify({ vars: [], states: [] }), 'x.itf.json')));
    expect((e as Error).message).toMatch(/x\.itf\.json: the trace names no parameters/);
    expect(checkTrace(parseTraceText(JSON.stringify({ vars: [], states: [] }), 'x.itf.json'), polkadot).divergence).toBeNull();
  });

  test('a file that does not exist, and a file over the size limit, are refused before parsing', () => {
    expect((errorOf(() => readTraceFile(join(dir, 'missing.jsonl'))) as Error).message).toMatch(/missing\.jsonl: cannot read the file: ENOENT/);
    const f = join(dir, 'huge.jsonl');
    writeFileSync(f, toJsonl(trace));
    expect((errorOf(() => readTraceFile(f, 1000)) as Error).message).toMatch(/huge\.jsonl: the file has \d+ bytes, more than the 1000 this reader accepts/);
  });
});

describe('fuzz: the readers and check throw nothing but TraceError', () => {
  const seed = PINNED_SEEDS[0]!;
  const lines = toJsonl(trace).split('\n').filter(Boolean);
  const itf = itfText();

  const onlyTraceErrors = (text: string, file: string) => {
    try {
      checkTrace(parseTraceText(text, file), polkadot);
    } catch (e) {
      if (!(e instanceof TraceError)) throw new Error(`${file}: threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    }
  };

  test('arbitrary JSON values as ITF, as a JSON-lines step and as an event', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        onlyTraceErrors(JSON.stringify(v), 'fuzz.itf.json');
        onlyTraceErrors(`${lines[0]}\n${JSON.stringify(v)}`, 'fuzz.jsonl');
        onlyTraceErrors(`${lines[0]}\n${JSON.stringify({ event: v })}`, 'fuzz.jsonl');
      }),
      { seed, numRuns: runs(300) },
    );
  });

  test('real traces with bytes cut, dropped or replaced', () => {
    fc.assert(
      fc.property(fc.nat({ max: itf.length - 1 }), fc.nat({ max: 40 }), fc.string({ maxLength: 3 }), (at, drop, insert) => {
        onlyTraceErrors(itf.slice(0, at), 'cut.itf.json');
        onlyTraceErrors(itf.slice(0, at) + insert + itf.slice(at + drop), 'edit.itf.json');
        const j = lines.join('\n');
        const k = at % j.length;
        onlyTraceErrors(j.slice(0, k) + insert + j.slice(k + drop), 'edit.jsonl');
      }),
      { seed, numRuns: runs(200) },
    );
  });

  test('real events with one field replaced by an arbitrary value', () => {
    const steps = lines.slice(1).map((l) => JSON.parse(l).event as Record<string, unknown>);
    fc.assert(
      fc.property(fc.nat({ max: steps.length - 1 }), fc.jsonValue(), fc.nat(), (i, value, pick) => {
        const e = structuredClone(steps[i]!);
        const keys = Object.keys(e);
        e[keys[pick % keys.length]!] = value;
        const text = [lines[0], ...steps.slice(0, i).map((x) => JSON.stringify({ event: x })), JSON.stringify({ event: e })].join('\n');
        onlyTraceErrors(text, 'field.jsonl');
      }),
      { seed, numRuns: runs(200) },
    );
  });
});
