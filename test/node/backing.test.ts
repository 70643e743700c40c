/**
 * What the other node subsystems do on top of prospective-parachains at stable2506: candidate
 * backing's seconding rule (`seconding_sanity_check_*` tests of `polkadot/node/core/backing`),
 * statement-distribution's seconding limit (`ensure_seconding_limit_is_respected`) and the
 * provisioner's `GetBackableCandidates` requests (`request_from_prospective_parachains_*`).
 */
import { describe, expect, test } from 'vitest';
import { withRulesOff } from '../../spec/ablation.ts';
import {
  allowedRelayParentsUnder,
  backableCandidatesRequests,
  checkSecondingLimit,
  classicSecondingLimit,
  secondingAllowed,
  secondingLeaves,
  secondingLimit,
  secondingSanityCheck,
  bitfieldsIndicateAvailability,
  type ProvisionerCore,
} from '../../spec/node/backing.ts';
import type { HypotheticalOrConcreteCandidate } from '../../spec/node/fragmentChain.ts';
import {
  candidateBackedInView,
  EMPTY_VIEW,
  getBackableCandidates,
  handleActiveLeavesUpdate,
  introduceSecondedCandidate,
  type ProspectiveView,
  type RelayBlock,
} from '../../spec/node/view.ts';
import { makeCommittedCandidate, makeConstraints } from './builders.ts';

const PARA = 5;
const ROOT = '4545454545454545';
const block = (n: number): RelayBlock => ({ hash: `b${String(n).padStart(15, '0')}`, number: n, storageRoot: ROOT, session: 1 });
const ancestorsOf = (n: number): RelayBlock[] => Array.from({ length: n }, (_, i) => block(n - 1 - i));

/** Leaves 10 and 20 both active (two forks of interest), para 5 on one core, lookahead 3. */
function twoLeaves(): ProspectiveView {
  let view = EMPTY_VIEW;
  for (const n of [10, 20]) {
    view = handleActiveLeavesUpdate(view, {
      activated: {
        leaf: block(n),
        ancestors: ancestorsOf(n),
        schedulingLookahead: 3,
        claimQueue: { 0: [PARA, PARA, PARA] },
        backingState: { [PARA]: { constraints: makeConstraints(n - 2, [0], 'h-included'), pending: [] } },
      },
    });
  }
  return view;
}

function hypothetical(relayParent: string, parentHead = 'h-included'): HypotheticalOrConcreteCandidate {
  return {
    candidateHash: 'cccc000000000000',
    parentHeadDataHash: parentHead,
    outputHeadDataHash: null,
    relayParent,
    commitments: null,
    persistedValidationData: null,
    validationCodeHash: null,
  };
}

describe('candidate-backing: seconding_sanity_check', () => {
  test('a leaf allows the para the relay parents of its scope: the leaf and scheduling_lookahead - 1 ancestors', () => {
    expect(allowedRelayParentsUnder(twoLeaves(), block(20).hash, PARA)).toEqual([20, 19, 18].map((n) => block(n).hash));
    expect(allowedRelayParentsUnder(twoLeaves(), block(20).hash, 99)).toEqual([]);
  });

  test('PP-41: seconding is allowed on at least one leaf when that leaf allows the relay parent and reports membership (seconding_sanity_check_allowed_on_at_least_one_leaf)', () => {
    const view = twoLeaves();
    expect(secondingLeaves(view, PARA, hypothetical(block(19).hash))).toEqual([block(20).hash]);
    expect(secondingLeaves(view, PARA, hypothetical(block(9).hash))).toEqual([block(10).hash]);
    expect(secondingAllowed(view, PARA, hypothetical(block(19).hash))).toBe(true);
  });

  test('PP-41: seconding is disallowed when no active leaf allows the relay parent (seconding_sanity_check_disallowed)', () => {
    const view = twoLeaves();
    expect(secondingLeaves(view, PARA, hypothetical(block(15).hash))).toEqual([]);
    expect(secondingAllowed(view, PARA, hypothetical(block(15).hash))).toBe(false);
    expect(secondingAllowed(view, 99, hypothetical(block(19).hash))).toBe(false);
  });

  test('seconding is disallowed where the candidate is not a hypothetical member (a worse fork of a backed candidate)', () => {
    const c = makeCommittedCandidate('1111000000000000', block(19), 'h-included', 'h-a', 0, PARA);
    let view = introduceSecondedCandidate(twoLeaves(), PARA, c.candidate, c.pvd).view;
    view = candidateBackedInView(view, PARA, '1111000000000000');
    // Same parent, higher hash: the fork selection rule rejects it (ForkChoiceRule).
    expect(secondingLeaves(view, PARA, { ...hypothetical(block(19).hash), candidateHash: 'ffff000000000000' })).toEqual([]);
    // Lower hash: it would win the fork.
    expect(secondingLeaves(view, PARA, { ...hypothetical(block(19).hash), candidateHash: '0000000000000001' })).toEqual([block(20).hash]);
  });

  test('the allowed-relay-parents filter is the scope again: with PP-41 off, PP-19 still refuses; with both off, membership alone decides', () => {
    const view = twoLeaves();
    expect(withRulesOff(['PP-19'], () => secondingLeaves(view, PARA, hypothetical(block(15).hash)))).toEqual([]);
    expect(withRulesOff(['PP-41'], () => secondingLeaves(view, PARA, hypothetical(block(15).hash)))).toEqual([]);
    expect(withRulesOff(['PP-41', 'PP-19'], () => secondingLeaves(view, PARA, hypothetical(block(15).hash)))).toEqual([block(10).hash, block(20).hash]);
  });
});

