/**
 * Inclusion emulator: how a node predicts what the relay chain will accept from a parachain
 * candidate before the candidate is on chain.
 *
 * Encodes `polkadot/node/subsystem-util/src/inclusion_emulator/mod.rs` at `polkadot-stable2506`:
 * `Constraints`, `ConstraintModifications` (`identity`, `stack`), `HrmpWatermarkUpdate`,
 * `Constraints::check_modifications`, `Constraints::apply_modifications`, the fragment's own
 * modifications (built at the top of `Fragment::check_against_constraints`), `validate_commitments`
 * and `validate_against_constraints`, and `Fragment::check_against_constraints`.
 *
 * Stored versions read (polkadot-sdk, via the code index): commit `fa87db59` (2023, fragment-tree
 * era: `validate_against_constraints` checks the PVD first, and an exact watermark match is dropped
 * with `drain(..pos + 1)`) and commit `04d67296` (newer master: `validate_commitments` split out,
 * `max_head_data_size`, UMP signals skipped, exact watermark kept with `drain(..pos)`). The pin
 * `polkadot-stable2506` contains PR #8860 (`prdoc/stable2506/pr_8860.prdoc` bumps
 * `polkadot-node-subsystem-util`), which is the `drain(..pos)` relaxation and the tests
 * `constraints_check_trunk_watermark` / `constraints_check_head_watermark`. The model follows the
 * `04d67296` structure (check order below), which is the layout of the stable2506 era.
 *
 * Check order of `check_against_constraints` (source order, all in this file):
 *   1. while building the modifications: HrmpMessagesDescendingOrDuplicate
 *   2. `validate_commitments`: ValidationCodeMismatch, [HeadDataTooLarge], RelayParentTooOld,
 *      CodeUpgradeRestricted, CodeSizeTooLarge, HrmpMessagesPerCandidateOverflow
 *   3. `validate_against_constraints`: PersistedValidationDataMismatch, DmpAdvancementRule,
 *      UmpMessagesPerCandidateOverflow, then `check_modifications` wrapped as
 *      `OutputsInvalid(ModificationError)`: DisallowedHrmpWatermark, NoSuchHrmpChannel /
 *      HrmpBytesOverflow / HrmpMessagesOverflow (bytes before messages, per channel),
 *      UmpMessagesOverflow, UmpBytesOverflow, DmpMessagesUnderflow, AppliedNonexistentCodeUpgrade.
 *
 * Simplifications and deviations (each is also commented where it is made):
 * - HeadDataTooLarge / `max_head_data_size` are not modelled: the shared types carry head data as
 *   a hash only (`spec/types.ts`), so there is no size to check.
 * - UMP signals (`skip_ump_signals`: the `UMP_SEPARATOR` and the `UMPSignal`s after it) are not
 *   modelled: every entry of `upwardMessages` is an XCM message size.
 * - Rust iterates `outbound_hrmp` (a `HashMap`) in arbitrary order, so when several channels fail
 *   the reported one is arbitrary; the model iterates in ascending `ParaId` order.
 * - `UpgradeRestriction` has a single variant (`Present`) in the source; it is the string 'Present'.
 * - Error payloads are rendered into `detail` in the source's `Debug` form; nested errors
 *   (`OutputsInvalid(ModificationError)`) carry the inner rejection in `inner`.
 */
import { isOn } from '../ablation.ts';
import { OK, reject, type Accepted, type Rejection } from '../rule.ts';
import type {
  BlockNumber,
  CandidateCommitments,
  Hash,
  HeadData,
  ParaId,
  PersistedValidationData,
  RelayChainBlockInfo,
} from '../types.ts';

// ---------------------------------------------------------------------------------------------
// Data types
// ---------------------------------------------------------------------------------------------

/** `InboundHrmpLimitations`: an exhaustive set of all valid watermarks, sorted ascending. */
export interface InboundHrmpLimitations {
  readonly validWatermarks: readonly BlockNumber[];
}

/** `OutboundHrmpChannelLimitations`. */
export interface OutboundHrmpChannelLimitations {
  readonly bytesRemaining: number;
  readonly messagesRemaining: number;
}

