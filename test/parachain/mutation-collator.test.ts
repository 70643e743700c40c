/**
 * The lookahead collator's parent search and build decision at their edges (cumulus
 * `parent_search.rs`, `lookahead.rs`), and the parachain parameter checks at their bounds: cases the
 * unit tests in collator.test.ts and paramsAndRules.test.ts leave open, found by mutation testing.
 */
import { describe, expect, test } from 'vitest';
import {
  buildRelayParentAncestry,
  decideLookaheadBuild,
  findPotentialParents,
  selectBestParent,
  type LookaheadInput,
  type ParaBlockView,
  type RelayBlockView,
} from '../../spec/parachain/collator.ts';
import { ASYNC_BACKING, validateParachainParams, type ParachainParams } from '../../spec/parachain/params.ts';
import { EMPTY_USED_BANDWIDTH } from '../../spec/parachain/unincludedSegment.ts';
import { ancestor, rejected } from './helpers.ts';

const relay: RelayBlockView[] = Array.from({ length: 8 }, (_, i) => ({ hash: `r${i}`, number: i, parent: i === 0 ? null : `r${i - 1}`, sessionIndexForChild: 0 }));
const para = (hash: string, parent: string | null, number: number, relayParent: string): ParaBlockView => ({ hash, parent, number, relayParent });
const ALLOWED = ['r6', 'r5', 'r4'];

describe('relay-parent ancestry', () => {
  test('never reaches into the relay genesis (block 0), even when it is known and the lookback allows it', () => {
    expect(buildRelayParentAncestry(relay, 'r2', 5)).toEqual(['r2', 'r1']);
  });
});

describe('potential parents at the edges', () => {
  const base = { includedHash: 'inc', pendingHash: null, rpAncestry: ALLOWED, maxDepth: 10, ignoreAlternativeBranches: true };

  test('are none when the para has no included block', () => {
    expect(findPotentialParents({ ...base, includedHash: null, knownBlocks: [para('inc', null, 1, 'r5')] })).toEqual([]);
  });

  test('are none when a block between the included and the pending one is unknown locally (no route)', () => {
    const gap = [para('inc', null, 1, 'r4'), para('p2', 'p1', 3, 'r5')];
    expect(findPotentialParents({ ...base, knownBlocks: gap, pendingHash: 'p2' })).toEqual([]);
  });

  test('an unknown pending block, when alternative branches count, is ignored and the search starts at the included block', () => {
    const tree = [para('inc', null, 1, 'r4'), para('a', 'inc', 2, 'r5'), para('b', 'a', 3, 'r6')];
    const p = findPotentialParents({ ...base, knownBlocks: tree, pendingHash: 'unknown', ignoreAlternativeBranches: false });
    expect(p.map((x) => [x.hash, x.depth])).toEqual([
      ['inc', 0],
      ['a', 1],
      ['b', 2],
    ]);
  });

  const path = [para('inc', null, 1, 'r1'), para('p1', 'inc', 2, 'r1'), para('p2', 'p1', 3, 'r2'), para('p3', 'p2', 4, 'r2'), para('x', 'p3', 5, 'r5'), para('y', 'p3', 5, 'r1'), para('z', 'y', 6, 'r6')];

  test('the path to the pending block counts by depth above the included block, all aligned with the pending block', () => {
    const p = findPotentialParents({ ...base, knownBlocks: path, pendingHash: 'p3' });
    expect(p.map((x) => [x.hash, x.depth, x.alignedWithPending])).toEqual([
      ['inc', 0, true],
      ['p1', 1, true],
      ['p2', 2, true],
      ['p3', 3, true],
      ['x', 4, true],
    ]);
  });

  test('a descendant of the pending block anchored outside the ancestry is no parent, and nothing above it is searched', () => {
    const p = findPotentialParents({ ...base, knownBlocks: path, pendingHash: 'p3' }).map((x) => x.hash);
    expect(p).not.toContain('y');
    expect(p).not.toContain('z');
  });

  test('max_depth cuts the path to the pending block; a path exactly max_depth long still ends at the pending block', () => {
    expect(findPotentialParents({ ...base, knownBlocks: path, pendingHash: 'p3', maxDepth: 1 }).map((x) => x.hash)).toEqual(['inc', 'p1']);
    expect(findPotentialParents({ ...base, knownBlocks: path, pendingHash: 'p2', maxDepth: 2 }).map((x) => x.hash)).toEqual(['inc', 'p1', 'p2']);
  });

  test('when alternative branches count, blocks off the path to the pending block are marked unaligned, the rest aligned', () => {
    const tree = [
      para('inc', null, 1, 'r4'),
      para('p1', 'inc', 2, 'r4'),
      para('p2', 'p1', 3, 'r5'),
      para('x', 'p2', 4, 'r5'),
      para('alt', 'inc', 2, 'r5'),
      para('altc', 'alt', 3, 'r6'),
    ];
    const p = findPotentialParents({ ...base, knownBlocks: tree, pendingHash: 'p2', ignoreAlternativeBranches: false });
    expect(Object.fromEntries(p.map((x) => [x.hash, x.alignedWithPending]))).toEqual({ inc: true, p1: true, p2: true, x: true, alt: false, altc: false });
  });
});

