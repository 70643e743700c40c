/**
 * The fragment chain, reproducing the boundary cases of
 * `polkadot/node/core/prospective-parachains/src/fragment_chain/tests.rs` (stable2506-era layout:
 * `init` + `populate_from_previous`) and the leaf-level cases of `prospective-parachains/src/tests.rs`.
 *
 * Candidate hashes are explicit so the fork selection rule is visible: A2 < A < A1.
 */
import { describe, expect, test } from 'vitest';
import {
  bestChainVec,
  canAddCandidateAsPotential,
  candidateBacked,
  checkPotential,
  createCandidateEntry,
  findAncestorPath,
  findBackableChain,
  forkSelectionRule,
  init,
  isCandidateBacked,
  getHeadDataByHash,
  isHypotheticalMember,
  populateChain,
  populateFromPrevious,
  preparePendingAvailability,
  trimUneligibleForks,
  tryAddingSecondedCandidate,
  unconnectedHashes,
  type CandidateEntry,
  type CandidateStorage,
  type FragmentChain,
  type HypotheticalOrConcreteCandidate,
} from '../../spec/node/fragmentChain.ts';
import { scopeForLeaf, type Scope } from '../../spec/node/scope.ts';
import { withRulesOff } from '../../spec/ablation.ts';
import { entryOf, makeCommittedCandidate, makeConstraints, relayBlock, scopeOf } from './builders.ts';

// ---------------------------------------------------------------------------------------------
// Fixtures of test_populate_and_check_potential
// ---------------------------------------------------------------------------------------------

const X = relayBlock(0, 'rp-x');
const Y = relayBlock(1, 'rp-y');
const Z = relayBlock(2, 'rp-z');
const ANCESTORS = [Y, X]; // in reverse order
const BASE = makeConstraints(0, [0], 'h0a');

const HASH = {
  A: '5a00000000000000',
  B: '5b00000000000000',
  C: '5c00000000000000',
  D: '5d00000000000000',
  E: '5e00000000000000',
  F: '5f00000000000000',
  A1: '6a10000000000000', // greater than A
  B1: '6b10000000000000',
  C1: '6c10000000000000',
  C2: '6c20000000000000',
  A2: '1a20000000000000', // lower than A
  B2: '1b20000000000000',
} as const;

const A = entryOf(makeCommittedCandidate(HASH.A, X, 'h0a', 'h0b', X.number), 'Backed');
const B = entryOf(makeCommittedCandidate(HASH.B, Y, 'h0b', 'h0c', Y.number), 'Backed');
const C = entryOf(makeCommittedCandidate(HASH.C, Z, 'h0c', 'h0d', Z.number), 'Backed');

function storageOf(...entries: CandidateEntry[]): CandidateStorage {
  const record: Record<string, CandidateEntry> = {};
  for (const e of [...entries].sort((a, b) => (a.candidateHash < b.candidateHash ? -1 : 1))) record[e.candidateHash] = e;
  return record;
}

/** `populate_chain_from_previous_storage(scope, storage)` of the source tests. */
function populateFromStorage(scope: Scope, storage: CandidateStorage): FragmentChain {
  const chain = init(scope, []);
  return populateFromPrevious(chain, { ...chain, unconnected: storage });
}

function unconnected(chain: FragmentChain): string[] {
  return unconnectedHashes(chain).sort();
}
function hashes(...es: CandidateEntry[]): string[] {
  return es.map((e) => e.candidateHash).sort();
}

const STORAGE_ABC = storageOf(A, B, C);

// ---------------------------------------------------------------------------------------------

describe('CandidateEntry::new (candidate_storage_methods)', () => {
  const c = makeCommittedCandidate('7777777777777777', relayBlock(8, '4545454545454545'), 'h040506', 'h010203', 7);

  test('rejects a PVD that does not hash to the descriptor persisted_validation_data_hash', () => {
    const wrongPvd = { ...c.pvd, maxPovSize: 0 };
    expect(createCandidateEntry(c.candidate, wrongPvd, 'Seconded')).toEqual({ ok: false, rule: 'PP-16', error: 'PersistedValidationDataMismatch', detail: 'PersistedValidationDataMismatch' });
    expect(createCandidateEntry(c.candidate, wrongPvd, 'Backed')).toEqual({ ok: false, rule: 'PP-16', error: 'PersistedValidationDataMismatch', detail: 'PersistedValidationDataMismatch' });
  });

  test('rejects a candidate whose output head equals its parent head (zero-length cycle)', () => {
    const cyc = makeCommittedCandidate('7777777777777777', relayBlock(8, '4545454545454545'), 'h-same', 'h-same', 7);
    expect(createCandidateEntry(cyc.candidate, cyc.pvd, 'Seconded')).toEqual({ ok: false, rule: 'PP-17', error: 'ZeroLengthCycle', detail: 'ZeroLengthCycle' });
  });

  test('a valid candidate becomes an entry indexed by its parent and output heads', () => {
    const result = createCandidateEntry(c.candidate, c.pvd, 'Seconded');
    expect(result).toMatchObject({ ok: true, entry: { parentHeadDataHash: 'h040506', outputHeadDataHash: 'h010203', state: 'Seconded' } });
  });
});

describe('init and populate_from_previous', () => {
  test('an empty chain populated from an empty chain stays empty (init_and_populate_from_empty)', () => {
    const scope = scopeOf(relayBlock(1, 'rp1'), makeConstraints(0, [0], 'h0a'), [], 4, []);
    const chain = init(scope, []);
    expect(chain.bestChain).toHaveLength(0);
    expect(unconnected(chain)).toHaveLength(0);
    const next = populateFromPrevious(init(scope, []), chain);
    expect(next.bestChain).toHaveLength(0);
    expect(unconnected(next)).toHaveLength(0);
  });

  test('the chain value is plain JSON data', () => {
    const chain = populateFromStorage(scopeOf(Z, BASE, [], 4, ANCESTORS), STORAGE_ABC);
    expect(JSON.parse(JSON.stringify(chain))).toEqual(chain);
  });
});

describe('base constraints (test_populate_and_check_potential)', () => {
  test('a wrong required parent leaves A, B and C as unconnected potential candidates', () => {
    const scope = scopeOf(Z, makeConstraints(X.number, [X.number], 'h0e'), [], 4, ANCESTORS);
    const chain = populateFromStorage(scope, STORAGE_ABC);
    expect(bestChainVec(chain)).toEqual([]);
    expect(unconnected(chain)).toEqual(hashes(A, B, C));
  });

  test('rejects a candidate whose relay parent left the scope, and drops its descendants', () => {
    const scope = scopeOf(Z, makeConstraints(Y.number, [0], 'h0a'), [], 4, ANCESTORS);
    const chain = populateFromStorage(scope, STORAGE_ABC);
    expect(bestChainVec(chain)).toEqual([]);
    expect(unconnected(chain)).toEqual([]);
    expect(canAddCandidateAsPotential(chain, A)).toEqual({ ok: false, rule: 'PP-19', error: 'RelayParentNotInScope', detail: 'RelayParentNotInScope(rp-x, rp-y)' });
    // Taken independently, B and C still have potential: nothing says A has none.
    expect(canAddCandidateAsPotential(chain, B).ok).toBe(true);
    expect(canAddCandidateAsPotential(chain, C).ok).toBe(true);
  });
});

