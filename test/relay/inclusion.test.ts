/**
 * RT-05 … RT-08, RT-11 … RT-14, RT-17, RT-18: the inclusion pallet's checks on a backed candidate,
 * backing votes, availability threshold and enactment, timeouts and disputes.
 *
 * polkadot-sdk tests reproduced (inclusion/tests.rs): `candidate_checks` (the single-candidate
 * sub-cases; the ordering sub-cases are in parasInherent.test.ts because the model checks the chain
 * in `processBackedCandidates`), `availability_threshold_is_supermajority`, `free_timedout`,
 * `free_disputed`. `supermajority_bitfields_trigger_availability` is in parasInherent.test.ts
 * (it goes through bitfield processing).
 */
import { describe, expect, test } from 'vitest';
import { withRulesOff } from '../../spec/ablation.ts';
import { hashOf } from '../../spec/hash.ts';
import { paraGenesis } from '../../spec/params.ts';
import {
  availabilityThreshold,
  checkBackingVotes,
  effectiveMinimumBackingVotes,
  enactAvailableCandidates,
  freeDisputed,
  freeTimedout,
  noteNewHead,
  verifyBackedCandidate,
} from '../../spec/relay/inclusion.ts';
import { isAvailabilityTimedOut } from '../../spec/relay/scheduler.ts';
import type { RelayParentInfo } from '../../spec/relay/tracker.ts';
import {
  back,
  building,
  firstValidators,
  groupsOf,
  latestHead,
  makeCandidate,
  paraState,
  pendingCandidate,
  pendingChain,
  POLKADOT,
  relayBlock,
  withParams,
  type CandidateSpec,
} from './builders.ts';

/**
 * candidate_checks' setup: 6 validators in groups [[0,1],[2,3],[4],[5]] (one per core), chain_a on
 * core 0, chain_b on cores 1 and 2 (the test backs chain_b on both), thread_a on core 3; block 5 is
 * being built on relay parent 4 (RELAY_PARENT_NUM).
 */
const CC = withParams(POLKADOT, {
  name: 'candidate_checks',
  validators: 6,
  scheduler: { numCores: 4 },
  coreAssignment: [1, 2, 2, 3],
  paras: [paraGenesis(1), paraGenesis(2), paraGenesis(3)],
});
const RELAY_PARENT_NUM = 4;
const CHAIN_A = 1;

function verify(spec: Partial<CandidateSpec> & { prevContext?: number; parentHead?: string }, anyAncestor?: (h: string) => RelayParentInfo | undefined) {
  const state = building(CC, RELAY_PARENT_NUM + 1);
  const c = makeCandidate(state, CC, { para: CHAIN_A, rp: RELAY_PARENT_NUM, ...spec });
  const b = back(state, CC, c);
  const para = state.paras[CHAIN_A]!;
  return verifyBackedCandidate(state.tracker, b, latestHead(state, CHAIN_A), spec.prevContext ?? para.mostRecentContext, para.codeHash, CC, anyAncestor);
}

