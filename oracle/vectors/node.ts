/**
 * Conformance scenarios for the node-side rules (PP-nn, spec/node/rules.ts: prospective parachains
 * and the inclusion emulator): for each rule, one case each side of its boundary, with the
 * boundaries of polkadot-sdk's `fragment_chain/tests.rs` and prospective-parachains `tests.rs` where
 * the rule book cites them (polkadot-stable2506). How to write one: oracle/vectors/README.md.
 *
 * What is observable, and where:
 * - A `collation` verdict is `seconded: true` or the reason it was not, in polkadot-sdk's order: the
 *   candidate entry (PP-16, PP-17), candidate-backing's seconding sanity check (`SecondingAllowed::No`
 *   when no active leaf allows the relay parent, PP-41; else the first allowing leaf's
 *   hypothetical-membership error, PP-17..PP-25), statement-distribution's seconding limit
 *   (`ExcessiveSeconded`, PP-42). The inclusion emulator's errors (PP-01..PP-14) reach it through
 *   `check_potential`'s constraint check, as `CheckAgainstConstraints` (rule PP-24): the verdict does
 *   not carry the nested error, so these scenarios also recompute `can_add_candidate_as_potential` on
 *   the tip leaf's chain and require the nested rejection to be the rule's own
 *   (`expectEmulatorRefusal`). Switching the inner rule off turns the refusal into `seconded: true`.
 *   A relay parent outside every active leaf's scope is refused by candidate-backing before
 *   prospective-parachains is asked, so PP-19's own refusal shows in `hypotheticalMembership`.
 * - The projection's `node[para]` is the tip leaf's best chain and unconnected storage: fork choice
 *   (PP-22), the length bounds (PP-27, PP-35), chaining only backed candidates (PP-29), trimming
 *   (PP-30), reorganisation (PP-31), `populate_from_previous` (PP-33), and what a leaf built on a
 *   retained ancestor inherits from it (PP-19, PP-38: candidates are introduced under every relay
 *   parent in view).
 * - The queries `backableCandidates` (PP-32, PP-40), `hypotheticalMembership` (PP-18, PP-19, PP-34,
 *   PP-38), `minimumRelayParents` (PP-15, PP-40) and `prospectiveValidationData` (PP-39), answered
 *   at the active leaves while the view also keeps the chains of earlier leaves (so "active leaves
 *   only" differs from "every relay parent in view"); `relayParentsInView` (PP-36, PP-37: the
 *   implicit view's retain bound); `provisionerRequests` (PP-43).
 *
 * Rules whose vectors cannot change when the rule is switched off (accept case only, no input
 * reaches the refusal): PP-05 (code_upgrade_applied is derived from the future code), PP-08 (a
 * relay parent below the minimum is outside the scope, PP-19 refuses it first), PP-15 (the relay
 * chain hands the node contiguous ancestry), PP-26 (every collation is introduced seconded), PP-28
 * (forks of pending candidates are refused on admission, PP-21). PP-36 shows only with
 * scheduling_lookahead >= 4 (its reject case uses lookahead 5): below that, the retain bound
 * min(oldest ancestor, leaf - 2) is leaf - 2 with or without the previous session's ancestors.
 */
import { canAddCandidateAsPotential, createCandidateEntry, type FragmentChainRejection } from '../../spec/node/fragmentChain.ts';
import { chainInView } from '../../machines/network.ts';
import { defaultMessaging, messagingOf, paraGenesis, presetParams, validateParams, type MessagingParams, type ModelParams } from '../../spec/params.ts';
import type { Hash, ParaId } from '../../spec/types.ts';
import type { CandidateRef, Scenario, ScenarioStep } from './dsl.ts';
import { forRule, type VectorSpec } from './registry.ts';

// ---------------------------------------------------------------------------------------------
// Parameters

const POLKADOT = presetParams('polkadot');

/** The polkadot preset with other messaging limits (Westend's otherwise). */
function polkadotWith(name: string, messaging: Partial<MessagingParams>): ModelParams {
  return validateParams({ ...POLKADOT, name, messaging: { ...messagingOf(POLKADOT), ...messaging } });
}

/** Three paras on one core each, so that a candidate can message two recipients in ascending order. */
function threeParas(name: string, messaging: Partial<MessagingParams> = {}): ModelParams {
  const ids = [1000, 2000, 3000];
  return validateParams({
    ...POLKADOT,
    name,
    scheduler: { ...POLKADOT.scheduler, numCores: 3 },
    validators: 15,
    coreAssignment: ids,
    paras: ids.map(paraGenesis),
    messaging: { ...defaultMessaging(ids), ...messaging },
  });
}

/** One message of at most 1 KiB fills an HRMP channel (capacity 1, 1024 bytes). */
const HRMP_TIGHT = polkadotWith('node-hrmp-capacity-1', { hrmpChannelMaxCapacity: 1, hrmpChannelMaxTotalSize: 1024, hrmpChannelMaxMessageSize: 1024 });
/** Only the channel 2000 → 1000 is open. */
const HRMP_ONE_WAY = polkadotWith('node-hrmp-one-way', { hrmpChannels: [{ sender: 2000, recipient: 1000 }] });
/** The upward queue holds 3 messages and 300 bytes (messages of at most 100 bytes). */
const UMP_TIGHT = polkadotWith('node-ump-queue-3', { maxUpwardQueueCount: 3, maxUpwardQueueSize: 300, maxUpwardMessageSize: 100 });
const THREE_PARAS = threeParas('node-three-paras');
const THREE_PARAS_HRMP_1 = threeParas('node-three-paras-hrmp-1', { hrmpMaxMessageNumPerCandidate: 1 });
/** scheduling_lookahead 5 (ancestry 4): a leaf keeps more ancestors than leaf - 2. */
const LOOKAHEAD_5 = validateParams({ ...POLKADOT, name: 'node-polkadot-lookahead-5', asyncBacking: { ...POLKADOT.asyncBacking, allowedAncestryLen: 4 }, scheduler: { ...POLKADOT.scheduler, schedulingLookahead: 5 } });
/** The classic node bound: max_candidate_depth + 1 = 4 candidates (stable2409 and before). */
const CLASSIC = validateParams({ ...POLKADOT, name: 'node-polkadot-classic-bound', nodeChainBound: 'max-candidate-depth' });

/** Explicit candidate hashes where fork choice compares them (16 hex digits, the model's width). */
const LOW: Hash = '0000000000000001';
const HIGH: Hash = 'f000000000000000';

// ---------------------------------------------------------------------------------------------
// Helpers

/** The para's included head at the tip (not counting candidates pending availability). */
function includedHead(s: Scenario, para: ParaId): Hash {
  return s.block().runtime.paras[para]!.head;
}

function seconded(step: ScenarioStep): boolean {
  return step.verdict.type === 'collation' && step.verdict.seconded;
}

function bestChain(step: ScenarioStep, para: ParaId = 1000): readonly Hash[] {
  return step.state.node[String(para)]!.bestChain;
}

