/**
 * The prospective-parachains view at stable2506: leaf activation (ancestry, scope, claim-queue
 * bound, carrying candidates over), the implicit view, and the requests of other subsystems.
 * Reproduces the boundary cases of `polkadot/node/core/prospective-parachains/src/tests.rs`.
 */
import { describe, expect, test } from 'vitest';
import { withRulesOff } from '../../spec/ablation.ts';
import { bestChainVec, isCandidateBacked, unconnectedHashes } from '../../spec/node/fragmentChain.ts';
import { bestChainLengthBound } from '../../spec/node/scope.ts';
import {
  activateLeafInImplicitView,
  allAllowedRelayParents,
  ancestryLenFromLookahead,
  ancestryWithinSession,
  awaitsBacking,
  candidateBackedInView,
  chainAt,
  deactivateLeafInImplicitView,
  EMPTY_IMPLICIT_VIEW,
  EMPTY_VIEW,
  getBackableCandidates,
  getMinimumRelayParents,
  getProspectiveValidationData,
  handleActiveLeavesUpdate,
  hypotheticalMembership,
  introduceSecondedCandidate,
  introductionRelayParents,
  relayParentsInView,
  scheduledParas,
  type LeafUpdate,
  type ProspectiveView,
  type RelayBlock,
} from '../../spec/node/view.ts';
import { makeCommittedCandidate, makeConstraints } from './builders.ts';

const PARA = 5;
const ROOT = '4545454545454545';

/** A linear relay chain: block n has hash `rb-<n>` padded, session `session(n)`. */
function block(n: number, session = 1): RelayBlock {
  return { hash: `b${String(n).padStart(15, '0')}`, number: n, storageRoot: ROOT, session };
}
/** The ancestors of block n, newest first, down to block 0. */
function ancestorsOf(n: number, session = 1): RelayBlock[] {
  return Array.from({ length: n }, (_, i) => block(n - 1 - i, session));
}

/** Activate block n for PARA on one core (claim queue [PARA; lookahead]), included head `head`. */
function activation(n: number, opts: { lookahead?: number; head?: string; deactivated?: string[]; classic?: { maxCandidateDepth: number; allowedAncestryLen: number } } = {}): LeafUpdate {
  const lookahead = opts.lookahead ?? 3;
  const ancestryLen = opts.classic?.allowedAncestryLen ?? ancestryLenFromLookahead(lookahead);
  return {
    activated: {
      leaf: block(n),
      ancestors: ancestorsOf(n),
      schedulingLookahead: lookahead,
      claimQueue: { 0: Array<number>(lookahead).fill(PARA) },
      backingState: { [PARA]: { constraints: makeConstraints(Math.max(0, n - ancestryLen), [0], opts.head ?? 'h-included'), pending: [] } },
      ...(opts.classic ? { classic: opts.classic } : {}),
    },
    ...(opts.deactivated ? { deactivated: opts.deactivated } : {}),
  };
}

function activate(view: ProspectiveView, n: number, opts: Parameters<typeof activation>[1] = {}): ProspectiveView {
  return handleActiveLeavesUpdate(view, activation(n, opts));
}

describe('ancestry of a leaf (fetch_ancestry)', () => {
  test('the node asks for scheduling_lookahead - 1 ancestors (PR #7254), saturating at 0', () => {
    expect(ancestryLenFromLookahead(3)).toBe(2);
    expect(ancestryLenFromLookahead(1)).toBe(0);
    expect(ancestryLenFromLookahead(0)).toBe(0);
  });

  test('PP-36: ancestry stops at the first ancestor whose child is in another session (uses_ancestry_only_within_session)', () => {
    const leaf = block(5, 2);
    const ancestors = [block(4, 2), block(3, 1), block(2, 2)];
    expect(ancestryWithinSession(leaf, ancestors, 3).map((b) => b.number)).toEqual([4]);
    expect(ancestryWithinSession(leaf, ancestors, 1).map((b) => b.number)).toEqual([4]);
    expect(ancestryWithinSession(leaf, ancestors, 0)).toEqual([]);
  });

  test('switching PP-36 off keeps ancestors from the previous session', () => {
    const ancestors = [block(4, 2), block(3, 1), block(2, 2)];
    expect(withRulesOff(['PP-36'], () => ancestryWithinSession(block(5, 2), ancestors, 3)).map((b) => b.number)).toEqual([4, 3, 2]);
  });

  test('a leaf right after a session change has no ancestors in scope: only the leaf is an allowed relay parent', () => {
    const update: LeafUpdate = {
      activated: {
        leaf: block(10, 2),
        ancestors: [block(9, 1), block(8, 1)],
        schedulingLookahead: 3,
        claimQueue: { 0: [PARA, PARA, PARA] },
        backingState: { [PARA]: { constraints: makeConstraints(10, [0], 'h'), pending: [] } },
      },
    };
    const view = handleActiveLeavesUpdate(EMPTY_VIEW, update);
    expect(chainAt(view, block(10).hash, PARA)?.scope.ancestors).toEqual([]);
    expect(getMinimumRelayParents(view, block(10).hash)).toEqual([[PARA, 10]]);
  });
});