describe('statement-distribution: seconding limit per validator per relay parent', () => {
  test('stable2506: the limit is the claim-queue length of the group core at that relay parent', () => {
    expect(secondingLimit({ 0: [PARA, PARA, PARA], 1: [7, 7, 7] }, 0)).toBe(3);
    expect(secondingLimit({ 0: [PARA, 7] }, 0)).toBe(2);
    expect(secondingLimit({ 0: [PARA] }, 1)).toBe(0);
  });

  test('classic: the limit is max_candidate_depth + 1', () => {
    expect(classicSecondingLimit(3)).toBe(4);
    expect(classicSecondingLimit(0)).toBe(1);
  });

  test('PP-42: a Seconded statement beyond the limit is refused (ensure_seconding_limit_is_respected)', () => {
    expect(checkSecondingLimit(2, 3)).toEqual({ ok: true });
    expect(checkSecondingLimit(3, 3)).toEqual({ ok: false, error: 'ExcessiveSeconded', rule: 'PP-42', detail: 'ExcessiveSeconded: 3 >= limit 3' });
    expect(checkSecondingLimit(0, 0)).toMatchObject({ ok: false, error: 'ExcessiveSeconded' });
  });

  test('switching PP-42 off lets a validator second without limit', () => {
    expect(withRulesOff(['PP-42'], () => checkSecondingLimit(10, 3))).toEqual({ ok: true });
  });
});

describe('provisioner: request_backable_candidates', () => {
  const cores: ProvisionerCore[] = [
    { kind: 'scheduled', para: 1 },
    { kind: 'occupied', para: 1, candidateHash: 'a1', available: true, timedOut: false, nextUpOnAvailable: 1, nextUpOnTimeOut: 1 },
    { kind: 'occupied', para: 1, candidateHash: 'a2', available: false, timedOut: false, nextUpOnAvailable: 1, nextUpOnTimeOut: 1 },
    { kind: 'occupied', para: 2, candidateHash: 'b1', available: false, timedOut: true, nextUpOnAvailable: 2, nextUpOnTimeOut: 2 },
    { kind: 'free' },
    { kind: 'occupied', para: 3, candidateHash: 'c1', available: true, timedOut: true, nextUpOnAvailable: null, nextUpOnTimeOut: 3 },
  ];

  test('PP-43: count = scheduled + freeing cores of the para; ancestors = candidates made available now or still pending (request_from_prospective_parachains_one_core_per_para)', () => {
    expect(backableCandidatesRequests(cores)).toEqual([
      { para: 1, cores: [0, 1], count: 2, ancestors: ['a1', 'a2'] },
      { para: 2, cores: [3], count: 1, ancestors: [] },
    ]);
  });

  test('availability wins over the timeout; with nothing next up the core is not requested, but the candidate stays an ancestor', () => {
    const only = backableCandidatesRequests([cores[5]!, { kind: 'scheduled', para: 3 }]);
    expect(only).toEqual([{ para: 3, cores: [1], count: 1, ancestors: ['c1'] }]);
  });

  test('switching PP-43 off passes timed-out candidates as ancestors', () => {
    const ablated = withRulesOff(['PP-43'], () => backableCandidatesRequests(cores));
    expect(ablated.find((r) => r.para === 2)?.ancestors).toEqual(['b1']);
  });

  test('end to end: the request after an available candidate fetches its backed child from the leaf', () => {
    const a = makeCommittedCandidate('1111000000000000', block(19), 'h-included', 'h-a', 0, PARA);
    const b = makeCommittedCandidate('2222000000000000', block(20), 'h-a', 'h-b', 0, PARA);
    // At leaf 21, A is pending availability on core 0; B is seconded and backed behind it.
    const view = handleActiveLeavesUpdate(EMPTY_VIEW, {
      activated: {
        leaf: block(21),
        ancestors: ancestorsOf(21),
        schedulingLookahead: 3,
        claimQueue: { 0: [PARA, PARA, PARA] },
        backingState: {
          [PARA]: { constraints: makeConstraints(19, [0], 'h-included'), pending: [{ candidate: a.candidate, persistedValidationData: a.pvd, relayParent: block(19) }] },
        },
      },
    });
    const withB = candidateBackedInView(introduceSecondedCandidate(view, PARA, b.candidate, b.pvd).view, PARA, '2222000000000000');
    const occupied: ProvisionerCore = { kind: 'occupied', para: PARA, candidateHash: '1111000000000000', available: true, timedOut: false, nextUpOnAvailable: PARA, nextUpOnTimeOut: PARA };
    const [request] = backableCandidatesRequests([occupied]);
    expect(getBackableCandidates(withB, block(21).hash, PARA, request!.count, request!.ancestors)).toEqual([
      { candidateHash: '2222000000000000', relayParent: block(20).hash },
    ]);
    // Timed out instead: A is not an ancestor, the chain starts with a pending candidate, nothing is backable.
    const [timedOut] = backableCandidatesRequests([{ ...occupied, available: false, timedOut: true }]);
    expect(getBackableCandidates(withB, block(21).hash, PARA, timedOut!.count, timedOut!.ancestors)).toEqual([]);
  });
});

