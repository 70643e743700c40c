/**
 * Unit tests for `spec/parachain/collator.ts`: the lookahead collator's parent search
 * (`parent_search.rs`) and build decision (`collators/mod.rs::can_build_upon`, `lookahead.rs`).
 */
import { describe, expect, test } from 'vitest';
import { withRulesOff } from '../../spec/ablation.ts';
import {
  buildRelayParentAncestry,
  collatorCanBuildUpon,
  decideLookaheadBuild,
  findPotentialParents,
  selectBestParent,
  slotAuthor,
  type LookaheadInput,
  type ParaBlockView,
  type RelayBlockView,
} from '../../spec/parachain/collator.ts';
import { EMPTY_USED_BANDWIDTH } from '../../spec/parachain/unincludedSegment.ts';
import { ancestor } from './helpers.ts';

/** Relay chain r1..r10, session changes after r6 (r7 onward is session 1). */
const relay: RelayBlockView[] = Array.from({ length: 10 }, (_, i) => ({
  hash: `r${i + 1}`,
  number: i + 1,
  parent: i === 0 ? null : `r${i}`,
  sessionIndexForChild: i + 1 >= 7 ? 1 : 0,
}));
const para = (hash: string, parent: string | null, number: number, relayParent: string): ParaBlockView => ({ hash, parent, number, relayParent });

describe('relay parent ancestry (build_relay_parent_ancestry)', () => {
  test('is the relay parent and up to `ancestry_lookback` ancestors', () => {
    expect(buildRelayParentAncestry(relay, 'r5', 2)).toEqual(['r5', 'r4', 'r3']);
    expect(buildRelayParentAncestry(relay, 'r5', 0)).toEqual(['r5']);
  });
  test('stops at a session change and never goes past block 1', () => {
    expect(buildRelayParentAncestry(relay, 'r8', 5)).toEqual(['r8', 'r7']);
    expect(buildRelayParentAncestry(relay, 'r2', 5)).toEqual(['r2', 'r1']);
    expect(buildRelayParentAncestry(relay, 'unknown', 5)).toEqual([]);
  });
});

