/**
 * The small pieces every layer stands on: hashes and their order, verdicts, the rule book's ID
 * parser and the ablation switch. Conformance vectors carry hashes computed here, so the hash of a
 * few fixed inputs is pinned: a change to `hashOf` changes every generated vector.
 */
import { describe, expect, test } from 'vitest';
import { isOn, rulesOff, withRulesOff } from '../spec/ablation.ts';
import { compareHash, hashOf } from '../spec/hash.ts';
import { paraGenesis } from '../spec/params.ts';
import { OK, reject } from '../spec/rule.ts';
import { RULE_BOOK, RULES_BY_ID, ruleIdsIn } from '../spec/ruleBook.ts';

describe('hashes', () => {
  test('hashOf is pinned: the values the conformance vectors carry', () => {
    expect(hashOf('a', 1)).toBe('3166565e32d637ca');
    // Parts are rendered with String(); an absent part is rendered as "~".
    expect(hashOf('a', '1')).toBe(hashOf('a', 1));
    expect(hashOf(undefined)).toBe('475b5cfea9c0a78a');
    expect(hashOf(undefined)).toBe(hashOf('~'));
    expect(hashOf(undefined)).not.toBe(hashOf('undefined'));
    expect(paraGenesis(1000)).toEqual({ id: 1000, genesisHead: '634feaaf09736cd9', validationCodeHash: 'e1fb9587d0db45eb' });
  });

  test('hashes are 16 lower-case hex digits, and distinct parts give distinct hashes', () => {
    const hashes = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const h = hashOf('candidate', i);
      expect(h).toMatch(/^[0-9a-f]{16}$/);
      hashes.add(h);
    }
    expect(hashes.size).toBe(1000);
  });

  test('compareHash is byte order: -1, 0, 1', () => {
    expect(compareHash('00ff', '0100')).toBe(-1);
    expect(compareHash('0100', '00ff')).toBe(1);
    expect(compareHash('abcd', 'abcd')).toBe(0);
    expect(['ff', '0a', 'a0', '00'].sort(compareHash)).toEqual(['00', '0a', 'a0', 'ff']);
  });
});

describe('verdicts', () => {
  test('a rejection names its rule and error, and carries a detail only when given one', () => {
    expect(reject('RT-01', 'UnknownPara')).toEqual({ ok: false, error: 'UnknownPara', rule: 'RT-01' });
    expect('detail' in reject('RT-01', 'UnknownPara')).toBe(false);
    expect(reject('RT-01', 'UnknownPara', 'para 7')).toEqual({ ok: false, error: 'UnknownPara', rule: 'RT-01', detail: 'para 7' });
    expect(reject('RT-01', 'UnknownPara', '')).toEqual({ ok: false, error: 'UnknownPara', rule: 'RT-01', detail: '' });
    expect(OK).toEqual({ ok: true });
    expect(Object.isFrozen(OK)).toBe(true);
  });
});

describe('rule IDs in a text', () => {
  test('single IDs, ranges with and without the repeated prefix, unknown IDs dropped', () => {
    const [first, second] = [RULE_BOOK.find((r) => r.id.startsWith('RT-'))!.id, 'RT-02'];
    expect(ruleIdsIn(`see ${first}`)).toEqual([first]);
    expect(ruleIdsIn('RT-01..RT-03: …')).toEqual(['RT-01', 'RT-02', 'RT-03'].filter((id) => RULES_BY_ID.has(id)));
    expect(ruleIdsIn('RT-01..03')).toEqual(ruleIdsIn('RT-01..RT-03'));
    expect(ruleIdsIn('PP-10..PP-11 and PS-01')).toEqual(['PP-10', 'PP-11', 'PS-01'].filter((id) => RULES_BY_ID.has(id)));
    expect(ruleIdsIn(`${second}, ${second}`)).toEqual([second]);
    expect(ruleIdsIn('RT-99 XRT-01 RT-1')).toEqual([]);
    // A range never crosses layers: "RT-01..PP-03" is RT-01 alone (then PP-03 on its own).
    expect(ruleIdsIn('RT-01..PP-03')).toEqual(['RT-01', 'PP-03'].filter((id) => RULES_BY_ID.has(id)));
  });

  test('range ends are two digits each: RT-01..RT-0x is RT-01 alone', () => {
    expect(ruleIdsIn('RT-01..RT-0x')).toEqual(['RT-01']);
    expect(ruleIdsIn('RT-01..x3')).toEqual(['RT-01']);
    expect(ruleIdsIn('RT-01..RT-02')).toEqual(['RT-01', 'RT-02']);
  });
});

describe('the ablation switch', () => {
  test('every rule is on outside withRulesOff; inside, only the named ones are off; the set is restored, also after a throw', () => {
    expect(rulesOff()).toEqual([]);
    expect(isOn('RT-01')).toBe(true);
    withRulesOff(['RT-01'], () => {
      expect(isOn('RT-01')).toBe(false);
      expect(isOn('RT-02')).toBe(true);
      expect(rulesOff()).toEqual(['RT-01']);
      withRulesOff(['PP-01'], () => expect(rulesOff()).toEqual(['RT-01', 'PP-01']));
      expect(rulesOff()).toEqual(['RT-01']);
    });
    expect(() =>
      withRulesOff(['RT-03'], () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(rulesOff()).toEqual([]);
    expect(isOn('RT-03')).toBe(true);
    expect(withRulesOff([], () => 42)).toBe(42);
  });
});
