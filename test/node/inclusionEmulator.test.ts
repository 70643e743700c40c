/**
 * The inclusion emulator, reproducing the tests of
 * `polkadot/node/subsystem-util/src/inclusion_emulator/mod.rs` (stable2506 era: PR #8860 watermark tests).
 */
import { describe, expect, test } from 'vitest';
import {
  applyModifications,
  checkAgainstConstraints,
  checkModifications,
  identityModifications,
  stackModifications,
  type ConstraintModifications,
  type Constraints,
  type FragmentResult,
  type ProspectiveCandidate,
} from '../../spec/node/inclusionEmulator.ts';
import { withRulesOff } from '../../spec/ablation.ts';
import type { RelayChainBlockInfo } from '../../spec/types.ts';

/** `make_constraints()` of the inclusion emulator tests. */
function makeConstraints(): Constraints {
  return {
    minRelayParentNumber: 5,
    maxPovSize: 1000,
    maxCodeSize: 1000,
    umpRemaining: 10,
    umpRemainingBytes: 1024,
    maxUmpNumPerCandidate: 5,
    dmpRemainingMessages: [],
    hrmpInbound: { validWatermarks: [6, 8] },
    hrmpChannelsOut: {
      1: { messagesRemaining: 5, bytesRemaining: 512 },
      2: { messagesRemaining: 10, bytesRemaining: 1024 },
      3: { messagesRemaining: 1, bytesRemaining: 128 },
    },
    maxHrmpNumPerCandidate: 5,
    requiredParent: 'head-010203',
    validationCodeHash: 'code-040506',
    upgradeRestriction: null,
    futureValidationCode: null,
  };
}

/** `make_candidate(constraints, relay_parent)`. */
function makeCandidate(constraints: Constraints, relayParent: RelayChainBlockInfo): ProspectiveCandidate {
  return {
    commitments: {
      upwardMessages: [],
      horizontalMessages: [],
      newValidationCode: null,
      headData: 'head-0102030405',
      processedDownwardMessages: 0,
      hrmpWatermark: relayParent.number,
    },
    persistedValidationData: {
      parentHead: constraints.requiredParent,
      relayParentNumber: relayParent.number,
      relayParentStorageRoot: relayParent.storageRoot,
      maxPovSize: constraints.maxPovSize,
    },
    validationCodeHash: constraints.validationCodeHash,
  };
}

function fragmentNew(relayParent: RelayChainBlockInfo, constraints: Constraints, c: ProspectiveCandidate): FragmentResult {
  return checkAgainstConstraints(relayParent, constraints, c.commitments, c.validationCodeHash, c.persistedValidationData);
}

const RP6: RelayChainBlockInfo = { number: 6, hash: '0a0a0a0a0a0a0a0a', storageRoot: 'ffffffffffffffff' };

function withMods(patch: Partial<ConstraintModifications>): ConstraintModifications {
  return { ...identityModifications(), ...patch };
}