/** `Constraints`: the valid inputs and outputs of the next parachain block (one para, one relay parent). */
export interface Constraints {
  /** The minimum relay-parent number accepted under these constraints. */
  readonly minRelayParentNumber: BlockNumber;
  readonly maxPovSize: number;
  /** The maximum new validation code size allowed, in bytes. */
  readonly maxCodeSize: number;
  readonly umpRemaining: number;
  readonly umpRemainingBytes: number;
  readonly maxUmpNumPerCandidate: number;
  /** Remaining DMP queue: only the sent-at block numbers. */
  readonly dmpRemainingMessages: readonly BlockNumber[];
  readonly hrmpInbound: InboundHrmpLimitations;
  /** Outbound HRMP channels by recipient `ParaId`. */
  readonly hrmpChannelsOut: Readonly<Record<ParaId, OutboundHrmpChannelLimitations>>;
  readonly maxHrmpNumPerCandidate: number;
  /** The required parent head data (by hash, see `spec/types.ts`). */
  readonly requiredParent: HeadData;
  readonly validationCodeHash: Hash;
  /** `Option<UpgradeRestriction>`; the only variant is `Present`. */
  readonly upgradeRestriction: 'Present' | null;
  /** Future validation code and the relay-parent number from which the upgrade applies. */
  readonly futureValidationCode: { readonly at: BlockNumber; readonly codeHash: Hash } | null;
}

/** `HrmpWatermarkUpdate`: `Head` (at the relay parent, always legal) or `Trunk` (behind it). */
export type HrmpWatermarkUpdate =
  | { readonly kind: 'Head'; readonly watermark: BlockNumber }
  | { readonly kind: 'Trunk'; readonly watermark: BlockNumber };

/** `OutboundHrmpChannelModification`. */
export interface OutboundHrmpChannelModification {
  readonly bytesSubmitted: number;
  readonly messagesSubmitted: number;
}

/** `ConstraintModifications`: what a candidate (or a chain of them) changes in the constraints. */
export interface ConstraintModifications {
  readonly requiredParent: HeadData | null;
  readonly hrmpWatermark: HrmpWatermarkUpdate | null;
  readonly outboundHrmp: Readonly<Record<ParaId, OutboundHrmpChannelModification>>;
  readonly umpMessagesSent: number;
  readonly umpBytesSent: number;
  readonly dmpMessagesProcessed: number;
  readonly codeUpgradeApplied: boolean;
}

/** `ModificationError` variants, in source order. */
export type ModificationErrorName =
  | 'DisallowedHrmpWatermark'
  | 'NoSuchHrmpChannel'
  | 'HrmpMessagesOverflow'
  | 'HrmpBytesOverflow'
  | 'UmpMessagesOverflow'
  | 'UmpBytesOverflow'
  | 'DmpMessagesUnderflow'
  | 'AppliedNonexistentCodeUpgrade';

/** `FragmentValidityError` variants, in source order (HeadDataTooLarge is not modelled). */
export type FragmentValidityErrorName =
  | 'ValidationCodeMismatch'
  | 'PersistedValidationDataMismatch'
  | 'OutputsInvalid'
  | 'CodeSizeTooLarge'
  | 'RelayParentTooOld'
  | 'DmpAdvancementRule'
  | 'UmpMessagesPerCandidateOverflow'
  | 'HrmpMessagesPerCandidateOverflow'
  | 'CodeUpgradeRestricted'
  | 'HrmpMessagesDescendingOrDuplicate';

export type ModificationRejection = Rejection<ModificationErrorName>;
/** A fragment rejection; `OutputsInvalid` carries the `ModificationError` in `inner`. */
export type FragmentValidityRejection = Rejection<FragmentValidityErrorName> & {
  readonly inner?: ModificationRejection;
};

export type ApplyResult = { readonly ok: true; readonly constraints: Constraints } | ModificationRejection;
export type FragmentResult =
  | { readonly ok: true; readonly modifications: ConstraintModifications }
  | FragmentValidityRejection;