describe('depth limit (test_populate_and_check_potential)', () => {
  test('depth 0 chains one candidate; the others are kept as potential', () => {
    const scope = scopeOf(Z, BASE, [], 0, ANCESTORS);
    const empty = init(scope, []);
    for (const c of [A, B, C]) expect(canAddCandidateAsPotential(empty, c).ok).toBe(true);
    const chain = populateFromStorage(scope, STORAGE_ABC);
    expect(bestChainVec(chain)).toEqual([HASH.A]);
    expect(unconnected(chain)).toEqual(hashes(B, C));
  });

  test('depth 1 chains two candidates', () => {
    const chain = populateFromStorage(scopeOf(Z, BASE, [], 1, ANCESTORS), STORAGE_ABC);
    expect(bestChainVec(chain)).toEqual([HASH.A, HASH.B]);
    expect(unconnected(chain)).toEqual(hashes(C));
  });

  test('depth 2 and more chains all three candidates', () => {
    for (let depth = 2; depth < 6; depth++) {
      const chain = populateFromStorage(scopeOf(Z, BASE, [], depth, ANCESTORS), STORAGE_ABC);
      expect(bestChainVec(chain)).toEqual([HASH.A, HASH.B, HASH.C]);
      expect(unconnected(chain)).toEqual([]);
    }
  });

  test('switching PP-27 off removes the max_depth + 1 bound', () => {
    const chain = withRulesOff(['PP-27'], () => populateFromStorage(scopeOf(Z, BASE, [], 0, ANCESTORS), STORAGE_ABC));
    expect(bestChainVec(chain)).toEqual([HASH.A, HASH.B, HASH.C]);
  });
});

describe('relay parents out of scope (test_populate_and_check_potential)', () => {
  test('A out of scope drops B and C, which build on it', () => {
    const chain = populateFromStorage(scopeOf(Z, BASE, [], 4, [Y]), STORAGE_ABC);
    expect(bestChainVec(chain)).toEqual([]);
    expect(unconnected(chain)).toEqual([]);
    expect(canAddCandidateAsPotential(chain, A)).toEqual({ ok: false, rule: 'PP-19', error: 'RelayParentNotInScope', detail: 'RelayParentNotInScope(rp-x, rp-y)' });
    expect(canAddCandidateAsPotential(chain, B).ok).toBe(true);
    expect(canAddCandidateAsPotential(chain, C).ok).toBe(true);
  });

  test('A and B out of scope: only C, taken alone, keeps potential', () => {
    const chain = populateFromStorage(scopeOf(Z, BASE, [], 4, []), STORAGE_ABC);
    expect(bestChainVec(chain)).toEqual([]);
    expect(unconnected(chain)).toEqual([]);
    expect(canAddCandidateAsPotential(chain, A)).toEqual({ ok: false, rule: 'PP-19', error: 'RelayParentNotInScope', detail: 'RelayParentNotInScope(rp-x, rp-z)' });
    expect(canAddCandidateAsPotential(chain, B)).toEqual({ ok: false, rule: 'PP-19', error: 'RelayParentNotInScope', detail: 'RelayParentNotInScope(rp-y, rp-z)' });
    expect(canAddCandidateAsPotential(chain, C).ok).toBe(true);
  });
});

describe('cycles and relay parents moving backwards (test_populate_and_check_potential)', () => {
  test('rejects a candidate closing a parachain cycle onto the chain', () => {
    const wrongC = entryOf(makeCommittedCandidate('7c00000000000000', Z, 'h0c', 'h0a', Z.number), 'Backed');
    const scope = scopeOf(Z, BASE, [], 4, ANCESTORS);
    const chain = populateFromStorage(scope, storageOf(A, B, wrongC));
    expect(bestChainVec(chain)).toEqual([HASH.A, HASH.B]);
    expect(unconnected(chain)).toEqual([]);
    expect(canAddCandidateAsPotential(chain, wrongC)).toEqual({ ok: false, rule: 'PP-23', error: 'Cycle', detail: 'Cycle' });
    // Taken independently it still has potential.
    expect(canAddCandidateAsPotential(init(scope, []), wrongC).ok).toBe(true);
  });

  test('rejects a chained candidate whose relay parent precedes its parent candidate relay parent', () => {
    const wrongC = entryOf(makeCommittedCandidate('8c00000000000000', X, 'h0c', 'h0d', 0), 'Backed');
    const chain = populateFromStorage(scopeOf(Z, BASE, [], 4, ANCESTORS), storageOf(A, B, wrongC));
    expect(bestChainVec(chain)).toEqual([HASH.A, HASH.B]);
    expect(unconnected(chain)).toEqual([]);
    expect(canAddCandidateAsPotential(chain, wrongC)).toEqual({ ok: false, rule: 'PP-25', error: 'RelayParentMovedBackwards', detail: 'RelayParentMovedBackwards' });
  });

  test('an unconnected candidate may have a relay parent older than the chain tip (it may trigger a reorg)', () => {
    const unconnectedC = entryOf(makeCommittedCandidate('9c00000000000000', X, 'h0d', 'h0e', 0), 'Backed');
    const scope = scopeOf(Z, BASE, [], 4, ANCESTORS);
    expect(canAddCandidateAsPotential(init(scope, []), unconnectedC).ok).toBe(true);
    const chain = populateFromStorage(scope, storageOf(A, B, unconnectedC));
    expect(bestChainVec(chain)).toEqual([HASH.A, HASH.B]);
    expect(unconnected(chain)).toEqual(hashes(unconnectedC));
  });
});

