/**
 * Presets (`spec/parachain/params.ts`) and the parachain rule book (`spec/parachain/rules.ts`):
 * every rule names an exported function whose checks are guarded by `isOn(id)`, and every cited
 * cumulus test is reproduced by some test here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import * as collator from '../../spec/parachain/collator.ts';
import * as consensusHook from '../../spec/parachain/consensusHook.ts';
import { ASYNC_BACKING, fixedVelocityParamsOf, PARACHAIN_PRESETS, SYNC_BACKING, validateParachainParams, type ParachainParams } from '../../spec/parachain/params.ts';
import { PARACHAIN_RULES } from '../../spec/parachain/rules.ts';
import * as runtime from '../../spec/parachain/runtime.ts';
import * as segment from '../../spec/parachain/unincludedSegment.ts';
import { rejected } from './helpers.ts';

const here = dirname(fileURLToPath(import.meta.url));
const specDir = join(here, '../../spec/parachain');
const specSource = readdirSync(specDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(join(specDir, f), 'utf8'))
  .join('\n');
const testSource = readdirSync(here)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => readFileSync(join(here, f), 'utf8'))
  .join('\n');

describe('parachain presets', () => {
  test('async backing: capacity 3, velocity 1, 6 s relay and para slots, 2 s of execution', () => {
    expect(ASYNC_BACKING).toMatchObject({
      unincludedSegmentCapacity: 3,
      blockProcessingVelocity: 1,
      relayChainSlotDurationMs: 6000,
      paraSlotDurationMs: 6000,
      maxBlockRefTimeMs: 2000,
      authoringDurationMs: 2000,
      relayNumberCheck: 'RelayNumberMonotonicallyIncreases',
      expectedBlockTimeMs: 6000,
    });
  });

  test('sync backing: capacity 1, velocity 1, 12 s blocks, 0.5 s of execution', () => {
    expect(SYNC_BACKING).toMatchObject({ unincludedSegmentCapacity: 1, blockProcessingVelocity: 1, paraSlotDurationMs: 12000, maxBlockRefTimeMs: 500, expectedBlockTimeMs: 12000 });
  });

  test('every preset is valid, cites a source for every value and is plain JSON data', () => {
    for (const p of Object.values(PARACHAIN_PRESETS)) {
      expect(validateParachainParams(p).ok).toBe(true);
      for (const key of Object.keys(p).filter((k) => k !== 'name' && k !== 'sources')) {
        expect((p.sources as Record<string, string>)[key], `${p.name}.${key}`).toMatch(/\S/);
      }
      expect(JSON.parse(JSON.stringify(p))).toEqual(p);
    }
    expect(fixedVelocityParamsOf(ASYNC_BACKING)).toEqual({ relayChainSlotDurationMs: 6000, velocity: 1, capacity: 3, paraSlotDurationMs: 6000 });
  });

  const bad: [keyof ParachainParams, unknown][] = [
    ['unincludedSegmentCapacity', -1],
    ['unincludedSegmentCapacity', 1.5],
    ['blockProcessingVelocity', 4_294_967_296],
    ['relayChainSlotDurationMs', 0],
    ['paraSlotDurationMs', 0],
    ['maxBlockRefTimeMs', 0],
    ['authoringDurationMs', -5],
    ['parentSearchDepth', -1],
    ['ancestryLookback', Number.NaN],
    ['relayNumberCheck', 'Whatever'],
  ];
  test.each(bad)('rejects %s = %s, naming the field', (field, v) => {
    const detail = rejected(validateParachainParams({ ...ASYNC_BACKING, [field]: v } as ParachainParams), 'params', 'InvalidParachainParams');
    expect(detail.startsWith(`${field} `)).toBe(true);
  });

  test.each(['RelayNumberStrictlyIncreases', 'RelayNumberMonotonicallyIncreases', 'AnyRelayNumber'])('accepts relayNumberCheck = %s', (check) => {
    expect(validateParachainParams({ ...ASYNC_BACKING, relayNumberCheck: check } as ParachainParams).ok).toBe(true);
  });

  test('accepts capacity 0 and velocity 0 (the hook treats them as 1)', () => {
    expect(validateParachainParams({ ...ASYNC_BACKING, unincludedSegmentCapacity: 0, blockProcessingVelocity: 0 }).ok).toBe(true);
  });
});

describe('the parachain rule book', () => {
  const exported: Record<string, unknown> = { ...segment, ...consensusHook, ...collator, ...runtime };

  test('has stable, consecutive IDs PS-01.. and one entry per rule', () => {
    expect(PARACHAIN_RULES.map((r) => r.id)).toEqual(PARACHAIN_RULES.map((_, i) => `PS-${String(i + 1).padStart(2, '0')}`));
    for (const r of PARACHAIN_RULES) {
      expect(r.layer).toBe('parachain');
      expect(r.title.length).toBeGreaterThan(10);
      expect(r.why.length).toBeGreaterThan(10);
      expect(r.ablation.length).toBeGreaterThan(5);
      expect(r.source.file).toMatch(/^cumulus\//);
    }
  });

  test.each(PARACHAIN_RULES.map((r) => [r.id, r.fn] as const))('%s is encoded by the exported function %s, guarded by isOn', (id, fn) => {
    expect(typeof exported[fn]).toBe('function');
    expect(specSource).toContain(`isOn('${id}')`);
  });

  test('every isOn in the parachain spec names a rule of the book', () => {
    const ids = new Set(PARACHAIN_RULES.map((r) => r.id));
    for (const m of specSource.matchAll(/isOn\('([^']+)'\)/g)) expect(ids.has(m[1] ?? '')).toBe(true);
  });

  test('every cited cumulus test is reproduced by a parachain test', () => {
    for (const r of PARACHAIN_RULES) for (const t of r.sdkTests ?? []) expect(testSource, `${r.id} cites ${t}`).toContain(t);
  });
});
