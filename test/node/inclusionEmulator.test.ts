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
    expect(checkModifications(constraints, bad)).toMatchObject({ ok: false, error: 'DisallowedHrmpWatermark', detail: 'DisallowedHrmpWatermark(7)' });
    expect(applyModifications(constraints, bad)).toMatchObject({ ok: false, error: 'DisallowedHrmpWatermark' });

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
    expect(checkModifications(makeConstraints(), mods)).toMatchObject({ ok: false, error: 'NoSuchHrmpChannel', detail: 'NoSuchHrmpChannel(100)' });
    expect(applyModifications(makeConstraints(), mods)).toMatchObject({ ok: false, error: 'NoSuchHrmpChannel' });
  });

  test('more HRMP messages than the channel has room for are refused (constraints_hrmp_messages_overflow)', () => {
    const mods = withMods({ outboundHrmp: { 1: { bytesSubmitted: 0, messagesSubmitted: 6 } } });
    const detail = 'HrmpMessagesOverflow { para_id: 1, messages_remaining: 5, messages_submitted: 6 }';
    expect(checkModifications(makeConstraints(), mods)).toMatchObject({ ok: false, error: 'HrmpMessagesOverflow', detail });
    expect(applyModifications(makeConstraints(), mods)).toMatchObject({ ok: false, error: 'HrmpMessagesOverflow', detail });
    const exact = withMods({ outboundHrmp: { 1: { bytesSubmitted: 512, messagesSubmitted: 5 } } });
    const applied = applyModifications(makeConstraints(), exact);
    expect(applied.ok && applied.constraints.hrmpChannelsOut[1]).toEqual({ bytesRemaining: 0, messagesRemaining: 0 });
  });

  test('more HRMP bytes than the channel has room for are refused, bytes checked before messages (constraints_hrmp_bytes_overflow)', () => {
    const mods = withMods({ outboundHrmp: { 1: { bytesSubmitted: 513, messagesSubmitted: 6 } } });
    const detail = 'HrmpBytesOverflow { para_id: 1, bytes_remaining: 512, bytes_submitted: 513 }';
    expect(checkModifications(makeConstraints(), mods)).toMatchObject({ ok: false, error: 'HrmpBytesOverflow', detail });
    expect(applyModifications(makeConstraints(), mods)).toMatchObject({ ok: false, error: 'HrmpBytesOverflow', detail });
  });

  test('more UMP messages than remain in the queue are refused (constraints_ump_messages_overflow)', () => {
    const mods = withMods({ umpMessagesSent: 11 });
    expect(checkModifications(makeConstraints(), mods)).toMatchObject({ ok: false, error: 'UmpMessagesOverflow' });
    expect(applyModifications(makeConstraints(), mods)).toMatchObject({ ok: false, error: 'UmpMessagesOverflow' });
    expect(checkModifications(makeConstraints(), withMods({ umpMessagesSent: 10 })).ok).toBe(true);
  });

  test('more UMP bytes than remain in the queue are refused (constraints_ump_bytes_overflow)', () => {
    const mods = withMods({ umpBytesSent: 1025 });
    expect(checkModifications(makeConstraints(), mods)).toMatchObject({ ok: false, error: 'UmpBytesOverflow' });
    expect(applyModifications(makeConstraints(), mods)).toMatchObject({ ok: false, error: 'UmpBytesOverflow' });
    expect(checkModifications(makeConstraints(), withMods({ umpBytesSent: 1024 })).ok).toBe(true);
  });

  test('processing more downward messages than queued is refused; processing drains the queue front (constraints_dmp_messages)', () => {
    const constraints = makeConstraints();
    expect(checkModifications(constraints, identityModifications()).ok).toBe(true);
    expect(applyModifications(constraints, identityModifications()).ok).toBe(true);
    const six = withMods({ dmpMessagesProcessed: 6 });
    expect(checkModifications(constraints, six)).toMatchObject({ ok: false, error: 'DmpMessagesUnderflow' });
    expect(applyModifications(constraints, six)).toMatchObject({ ok: false, error: 'DmpMessagesUnderflow' });

    const queued = { ...constraints, dmpRemainingMessages: [1, 4, 8, 10] };
    const two = withMods({ dmpMessagesProcessed: 2 });
    expect(checkModifications(queued, two).ok).toBe(true);
    const applied = applyModifications(queued, two);
    expect(applied.ok && applied.constraints.dmpRemainingMessages).toEqual([8, 10]);
  });

  test('applying a code upgrade that is not scheduled is refused (constraints_nonexistent_code_upgrade)', () => {
    const mods = withMods({ codeUpgradeApplied: true });
    expect(checkModifications(makeConstraints(), mods)).toMatchObject({ ok: false, error: 'AppliedNonexistentCodeUpgrade' });
    expect(applyModifications(makeConstraints(), mods)).toMatchObject({ ok: false, error: 'AppliedNonexistentCodeUpgrade' });
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
      detail: 'ValidationCodeMismatch(code-040506, code-090909)',
    });
  });

  test('a candidate whose PVD names another relay parent is refused (fragment_pvd_mismatch)', () => {
    const constraints = makeConstraints();
    const candidate = makeCandidate(constraints, RP6);
    const rpB: RelayChainBlockInfo = { number: 6, hash: '0b0b0b0b0b0b0b0b', storageRoot: 'eeeeeeeeeeeeeeee' };
    expect(fragmentNew(rpB, constraints, candidate)).toMatchObject({ ok: false, error: 'PersistedValidationDataMismatch' });
  });

  test('new code larger than max_code_size is refused, equal is accepted (fragment_code_size_too_large)', () => {
    const constraints = makeConstraints();
    const base = makeCandidate(constraints, RP6);
    const tooLarge = { ...base, commitments: { ...base.commitments, newValidationCode: { hash: 'c', size: 1001 } } };
    expect(fragmentNew(RP6, constraints, tooLarge)).toMatchObject({ ok: false, error: 'CodeSizeTooLarge', detail: 'CodeSizeTooLarge(1000, 1001)' });
    const exact = { ...base, commitments: { ...base.commitments, newValidationCode: { hash: 'c', size: 1000 } } };
    expect(fragmentNew(RP6, constraints, exact).ok).toBe(true);
  });

  test('a relay parent older than min_relay_parent_number is refused (fragment_relay_parent_too_old)', () => {
    const constraints = makeConstraints();
    const rp3: RelayChainBlockInfo = { number: 3, hash: '0a0a0a0a0a0a0a0a', storageRoot: 'ffffffffffffffff' };
    expect(fragmentNew(rp3, constraints, makeCandidate(constraints, rp3))).toMatchObject({
      ok: false,
      error: 'RelayParentTooOld',
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
      expect(fragmentNew(RP6, constraints, candidate)).toMatchObject({ ok: false, error: 'DmpAdvancementRule' });
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
      detail: 'UmpMessagesPerCandidateOverflow { messages_allowed: 5, messages_submitted: 6 }',
    });
    const atLimit = { ...base, commitments: { ...base.commitments, upwardMessages: [1, 1, 1, 1, 1] } };
    expect(fragmentNew(RP6, constraints, atLimit).ok).toBe(true);
  });

  test('new code while an upgrade restriction is signalled is refused (fragment_code_upgrade_restricted)', () => {
    const constraints = { ...makeConstraints(), upgradeRestriction: 'Present' as const };
    const base = makeCandidate(constraints, RP6);
    const candidate = { ...base, commitments: { ...base.commitments, newValidationCode: { hash: 'c', size: 3 } } };
    expect(fragmentNew(RP6, constraints, candidate)).toMatchObject({ ok: false, error: 'CodeUpgradeRestricted' });
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
        detail: 'HrmpMessagesDescendingOrDuplicate(1)',
      });
    }
  });

  test('outputs exceeding the queues are refused as OutputsInvalid carrying the ModificationError', () => {
    const constraints = makeConstraints();
    const base = makeCandidate(constraints, RP6);
    const candidate = { ...base, commitments: { ...base.commitments, upwardMessages: [600, 600] } };
    const result = fragmentNew(RP6, constraints, candidate);
    expect(result).toMatchObject({ ok: false, error: 'OutputsInvalid', inner: { error: 'UmpBytesOverflow' } });
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