describe('candidates pending availability (test_populate_and_check_potential)', () => {
  const modifiedA = entryOf(makeCommittedCandidate('5a99000000000000', Y, 'h0a', 'h0b', Y.number), 'Backed');
  const unconnectedC = entryOf(makeCommittedCandidate('9c00000000000000', X, 'h0d', 'h0e', 0), 'Backed');
  const pendingScope = scopeOf(Z, BASE, [{ candidateHash: modifiedA.candidateHash, relayParent: Y }], 4, ANCESTORS);

  test('rejects an unconnected candidate whose relay parent precedes the last pending candidate relay parent', () => {
    const chain = populateFromStorage(pendingScope, storageOf(modifiedA, B, unconnectedC));
    expect(bestChainVec(chain)).toEqual([modifiedA.candidateHash, HASH.B]);
    expect(unconnected(chain)).toEqual([]);
    expect(canAddCandidateAsPotential(chain, unconnectedC)).toEqual({
      ok: false,
      rule: 'PP-20',
      error: 'RelayParentPrecedesCandidatePendingAvailability',
      detail: 'RelayParentPrecedesCandidatePendingAvailability(rp-x, rp-y)',
    });
    withRulesOff(['PP-20'], () => expect(canAddCandidateAsPotential(chain, unconnectedC)).toEqual({ ok: true }));
  });

  test('rejects a fork of a candidate pending availability, even one the fork selection rule prefers', () => {
    const wrongC = entryOf(makeCommittedCandidate('0c00000000000000', Y, 'h0a', 'hb2', 0), 'Backed');
    expect(forkSelectionRule(wrongC.candidateHash, modifiedA.candidateHash)).toBeLessThan(0);
    const chain = populateFromStorage(pendingScope, storageOf(modifiedA, B, unconnectedC, wrongC));
    expect(bestChainVec(chain)).toEqual([modifiedA.candidateHash, HASH.B]);
    expect(unconnected(chain)).toEqual([]);
    expect(canAddCandidateAsPotential(chain, wrongC)).toEqual({ ok: false, rule: 'PP-21', error: 'ForkWithCandidatePendingAvailability', detail: `ForkWithCandidatePendingAvailability(${modifiedA.candidateHash})` });
  });

  test('pending prefixes of A, B, C all yield the chain A, B, C', () => {
    for (const pending of [
      [{ candidateHash: HASH.A, relayParent: X }],
      [
        { candidateHash: HASH.A, relayParent: X },
        { candidateHash: HASH.B, relayParent: Y },
      ],
      [
        { candidateHash: HASH.A, relayParent: X },
        { candidateHash: HASH.B, relayParent: Y },
        { candidateHash: HASH.C, relayParent: Z },
      ],
    ]) {
      const chain = populateFromStorage(scopeOf(Z, BASE, pending, 3, ANCESTORS), STORAGE_ABC);
      expect(bestChainVec(chain)).toEqual([HASH.A, HASH.B, HASH.C]);
      expect(unconnected(chain)).toEqual([]);
    }
  });

  test('a pending candidate may have a relay parent out of scope', () => {
    const chain = populateFromStorage(scopeOf(Z, BASE, [{ candidateHash: HASH.A, relayParent: X }], 4, [Y]), STORAGE_ABC);
    expect(bestChainVec(chain)).toEqual([HASH.A, HASH.B, HASH.C]);
    expect(unconnected(chain)).toEqual([]);
  });

  test('even pending candidates out of scope cannot move relay parents backwards', () => {
    const pending = [
      { candidateHash: HASH.A, relayParent: relayBlock(1, X.hash, X.storageRoot) },
      { candidateHash: HASH.B, relayParent: relayBlock(0, Y.hash, Y.storageRoot) },
    ];
    const chain = populateFromStorage(scopeOf(Z, BASE, pending, 4, []), STORAGE_ABC);
    expect(bestChainVec(chain)).toEqual([]);
    expect(unconnected(chain)).toEqual([]);
  });

  test('a pending candidate always wins the fork, whatever the hashes', () => {
    const lowFork = entryOf(makeCommittedCandidate('0000000000000001', X, 'h0a', 'hzz', 0), 'Backed');
    const scope = scopeOf(Z, BASE, [{ candidateHash: HASH.A, relayParent: X }], 4, ANCESTORS);
    expect(bestChainVec(populateFromStorage(scope, storageOf(A, lowFork)))).toEqual([HASH.A]);
    const ablated = withRulesOff(['PP-28'], () => populateFromStorage(scope, storageOf(A, lowFork)));
    expect(bestChainVec(ablated)).toEqual([lowFork.candidateHash]);
  });
});

describe('forks, trimming and reorgs (test_populate_and_check_potential, complex case)', () => {
  // max_depth 2 (a chain of 3). A -> B -> C is the best chain. D is backed but exceeds the depth.
  // F is unconnected and seconded. A1 forks A with a higher hash (backed) and has the subtree
  // A1 -> B1 -> {C1 (backed), C2}. A2 forks A with a lower hash (seconded), and A2 -> B2 (backed).
  const scope = scopeOf(Z, BASE, [], 2, ANCESTORS);
  const D = entryOf(makeCommittedCandidate(HASH.D, Z, 'h0d', 'h0e', Z.number), 'Backed');
  const F = entryOf(makeCommittedCandidate(HASH.F, Z, 'h0f', 'hf1', 1000), 'Seconded');
  const A1 = entryOf(makeCommittedCandidate(HASH.A1, X, 'h0a', 'hb1', X.number), 'Backed');
  const B1 = entryOf(makeCommittedCandidate(HASH.B1, X, 'hb1', 'hc1', X.number), 'Seconded');
  const C1 = entryOf(makeCommittedCandidate(HASH.C1, X, 'hc1', 'hd1', X.number), 'Backed');
  const C2 = entryOf(makeCommittedCandidate(HASH.C2, X, 'hc1', 'hd2', X.number), 'Seconded');
  const A2 = entryOf(makeCommittedCandidate(HASH.A2, X, 'h0a', 'hb3', X.number), 'Seconded');
  const B2 = entryOf(makeCommittedCandidate(HASH.B2, Y, 'hb3', 'hb4', Y.number), 'Backed');
  const E = entryOf(makeCommittedCandidate(HASH.E, Z, 'h0e', 'h0f', Z.number), 'Seconded');
  const storage = storageOf(A, B, C, D, F, A1, B1, C1, C2, A2, B2);

  test('each candidate of the complex case has potential when introduced, except A1 which loses to A', () => {
    expect(forkSelectionRule(HASH.A, HASH.A1)).toBeLessThan(0);
    expect(forkSelectionRule(HASH.A2, HASH.A)).toBeLessThan(0);
    const abc = populateFromStorage(scope, STORAGE_ABC);
    for (const c of [D, F, B1, C1, C2, A2, B2]) expect(canAddCandidateAsPotential(abc, c).ok).toBe(true);
    expect(canAddCandidateAsPotential(abc, A1)).toEqual({ ok: false, rule: 'PP-22', error: 'ForkChoiceRule', detail: `ForkChoiceRule(${HASH.A})` });
  });

  test('the losing fork A1 and its whole subtree are trimmed; D, F, A2 and B2 are kept as potential', () => {
    const chain = populateFromStorage(scope, storage);
    expect(bestChainVec(chain)).toEqual([HASH.A, HASH.B, HASH.C]);
    expect(unconnected(chain)).toEqual(hashes(D, F, A2, B2));
    // Cannot add as potential an already present candidate (best chain or unconnected storage).
    expect(canAddCandidateAsPotential(chain, A)).toEqual({ ok: false, rule: 'PP-18', error: 'CandidateAlreadyKnown', detail: 'CandidateAlreadyKnown' });
    expect(canAddCandidateAsPotential(chain, F)).toEqual({ ok: false, rule: 'PP-18', error: 'CandidateAlreadyKnown', detail: 'CandidateAlreadyKnown' });
  });

  test('backing the better fork A2 reorganises the chain to A2, B2 and A, A1 never have potential again', () => {
    const chain = candidateBacked(populateFromStorage(scope, storage), HASH.A2);
    expect(bestChainVec(chain)).toEqual([HASH.A2, HASH.B2]);
    // F is kept as it was truly unconnected. The rest is trimmed.
    expect(unconnected(chain)).toEqual(hashes(F));
    expect(canAddCandidateAsPotential(chain, A1)).toEqual({ ok: false, rule: 'PP-22', error: 'ForkChoiceRule', detail: `ForkChoiceRule(${HASH.A2})` });
    expect(canAddCandidateAsPotential(chain, A)).toEqual({ ok: false, rule: 'PP-22', error: 'ForkChoiceRule', detail: `ForkChoiceRule(${HASH.A2})` });
  });

  test('switching PP-30 off keeps the descendants of trimmed forks', () => {
    const chain = withRulesOff(['PP-30'], () => populateFromStorage(scope, storage));
    expect(unconnected(chain)).toEqual(hashes(D, F, A2, B2, B1, C1, C2));
  });

  test('adding E, the parent of F, changes nothing while E is not in the best chain', () => {
    const chain = populateFromStorage(scope, storageOf(A, B, C, D, F, A1, B1, C1, C2, A2, B2, E));
    expect(bestChainVec(chain)).toEqual([HASH.A, HASH.B, HASH.C]);
    expect(unconnected(chain)).toEqual(hashes(D, F, A2, B2, E));
  });

  test('once A, B, C are pending availability, the forks A2 and B2 are trimmed', () => {
    const pendingScope = scopeOf(
      Z,
      BASE,
      [
        { candidateHash: HASH.A, relayParent: X },
        { candidateHash: HASH.B, relayParent: Y },
        { candidateHash: HASH.C, relayParent: Z },
      ],
      2,
      ANCESTORS,
    );
    const chain = populateFromStorage(pendingScope, storageOf(A, B, C, D, F, A1, B1, C1, C2, A2, B2, E));
    expect(bestChainVec(chain)).toEqual([HASH.A, HASH.B, HASH.C]);
    expect(unconnected(chain)).toEqual(hashes(D, F, E));
    expect(canAddCandidateAsPotential(chain, A)).toEqual({ ok: false, rule: 'PP-18', error: 'CandidateAlreadyKnown', detail: 'CandidateAlreadyKnown' });
  });

  test('once A, B, C are included, D heads the chain; backing E drops F for its invalid HRMP watermark', () => {
    const pendingScope = scopeOf(
      Z,
      BASE,
      [
        { candidateHash: HASH.A, relayParent: X },
        { candidateHash: HASH.B, relayParent: Y },
        { candidateHash: HASH.C, relayParent: Z },
      ],
      2,
      ANCESTORS,
    );
    const prevChain = populateFromStorage(pendingScope, storageOf(A, B, C, D, F, A1, B1, C1, C2, A2, B2, E));
    const includedScope = scopeOf(Z, makeConstraints(0, [0], 'h0d'), [], 2, ANCESTORS);
    let chain = populateFromPrevious(init(includedScope, []), prevChain);
    expect(bestChainVec(chain)).toEqual([HASH.D]);
    expect(unconnected(chain)).toEqual(hashes(E, F));

    chain = candidateBacked(chain, HASH.E);
    expect(bestChainVec(chain)).toEqual([HASH.D, HASH.E]);
    expect(unconnected(chain)).toEqual([]);
    const refused = canAddCandidateAsPotential(chain, F);
    expect(refused).toMatchObject({
      ok: false,
      rule: 'PP-24',
      error: 'CheckAgainstConstraints',
      inner: { error: 'OutputsInvalid', inner: { error: 'DisallowedHrmpWatermark' } },
    });
    expect(refused.ok === false && refused.detail).toBe(`CheckAgainstConstraints(${refused.ok === false && 'inner' in refused ? refused.inner?.detail : ''})`);
    expect(refused.ok === false && refused.detail).toMatch(/^CheckAgainstConstraints\(OutputsInvalid\(.*DisallowedHrmpWatermark\(\d+\).*\)\)$/);
    withRulesOff(['PP-24'], () => expect(canAddCandidateAsPotential(chain, F)).toEqual({ ok: true }));
  });
});

