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
  ancestryLenFromLookahead,
  ancestryWithinSession,
  candidateBackedInView,
  chainAt,
  EMPTY_IMPLICIT_VIEW,
  EMPTY_VIEW,
  getBackableCandidates,
  getMinimumRelayParents,
  getProspectiveValidationData,
  handleActiveLeavesUpdate,
  hypotheticalMembership,
  introduceSecondedCandidate,
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
    const hypothetical = {
      candidateHash: 'cccc000000000000',
      parentHeadDataHash: 'h-unknown',
      outputHeadDataHash: null,
      relayParent: R1.hash,
      commitments: null,
      persistedValidationData: null,
      validationCodeHash: null,
    };
    expect(hypotheticalMembership(view, PARA, hypothetical)).toEqual([R2.hash]);
    expect(hypotheticalMembership(view, PARA, hypothetical, R1.hash)).toEqual([]);
    expect(hypotheticalMembership(view, PARA, { ...hypothetical, relayParent: block(3).hash })).toEqual([]);
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