describe('seconding_sanity_check as a verdict', () => {
  test('Yes with the leaves; else the first allowing leaf’s membership error; else SecondingAllowed::No', () => {
    const c = makeCommittedCandidate('1111000000000000', block(19), 'h-included', 'h-a', 0, PARA);
    const view = candidateBackedInView(introduceSecondedCandidate(twoLeaves(), PARA, c.candidate, c.pvd).view, PARA, '1111000000000000');
    expect(secondingSanityCheck(view, PARA, hypothetical(block(9).hash))).toEqual({ ok: true, leaves: [block(10).hash] });
    expect(secondingSanityCheck(view, PARA, { ...hypothetical(block(19).hash), candidateHash: 'ffff000000000000' })).toEqual({
      ok: false,
      rule: 'PP-22',
      error: 'ForkChoiceRule',
      detail: 'ForkChoiceRule(1111000000000000)',
    });
    expect(secondingSanityCheck(view, PARA, hypothetical(block(15).hash))).toEqual({
      ok: false,
      rule: 'PP-41',
      error: 'SecondingAllowed::No',
      detail: `no active leaf allows relay parent ${block(15).hash} for para ${PARA}`,
    });
  });

  test('with PP-41 off, leaves where the para has no chain are skipped, not a crash', () => {
    const view = handleActiveLeavesUpdate(twoLeaves(), {
      activated: {
        leaf: block(5), // first in ascending order, without a chain for the para
        ancestors: ancestorsOf(5),
        schedulingLookahead: 3,
        claimQueue: { 0: [7, 7, 7] },
        backingState: { 7: { constraints: makeConstraints(3, [0], 'h-included'), pending: [] } },
      },
    });
    withRulesOff(['PP-41'], () => {
      expect(secondingLeaves(view, PARA, hypothetical(block(19).hash))).toEqual([block(20).hash]);
      expect(secondingSanityCheck(view, PARA, hypothetical(block(15).hash))).toMatchObject({ ok: false, rule: 'PP-19', error: 'RelayParentNotInScope' });
    });
  });
});

describe('provisioner: the availability estimate and the request order', () => {
  test('bitfields indicate availability at two thirds of the validators, inclusive', () => {
    expect(bitfieldsIndicateAvailability(2, 3)).toBe(true);
    expect(bitfieldsIndicateAvailability(1, 3)).toBe(false);
    expect(bitfieldsIndicateAvailability(6, 9)).toBe(true);
    expect(bitfieldsIndicateAvailability(5, 9)).toBe(false);
    expect(bitfieldsIndicateAvailability(3, 4)).toBe(true);
    expect(bitfieldsIndicateAvailability(2, 4)).toBe(false);
  });

  test('requests ascend by para, ancestors by hash, whatever the core order; a timed-out core with nothing next up is not requested', () => {
    const requests = backableCandidatesRequests([
      { kind: 'scheduled', para: 2 },
      { kind: 'occupied', para: 2, candidateHash: 'bb', available: false, timedOut: false, nextUpOnAvailable: 2, nextUpOnTimeOut: 2 },
      { kind: 'occupied', para: 2, candidateHash: 'aa', available: false, timedOut: false, nextUpOnAvailable: 2, nextUpOnTimeOut: 2 },
      { kind: 'scheduled', para: 1 },
      { kind: 'occupied', para: 2, candidateHash: 'cc', available: false, timedOut: true, nextUpOnAvailable: 2, nextUpOnTimeOut: null },
    ]);
    expect(requests).toEqual([
      { para: 1, cores: [3], count: 1, ancestors: [] },
      { para: 2, cores: [0], count: 1, ancestors: ['aa', 'bb'] },
    ]);
  });
});