describe('find_backable_chain (test_find_ancestor_path_and_find_backable_chain)', () => {
  const rp = relayBlock(0, 'rp-1');
  const hashOf = (i: number): string => ['c3', '9a', '01', 'f0', '44', '7e'][i]!.padEnd(16, '0');
  const candidates = [0, 1, 2, 3, 4, 5].map((i) =>
    entryOf(makeCommittedCandidate(hashOf(i), rp, i === 0 ? 'hff' : `h${i - 1}`, `h${i}`, 0), 'Seconded'),
  );
  const base = makeConstraints(0, [0], 'hff');
  const scope = scopeOf(rp, base, [], 5, []);
  const range = (from: number, to: number) =>
    candidates.slice(from, to).map((c) => ({ candidateHash: c.candidateHash, relayParent: rp.hash }));

  test('an empty best chain has nothing backable (test_find_ancestor_path_and_find_backable_chain_empty_best_chain)', () => {
    const chain = init(scopeOf(relayBlock(0, 'rp-1'), makeConstraints(0, [0], 'hff'), [], 10, []), []);
    expect(findAncestorPath(chain, [])).toBe(0);
    expect(findBackableChain(chain, [], 2)).toEqual([]);
    expect(findAncestorPath(chain, ['0000000000000000'])).toBe(0);
    expect(findBackableChain(chain, ['0000000000000000'], 2)).toEqual([]);
  });

  test('seconded candidates are never backable', () => {
    const chain = populateFromStorage(scope, storageOf(...candidates));
    expect(chain.bestChain).toHaveLength(0);
    expect(unconnected(chain)).toHaveLength(6);
    for (let count = 0; count < 10; count++) expect(findBackableChain(chain, [], count)).toEqual([]);
  });

  test('a backed candidate becomes backable only once its whole ancestry is backed', () => {
    let chain = populateFromStorage(scope, storageOf(...candidates));
    for (const i of [5, 3, 4, 1]) {
      chain = candidateBacked(chain, hashOf(i));
      for (let count = 0; count < 10; count++) expect(findBackableChain(chain, [], count)).toEqual([]);
    }
    expect(isCandidateBacked(chain, hashOf(5))).toBe(true);
    chain = candidateBacked(chain, hashOf(0));
    expect(findBackableChain(chain, [], 1)).toEqual(range(0, 1));
    for (let count = 2; count < 10; count++) expect(findBackableChain(chain, [], count)).toEqual(range(0, 2));
    // Now back the missing piece.
    chain = candidateBacked(chain, hashOf(2));
    expect(chain.bestChain).toHaveLength(6);
    for (let count = 0; count < 10; count++) expect(findBackableChain(chain, [], count)).toEqual(range(0, Math.min(count, 6)));
  });

  test('backing all candidates in any order gives the same chain', () => {
    const orders = [
      [0, 1, 2, 3, 4, 5],
      [5, 4, 3, 2, 1, 0],
      [2, 0, 5, 1, 4, 3],
    ];
    const results = orders.map((order) => {
      let chain = populateFromStorage(scope, storageOf(...candidates));
      for (const i of order) chain = candidateBacked(chain, hashOf(i));
      return chain;
    });
    for (const r of results) expect(r).toEqual(results[0]);
    expect(bestChainVec(results[0]!)).toEqual(candidates.map((c) => c.candidateHash));
  });

  test('ancestors must form a prefix from the root; the rest is ignored', () => {
    let chain = populateFromStorage(scope, storageOf(...candidates));
    for (const i of [0, 1, 2, 3, 4, 5]) chain = candidateBacked(chain, hashOf(i));
    const unknown = '0000000000000000';
    expect(findAncestorPath(chain, [])).toBe(0);
    expect(findBackableChain(chain, [], 0)).toEqual([]);
    expect(findBackableChain(chain, [], 5)).toEqual(range(0, 5));
    expect(findBackableChain(chain, [], 7)).toEqual(range(0, 6));
    // Ancestor which is not part of the chain: ignored.
    expect(findAncestorPath(chain, [unknown])).toBe(0);
    expect(findBackableChain(chain, [unknown], 4)).toEqual(range(0, 4));
    expect(findAncestorPath(chain, [hashOf(1), unknown])).toBe(0);
    expect(findBackableChain(chain, [hashOf(1), unknown], 4)).toEqual(range(0, 4));
    expect(findAncestorPath(chain, [hashOf(0), unknown])).toBe(1);
    expect(findBackableChain(chain, [hashOf(0), unknown], 4)).toEqual(range(1, 5));
    // Part of the chain but not a path from the root: ignored.
    expect(findAncestorPath(chain, [hashOf(1), hashOf(2)])).toBe(0);
    expect(findBackableChain(chain, [hashOf(1), hashOf(2)], 4)).toEqual(range(0, 4));
    // Valid ancestors, in any order.
    const valid = [hashOf(2), hashOf(0), hashOf(1)];
    expect(findAncestorPath(chain, valid)).toBe(3);
    expect(findBackableChain(chain, valid, 2)).toEqual(range(3, 5));
    for (let count = 3; count < 10; count++) expect(findBackableChain(chain, valid, count)).toEqual(range(3, 6));
    // Valid ancestors with candidates omitted because of timeouts.
    const gapped = [hashOf(0), hashOf(2)];
    expect(findAncestorPath(chain, gapped)).toBe(1);
    expect(findBackableChain(chain, gapped, 3)).toEqual(range(1, 4));
    expect(findBackableChain(chain, gapped, 4)).toEqual(range(1, 5));
    for (let count = 5; count < 10; count++) expect(findBackableChain(chain, gapped, count)).toEqual(range(1, 6));
    const three = [hashOf(0), hashOf(1), hashOf(3)];
    expect(findAncestorPath(chain, three)).toBe(2);
    expect(findBackableChain(chain, three, 4)).toEqual(range(2, 6));
    expect(findBackableChain(chain, three, 0)).toEqual([]);
  });

  test('stops at a candidate pending availability', () => {
    const backed = candidates.map((c) => ({ ...c, state: 'Backed' as const }));
    const pendingScope = scopeOf(rp, base, [{ candidateHash: hashOf(3), relayParent: rp }], 5, []);
    const chain = populateFromStorage(pendingScope, storageOf(...backed));
    expect(findBackableChain(chain, [hashOf(0), hashOf(1)], 3)).toEqual(range(2, 3));
    const ablated = withRulesOff(['PP-32'], () => findBackableChain(chain, [hashOf(0), hashOf(1)], 3));
    expect(ablated).toEqual(range(2, 5));
  });
});