describe('potential parents (PS-13, find_potential_parents)', () => {
  const blocks = [
    para('inc', null, 10, 'r1'),
    para('a', 'inc', 11, 'r4'),
    para('b', 'a', 12, 'r5'),
    para('c', 'b', 13, 'r2'), // anchored below the allowed ancestry
    para('d', 'c', 14, 'r5'),
  ];
  const base = { includedHash: 'inc', pendingHash: null, knownBlocks: blocks, rpAncestry: ['r5', 'r4', 'r3'], maxDepth: 10, ignoreAlternativeBranches: true };

  test('are the included block and descendants anchored to allowed relay parents; the search stops at the first outside', () => {
    const p = findPotentialParents(base);
    expect(p.map((x) => [x.hash, x.depth])).toEqual([
      ['inc', 0],
      ['a', 1],
      ['b', 2],
    ]);
    expect(selectBestParent(p)).toEqual({ included: 'inc', parent: { hash: 'b', depth: 2, alignedWithPending: true } });
  });

  test('switched off, blocks anchored outside the ancestry are potential too', () => {
    withRulesOff(['PS-13'], () => expect(findPotentialParents(base).map((x) => x.hash)).toEqual(['inc', 'a', 'b', 'c', 'd']));
  });

  test('stop at `max_depth` blocks above the included one; max_depth 0 gives only the included block', () => {
    expect(findPotentialParents({ ...base, maxDepth: 1 }).map((x) => x.hash)).toEqual(['inc', 'a']);
    expect(findPotentialParents({ ...base, maxDepth: 0 }).map((x) => x.hash)).toEqual(['inc']);
  });

  test('are none when the included block is unknown locally', () => {
    expect(findPotentialParents({ ...base, includedHash: 'zzz' })).toEqual([]);
    expect(selectBestParent([])).toBeNull();
  });

  describe('with a block pending availability', () => {
    const tree = [
      para('inc', null, 10, 'r1'),
      para('p1', 'inc', 11, 'r1'), // old relay parents, but on chain already
      para('p2', 'p1', 12, 'r1'),
      para('x', 'p2', 13, 'r5'),
      para('alt', 'inc', 11, 'r5'), // an alternative branch, not containing the pending block
    ];
    const withPending = { ...base, knownBlocks: tree, pendingHash: 'p2' };

    test('include the path to the pending block (whatever its relay parents) and its descendants, not other branches', () => {
      const p = findPotentialParents(withPending);
      expect(p.map((x) => [x.hash, x.depth])).toEqual([
        ['inc', 0],
        ['p1', 1],
        ['p2', 2],
        ['x', 3],
      ]);
      expect(selectBestParent(p)?.parent.hash).toBe('x');
    });

    test('without ignoring alternative branches, search from the included block: other branches count, and an old-anchored path block stops the search', () => {
      const p = findPotentialParents({ ...withPending, ignoreAlternativeBranches: false });
      // p1 is neither included, pending nor anchored in the ancestry: the source does not descend past it.
      expect(p.map((x) => x.hash).sort()).toEqual(['alt', 'inc']);
      expect(p.find((x) => x.hash === 'alt')?.alignedWithPending).toBe(false);
    });

    test('are only the included block when the pending block is unknown locally', () => {
      expect(findPotentialParents({ ...withPending, pendingHash: 'unknown' }).map((x) => x.hash)).toEqual(['inc']);
    });

    test('are none when the pending block does not descend from the included one', () => {
      expect(findPotentialParents({ ...withPending, includedHash: 'alt' })).toEqual([]);
    });

    test('without ignoring alternative branches, a sibling of the pending block is potential but not aligned with it; blocks past the pending depth are', () => {
      const anchored = [
        para('inc', null, 10, 'r1'),
        para('p1', 'inc', 11, 'r4'),
        para('p2', 'p1', 12, 'r5'), // pending
        para('sib', 'p1', 12, 'r5'), // same depth as the pending block, not on the path to it
        para('x', 'p2', 13, 'r5'),
        para('y', 'sib', 13, 'r5'),
      ];
      const p = findPotentialParents({ ...base, knownBlocks: anchored, pendingHash: 'p2', ignoreAlternativeBranches: false });
      const aligned = Object.fromEntries(p.map((x) => [x.hash, [x.depth, x.alignedWithPending]]));
      expect(aligned).toEqual({ inc: [0, true], p1: [1, true], p2: [2, true], sib: [2, false], x: [3, true], y: [3, false] });
      // Ignoring alternative branches, the sibling's branch is not searched at all.
      expect(findPotentialParents({ ...base, knownBlocks: anchored, pendingHash: 'p2' }).map((x) => x.hash)).toEqual(['inc', 'p1', 'p2', 'x']);
    });

    test('with max_depth 0 the included block is the only potential parent, even when the pending block is on another branch', () => {
      expect(findPotentialParents({ ...withPending, includedHash: 'alt', maxDepth: 0 }).map((x) => x.hash)).toEqual(['alt']);
      expect(findPotentialParents({ ...withPending, maxDepth: 0 }).map((x) => x.hash)).toEqual(['inc']);
    });

    test('a pending block equal to the included one is no pending block', () => {
      expect(findPotentialParents({ ...withPending, pendingHash: 'inc' }).map((x) => x.hash)).toEqual(['inc', 'alt']);
    });
  });

  test('the best parent is the deepest; among equally deep ones the last in search order (max_by_key)', () => {
    const fork = [para('inc', null, 1, 'r5'), para('f1', 'inc', 2, 'r5'), para('f2', 'inc', 2, 'r5')];
    const p = findPotentialParents({ ...base, knownBlocks: fork });
    const deepest = p.filter((x) => x.depth === 1).map((x) => x.hash);
    expect(deepest).toHaveLength(2);
    expect(selectBestParent(p)?.parent.hash).toBe(deepest[deepest.length - 1]);
  });
});