/** The subset of a candidate the emulator looks at (`ProspectiveCandidate` without the PoV hash). */
export interface ProspectiveCandidate {
  readonly commitments: CandidateCommitments;
  readonly persistedValidationData: PersistedValidationData;
  readonly validationCodeHash: Hash;
}

// ---------------------------------------------------------------------------------------------
// ConstraintModifications
// ---------------------------------------------------------------------------------------------

/** `ConstraintModifications::identity`: applies to any constraints and changes nothing. */
export function identityModifications(): ConstraintModifications {
  return {
    requiredParent: null,
    hrmpWatermark: null,
    outboundHrmp: {},
    umpMessagesSent: 0,
    umpBytesSent: 0,
    dmpMessagesProcessed: 0,
    codeUpgradeApplied: false,
  };
}

/**
 * `ConstraintModifications::stack`: `other` on top of `base` (not commutative). Overwrites the
 * required parent and the watermark when `other` sets them, sums the counters, ORs the code upgrade.
 * No sanity checks, as in the source.
 */
export function stackModifications(base: ConstraintModifications, other: ConstraintModifications): ConstraintModifications {
  const outboundHrmp: Record<ParaId, OutboundHrmpChannelModification> = { ...base.outboundHrmp };
  for (const id of paraIdsOf(other.outboundHrmp)) {
    const mods = other.outboundHrmp[id]!;
    const record = outboundHrmp[id] ?? { bytesSubmitted: 0, messagesSubmitted: 0 };
    outboundHrmp[id] = {
      messagesSubmitted: record.messagesSubmitted + mods.messagesSubmitted,
      bytesSubmitted: record.bytesSubmitted + mods.bytesSubmitted,
    };
  }
  return {
    requiredParent: other.requiredParent ?? base.requiredParent,
    hrmpWatermark: other.hrmpWatermark ?? base.hrmpWatermark,
    outboundHrmp,
    umpMessagesSent: base.umpMessagesSent + other.umpMessagesSent,
    umpBytesSent: base.umpBytesSent + other.umpBytesSent,
    dmpMessagesProcessed: base.dmpMessagesProcessed + other.dmpMessagesProcessed,
    codeUpgradeApplied: base.codeUpgradeApplied || other.codeUpgradeApplied,
  };
}