describe('RT-05 verifyBackedCandidate: the relay parent must be in the allowed window', () => {
  test('a candidate on the parent of the block is accepted and numbered RELAY_PARENT_NUM (inclusion/tests.rs: candidate_checks)', () => {
    expect(CC.scheduler.schedulingLookahead).toBe(3);
    expect(groupsOf(CC)).toEqual([[0, 1], [2, 3], [4], [5]]);
    const v = verify({});
    expect(v).toMatchObject({ ok: true, rp: { number: RELAY_PARENT_NUM, stateRoot: relayBlock(RELAY_PARENT_NUM).storageRoot } });
  });

  test('a relay parent not in the window is DisallowedRelayParent (inclusion/tests.rs: candidate_checks, wrong_parent_hash)', () => {
    expect(verify({ rp: RELAY_PARENT_NUM, fork: 'wrong-parent' })).toMatchObject({ ok: false, error: 'DisallowedRelayParent', rule: 'RT-05' });
  });

  test('block 5 accepts relay parent 5 - lookahead = 2 (the oldest) and rejects 1', () => {
    expect(verify({ rp: 2 })).toMatchObject({ ok: true, rp: { number: 2 } });
    expect(verify({ rp: 1 })).toMatchObject({ ok: false, error: 'DisallowedRelayParent', rule: 'RT-05' });
  });

  test('a relay parent in the window but older than the previous context is DisallowedRelayParent under RT-02', () => {
    expect(verify({ rp: 3, prevContext: 3 })).toMatchObject({ ok: true });
    expect(verify({ rp: 3, prevContext: 4 })).toMatchObject({ ok: false, error: 'DisallowedRelayParent', rule: 'RT-02' });
  });

  test('ablation: with RT-05 off any ancestor of the block is accepted as relay parent, however old', () => {
    const ancestor = (h: string) => (h === relayBlock(0).hash ? { number: 0, stateRoot: relayBlock(0).storageRoot } : undefined);
    expect(verify({ rp: 0 }, ancestor)).toMatchObject({ ok: false, error: 'DisallowedRelayParent', rule: 'RT-05' });
    expect(withRulesOff(['RT-05'], () => verify({ rp: 0 }, ancestor))).toMatchObject({ ok: true, rp: { number: 0 } });
    // Something that is no ancestor at all is still rejected.
    expect(withRulesOff(['RT-05'], () => verify({ rp: 0, fork: 'x' }, ancestor))).toMatchObject({ ok: false, error: 'DisallowedRelayParent', rule: 'RT-05' });
  });
});

describe('RT-06 verifyBackedCandidate: the PVD must commit to the para\'s latest head (ValidationDataHashMismatch)', () => {
  test('a bad validation data hash is rejected (inclusion/tests.rs: candidate_checks, [42u8; 32])', () => {
    expect(verify({ pvd: hashOf('42'.repeat(32)) })).toMatchObject({ ok: false, error: 'ValidationDataHashMismatch', rule: 'RT-06' });
  });

  test('a candidate on another parent head is rejected; on the latest head it is accepted', () => {
    expect(verify({ parentHead: hashOf('some-other-head') })).toMatchObject({ ok: false, error: 'ValidationDataHashMismatch', rule: 'RT-06' });
    expect(verify({ parentHead: building(CC, 5).paras[CHAIN_A]!.head })).toMatchObject({ ok: true });
  });

  test('the PVD commits to the relay-parent number: a PVD made for rp - 1 is rejected', () => {
    expect(verify({ pvdRelayParentNumber: RELAY_PARENT_NUM - 1 })).toMatchObject({ ok: false, error: 'ValidationDataHashMismatch', rule: 'RT-06' });
  });

  test('ablation: with RT-06 off a candidate on any parent head is accepted', () => {
    expect(withRulesOff(['RT-06'], () => verify({ parentHead: hashOf('some-other-head') }))).toMatchObject({ ok: true });
  });
});

describe('RT-07 verifyBackedCandidate: the candidate names the current validation code (InvalidValidationCodeHash)', () => {
  test('a wrong validation code hash is rejected (inclusion/tests.rs: candidate_checks, bad validation code hash)', () => {
    expect(verify({ codeHash: hashOf('code', 9, 8, 7) })).toMatchObject({ ok: false, error: 'InvalidValidationCodeHash', rule: 'RT-07' });
  });

  test('ablation: with RT-07 off any validation code hash is accepted', () => {
    expect(withRulesOff(['RT-07'], () => verify({ codeHash: hashOf('code', 9, 8, 7) }))).toMatchObject({ ok: true });
  });
});

describe('RT-08 verifyBackedCandidate: the descriptor\'s para head is the hash of the head data (ParaHeadMismatch)', () => {
  test('a para head that does not match the head data is rejected (inclusion/tests.rs: candidate_checks, para_head_hash random)', () => {
    expect(verify({ paraHead: hashOf('random') })).toMatchObject({ ok: false, error: 'ParaHeadMismatch', rule: 'RT-08' });
  });

  test('ablation: with RT-08 off a mismatching para head is accepted', () => {
    expect(withRulesOff(['RT-08'], () => verify({ paraHead: hashOf('random') }))).toMatchObject({ ok: true });
  });
});

