/**
 * Breaking any one relay-runtime rule on purpose makes some property fail. For every rule of the
 * relay rule book, the rule is switched off (its `ablation` behaviour) and the suite is run on the
 * elastic preset (the one with multi-candidate pending chains); the test names the property that
 * caught it, and the property must be one of those expected for that rule.
 */
import { describe, expect, test } from 'vitest';
import { withRulesOff } from '../spec/ablation.ts';
import { presetParams } from '../spec/params.ts';
import { RELAY_RULES } from '../spec/relay/rules.ts';
import { runSuite, type PropertyRow } from '../properties/suite.ts';
import { RELAY_INVARIANTS } from '../properties/invariants.ts';
import { WITNESSES } from '../properties/witnesses.ts';

/** Which properties may catch each rule switched off (at least one must). */
const CAUGHT_BY: Record<string, readonly string[]> = {
  'RT-01': ['INV-01', 'INV-12'],
  'RT-02': ['INV-03'],
  'RT-03': ['INV-12'],
  'RT-04': ['INV-13'],
  'RT-05': ['INV-01'],
  'RT-06': ['INV-02', 'INV-07'],
  'RT-07': ['INV-13'],
  'RT-08': ['INV-13'],
  'RT-09': ['INV-03'],
  'RT-10': ['INV-10'],
  'RT-11': ['INV-06'],
  'RT-12': ['INV-14'],
  'RT-13': ['INV-04', 'INV-02', 'INV-07', 'INV-15'],
  'RT-14': ['INV-03'],
  'RT-15': ['INV-09'],
  'RT-16': ['W-01', 'W-02', 'W-08', 'L-01'],
  'RT-17': ['INV-07', 'INV-02'],
  'RT-18': ['INV-20', 'INV-15'],
  'RT-19': ['INV-11', 'INV-01', 'INV-13'],
  'RT-20': ['INV-06', 'L-01'],
  'RT-21': ['INV-14'],
  'RT-22': ['INV-10'],
  'RT-24': ['INV-19'],
  'RT-25': ['INV-19'],
  'RT-26': ['INV-17'],
  'RT-27': ['INV-16'],
  'RT-28': ['INV-18'],
  'RT-29': ['INV-16'],
  'RT-30': ['INV-17', 'INV-16'],
  'RT-31': ['INV-19'],
  'RT-32': ['INV-19', 'INV-16'],
  'RT-33': ['INV-17'],
};

/** The relay-side properties (the network's are exercised in test/network/ablation.test.ts). */
const RELAY_PROPERTIES = [...RELAY_INVARIANTS.map((i) => i.id), ...WITNESSES.map((w) => w.id), 'L-01', 'L-01-tight'];

function failures(rows: readonly PropertyRow[]): string[] {
  return rows.filter((r) => !r.ok).map((r) => r.id);
}

describe('rule ablation: every relay-runtime rule is caught when switched off', () => {
  test('every rule of the relay rule book is listed here (RT-23, the node\'s API, in test/network/ablation.test.ts)', () => {
    expect(Object.keys(CAUGHT_BY).sort()).toEqual(RELAY_RULES.map((r) => r.id).filter((id) => id !== 'RT-23').sort());
  });

  test('with every rule on, the same short suite passes (so a failure below is the ablation)', () => {
    const rows = runSuite({ presets: [{ name: 'elastic', params: presetParams('elastic') }], runs: 150, blocks: 50, seed: 7, shrink: false, only: RELAY_PROPERTIES });
    expect(failures(rows)).toEqual([]);
  });

  for (const rule of RELAY_RULES.filter((r) => r.id !== 'RT-23'))
    test(`switching off ${rule.id} (${rule.fn}) is caught by ${CAUGHT_BY[rule.id]!.join(' or ')}`, () => {
      const rows = withRulesOff([rule.id], () =>
        runSuite({ presets: [{ name: 'elastic', params: presetParams('elastic') }], runs: 150, blocks: 50, seed: 7, shrink: false, only: RELAY_PROPERTIES }),
      );
      const failed = failures(rows);
      expect(failed.length, `${rule.id} off: no property failed`).toBeGreaterThan(0);
      expect(failed.some((id) => CAUGHT_BY[rule.id]!.includes(id)), `${rule.id} off: failed ${failed.join(', ')}`).toBe(true);
    });
});
