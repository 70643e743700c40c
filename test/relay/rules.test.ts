/**
 * The relay rule book is complete and every rule is tested: each RT rule names an exported spec
 * function, each `isOn('RT-xx')` names a listed rule, every rule has an ablation test in
 * test/relay, and every polkadot-sdk test listed in `sdkTests` is named by one of our tests.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { RELAY_RULES } from '../../spec/relay/rules.ts';
import * as tracker from '../../spec/relay/tracker.ts';
import * as scheduler from '../../spec/relay/scheduler.ts';
import * as inclusion from '../../spec/relay/inclusion.ts';
import * as parasInherent from '../../spec/relay/parasInherent.ts';
import * as backingState from '../../spec/relay/backingState.ts';
import * as messaging from '../../spec/relay/messaging.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const SPEC = ['tracker.ts', 'scheduler.ts', 'inclusion.ts', 'parasInherent.ts', 'backingState.ts', 'messaging.ts'].map((f) => read(`../../spec/relay/${f}`));
const TESTS = ['tracker.test.ts', 'scheduler.test.ts', 'inclusion.test.ts', 'parasInherent.test.ts', 'backingState.test.ts', 'messaging.test.ts'].map((f) => read(`./${f}`)).join('\n');
const EXPORTS = new Set([...Object.keys(tracker), ...Object.keys(scheduler), ...Object.keys(inclusion), ...Object.keys(parasInherent), ...Object.keys(backingState), ...Object.keys(messaging)]);

test('rule IDs are RT-01 … RT-33 without gaps', () => {
  expect(RELAY_RULES.map((r) => r.id)).toEqual(Array.from({ length: 33 }, (_, i) => `RT-${String(i + 1).padStart(2, '0')}`));
});

test('every rule names an exported function of spec/relay', () => {
  for (const r of RELAY_RULES) expect(EXPORTS.has(r.fn), `${r.id}: ${r.fn}`).toBe(true);
});

test('every isOn(RT-xx) in spec/relay names a listed rule, and every listed rule has a switch', () => {
  const used = new Set(SPEC.flatMap((src) => [...src.matchAll(/isOn\('(RT-\d\d)'\)/g)].map((m) => m[1]!)));
  const listed = new Set(RELAY_RULES.map((r) => r.id));
  for (const id of used) expect(listed.has(id), `${id} is used but not listed`).toBe(true);
  for (const id of listed) expect(used.has(id), `${id} is listed but never switched`).toBe(true);
});

test('every rule has an ablation test in test/relay (withRulesOff([\'RT-xx\']))', () => {
  for (const r of RELAY_RULES) expect(TESTS.includes(`withRulesOff(['${r.id}']`), `${r.id} has no ablation test`).toBe(true);
});

test('every polkadot-sdk test a rule lists is named in one of our test names', () => {
  for (const r of RELAY_RULES)
    for (const sdk of r.sdkTests ?? []) {
      // "inclusion/tests.rs: candidate_checks" → file "inclusion/tests.rs", test "candidate_checks".
      const [file, rest] = sdk.split(': ');
      const name = rest!.split(' ')[0]!;
      expect(TESTS.includes(`${file}: ${name}`), `${r.id}: ${sdk}`).toBe(true);
    }
});