describe('leaf activation (handle_active_leaves_update)', () => {
  test('every para with a claim in the claim queue gets a chain; a para without backing state gets none', () => {
    expect(scheduledParas({ 0: [7, 5], 1: [5], 2: [] })).toEqual([5, 7]);
    const update: LeafUpdate = {
      activated: {
        leaf: block(3),
        ancestors: ancestorsOf(3),
        schedulingLookahead: 3,
        claimQueue: { 0: [PARA, 7, PARA] },
        backingState: { [PARA]: { constraints: makeConstraints(1, [0], 'h'), pending: [] }, 7: null },
      },
    };
    const view = handleActiveLeavesUpdate(EMPTY_VIEW, update);
    expect(Object.keys(view.perRelayParent[block(3).hash]!.chains)).toEqual([String(PARA)]);
  });

  test('the scope covers the leaf and scheduling_lookahead - 1 ancestors, and the chain is bounded by the claim queue (one core ⇒ 1)', () => {
    const view = activate(EMPTY_VIEW, 10);
    const chain = chainAt(view, block(10).hash, PARA)!;
    expect(chain.scope.ancestors.map((a) => a.number)).toEqual([8, 9]);
    expect(bestChainLengthBound(chain.scope)).toBe(1);
  });

  test('the classic variant uses allowed_ancestry_len and max_candidate_depth + 1', () => {
    const view = activate(EMPTY_VIEW, 10, { classic: { maxCandidateDepth: 3, allowedAncestryLen: 3 } });
    const chain = chainAt(view, block(10).hash, PARA)!;
    expect(chain.scope.ancestors.map((a) => a.number)).toEqual([7, 8, 9]);
    expect(bestChainLengthBound(chain.scope)).toBe(4);
  });

  test('a leaf that is activated and deactivated in the same update is ignored', () => {
    const update = { ...activation(10), deactivated: [block(10).hash] };
    expect(relayParentsInView(handleActiveLeavesUpdate(EMPTY_VIEW, update))).toEqual([]);
  });
});

describe('implicit view (backing_implicit_view.rs)', () => {
  // Ten leaves 91..100, each activated in turn, then the first nine deactivated.
  function tenLeaves(opts: Parameters<typeof activation>[1] = {}): ProspectiveView {
    let view = EMPTY_VIEW;
    for (let n = 91; n <= 100; n++) view = activate(view, n, opts);
    for (let n = 91; n <= 99; n++) view = handleActiveLeavesUpdate(view, { deactivated: [block(n).hash] });
    return view;
  }

  test('PP-37: classic allowed_ancestry_len 3 keeps the leaf and 3 implicit relay parents (handle_active_leaves_update_bounded_implicit_view)', () => {
    const view = tenLeaves({ classic: { maxCandidateDepth: 4, allowedAncestryLen: 3 } });
    expect(view.activeLeaves).toEqual([block(100).hash]);
    expect(relayParentsInView(view)).toEqual([97, 98, 99, 100].map((n) => block(n).hash));
  });

  test('PP-37: at stable2506 with scheduling_lookahead 3 the view keeps lookahead = 3 relay parents', () => {
    const view = tenLeaves();
    expect(relayParentsInView(view)).toEqual([98, 99, 100].map((n) => block(n).hash));
  });

  test('PP-37: a lookahead of 2 (ancestry 1) still keeps the block before the parent (MINIMUM_RETAIN_LENGTH = 2)', () => {
    const view = tenLeaves({ lookahead: 2 });
    expect(relayParentsInView(view)).toEqual([98, 99, 100].map((n) => block(n).hash));
  });

  test('a leaf without ancestors retains everything down to block 0 (retain_minimum = 0)', () => {
    const view = activateLeafInImplicitView(EMPTY_IMPLICIT_VIEW, block(50), []);
    expect(view.leaves[block(50).hash]).toBe(0);
  });

  test('switching PP-37 off never prunes: all ten relay parents stay', () => {
    const view = withRulesOff(['PP-37'], () => tenLeaves());
    expect(relayParentsInView(view)).toHaveLength(10);
  });
});