describe('whether the collator builds (PS-14, can_build_upon in collators/mod.rs)', () => {
  const full = { relaySlotInfo: { slot: 10, authored: 2 }, unincludedSegment: [1, 2, 3].map((i) => ancestor(EMPTY_USED_BANDWIDTH, `h${i}`)) };
  const input = {
    self: 'alice',
    authorities: ['alice', 'bob'],
    paraSlot: 10,
    relaySlot: 10,
    parentHash: 'h3',
    includedHash: 'h0',
    runtimeAtParent: full,
    hook: { velocity: 1, capacity: 3 },
  };

  test('only the Aura author of the para slot builds', () => {
    expect(slotAuthor(['alice', 'bob'], 10)).toBe('alice');
    expect(slotAuthor(['alice', 'bob'], 11)).toBe('bob');
    expect(slotAuthor([], 11)).toBeNull();
    expect(collatorCanBuildUpon({ ...input, parentHash: 'h0', paraSlot: 11 })).toBe(false);
    withRulesOff(['PS-14'], () => expect(collatorCanBuildUpon({ ...input, parentHash: 'h0', paraSlot: 11 })).toBe(true));
  });

  test('building directly on the included block is always allowed; otherwise the runtime decides', () => {
    expect(collatorCanBuildUpon(input)).toBe(false); // full segment after h0
    expect(collatorCanBuildUpon({ ...input, parentHash: 'h0' })).toBe(true);
    expect(collatorCanBuildUpon({ ...input, includedHash: 'h1', relaySlot: 11 })).toBe(true);
  });
});

describe('one lookahead step (lookahead.rs)', () => {
  const known = [para('inc', null, 10, 'r3'), para('a', 'inc', 11, 'r4'), para('b', 'a', 12, 'r5')];
  const view = (heads: string[], info: { slot: number; authored: number } | null) => ({
    relaySlotInfo: info,
    unincludedSegment: heads.map((h) => ancestor(EMPTY_USED_BANDWIDTH, h)),
  });
  const input: LookaheadInput = {
    leaf: { hash: 'r6', number: 6, slot: 100 },
    relayChain: relay,
    relayChainSlotDurationMs: 6000,
    paraSlotDurationMs: 6000,
    paraScheduled: true,
    ancestryLookback: 2,
    includedHash: 'inc',
    pendingHash: null,
    knownBlocks: known,
    self: 'alice',
    authoritiesAt: { inc: ['alice'], a: ['alice'], b: ['alice'] },
    runtimeAt: { a: view(['a'], { slot: 99, authored: 1 }), b: view(['a', 'b'], { slot: 99, authored: 2 }) },
    hook: { velocity: 1, capacity: 3 },
  };

  test('uses the relay leaf as relay parent and builds on the deepest potential parent', () => {
    const d = decideLookaheadBuild(input);
    expect(d).toMatchObject({ build: true, relayParent: 'r6', relayParentNumber: 6, parent: 'b', parentDepth: 2, included: 'inc', relaySlot: 100, paraSlot: 100, timestampMs: 600_000 });
  });

  test('does not build when the para has no core, when no parent is known, or when the segment is full', () => {
    expect(decideLookaheadBuild({ ...input, paraScheduled: false })).toEqual({ build: false, reason: 'NotScheduled' });
    expect(decideLookaheadBuild({ ...input, includedHash: 'unknown' })).toEqual({ build: false, reason: 'NoParent' });
    const fullAtB = { ...input, runtimeAt: { ...input.runtimeAt, b: view(['x', 'a', 'b'], { slot: 99, authored: 2 }) } };
    expect(decideLookaheadBuild(fullAtB)).toEqual({ build: false, reason: 'CannotBuild' });
  });

  test('continues on the block it just built, within the same leaf', () => {
    const d = decideLookaheadBuild({ ...input, runtimeAt: { ...input.runtimeAt, n1: view(['a', 'b'], { slot: 100, authored: 1 }) }, authoritiesAt: { ...input.authoritiesAt, n1: ['alice'] } }, 'n1');
    expect(d).toMatchObject({ build: true, parent: 'n1', parentDepth: null });
    // Without the runtime state at the parent (a failing runtime API call) nothing is built.
    expect(decideLookaheadBuild(input, 'nowhere')).toEqual({ build: false, reason: 'CannotBuild' });
    // Even when we are the author there.
    expect(decideLookaheadBuild({ ...input, authoritiesAt: { ...input.authoritiesAt, nowhere: ['alice'] } }, 'nowhere')).toEqual({ build: false, reason: 'CannotBuild' });
    // Building on the included block needs no runtime state at it.
    expect(decideLookaheadBuild({ ...input, knownBlocks: [known[0]!] })).toMatchObject({ build: true, parent: 'inc', parentDepth: 0 });
  });
});