describe('seconding and backing', () => {
  const scope = scopeOf(Z, BASE, [], 3, ANCESTORS);
  const secondedA = { ...A, state: 'Seconded' as const };
  const secondedB = { ...B, state: 'Seconded' as const };

  test('a seconded candidate joins the unconnected storage, never the best chain directly', () => {
    const added = tryAddingSecondedCandidate(init(scope, []), secondedA);
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    expect(bestChainVec(added.chain)).toEqual([]);
    expect(unconnected(added.chain)).toEqual([HASH.A]);
    expect(bestChainVec(candidateBacked(added.chain, HASH.A))).toEqual([HASH.A]);
  });

  test('rejects a candidate introduced already backed (IntroduceBackedCandidate)', () => {
    expect(tryAddingSecondedCandidate(init(scope, []), A)).toEqual({ ok: false, rule: 'PP-26', error: 'IntroduceBackedCandidate', detail: 'IntroduceBackedCandidate' });
  });

  test('rejects introducing the same candidate twice (CandidateAlreadyKnown)', () => {
    const once = tryAddingSecondedCandidate(init(scope, []), secondedA);
    expect(once.ok && tryAddingSecondedCandidate(once.chain, secondedA)).toEqual({ ok: false, rule: 'PP-18', error: 'CandidateAlreadyKnown', detail: 'CandidateAlreadyKnown' });
  });

  test('backing an unknown candidate or one already in the chain changes nothing', () => {
    const chain = populateFromStorage(scope, STORAGE_ABC);
    expect(candidateBacked(chain, '1234123412341234')).toEqual(chain);
    expect(candidateBacked(chain, HASH.A)).toEqual(chain);
  });

  test('backing a candidate whose parent is unknown only marks it backed', () => {
    const added = tryAddingSecondedCandidate(init(scope, []), secondedB);
    if (!added.ok) throw new Error('setup');
    const chain = candidateBacked(added.chain, HASH.B);
    expect(bestChainVec(chain)).toEqual([]);
    expect(chain.unconnected[HASH.B]?.state).toBe('Backed');
  });

  test('backing a better fork of a candidate below the chain root reorganises the chain (DEVIATION: stored code reads chain[0] in revert_to_parent_hash)', () => {
    // Chain A -> B -> C; C' forks C (its parent is B's output, chain index 1) with a lower hash than C.
    const cPrime = entryOf(makeCommittedCandidate('0c00000000000001', Z, 'h0c', 'hcp', Z.number), 'Seconded');
    expect(forkSelectionRule(cPrime.candidateHash, HASH.C)).toBeLessThan(0);
    const chain = populateFromStorage(scope, STORAGE_ABC);
    const added = tryAddingSecondedCandidate(chain, cPrime);
    if (!added.ok) throw new Error(`setup: ${added.error}`);

    const fixed = candidateBacked(added.chain, cPrime.candidateHash);
    expect(bestChainVec(fixed)).toEqual([HASH.A, HASH.B, cPrime.candidateHash]);
    expect(unconnected(fixed)).toEqual([]); // C lost the fork and was trimmed

    // The stored stable2506-era code compares chain[0] only, so it never reverts below A:
    const stored = withRulesOff(['PP-31'], () => candidateBacked(added.chain, cPrime.candidateHash));
    expect(bestChainVec(stored)).toEqual([HASH.A, HASH.B, HASH.C]);
    expect(stored.unconnected[cPrime.candidateHash]?.state).toBe('Backed');
  });

  test('backing a better fork of the second candidate reverts to the first (chain index 0, same in the stored code)', () => {
    const bPrime = entryOf(makeCommittedCandidate('0b00000000000001', Y, 'h0b', 'hbp', Y.number), 'Seconded');
    const added = tryAddingSecondedCandidate(populateFromStorage(scope, STORAGE_ABC), bPrime);
    if (!added.ok) throw new Error(`setup: ${added.error}`);
    const chain = candidateBacked(added.chain, bPrime.candidateHash);
    expect(bestChainVec(chain)).toEqual([HASH.A, bPrime.candidateHash]);
    expect(unconnected(chain)).toEqual([]);
    const stored = withRulesOff(['PP-31'], () => candidateBacked(added.chain, bPrime.candidateHash));
    expect(bestChainVec(stored)).toEqual([HASH.A, bPrime.candidateHash]);
  });
});

describe('hypothetical membership (lib.rs answer_hypothetical_membership_request)', () => {
  const scope = scopeOf(Z, BASE, [], 3, ANCESTORS);
  const chain = populateFromStorage(scope, STORAGE_ABC);
  const incomplete = (hash: string, parentHead: string, relayParent: string): HypotheticalOrConcreteCandidate => ({
    candidateHash: hash,
    parentHeadDataHash: parentHead,
    relayParent,
    outputHeadDataHash: null,
    commitments: null,
    persistedValidationData: null,
    validationCodeHash: null,
  });

  test('an incomplete candidate on the chain tip with an allowed relay parent is a member', () => {
    expect(isHypotheticalMember(chain, incomplete('1111111111111111', 'h0d', Z.hash))).toBe(true);
  });

  test('an incomplete candidate whose relay parent left the scope is not a member', () => {
    expect(isHypotheticalMember(chain, incomplete('1111111111111111', 'h0d', 'rp-gone'))).toBe(false);
  });

  test('an incomplete candidate whose relay parent precedes its parent candidate is not a member (RelayParentMovedBackwards)', () => {
    const c = incomplete('1111111111111111', 'h0c', X.hash);
    expect(canAddCandidateAsPotential(chain, c)).toEqual({ ok: false, rule: 'PP-25', error: 'RelayParentMovedBackwards', detail: 'RelayParentMovedBackwards' });
    expect(isHypotheticalMember(chain, c)).toBe(false);
  });

  test('a candidate already in the chain is a member (CandidateAlreadyKnown counts)', () => {
    expect(isHypotheticalMember(chain, A)).toBe(true);
    expect(withRulesOff(['PP-34'], () => isHypotheticalMember(chain, A))).toBe(false);
  });
});

