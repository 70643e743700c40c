/**
 * RT-01 … RT-03: the allowed-relay-parents tracker of the `shared` pallet.
 *
 * polkadot-sdk tests reproduced: shared/tests.rs `tracker_earliest_block_number` and
 * `tracker_acquire_info`. At polkadot-stable2506 (after PR #7254) `update` keeps `max_ancestry_len`
 * entries, no longer `max_ancestry_len + 1`; the stable2506 copies of these tests pass
 * `max_ancestry_len + 1` to `update` to keep the old assertions, and so do we.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { withRulesOff } from '../../spec/ablation.ts';
import { hashOf } from '../../spec/hash.ts';
import { acquireInfo, EMPTY_TRACKER, hypotheticalEarliestBlockNumber, updateAllowedRelayParents, type AllowedRelayParentsTracker } from '../../spec/relay/tracker.ts';
import { POLKADOT, relayBlock, SMALL, stateAfter } from './builders.ts';
import { runs } from '../support/runs.ts';

const rp = (n: number) => hashOf('rp', n);
const sr = (n: number) => hashOf('sr', n);

/** The tracker after pushing blocks `from … to` with the given `max_ancestry_len`. */
function pushed(from: number, to: number, maxAncestryLen: number, t: AllowedRelayParentsTracker = EMPTY_TRACKER): AllowedRelayParentsTracker {
  for (let n = from; n <= to; n++) t = updateAllowedRelayParents(t, rp(n), sr(n), n, maxAncestryLen);
  return t;
}

describe('RT-01 updateAllowedRelayParents: the window holds the last scheduling_lookahead blocks', () => {
  test('keeps scheduling_lookahead relay parents and reports the earliest (shared/tests.rs: tracker_earliest_block_number)', () => {
    // Adapted to stable2506: every `update` gets `max_ancestry_len + 1`, as the post-#7254 test does.
    let t = EMPTY_TRACKER;
    // Empty tracker: the earliest is `now` itself.
    expect(hypotheticalEarliestBlockNumber(t, 1, 5)).toBe(1);
    // Push block 0 (max_ancestry_len 0, update limit 1).
    t = updateAllowedRelayParents(t, rp(0), sr(0), 0, 0 + 1);
    expect(hypotheticalEarliestBlockNumber(t, 1, 0)).toBe(1);
    // max_ancestry_len 4: push blocks 1..3, the earliest stays 0.
    for (let i = 1; i <= 3; i++) {
      t = updateAllowedRelayParents(t, rp(i), sr(i), i, 4 + 1);
      expect(hypotheticalEarliestBlockNumber(t, i + 1, 4)).toBe(0);
    }
    // "Capacity exceeded": block 4 pushed with limit 4 evicts block 0 (buffer = blocks 1..4).
    t = updateAllowedRelayParents(t, rp(4), sr(4), 4, 4);
    expect(t.buffer.map((e) => e.relayParent)).toEqual([1, 2, 3, 4].map(rp));
    expect(hypotheticalEarliestBlockNumber(t, 5, 4)).toBe(1);
  });

  test('the buffer holds exactly max_ancestry_len entries, oldest first, and latest_number is the last pushed', () => {
    const t = pushed(0, 9, 3);
    expect(t.buffer.map((e) => e.relayParent)).toEqual([7, 8, 9].map(rp));
    expect(t.latestNumber).toBe(9);
  });

  test('block N accepts relay parent N - lookahead (the oldest) but not N - lookahead - 1 (polkadot: lookahead 3, N = 10)', () => {
    const s = stateAfter(POLKADOT, 9);
    const lookahead = POLKADOT.scheduler.schedulingLookahead;
    expect(lookahead).toBe(3);
    // Block 10 pushes its parent 9 first.
    const t = updateAllowedRelayParents(s.tracker, relayBlock(9).hash, relayBlock(9).storageRoot, 9, lookahead);
    expect(acquireInfo(t, relayBlock(10 - lookahead).hash, undefined)).toEqual({ stateRoot: relayBlock(7).storageRoot, number: 7 });
    expect(acquireInfo(t, relayBlock(10 - lookahead - 1).hash, undefined)).toBeNull();
    // The parent itself, the most recent block, is always allowed.
    expect(acquireInfo(t, relayBlock(9).hash, undefined)?.number).toBe(9);
  });

  test('synchronous backing (lookahead 1): only the parent is allowed', () => {
    const t = pushed(0, 5, 1);
    expect(acquireInfo(t, rp(5), undefined)?.number).toBe(5);
    expect(acquireInfo(t, rp(4), undefined)).toBeNull();
  });

  test('a relay parent already in the buffer is ignored (shared/tests.rs: tracker_acquire_info, duplicate push)', () => {
    let t = updateAllowedRelayParents(EMPTY_TRACKER, rp(0), sr(10), 0, 3);
    const again = updateAllowedRelayParents(t, rp(0), sr(99), 0, 3);
    expect(again).toBe(t);
    expect(again.buffer).toHaveLength(1);
    expect(acquireInfo(again, rp(0), undefined)).toEqual({ stateRoot: sr(10), number: 0 });
    t = updateAllowedRelayParents(t, rp(1), sr(11), 1, 3);
    expect(t.buffer).toHaveLength(2);
  });

  test('ablation: with RT-01 off the window keeps one block more, so a relay parent one block too old is accepted', () => {
    const on = pushed(0, 9, 3);
    const off = withRulesOff(['RT-01'], () => pushed(0, 9, 3));
    expect(acquireInfo(on, rp(6), undefined)).toBeNull();
    expect(off.buffer).toHaveLength(4);
    expect(acquireInfo(off, rp(6), undefined)?.number).toBe(6);
    // Two too old is still out.
    expect(acquireInfo(off, rp(5), undefined)).toBeNull();
  });
});

