/** The node rule book is complete: every rule ID is used by a check, every check names a listed rule. */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { NODE_RULES } from '../../spec/node/rules.ts';
import * as emulator from '../../spec/node/inclusionEmulator.ts';
import * as scope from '../../spec/node/scope.ts';
import * as fragmentChain from '../../spec/node/fragmentChain.ts';
import * as view from '../../spec/node/view.ts';
import * as backing from '../../spec/node/backing.ts';

const FILES = ['inclusionEmulator.ts', 'scope.ts', 'fragmentChain.ts', 'view.ts', 'backing.ts'].map((f) =>
  readFileSync(new URL(`../../spec/node/${f}`, import.meta.url), 'utf8'),
);
const EXPORTS = new Set([...Object.keys(emulator), ...Object.keys(scope), ...Object.keys(fragmentChain), ...Object.keys(view), ...Object.keys(backing)]);

test('rule IDs are unique and numbered PP-01, PP-02, … without gaps', () => {
  const ids = NODE_RULES.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids).toEqual(ids.map((_, i) => `PP-${String(i + 1).padStart(2, '0')}`));
});

test('every rule names an exported spec function, a source file and its ablation', () => {
  for (const rule of NODE_RULES) {
    expect(EXPORTS.has(rule.fn), `${rule.id}: ${rule.fn} is not exported`).toBe(true);
    expect(rule.layer).toBe('node');
    expect(rule.source.file).toMatch(/^polkadot\/node\//);
    expect(rule.ablation.length).toBeGreaterThan(0);
    expect(rule.why.length).toBeGreaterThan(0);
  }
});

test('every isOn(PP-xx) in spec/node names a listed rule, and every listed rule has a switchable check', () => {
  const used = new Set(FILES.flatMap((src) => [...src.matchAll(/isOn\('(PP-\d\d)'\)/g)].map((m) => m[1]!)));
  const listed = new Set(NODE_RULES.map((r) => r.id));
  for (const id of used) expect(listed.has(id), `${id} is used but not listed`).toBe(true);
  for (const id of listed) expect(used.has(id), `${id} is listed but never checked`).toBe(true);
});

test('the revert_to_parent_hash fix (PR #6417, in stable2506) is modelled, and the pre-fix chain[0] behaviour is its ablation', () => {
  const rule = NODE_RULES.find((r) => r.id === 'PP-31');
  expect(rule?.deviation).toBeUndefined();
  expect(rule?.ablation).toMatch(/chain\[0\]/);
  expect(rule?.ablation).toMatch(/#6417/);
});

test('the chain bound rule records both the classic and the stable2506 bound', () => {
  const rule = NODE_RULES.find((r) => r.id === 'PP-27');
  expect(rule?.title).toMatch(/max_backable_len/);
  expect(rule?.title).toMatch(/max_candidate_depth \+ 1/);
});