/** `check_modifications` and `apply_modifications` refuse the same modifications with the same error. */
function expectRefusedByBoth(constraints: Constraints, modifications: ConstraintModifications, rejection: object): void {
  expect(checkModifications(constraints, modifications)).toEqual(rejection);
  expect(applyModifications(constraints, modifications)).toEqual(rejection);
}
describe('ConstraintModifications::stack', () => {
  test('stacking sums counters per channel, ORs the code upgrade and is associative from identity (stack_modifications)', () => {
    const a = withMods({
      outboundHrmp: { 1: { bytesSubmitted: 100, messagesSubmitted: 5 }, 2: { bytesSubmitted: 100, messagesSubmitted: 5 } },
      umpMessagesSent: 6,
      umpBytesSent: 1000,
      dmpMessagesProcessed: 5,
      codeUpgradeApplied: true,
    });
    const b = withMods({
      outboundHrmp: { 2: { bytesSubmitted: 100, messagesSubmitted: 5 }, 3: { bytesSubmitted: 100, messagesSubmitted: 5 } },
      umpMessagesSent: 6,
      umpBytesSent: 1000,
      dmpMessagesProcessed: 5,
      codeUpgradeApplied: true,
    });
    const c = stackModifications(a, b);
    expect(c).toEqual(
      withMods({
        outboundHrmp: {
          1: { bytesSubmitted: 100, messagesSubmitted: 5 },
          2: { bytesSubmitted: 200, messagesSubmitted: 10 },
          3: { bytesSubmitted: 100, messagesSubmitted: 5 },
        },
        umpMessagesSent: 12,
        umpBytesSent: 2000,
        dmpMessagesProcessed: 10,
        codeUpgradeApplied: true,
      }),
    );
    expect(stackModifications(stackModifications(identityModifications(), a), b)).toEqual(c);
  });

  test('a later required parent and watermark overwrite earlier ones', () => {
    const a = withMods({ requiredParent: 'h1', hrmpWatermark: { kind: 'Head', watermark: 3 } });
    const b = withMods({ requiredParent: 'h2', hrmpWatermark: { kind: 'Trunk', watermark: 4 } });
    expect(stackModifications(a, b)).toMatchObject({ requiredParent: 'h2', hrmpWatermark: { kind: 'Trunk', watermark: 4 } });
    expect(stackModifications(b, identityModifications())).toMatchObject({ requiredParent: 'h2' });
  });
});