describe('RT-02 acquireInfo: a relay parent may not be older than the para\'s most recent context', () => {
  test('numbers relay parents from latest_number and rejects those older than prev (shared/tests.rs: tracker_acquire_info)', () => {
    // max_ancestry_len = 2; stable2506 passes max_ancestry_len + 1 = 3 to update, so rp0..rp2 stay.
    const maxAncestryLen = 2;
    let t = updateAllowedRelayParents(EMPTY_TRACKER, rp(0), sr(10), 0, maxAncestryLen + 1);
    expect(acquireInfo(t, rp(0), undefined)).toEqual({ stateRoot: sr(10), number: 0 });
    t = updateAllowedRelayParents(t, rp(0), sr(20), 0, maxAncestryLen + 1); // duplicate: ignored
    expect(t.buffer).toHaveLength(1);
    t = updateAllowedRelayParents(t, rp(1), sr(11), 1, maxAncestryLen + 1);
    t = updateAllowedRelayParents(t, rp(2), sr(12), 2, maxAncestryLen + 1);
    const roots = [sr(10), sr(11), sr(12)];
    for (const n of [0, 1]) {
      expect(acquireInfo(t, rp(n), undefined)).toEqual({ stateRoot: roots[n], number: n });
      expect(acquireInfo(t, rp(n), 2)).toBeNull();
    }
    for (const n of [1, 2]) expect(acquireInfo(t, rp(n), n - 1)).toEqual({ stateRoot: roots[n], number: n });
  });

  test('prev equal to the relay-parent number is allowed, prev one above is not', () => {
    const t = pushed(0, 5, 3);
    expect(acquireInfo(t, rp(4), 4)?.number).toBe(4);
    expect(acquireInfo(t, rp(4), 5)).toBeNull();
    expect(acquireInfo(t, rp(4), 3)?.number).toBe(4);
  });

  test('an unknown relay parent is not allowed whatever prev is', () => {
    const t = pushed(0, 5, 3);
    expect(acquireInfo(t, hashOf('foreign'), undefined)).toBeNull();
    expect(acquireInfo(t, hashOf('foreign'), 0)).toBeNull();
  });

  test('ablation: with RT-02 off the previous context is ignored and an older relay parent is accepted', () => {
    const t = pushed(0, 5, 3);
    expect(acquireInfo(t, rp(3), 5)).toBeNull();
    expect(withRulesOff(['RT-02'], () => acquireInfo(t, rp(3), 5))).toEqual({ stateRoot: sr(3), number: 3 });
    // The window still applies.
    expect(withRulesOff(['RT-02'], () => acquireInfo(t, rp(2), 5))).toBeNull();
  });
});