function unconnected(step: ScenarioStep, para: ParaId = 1000): readonly Hash[] {
  return step.state.node[String(para)]!.unconnected;
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * `can_add_candidate_as_potential` of a collated candidate on the tip leaf's chain, recomputed with
 * its nested error (the collation verdict names only the outer one). Null if it would be accepted.
 */
function potentialRefusal(s: Scenario, c: CandidateRef): FragmentChainRejection | null {
  const chain = chainInView(s.oracle.snapshot.network.view, s.tip, c.para);
  const entry = createCandidateEntry(c.candidate, c.pvd, 'Seconded');
  if (!chain || !entry.ok) return null;
  const v = canAddCandidateAsPotential(chain, entry.entry);
  return v.ok ? null : v;
}

/**
 * The decisive step is a collation the inclusion emulator refuses: `CheckAgainstConstraints`
 * (PP-24) whose nested rejection is `rule`'s `error` (for `OutputsInvalid`, the nested
 * `ModificationError`).
 */
function expectEmulatorRefusal(s: Scenario, c: CandidateRef, rule: string, error: string): void {
  const r = potentialRefusal(s, c);
  const inner = r?.inner;
  const nested = inner && 'inner' in inner && inner.inner ? inner.inner : inner;
  const holds = r !== null && r.error === 'CheckAgainstConstraints' && nested?.rule === rule && nested.error === error;
  const outputs = inner?.error === 'OutputsInvalid' ? `OutputsInvalid(${error})` : error;
  s.expect(`not seconded: CheckAgainstConstraints(${outputs}), ${rule} through check_potential (PP-24)`, (step) => holds && step.verdict.type === 'collation' && !step.verdict.seconded && step.verdict.error === 'CheckAgainstConstraints');
}

function expectSeconded(s: Scenario, what: string): void {
  s.expect(`seconded: ${what}`, seconded);
}

/** An upgrade of para 1000's code scheduled from a candidate included in block #3 (polkadot: applies from #5, restricted until #5). */
function includeCodeUpgrade(s: Scenario): void {
  s.advance(1);
  const a = s.collate(1000, { back: true, outputs: { newValidationCode: { hash: s.fresh('code'), size: 1024 } } });
  s.relay({ backed: [a] });
  s.relay({ available: [a] });
}

/** Para 2000 sends para 1000 one HRMP message, included in block #3 (its sent-at block). */
function includeHrmpMessageTo1000(s: Scenario): void {
  s.advance(1);
  const m = s.collate(2000, { back: true, outputs: { horizontalMessages: [{ recipient: 1000, bytes: 100 }] } });
  s.relay({ backed: [m] });
  s.relay({ available: [m] });
}

const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------

export const NODE_VECTORS: readonly VectorSpec[] = [
  // --- Inclusion emulator: Constraints::check_modifications -----------------------------------
  ...forRule('PP-01', [
    {
      case: 'accept',
      slug: 'trunk-watermark-on-a-block-with-messages',
      boundary: 'polkadot: para 1000 received an HRMP message sent in #3 (valid watermarks [3]); at leaf #4 a candidate with relay parent #4 and watermark 3 (Trunk) is seconded',
      params: 'polkadot',
      sdkTests: ['constraints_check_trunk_watermark'],
      build: (s) => {
        includeHrmpMessageTo1000(s);
        s.advance(1);
        s.collate(1000, { outputs: { hrmpWatermark: 3 } });
        expectSeconded(s, 'a Trunk watermark on a valid watermark');
      },
    },
    {
      case: 'reject',
      slug: 'trunk-watermark-on-a-block-without-messages',
      boundary: 'polkadot: valid watermarks [3]; at leaf #4 a candidate with relay parent #4 and watermark 2 (Trunk, no message sent in #2) is refused (DisallowedHrmpWatermark)',
      params: 'polkadot',
      sdkTests: ['constraints_disallowed_trunk_watermark'],
      build: (s) => {
        includeHrmpMessageTo1000(s);
        s.advance(1);
        const c = s.collate(1000, { outputs: { hrmpWatermark: 2 } });
        expectEmulatorRefusal(s, c, 'PP-01', 'DisallowedHrmpWatermark');
      },
    },
  ]),
  ...forRule('PP-01', [
    {
      case: 'accept',
      slug: 'head-watermark-without-inbound-messages',
      boundary: 'polkadot: para 1000 has no inbound HRMP (valid watermarks []); at leaf #4 a candidate with relay parent #4 and watermark 4 (Head) is seconded',
      params: 'polkadot',
      sdkTests: ['constraints_check_head_watermark'],
      build: (s) => {
        s.advance(4);
        s.collate(1000, { outputs: { hrmpWatermark: 4 } });
        expectSeconded(s, 'a Head watermark is always valid');
      },
    },
    {
      case: 'reject',
      slug: 'trunk-watermark-without-inbound-messages',
      boundary: 'polkadot: para 1000 has no inbound HRMP (valid watermarks []); at leaf #4 a candidate with relay parent #4 and watermark 3 (Trunk) is refused (DisallowedHrmpWatermark)',
      params: 'polkadot',
      sdkTests: ['constraints_disallowed_trunk_watermark'],
      build: (s) => {
        s.advance(4);
        const c = s.collate(1000, { outputs: { hrmpWatermark: 3 } });
        expectEmulatorRefusal(s, c, 'PP-01', 'DisallowedHrmpWatermark');
      },
    },
  ]),
  ...forRule('PP-02', [
    {
      case: 'accept',
      slug: 'hrmp-bytes-exactly-the-channel-room',
      boundary: 'channel 1000 → 2000 with 1024 bytes and 1 message of room: a candidate sending one message of 1024 bytes is seconded',
      params: HRMP_TIGHT,
      sdkTests: ['constraints_hrmp_bytes_overflow'],
      build: (s) => {
        s.advance(1);
        s.collate(1000, { outputs: { horizontalMessages: [{ recipient: 2000, bytes: 1024 }] } });
        expectSeconded(s, 'bytes_submitted 1024 = bytes_remaining 1024');
      },
    },
    {
      case: 'reject',
      slug: 'hrmp-bytes-one-over-the-channel-room',
      boundary: 'channel 1000 → 2000 with 1024 bytes of room: one message of 1025 bytes is refused (HrmpBytesOverflow)',
      params: HRMP_TIGHT,
      sdkTests: ['constraints_hrmp_bytes_overflow'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { outputs: { horizontalMessages: [{ recipient: 2000, bytes: 1025 }] } });
        expectEmulatorRefusal(s, c, 'PP-02', 'HrmpBytesOverflow');
      },
    },
    {
      case: 'reject',
      slug: 'hrmp-messages-over-the-channel-capacity',
      boundary: 'channel 1000 → 2000 with room for 1 message: A (backed, in the best chain) sends one; its child B sending one more is refused at its position (HrmpMessagesOverflow: 0 remaining)',
      params: HRMP_TIGHT,
      sdkTests: ['constraints_hrmp_messages_overflow'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true, outputs: { horizontalMessages: [{ recipient: 2000, bytes: 1 }] } });
        const b = s.collate(1000, { on: a, outputs: { horizontalMessages: [{ recipient: 2000, bytes: 1 }] } });
        expectEmulatorRefusal(s, b, 'PP-02', 'HrmpMessagesOverflow');
      },
    },
    {
      case: 'reject',
      slug: 'no-such-hrmp-channel',
      boundary: 'only the channel 2000 → 1000 is open: a candidate of para 1000 messaging para 2000 is refused (NoSuchHrmpChannel)',
      params: HRMP_ONE_WAY,
      sdkTests: ['constraints_no_such_hrmp_channel'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { outputs: { horizontalMessages: [{ recipient: 2000, bytes: 1 }] } });
        expectEmulatorRefusal(s, c, 'PP-02', 'NoSuchHrmpChannel');
      },
    },
  ]),
  ...forRule('PP-03', [
    {
      case: 'accept',
      slug: 'ump-count-and-bytes-exactly-the-queue-room',
      boundary: 'an empty upward queue of 3 messages and 300 bytes: a candidate sending 3 messages of 100 bytes is seconded',
      params: UMP_TIGHT,
      sdkTests: ['constraints_ump_messages_overflow', 'constraints_ump_bytes_overflow'],
      build: (s) => {
        s.advance(1);
        s.collate(1000, { outputs: { upwardMessages: [100, 100, 100] } });
        expectSeconded(s, 'ump_remaining 3 and ump_remaining_bytes 300 exactly used');
      },
    },
    {
      case: 'reject',
      slug: 'ump-count-one-over-the-queue-room',
      boundary: 'an empty upward queue of 3 messages: a candidate sending 4 messages (of 1 byte, within max_upward_message_num_per_candidate 5) is refused (UmpMessagesOverflow)',
      params: UMP_TIGHT,
      sdkTests: ['constraints_ump_messages_overflow'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { outputs: { upwardMessages: [1, 1, 1, 1] } });
        expectEmulatorRefusal(s, c, 'PP-03', 'UmpMessagesOverflow');
      },
    },
    {
      case: 'reject',
      slug: 'ump-bytes-one-over-the-queue-room',
      boundary: 'an empty upward queue of 300 bytes: a candidate sending 3 messages of 100, 100 and 101 bytes is refused (UmpBytesOverflow)',
      params: UMP_TIGHT,
      sdkTests: ['constraints_ump_bytes_overflow'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { outputs: { upwardMessages: [100, 100, 101] } });
        expectEmulatorRefusal(s, c, 'PP-03', 'UmpBytesOverflow');
      },
    },
  ]),
  ...forRule('PP-04', [
    {
      case: 'accept',
      slug: 'process-every-queued-downward-message',
      boundary: 'polkadot: one downward message queued in #2; at leaf #2 a candidate processing 1 message is seconded',
      params: 'polkadot',
      sdkTests: ['constraints_dmp_messages'],
      build: (s) => {
        s.advance(1);
        s.relay({ downward: [1000] });
        s.collate(1000, { outputs: { processedDownwardMessages: 1 } });
        expectSeconded(s, 'dmp_messages_processed 1 = 1 queued');
      },
    },
    {
      case: 'reject',
      slug: 'process-one-more-than-queued',
      boundary: 'polkadot: one downward message queued in #2; at leaf #2 a candidate processing 2 messages is refused (DmpMessagesUnderflow)',
      params: 'polkadot',
      sdkTests: ['constraints_dmp_messages'],
      build: (s) => {
        s.advance(1);
        s.relay({ downward: [1000] });
        const c = s.collate(1000, { outputs: { processedDownwardMessages: 2 } });
        expectEmulatorRefusal(s, c, 'PP-04', 'DmpMessagesUnderflow');
      },
    },
  ]),
  ...forRule('PP-05', [
    {
      case: 'accept',
      slug: 'scheduled-upgrade-applied-at-its-block',
      boundary:
        'polkadot: an upgrade included in #3 applies from relay parent #5; at leaf #5 a candidate with relay parent #5 applies it (code_upgrade_applied with future code present) and is seconded. No reject case: code_upgrade_applied is derived from the future code, so no candidate applies an upgrade that is not scheduled',
      params: 'polkadot',
      sdkTests: ['constraints_nonexistent_code_upgrade'],
      build: (s) => {
        includeCodeUpgrade(s);
        s.advance(2);
        s.collate(1000);
        expectSeconded(s, 'a scheduled code upgrade is applied at relay parent #5');
      },
    },
  ]),
  // --- Inclusion emulator: Fragment::check_against_constraints --------------------------------
  ...forRule('PP-06', [
    {
      case: 'accept',
      slug: 'hrmp-recipients-strictly-ascending',
      boundary: 'three paras: a candidate of para 1000 messaging 2000 then 3000 (strictly ascending) is seconded',
      params: THREE_PARAS,
      sdkTests: ['fragment_hrmp_messages_descending_or_duplicate'],
      build: (s) => {
        s.advance(1);
        s.collate(1000, { outputs: { horizontalMessages: [{ recipient: 2000, bytes: 10 }, { recipient: 3000, bytes: 10 }] } });
        expectSeconded(s, 'recipients 2000 < 3000');
      },
    },
    {
      case: 'reject',
      slug: 'hrmp-recipients-descending',
      boundary: 'three paras: a candidate of para 1000 messaging 3000 then 2000 is refused (HrmpMessagesDescendingOrDuplicate at index 1)',
      params: THREE_PARAS,
      sdkTests: ['fragment_hrmp_messages_descending_or_duplicate'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { outputs: { horizontalMessages: [{ recipient: 3000, bytes: 10 }, { recipient: 2000, bytes: 10 }] } });
        expectEmulatorRefusal(s, c, 'PP-06', 'HrmpMessagesDescendingOrDuplicate');
      },
    },
    {
      case: 'reject',
      slug: 'hrmp-recipient-duplicate',
      boundary: 'three paras: a candidate of para 1000 messaging 2000 twice is refused (HrmpMessagesDescendingOrDuplicate at index 1)',
      params: THREE_PARAS,
      sdkTests: ['fragment_hrmp_messages_descending_or_duplicate'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { outputs: { horizontalMessages: [{ recipient: 2000, bytes: 10 }, { recipient: 2000, bytes: 10 }] } });
        expectEmulatorRefusal(s, c, 'PP-06', 'HrmpMessagesDescendingOrDuplicate');
      },
    },
  ]),
  ...forRule('PP-07', [
    {
      case: 'accept',
      slug: 'current-validation-code',
      boundary: 'polkadot: at leaf #1 a candidate naming para 1000\'s current validation code hash is seconded',
      params: 'polkadot',
      sdkTests: ['fragment_validation_code_mismatch'],
      build: (s) => {
        s.advance(1);
        s.collate(1000);
        expectSeconded(s, 'validation_code_hash = the constraints\' validation_code_hash');
      },
    },
    {
      case: 'reject',
      slug: 'other-validation-code',
      boundary: 'polkadot: at leaf #1 a candidate naming another validation code hash is refused (ValidationCodeMismatch)',
      params: 'polkadot',
      sdkTests: ['fragment_validation_code_mismatch'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { descriptor: { validationCodeHash: s.fresh('other-code') } });
        expectEmulatorRefusal(s, c, 'PP-07', 'ValidationCodeMismatch');
      },
    },
  ]),
  ...forRule('PP-08', [
    {
      case: 'accept',
      slug: 'relay-parent-at-the-minimum',
      boundary:
        'polkadot (lookahead 3): at leaf #4 min_relay_parent_number is 2; a candidate with relay parent #2 is seconded. No reject case: a relay parent below the minimum is outside the scope, and check_potential refuses it first (RelayParentNotInScope, PP-19)',
      params: 'polkadot',
      sdkTests: ['fragment_relay_parent_too_old'],
      build: (s) => {
        s.advance(4);
        s.collate(1000, { relayParent: 2 });
        expectSeconded(s, 'relay parent #2 = min_relay_parent_number');
      },
    },
  ]),
  ...forRule('PP-09', [
    {
      case: 'accept',
      slug: 'new-code-once-the-cooldown-ended',
      boundary:
        'polkadot (validation_upgrade_cooldown 2): an upgrade included in #3 signals the restriction until #5; at leaf #5 (restriction lifted) a candidate announcing new code is seconded (the runtime would still refuse it while the first upgrade is pending, RT-24)',
      params: 'polkadot',
      sdkTests: ['fragment_code_upgrade_restricted'],
      build: (s) => {
        includeCodeUpgrade(s);
        s.advance(2);
        s.collate(1000, { outputs: { newValidationCode: { hash: s.fresh('code'), size: 1024 } } });
        expectSeconded(s, 'no upgrade restriction at leaf #5');
      },
    },
    {
      case: 'reject',
      slug: 'new-code-during-the-cooldown',
      boundary: 'polkadot: the restriction signalled in #3 lasts until #5; at leaf #4 a candidate announcing new code is refused (CodeUpgradeRestricted)',
      params: 'polkadot',
      sdkTests: ['fragment_code_upgrade_restricted'],
      build: (s) => {
        includeCodeUpgrade(s);
        s.advance(1);
        const c = s.collate(1000, { outputs: { newValidationCode: { hash: s.fresh('code'), size: 1024 } } });
        expectEmulatorRefusal(s, c, 'PP-09', 'CodeUpgradeRestricted');
      },
    },
  ]),
  ...forRule('PP-10', [
    {
      case: 'accept',
      slug: 'code-of-max-code-size',
      boundary: 'polkadot (max_code_size 3 MiB): a candidate announcing new code of 3145728 bytes is seconded',
      params: 'polkadot',
      sdkTests: ['fragment_code_size_too_large'],
      build: (s) => {
        s.advance(1);
        s.collate(1000, { outputs: { newValidationCode: { hash: s.fresh('code'), size: 3 * MiB } } });
        expectSeconded(s, 'code size = max_code_size');
      },
    },
    {
      case: 'reject',
      slug: 'code-one-byte-over-max-code-size',
      boundary: 'polkadot (max_code_size 3 MiB): new code of 3145729 bytes is refused (CodeSizeTooLarge)',
      params: 'polkadot',
      sdkTests: ['fragment_code_size_too_large'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { outputs: { newValidationCode: { hash: s.fresh('code'), size: 3 * MiB + 1 } } });
        expectEmulatorRefusal(s, c, 'PP-10', 'CodeSizeTooLarge');
      },
    },
  ]),
  ...forRule('PP-11', [
    {
      case: 'accept',
      slug: 'hrmp-messages-at-the-per-candidate-limit',
      boundary: 'three paras, hrmp_max_message_num_per_candidate 1: a candidate sending 1 HRMP message is seconded',
      params: THREE_PARAS_HRMP_1,
      sdkTests: ['fragment_hrmp_messages_overflow'],
      build: (s) => {
        s.advance(1);
        s.collate(1000, { outputs: { horizontalMessages: [{ recipient: 2000, bytes: 10 }] } });
        expectSeconded(s, '1 message = the per-candidate limit');
      },
    },
    {
      case: 'reject',
      slug: 'hrmp-messages-one-over-the-per-candidate-limit',
      boundary: 'three paras, hrmp_max_message_num_per_candidate 1: a candidate sending 2 messages (to 2000 and 3000, each channel with room) is refused (HrmpMessagesPerCandidateOverflow)',
      params: THREE_PARAS_HRMP_1,
      sdkTests: ['fragment_hrmp_messages_overflow'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { outputs: { horizontalMessages: [{ recipient: 2000, bytes: 10 }, { recipient: 3000, bytes: 10 }] } });
        expectEmulatorRefusal(s, c, 'PP-11', 'HrmpMessagesPerCandidateOverflow');
      },
    },
  ]),
  ...forRule('PP-12', [
    {
      case: 'accept',
      slug: 'pvd-of-the-relay-parent',
      boundary: 'polkadot: at leaf #1 a candidate whose PVD is {included head, #1, #1\'s storage root, max_pov_size 5 MiB} is seconded',
      params: 'polkadot',
      sdkTests: ['fragment_pvd_mismatch'],
      build: (s) => {
        s.advance(1);
        s.collate(1000);
        expectSeconded(s, 'the PVD the relay chain will compute');
      },
    },
    {
      case: 'reject',
      slug: 'pvd-max-pov-size-one-below',
      boundary: 'polkadot: a candidate whose PVD (hashed consistently into its descriptor) carries max_pov_size 5 MiB - 1 is refused (PersistedValidationDataMismatch)',
      params: 'polkadot',
      sdkTests: ['fragment_pvd_mismatch'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { pvd: { maxPovSize: POLKADOT.maxPovSize - 1 } });
        expectEmulatorRefusal(s, c, 'PP-12', 'PersistedValidationDataMismatch');
      },
    },
    {
      case: 'reject',
      slug: 'pvd-storage-root-of-another-block',
      boundary: 'polkadot: at leaf #2 a candidate with relay parent #2 whose PVD carries #1\'s storage root is refused (PersistedValidationDataMismatch)',
      params: 'polkadot',
      sdkTests: ['fragment_pvd_mismatch'],
      build: (s) => {
        s.advance(2);
        const c = s.collate(1000, { pvd: { relayParentStorageRoot: s.ancestor(1).storageRoot } });
        expectEmulatorRefusal(s, c, 'PP-12', 'PersistedValidationDataMismatch');
      },
    },
  ]),
  ...forRule('PP-13', [
    {
      case: 'accept',
      slug: 'relay-parent-before-the-oldest-downward-message',
      boundary: 'polkadot: a downward message sent in #4; at leaf #4 a candidate with relay parent #3 processing none is seconded (sent-at 4 > relay parent 3)',
      params: 'polkadot',
      sdkTests: ['fragment_dmp_advancement_rule'],
      build: (s) => {
        s.advance(3);
        s.relay({ downward: [1000] });
        s.collate(1000, { relayParent: 1 });
        expectSeconded(s, 'the oldest message was sent after the relay parent');
      },
    },
    {
      case: 'reject',
      slug: 'relay-parent-at-the-oldest-downward-message',
      boundary: 'polkadot: a downward message sent in #4; at leaf #4 a candidate with relay parent #4 processing none is refused (DmpAdvancementRule: sent-at 4 <= relay parent 4)',
      params: 'polkadot',
      sdkTests: ['fragment_dmp_advancement_rule'],
      build: (s) => {
        s.advance(3);
        s.relay({ downward: [1000] });
        const c = s.collate(1000);
        expectEmulatorRefusal(s, c, 'PP-13', 'DmpAdvancementRule');
      },
    },
  ]),
  ...forRule('PP-14', [
    {
      case: 'accept',
      slug: 'ump-messages-at-the-per-candidate-limit',
      boundary: 'polkadot (max_upward_message_num_per_candidate 5, queue room 8): a candidate sending 5 upward messages is seconded',
      params: 'polkadot',
      sdkTests: ['fragment_ump_messages_overflow'],
      build: (s) => {
        s.advance(1);
        s.collate(1000, { outputs: { upwardMessages: [1, 1, 1, 1, 1] } });
        expectSeconded(s, '5 messages = the per-candidate limit');
      },
    },
    {
      case: 'reject',
      slug: 'ump-messages-one-over-the-per-candidate-limit',
      boundary: 'polkadot (max_upward_message_num_per_candidate 5, queue room 8): a candidate sending 6 upward messages is refused (UmpMessagesPerCandidateOverflow)',
      params: 'polkadot',
      sdkTests: ['fragment_ump_messages_overflow'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { outputs: { upwardMessages: [1, 1, 1, 1, 1, 1] } });
        expectEmulatorRefusal(s, c, 'PP-14', 'UmpMessagesPerCandidateOverflow');
      },
    },
  ]),
  // --- Scope ----------------------------------------------------------------------------------------
  ...forRule('PP-15', [
    {
      case: 'accept',
      slug: 'contiguous-ancestry-down-to-the-minimum',
      boundary:
        'polkadot (lookahead 3): the scope at leaf #4 holds the contiguous ancestors #3, #2 down to min_relay_parent_number 2 (GetMinimumRelayParents answers 2 for both paras). No reject case: the relay chain always hands the node contiguous, newest-first ancestry',
      params: 'polkadot',
      sdkTests: ['scope_only_takes_ancestors_up_to_min'],
      build: (s) => {
        s.advance(4);
        s.apply({ type: 'minimumRelayParents' });
        s.expect('the minimum relay parent at leaf #4 is #2 for both paras', (step) => step.verdict.type === 'minimumRelayParents' && step.verdict.paras['1000'] === 2 && step.verdict.paras['2000'] === 2);
      },
    },
  ]),
  // --- Candidate entries ------------------------------------------------------------------------
  ...forRule('PP-16', [
    {
      case: 'accept',
      slug: 'pvd-matches-the-descriptor',
      boundary: 'polkadot: a collation whose PVD hashes to its descriptor\'s persisted_validation_data_hash is seconded',
      params: 'polkadot',
      sdkTests: ['candidate_storage_methods'],
      build: (s) => {
        s.advance(1);
        s.collate(1000);
        expectSeconded(s, 'hash(PVD) = persisted_validation_data_hash');
      },
    },
    {
      case: 'reject',
      slug: 'pvd-differs-from-the-descriptor',
      boundary: 'polkadot: a collation sent with the true PVD but whose descriptor commits to a PVD with max_pov_size + 1 is refused (PersistedValidationDataMismatch)',
      params: 'polkadot',
      sdkTests: ['candidate_storage_methods'],
      build: (s) => {
        s.advance(1);
        s.collate(1000, { descriptorPvd: { maxPovSize: POLKADOT.maxPovSize + 1 } });
        s.expectRejected('PP-16', { error: 'PersistedValidationDataMismatch' });
      },
    },
  ]),
  ...forRule('PP-17', [
    {
      case: 'accept',
      slug: 'output-differs-from-the-parent',
      boundary: 'polkadot: a candidate whose output head differs from its parent head (the included head) is seconded',
      params: 'polkadot',
      sdkTests: ['candidate_storage_methods'],
      build: (s) => {
        s.advance(1);
        s.collate(1000);
        expectSeconded(s, 'output head != parent head');
      },
    },
    {
      case: 'reject',
      slug: 'output-equals-the-parent',
      boundary:
        'polkadot: a candidate whose output head equals its parent head (the included head) is not seconded (CandidateEntry::new: ZeroLengthCycle; the oracle names every CandidateEntry error PersistedValidationDataMismatch, see machines/network.ts introduce)',
      params: 'polkadot',
      sdkTests: ['candidate_storage_methods'],
      build: (s) => {
        s.advance(1);
        const parent = includedHead(s, 1000);
        s.collate(1000, { head: parent });
        s.expect('not seconded: a zero-length cycle (CandidateEntryError::ZeroLengthCycle)', (step) => step.verdict.type === 'collation' && !step.verdict.seconded);
      },
    },
  ]),
  // --- Admission: can_add_candidate_as_potential / check_potential ---------------------------------
  ...forRule('PP-18', [
    {
      case: 'accept',
      slug: 'new-candidate',
      boundary: 'polkadot: a candidate no chain holds yet is admitted (seconded)',
      params: 'polkadot',
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(1);
        s.collate(1000);
        expectSeconded(s, 'not in the best chain nor the unconnected storage');
      },
    },
    {
      case: 'reject',
      slug: 'same-collation-again',
      boundary: 'polkadot: the same collation introduced a second time is refused (CandidateAlreadyKnown)',
      params: 'polkadot',
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000);
        s.apply({ type: 'collation', candidate: c.candidate, pvd: c.pvd });
        s.expectRejected('PP-18', { error: 'CandidateAlreadyKnown' });
      },
    },
    {
      case: 'reject',
      slug: 'known-candidate-in-the-best-chain',
      boundary:
        'polkadot: for A, backed and in the best chain, can_add_candidate_as_potential stops at CandidateAlreadyKnown, so hypothetical membership lists the leaf (without the check, check_potential would refuse A as MultiplePaths: its output is already in the chain)',
      params: 'polkadot',
      sdkTests: ['test_populate_and_check_potential', 'check_hypothetical_membership_query'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true });
        s.apply({ type: 'hypotheticalMembership', candidate: a.hash });
        s.expect('A (already known) is a hypothetical member of the tip leaf', (step) => step.verdict.type === 'hypotheticalMembership' && same(step.verdict.leaves, [s.tip]));
      },
    },
  ]),
  ...forRule('PP-19', [
    {
      case: 'accept',
      slug: 'oldest-relay-parent-in-scope',
      boundary: 'polkadot (lookahead 3): at leaf #4 (scope #4, #3, #2) a candidate with relay parent #2 is seconded',
      params: 'polkadot',
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(4);
        s.collate(1000, { relayParent: 2 });
        expectSeconded(s, 'relay parent #2 is the earliest in scope');
      },
    },
    {
      case: 'reject',
      slug: 'relay-parent-one-below-the-scope',
      boundary:
        'polkadot (lookahead 3): at leaf #4 (scope #4, #3, #2) GetHypotheticalMembership of a candidate with relay parent #1 is empty (can_add_candidate_as_potential: RelayParentNotInScope). A collation with that relay parent is refused before, by candidate-backing (SecondingAllowed::No, PP-41)',
      params: 'polkadot',
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(4);
        s.apply({ type: 'hypotheticalMembership', candidate: { para: 1000, hash: s.fresh('candidate'), relayParent: s.ancestor(3).hash, parentHead: includedHead(s, 1000) } });
        s.expect('a member of no leaf', (step) => step.verdict.type === 'hypotheticalMembership' && step.verdict.leaves.length === 0);
      },
    },
    {
      case: 'accept',
      slug: 'sync-backing-relay-parent-is-the-leaf',
      boundary: 'sync (lookahead 1, no ancestry): at leaf #2 a candidate with relay parent #2 is seconded',
      params: 'sync',
      sdkTests: ['backwards_compatible_with_non_async_backing_params'],
      build: (s) => {
        s.advance(2);
        s.collate(1000);
        expectSeconded(s, 'the leaf is the only relay parent in scope');
      },
    },
    {
      case: 'reject',
      slug: 'sync-backing-relay-parent-is-the-parent',
      boundary: 'sync (lookahead 1, no ancestry): at leaf #2 GetHypotheticalMembership of a candidate with relay parent #1 is empty (RelayParentNotInScope)',
      params: 'sync',
      sdkTests: ['backwards_compatible_with_non_async_backing_params'],
      build: (s) => {
        s.advance(2);
        s.apply({ type: 'hypotheticalMembership', candidate: { para: 1000, hash: s.fresh('candidate'), relayParent: s.ancestor(1).hash, parentHead: includedHead(s, 1000) } });
        s.expect('a member of no leaf', (step) => step.verdict.type === 'hypotheticalMembership' && step.verdict.leaves.length === 0);
      },
    },
    {
      case: 'reject',
      slug: 'not-carried-to-a-fork-that-does-not-have-the-relay-parent',
      boundary:
        'polkadot: at leaf #3 a candidate A with relay parent #3 is seconded and introduced under every relay parent in view; the chain kept at #2 refuses it (#3 is not in #2\'s scope), so a fork #3\' built on #2 does not hold A',
      params: 'polkadot',
      sdkTests: ['introduce_candidates_basic'],
      build: (s) => {
        s.advance(3);
        const a = s.collate(1000);
        s.relay({ parent: 1 });
        s.expect('leaf #3\' holds nothing of para 1000', (step) => step.verdict.type === 'relayBlock' && !bestChain(step).includes(a.hash) && !unconnected(step).includes(a.hash));
      },
    },
  ]),
  ...forRule('PP-20', [
    {
      case: 'accept',
      slug: 'relay-parent-equal-to-the-pending-one',
      boundary: 'polkadot: A (relay parent #3) is pending availability at leaf #4; an unconnected candidate with relay parent #3 is seconded',
      params: 'polkadot',
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(3);
        const a = s.collate(1000, { back: true });
        s.relay({ backed: [a] });
        s.collate(1000, { relayParent: 1, parentHead: s.fresh('unknown-head') });
        expectSeconded(s, 'relay parent #3 = the last pending candidate\'s');
      },
    },
    {
      case: 'reject',
      slug: 'relay-parent-before-the-pending-one',
      boundary: 'polkadot: A (relay parent #3) is pending availability at leaf #4; an unconnected candidate with relay parent #2 (in scope) is refused (RelayParentPrecedesCandidatePendingAvailability)',
      params: 'polkadot',
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(3);
        const a = s.collate(1000, { back: true });
        s.relay({ backed: [a] });
        s.collate(1000, { relayParent: 2, parentHead: s.fresh('unknown-head') });
        s.expectRejected('PP-20', { error: 'RelayParentPrecedesCandidatePendingAvailability' });
      },
    },
  ]),
  ...forRule('PP-21', [
    {
      case: 'accept',
      slug: 'child-of-the-pending-candidate',
      boundary: 'polkadot: A is pending availability at leaf #2; a candidate building on A\'s output is seconded',
      params: 'polkadot',
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true, hash: HIGH });
        s.relay({ backed: [a] });
        s.collate(1000, { on: a });
        expectSeconded(s, 'builds on the pending candidate');
      },
    },
    {
      case: 'reject',
      slug: 'fork-of-the-pending-candidate',
      boundary:
        'polkadot: A (hash f000…) is pending availability at leaf #2; a fork of A on the included head with the lower hash 0000…01 (which the fork selection rule would prefer) is refused (ForkWithCandidatePendingAvailability)',
      params: 'polkadot',
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true, hash: HIGH });
        s.relay({ backed: [a] });
        s.collate(1000, { parentHead: includedHead(s, 1000), hash: LOW });
        s.expectRejected('PP-21', { error: 'ForkWithCandidatePendingAvailability' });
      },
    },
  ]),
  ...forRule('PP-22', [
    {
      case: 'accept',
      slug: 'lower-hash-fork-wins',
      boundary: 'polkadot: A (hash f000…) is the best chain at leaf #1; its fork B (hash 0000…01) is seconded and, once backed, replaces A in the best chain',
      params: 'polkadot',
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(1);
        s.collate(1000, { back: true, hash: HIGH });
        const b = s.collate(1000, { hash: LOW });
        s.vote(b);
        s.expect('the best chain is [B]: the lower hash wins', (step) => same(bestChain(step), [LOW]));
      },
    },
    {
      case: 'reject',
      slug: 'higher-hash-fork-refused',
      boundary: 'polkadot: A (hash 0000…01) is the best chain at leaf #1; its fork B (hash f000…) is refused (ForkChoiceRule)',
      params: 'polkadot',
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(1);
        s.collate(1000, { back: true, hash: LOW });
        s.collate(1000, { hash: HIGH });
        s.expectRejected('PP-22', { error: 'ForkChoiceRule' });
      },
    },
  ]),
  ...forRule('PP-23', [
    {
      case: 'accept',
      slug: 'child-with-a-new-output',
      boundary: 'polkadot: A (included head → a) is the best chain at leaf #1; a child of A with a fresh output head is seconded',
      params: 'polkadot',
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true });
        s.collate(1000, { on: a });
        expectSeconded(s, 'no cycle, no second path');
      },
    },
    {
      case: 'reject',
      slug: 'child-returning-to-the-included-head',
      boundary: 'polkadot: A (included head h0 → a) is the best chain at leaf #1; a child of A outputting h0 again is refused (Cycle)',
      params: 'polkadot',
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true });
        s.collate(1000, { on: a, head: includedHead(s, 1000) });
        s.expectRejected('PP-23', { error: 'Cycle' });
      },
    },
    {
      case: 'reject',
      slug: 'fork-reaching-the-same-output',
      boundary: 'polkadot: A (hash f000…, h0 → a) is the best chain at leaf #1; a fork (hash 0000…01, the preferred one) also outputting a is refused (MultiplePaths)',
      params: 'polkadot',
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true, hash: HIGH });
        s.collate(1000, { parentHead: includedHead(s, 1000), head: a.head, hash: LOW });
        s.expectRejected('PP-23', { error: 'MultiplePaths' });
      },
    },
  ]),
  ...forRule('PP-24', [
    {
      case: 'accept',
      slug: 'child-within-the-constraints-after-its-parent',
      boundary: 'upward queue of 3 messages: A (in the best chain) sends 2; its child B sending 1 (the last one of room) is seconded',
      params: UMP_TIGHT,
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true, outputs: { upwardMessages: [1, 1] } });
        s.collate(1000, { on: a, outputs: { upwardMessages: [1] } });
        expectSeconded(s, 'ump_remaining after A is 1');
      },
    },
    {
      case: 'reject',
      slug: 'child-over-the-constraints-after-its-parent',
      boundary: 'upward queue of 3 messages: A (in the best chain) sends 2; its child B sending 2 is refused at its position (CheckAgainstConstraints: UmpMessagesOverflow, 1 remaining), though alone it would fit',
      params: UMP_TIGHT,
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true, outputs: { upwardMessages: [1, 1] } });
        const b = s.collate(1000, { on: a, outputs: { upwardMessages: [1, 1] } });
        expectEmulatorRefusal(s, b, 'PP-03', 'UmpMessagesOverflow');
      },
    },
  ]),
  ...forRule('PP-25', [
    {
      case: 'accept',
      slug: 'relay-parent-equal-to-the-parent-candidate',
      boundary: 'polkadot: at leaf #4 A (relay parent #3) is in the best chain; its child with relay parent #3 is seconded',
      params: 'polkadot',
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(4);
        const a = s.collate(1000, { relayParent: 1, back: true });
        s.collate(1000, { on: a, relayParent: 1 });
        expectSeconded(s, 'relay parent #3 = the parent candidate\'s');
      },
    },
    {
      case: 'reject',
      slug: 'relay-parent-before-the-parent-candidate',
      boundary: 'polkadot: at leaf #4 (scope down to #2) A (relay parent #3) is in the best chain; its child with relay parent #2 is refused (RelayParentMovedBackwards)',
      params: 'polkadot',
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(4);
        const a = s.collate(1000, { relayParent: 1, back: true });
        s.collate(1000, { on: a, relayParent: 2 });
        s.expectRejected('PP-25', { error: 'RelayParentMovedBackwards' });
      },
    },
  ]),
  ...forRule('PP-26', [
    {
      case: 'accept',
      slug: 'seconded-into-unconnected-storage',
      boundary:
        'polkadot: a seconded candidate is stored in the unconnected storage, not in the best chain, until it is backed. No reject case: the network introduces every collation as seconded (IntroduceBackedCandidate is unreachable through events)',
      params: 'polkadot',
      sdkTests: ['test_find_ancestor_path_and_find_backable_chain'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000);
        s.expect('the candidate is unconnected and the best chain empty', (step) => seconded(step) && same(unconnected(step), [c.hash]) && bestChain(step).length === 0);
      },
    },
  ]),
  // --- Building the best chain ----------------------------------------------------------------------
  ...forRule('PP-27', [
    {
      case: 'accept',
      slug: 'classic-chain-of-max-depth-plus-one',
      boundary: 'polkadot with the classic bound (max_candidate_depth 3): four backed candidates A → B → C → D are all in the best chain (4 = max_depth + 1)',
      params: CLASSIC,
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true });
        const b = s.collate(1000, { on: a, back: true });
        const c = s.collate(1000, { on: b, back: true });
        const d = s.collate(1000, { on: c, back: true });
        s.expect('the best chain is [A, B, C, D]', (step) => same(bestChain(step), [a.hash, b.hash, c.hash, d.hash]));
      },
    },
    {
      case: 'reject',
      slug: 'classic-fifth-candidate-stays-unconnected',
      boundary:
        'polkadot with the classic bound (max_candidate_depth 3): a fifth backed candidate E on D stays in the unconnected storage (the chain is full at 4); A and B have relay parent #1, C, D and E #2 (the classic seconding limit is also 4 per relay parent)',
      params: CLASSIC,
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(2);
        const a = s.collate(1000, { relayParent: 1, back: true });
        const b = s.collate(1000, { on: a, relayParent: 1, back: true });
        const c = s.collate(1000, { on: b, back: true });
        const d = s.collate(1000, { on: c, back: true });
        const e = s.collate(1000, { on: d, back: true });
        s.expect('the best chain is [A, B, C, D]; E is unconnected', (step) => same(bestChain(step), [a.hash, b.hash, c.hash, d.hash]) && same(unconnected(step), [e.hash]));
      },
    },
  ]),
  ...forRule('PP-28', [
    {
      case: 'accept',
      slug: 'pending-candidate-heads-the-chain',
      boundary:
        'polkadot: A, backed on chain in #2, heads the best chain at leaf #2 (pending availability); its backed child B follows it. No reject case: a fork of a pending candidate is refused on admission (PP-21) before fork choice could prefer it',
      params: 'polkadot',
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true });
        s.relay({ backed: [a] });
        const b = s.collate(1000, { on: a, back: true });
        s.expect('the best chain is [A (pending), B]', (step) => same(bestChain(step), [a.hash, b.hash]));
      },
    },
  ]),
  ...forRule('PP-29', [
    {
      case: 'accept',
      slug: 'backed-candidate-is-chained',
      boundary: 'polkadot: at leaf #1 a candidate reaching the backing threshold (2 votes of its group) joins the best chain',
      params: 'polkadot',
      sdkTests: ['test_find_ancestor_path_and_find_backable_chain'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000);
        s.vote(a);
        s.expect('the best chain is [A]', (step) => same(bestChain(step), [a.hash]));
      },
    },
    {
      case: 'reject',
      slug: 'seconded-candidate-is-not-chained',
      boundary: 'polkadot: A is seconded (no backing votes) at leaf #1; when leaf #2 is activated from #1\'s chain, A stays in the unconnected storage',
      params: 'polkadot',
      sdkTests: ['test_find_ancestor_path_and_find_backable_chain'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000);
        s.relay();
        s.expect('the best chain is empty; A is unconnected', (step) => bestChain(step).length === 0 && same(unconnected(step), [a.hash]));
      },
    },
  ]),
  ...forRule('PP-30', [
    {
      case: 'accept',
      slug: 'child-of-the-winning-fork-kept',
      boundary: 'polkadot: A (hash f000…) is backed, then its fork B (hash 0000…01) is backed and wins; B\'s seconded child B1 keeps its potential and stays stored, A is dropped',
      params: 'polkadot',
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true, hash: HIGH });
        const b = s.collate(1000, { hash: LOW });
        const b1 = s.collate(1000, { on: b });
        s.vote(b);
        s.expect('the best chain is [B]; B1 stays unconnected, A is gone', (step) => same(bestChain(step), [LOW]) && same(unconnected(step), [b1.hash]) && !unconnected(step).includes(a.hash));
      },
    },
    {
      case: 'reject',
      slug: 'child-of-the-losing-fork-dropped',
      boundary: 'polkadot: A (hash f000…) with a seconded child A1 is backed, then its fork B (hash 0000…01) is backed and wins; A loses the fork choice and A1 is dropped with it, though taken alone A1 (parent unknown) would still have potential',
      params: 'polkadot',
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true, hash: HIGH });
        s.collate(1000, { on: a });
        const b = s.collate(1000, { hash: LOW });
        s.vote(b);
        s.expect('the best chain is [B] and nothing is left unconnected', (step) => same(bestChain(step), [LOW]) && unconnected(step).length === 0);
      },
    },
  ]),
  ...forRule('PP-31', [
    {
      case: 'accept',
      slug: 'better-fork-below-the-second-candidate',
      boundary:
        'elastic (para 1000 on 3 cores: a chain of 3): A → B → C (cores 0, 1, 2; C hash f000…) is the best chain at leaf #1; a fork C2 of C (core 2, hash 0000…01, on B) is backed: the chain reverts to B and becomes A → B → C2 (C, the losing fork, is dropped)',
      params: 'elastic',
      sdkTests: ['test_populate_and_check_potential', 'test_find_ancestor_path_and_find_backable_chain'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { core: 0, back: true });
        const b = s.collate(1000, { on: a, core: 1, back: true });
        const c = s.collate(1000, { on: b, core: 2, back: true, hash: HIGH });
        const c2 = s.collate(1000, { on: b, core: 2, hash: LOW });
        s.vote(c2);
        s.expect('the best chain is [A, B, C2]; C is gone', (step) => same(bestChain(step), [a.hash, b.hash, c2.hash]) && !unconnected(step).includes(c.hash));
      },
    },
    {
      case: 'reject',
      slug: 'backed-candidate-with-an-unknown-parent',
      boundary: 'elastic: A → B → C (cores 0, 1, 2) is the best chain at leaf #1; backing X (core 0), whose parent head no chain knows, reverts nothing: X stays unconnected and the chain is unchanged',
      params: 'elastic',
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { core: 0, back: true });
        const b = s.collate(1000, { on: a, core: 1, back: true });
        const c = s.collate(1000, { on: b, core: 2, back: true });
        const x = s.collate(1000, { parentHead: s.fresh('unknown-head'), core: 0 });
        s.vote(x);
        s.expect('the best chain is still [A, B, C]; X is unconnected', (step) => same(bestChain(step), [a.hash, b.hash, c.hash]) && same(unconnected(step), [x.hash]));
      },
    },
  ]),
  ...forRule('PP-32', [
    {
      case: 'accept',
      slug: 'backable-after-the-pending-ancestor',
      boundary: 'polkadot: at leaf #2 the best chain is [A (pending availability), B]; GetBackableCandidates(count 1, ancestors [A]) answers [B]',
      params: 'polkadot',
      sdkTests: ['test_find_ancestor_path_and_find_backable_chain'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true });
        s.relay({ backed: [a] });
        const b = s.collate(1000, { on: a, back: true });
        s.apply({ type: 'backableCandidates', para: 1000, count: 1, ancestors: [a.hash] });
        s.expect('the backable candidates are [B]', (step) => step.verdict.type === 'backableCandidates' && same(step.verdict.candidates, [b.hash]));
      },
    },
    {
      case: 'reject',
      slug: 'pending-candidate-not-offered',
      boundary: 'polkadot: at leaf #2 the best chain is [A (pending availability), B]; GetBackableCandidates(count 2, no ancestors) answers [] (it stops at A, already on chain)',
      params: 'polkadot',
      sdkTests: ['test_find_ancestor_path_and_find_backable_chain'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true });
        s.relay({ backed: [a] });
        s.collate(1000, { on: a, back: true });
        s.apply({ type: 'backableCandidates', para: 1000, count: 2 });
        s.expect('no backable candidates', (step) => step.verdict.type === 'backableCandidates' && step.verdict.candidates.length === 0);
      },
    },
  ]),
  ...forRule('PP-33', [
    {
      case: 'accept',
      slug: 'included-candidate-not-carried-over',
      boundary: 'polkadot: A is pending availability at leaf #2 and included in #3; leaf #3 (activated from #2\'s chain) holds neither A in its chain nor in its storage',
      params: 'polkadot',
      sdkTests: ['test_populate_and_check_potential', 'init_and_populate_from_empty'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true });
        s.relay({ backed: [a] });
        s.relay({ available: [a] });
        s.expect('A is included and leaf #3\'s chain and storage are empty', (step) => step.verdict.type === 'relayBlock' && step.verdict.included.includes(a.hash) && bestChain(step).length === 0 && unconnected(step).length === 0);
      },
    },
    {
      case: 'reject',
      slug: 'backed-candidate-carried-over',
      boundary: 'polkadot: A is backed (in the best chain, not pending) at leaf #1; leaf #2, activated from #1\'s chain, has A in its best chain',
      params: 'polkadot',
      sdkTests: ['test_populate_and_check_potential'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true });
        s.relay();
        s.expect('the best chain at leaf #2 is [A]', (step) => same(bestChain(step), [a.hash]));
      },
    },
  ]),
  ...forRule('PP-34', [
    {
      case: 'accept',
      slug: 'known-candidate-is-a-member',
      boundary: 'polkadot: A (relay parent #1, seconded) is stored at leaf #3 (scope down to #1); hypothetical membership of A lists leaf #3 (CandidateAlreadyKnown counts as membership)',
      params: 'polkadot',
      sdkTests: ['check_hypothetical_membership_query'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000);
        s.advance(2);
        s.apply({ type: 'hypotheticalMembership', candidate: a.hash });
        s.expect('A is a hypothetical member of leaf #3', (step) => step.verdict.type === 'hypotheticalMembership' && same(step.verdict.leaves, [s.tip]));
      },
    },
    {
      case: 'reject',
      slug: 'relay-parent-left-the-scope',
      boundary: 'polkadot: A (relay parent #1, seconded) at leaf #4 (scope down to #2): hypothetical membership of A is empty (RelayParentNotInScope)',
      params: 'polkadot',
      sdkTests: ['check_hypothetical_membership_query'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000);
        s.advance(3);
        s.apply({ type: 'hypotheticalMembership', candidate: a.hash });
        s.expect('A is a member of no leaf', (step) => step.verdict.type === 'hypotheticalMembership' && step.verdict.leaves.length === 0);
      },
    },
  ]),
  // --- stable2506: claim-queue bound, leaf activation, view queries --------------------------------
  ...forRule('PP-35', [
    {
      case: 'accept',
      slug: 'three-cores-chain-three',
      boundary: 'elastic (para 1000 claims 3 distinct cores): three backed candidates A → B → C are all in the best chain (max_backable_len 3)',
      params: 'elastic',
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true });
        const b = s.collate(1000, { on: a, back: true });
        const c = s.collate(1000, { on: b, back: true });
        s.expect('the best chain is [A, B, C]', (step) => same(bestChain(step), [a.hash, b.hash, c.hash]));
      },
    },
    {
      case: 'reject',
      slug: 'one-core-chains-one',
      boundary: 'polkadot (para 1000 claims 1 core, 3 claims deep): A is in the best chain; its backed child B stays unconnected (max_backable_len 1, not 3)',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true });
        const b = s.collate(1000, { on: a, back: true });
        s.expect('the best chain is [A]; B is unconnected', (step) => same(bestChain(step), [a.hash]) && same(unconnected(step), [b.hash]));
      },
    },
    {
      case: 'reject',
      slug: 'three-cores-fourth-unconnected',
      boundary: 'elastic (3 distinct cores, 9 claims): A → B → C (cores 0, 1, 2) fill the best chain; a fourth backed candidate D (core 0) stays unconnected',
      params: 'elastic',
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { core: 0, back: true });
        const b = s.collate(1000, { on: a, core: 1, back: true });
        const c = s.collate(1000, { on: b, core: 2, back: true });
        const d = s.collate(1000, { on: c, core: 0, back: true });
        s.expect('the best chain is [A, B, C]; D is unconnected', (step) => same(bestChain(step), [a.hash, b.hash, c.hash]) && same(unconnected(step), [d.hash]));
      },
    },
  ]),
  ...forRule('PP-36', [
    {
      case: 'accept',
      slug: 'relay-parent-in-the-new-session',
      boundary: 'polkadot: block #5 ends session 0; at leaf #7 (session 1) a candidate with relay parent #6 (session 1) is seconded',
      params: 'polkadot',
      sdkTests: ['uses_ancestry_only_within_session'],
      build: (s) => {
        s.advance(4);
        s.relay({ endsSession: true });
        s.advance(2);
        s.collate(1000, { relayParent: 1 });
        expectSeconded(s, 'relay parent #6 is in the leaf\'s session');
      },
    },
    {
      case: 'reject',
      slug: 'ancestors-of-the-previous-session-not-retained',
      boundary:
        'lookahead 5 (ancestry 4): block #5 ends session 0; leaf #6, the first of session 1, has one ancestor (#5, whose child is in session 1; #4\'s is not): its retain bound is min(5, 6 - 2) = 4, so once #5 is deactivated the view keeps #4, #5, #6 only (with #2..#5 as ancestors it would keep #2 and #3 too)',
      params: LOOKAHEAD_5,
      sdkTests: ['uses_ancestry_only_within_session'],
      build: (s) => {
        s.advance(4);
        s.relay({ endsSession: true });
        s.relay();
        const kept = [s.ancestor(2).hash, s.ancestor(1).hash, s.tip].sort();
        s.apply({ type: 'relayParentsInView' });
        s.expect('relay parents in view: #4, #5, #6', (step) => step.verdict.type === 'relayParentsInView' && same(step.verdict.relayParents, kept));
      },
    },
  ]),
  ...forRule('PP-37', [
    {
      case: 'accept',
      slug: 'retained-down-to-leaf-minus-two',
      boundary: 'polkadot (lookahead 3): at leaf #3 (ancestors #2, #1) the view keeps #1, #2, #3: #3\'s retain bound is min(1, 3 - 2) = 1, and #0 was pruned when #2 was deactivated',
      params: 'polkadot',
      sdkTests: ['handle_active_leaves_update_bounded_implicit_view'],
      build: (s) => {
        s.advance(3);
        const kept = [s.ancestor(2).hash, s.ancestor(1).hash, s.tip].sort();
        s.apply({ type: 'relayParentsInView' });
        s.expect('relay parents in view: #1, #2, #3; active leaves: #3', (step) => step.verdict.type === 'relayParentsInView' && same(step.verdict.relayParents, kept) && same(step.verdict.activeLeaves, [s.tip]));
      },
    },
    {
      case: 'reject',
      slug: 'pruned-below-the-retain-bound',
      boundary: 'polkadot (lookahead 3): leaf #4 is activated and #3 deactivated; #1 is below the remaining leaf\'s bound min(2, 4 - 2) = 2 and is pruned with its chains: the view keeps #2, #3, #4',
      params: 'polkadot',
      sdkTests: ['handle_active_leaves_update_bounded_implicit_view'],
      build: (s) => {
        s.advance(4);
        const kept = [s.ancestor(2).hash, s.ancestor(1).hash, s.tip].sort();
        s.apply({ type: 'relayParentsInView' });
        s.expect('relay parents in view: #2, #3, #4', (step) => step.verdict.type === 'relayParentsInView' && same(step.verdict.relayParents, kept));
      },
    },
    {
      case: 'reject',
      slug: 'pruned-relay-parent-not-rebuilt-by-a-fork',
      boundary:
        'polkadot (lookahead 3): after leaf #4 (#1 pruned), a fork #3\' on #2 is activated; its ancestry #2, #1 puts #1 back into the implicit view\'s storage, but #1\'s chains, dropped with it, are not rebuilt: the view keeps #2, #3, #4, #3\'',
      params: 'polkadot',
      sdkTests: ['handle_active_leaves_update_bounded_implicit_view'],
      build: (s) => {
        s.advance(4);
        const main = [s.ancestor(2).hash, s.ancestor(1).hash, s.tip];
        s.relay({ parent: 2 });
        const kept = [...main, s.tip].sort();
        s.apply({ type: 'relayParentsInView' });
        s.expect('relay parents in view: #2, #3, #4, #3\'', (step) => step.verdict.type === 'relayParentsInView' && same(step.verdict.relayParents, kept));
      },
    },
  ]),
  ...forRule('PP-38', [
    {
      case: 'accept',
      slug: 'carried-over-to-a-fork-on-a-retained-ancestor',
      boundary:
        'polkadot: at leaf #3 a candidate A with relay parent #2 is seconded and introduced under every relay parent in view, the former leaf #2 included (its scope #0..#2 has #2); a fork #3\' built on #2 is populated from #2\'s chain and holds A (introduced under the active leaf only, it would not)',
      params: 'polkadot',
      sdkTests: ['introduce_candidates_basic'],
      build: (s) => {
        s.advance(3);
        const a = s.collate(1000, { relayParent: 1 });
        s.relay({ parent: 1 });
        s.expect('leaf #3\' holds A, unconnected', (step) => step.verdict.type === 'relayBlock' && same(unconnected(step), [a.hash]));
      },
    },
    {
      case: 'accept',
      slug: 'introduced-under-both-forks',
      boundary: 'polkadot: leaves #2 and #2\' are siblings on #1; a candidate with relay parent #1 is introduced under both (hypothetical membership lists both leaves)',
      params: 'polkadot',
      sdkTests: ['introduce_candidates_basic'],
      build: (s) => {
        s.advance(2);
        const other = s.ancestor(0).hash;
        s.relay({ parent: 1 });
        const c = s.collate(1000, { relayParent: 1 });
        s.apply({ type: 'hypotheticalMembership', candidate: c.hash });
        s.expect('a member of both leaves', (step) => step.verdict.type === 'hypotheticalMembership' && same(step.verdict.leaves, [other, s.tip].sort()));
      },
    },
    {
      case: 'reject',
      slug: 'relay-parent-on-one-fork-only',
      boundary: 'polkadot: leaves #2 and #2\' are siblings on #1; a candidate with relay parent #2\' is seconded under #2\' only (hypothetical membership lists one leaf)',
      params: 'polkadot',
      sdkTests: ['introduce_candidates_basic'],
      build: (s) => {
        s.advance(2);
        s.relay({ parent: 1 });
        const c = s.collate(1000);
        s.apply({ type: 'hypotheticalMembership', candidate: c.hash });
        s.expect('a member of leaf #2\' only', (step) => step.verdict.type === 'hypotheticalMembership' && same(step.verdict.leaves, [s.tip]));
      },
    },
  ]),
  ...forRule('PP-39', [
    {
      case: 'accept',
      slug: 'pvd-for-the-oldest-relay-parent-in-scope',
      boundary: 'polkadot: at leaf #4 (scope down to #2) GetProspectiveValidationData(para 1000, relay parent #2, the included head) answers {included head, 2, #2\'s storage root, 5 MiB}',
      params: 'polkadot',
      sdkTests: ['check_pvd_query'],
      build: (s) => {
        s.advance(4);
        const rp = s.ancestor(2);
        const head = includedHead(s, 1000);
        s.apply({ type: 'prospectiveValidationData', para: 1000, relayParent: rp.hash, parentHead: head });
        s.expect('the PVD of relay parent #2', (step) => {
          const v = step.verdict;
          return v.type === 'prospectiveValidationData' && v.pvd !== null && v.pvd.parentHead === head && v.pvd.relayParentNumber === 2 && v.pvd.relayParentStorageRoot === rp.storageRoot && v.pvd.maxPovSize === POLKADOT.maxPovSize;
        });
      },
    },
    {
      case: 'reject',
      slug: 'no-pvd-for-a-relay-parent-out-of-scope',
      boundary: 'polkadot: at leaf #4 (scope down to #2) GetProspectiveValidationData for relay parent #1 answers nothing',
      params: 'polkadot',
      sdkTests: ['check_pvd_query'],
      build: (s) => {
        s.advance(4);
        s.apply({ type: 'prospectiveValidationData', para: 1000, relayParent: s.ancestor(3).hash, parentHead: includedHead(s, 1000) });
        s.expect('no PVD', (step) => step.verdict.type === 'prospectiveValidationData' && step.verdict.pvd === null);
      },
    },
    {
      case: 'reject',
      slug: 'no-pvd-for-an-unknown-parent-head',
      boundary: 'polkadot: at leaf #4 GetProspectiveValidationData for relay parent #4 and a parent head no chain knows answers nothing',
      params: 'polkadot',
      sdkTests: ['check_pvd_query'],
      build: (s) => {
        s.advance(4);
        s.apply({ type: 'prospectiveValidationData', para: 1000, relayParent: s.tip, parentHead: s.fresh('unknown-head') });
        s.expect('no PVD', (step) => step.verdict.type === 'prospectiveValidationData' && step.verdict.pvd === null);
      },
    },
  ]),
  ...forRule('PP-40', [
    {
      case: 'accept',
      slug: 'minimum-relay-parents-at-the-leaf',
      boundary: 'polkadot: GetMinimumRelayParents(leaf #4) answers #2 for paras 1000 and 2000',
      params: 'polkadot',
      sdkTests: ['correctly_updates_leaves'],
      build: (s) => {
        s.advance(4);
        s.apply({ type: 'minimumRelayParents' });
        s.expect('{1000: 2, 2000: 2}', (step) => step.verdict.type === 'minimumRelayParents' && step.verdict.paras['1000'] === 2 && step.verdict.paras['2000'] === 2);
      },
    },
    {
      case: 'reject',
      slug: 'minimum-relay-parents-at-a-former-leaf',
      boundary: 'polkadot: GetMinimumRelayParents(#3), asked at leaf #4 (#3 is no longer an active leaf), answers nothing',
      params: 'polkadot',
      sdkTests: ['correctly_updates_leaves'],
      build: (s) => {
        s.advance(4);
        s.apply({ type: 'minimumRelayParents', leaf: s.ancestor(1).hash });
        s.expect('no paras', (step) => step.verdict.type === 'minimumRelayParents' && Object.keys(step.verdict.paras).length === 0);
      },
    },
    {
      case: 'accept',
      slug: 'backable-at-the-leaf',
      boundary: 'polkadot: A is backed at leaf #1 and carried over to leaf #2; GetBackableCandidates(leaf #2, count 1) answers [A]',
      params: 'polkadot',
      sdkTests: ['check_backable_query_single_candidate'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true });
        s.relay();
        s.apply({ type: 'backableCandidates', para: 1000, count: 1 });
        s.expect('[A]', (step) => step.verdict.type === 'backableCandidates' && same(step.verdict.candidates, [a.hash]));
      },
    },
    {
      case: 'reject',
      slug: 'backable-at-a-former-leaf',
      boundary: 'polkadot: A is backed at leaf #1; once leaf #2 is activated, GetBackableCandidates(leaf #1, count 1) answers nothing',
      params: 'polkadot',
      sdkTests: ['check_backable_query_single_candidate'],
      build: (s) => {
        s.advance(1);
        s.collate(1000, { back: true });
        const former = s.tip;
        s.relay();
        s.apply({ type: 'backableCandidates', para: 1000, count: 1, leaf: former });
        s.expect('no backable candidates', (step) => step.verdict.type === 'backableCandidates' && step.verdict.candidates.length === 0);
      },
    },
  ]),
  // --- candidate-backing, statement-distribution, provisioner -------------------------------------
  ...forRule('PP-41', [
    {
      case: 'accept',
      slug: 'relay-parent-allowed-under-the-leaf',
      boundary: 'polkadot (lookahead 3): at leaf #4 the para\'s allowed relay parents are #4, #3, #2 (down to GetMinimumRelayParents = 2); a candidate with relay parent #2 is seconded',
      params: 'polkadot',
      sdkTests: ['seconding_sanity_check_allowed_on_at_least_one_leaf'],
      build: (s) => {
        s.advance(4);
        s.collate(1000, { relayParent: 2 });
        expectSeconded(s, 'leaf #4 allows relay parent #2');
      },
    },
    {
      case: 'reject',
      slug: 'relay-parent-allowed-under-no-leaf',
      boundary: 'polkadot (lookahead 3): at leaf #4 a candidate with relay parent #1 is not seconded: no active leaf allows #1, so candidate-backing asks prospective-parachains nothing (SecondingAllowed::No)',
      params: 'polkadot',
      sdkTests: ['seconding_sanity_check_disallowed'],
      build: (s) => {
        s.advance(4);
        s.collate(1000, { relayParent: 3 });
        s.expectRejected('PP-41', { error: 'SecondingAllowed::No' });
      },
    },
    {
      case: 'accept',
      slug: 'allowed-under-one-of-two-leaves',
      boundary: 'polkadot: leaves #2 and #2\' are siblings on #1; a candidate with relay parent #2\' is allowed under #2\' only and seconded there',
      params: 'polkadot',
      sdkTests: ['seconding_sanity_check_allowed_on_at_least_one_leaf'],
      build: (s) => {
        s.advance(2);
        s.relay({ parent: 1 });
        s.collate(1000);
        expectSeconded(s, 'leaf #2\' allows its own relay parent');
      },
    },
  ]),
  ...forRule('PP-42', [
    {
      case: 'accept',
      slug: 'third-seconded-at-a-relay-parent',
      boundary: 'polkadot (claim queue [1000, 1000, 1000] on core 0: seconding limit 3): at leaf #1 three candidates A → B → C with relay parent #1 on core 0 are seconded, the third within the limit',
      params: 'polkadot',
      sdkTests: ['ensure_seconding_limit_is_respected'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000);
        const b = s.collate(1000, { on: a });
        s.collate(1000, { on: b });
        expectSeconded(s, 'the third Seconded statement at #1');
      },
    },
    {
      case: 'reject',
      slug: 'fourth-refused-at-a-relay-parent',
      boundary: 'polkadot (seconding limit 3): at leaf #1, after A → B → C with relay parent #1 on core 0, a fourth D on C is refused: the group of core 0 has issued 3 Seconded statements at #1 (ExcessiveSeconded)',
      params: 'polkadot',
      sdkTests: ['ensure_seconding_limit_is_respected'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000);
        const b = s.collate(1000, { on: a });
        const c = s.collate(1000, { on: b });
        s.collate(1000, { on: c });
        s.expectRejected('PP-42', { error: 'ExcessiveSeconded' });
      },
    },
    {
      case: 'accept',
      slug: 'limit-is-per-relay-parent',
      boundary: 'polkadot (seconding limit 3): after A → B → C with relay parent #1, leaf #2 is activated; a fourth candidate D on C with relay parent #2 is seconded (the limit counts per relay parent)',
      params: 'polkadot',
      sdkTests: ['ensure_seconding_limit_is_respected'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000);
        const b = s.collate(1000, { on: a });
        const c = s.collate(1000, { on: b });
        s.relay();
        s.collate(1000, { on: c });
        expectSeconded(s, 'the first Seconded statement at #2');
      },
    },
  ]),
  ...forRule('PP-43', [
    {
      case: 'accept',
      slug: 'available-candidate-is-an-ancestor',
      boundary:
        'polkadot: A (core 0) is pending availability at leaf #2 and its child B is backed; for a block on #2 whose bitfields make A available (all 10 validators), the provisioner asks GetBackableCandidates(para 1000, count 1 for core 0, ancestors [A]) and gets [B]',
      params: 'polkadot',
      sdkTests: ['request_from_prospective_parachains_one_core_per_para'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true });
        s.relay({ backed: [a] });
        const b = s.collate(1000, { on: a, back: true });
        s.apply({ type: 'provisionerRequests', bitfields: Array.from({ length: POLKADOT.validators }, (_, v) => ({ validator: v, cores: [0] })) });
        s.expect('para 1000: cores [0], count 1, ancestors [A], candidates [B]', (step) => {
          if (step.verdict.type !== 'provisionerRequests') return false;
          const r = step.verdict.requests.find((x) => x.para === 1000);
          return r !== undefined && same(r.cores.map(String), ['0']) && r.count === 1 && same(r.ancestors, [a.hash]) && same(r.candidates, [b.hash]);
        });
      },
    },
    {
      case: 'reject',
      slug: 'timed-out-candidate-is-not-an-ancestor',
      boundary:
        'polkadot (availability period 4, rotation every 20): A, backed in #2, never becomes available and times out in #19 (the first block whose timeout check is due); for a block on #18 the provisioner counts A\'s core 0 for para 1000 but passes no ancestors, so GetBackableCandidates stops at A and offers nothing, not A\'s backed child B',
      params: 'polkadot',
      sdkTests: ['request_from_prospective_parachains_one_core_per_para'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true });
        s.relay({ backed: [a] });
        s.advance(16);
        s.collate(1000, { on: a, back: true });
        s.apply({ type: 'provisionerRequests' });
        s.expect('para 1000: cores [0], count 1, ancestors [], candidates []', (step) => {
          if (step.verdict.type !== 'provisionerRequests') return false;
          const r = step.verdict.requests.find((x) => x.para === 1000);
          return r !== undefined && same(r.cores.map(String), ['0']) && r.count === 1 && r.ancestors.length === 0 && r.candidates.length === 0;
        });
      },
    },
    {
      case: 'reject',
      slug: 'pending-candidate-keeps-its-core',
      boundary: 'polkadot: A is pending availability at leaf #2 and the block\'s bitfields do not make it available (none): the provisioner asks nothing for para 1000 (its only core stays occupied; A is an ancestor only)',
      params: 'polkadot',
      sdkTests: ['request_from_prospective_parachains_one_core_per_para'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { back: true });
        s.relay({ backed: [a] });
        s.collate(1000, { on: a, back: true });
        s.apply({ type: 'provisionerRequests' });
        s.expect('no request for para 1000', (step) => step.verdict.type === 'provisionerRequests' && !step.verdict.requests.some((x) => x.para === 1000));
      },
    },
  ]),
];