/** Para ids of a channel map in ascending order (deviation: Rust iterates a `HashMap`). */
function paraIdsOf(map: Readonly<Record<ParaId, unknown>>): ParaId[] {
  return Object.keys(map)
    .map(Number)
    .sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------
// Constraints::check_modifications / apply_modifications
// ---------------------------------------------------------------------------------------------

/** `Constraints::check_modifications`: can these modifications be applied to these constraints? */
export function checkModifications(constraints: Constraints, modifications: ConstraintModifications): Accepted | ModificationRejection {
  // Verify a Trunk watermark lands on a block with inbound messages (Head updates are always valid):
  // stops a para from claiming it processed HRMP up to an arbitrary block.
  const watermark = modifications.hrmpWatermark;
  if (isOn('PP-01') && watermark !== null && watermark.kind === 'Trunk') {
    if (!constraints.hrmpInbound.validWatermarks.includes(watermark.watermark)) {
      return reject('PP-01', 'DisallowedHrmpWatermark', `DisallowedHrmpWatermark(${watermark.watermark})`);
    }
  }

  for (const id of paraIdsOf(modifications.outboundHrmp)) {
    const mod = modifications.outboundHrmp[id]!;
    const outbound = constraints.hrmpChannelsOut[id];
    if (isOn('PP-02')) {
      // Verify the outbound channel exists: messages to a para without an open channel cannot be queued.
      if (outbound === undefined) {
        return reject('PP-02', 'NoSuchHrmpChannel', `NoSuchHrmpChannel(${id})`);
      }
      // Verify the channel has room for the bytes, then for the messages (checked_sub in the source).
      if (outbound.bytesRemaining < mod.bytesSubmitted) {
        return reject('PP-02', 'HrmpBytesOverflow', hrmpBytesDetail(id, outbound, mod));
      }
      if (outbound.messagesRemaining < mod.messagesSubmitted) {
        return reject('PP-02', 'HrmpMessagesOverflow', hrmpMessagesDetail(id, outbound, mod));
      }
    }
  }

  if (isOn('PP-03')) {
    // Verify the UMP queue has room for the messages and the bytes: the relay chain bounds its queue.
    if (constraints.umpRemaining < modifications.umpMessagesSent) {
      return reject('PP-03', 'UmpMessagesOverflow', umpMessagesDetail(constraints.umpRemaining, modifications.umpMessagesSent));
    }
    if (constraints.umpRemainingBytes < modifications.umpBytesSent) {
      return reject('PP-03', 'UmpBytesOverflow', umpBytesDetail(constraints.umpRemainingBytes, modifications.umpBytesSent));
    }
  }

  // Verify no more DMP messages are processed than are queued.
  if (isOn('PP-04') && constraints.dmpRemainingMessages.length < modifications.dmpMessagesProcessed) {
    return reject('PP-04', 'DmpMessagesUnderflow', dmpDetail(constraints.dmpRemainingMessages.length, modifications.dmpMessagesProcessed));
  }

  // Verify a code upgrade is applied only if one is scheduled.
  if (isOn('PP-05') && constraints.futureValidationCode === null && modifications.codeUpgradeApplied) {
    return reject('PP-05', 'AppliedNonexistentCodeUpgrade', 'AppliedNonexistentCodeUpgrade');
  }

  return OK;
}

/**
 * `Constraints::apply_modifications`: the constraints a child of the modified chain must satisfy.
 * The same checks as `checkModifications`, applied while updating. `minRelayParentNumber` is not
 * changed by modifications.
 */
export function applyModifications(constraints: Constraints, modifications: ConstraintModifications): ApplyResult {
  let requiredParent = constraints.requiredParent;
  if (modifications.requiredParent !== null) {
    requiredParent = modifications.requiredParent;
  }

  let validWatermarks = constraints.hrmpInbound.validWatermarks;
  const watermark = modifications.hrmpWatermark;
  if (watermark !== null) {
    const { found, pos } = binarySearch(validWatermarks, watermark.watermark);
    if (found) {
      // Exact match: OK for Head and Trunk. stable2506 (PR #8860) keeps the matched watermark
      // (`drain(..pos)`), so the next candidate may keep the same watermark.
      validWatermarks = validWatermarks.slice(pos);
    } else if (watermark.kind === 'Head') {
      // Updates to Head are always OK.
      validWatermarks = validWatermarks.slice(pos);
    } else if (isOn('PP-01')) {
      // Verify a Trunk update lands on an allowed watermark.
      return reject('PP-01', 'DisallowedHrmpWatermark', `DisallowedHrmpWatermark(${watermark.watermark})`);
    } else {
      validWatermarks = validWatermarks.slice(pos);
    }
  }

  const hrmpChannelsOut: Record<ParaId, OutboundHrmpChannelLimitations> = { ...constraints.hrmpChannelsOut };
  for (const id of paraIdsOf(modifications.outboundHrmp)) {
    const mod = modifications.outboundHrmp[id]!;
    const outbound = hrmpChannelsOut[id];
    if (outbound === undefined) {
      // Verify the outbound channel exists.
      if (isOn('PP-02')) return reject('PP-02', 'NoSuchHrmpChannel', `NoSuchHrmpChannel(${id})`);
      continue;
    }
    if (isOn('PP-02')) {
      // Verify the channel has room for the bytes, then for the messages.
      if (outbound.bytesRemaining < mod.bytesSubmitted) {
        return reject('PP-02', 'HrmpBytesOverflow', hrmpBytesDetail(id, outbound, mod));
      }
      if (outbound.messagesRemaining < mod.messagesSubmitted) {
        return reject('PP-02', 'HrmpMessagesOverflow', hrmpMessagesDetail(id, outbound, mod));
      }
    }
    hrmpChannelsOut[id] = {
      bytesRemaining: outbound.bytesRemaining - mod.bytesSubmitted,
      messagesRemaining: outbound.messagesRemaining - mod.messagesSubmitted,
    };
  }

  if (isOn('PP-03')) {
    // Verify the UMP queue has room for the messages and the bytes.
    if (constraints.umpRemaining < modifications.umpMessagesSent) {
      return reject('PP-03', 'UmpMessagesOverflow', umpMessagesDetail(constraints.umpRemaining, modifications.umpMessagesSent));
    }
    if (constraints.umpRemainingBytes < modifications.umpBytesSent) {
      return reject('PP-03', 'UmpBytesOverflow', umpBytesDetail(constraints.umpRemainingBytes, modifications.umpBytesSent));
    }
  }
  const umpRemaining = constraints.umpRemaining - modifications.umpMessagesSent;
  const umpRemainingBytes = constraints.umpRemainingBytes - modifications.umpBytesSent;

  // Verify no more DMP messages are processed than are queued.
  if (isOn('PP-04') && modifications.dmpMessagesProcessed > constraints.dmpRemainingMessages.length) {
    return reject('PP-04', 'DmpMessagesUnderflow', dmpDetail(constraints.dmpRemainingMessages.length, modifications.dmpMessagesProcessed));
  }
  const dmpRemainingMessages = constraints.dmpRemainingMessages.slice(modifications.dmpMessagesProcessed);

  let validationCodeHash = constraints.validationCodeHash;
  let futureValidationCode = constraints.futureValidationCode;
  if (modifications.codeUpgradeApplied) {
    if (futureValidationCode === null) {
      // Verify a code upgrade is applied only if one is scheduled.
      if (isOn('PP-05')) return reject('PP-05', 'AppliedNonexistentCodeUpgrade', 'AppliedNonexistentCodeUpgrade');
    } else {
      validationCodeHash = futureValidationCode.codeHash;
      futureValidationCode = null;
    }
  }

  return {
    ok: true,
    constraints: {
      ...constraints,
      requiredParent,
      hrmpInbound: { validWatermarks },
      hrmpChannelsOut,
      umpRemaining,
      umpRemainingBytes,
      dmpRemainingMessages,
      validationCodeHash,
      futureValidationCode,
    },
  };
}

/** `slice::binary_search` on an ascending array: the index of `x`, or where it would be inserted. */
function binarySearch(sorted: readonly number[], x: number): { found: boolean; pos: number } {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === x) return { found: true, pos: mid };
    if (v < x) lo = mid + 1;
    else hi = mid;
  }
  return { found: false, pos: lo };
}