// Two relay parents in view: r1 = block 10 (implicit, deactivated) and r2 = block 11 (active leaf).
function twoRelayParents(): ProspectiveView {
  const v1 = activate(EMPTY_VIEW, 10);
  return activate(v1, 11, { deactivated: [block(10).hash] });
}
const R1 = block(10);
const R2 = block(11);
const CAND = makeCommittedCandidate('aaaa000000000000', R1, 'h-included', 'h-a', 0, PARA);
/** An incomplete hypothetical candidate at R1 whose parent head no chain knows. */
const UNKNOWN_PARENT_AT_R1 = {
  candidateHash: 'cccc000000000000',
  parentHeadDataHash: 'h-unknown',
  outputHeadDataHash: null,
  relayParent: R1.hash,
  commitments: null,
  persistedValidationData: null,
  validationCodeHash: null,
};

describe('IntroduceSecondedCandidate and CandidateBacked', () => {
  test('the view holds an implicit relay parent and an active leaf', () => {
    const view = twoRelayParents();
    expect(view.activeLeaves).toEqual([R2.hash]);
    expect(relayParentsInView(view)).toEqual([R1.hash, R2.hash]);
  });

  test('PP-38: a seconded candidate is added under every relay parent in view, active or implicit (introduce_candidates_basic)', () => {
    const result = introduceSecondedCandidate(twoRelayParents(), PARA, CAND.candidate, CAND.pvd);
    expect(result.added).toBe(true);
    expect(result.addedAt).toEqual([R1.hash, R2.hash]);
    expect(unconnectedHashes(chainAt(result.view, R1.hash, PARA)!)).toEqual(['aaaa000000000000']);
  });

  test('introducing the same candidate again answers true: already known counts (introduce_candidate_multiple_times)', () => {
    const once = introduceSecondedCandidate(twoRelayParents(), PARA, CAND.candidate, CAND.pvd);
    const twice = introduceSecondedCandidate(once.view, PARA, CAND.candidate, CAND.pvd);
    expect(twice.added).toBe(true);
    expect(twice.view).toEqual(once.view);
  });

  test('the answer is false when no chain accepts it: unknown para, relay parent out of every scope, or PVD mismatch', () => {
    const view = twoRelayParents();
    expect(introduceSecondedCandidate(view, 99, CAND.candidate, CAND.pvd).added).toBe(false);
    const old = makeCommittedCandidate('bbbb000000000000', block(3), 'h-included', 'h-b', 0, PARA);
    expect(introduceSecondedCandidate(view, PARA, old.candidate, old.pvd).added).toBe(false);
    expect(introduceSecondedCandidate(view, PARA, CAND.candidate, { ...CAND.pvd, maxPovSize: 1 }).added).toBe(false);
  });

  test('switching PP-38 off updates only the active leaf', () => {
    const result = withRulesOff(['PP-38'], () => introduceSecondedCandidate(twoRelayParents(), PARA, CAND.candidate, CAND.pvd));
    expect(result.addedAt).toEqual([R2.hash]);
    expect(unconnectedHashes(chainAt(result.view, R1.hash, PARA)!)).toEqual([]);
  });

  test('CandidateBacked marks it backed in every chain; it becomes backable at the leaf', () => {
    const introduced = introduceSecondedCandidate(twoRelayParents(), PARA, CAND.candidate, CAND.pvd).view;
    const backed = candidateBackedInView(introduced, PARA, 'aaaa000000000000');
    for (const rp of [R1, R2]) expect(bestChainVec(chainAt(backed, rp.hash, PARA)!)).toEqual(['aaaa000000000000']);
    expect(getBackableCandidates(backed, R2.hash, PARA, 1, [])).toEqual([{ candidateHash: 'aaaa000000000000', relayParent: R1.hash }]);
    expect(candidateBackedInView(backed, PARA, 'aaaa000000000000')).toEqual(backed);
  });

  test('a child leaf carries the candidates of its parent over (populate_from_previous)', () => {
    const introduced = introduceSecondedCandidate(twoRelayParents(), PARA, CAND.candidate, CAND.pvd).view;
    const backed = candidateBackedInView(introduced, PARA, 'aaaa000000000000');
    const next = activate(backed, 12, { deactivated: [R2.hash] });
    const chain = chainAt(next, block(12).hash, PARA)!;
    expect(bestChainVec(chain)).toEqual(['aaaa000000000000']);
    expect(isCandidateBacked(chain, 'aaaa000000000000')).toBe(true);
  });
});

