/**
 * The explorer: symmetry reduction only merges states (same verdicts, fewer or equal states), the
 * state key is a bisimulation on small models, the machine path and the fast path explore the same
 * states, the counterexample is the shortest, limits stop cleanly, shards together cover one run, and
 * bad input gets an error naming the field.
 */
import { describe, expect, test } from 'vitest';
import { checkKey, explore, replay } from '../../explore/explorer.ts';
import { checkModel, expandChoices, findModel, type ModelSpec } from '../../explore/model.ts';
import { withRulesOff } from '../../spec/ablation.ts';

const oneCore = findModel('one-core-a1-h6');
const twoCores = findModel('two-cores-a1-h5');
const forks = findModel('two-cores-fork-session-h4');
const rt02 = findModel('rt02-off-backwards');

describe('symmetry reduction', () => {
  for (const m of [oneCore, twoCores, forks, rt02])
    test(`${m.name}: none ≥ order-preserving ≥ canonical distinct states, with the same result`, () => {
      const none = explore(m, { symmetry: 'none' });
      const order = explore(m, { symmetry: 'order' });
      const canonical = explore(m, { symmetry: 'canonical' });
      expect(none.distinctStates).toBeGreaterThanOrEqual(order.distinctStates);
      expect(order.distinctStates).toBeGreaterThanOrEqual(canonical.distinctStates);
      expect(new Set([none.result, order.result, canonical.result]).size).toBe(1);
      expect(none.depth).toBe(canonical.depth);
      expect(none.counterexample?.choices.length).toBe(canonical.counterexample?.choices.length);
    });

  test('renaming merges states on the twin model (history-carrying head hashes without it)', () => {
    expect(explore(oneCore, { symmetry: 'none' }).distinctStates).toBeGreaterThan(explore(oneCore).distinctStates);
  });
});

describe('the state key', () => {
  for (const m of [oneCore, twoCores, forks])
    test(`${m.name}: key-equal states have key-equal successors, choice by choice`, () => {
      const r = checkKey(m, { maxPairs: 400 });
      expect(r.mismatch).toBeNull();
      expect(r.pairs).toBeGreaterThan(10);
    });
});

describe('steppers', () => {
  test('the engine interpreter and XState transition() explore the same states', () => {
    for (const m of [oneCore, forks]) {
      const a = explore(m, { stepper: 'xstate', collectKeys: true, horizon: 3 });
      const b = explore(m, { stepper: 'interpreter', collectKeys: true, horizon: 3 });
      expect(a.distinctStates).toBe(b.distinctStates);
      expect([...a.keys!].sort()).toEqual([...b.keys!].sort());
    }
  });
});

describe('counterexamples', () => {
  test('the shortest: no schedule of fewer blocks violates, and the printed trace ends at the violation', () => {
    const r = explore(rt02);
    expect(r.result).toBe('violation');
    const c = r.counterexample!;
    expect(c.violation.property).toBe('INV-03');
    expect(c.trace).toMatch(/#3 [0-9a-f]{8} on #2/);
    // Exhaustively: no sequence of length len-1 of the choice set violates.
    const { params, choices } = checkModel(rt02);
    const short = explore({ ...rt02 }, { horizon: c.choices.length - 1 });
    expect(short.result).toBe('pass');
    const again = withRulesOff(rt02.rulesOff, () => replay(params, c.choices.map((i) => choices[i]!)));
    expect(again.violation?.property).toBe('INV-03');
  });
});

describe('limits', () => {
  test('a state limit stops cleanly with result "limit"', () => {
    const r = explore(twoCores, { maxStates: 20 });
    expect(r.result).toBe('limit');
    expect(r.distinctStates).toBe(20);
    expect(r.limitReason).toMatch(/state limit 20/);
  });
});

describe('splitting a run', () => {
  test('two shards of the start states at depth 2 together find every state one run finds', () => {
    const full = explore(twoCores, { collectKeys: true });
    const union = new Set<string>();
    let sum = 0;
    for (let i = 0; i < 2; i++) {
      const part = explore(twoCores, { collectKeys: true, shard: { index: i, count: 2, depth: 2 } });
      expect(part.result).toBe('pass');
      expect(part.distinctStates).toBeLessThan(full.distinctStates);
      for (const k of part.keys!) union.add(k);
      sum += part.distinctStates;
    }
    expect([...union].sort()).toEqual([...full.keys!].sort());
    expect(sum).toBeGreaterThanOrEqual(full.distinctStates);
  });
});

describe('bad input', () => {
  const bad = (m: Partial<ModelSpec>) => ({ ...oneCore, ...m }) as ModelSpec;
  test('names the field', () => {
    expect(() => findModel('no-such-model')).toThrow(/model.*unknown model "no-such-model"/);
    expect(() => explore(oneCore, { maxStates: 0 })).toThrow(/maxStates/);
    expect(() => explore(oneCore, { maxSeconds: -1 })).toThrow(/maxSeconds/);
    expect(() => explore(oneCore, { horizon: 1.5 })).toThrow(/horizon/);
    expect(() => explore(oneCore, { shard: { index: 2, count: 2, depth: 1 } })).toThrow(/shard.index/);
    expect(() => explore(oneCore, { symmetry: 'mirror' as never })).toThrow(/symmetry/);
    expect(() => explore(bad({ horizon: 0 }))).toThrow(/one-core-a1-h6.horizon/);
    expect(() => explore(bad({ preset: 'huge' }))).toThrow(/preset.*huge/);
    expect(() => explore(bad({ rulesOff: ['RT-99'] }))).toThrow(/rulesOff.*RT-99/);
    expect(() => explore(bad({ choices: { ...oneCore.choices, forkBack: [] } }))).toThrow(/choices.forkBack/);
    const foreign = { ...oneCore.choices, paras: [{ availability: [['all']], candidates: [[{ kind: 'foreignRelayParent', rpBack: 0, variant: 0 }]] }] };
    expect(() => explore(bad({ choices: foreign as never }))).toThrow(/choices.paras\[0\].candidates/);
  });

  test('the choice set expands to the product of its lists', () => {
    expect(expandChoices(forks.choices)).toHaveLength(2 * 2 * 2 * 3);
  });
});