function hrmpBytesDetail(id: ParaId, outbound: OutboundHrmpChannelLimitations, mod: OutboundHrmpChannelModification): string {
  return `HrmpBytesOverflow { para_id: ${id}, bytes_remaining: ${outbound.bytesRemaining}, bytes_submitted: ${mod.bytesSubmitted} }`;
}
function hrmpMessagesDetail(id: ParaId, outbound: OutboundHrmpChannelLimitations, mod: OutboundHrmpChannelModification): string {
  return `HrmpMessagesOverflow { para_id: ${id}, messages_remaining: ${outbound.messagesRemaining}, messages_submitted: ${mod.messagesSubmitted} }`;
}
function umpMessagesDetail(remaining: number, submitted: number): string {
  return `UmpMessagesOverflow { messages_remaining: ${remaining}, messages_submitted: ${submitted} }`;
}
function umpBytesDetail(remaining: number, submitted: number): string {
  return `UmpBytesOverflow { bytes_remaining: ${remaining}, bytes_submitted: ${submitted} }`;
}
function dmpDetail(remaining: number, processed: number): string {
  return `DmpMessagesUnderflow { messages_remaining: ${remaining}, messages_processed: ${processed} }`;
}

// ---------------------------------------------------------------------------------------------
// Fragment::check_against_constraints
// ---------------------------------------------------------------------------------------------

/**
 * The constraint modifications a candidate makes (the first half of
 * `Fragment::check_against_constraints`). Fails only if the HRMP messages are not sorted by
 * recipient.
 */