describe('queries answered only at active leaves', () => {
  test('PP-40: GetMinimumRelayParents gives the earliest relay parent of each para at an active leaf, nothing elsewhere (correctly_updates_leaves)', () => {
    const view = twoRelayParents();
    expect(getMinimumRelayParents(view, R2.hash)).toEqual([[PARA, 9]]);
    expect(getMinimumRelayParents(view, R1.hash)).toEqual([]);
    expect(getMinimumRelayParents(view, 'ffff000000000000')).toEqual([]);
  });

  test('PP-40: GetBackableCandidates at a relay parent that is no longer an active leaf is empty', () => {
    const introduced = introduceSecondedCandidate(twoRelayParents(), PARA, CAND.candidate, CAND.pvd).view;
    const backed = candidateBackedInView(introduced, PARA, 'aaaa000000000000');
    expect(getBackableCandidates(backed, R1.hash, PARA, 1, [])).toEqual([]);
    expect(withRulesOff(['PP-40'], () => getBackableCandidates(backed, R1.hash, PARA, 1, []))).toHaveLength(1);
  });

  test('switching PP-40 off answers GetMinimumRelayParents at implicit relay parents too', () => {
    expect(withRulesOff(['PP-40'], () => getMinimumRelayParents(twoRelayParents(), R1.hash))).toEqual([[PARA, 8]]);
  });

  test('GetHypotheticalMembership lists the active leaves where the candidate could join', () => {
    const view = twoRelayParents();
    expect(hypotheticalMembership(view, PARA, UNKNOWN_PARENT_AT_R1)).toEqual([R2.hash]);
    expect(hypotheticalMembership(view, PARA, UNKNOWN_PARENT_AT_R1, R1.hash)).toEqual([]);
    expect(hypotheticalMembership(view, PARA, { ...UNKNOWN_PARENT_AT_R1, relayParent: block(3).hash })).toEqual([]);
  });
});

