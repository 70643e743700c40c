/**
 * The conformance corpus (vectors/): every vector is replayed from its JSON alone (its parameters
 * and events; no scenario code) and must give exactly its verdicts and states; every rule of the
 * rule book has an accept and a reject vector, and at least one of them is changed by switching the
 * rule off; the index lists every file; the files are what the generator writes (CI: `vectors --check`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { RULE_BOOK } from '../../spec/ruleBook.ts';
import { validateParams, type ModelParams } from '../../spec/params.ts';
import { applyEvent, initialOracle, project, type OracleState } from '../../oracle/oracle.ts';
import { comparable } from '../../oracle/check.ts';
import { parseTraceText } from '../../oracle/traceFile.ts';
import { checkTrace } from '../../oracle/check.ts';
import { VECTORS_DIR } from '../../oracle/vectors/generate.ts';
import { UNREACHABLE } from '../../oracle/vectors/registry.ts';

interface VectorFile {
  readonly format: string;
  readonly version: number;
  readonly name: string;
  readonly rule: string | null;
  readonly case: string;
  readonly params: ModelParams;
  readonly genesis: { relayBlock: string; paraHeads: Record<string, string> };
  readonly initial: unknown;
  readonly steps: readonly { event: unknown; verdict: unknown; state: unknown }[];
  readonly decisive: { step: number; expect: string; ruleMatters: boolean } | null;
  readonly pvdHashes: readonly { pvd: unknown; hash: string }[];
}

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)).map((f) => `${e.name}/${f}`) : e.name.endsWith('.json') && e.name !== 'index.json' ? [e.name] : []));
}

const all = files(VECTORS_DIR);
const vectors = all.map((f) => ({ file: f, v: JSON.parse(readFileSync(join(VECTORS_DIR, f), 'utf8')) as VectorFile }));

describe('conformance vectors', () => {
  test('the corpus is there: rule vectors for every layer and random runs for every main preset', () => {
    expect(vectors.filter((x) => x.v.case === 'run').map((x) => x.v.params.name).sort()).toEqual(['elastic', 'elastic', 'elastic', 'polkadot', 'polkadot', 'polkadot', 'sync', 'sync', 'sync']);
    for (const prefix of ['RT-', 'PP-', 'PS-']) expect(vectors.some((x) => x.v.rule?.startsWith(prefix)), prefix).toBe(true);
  });

  test('every vector replays from its JSON alone to exactly its verdicts and states', () => {
    for (const { file, v } of vectors) {
      expect(v.format, file).toBe('async-backing-vector');
      const params = validateParams(v.params);
      let s: OracleState = initialOracle(params);
      expect(project(s), `${file}: initial state`).toEqual(v.initial);
      expect(s.network.relay.genesis, `${file}: genesis`).toBe(v.genesis.relayBlock);
      v.steps.forEach((step, i) => {
        const r = applyEvent(s, step.event);
        s = r.state;
        expect(comparable(r.verdict), `${file}: verdict of step ${i}`).toEqual(comparable(step.verdict));
        expect(project(s), `${file}: state after step ${i}`).toEqual(step.state);
      });
    }
  });

  test('check reads a vector file as a trace and finds it conforming', () => {
    for (const { file } of vectors.slice(0, 20)) expect(checkTrace(parseTraceText(readFileSync(join(VECTORS_DIR, file), 'utf8'), file)).divergence, file).toBeNull();
  });

  test('every rule of the rule book has an accept and a reject vector, and switching it off changes one of them (or the missing side is listed as unreachable, with why)', () => {
    const missing: string[] = [];
    for (const r of RULE_BOOK) {
      const mine = vectors.filter((x) => x.v.rule === r.id);
      const gap = UNREACHABLE[r.id];
      for (const c of ['accept', 'reject'] as const) {
        const exempt = gap !== undefined && (gap.missing === 'both' || gap.missing === c);
        const has = mine.some((x) => x.v.case === c);
        if (has === exempt) missing.push(`${r.id}: ${has ? `has a ${c} vector although listed unreachable` : `no ${c} vector`}`);
      }
      if (mine.length && !gap && !mine.some((x) => x.v.decisive?.ruleMatters)) missing.push(`${r.id}: no vector its ablation changes`);
    }
    expect(missing).toEqual([]);
    for (const [id, g] of Object.entries(UNREACHABLE)) {
      expect(RULE_BOOK.some((r) => r.id === id), id).toBe(true);
      expect(g.reason.length, id).toBeGreaterThan(60);
    }
  });

  test('the index lists every vector file, and INDEX.md links each', () => {
    const index = JSON.parse(readFileSync(join(VECTORS_DIR, 'index.json'), 'utf8')) as { vectors: { file: string; rule: string | null; case: string }[] };
    expect(index.vectors.map((x) => x.file).sort()).toEqual([...all].sort());
    const md = readFileSync(join(VECTORS_DIR, 'INDEX.md'), 'utf8');
    for (const f of all) expect(md, f).toContain(`(${f})`);
  });

  test('every PVD a collation carries is in the vector\'s PVD table with the hash its descriptor names', () => {
    for (const { file, v } of vectors)
      for (const step of v.steps) {
        const e = step.event as { type: string; pvd?: unknown };
        if (e.type !== 'collation') continue;
        expect(v.pvdHashes.some((x) => JSON.stringify(x.pvd) === JSON.stringify(e.pvd)), file).toBe(true);
      }
  });
});
