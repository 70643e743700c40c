/**
 * Types shared by the three layers (relay runtime, node, parachain). Plain data only: every value
 * here is JSON-serializable, so any state of the model can be stored, compared and replayed.
 *
 * Modelling choices (listed once here, repeated where they matter):
 * - Hashes are 16-hex-digit strings (`spec/hash.ts`); byte order = string order.
 * - Head data is represented by its hash (`HeadData` is a `Hash`): the model never needs the bytes,
 *   only equality, and "hash(parent_head) == hash(head_data)" becomes string equality.
 * - Message payloads are represented by their sizes in bytes: every limit polkadot-sdk checks on
 *   UMP/HRMP messages is a count or a byte total.
 */
import { hashOf, type Hash } from './hash.ts';

export type { Hash } from './hash.ts';
export type ParaId = number;
export type BlockNumber = number;
export type SessionIndex = number;
export type CoreIndex = number;
export type ValidatorIndex = number;
export type GroupIndex = number;
export type CandidateHash = Hash;
export type HeadData = Hash;

/** A relay-chain block as the parachains code sees it (`RelayChainBlockInfo`). */
export interface RelayChainBlockInfo {
  readonly hash: Hash;
  readonly number: BlockNumber;
  readonly storageRoot: Hash;
}

/** `PersistedValidationData` (polkadot/primitives): what a candidate commits to about its context. */
export interface PersistedValidationData {
  readonly parentHead: HeadData;
  readonly relayParentNumber: BlockNumber;
  readonly relayParentStorageRoot: Hash;
  readonly maxPovSize: number;
}

/** The hash a descriptor carries for its PVD (`persisted_validation_data_hash`). */
export function pvdHash(pvd: PersistedValidationData): Hash {
  return hashOf('pvd', pvd.parentHead, pvd.relayParentNumber, pvd.relayParentStorageRoot, pvd.maxPovSize);
}

/** An outbound HRMP message, by recipient and size. */
export interface OutboundHrmpMessage {
  readonly recipient: ParaId;
  readonly bytes: number;
}

/** New validation code, by hash and size. */
export interface ValidationCode {
  readonly hash: Hash;
  readonly size: number;
}

/** `CandidateCommitments`: the outputs of executing the parablock. */
export interface CandidateCommitments {
  readonly headData: HeadData;
  /** Sizes in bytes of the upward messages, in order. */
  readonly upwardMessages: readonly number[];
  readonly horizontalMessages: readonly OutboundHrmpMessage[];
  readonly newValidationCode: ValidationCode | null;
  readonly processedDownwardMessages: number;
  readonly hrmpWatermark: BlockNumber;
}

/** `CandidateDescriptor` (V2): what the relay chain sees of a candidate before executing it. */
export interface CandidateDescriptor {
  readonly paraId: ParaId;
  readonly relayParent: Hash;
  /** V2 descriptors name the core the candidate is for (elastic scaling). */
  readonly coreIndex: CoreIndex;
  readonly sessionIndex: SessionIndex;
  readonly persistedValidationDataHash: Hash;
  /** `para_head`: the hash of `commitments.headData`. */
  readonly paraHead: Hash;
  readonly validationCodeHash: Hash;
}

/** `CommittedCandidateReceipt` with its hash given explicitly (vectors carry it). */
export interface CommittedCandidate {
  readonly hash: CandidateHash;
  readonly descriptor: CandidateDescriptor;
  readonly commitments: CandidateCommitments;
}