describe('GetProspectiveValidationData (check_pvd_query)', () => {
  test('PP-39: a relay parent in an active leaf scope and the included head give the PVD', () => {
    const pvd = getProspectiveValidationData(twoRelayParents(), { paraId: PARA, candidateRelayParent: R1.hash, parentHeadDataHash: 'h-included' });
    expect(pvd).toEqual({ parentHead: 'h-included', relayParentNumber: 10, relayParentStorageRoot: ROOT, maxPovSize: 1_000_000 });
  });

  test('the parent head may be the output of a stored candidate', () => {
    const view = introduceSecondedCandidate(twoRelayParents(), PARA, CAND.candidate, CAND.pvd).view;
    const pvd = getProspectiveValidationData(view, { paraId: PARA, candidateRelayParent: R2.hash, parentHeadDataHash: 'h-a' });
    expect(pvd?.parentHead).toBe('h-a');
    expect(pvd?.relayParentNumber).toBe(11);
  });

  test('an unknown parent head gives nothing unless the requester supplies the head data', () => {
    const view = twoRelayParents();
    expect(getProspectiveValidationData(view, { paraId: PARA, candidateRelayParent: R1.hash, parentHeadDataHash: 'h-zz' })).toBeNull();
    expect(getProspectiveValidationData(view, { paraId: PARA, candidateRelayParent: R1.hash, parentHeadDataHash: 'h-zz', parentHeadDataSupplied: true })?.parentHead).toBe('h-zz');
  });

  test('a relay parent outside every active leaf scope gives nothing, even if an implicit relay parent allows it', () => {
    // Block 8 is in the scope of r1 (block 10: ancestors 8, 9) but not of the leaf r2 (block 11: 9, 10).
    const view = twoRelayParents();
    const request = { paraId: PARA, candidateRelayParent: block(8).hash, parentHeadDataHash: 'h-included' };
    expect(getProspectiveValidationData(view, request)).toBeNull();
    expect(withRulesOff(['PP-39'], () => getProspectiveValidationData(view, request))?.relayParentNumber).toBe(8);
  });

  test('an unknown para gives nothing', () => {
    expect(getProspectiveValidationData(twoRelayParents(), { paraId: 99, candidateRelayParent: R1.hash, parentHeadDataHash: 'h-included' })).toBeNull();
  });
});

describe('ancestry: blocks without a session', () => {
  test('an ancestor whose session is unknown is taken to be in the leaf session', () => {
    const ancestors: RelayBlock[] = [{ ...block(4), session: undefined }, block(3, 1)];
    expect(ancestryWithinSession(block(5, 1), ancestors, 2).map((b) => b.number)).toEqual([4, 3]);
  });

  test('a leaf whose session is unknown keeps every ancestor up to the length asked for', () => {
    const leaf: RelayBlock = { ...block(5), session: undefined };
    expect(ancestryWithinSession(leaf, [block(4, 1), block(3, 2)], 2).map((b) => b.number)).toEqual([4, 3]);
  });
});

describe('leaf activation: paras left without a chain', () => {
  test('a scheduled para missing from the backing state gets no chain', () => {
    const update: LeafUpdate = {
      activated: {
        leaf: block(3),
        ancestors: ancestorsOf(3),
        schedulingLookahead: 3,
        claimQueue: { 0: [PARA, 7] },
        backingState: { [PARA]: { constraints: makeConstraints(1, [0], 'h'), pending: [] } },
      },
    };
    const view = handleActiveLeavesUpdate(EMPTY_VIEW, update);
    expect(Object.keys(view.perRelayParent[block(3).hash]!.chains)).toEqual([String(PARA)]);
    expect(chainAt(view, block(3).hash, 7)).toBeNull();
  });

  test('ancestors that skip a block make the scope fail: the para is skipped, the leaf is still activated', () => {
    const update: LeafUpdate = {
      activated: {
        leaf: block(10),
        ancestors: [block(8), block(7)],
        schedulingLookahead: 3,
        claimQueue: { 0: [PARA, PARA, PARA] },
        backingState: { [PARA]: { constraints: makeConstraints(7, [0], 'h'), pending: [] } },
      },
    };
    const view = handleActiveLeavesUpdate(EMPTY_VIEW, update);
    expect(view.activeLeaves).toEqual([block(10).hash]);
    expect(view.perRelayParent[block(10).hash]!.chains).toEqual({});
  });

  test('a relay parent the view does not hold has no chain', () => {
    expect(chainAt(twoRelayParents(), 'ffff000000000000', PARA)).toBeNull();
  });
});