describe('RT-03 hypotheticalEarliestBlockNumber: now - min(ancestry, buffer length)', () => {
  test('at leaf L the runtime API (ancestry = lookahead - 1) reports exactly the oldest relay parent block L+1 accepts', () => {
    // stable2506 `backing_constraints`: hypothetical_earliest_block_number(now, lookahead - 1).
    for (const params of [POLKADOT, SMALL]) {
      const lookahead = params.scheduler.schedulingLookahead;
      const L = 10;
      const s = stateAfter(params, L); // buffer: L-lookahead … L-1
      const earliest = hypotheticalEarliestBlockNumber(s.tracker, L, lookahead - 1);
      expect(earliest).toBe(L - (lookahead - 1));
      // Block L+1 pushes L and then accepts L+1-lookahead … L.
      const next = updateAllowedRelayParents(s.tracker, relayBlock(L).hash, relayBlock(L).storageRoot, L, lookahead);
      expect(acquireInfo(next, relayBlock(earliest).hash, undefined)?.number).toBe(earliest);
      expect(acquireInfo(next, relayBlock(earliest - 1).hash, undefined)).toBeNull();
    }
  });

  test('with a partly filled buffer the earliest is limited by the buffer length', () => {
    const t = pushed(0, 1, 3); // 2 entries
    expect(hypotheticalEarliestBlockNumber(t, 2, 3)).toBe(0);
    expect(hypotheticalEarliestBlockNumber(t, 2, 1)).toBe(1);
    expect(hypotheticalEarliestBlockNumber(EMPTY_TRACKER, 7, 3)).toBe(7);
  });

  test('ablation: with RT-03 off the report is one block older than the window allows', () => {
    const t = pushed(0, 9, 3); // after block 10: relay parents 7, 8, 9
    const on = hypotheticalEarliestBlockNumber(t, 10, 2);
    const off = withRulesOff(['RT-03'], () => hypotheticalEarliestBlockNumber(t, 10, 2));
    expect(on).toBe(8);
    expect(off).toBe(7);
    // Block 11 would reject the relay parent the ablated query reports.
    const next = updateAllowedRelayParents(t, rp(10), sr(10), 10, 3);
    expect(acquireInfo(next, rp(on), undefined)?.number).toBe(8);
    expect(acquireInfo(next, rp(off), undefined)).toBeNull();
  });
});

describe('RT-01 with RT-02 as a property: block N accepts exactly N - lookahead … N - 1', () => {
  test('for any lookahead and block number, the window and the numbering agree (fast-check, pinned seed)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), (lookahead, n, prev) => {
        // Block n + 1 has pushed parents 0 … n.
        const t = pushed(0, n, lookahead);
        for (let k = 0; k <= n; k++) {
          const info = acquireInfo(t, rp(k), undefined);
          if (k >= n + 1 - lookahead) expect(info).toEqual({ stateRoot: sr(k), number: k });
          else expect(info).toBeNull();
          if (info) expect(acquireInfo(t, rp(k), prev) === null).toBe(prev > k);
        }
      }),
      { seed: 20250617, numRuns: runs(200) },
    );
  });
});