export function computeFragmentModifications(
  relayParent: RelayChainBlockInfo,
  operatingConstraints: Constraints,
  commitments: CandidateCommitments,
): FragmentResult {
  const outboundHrmp: Record<ParaId, OutboundHrmpChannelModification> = {};
  let lastRecipient: ParaId | null = null;
  for (let i = 0; i < commitments.horizontalMessages.length; i++) {
    const message = commitments.horizontalMessages[i]!;
    // Verify HRMP messages are sorted by strictly ascending recipient: the runtime requires it, and
    // it makes the per-channel accounting unambiguous.
    if (isOn('PP-06') && lastRecipient !== null && lastRecipient >= message.recipient) {
      return reject('PP-06', 'HrmpMessagesDescendingOrDuplicate', `HrmpMessagesDescendingOrDuplicate(${i})`);
    }
    lastRecipient = message.recipient;
    const record = outboundHrmp[message.recipient] ?? { bytesSubmitted: 0, messagesSubmitted: 0 };
    outboundHrmp[message.recipient] = {
      bytesSubmitted: record.bytesSubmitted + message.bytes,
      messagesSubmitted: record.messagesSubmitted + 1,
    };
  }

  // Deviation: no UMP signals in the model (`skip_ump_signals` would drop the separator and signals).
  const umpMessagesSent = commitments.upwardMessages.length;
  const umpBytesSent = commitments.upwardMessages.reduce((sum, size) => sum + size, 0);

  const hrmpWatermark: HrmpWatermarkUpdate =
    commitments.hrmpWatermark === relayParent.number
      ? { kind: 'Head', watermark: commitments.hrmpWatermark }
      : { kind: 'Trunk', watermark: commitments.hrmpWatermark };

  const future = operatingConstraints.futureValidationCode;
  return {
    ok: true,
    modifications: {
      requiredParent: commitments.headData,
      hrmpWatermark,
      outboundHrmp,
      umpMessagesSent,
      umpBytesSent,
      dmpMessagesProcessed: commitments.processedDownwardMessages,
      codeUpgradeApplied: future !== null && relayParent.number >= future.at,
    },
  };
}

/** `validate_commitments`: the checks on the candidate's outputs that need no PVD. */
export function validateCommitments(
  constraints: Constraints,
  relayParent: RelayChainBlockInfo,
  commitments: CandidateCommitments,
  validationCodeHash: Hash,
): Accepted | FragmentValidityRejection {
  // Verify the candidate was executed with the para's current code: a candidate built with other
  // code would be rejected on chain (InvalidValidationCodeHash).
  if (isOn('PP-07') && constraints.validationCodeHash !== validationCodeHash) {
    return reject('PP-07', 'ValidationCodeMismatch', `ValidationCodeMismatch(${constraints.validationCodeHash}, ${validationCodeHash})`);
  }

  // (HeadDataTooLarge is checked here in the source; not modelled, head data has no size.)

  // Verify the relay parent is not older than the constraints allow: the runtime only accepts
  // relay parents inside its allowed-relay-parents window.
  if (isOn('PP-08') && relayParent.number < constraints.minRelayParentNumber) {
    return reject('PP-08', 'RelayParentTooOld', `RelayParentTooOld(${constraints.minRelayParentNumber}, ${relayParent.number})`);
  }

  // Verify no new code is announced while the relay chain signals an upgrade restriction.
  if (isOn('PP-09') && commitments.newValidationCode !== null && constraints.upgradeRestriction === 'Present') {
    return reject('PP-09', 'CodeUpgradeRestricted', 'CodeUpgradeRestricted');
  }

  // Verify the announced code fits `max_code_size`.
  const announcedCodeSize = commitments.newValidationCode?.size ?? 0;
  if (isOn('PP-10') && announcedCodeSize > constraints.maxCodeSize) {
    return reject('PP-10', 'CodeSizeTooLarge', `CodeSizeTooLarge(${constraints.maxCodeSize}, ${announcedCodeSize})`);
  }

  // Verify the number of HRMP messages fits the per-candidate limit.
  const hrmpCount = commitments.horizontalMessages.length;
  if (isOn('PP-11') && hrmpCount > constraints.maxHrmpNumPerCandidate) {
    return reject(
      'PP-11',
      'HrmpMessagesPerCandidateOverflow',
      `HrmpMessagesPerCandidateOverflow { messages_allowed: ${constraints.maxHrmpNumPerCandidate}, messages_submitted: ${hrmpCount} }`,
    );
  }

  return OK;
}