describe('leaf activation (prospective-parachains/src/tests.rs)', () => {
  test('with (0, 0) async backing params a candidate is backable at its relay parent only (backwards_compatible_with_non_async_backing_params)', () => {
    const leafA = relayBlock(100, 'leaf-a');
    const leafB = relayBlock(101, 'leaf-b');
    const cand = makeCommittedCandidate('aaaa000000000000', leafA, 'h-included', 'h-a', leafA.number);
    const scopeA = scopeOf(leafA, makeConstraints(100, [100], 'h-included'), [], 0, []);
    const added = tryAddingSecondedCandidate(init(scopeA, []), entryOf(cand, 'Seconded'));
    if (!added.ok) throw new Error(`setup: ${added.error}`);
    const atA = candidateBacked(added.chain, cand.candidate.hash);
    expect(findBackableChain(atA, [], 1)).toEqual([{ candidateHash: cand.candidate.hash, relayParent: leafA.hash }]);

    const scopeB = scopeOf(leafB, makeConstraints(101, [101], 'h-included'), [], 0, [leafA]);
    expect(scopeB.ancestors).toEqual([]);
    const atB = populateFromPrevious(init(scopeB, []), atA);
    expect(findBackableChain(atB, [], 1)).toEqual([]);
    expect(unconnected(atB)).toEqual([]);
    expect(canAddCandidateAsPotential(atB, entryOf(cand, 'Seconded'))).toEqual({ ok: false, rule: 'PP-19', error: 'RelayParentNotInScope', detail: 'RelayParentNotInScope(leaf-a, leaf-b)' });
  });

  test('with max_depth 0 a para with a candidate pending availability gets nothing new backed', () => {
    const leaf = relayBlock(101, 'leaf-b');
    const pendingCand = makeCommittedCandidate('aaaa000000000000', relayBlock(100, 'leaf-a'), 'h-included', 'h-a', 100);
    const next = makeCommittedCandidate('bbbb000000000000', leaf, 'h-a', 'h-b', 101);
    const { entries, pendingAvailability } = preparePendingAvailability([
      { candidate: pendingCand.candidate, persistedValidationData: pendingCand.pvd, relayParent: relayBlock(100, 'leaf-a') },
    ]);
    const scope = scopeOf(leaf, makeConstraints(101, [100, 101], 'h-included'), [...pendingAvailability], 0, []);
    let chain = init(scope, entries);
    expect(bestChainVec(chain)).toEqual(['aaaa000000000000']);
    const added = tryAddingSecondedCandidate(chain, entryOf(next, 'Seconded'));
    if (!added.ok) throw new Error(`setup: ${added.error}`);
    chain = candidateBacked(added.chain, 'bbbb000000000000');
    expect(bestChainVec(chain)).toEqual(['aaaa000000000000']);
    expect(findBackableChain(chain, ['aaaa000000000000'], 1)).toEqual([]);
    // With max_depth 1 (one more slot) it is backable behind the pending candidate.
    const deeper = candidateBacked(
      (tryAddingSecondedCandidate(init({ ...scope, maxDepth: 1 }, entries), entryOf(next, 'Seconded')) as { chain: FragmentChain }).chain,
      'bbbb000000000000',
    );
    expect(findBackableChain(deeper, ['aaaa000000000000'], 1)).toEqual([{ candidateHash: 'bbbb000000000000', relayParent: leaf.hash }]);
  });

  test('candidates that were pending at the previous leaf are not carried over (included or timed out)', () => {
    const scope = scopeOf(Z, BASE, [{ candidateHash: HASH.A, relayParent: X }], 4, ANCESTORS);
    const prev = populateFromStorage(scope, STORAGE_ABC);
    expect(bestChainVec(prev)).toEqual([HASH.A, HASH.B, HASH.C]);
    // A timed out: same base constraints, nothing pending any more.
    const next = populateFromPrevious(init(scopeOf(Z, BASE, [], 4, ANCESTORS), []), prev);
    expect(bestChainVec(next)).toEqual([]);
    expect(unconnected(next)).toEqual(hashes(B, C));
    const ablated = withRulesOff(['PP-33'], () => populateFromPrevious(init(scopeOf(Z, BASE, [], 4, ANCESTORS), []), prev));
    expect(bestChainVec(ablated)).toEqual([HASH.A, HASH.B, HASH.C]);
  });

  test('the pending list stops at the first invalid candidate pending availability', () => {
    const first = makeCommittedCandidate('aaaa000000000000', X, 'h0a', 'h0b', 0);
    const bad = makeCommittedCandidate('bbbb000000000000', X, 'h0b', 'h0c', 0);
    const third = makeCommittedCandidate('cccc000000000000', X, 'h0c', 'h0d', 0);
    const { entries, pendingAvailability } = preparePendingAvailability([
      { candidate: first.candidate, persistedValidationData: first.pvd, relayParent: X },
      { candidate: bad.candidate, persistedValidationData: { ...bad.pvd, maxPovSize: 1 }, relayParent: X },
      { candidate: third.candidate, persistedValidationData: third.pvd, relayParent: X },
    ]);
    expect(entries.map((e) => e.candidateHash)).toEqual(['aaaa000000000000']);
    expect(pendingAvailability.map((p) => p.candidateHash)).toEqual(['aaaa000000000000']);
  });
});

describe('stable2506 chain bound from the claim queue (PR #7254)', () => {
  // A is pending availability at rp X; B and C are backed behind it.
  const pendingA = [{ candidateHash: HASH.A, relayParent: X }];
  const build = (claimQueue: Record<number, number[]>) => {
    const result = scopeForLeaf(Z, BASE, pendingA, claimQueue, 5, ANCESTORS);
    if (!result.ok) throw new Error('setup');
    return populateFromStorage(result.scope, STORAGE_ABC);
  };

  test('PP-27 + PP-35: one core (claim queue [para; 3]) chains the pending candidate plus one; the rest stays unconnected and backed', () => {
    const chain = build({ 0: [5, 5, 5] });
    expect(bestChainVec(chain)).toEqual([HASH.A, HASH.B]);
    expect(unconnectedHashes(chain)).toEqual([HASH.C]);
    expect(isCandidateBacked(chain, HASH.C)).toBe(true);
    expect(findBackableChain(chain, [HASH.A], 3)).toEqual([{ candidateHash: HASH.B, relayParent: Y.hash }]);
  });

  test('PP-27 + PP-35: two cores chain the pending candidate plus two', () => {
    expect(bestChainVec(build({ 0: [5, 5, 5], 1: [5, 7, 5] }))).toEqual([HASH.A, HASH.B, HASH.C]);
  });

  test('the classic bound (max_candidate_depth 3) chains all three on one core', () => {
    expect(bestChainVec(populateFromStorage(scopeOf(Z, BASE, pendingA, 3, ANCESTORS), STORAGE_ABC))).toEqual([HASH.A, HASH.B, HASH.C]);
  });

  test('switching PP-35 off counts claims, so one core with three claims chains all three', () => {
    const chain = withRulesOff(['PP-35'], () => build({ 0: [5, 5, 5] }));
    expect(bestChainVec(chain)).toEqual([HASH.A, HASH.B, HASH.C]);
  });
});

