/**
 * The relay-chain runtime state of the parachains pallets that async backing touches, per relay
 * block, as one plain value. Field names follow the storage items they model.
 */
import type {
  BlockNumber,
  CandidateHash,
  CommittedCandidate,
  CoreIndex,
  GroupIndex,
  Hash,
  HeadData,
  ParaId,
  SessionIndex,
  ValidatorIndex,
} from '../types.ts';
import type { AllowedRelayParentsTracker } from './tracker.ts';

/** `CandidatePendingAvailability` (inclusion pallet). */
export interface PendingCandidate {
  readonly hash: CandidateHash;
  readonly paraId: ParaId;
  readonly core: CoreIndex;
  readonly relayParent: Hash;
  readonly relayParentNumber: BlockNumber;
  readonly backedInNumber: BlockNumber;
  readonly backingGroup: GroupIndex;
  readonly backers: readonly ValidatorIndex[];
  /** Validators whose availability bitfields had this candidate's core bit set (ascending). */
  readonly availabilityVotes: readonly ValidatorIndex[];
  /** `parent_head` of its PVD and `commitments.head_data`: the step it takes the para head. */
  readonly parentHead: HeadData;
  readonly headData: HeadData;
  readonly candidate: CommittedCandidate;
}

/** Per-para storage: `paras::Heads`, `paras::MostRecentContext`, `CurrentCodeHash`, `PendingAvailability`. */
export interface ParaState {
  readonly head: HeadData;
  readonly mostRecentContext: BlockNumber;
  readonly codeHash: Hash;
  /** Oldest first: a chain, each candidate building on the previous one's head. */
  readonly pending: readonly PendingCandidate[];
}

export interface RelayRuntimeState {
  /** The relay block this state is the post-state of. */
  readonly blockNumber: BlockNumber;
  readonly session: SessionIndex;
  /** `scheduler::SessionStartBlock`. */
  readonly sessionStartBlock: BlockNumber;
  readonly tracker: AllowedRelayParentsTracker;
  /** Keyed by para id. */
  readonly paras: Readonly<Record<string, ParaState>>;
}

/** `BackedCandidate`: a candidate with the backing votes the block author includes. */
export interface BackedCandidate {
  readonly candidate: CommittedCandidate;
  /** Validators with a valid `Seconded`/`Valid` statement for the candidate. */
  readonly validityVotes: readonly ValidatorIndex[];
}

/** A signed availability bitfield: the cores whose candidate this validator holds a chunk of. */
export interface AvailabilityBitfield {
  readonly validator: ValidatorIndex;
  readonly cores: readonly CoreIndex[];
}

/** The `ParachainsInherentData` the block author supplies. */
export interface InherentData {
  readonly bitfields: readonly AvailabilityBitfield[];
  readonly backedCandidates: readonly BackedCandidate[];
  /** Candidates whose dispute concluded invalid in this block. */
  readonly disputesConcludedInvalid: readonly CandidateHash[];
}

export const EMPTY_INHERENT: InherentData = { bitfields: [], backedCandidates: [], disputesConcludedInvalid: [] };