describe('verify_backed_candidate checks in the source\'s order: relay parent, PVD, code, para head', () => {
  test('the first failing check names the error', () => {
    expect(verify({ fork: 'x', pvd: hashOf('bad'), codeHash: hashOf('bad'), paraHead: hashOf('bad') })).toMatchObject({ error: 'DisallowedRelayParent' });
    expect(verify({ pvd: hashOf('bad'), codeHash: hashOf('bad'), paraHead: hashOf('bad') })).toMatchObject({ error: 'ValidationDataHashMismatch' });
    expect(verify({ codeHash: hashOf('bad'), paraHead: hashOf('bad') })).toMatchObject({ error: 'InvalidValidationCodeHash' });
    expect(verify({ paraHead: hashOf('bad') })).toMatchObject({ error: 'ParaHeadMismatch' });
  });
});

describe('verify_backed_candidate rejections name what is wrong and where', () => {
  const ancestor = (h: string) => (h === relayBlock(0).hash ? { number: 0, stateRoot: relayBlock(0).storageRoot } : undefined);
  const head = () => latestHead(building(CC, RELAY_PARENT_NUM + 1), CHAIN_A);

  test('RT-05: the relay parent outside the window, by hash', () => {
    expect(verify({ rp: 1 })).toEqual({ ok: false, error: 'DisallowedRelayParent', rule: 'RT-05', detail: `relay parent ${relayBlock(1).hash} is not in the allowed window` });
  });

  test('RT-02: the relay-parent number and the para\'s most recent context, inside the window and (RT-05 off) outside it', () => {
    expect(verify({ rp: 3, prevContext: 4 })).toEqual({ ok: false, error: 'DisallowedRelayParent', rule: 'RT-02', detail: "relay parent #3 is older than the para's most recent context #4" });
    expect(withRulesOff(['RT-05'], () => verify({ rp: 0, prevContext: 2 }, ancestor))).toEqual({
      ok: false,
      error: 'DisallowedRelayParent',
      rule: 'RT-02',
      detail: "relay parent #0 is older than the para's most recent context #2",
    });
  });

  test('RT-05 off without an ancestry to consult: a relay parent outside the window is unknown', () => {
    expect(withRulesOff(['RT-05'], () => verify({ rp: 0 }))).toEqual({ ok: false, error: 'DisallowedRelayParent', rule: 'RT-05', detail: `relay parent ${relayBlock(0).hash} is unknown` });
  });

  test('RT-06 names the parent head and relay-parent number the PVD should commit to; RT-07 the expected code', () => {
    expect(verify({ pvd: hashOf('bad') })).toEqual({ ok: false, error: 'ValidationDataHashMismatch', rule: 'RT-06', detail: `PVD does not match parent head ${head()} at relay parent #${RELAY_PARENT_NUM}` });
    const code = building(CC, RELAY_PARENT_NUM + 1).paras[CHAIN_A]!.codeHash;
    expect(verify({ codeHash: hashOf('bad') })).toEqual({ ok: false, error: 'InvalidValidationCodeHash', rule: 'RT-07', detail: `expected code ${code}` });
  });
});

