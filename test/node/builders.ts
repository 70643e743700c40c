/**
 * Builders for node-side tests, mirroring the helpers of polkadot-sdk's
 * `fragment_chain/tests.rs` (`make_constraints`, `make_committed_candidate`) and
 * `inclusion_emulator/mod.rs` tests (`make_constraints`, `make_candidate`). Every hash is explicit.
 */
import { pvdHash, type CommittedCandidate, type Hash, type HeadData, type PersistedValidationData, type RelayChainBlockInfo } from '../../spec/types.ts';
import type { Constraints } from '../../spec/node/inclusionEmulator.ts';
import { createCandidateEntry, type CandidateEntry, type CandidateState } from '../../spec/node/fragmentChain.ts';
import { scopeWithAncestors, type PendingAvailability, type Scope } from '../../spec/node/scope.ts';

/** The validation code hash every test candidate uses (`Hash::repeat_byte(42)` in the source). */
export const CODE_HASH: Hash = '2a2a2a2a2a2a2a2a';
export const ZERO: Hash = '0000000000000000';

/** `make_constraints(min_relay_parent_number, valid_watermarks, required_parent)` of fragment_chain/tests.rs. */
export function makeConstraints(minRelayParentNumber: number, validWatermarks: number[], requiredParent: HeadData): Constraints {
  return {
    minRelayParentNumber,
    maxPovSize: 1_000_000,
    maxCodeSize: 1_000_000,
    umpRemaining: 10,
    umpRemainingBytes: 1_000,
    maxUmpNumPerCandidate: 10,
    dmpRemainingMessages: new Array<number>(10).fill(0),
    hrmpInbound: { validWatermarks },
    hrmpChannelsOut: {},
    maxHrmpNumPerCandidate: 0,
    requiredParent,
    validationCodeHash: CODE_HASH,
    upgradeRestriction: null,
    futureValidationCode: null,
  };
}

/** A relay-chain block with an explicit hash. */
export function relayBlock(number: number, hash: Hash, storageRoot: Hash = ZERO): RelayChainBlockInfo {
  return { hash, number, storageRoot };
}

export interface TestCandidate {
  readonly candidate: CommittedCandidate;
  readonly pvd: PersistedValidationData;
}

/**
 * `make_committed_candidate(para_id, relay_parent, relay_parent_number, parent_head, para_head,
 * hrmp_watermark)` with an explicit candidate hash; processes one downward message, as in the source.
 */
export function makeCommittedCandidate(
  hash: Hash,
  relayParent: RelayChainBlockInfo,
  parentHead: HeadData,
  paraHead: HeadData,
  hrmpWatermark: number,
  paraId = 5,
): TestCandidate {
  const pvd: PersistedValidationData = {
    parentHead,
    relayParentNumber: relayParent.number,
    relayParentStorageRoot: relayParent.storageRoot,
    maxPovSize: 1_000_000,
  };
  const candidate: CommittedCandidate = {
    hash,
    descriptor: {
      paraId,
      relayParent: relayParent.hash,
      coreIndex: 0,
      sessionIndex: 0,
      persistedValidationDataHash: pvdHash(pvd),
      paraHead,
      validationCodeHash: CODE_HASH,
    },
    commitments: {
      headData: paraHead,
      upwardMessages: [],
      horizontalMessages: [],
      newValidationCode: null,
      processedDownwardMessages: 1,
      hrmpWatermark,
    },
  };
  return { candidate, pvd };
}

/** `CandidateEntry::new(...).unwrap()`. */
export function entryOf(c: TestCandidate, state: CandidateState): CandidateEntry {
  const result = createCandidateEntry(c.candidate, c.pvd, state);
  if (!result.ok) throw new Error(`test candidate ${c.candidate.hash} is invalid: ${result.error}`);
  return result.entry;
}

/** `Scope::with_ancestors(...).unwrap()`. */
export function scopeOf(
  relayParent: RelayChainBlockInfo,
  baseConstraints: Constraints,
  pending: PendingAvailability[],
  maxDepth: number,
  ancestors: RelayChainBlockInfo[],
): Scope {
  const result = scopeWithAncestors(relayParent, baseConstraints, pending, maxDepth, ancestors);
  if (!result.ok) throw new Error(`test scope is invalid: ${result.detail}`);
  return result.scope;
}