describe('Constraints::check_modifications and apply_modifications', () => {
  test('a Trunk watermark equal to a valid watermark is kept for the next candidate; one between them is refused (constraints_check_trunk_watermark)', () => {
    const constraints = makeConstraints();
    const keep = withMods({ hrmpWatermark: { kind: 'Trunk', watermark: 6 } });
    expect(checkModifications(constraints, keep).ok).toBe(true);
    const kept = applyModifications(constraints, keep);
    expect(kept.ok && kept.constraints.hrmpInbound.validWatermarks).toEqual([6, 8]);

    const bad = withMods({ hrmpWatermark: { kind: 'Trunk', watermark: 7 } });
    const disallowed = { ok: false, error: 'DisallowedHrmpWatermark', rule: 'PP-01', detail: 'DisallowedHrmpWatermark(7)' };
    expectRefusedByBoth(constraints, bad, disallowed);

    const advance = withMods({ hrmpWatermark: { kind: 'Trunk', watermark: 8 } });
    expect(checkModifications(constraints, advance).ok).toBe(true);
    const advanced = applyModifications(constraints, advance);
    expect(advanced.ok && advanced.constraints.hrmpInbound.validWatermarks).toEqual([8]);
  });

  test('a Head watermark is always allowed and drops only the watermarks below it (constraints_check_head_watermark)', () => {
    const constraints = makeConstraints();
    const low = applyModifications(constraints, withMods({ hrmpWatermark: { kind: 'Head', watermark: 5 } }));
    expect(low.ok && low.constraints.hrmpInbound.validWatermarks).toEqual([6, 8]);
    const mid = withMods({ hrmpWatermark: { kind: 'Head', watermark: 7 } });
    expect(checkModifications(constraints, mid).ok).toBe(true);
    const applied = applyModifications(constraints, mid);
    expect(applied.ok && applied.constraints.hrmpInbound.validWatermarks).toEqual([8]);
  });

  test('messages to a para without an outbound channel are refused (constraints_no_such_hrmp_channel)', () => {
    const mods = withMods({ outboundHrmp: { 100: { bytesSubmitted: 0, messagesSubmitted: 0 } } });
    const noChannel = { ok: false, error: 'NoSuchHrmpChannel', rule: 'PP-02', detail: 'NoSuchHrmpChannel(100)' };
    expectRefusedByBoth(makeConstraints(), mods, noChannel);
  });

  test('more HRMP messages than the channel has room for are refused (constraints_hrmp_messages_overflow)', () => {
    const mods = withMods({ outboundHrmp: { 1: { bytesSubmitted: 0, messagesSubmitted: 6 } } });
    const detail = 'HrmpMessagesOverflow { para_id: 1, messages_remaining: 5, messages_submitted: 6 }';
    expectRefusedByBoth(makeConstraints(), mods, { ok: false, error: 'HrmpMessagesOverflow', rule: 'PP-02', detail });
    // Exactly the room left, in messages and in bytes, fits.
    const exact = withMods({ outboundHrmp: { 1: { bytesSubmitted: 512, messagesSubmitted: 5 } } });
    expect(checkModifications(makeConstraints(), exact).ok).toBe(true);
    const applied = applyModifications(makeConstraints(), exact);
    expect(applied.ok && applied.constraints.hrmpChannelsOut[1]).toEqual({ bytesRemaining: 0, messagesRemaining: 0 });
  });

  test('more HRMP bytes than the channel has room for are refused, bytes checked before messages (constraints_hrmp_bytes_overflow)', () => {
    const mods = withMods({ outboundHrmp: { 1: { bytesSubmitted: 513, messagesSubmitted: 6 } } });
    const detail = 'HrmpBytesOverflow { para_id: 1, bytes_remaining: 512, bytes_submitted: 513 }';
    expectRefusedByBoth(makeConstraints(), mods, { ok: false, error: 'HrmpBytesOverflow', rule: 'PP-02', detail });
  });

  test('more UMP messages than remain in the queue are refused (constraints_ump_messages_overflow)', () => {
    const mods = withMods({ umpMessagesSent: 11 });
    const overflow = {
      ok: false,
      error: 'UmpMessagesOverflow',
      rule: 'PP-03',
      detail: 'UmpMessagesOverflow { messages_remaining: 10, messages_submitted: 11 }',
    };
    expectRefusedByBoth(makeConstraints(), mods, overflow);
    const exact = withMods({ umpMessagesSent: 10 });
    expect(checkModifications(makeConstraints(), exact).ok).toBe(true);
    const applied = applyModifications(makeConstraints(), exact);
    expect(applied.ok && applied.constraints.umpRemaining).toBe(0);
  });

  test('more UMP bytes than remain in the queue are refused (constraints_ump_bytes_overflow)', () => {
    const mods = withMods({ umpBytesSent: 1025 });
    const overflow = { ok: false, error: 'UmpBytesOverflow', rule: 'PP-03', detail: 'UmpBytesOverflow { bytes_remaining: 1024, bytes_submitted: 1025 }' };
    expectRefusedByBoth(makeConstraints(), mods, overflow);
    const exact = withMods({ umpBytesSent: 1024 });
    expect(checkModifications(makeConstraints(), exact).ok).toBe(true);
    const applied = applyModifications(makeConstraints(), exact);
    expect(applied.ok && applied.constraints.umpRemainingBytes).toBe(0);
  });

  test('applying upward messages subtracts their count and bytes from the remaining UMP queue', () => {
    const applied = applyModifications(makeConstraints(), withMods({ umpMessagesSent: 3, umpBytesSent: 100 }));
    expect(applied.ok && applied.constraints).toMatchObject({ umpRemaining: 7, umpRemainingBytes: 924 });
  });

  test('processing more downward messages than queued is refused; processing drains the queue front (constraints_dmp_messages)', () => {
    const constraints = makeConstraints();
    expect(checkModifications(constraints, identityModifications()).ok).toBe(true);
    expect(applyModifications(constraints, identityModifications()).ok).toBe(true);
    const six = withMods({ dmpMessagesProcessed: 6 });
    const underflow = { ok: false, error: 'DmpMessagesUnderflow', rule: 'PP-04', detail: 'DmpMessagesUnderflow { messages_remaining: 0, messages_processed: 6 }' };
    expectRefusedByBoth(constraints, six, underflow);

    const queued = { ...constraints, dmpRemainingMessages: [1, 4, 8, 10] };
    const two = withMods({ dmpMessagesProcessed: 2 });
    expect(checkModifications(queued, two).ok).toBe(true);
    const applied = applyModifications(queued, two);
    expect(applied.ok && applied.constraints.dmpRemainingMessages).toEqual([8, 10]);
  });

  test('applying a code upgrade that is not scheduled is refused (constraints_nonexistent_code_upgrade)', () => {
    const mods = withMods({ codeUpgradeApplied: true });
    const nonexistent = { ok: false, error: 'AppliedNonexistentCodeUpgrade', rule: 'PP-05', detail: 'AppliedNonexistentCodeUpgrade' };
    expectRefusedByBoth(makeConstraints(), mods, nonexistent);
    const scheduled = { ...makeConstraints(), futureValidationCode: { at: 6, codeHash: 'code-new' } };
    const applied = applyModifications(scheduled, mods);
    expect(applied.ok && applied.constraints).toMatchObject({ validationCodeHash: 'code-new', futureValidationCode: null });
  });

  test('modifications never change min_relay_parent_number', () => {
    const applied = applyModifications(makeConstraints(), withMods({ requiredParent: 'h', umpMessagesSent: 1 }));
    expect(applied.ok && applied.constraints.minRelayParentNumber).toBe(5);
    expect(applied.ok && applied.constraints.requiredParent).toBe('h');
  });
});