describe('a candidate becoming pending availability at the next leaf (populate_from_previous, stable2506 lib.rs leaf activation)', () => {
  // Leaf Y (1): A (rp X) is backed, B (rp Y) builds on A and is only seconded, C builds on B.
  // Leaf Z (2): A is pending availability (it went on chain in Z); the runtime still reports h0a as
  // the included head. handle_active_leaves_update calls FragmentChain::init with the pending
  // storage {A}, then populate_from_previous with the chain at Y.
  const CQ = { 0: [5, 5, 5] }; // one core: the chain holds the pending candidates + 1 (PP-35)
  const scope = (leaf: typeof Y, pending: { candidateHash: string; relayParent: typeof X }[], ancestors: (typeof X)[]) => {
    const r = scopeForLeaf(leaf, BASE, pending, CQ, 5, ancestors);
    if (!r.ok) throw new Error('setup');
    return r.scope;
  };
  const a = makeCommittedCandidate(HASH.A, X, 'h0a', 'h0b', X.number);
  const b = makeCommittedCandidate(HASH.B, Y, 'h0b', 'h0c', Y.number);
  const c = makeCommittedCandidate(HASH.C, Y, 'h0c', 'h0d', Y.number);
  const second = (chain: FragmentChain, t: typeof a): FragmentChain => {
    const r = tryAddingSecondedCandidate(chain, entryOf(t, 'Seconded'));
    if (!r.ok) throw new Error(`setup: ${t.candidate.hash}: ${r.error}`);
    return r.chain;
  };
  /** The chain at leaf Y: A backed (in the best chain), B and C seconded (unconnected storage). */
  const atY = (backB: boolean): FragmentChain => {
    let chain = candidateBacked(second(init(scope(Y, [], [X]), []), a), HASH.A);
    chain = second(second(chain, b), c);
    return backB ? candidateBacked(chain, HASH.B) : chain;
  };
  const initAtZ = () => init(scope(Z, [{ candidateHash: HASH.A, relayParent: X }], ANCESTORS), [entryOf(a, 'Backed')]);

  test('polkadot-sdk drops the seconded children of a candidate that becomes pending availability: populate_from_previous puts the candidate back into the storage it trims, check_potential refuses it as a fork of its own pending copy (ForkWithCandidatePendingAvailability), and trim_uneligible_forks removes its descendants', () => {
    const prev = atY(false);
    expect(bestChainVec(prev)).toEqual([HASH.A]);
    expect(unconnected(prev)).toEqual(hashes(entryOf(b, 'Seconded'), entryOf(c, 'Seconded')));
    const fresh = initAtZ();
    expect(bestChainVec(fresh)).toEqual([HASH.A]);
    // The copy of A carried over from the previous best chain (A was not pending at Y) forks A itself.
    expect(checkPotential(fresh, entryOf(a, 'Backed'))).toEqual({ ok: false, rule: 'PP-21', error: 'ForkWithCandidatePendingAvailability', detail: `ForkWithCandidatePendingAvailability(${HASH.A})` });
    const next = populateFromPrevious(fresh, prev);
    expect(bestChainVec(next)).toEqual([HASH.A]);
    expect(unconnected(next)).toEqual([]);
    // B itself has potential at Z: introduced afresh it would be kept. Only the carry-over loses it.
    expect(canAddCandidateAsPotential(next, entryOf(b, 'Seconded'))).toEqual({ ok: true });
    // Backing B later changes nothing at Z (candidate_backed: not in the unconnected storage).
    expect(bestChainVec(candidateBacked(next, HASH.B))).toEqual([HASH.A]);
    // It is the trimming (PP-30) that drops them: without it B and C are kept as potential.
    const untrimmed = withRulesOff(['PP-30'], () => populateFromPrevious(initAtZ(), prev));
    expect(unconnected(untrimmed)).toEqual(hashes(entryOf(b, 'Seconded'), entryOf(c, 'Seconded')));
  });

  test('a child backed before the leaf arrives survives: populate_chain moves it into the chain before the trim, and the seconded grandchild on the chain tip is not visited', () => {
    const prev = atY(true);
    expect(bestChainVec(prev)).toEqual([HASH.A]); // one core: A + nothing more before A is pending
    expect(isCandidateBacked(prev, HASH.B)).toBe(true);
    const next = populateFromPrevious(initAtZ(), prev);
    expect(bestChainVec(next)).toEqual([HASH.A, HASH.B]);
    expect(unconnected(next)).toEqual([HASH.C]);
    expect(findBackableChain(next, [HASH.A], 1)).toEqual([{ candidateHash: HASH.B, relayParent: Y.hash }]);
  });

  test('a validator that hears of the child only once it is backed (outside its backing group: statement-distribution grid) chains it at the new leaf', () => {
    const next = populateFromPrevious(initAtZ(), init(scope(Y, [], [X]), []));
    const chain = candidateBacked(second(next, b), HASH.B);
    expect(bestChainVec(chain)).toEqual([HASH.A, HASH.B]);
    expect(findBackableChain(chain, [HASH.A], 1)).toEqual([{ candidateHash: HASH.B, relayParent: Y.hash }]);
  });
});

describe('check_potential: each check, its exact rejection, and the check switched off', () => {
  const scope = scopeOf(Z, BASE, [], 4, ANCESTORS);
  const abChain = () => populateFromStorage(scope, storageOf(A, B));

  test('a candidate outputting its own parent head is a zero-length cycle (PP-17), also when only checked for potential', () => {
    const cyclic: CandidateEntry = { ...entryOf(makeCommittedCandidate('3c00000000000000', Y, 'h0c', 'h0x', 0), 'Seconded'), outputHeadDataHash: 'h0c' };
    expect(checkPotential(abChain(), cyclic)).toEqual({ ok: false, rule: 'PP-17', error: 'ZeroLengthCycle', detail: 'ZeroLengthCycle' });
    expect(canAddCandidateAsPotential(init(scope, []), cyclic)).toEqual({ ok: false, rule: 'PP-17', error: 'ZeroLengthCycle', detail: 'ZeroLengthCycle' });
    // Switched off, an unconnected one has potential (chained after B, the cycle check would still catch it).
    withRulesOff(['PP-17'], () => expect(checkPotential(init(scope, []), cyclic)).toEqual({ ok: true }));
    withRulesOff(['PP-17'], () => expect(checkPotential(abChain(), cyclic)).toMatchObject({ ok: false, rule: 'PP-23', error: 'MultiplePaths' }));
  });

  test('a copy of a best-chain candidate does not lose the fork choice to itself: it is refused as a cycle', () => {
    // check_potential has no already-known check (that is can_add_candidate_as_potential's); the
    // fork selection rule compares equal hashes as Equal, so the cycle check is what refuses it.
    expect(checkPotential(abChain(), A)).toEqual({ ok: false, rule: 'PP-23', error: 'Cycle', detail: 'Cycle' });
    expect(checkPotential(populateFromStorage(scope, storageOf(A)), A)).toEqual({ ok: false, rule: 'PP-23', error: 'MultiplePaths', detail: 'MultiplePaths' });
  });

  test('PP-23 off: a candidate closing a cycle has potential', () => {
    const wrongC = entryOf(makeCommittedCandidate(HASH.C, Z, 'h0c', 'h0a', Z.number), 'Backed');
    expect(canAddCandidateAsPotential(abChain(), wrongC)).toMatchObject({ ok: false, rule: 'PP-23', error: 'Cycle' });
    withRulesOff(['PP-23'], () => expect(canAddCandidateAsPotential(abChain(), wrongC)).toEqual({ ok: true }));
  });

  test('PP-25 off: a chained candidate whose relay parent precedes its parent candidate one has potential', () => {
    const wrongC = entryOf(makeCommittedCandidate('8c00000000000000', X, 'h0c', 'h0d', 0), 'Backed');
    withRulesOff(['PP-25'], () => expect(canAddCandidateAsPotential(abChain(), wrongC)).toEqual({ ok: true }));
  });
});