/** `validate_against_constraints`: `validate_commitments`, the PVD, DMP advancement, UMP count, outputs. */
export function validateAgainstConstraints(
  constraints: Constraints,
  relayParent: RelayChainBlockInfo,
  commitments: CandidateCommitments,
  persistedValidationData: PersistedValidationData,
  validationCodeHash: Hash,
  modifications: ConstraintModifications,
): Accepted | FragmentValidityRejection {
  const commitmentsVerdict = validateCommitments(constraints, relayParent, commitments, validationCodeHash);
  if (!commitmentsVerdict.ok) return commitmentsVerdict;

  // Verify the PVD is the one the relay chain will compute: parent head = required parent, the
  // relay parent's number and storage root, the current max PoV size. A candidate built on any
  // other context cannot be included (the runtime's ValidationDataHashMismatch).
  const expected: PersistedValidationData = {
    parentHead: constraints.requiredParent,
    relayParentNumber: relayParent.number,
    relayParentStorageRoot: relayParent.storageRoot,
    maxPovSize: constraints.maxPovSize,
  };
  if (isOn('PP-12') && !samePvd(expected, persistedValidationData)) {
    return reject(
      'PP-12',
      'PersistedValidationDataMismatch',
      `PersistedValidationDataMismatch(${JSON.stringify(expected)}, ${JSON.stringify(persistedValidationData)})`,
    );
  }

  // Verify the DMP advancement rule: if the oldest queued downward message was sent at or before
  // the relay parent, the candidate must process at least one message (the queue cannot stall).
  if (isOn('PP-13') && modifications.dmpMessagesProcessed === 0) {
    const first = constraints.dmpRemainingMessages[0];
    if (first !== undefined && first <= relayParent.number) {
      return reject('PP-13', 'DmpAdvancementRule', 'DmpAdvancementRule');
    }
  }

  // Verify the number of UMP messages fits the per-candidate limit.
  if (isOn('PP-14') && modifications.umpMessagesSent > constraints.maxUmpNumPerCandidate) {
    return reject(
      'PP-14',
      'UmpMessagesPerCandidateOverflow',
      `UmpMessagesPerCandidateOverflow { messages_allowed: ${constraints.maxUmpNumPerCandidate}, messages_submitted: ${commitments.upwardMessages.length} }`,
    );
  }

  const outputs = checkModifications(constraints, modifications);
  if (!outputs.ok) {
    return { ...reject(outputs.rule, 'OutputsInvalid', `OutputsInvalid(${outputs.detail ?? outputs.error})`), inner: outputs };
  }
  return OK;
}

/**
 * `Fragment::check_against_constraints` (also the body of `Fragment::new`): checks a candidate
 * against its operating constraints and returns the constraint modifications it makes.
 */
export function checkAgainstConstraints(
  relayParent: RelayChainBlockInfo,
  operatingConstraints: Constraints,
  commitments: CandidateCommitments,
  validationCodeHash: Hash,
  persistedValidationData: PersistedValidationData,
): FragmentResult {
  const built = computeFragmentModifications(relayParent, operatingConstraints, commitments);
  if (!built.ok) return built;
  const verdict = validateAgainstConstraints(
    operatingConstraints,
    relayParent,
    commitments,
    persistedValidationData,
    validationCodeHash,
    built.modifications,
  );
  if (!verdict.ok) return verdict;
  return built;
}

function samePvd(a: PersistedValidationData, b: PersistedValidationData): boolean {
  return (
    a.parentHead === b.parentHead &&
    a.relayParentNumber === b.relayParentNumber &&
    a.relayParentStorageRoot === b.relayParentStorageRoot &&
    a.maxPovSize === b.maxPovSize
  );
}