describe('the view is canonical: ascending leaves, relay parents and stored blocks', () => {
  test('activating two leaves in either order gives the same view, active leaves ascending', () => {
    const lowFirst = activate(activate(EMPTY_VIEW, 10), 20);
    const highFirst = activate(activate(EMPTY_VIEW, 20), 10);
    expect(highFirst.activeLeaves).toEqual([block(10).hash, block(20).hash]);
    expect(Object.keys(highFirst.perRelayParent)).toEqual([block(10).hash, block(20).hash]);
    expect(JSON.stringify(highFirst)).toBe(JSON.stringify(lowFirst));
  });

  test('relay parents in view and all allowed relay parents are ascending whatever order the records are in', () => {
    const view = twoRelayParents();
    const reversed: ProspectiveView = { ...view, perRelayParent: { [R2.hash]: view.perRelayParent[R2.hash]!, [R1.hash]: view.perRelayParent[R1.hash]! } };
    expect(relayParentsInView(reversed)).toEqual([R1.hash, R2.hash]);
    expect(allAllowedRelayParents({ leaves: {}, blocks: { ffff000000000000: 2, '0000000000000001': 1 } })).toEqual(['0000000000000001', 'ffff000000000000']);
  });

  test('IntroduceSecondedCandidate tries the relay parents in ascending order', () => {
    expect(introductionRelayParents(['b2'], ['c3', 'a1', 'b2'])).toEqual(['a1', 'b2', 'c3']);
  });
});

describe('implicit view: activating and deactivating leaves', () => {
  const A = block(10);
  const B = block(20);
  function bothLeaves() {
    const once = activateLeafInImplicitView(EMPTY_IMPLICIT_VIEW, A, [block(9), block(8)]);
    return activateLeafInImplicitView(once, B, [block(19), block(18)]);
  }

  test('activating a leaf the view already holds changes nothing', () => {
    const view = activateLeafInImplicitView(EMPTY_IMPLICIT_VIEW, block(50), []);
    expect(activateLeafInImplicitView(view, block(50), [block(49)])).toEqual(view);
  });

  test('deactivating a leaf prunes and returns the blocks below the remaining leaves\u2019 minimum, ascending', () => {
    const { view, removed } = deactivateLeafInImplicitView(bothLeaves(), A.hash);
    expect(removed).toEqual([8, 9, 10].map((n) => block(n).hash));
    expect(allAllowedRelayParents(view)).toEqual([18, 19, 20].map((n) => block(n).hash));
    expect(view.leaves).toEqual({ [B.hash]: 18 });
  });

  test('deactivating the last leaf prunes every block', () => {
    const last = deactivateLeafInImplicitView(deactivateLeafInImplicitView(bothLeaves(), A.hash).view, B.hash);
    expect(last.removed).toEqual([18, 19, 20].map((n) => block(n).hash));
    expect(last.view).toEqual(EMPTY_IMPLICIT_VIEW);
  });

  test('the pruned blocks come back ascending whatever order the view stores them in', () => {
    const view = { leaves: { [B.hash]: 18 }, blocks: { [block(9).hash]: 9, [block(8).hash]: 8, [B.hash]: 20 } };
    expect(deactivateLeafInImplicitView({ ...view, leaves: { ...view.leaves, [A.hash]: 8 } }, A.hash).removed).toEqual([block(8).hash, block(9).hash]);
  });

  test('deactivating a leaf the view does not hold is a no-op, even with blocks older than the leaves\u2019 minimum stored', () => {
    const view = { leaves: { [B.hash]: 18 }, blocks: { [block(9).hash]: 9, [B.hash]: 20 } };
    const result = deactivateLeafInImplicitView(view, A.hash);
    expect(result.removed).toEqual([]);
    expect(result.view).toEqual(view);
  });

  test('switching PP-37 off forgets the leaf but prunes and returns nothing', () => {
    const result = withRulesOff(['PP-37'], () => deactivateLeafInImplicitView(bothLeaves(), A.hash));
    expect(result.removed).toEqual([]);
    expect(Object.keys(result.view.blocks)).toHaveLength(6);
    expect(result.view.leaves).toEqual({ [B.hash]: 18 });
  });
});

