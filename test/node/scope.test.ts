/** The fragment-chain scope, reproducing the `scope_*` tests of `fragment_chain/tests.rs`. */
import { describe, expect, test } from 'vitest';
import {
  bestChainLengthBound,
  earliestRelayParent,
  getPendingAvailability,
  maxBackableLenFromClaimQueue,
  scopeAncestor,
  scopeForLeaf,
  scopeWithAncestors,
  scopeWithMaxBackableLen,
} from '../../spec/node/scope.ts';
import { withRulesOff } from '../../spec/ablation.ts';
import { makeConstraints, relayBlock } from './builders.ts';

const ROOT = '4545454545454545';

describe('Scope::with_ancestors', () => {
  test('rejects ancestors that skip blocks (scope_rejects_ancestors_that_skip_blocks)', () => {
    const result = scopeWithAncestors(relayBlock(10, 'rp10', ROOT), makeConstraints(8, [8, 9], 'h123'), [], 2, [relayBlock(8, 'rp8', ROOT)]);
    expect(result).toEqual({ ok: false, rule: 'PP-15', error: 'UnexpectedAncestor', detail: 'UnexpectedAncestor { number: 8, prev: 10 }', number: 8, prev: 10 });
  });

  test('rejects any ancestor of block 0 (scope_rejects_ancestor_for_0_block)', () => {
    const result = scopeWithAncestors(relayBlock(0, 'rp0', ROOT), makeConstraints(0, [], 'h123'), [], 2, [relayBlock(99999, 'rp99', ROOT)]);
    expect(result).toEqual({ ok: false, rule: 'PP-15', error: 'UnexpectedAncestor', detail: 'UnexpectedAncestor { number: 99999, prev: 0 }', number: 99999, prev: 0 });
  });

  test('only takes ancestors down to min_relay_parent_number (scope_only_takes_ancestors_up_to_min)', () => {
    const ancestors = [relayBlock(4, 'rp4', ROOT), relayBlock(3, 'rp3', ROOT), relayBlock(2, 'rp2', ROOT)];
    const result = scopeWithAncestors(relayBlock(5, 'rp5', ROOT), makeConstraints(3, [2], 'h123'), [], 2, ancestors);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.scope.ancestors.map((a) => a.number)).toEqual([3, 4]);
    expect(earliestRelayParent(result.scope).hash).toBe('rp3');
    expect(scopeAncestor(result.scope, 'rp2')).toBeNull();
    expect(scopeAncestor(result.scope, 'rp5')?.number).toBe(5);
  });

  test('rejects unordered ancestors (scope_rejects_unordered_ancestors)', () => {
    const ancestors = [relayBlock(4, 'rp4', ROOT), relayBlock(2, 'rp2', ROOT), relayBlock(3, 'rp3', ROOT)];
    const result = scopeWithAncestors(relayBlock(5, 'rp5', ROOT), makeConstraints(0, [2], 'h123'), [], 2, ancestors);
    expect(result).toEqual({ ok: false, rule: 'PP-15', error: 'UnexpectedAncestor', detail: 'UnexpectedAncestor { number: 2, prev: 4 }', number: 2, prev: 4 });
  });

  test('zero ancestors are allowed: the leaf is the earliest relay parent', () => {
    const result = scopeWithAncestors(relayBlock(5, 'rp5', ROOT), makeConstraints(0, [], 'h'), [], 2, []);
    expect(result.ok && earliestRelayParent(result.scope).hash).toBe('rp5');
  });

  test('a candidate pending availability is found by hash, others are not', () => {
    const pending = [{ candidateHash: 'c1', relayParent: relayBlock(4, 'rp4') }];
    const result = scopeWithAncestors(relayBlock(5, 'rp5'), makeConstraints(0, [], 'h'), pending, 2, []);
    expect(result.ok && getPendingAvailability(result.scope, 'c1')?.relayParent.number).toBe(4);
    expect(result.ok && getPendingAvailability(result.scope, 'c2')).toBeNull();
  });

  test('switching PP-15 off takes gapped ancestors as given', () => {
    const result = withRulesOff(['PP-15'], () =>
      scopeWithAncestors(relayBlock(10, 'rp10'), makeConstraints(8, [8, 9], 'h'), [], 2, [relayBlock(8, 'rp8')]),
    );
    expect(result.ok && result.scope.ancestors.map((a) => a.number)).toEqual([8]);
  });
});