describe('the best parent', () => {
  test('is the deepest potential parent, wherever it is in the list, with the block at depth 0 as the included one', () => {
    const best = selectBestParent([
      { hash: 'a', depth: 2, alignedWithPending: true },
      { hash: 'inc', depth: 0, alignedWithPending: true },
      { hash: 'b', depth: 1, alignedWithPending: true },
    ]);
    expect(best).toEqual({ included: 'inc', parent: { hash: 'a', depth: 2, alignedWithPending: true } });
  });

  test('there is none without an included block', () => {
    expect(selectBestParent([{ hash: 'a', depth: 1, alignedWithPending: true }])).toBeNull();
  });
});

describe('one lookahead step at the edges', () => {
  const view = (heads: string[]) => ({ relaySlotInfo: { slot: 99, authored: 1 }, unincludedSegment: heads.map((h) => ancestor(EMPTY_USED_BANDWIDTH, h)) });
  const input: LookaheadInput = {
    leaf: { hash: 'r6', number: 6, slot: 100 },
    relayChain: relay,
    relayChainSlotDurationMs: 6000,
    paraSlotDurationMs: 6000,
    paraScheduled: true,
    ancestryLookback: 2,
    includedHash: 'inc',
    pendingHash: null,
    knownBlocks: [para('inc', null, 10, 'r3'), para('a', 'inc', 11, 'r4'), para('b', 'a', 12, 'r5')],
    self: 'alice',
    authoritiesAt: { inc: ['alice'], a: ['alice'], b: ['alice'] },
    runtimeAt: { a: view(['a']), b: view(['a', 'b']) },
    hook: { velocity: 1, capacity: 3 },
  };

  test('builds on the included block even without the runtime state there (the runtime does not know its hash yet)', () => {
    const d = decideLookaheadBuild({ ...input, knownBlocks: [para('inc', null, 10, 'r3')], runtimeAt: {} });
    expect(d).toMatchObject({ build: true, parent: 'inc', parentDepth: 0, included: 'inc' });
  });

  test('a parent without Aura authorities known is not built on', () => {
    expect(decideLookaheadBuild({ ...input, authoritiesAt: { inc: ['alice'], a: ['alice'] } })).toEqual({ build: false, reason: 'CannotBuild' });
  });

  test('the parent search depth bounds the parent; without one it is PARENT_SEARCH_DEPTH (10)', () => {
    expect(decideLookaheadBuild({ ...input, parentSearchDepth: 1 })).toMatchObject({ build: true, parent: 'a', parentDepth: 1 });
    const long = [para('inc', null, 0, 'r4'), ...Array.from({ length: 12 }, (_, i) => para(`c${i + 1}`, i === 0 ? 'inc' : `c${i}`, i + 1, 'r5'))];
    const runtimeAt = Object.fromEntries(long.map((b) => [b.hash, view([])]));
    const authoritiesAt = Object.fromEntries(long.map((b) => [b.hash, ['alice']]));
    expect(decideLookaheadBuild({ ...input, knownBlocks: long, runtimeAt, authoritiesAt })).toMatchObject({ build: true, parent: 'c10', parentDepth: 10 });
  });

  test('keeps to the branch of the pending block, even when another branch is deeper', () => {
    const known = [para('inc', null, 10, 'r4'), para('p', 'inc', 11, 'r4'), para('alt', 'inc', 11, 'r5'), para('alt2', 'alt', 12, 'r5'), para('alt3', 'alt2', 13, 'r5')];
    const all = Object.fromEntries(known.map((b) => [b.hash, ['alice']]));
    const runtimeAt = Object.fromEntries(known.map((b) => [b.hash, view([b.hash])]));
    expect(decideLookaheadBuild({ ...input, knownBlocks: known, pendingHash: 'p', authoritiesAt: all, runtimeAt })).toMatchObject({ build: true, parent: 'p', parentDepth: 1 });
  });

  test('continuing on a block the search found reports that block\'s depth', () => {
    expect(decideLookaheadBuild(input, 'a')).toMatchObject({ build: true, parent: 'a', parentDepth: 1 });
  });
});

describe('parachain parameters at their bounds', () => {
  test('accepts the largest u32 capacity, and a parent search depth and ancestry lookback of 0', () => {
    expect(validateParachainParams({ ...ASYNC_BACKING, unincludedSegmentCapacity: 4_294_967_295 }).ok).toBe(true);
    expect(validateParachainParams({ ...ASYNC_BACKING, parentSearchDepth: 0, ancestryLookback: 0 }).ok).toBe(true);
  });

  const bad: [keyof ParachainParams, unknown, RegExp][] = [
    ['unincludedSegmentCapacity', -1, /must be an integer in \[0, 4294967295\], got -1/],
    ['blockProcessingVelocity', 0.5, /must be an integer in \[0, 4294967295\]/],
    ['relayChainSlotDurationMs', 0, /must be an integer in \[1, 4294967295\], got 0/],
    ['paraSlotDurationMs', 0, /must be a positive integer/],
    ['maxBlockRefTimeMs', 0, /must be positive/],
    ['authoringDurationMs', 0, /must be positive, got 0/],
    ['parentSearchDepth', 1.5, /must be a non-negative integer/],
    ['ancestryLookback', -1, /must be a non-negative integer, got -1/],
    ['relayNumberCheck', 'Whatever', /must name a CheckAssociatedRelayNumber implementation, got "Whatever"/],
  ];
  test.each(bad)('rejects %s = %s and says what it must be', (field, v, why) => {
    expect(rejected(validateParachainParams({ ...ASYNC_BACKING, [field]: v } as ParachainParams), 'params', 'InvalidParachainParams')).toMatch(why);
  });
});