describe('populate_chain, trim_uneligible_forks and get_head_data_by_hash', () => {
  const scope = scopeOf(Z, BASE, [], 4, ANCESTORS);
  // Forks that lose the fork selection rule (higher hashes than A and B), and a child of the first.
  const forkOfA = entryOf(makeCommittedCandidate('7a00000000000000', Y, 'h0a', 'h0x', 0), 'Backed');
  const childOfFork = entryOf(makeCommittedCandidate('7b00000000000000', Y, 'h0x', 'h0y', 0), 'Backed');
  const forkOfB = entryOf(makeCommittedCandidate('7c00000000000000', Y, 'h0b', 'h0z', 0), 'Backed');

  test('populate_chain extends the chain from the storage and returns what is left of it', () => {
    const { chain, storage } = populateChain(init(scope, []), storageOf(A, B, C, forkOfA));
    expect(bestChainVec(chain)).toEqual([HASH.A, HASH.B, HASH.C]);
    expect(Object.keys(storage)).toEqual([forkOfA.candidateHash]);
  });

  test('trimming from the chain drops the losing forks of every chain candidate and everything built on them', () => {
    const ab = populateFromStorage(scope, storageOf(A, B));
    expect(bestChainVec(ab)).toEqual([HASH.A, HASH.B]);
    // On its own the child of the fork has potential (it is unconnected); its parent does not.
    expect(canAddCandidateAsPotential(ab, childOfFork)).toEqual({ ok: true });
    expect(trimUneligibleForks(ab, storageOf(forkOfA, childOfFork, forkOfB), null)).toEqual({});
    // From a starting point, only what descends from it is looked at (and kept if it has potential).
    expect(Object.keys(trimUneligibleForks(ab, storageOf(forkOfA, childOfFork, forkOfB), 'h0x'))).toHaveLength(3);
    expect(Object.keys(trimUneligibleForks(ab, storageOf(forkOfA, childOfFork, forkOfB), 'h0b'))).toEqual([forkOfA.candidateHash, childOfFork.candidateHash]);
    // An empty chain starts from the latest included head.
    expect(Object.keys(trimUneligibleForks(init(scope, []), storageOf(A, forkOfA, childOfFork), null))).toEqual([HASH.A, forkOfA.candidateHash, childOfFork.candidateHash]);
    // Switched off, nothing is trimmed.
    withRulesOff(['PP-30'], () => expect(Object.keys(trimUneligibleForks(ab, storageOf(forkOfA, childOfFork), null))).toHaveLength(2));
  });

  test('get_head_data_by_hash knows the included head and every head of the chain and the unconnected storage', () => {
    const added = tryAddingSecondedCandidate(populateFromStorage(scope, storageOf(A, B)), entryOf(makeCommittedCandidate('9d00000000000000', Y, 'h0q', 'h0r', 0), 'Seconded'));
    if (!added.ok) throw new Error(`setup: ${added.error}`);
    for (const head of ['h0a', 'h0b', 'h0c', 'h0q', 'h0r']) expect(getHeadDataByHash(added.chain, head), head).toBe(head);
    expect(getHeadDataByHash(added.chain, 'h0z')).toBeNull();
    expect(getHeadDataByHash(init(scope, []), 'h0a')).toBe('h0a');
    expect(getHeadDataByHash(init(scope, []), 'h0b')).toBeNull();
  });

  test('PP-18 off: the storage still refuses a candidate it holds (CandidateAlreadyKnown)', () => {
    const seconded = entryOf(makeCommittedCandidate('9d00000000000000', Y, 'h0q', 'h0r', 0), 'Seconded');
    const once = tryAddingSecondedCandidate(init(scope, []), seconded);
    if (!once.ok) throw new Error(`setup: ${once.error}`);
    withRulesOff(['PP-18'], () =>
      expect(tryAddingSecondedCandidate(once.chain, seconded)).toEqual({ ok: false, rule: 'PP-18', error: 'CandidateAlreadyKnown', detail: 'CandidateAlreadyKnown' }),
    );
  });

  test('a candidate pending availability is chained before a sibling, whatever the fork selection rule says', () => {
    const pending = entryOf(makeCommittedCandidate('5a99000000000000', Y, 'h0a', 'h0b', Y.number), 'Backed');
    const sibling = entryOf(makeCommittedCandidate('fa00000000000000', Z, 'h0a', 'h0s', Z.number), 'Backed');
    const pendingScope = scopeOf(Z, BASE, [{ candidateHash: pending.candidateHash, relayParent: Y }], 4, ANCESTORS);
    expect(bestChainVec(populateFromStorage(pendingScope, storageOf(pending, sibling)))).toEqual([pending.candidateHash]);
    // Ablated fork selection (the highest hash wins) still leaves the pending candidate first.
    withRulesOff(['PP-22'], () => expect(bestChainVec(populateFromStorage(pendingScope, storageOf(pending, sibling)))).toEqual([pending.candidateHash]));
  });

  test('candidates pending availability whose relay parents go backwards: the later one is not chained', () => {
    const first = entryOf(makeCommittedCandidate('1100000000000000', Y, 'h0a', 'h0b', Y.number), 'Backed');
    const second = entryOf(makeCommittedCandidate('2200000000000000', X, 'h0b', 'h0c', X.number), 'Backed');
    const pendingScope = scopeOf(
      Z,
      BASE,
      [
        { candidateHash: first.candidateHash, relayParent: Y },
        { candidateHash: second.candidateHash, relayParent: X },
      ],
      4,
      ANCESTORS,
    );
    expect(bestChainVec(init(pendingScope, [first, second]))).toEqual([first.candidateHash]);
    const inOrder = scopeOf(
      Z,
      BASE,
      [
        { candidateHash: first.candidateHash, relayParent: X },
        { candidateHash: second.candidateHash, relayParent: Y },
      ],
      4,
      ANCESTORS,
    );
    const firstAtX = entryOf(makeCommittedCandidate('1100000000000000', X, 'h0a', 'h0b', X.number), 'Backed');
    const secondAtY = entryOf(makeCommittedCandidate('2200000000000000', Y, 'h0b', 'h0c', Y.number), 'Backed');
    expect(bestChainVec(init(inOrder, [firstAtX, secondAtY]))).toEqual([first.candidateHash, second.candidateHash]);
  });
});