describe('the bound on the best chain: classic max_candidate_depth vs stable2506 max_backable_len', () => {
  const pending = [{ candidateHash: 'c1', relayParent: relayBlock(4, 'rp4') }];

  test('classic Scope::with_ancestors(max_depth) bounds the whole chain at max_depth + 1, pending included', () => {
    const result = scopeWithAncestors(relayBlock(5, 'rp5'), makeConstraints(0, [], 'h'), pending, 3, []);
    expect(result.ok && bestChainLengthBound(result.scope)).toBe(4);
    expect(result.ok && result.scope.maxDepth).toBe(3);
  });

  test('stable2506 Scope::with_ancestors(max_backable_len) stores max_backable_len + the pending count (PR #7254)', () => {
    const result = scopeWithMaxBackableLen(relayBlock(5, 'rp5'), makeConstraints(0, [], 'h'), pending, 1, []);
    expect(result.ok && bestChainLengthBound(result.scope)).toBe(2);
    expect(result.ok && result.scope.maxBackableLen).toBe(2);
    expect(result.ok && result.scope.maxDepth).toBe(1);
  });

  test('PP-35: max_backable_len is the number of distinct cores with a claim for the para, not the number of claims', () => {
    expect(maxBackableLenFromClaimQueue({ 0: [1, 1, 1] }, 1)).toBe(1);
    const shared = { 0: [1, 2, 1], 1: [1, 1, 1], 2: [2, 2, 2] };
    expect(maxBackableLenFromClaimQueue(shared, 1)).toBe(2);
    expect(maxBackableLenFromClaimQueue(shared, 2)).toBe(2);
    expect(maxBackableLenFromClaimQueue(shared, 3)).toBe(0);
    expect(maxBackableLenFromClaimQueue({}, 1)).toBe(0);
  });

  test('PP-35 switched off counts every claim (the looser "pending + claims" reading)', () => {
    expect(withRulesOff(['PP-35'], () => maxBackableLenFromClaimQueue({ 0: [1, 1, 1] }, 1))).toBe(3);
    expect(withRulesOff(['PP-35'], () => maxBackableLenFromClaimQueue({ 0: [1, 2, 1], 1: [1, 1, 1] }, 1))).toBe(5);
  });

  test('scopeForLeaf: elastic para on three cores with one candidate pending gets a chain of four', () => {
    const cq = { 0: [1, 1, 1], 1: [1, 1, 1], 2: [1, 1, 1], 3: [2, 2, 2] };
    const leaf = relayBlock(5, 'rp5');
    const result = scopeForLeaf(leaf, makeConstraints(4, [], 'h'), pending, cq, 1, [relayBlock(4, 'rp4')]);
    expect(result.ok && bestChainLengthBound(result.scope)).toBe(4);
    const single = scopeForLeaf(leaf, makeConstraints(4, [], 'h'), [], cq, 2, [relayBlock(4, 'rp4')]);
    expect(single.ok && bestChainLengthBound(single.scope)).toBe(1);
    expect(single.ok && single.scope.ancestors.map((a) => a.number)).toEqual([4]);
  });

  test('a para without claims at the leaf and nothing pending gets an empty bound', () => {
    const result = scopeForLeaf(relayBlock(5, 'rp5'), makeConstraints(0, [], 'h'), [], { 0: [2] }, 1, []);
    expect(result.ok && bestChainLengthBound(result.scope)).toBe(0);
  });
});