describe('RT-11 checkBackingVotes: votes from the assigned group, at least min(group size, minimum_backing_votes)', () => {
  test('Lacking backing is InsufficientBacking, the wrong group is InvalidBacking (inclusion/tests.rs: candidate_checks)', () => {
    const groups = groupsOf(CC);
    // chain_a on core 0 is backed by group 0 = [0, 1]; BackingKind::Lacking = one vote fewer than needed.
    expect(checkBackingVotes([0, 1], groups[0]!, 2)).toEqual({ ok: true });
    expect(checkBackingVotes([0], groups[0]!, 2)).toMatchObject({ ok: false, error: 'InsufficientBacking', rule: 'RT-11' });
    // Wrong backing group: group 1 = [2, 3] backs chain_a's core.
    expect(checkBackingVotes([2, 3], groups[0]!, 2)).toMatchObject({ ok: false, error: 'InvalidBacking', rule: 'RT-11' });
  });

  test('exactly min(group, minimum) votes are enough and one fewer is not, for groups larger and smaller than the minimum', () => {
    const cases: [group: number[], minimum: number][] = [
      [[0, 1, 2, 3, 4], 2],
      [[0, 1, 2, 3, 4], 3],
      [[0, 1, 2, 3, 4], 5],
      [[4], 2], // group of one: one vote suffices (effective_minimum_backing_votes)
      [[4, 5], 3],
    ];
    for (const [group, minimum] of cases) {
      const need = effectiveMinimumBackingVotes(group.length, minimum);
      expect(need).toBe(Math.min(group.length, minimum));
      expect(checkBackingVotes(group.slice(0, need), group, minimum), `${need} of [${group}]`).toEqual({ ok: true });
      expect(checkBackingVotes(group.slice(0, need - 1), group, minimum), `${need - 1} of [${group}]`).toMatchObject({ ok: false, error: 'InsufficientBacking', rule: 'RT-11' });
    }
  });

  test('a vote from outside the group or a repeated vote is InvalidBacking', () => {
    expect(checkBackingVotes([0, 9], [0, 1, 2], 2)).toMatchObject({ ok: false, error: 'InvalidBacking', rule: 'RT-11' });
    expect(checkBackingVotes([0, 0], [0, 1, 2], 2)).toMatchObject({ ok: false, error: 'InvalidBacking', rule: 'RT-11' });
  });

  test('the rejection names the offending validator and the assigned group, or the votes counted and needed', () => {
    expect(checkBackingVotes([0, 9], [0, 1, 2], 2)).toEqual({ ok: false, error: 'InvalidBacking', rule: 'RT-11', detail: 'validator 9 is not (or twice) in the assigned group [0,1,2]' });
    expect(checkBackingVotes([1, 1], [0, 1, 2], 2)).toEqual({ ok: false, error: 'InvalidBacking', rule: 'RT-11', detail: 'validator 1 is not (or twice) in the assigned group [0,1,2]' });
    expect(checkBackingVotes([2], [0, 1, 2], 2)).toEqual({ ok: false, error: 'InsufficientBacking', rule: 'RT-11', detail: '1 votes, 2 needed' });
  });

  test('ablation: with RT-11 off any votes, from anyone, in any number are accepted', () => {
    expect(withRulesOff(['RT-11'], () => checkBackingVotes([], [0, 1, 2], 2))).toEqual({ ok: true });
    expect(withRulesOff(['RT-11'], () => checkBackingVotes([7, 7], [0, 1, 2], 2))).toEqual({ ok: true });
  });
});

describe('RT-12 availabilityThreshold: n - floor((n - 1) / 3) validators', () => {
  test('4 → 3, 6 → 5, 9 → 7 (inclusion/tests.rs: availability_threshold_is_supermajority)', () => {
    expect(availabilityThreshold(4)).toBe(3);
    expect(availabilityThreshold(6)).toBe(5);
    expect(availabilityThreshold(9)).toBe(7);
  });

  test('7 → 5 and 10 → 7: the first value above two thirds', () => {
    expect(availabilityThreshold(7)).toBe(5);
    expect(availabilityThreshold(10)).toBe(7);
    for (let n = 1; n <= 30; n++) {
      const t = availabilityThreshold(n);
      // The smallest t with t > 2n/3, i.e. floor(2n/3) + 1.
      expect(3 * t, `n=${n}`).toBeGreaterThan(2 * n);
      expect(3 * (t - 1), `n=${n}`).toBeLessThanOrEqual(2 * n);
    }
  });

  test('a candidate with exactly threshold votes is enacted, with one fewer it stays pending (n = 4, 6, 7, 9, 10)', () => {
    for (const n of [4, 6, 7, 9, 10]) {
      const t = availabilityThreshold(n);
      const at = enactAvailableCandidates(paraState([pendingCandidate({ label: `at-${n}`, core: 0, votes: firstValidators(t) })]), t);
      const below = enactAvailableCandidates(paraState([pendingCandidate({ label: `below-${n}`, core: 0, votes: firstValidators(t - 1) })]), t);
      expect(at.enacted, `n=${n}`).toHaveLength(1);
      expect(below.enacted, `n=${n}`).toHaveLength(0);
      expect(below.para.pending).toHaveLength(1);
    }
  });

  test('ablation: with RT-12 off half the validators suffice', () => {
    expect(withRulesOff(['RT-12'], () => availabilityThreshold(10))).toBe(5);
    expect(withRulesOff(['RT-12'], () => availabilityThreshold(7))).toBe(3);
  });
});

