/**
 * The relay-chain runtime state of the parachains pallets that async backing touches, per relay
 * block, as one plain value. Field names follow the storage items they model.
 *
 * Simplifications (message and code state, see spec/relay/messaging.ts):
 * - Messages are their sizes (and, for DMP/HRMP, the block they were sent in): no payloads, no
 *   message-queue chains (MQC heads), no XCM.
 * - HRMP channels are stored on both ends: the sender's `hrmpOutbound` counts (`HrmpChannels`:
 *   msg_count, total_size) and the recipient's `hrmpInbound` messages (`HrmpChannelContents`,
 *   whose sent-at numbers are `HrmpChannelDigests`); invariant INV-16 keeps the two in step.
 * - Code upgrades: `futureCode` is `FutureCodeHash` + `FutureCodeUpgrades`; `upgradeRestrictedUntil`
 *   is `UpgradeRestrictionSignal` (present) with its `UpgradeCooldowns` entry. Go-ahead signals and
 *   PVF pre-checking are not modelled (pre-checking passes at once).
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

/** A message in an HRMP channel addressed to the para (`InboundHrmpMessage`, by sender and size). */
export interface InboundHrmpMessage {
  readonly sender: ParaId;
  readonly sentAt: BlockNumber;
  readonly bytes: number;
}

/** The sender's view of an open HRMP channel (`HrmpChannel`). */
export interface OutboundHrmpChannel {
  readonly msgCount: number;
  readonly totalSize: number;
  readonly maxCapacity: number;
  readonly maxTotalSize: number;
  readonly maxMessageSize: number;
}

/** Per-para storage: `paras::Heads`, `paras::MostRecentContext`, `CurrentCodeHash`, `PendingAvailability`, and the para's queues. */
export interface ParaState {
  readonly head: HeadData;
  readonly mostRecentContext: BlockNumber;
  readonly codeHash: Hash;
  /** Oldest first: a chain, each candidate building on the previous one's head. */
  readonly pending: readonly PendingCandidate[];
  /** `dmp::DownwardMessageQueues`: the sent-at block numbers of the queued downward messages, oldest first. */
  readonly dmq: readonly BlockNumber[];
  /** The para's upward queue (pallet-message-queue, origin `Ump(Para)`): sizes waiting for dispatch, oldest first. */
  readonly ump: readonly number[];
  /** HRMP messages addressed to the para, oldest first (`HrmpChannelContents` of its ingress channels). */
  readonly hrmpInbound: readonly InboundHrmpMessage[];
  /** `HrmpWatermarks`: the para's last HRMP watermark (none before its first inclusion). */
  readonly hrmpWatermark: BlockNumber | null;
  /** Open egress channels, by recipient para id (`HrmpChannels`). */
  readonly hrmpOutbound: Readonly<Record<string, OutboundHrmpChannel>>;
  /** `FutureCodeHash` and `FutureCodeUpgrades`: the code the para switches to from relay parent `at`. */
  readonly futureCode: { readonly hash: Hash; readonly at: BlockNumber } | null;
  /** `UpgradeRestrictionSignal` is present until this block (`UpgradeCooldowns`), or null (absent). */
  readonly upgradeRestrictedUntil: BlockNumber | null;
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
  /**
   * Downward messages sent to paras in this block, one entry per message (RT-33). Deviation: in
   * polkadot-sdk they are queued by other extrinsics of the block (XCM sends), not by the paras
   * inherent; the model carries them with the block so that a schedule chooses them.
   */
  readonly downwardMessages?: readonly ParaId[];
}

export const EMPTY_INHERENT: InherentData = { bitfields: [], backedCandidates: [], disputesConcludedInvalid: [] };