describe('IntroduceSecondedCandidate and CandidateBacked: the stored state and the chains told', () => {
  test('a seconded candidate is stored as Seconded, not backed', () => {
    const result = introduceSecondedCandidate(twoRelayParents(), PARA, CAND.candidate, CAND.pvd);
    const chain = chainAt(result.view, R2.hash, PARA)!;
    expect(chain.unconnected['aaaa000000000000']?.state).toBe('Seconded');
    expect(isCandidateBacked(chain, 'aaaa000000000000')).toBe(false);
  });

  test('a candidate whose PVD does not match is added nowhere', () => {
    const result = introduceSecondedCandidate(twoRelayParents(), PARA, CAND.candidate, { ...CAND.pvd, maxPovSize: 1 });
    expect(result).toEqual({ view: twoRelayParents(), added: false, addedAt: [] });
  });

  test('awaitsBacking: only a chain holding the candidate unconnected and not yet backed is told', () => {
    const introduced = introduceSecondedCandidate(twoRelayParents(), PARA, CAND.candidate, CAND.pvd).view;
    const chain = chainAt(introduced, R2.hash, PARA)!;
    expect(awaitsBacking(chain, 'aaaa000000000000')).toBe(true);
    expect(awaitsBacking(chain, 'bbbb000000000000')).toBe(false);
    const backed = chainAt(candidateBackedInView(introduced, PARA, 'aaaa000000000000'), R2.hash, PARA)!;
    expect(awaitsBacking(backed, 'aaaa000000000000')).toBe(false);
  });

  test('CandidateBacked for a para without chains changes nothing', () => {
    const introduced = introduceSecondedCandidate(twoRelayParents(), PARA, CAND.candidate, CAND.pvd).view;
    expect(candidateBackedInView(introduced, 99, 'aaaa000000000000')).toEqual(introduced);
  });
});

describe('queries for a para or leaf without a chain', () => {
  test('GetBackableCandidates for a para without a chain at the active leaf is empty', () => {
    expect(getBackableCandidates(twoRelayParents(), R2.hash, 99, 1, [])).toEqual([]);
  });

  test('GetHypotheticalMembership restricted to an active leaf answers for that leaf; a para without chains gets none', () => {
    const view = activate(activate(EMPTY_VIEW, 10), 11);
    expect(hypotheticalMembership(view, PARA, UNKNOWN_PARENT_AT_R1)).toEqual([R1.hash, R2.hash]);
    expect(hypotheticalMembership(view, PARA, UNKNOWN_PARENT_AT_R1, R2.hash)).toEqual([R2.hash]);
    expect(hypotheticalMembership(view, 99, UNKNOWN_PARENT_AT_R1)).toEqual([]);
  });

  test('switching PP-40 off, GetMinimumRelayParents at a relay parent outside the view is still empty', () => {
    expect(withRulesOff(['PP-40'], () => getMinimumRelayParents(twoRelayParents(), 'ffff000000000000'))).toEqual([]);
  });
});

describe('GetProspectiveValidationData across several active leaves', () => {
  // Leaf 10 (session 1, max_pov_size 1 MB, included head h-10) and leaf 20 (session 2, 2 MB, h-20),
  // both active; the scope of 10 holds blocks 8, 9, 10 and that of 20 blocks 18, 19, 20.
  function leaf(n: number, session: number, maxPovSize: number): LeafUpdate {
    return {
      activated: {
        leaf: block(n, session),
        ancestors: [block(n - 1, session), block(n - 2, session)],
        schedulingLookahead: 3,
        claimQueue: { 0: [PARA, PARA, PARA] },
        backingState: { [PARA]: { constraints: { ...makeConstraints(n - 2, [0], `h-${n}`), maxPovSize }, pending: [] } },
      },
    };
  }
  const view = handleActiveLeavesUpdate(handleActiveLeavesUpdate(EMPTY_VIEW, leaf(10, 1, 1_000_000)), leaf(20, 2, 2_000_000));

  test('the relay parent from the first leaf, the head data from the second', () => {
    expect(view.activeLeaves).toEqual([block(10).hash, block(20).hash]);
    const pvd = getProspectiveValidationData(view, { paraId: PARA, candidateRelayParent: block(9).hash, parentHeadDataHash: 'h-20' });
    expect(pvd).toEqual({ parentHead: 'h-20', relayParentNumber: 9, relayParentStorageRoot: ROOT, maxPovSize: 1_000_000 });
  });

  test('the head data from the first leaf, the relay parent and max_pov_size from the second (the one whose scope holds it)', () => {
    const pvd = getProspectiveValidationData(view, { paraId: PARA, candidateRelayParent: block(19).hash, parentHeadDataHash: 'h-10' });
    expect(pvd).toEqual({ parentHead: 'h-10', relayParentNumber: 19, relayParentStorageRoot: ROOT, maxPovSize: 2_000_000 });
  });
});