describe('RT-13 enactAvailableCandidates: available candidates are enacted strictly in chain order', () => {
  const head = hashOf('head-0');
  const T = 3;

  test('an available candidate behind an unavailable one waits', () => {
    const chain = pendingChain(head, [
      { label: 'c1', core: 0, votes: [0, 1] },
      { label: 'c2', core: 1, votes: [0, 1, 2] },
    ]);
    const r = enactAvailableCandidates(paraState(chain, head), T);
    expect(r.enacted).toEqual([]);
    expect(r.para.pending.map((c) => c.hash)).toEqual(chain.map((c) => c.hash));
    expect(r.para.head).toBe(head);
  });

  test('the available prefix is enacted, up to the first unavailable candidate', () => {
    const chain = pendingChain(head, [
      { label: 'c1', core: 0, votes: [0, 1, 2] },
      { label: 'c2', core: 1, votes: [0, 1] },
      { label: 'c3', core: 2, votes: [0, 1, 2, 3] },
    ]);
    const r = enactAvailableCandidates(paraState(chain, head), T);
    expect(r.enacted.map((c) => c.hash)).toEqual([chain[0]!.hash]);
    expect(r.para.pending.map((c) => c.hash)).toEqual([chain[1]!.hash, chain[2]!.hash]);
    expect(r.para.head).toBe(chain[0]!.headData);
  });

  test('ablation: with RT-13 off an available candidate is enacted even behind an unavailable one', () => {
    const chain = pendingChain(head, [
      { label: 'c1', core: 0, votes: [0, 1] },
      { label: 'c2', core: 1, votes: [0, 1, 2] },
    ]);
    const r = withRulesOff(['RT-13'], () => enactAvailableCandidates(paraState(chain, head), T));
    expect(r.enacted.map((c) => c.hash)).toEqual([chain[1]!.hash]);
    expect(r.para.pending.map((c) => c.hash)).toEqual([chain[0]!.hash]);
  });
});

describe('RT-14 noteNewHead: inclusion moves the head and the most recent context', () => {
  test('the head becomes the output and the most recent context the relay-parent number', () => {
    const p = noteNewHead(paraState([], hashOf('h0'), 3), hashOf('h1'), 7);
    expect(p.head).toBe(hashOf('h1'));
    expect(p.mostRecentContext).toBe(7);
  });

  test('enacting a chain leaves the head and context of its last enacted candidate', () => {
    const head = hashOf('h0');
    const chain = pendingChain(head, [
      { label: 'c1', core: 0, rpNumber: 5, votes: [0, 1, 2] },
      { label: 'c2', core: 1, rpNumber: 6, votes: [0, 1, 2] },
    ]);
    const r = enactAvailableCandidates(paraState(chain, head, 4), 3);
    expect(r.para.head).toBe(chain[1]!.headData);
    expect(r.para.mostRecentContext).toBe(6);
  });

  test('ablation: with RT-14 off the most recent context is not updated', () => {
    const p = withRulesOff(['RT-14'], () => noteNewHead(paraState([], hashOf('h0'), 3), hashOf('h1'), 7));
    expect(p.head).toBe(hashOf('h1'));
    expect(p.mostRecentContext).toBe(3);
  });
});

/**
 * The six paras of `free_timedout` / `free_disputed` (inclusion/tests.rs): candidate `k` sits on
 * core `k`; chain_a [0], chain_b [1], chain_c [2, 3], chain_d [4, 5], chain_e [6, 7, 8], chain_f [9, 10, 11].
 */
const SIX_PARAS: Record<string, number[]> = { a: [0], b: [1], c: [2, 3], d: [4, 5], e: [6, 7, 8], f: [9, 10, 11] };

function sixParas(backedIn: (core: number) => number) {
  const out: Record<string, ReturnType<typeof paraState>> = {};
  for (const [name, cores] of Object.entries(SIX_PARAS)) {
    const head = hashOf('head', name);
    out[name] = paraState(pendingChain(head, cores.map((core) => ({ label: `${name}-${core}`, hash: hashOf('core', core), core, backedIn: backedIn(core) }))), head);
  }
  return out;
}