describe('check_modifications and apply_modifications with a rule switched off (the rule book\'s ablation)', () => {
  test('PP-01 off: a Trunk watermark between valid watermarks is accepted and drops the watermarks below it, like a Head update', () => {
    const mods = withMods({ hrmpWatermark: { kind: 'Trunk', watermark: 7 } });
    withRulesOff(['PP-01'], () => {
      expect(checkModifications(makeConstraints(), mods).ok).toBe(true);
      const applied = applyModifications(makeConstraints(), mods);
      expect(applied.ok && applied.constraints.hrmpInbound.validWatermarks).toEqual([8]);
    });
  });

  test('PP-02 off: a missing channel is ignored and an overflowing channel goes negative', () => {
    const mods = withMods({
      outboundHrmp: { 1: { bytesSubmitted: 600, messagesSubmitted: 7 }, 100: { bytesSubmitted: 1, messagesSubmitted: 1 } },
    });
    withRulesOff(['PP-02'], () => {
      expect(checkModifications(makeConstraints(), mods).ok).toBe(true);
      const applied = applyModifications(makeConstraints(), mods);
      expect(applied.ok && applied.constraints.hrmpChannelsOut).toEqual({
        ...makeConstraints().hrmpChannelsOut,
        1: { bytesRemaining: -88, messagesRemaining: -2 },
      });
    });
  });

  test('PP-03 off: upward messages beyond the queue are accepted and the remaining counts go negative', () => {
    const mods = withMods({ umpMessagesSent: 11, umpBytesSent: 1025 });
    withRulesOff(['PP-03'], () => {
      expect(checkModifications(makeConstraints(), mods).ok).toBe(true);
      const applied = applyModifications(makeConstraints(), mods);
      expect(applied.ok && applied.constraints).toMatchObject({ umpRemaining: -1, umpRemainingBytes: -1 });
    });
  });

  test('PP-04 off: processing more downward messages than queued is accepted and empties the queue', () => {
    const constraints = { ...makeConstraints(), dmpRemainingMessages: [1, 2] };
    const mods = withMods({ dmpMessagesProcessed: 3 });
    withRulesOff(['PP-04'], () => {
      expect(checkModifications(constraints, mods).ok).toBe(true);
      const applied = applyModifications(constraints, mods);
      expect(applied.ok && applied.constraints.dmpRemainingMessages).toEqual([]);
    });
  });

  test('PP-05 off: applying an unscheduled code upgrade is accepted and keeps the code hash', () => {
    const mods = withMods({ codeUpgradeApplied: true });
    withRulesOff(['PP-05'], () => {
      expect(checkModifications(makeConstraints(), mods).ok).toBe(true);
      const applied = applyModifications(makeConstraints(), mods);
      expect(applied.ok && applied.constraints).toMatchObject({ validationCodeHash: 'code-040506', futureValidationCode: null });
    });
  });
});

describe('Fragment::check_against_constraints', () => {
  test('a candidate matching its operating constraints is accepted with its own modifications', () => {
    const constraints = makeConstraints();
    const result = fragmentNew(RP6, constraints, makeCandidate(constraints, RP6));
    expect(result).toEqual({
      ok: true,
      modifications: withMods({ requiredParent: 'head-0102030405', hrmpWatermark: { kind: 'Head', watermark: 6 } }),
    });
  });

  test('a candidate built with other validation code is refused (fragment_validation_code_mismatch)', () => {
    const constraints = makeConstraints();
    const candidate = { ...makeCandidate(constraints, RP6), validationCodeHash: 'code-090909' };
    expect(fragmentNew(RP6, constraints, candidate)).toMatchObject({
      ok: false,
      error: 'ValidationCodeMismatch',
      rule: 'PP-07',
      detail: 'ValidationCodeMismatch(code-040506, code-090909)',
    });
  });

  test('a candidate whose PVD names another relay parent is refused (fragment_pvd_mismatch)', () => {
    const constraints = makeConstraints();
    const candidate = makeCandidate(constraints, RP6);
    const rpB: RelayChainBlockInfo = { number: 6, hash: '0b0b0b0b0b0b0b0b', storageRoot: 'eeeeeeeeeeeeeeee' };
    expect(fragmentNew(rpB, constraints, candidate)).toMatchObject({ ok: false, error: 'PersistedValidationDataMismatch', rule: 'PP-12' });
  });

  test('each PVD field on its own must match: parent head, relay-parent number and storage root, max PoV size', () => {
    const constraints = makeConstraints();
    const base = makeCandidate(constraints, RP6);
    for (const field of [
      { parentHead: 'head-other' },
      { relayParentNumber: 7 },
      { relayParentStorageRoot: 'eeeeeeeeeeeeeeee' },
      { maxPovSize: 999 },
    ]) {
      const candidate = { ...base, persistedValidationData: { ...base.persistedValidationData, ...field } };
      expect(fragmentNew(RP6, constraints, candidate)).toMatchObject({ ok: false, error: 'PersistedValidationDataMismatch', rule: 'PP-12' });
    }
  });

  test('a PVD mismatch reports the expected PVD, then the candidate\'s', () => {
    const constraints = makeConstraints();
    const base = makeCandidate(constraints, RP6);
    const candidate = { ...base, persistedValidationData: { ...base.persistedValidationData, parentHead: 'head-other' } };
    const expected = '{"parentHead":"head-010203","relayParentNumber":6,"relayParentStorageRoot":"ffffffffffffffff","maxPovSize":1000}';
    const got = '{"parentHead":"head-other","relayParentNumber":6,"relayParentStorageRoot":"ffffffffffffffff","maxPovSize":1000}';
    expect(fragmentNew(RP6, constraints, candidate)).toEqual({
      ok: false,
      error: 'PersistedValidationDataMismatch',
      rule: 'PP-12',
      detail: `PersistedValidationDataMismatch(${expected}, ${got})`,
    });
  });

  test('new code larger than max_code_size is refused, equal is accepted (fragment_code_size_too_large)', () => {
    const constraints = makeConstraints();
    const base = makeCandidate(constraints, RP6);
    const tooLarge = { ...base, commitments: { ...base.commitments, newValidationCode: { hash: 'c', size: 1001 } } };
    expect(fragmentNew(RP6, constraints, tooLarge)).toMatchObject({ ok: false, error: 'CodeSizeTooLarge', rule: 'PP-10', detail: 'CodeSizeTooLarge(1000, 1001)' });
    const exact = { ...base, commitments: { ...base.commitments, newValidationCode: { hash: 'c', size: 1000 } } };
    expect(fragmentNew(RP6, constraints, exact).ok).toBe(true);
  });

  test('a relay parent older than min_relay_parent_number is refused (fragment_relay_parent_too_old)', () => {
    const constraints = makeConstraints();
    const rp3: RelayChainBlockInfo = { number: 3, hash: '0a0a0a0a0a0a0a0a', storageRoot: 'ffffffffffffffff' };
    expect(fragmentNew(rp3, constraints, makeCandidate(constraints, rp3))).toMatchObject({
      ok: false,
      error: 'RelayParentTooOld',
      rule: 'PP-08',
      detail: 'RelayParentTooOld(5, 3)',
    });
    const rp5 = { ...rp3, number: 5 };
    expect(fragmentNew(rp5, constraints, makeCandidate(constraints, rp5)).ok).toBe(true);
  });

  test('more HRMP messages than max_hrmp_num_per_candidate are refused (fragment_hrmp_messages_overflow)', () => {
    const constraints = makeConstraints();
    const base = makeCandidate(constraints, RP6);
    const messages = [0, 1, 2, 3, 4, 5].map((i) => ({ recipient: i, bytes: 3 }));
    const candidate = { ...base, commitments: { ...base.commitments, horizontalMessages: messages } };
    expect(fragmentNew(RP6, constraints, candidate)).toMatchObject({
      ok: false,
      error: 'HrmpMessagesPerCandidateOverflow',
      rule: 'PP-11',
      detail: 'HrmpMessagesPerCandidateOverflow { messages_allowed: 5, messages_submitted: 6 }',
    });
  });

  test('an old unprocessed downward message forces processing at least one (fragment_dmp_advancement_rule)', () => {
    let constraints = makeConstraints();
    const candidate = makeCandidate(constraints, RP6);
    // Empty dmp queue is ok.
    expect(fragmentNew(RP6, constraints, candidate).ok).toBe(true);
    // Unprocessed message that was sent later is ok.
    constraints = { ...constraints, dmpRemainingMessages: [RP6.number + 1] };
    expect(fragmentNew(RP6, constraints, candidate).ok).toBe(true);
    for (let blockNumber = 0; blockNumber <= RP6.number; blockNumber++) {
      constraints = { ...constraints, dmpRemainingMessages: [blockNumber] };
      expect(fragmentNew(RP6, constraints, candidate)).toEqual({ ok: false, error: 'DmpAdvancementRule', rule: 'PP-13', detail: 'DmpAdvancementRule' });
    }
    const processing = { ...candidate, commitments: { ...candidate.commitments, processedDownwardMessages: 1 } };
    expect(fragmentNew(RP6, constraints, processing).ok).toBe(true);
  });

  test('more UMP messages than max_ump_num_per_candidate are refused (fragment_ump_messages_overflow)', () => {
    const constraints = makeConstraints();
    const base = makeCandidate(constraints, RP6);
    const candidate = { ...base, commitments: { ...base.commitments, upwardMessages: [1, 1, 1, 1, 1, 1] } };
    expect(fragmentNew(RP6, constraints, candidate)).toMatchObject({
      ok: false,
      error: 'UmpMessagesPerCandidateOverflow',
      rule: 'PP-14',
      detail: 'UmpMessagesPerCandidateOverflow { messages_allowed: 5, messages_submitted: 6 }',
    });
    const atLimit = { ...base, commitments: { ...base.commitments, upwardMessages: [1, 1, 1, 1, 1] } };
    expect(fragmentNew(RP6, constraints, atLimit).ok).toBe(true);
  });

  test('new code while an upgrade restriction is signalled is refused (fragment_code_upgrade_restricted)', () => {
    const constraints = { ...makeConstraints(), upgradeRestriction: 'Present' as const };
    const base = makeCandidate(constraints, RP6);
    const candidate = { ...base, commitments: { ...base.commitments, newValidationCode: { hash: 'c', size: 3 } } };
    expect(fragmentNew(RP6, constraints, candidate)).toEqual({ ok: false, error: 'CodeUpgradeRestricted', rule: 'PP-09', detail: 'CodeUpgradeRestricted' });
    expect(fragmentNew(RP6, constraints, base).ok).toBe(true);
  });

  test('HRMP recipients must be strictly ascending (fragment_hrmp_messages_descending_or_duplicate)', () => {
    const constraints = makeConstraints();
    const base = makeCandidate(constraints, RP6);
    for (const recipients of [
      [0, 0],
      [1, 0],
    ]) {
      const messages = recipients.map((recipient) => ({ recipient, bytes: 3 }));
      const candidate = { ...base, commitments: { ...base.commitments, horizontalMessages: messages } };
      expect(fragmentNew(RP6, constraints, candidate)).toMatchObject({
        ok: false,
        error: 'HrmpMessagesDescendingOrDuplicate',
        rule: 'PP-06',
        detail: 'HrmpMessagesDescendingOrDuplicate(1)',
      });
    }
  });

  test('outputs exceeding the queues are refused as OutputsInvalid carrying the ModificationError', () => {
    const constraints = makeConstraints();
    const base = makeCandidate(constraints, RP6);
    const candidate = { ...base, commitments: { ...base.commitments, upwardMessages: [600, 600] } };
    const result = fragmentNew(RP6, constraints, candidate);
    const inner = { ok: false, error: 'UmpBytesOverflow', rule: 'PP-03', detail: 'UmpBytesOverflow { bytes_remaining: 1024, bytes_submitted: 1200 }' };
    expect(result).toEqual({ ok: false, error: 'OutputsInvalid', rule: 'PP-03', detail: `OutputsInvalid(${inner.detail})`, inner });
  });

  test('the candidate\'s HRMP messages become per-channel modifications: one message and its bytes per recipient', () => {
    const constraints = makeConstraints();
    const base = makeCandidate(constraints, RP6);
    const messages = [
      { recipient: 1, bytes: 10 },
      { recipient: 2, bytes: 20 },
    ];
    const candidate = { ...base, commitments: { ...base.commitments, horizontalMessages: messages } };
    const result = fragmentNew(RP6, constraints, candidate);
    expect(result.ok && result.modifications.outboundHrmp).toEqual({
      1: { bytesSubmitted: 10, messagesSubmitted: 1 },
      2: { bytesSubmitted: 20, messagesSubmitted: 1 },
    });
  });

  test('a Trunk watermark outside the valid watermarks is refused as OutputsInvalid(DisallowedHrmpWatermark)', () => {
    const constraints = makeConstraints();
    const base = makeCandidate(constraints, RP6);
    const candidate = { ...base, commitments: { ...base.commitments, hrmpWatermark: 4 } };
    expect(fragmentNew(RP6, constraints, candidate)).toMatchObject({ ok: false, error: 'OutputsInvalid', inner: { error: 'DisallowedHrmpWatermark' } });
  });

  test('a scheduled code upgrade is applied by a candidate whose relay parent reaches it', () => {
    const constraints = { ...makeConstraints(), futureValidationCode: { at: 6, codeHash: 'code-new' } };
    const result = fragmentNew(RP6, constraints, makeCandidate(constraints, RP6));
    expect(result.ok && result.modifications.codeUpgradeApplied).toBe(true);
    const rp5 = { ...RP6, number: 5 };
    const before = fragmentNew(rp5, constraints, makeCandidate(constraints, rp5));
    expect(before.ok && before.modifications.codeUpgradeApplied).toBe(false);
  });

  test('checks run in source order: the validation code is checked before the PVD', () => {
    const constraints = makeConstraints();
    const candidate = { ...makeCandidate(constraints, RP6), validationCodeHash: 'other' };
    const rpB: RelayChainBlockInfo = { number: 6, hash: '0b', storageRoot: 'ee' };
    expect(fragmentNew(rpB, constraints, candidate)).toMatchObject({ ok: false, error: 'ValidationCodeMismatch' });
  });

  test('switching PP-07 off accepts a candidate built with other validation code', () => {
    const constraints = makeConstraints();
    const candidate = { ...makeCandidate(constraints, RP6), validationCodeHash: 'other' };
    expect(withRulesOff(['PP-07'], () => fragmentNew(RP6, constraints, candidate).ok)).toBe(true);
  });
});