describe('RT-17 freeTimedout: the earliest timed-out candidate goes with all its descendants', () => {
  // free_timedout: timed-out candidates were backed in block 0, the others in 5; the check runs at 5.
  // We use the stable2506 predicate with paras_availability_period 1 (SchedulerParams::default()).
  const TIMED_OUT = new Set([0, 2, 4, 5, 7]);
  const now = 5;
  const period = 1;
  const paras = sixParas((core) => (TIMED_OUT.has(core) ? 0 : 5));
  const run = () => {
    const freedCores: number[] = [];
    const after: Record<string, number[]> = {};
    for (const [name, para] of Object.entries(paras)) {
      const r = freeTimedout(para, (c) => isAvailabilityTimedOut(c.backedInNumber, now, period));
      freedCores.push(...r.freed.map((f) => f.candidate.core));
      after[name] = r.para.pending.map((c) => c.core);
      expect(r.para.head, 'the head stays').toBe(para.head);
    }
    return { freedCores, after };
  };

  test('frees cores 0, 2, 3, 4, 5, 7, 8 and keeps b, e[6] and f (inclusion/tests.rs: free_timedout)', () => {
    const { freedCores, after } = run();
    expect(freedCores).toEqual([0, 2, 3, 4, 5, 7, 8]);
    expect(after).toEqual({ a: [], b: [1], c: [], d: [], e: [6], f: [9, 10, 11] });
  });

  test('descendants are reported as freed with their timed-out ancestor', () => {
    const r = freeTimedout(paras.c!, (c) => isAvailabilityTimedOut(c.backedInNumber, now, period));
    expect(r.freed.map((f) => [f.candidate.core, f.withAncestor])).toEqual([
      [2, undefined],
      [3, hashOf('core', 2)],
    ]);
  });

  test('nothing times out with no pending candidates or none past its period', () => {
    expect(freeTimedout(paraState([]), () => true).freed).toEqual([]);
    expect(freeTimedout(paras.f!, (c) => isAvailabilityTimedOut(c.backedInNumber, now, period)).freed).toEqual([]);
  });

  test('ablation: with RT-17 off only the timed-out candidate is freed and its descendants stay pending', () => {
    const { freedCores, after } = withRulesOff(['RT-17'], run);
    expect(freedCores).toEqual([0, 2, 4, 7]);
    expect(after).toEqual({ a: [], b: [1], c: [3], d: [5], e: [6, 8], f: [9, 10, 11] });
  });
});

describe('RT-18 freeDisputed: a candidate concluded invalid goes with all its descendants', () => {
  const paras = sixParas(() => 0);
  const run = (disputed: ReadonlySet<string>) => {
    const freedCores: number[] = [];
    const after: Record<string, number[]> = {};
    for (const [name, para] of Object.entries(paras)) {
      const r = freeDisputed(para, disputed);
      freedCores.push(...r.freed.map((f) => f.candidate.core));
      after[name] = r.para.pending.map((c) => c.core);
      expect(r.para.head, 'the head stays').toBe(para.head);
    }
    return { freedCores, after };
  };
  const DISPUTED = new Set([0, 2, 4, 5, 7].map((k) => hashOf('core', k)));

  test('disputes against 0, 2, 4, 5, 7 free cores 0, 2, 3, 4, 5, 7, 8 (inclusion/tests.rs: free_disputed)', () => {
    expect(run(new Set()).freedCores).toEqual([]);
    expect(run(new Set([hashOf('unknown')])).freedCores).toEqual([]);
    const { freedCores, after } = run(DISPUTED);
    expect(freedCores).toEqual([0, 2, 3, 4, 5, 7, 8]);
    expect(after).toEqual({ a: [], b: [1], c: [], d: [], e: [6], f: [9, 10, 11] });
  });

  test('descendants are reported as freed with their disputed ancestor', () => {
    const r = freeDisputed(paras.e!, new Set([hashOf('core', 7)]));
    expect(r.freed.map((f) => [f.candidate.core, f.withAncestor])).toEqual([
      [7, undefined],
      [8, hashOf('core', 7)],
    ]);
  });

  test('ablation: with RT-18 off only the disputed candidate is freed and its descendants stay pending', () => {
    const { freedCores, after } = withRulesOff(['RT-18'], () => run(DISPUTED));
    expect(freedCores).toEqual([0, 2, 4, 7]);
    expect(after).toEqual({ a: [], b: [1], c: [3], d: [5], e: [6, 8], f: [9, 10, 11] });
  });
});
