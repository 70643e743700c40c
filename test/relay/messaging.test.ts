/**
 * RT-24..RT-33: `check_validation_outputs` on the relay side (code, DMP, UMP, HRMP watermark,
 * outbound HRMP), their enactment, the per-block servicing of queues and the arrival of downward
 * messages, at their boundaries; `backing_state` built from the same state; and each rule switched
 * off.
 */
import { describe, expect, test } from 'vitest';
import { withRulesOff } from '../../spec/ablation.ts';
import { messagingOf, presetParams } from '../../spec/params.ts';
import { hashOf } from '../../spec/hash.ts';
import {
  applyFutureCode,
  checkCodeUpgrade,
  checkHrmpWatermark,
  checkOutboundHrmp,
  checkProcessedDownwardMessages,
  checkUpwardMessages,
  checkValidationOutputs,
  enactCandidateOutputs,
  queueDownwardMessages,
  serviceQueues,
  validWatermarks,
} from '../../spec/relay/messaging.ts';
import { genesisRuntimeState, processRelayBlock } from '../../spec/relay/parasInherent.ts';
import { backingState } from '../../spec/relay/backingState.ts';
import type { ParaState, PendingCandidate, RelayRuntimeState } from '../../spec/relay/state.ts';
import type { CandidateCommitments } from '../../spec/types.ts';
import { groupsOf, relayBlock } from './builders.ts';
import { makeConstraints } from '../node/builders.ts';
import { checkModifications, identityModifications } from '../../spec/node/inclusionEmulator.ts';

const params = presetParams('polkadot');
const m = messagingOf(params);
const genesis = genesisRuntimeState(params);
const base: ParaState = genesis.paras[1000]!;
const para = (patch: Partial<ParaState>): ParaState => ({ ...base, ...patch });
const verdict = (v: { ok: boolean; error?: string; rule?: string; detail?: string }) => (v.ok ? 'ok' : `${v.rule} ${v.error}: ${v.detail}`);

const commitments = (patch: Partial<CandidateCommitments> = {}): CandidateCommitments => ({
  headData: hashOf('h'),
  upwardMessages: [],
  horizontalMessages: [],
  newValidationCode: null,
  processedDownwardMessages: 0,
  hrmpWatermark: 5,
  ...patch,
});

function pending(paraId: number, c: CandidateCommitments, relayParentNumber = 5): PendingCandidate {
  return {
    hash: hashOf('cand', paraId, c.headData),
    paraId,
    core: 0,
    relayParent: hashOf('rp'),
    relayParentNumber,
    backedInNumber: relayParentNumber + 1,
    backingGroup: 0,
    backers: [],
    availabilityVotes: [],
    parentHead: base.head,
    headData: c.headData,
    candidate: {
      hash: hashOf('cand', paraId, c.headData),
      descriptor: { paraId, relayParent: hashOf('rp'), coreIndex: 0, sessionIndex: 0, persistedValidationDataHash: hashOf('pvd'), paraHead: c.headData, validationCodeHash: base.codeHash },
      commitments: c,
    },
  };
}

describe('RT-24, RT-25 code upgrades (check_validation_outputs step b)', () => {
  const code = (size: number) => ({ hash: hashOf('new-code'), size });
  test('new code is accepted when nothing is pending, at exactly max_code_size', () => {
    expect(verdict(checkCodeUpgrade(base, code(m.maxCodeSize), m))).toBe('ok');
    expect(verdict(checkCodeUpgrade(base, null, m))).toBe('ok');
  });
  test('one byte over max_code_size is NewCodeTooLarge (RT-25)', () => {
    expect(verdict(checkCodeUpgrade(base, code(m.maxCodeSize + 1), m))).toBe(`RT-25 NewCodeTooLarge: code of ${m.maxCodeSize + 1} bytes, max_code_size ${m.maxCodeSize}`);
  });
  test('a pending upgrade or a signalled restriction is PrematureCodeUpgrade (RT-24), checked before the size', () => {
    expect(verdict(checkCodeUpgrade(para({ futureCode: { hash: hashOf('x'), at: 9 } }), code(m.maxCodeSize + 1), m))).toMatch(/^RT-24 PrematureCodeUpgrade/);
    expect(verdict(checkCodeUpgrade(para({ upgradeRestrictedUntil: 9 }), code(1), m))).toMatch(/^RT-24 PrematureCodeUpgrade: upgrade restriction/);
  });
  test('the PrematureCodeUpgrade detail names what blocks the upgrade: the pending code and its block, else the restriction\'s end', () => {
    const pendingCode = para({ futureCode: { hash: hashOf('x'), at: 9 }, upgradeRestrictedUntil: 11 });
    expect(verdict(checkCodeUpgrade(pendingCode, code(1), m))).toBe(`RT-24 PrematureCodeUpgrade: an upgrade to ${hashOf('x')} is pending from #9`);
    expect(verdict(checkCodeUpgrade(para({ upgradeRestrictedUntil: 11 }), code(1), m))).toBe('RT-24 PrematureCodeUpgrade: upgrade restriction signalled until #11');
  });
  test('switched off (withRulesOff([\'RT-24\']) / withRulesOff([\'RT-25\'])), both are accepted', () => {
    expect(withRulesOff(['RT-24'], () => verdict(checkCodeUpgrade(para({ upgradeRestrictedUntil: 9 }), code(1), m)))).toBe('ok');
    expect(withRulesOff(['RT-25'], () => verdict(checkCodeUpgrade(base, code(m.maxCodeSize + 1), m)))).toBe('ok');
  });
});

describe('RT-26 check_processed_downward_messages', () => {
  test('dmp/tests.rs: check_processed_downward_messages — an empty queue allows 0; three queued allow 1..3, not 0 or 4', () => {
    expect(verdict(checkProcessedDownwardMessages(base, 5, 0))).toBe('ok');
    const q = para({ dmq: [5, 5, 5] });
    expect(verdict(checkProcessedDownwardMessages(q, 5, 0))).toMatch(/^RT-26 IncorrectDownwardMessageHandling: AdvancementRule/);
    for (const k of [1, 2, 3]) expect(verdict(checkProcessedDownwardMessages(q, 5, k))).toBe('ok');
    expect(verdict(checkProcessedDownwardMessages(q, 5, 4))).toBe('RT-26 IncorrectDownwardMessageHandling: Underflow { processed_downward_messages: 4, dmq_length: 3 }');
  });
  test('the advancement rule binds only if the oldest message was sent at or before the relay parent', () => {
    expect(verdict(checkProcessedDownwardMessages(para({ dmq: [6] }), 5, 0))).toBe('ok');
    expect(verdict(checkProcessedDownwardMessages(para({ dmq: [5] }), 5, 0))).toMatch(/AdvancementRule/);
  });
  test('switched off (withRulesOff([\'RT-26\'])), both directions are accepted', () => {
    withRulesOff(['RT-26'], () => {
      expect(verdict(checkProcessedDownwardMessages(para({ dmq: [1] }), 5, 0))).toBe('ok');
      expect(verdict(checkProcessedDownwardMessages(base, 5, 1))).toBe('ok');
    });
  });
});

describe('RT-27 check_upward_messages', () => {
  test('max_upward_message_num_per_candidate is allowed, one more is MoreMessagesThanPermitted', () => {
    expect(verdict(checkUpwardMessages(base, Array(m.maxUpwardMessageNumPerCandidate).fill(1), m))).toBe('ok');
    expect(verdict(checkUpwardMessages(base, Array(m.maxUpwardMessageNumPerCandidate + 1).fill(1), m))).toBe('RT-27 InvalidUpwardMessages: MoreMessagesThanPermitted { sent: 6, permitted: 5 }');
  });
  test('the queue count counts what is already queued: up to max_upward_queue_count, not one more', () => {
    const q = para({ ump: Array(m.maxUpwardQueueCount - 2).fill(1) });
    expect(verdict(checkUpwardMessages(q, [1, 1], m))).toBe('ok');
    expect(verdict(checkUpwardMessages(q, [1, 1, 1], m))).toMatch(/^RT-27 InvalidUpwardMessages: CapacityExceeded \{ count: 9, limit: 8 \}/);
  });
  test('each message within max_upward_message_size; the queue bytes within max_upward_queue_size', () => {
    expect(verdict(checkUpwardMessages(base, [m.maxUpwardMessageSize], m))).toBe('ok');
    expect(verdict(checkUpwardMessages(base, [1, m.maxUpwardMessageSize + 1], m))).toBe(`RT-27 InvalidUpwardMessages: MessageSize { idx: 1, msg_size: ${m.maxUpwardMessageSize + 1}, max_size: ${m.maxUpwardMessageSize} }`);
    const full = para({ ump: [m.maxUpwardQueueSize - 10] });
    expect(verdict(checkUpwardMessages(full, [10], m))).toBe('ok');
    expect(verdict(checkUpwardMessages(full, [5, 6], m))).toBe('RT-27 InvalidUpwardMessages: TotalSizeExceeded { total_size: 1048577, limit: 1048576 }');
  });
  test('switched off (withRulesOff([\'RT-27\'])), any upward messages are accepted', () => {
    expect(withRulesOff(['RT-27'], () => verdict(checkUpwardMessages(base, Array(50).fill(m.maxUpwardMessageSize + 1), m)))).toBe('ok');
  });
});

describe('RT-28 check_hrmp_watermark (post-#8860)', () => {
  const inbound = (...sentAt: number[]) => sentAt.map((s) => ({ sender: 2000, sentAt: s, bytes: 1 }));
  test('hrmp/tests.rs scenario: last watermark 3 — 2 is AdvancementRule, 5 without messages LandsOnBlockWithNoMessages, 3 stays valid, the relay parent always is', () => {
    const p = para({ hrmpWatermark: 3, hrmpInbound: inbound(6) });
    expect(verdict(checkHrmpWatermark(p, 6, 2))).toBe('RT-28 HrmpWatermarkMishandling: AdvancementRule { new_watermark: 2, last_watermark: 3 }');
    expect(verdict(checkHrmpWatermark(p, 6, 5))).toBe('RT-28 HrmpWatermarkMishandling: LandsOnBlockWithNoMessages { new_watermark: 5 }');
    expect(verdict(checkHrmpWatermark(p, 7, 3))).toBe('ok');
    expect(verdict(checkHrmpWatermark(p, 7, 6))).toBe('ok');
    expect(verdict(checkHrmpWatermark(p, 7, 7))).toBe('ok');
  });
  test('a watermark above the relay parent is AheadRelayParent (HrmpWatermarkMishandling)', () => {
    expect(verdict(checkHrmpWatermark(base, 5, 6))).toMatch(/^RT-28 HrmpWatermarkMishandling: AheadRelayParent/);
  });
  test('valid_watermarks: the digest, with the current watermark in front while it is below it', () => {
    expect(validWatermarks(para({ hrmpWatermark: 3, hrmpInbound: inbound(6, 6, 8) }))).toEqual([3, 6, 8]);
    expect(validWatermarks(para({ hrmpWatermark: null, hrmpInbound: inbound(6) }))).toEqual([6]);
  });
  test('valid_watermarks lists each block once: a current watermark equal to the first digest block is not added again', () => {
    // The watermark goes in front only while it is strictly below the digest (`w > last_watermark`).
    // (Prune-to-watermark keeps the digest above it; this state needs a watermark that was never pruned to.)
    expect(validWatermarks(para({ hrmpWatermark: 6, hrmpInbound: inbound(6, 8) }))).toEqual([6, 8]);
  });
  test('valid_watermarks with an empty digest is empty, even with a current watermark (first().map_or(false, ..))', () => {
    expect(validWatermarks(para({ hrmpWatermark: 3, hrmpInbound: [] }))).toEqual([]);
    expect(validWatermarks(para({ hrmpWatermark: null, hrmpInbound: [] }))).toEqual([]);
  });
  test('finding: with no messages queued, a candidate keeping the current watermark is accepted by the runtime but refused by the node', () => {
    // The runtime: `new == last` is fine (RT-28). The node: a Trunk watermark must be one of
    // `valid_watermarks`, which is empty here (PP-01, DisallowedHrmpWatermark). An honest cumulus
    // collator sets the relay-parent number when it has processed everything (a Head update, always
    // valid), so only a collator keeping an old watermark meets this.
    const quiet = para({ hrmpWatermark: 3, hrmpInbound: [] });
    expect(verdict(checkHrmpWatermark(quiet, 7, 3))).toBe('ok');
    const constraints = makeConstraints(5, validWatermarks(quiet), 'h');
    expect(checkModifications(constraints, { ...identityModifications(), hrmpWatermark: { kind: 'Trunk', watermark: 3 } })).toMatchObject({
      ok: false,
      rule: 'PP-01',
      error: 'DisallowedHrmpWatermark',
    });
  });
  test('switched off (withRulesOff([\'RT-28\'])), any watermark is accepted', () => {
    expect(withRulesOff(['RT-28'], () => verdict(checkHrmpWatermark(para({ hrmpWatermark: 3 }), 5, 9)))).toBe('ok');
  });
});

describe('RT-29 check_outbound_hrmp', () => {
  const msg = (recipient: number, bytes: number) => ({ recipient, bytes });
  test('one message on the open channel at its limits is fine; the count per candidate is checked first', () => {
    expect(verdict(checkOutboundHrmp(base, [msg(2000, m.hrmpChannelMaxMessageSize)], m))).toBe('ok');
    expect(verdict(checkOutboundHrmp(base, Array(m.hrmpMaxMessageNumPerCandidate + 1).fill(msg(2000, 1)), m))).toBe('RT-29 InvalidOutboundHrmp: MoreMessagesThanPermitted { sent: 6, permitted: 5 }');
  });
  test('recipients must be strictly ascending (NotSorted), on open channels (NoSuchChannel)', () => {
    expect(verdict(checkOutboundHrmp(base, [msg(2000, 1), msg(2000, 1)], m))).toBe('RT-29 InvalidOutboundHrmp: NotSorted { idx: 1 }');
    expect(verdict(checkOutboundHrmp(base, [msg(3000, 1)], m))).toBe('RT-29 InvalidOutboundHrmp: NoSuchChannel { idx: 0, recipient: 3000 }');
  });
  // A sender with open channels to paras 0, 2000 … 6000 (ParaId 0 is a valid recipient).
  const wide = para({ hrmpOutbound: Object.fromEntries([0, 2000, 3000, 4000, 5000, 6000].map((r) => [r, base.hrmpOutbound[2000]!])) });
  test('several messages to strictly ascending recipients are accepted, up to hrmp_max_message_num_per_candidate exactly', () => {
    expect(verdict(checkOutboundHrmp(wide, [msg(2000, 1), msg(3000, 1)], m))).toBe('ok');
    expect(verdict(checkOutboundHrmp(wide, [msg(0, 1)], m))).toBe('ok');
    expect(verdict(checkOutboundHrmp(wide, [msg(0, 1), msg(2000, 1)], m))).toBe('ok');
    const five = [2000, 3000, 4000, 5000, 6000].map((r) => msg(r, 1));
    expect(five).toHaveLength(m.hrmpMaxMessageNumPerCandidate);
    expect(verdict(checkOutboundHrmp(wide, five, m))).toBe('ok');
    expect(verdict(checkOutboundHrmp(wide, [msg(0, 1), ...five], m))).toBe('RT-29 InvalidOutboundHrmp: MoreMessagesThanPermitted { sent: 6, permitted: 5 }');
  });
  test('a descending recipient is NotSorted at its index, whatever comes before it', () => {
    expect(verdict(checkOutboundHrmp(wide, [msg(2000, 1), msg(4000, 1), msg(3000, 1)], m))).toBe('RT-29 InvalidOutboundHrmp: NotSorted { idx: 2 }');
  });
  test('message size, total size and capacity of the channel, each at the boundary', () => {
    expect(verdict(checkOutboundHrmp(base, [msg(2000, m.hrmpChannelMaxMessageSize + 1)], m))).toBe(
      `RT-29 InvalidOutboundHrmp: MaxMessageSizeExceeded { idx: 0, msg_size: ${m.hrmpChannelMaxMessageSize + 1}, max_size: ${m.hrmpChannelMaxMessageSize} }`,
    );
    const ch = base.hrmpOutbound[2000]!;
    const nearlyFull = para({ hrmpOutbound: { 2000: { ...ch, totalSize: ch.maxTotalSize - 10, msgCount: ch.maxCapacity - 1 } } });
    expect(verdict(checkOutboundHrmp(nearlyFull, [msg(2000, 10)], m))).toBe('ok');
    expect(verdict(checkOutboundHrmp(nearlyFull, [msg(2000, 11)], m))).toBe(`RT-29 InvalidOutboundHrmp: TotalSizeExceeded { idx: 0, total_size: ${ch.maxTotalSize + 1}, limit: ${ch.maxTotalSize} }`);
    const countFull = para({ hrmpOutbound: { 2000: { ...ch, msgCount: ch.maxCapacity } } });
    expect(verdict(checkOutboundHrmp(countFull, [msg(2000, 1)], m))).toBe('RT-29 InvalidOutboundHrmp: CapacityExceeded { idx: 0, count: 9, limit: 8 }');
  });
  test('switched off (withRulesOff([\'RT-29\'])), any outbound messages are accepted', () => {
    expect(withRulesOff(['RT-29'], () => verdict(checkOutboundHrmp(base, [msg(3000, 1), msg(2000, 1)], m)))).toBe('ok');
  });
});

describe('check_validation_outputs order: code, DMP, UMP, watermark, outbound HRMP', () => {
  test('with every output wrong, the code error comes first, then each in turn', () => {
    const p = para({ dmq: [1], upgradeRestrictedUntil: 9 });
    const c = commitments({
      newValidationCode: { hash: hashOf('c'), size: 1 },
      upwardMessages: Array(9).fill(1),
      hrmpWatermark: 99,
      horizontalMessages: [{ recipient: 3000, bytes: 1 }],
    });
    const order: string[] = [];
    const off: string[] = [];
    for (const id of ['RT-24', 'RT-26', 'RT-27', 'RT-28', 'RT-29']) {
      const v = withRulesOff(off, () => checkValidationOutputs(p, 5, c, m));
      order.push(v.ok ? 'ok' : v.rule);
      off.push(id);
    }
    expect(order).toEqual(['RT-24', 'RT-26', 'RT-27', 'RT-28', 'RT-29']);
  });
});

describe('RT-30 enact_candidate: the outputs change the queues', () => {
  test('prunes the downward queue, queues upward messages, prunes inbound HRMP to the watermark and queues outbound HRMP', () => {
    let s: RelayRuntimeState = { ...genesis, blockNumber: 7 };
    s = { ...s, paras: { ...s.paras, 1000: para({ dmq: [3, 4, 6], hrmpInbound: [{ sender: 2000, sentAt: 4, bytes: 7 }, { sender: 2000, sentAt: 6, bytes: 9 }] }) } };
    s = { ...s, paras: { ...s.paras, 2000: { ...s.paras[2000]!, hrmpOutbound: { 1000: { ...s.paras[2000]!.hrmpOutbound[1000]!, msgCount: 2, totalSize: 16 } } } } };
    const c = commitments({ processedDownwardMessages: 2, upwardMessages: [10, 20], hrmpWatermark: 5, horizontalMessages: [{ recipient: 2000, bytes: 30 }] });
    const after = enactCandidateOutputs(s, pending(1000, c), 7, m);
    const a = after.paras[1000]!;
    expect(a.dmq).toEqual([6]);
    expect(a.ump).toEqual([10, 20]);
    expect(a.hrmpInbound).toEqual([{ sender: 2000, sentAt: 6, bytes: 9 }]);
    expect(a.hrmpWatermark).toBe(5);
    expect(a.hrmpOutbound[2000]).toMatchObject({ msgCount: 1, totalSize: 30 });
    expect(after.paras[2000]!.hrmpInbound).toEqual([{ sender: 1000, sentAt: 7, bytes: 30 }]);
    expect(after.paras[2000]!.hrmpOutbound[1000]).toMatchObject({ msgCount: 1, totalSize: 9 });
  });
  test('new code is scheduled from now + validation_upgrade_delay with a restriction until now + cooldown; a second one is ignored', () => {
    const s: RelayRuntimeState = { ...genesis, blockNumber: 7 };
    const c = commitments({ newValidationCode: { hash: hashOf('new'), size: 1 } });
    const once = enactCandidateOutputs(s, pending(1000, c), 7, m);
    expect(once.paras[1000]!.futureCode).toEqual({ hash: hashOf('new'), at: 7 + m.validationUpgradeDelay });
    expect(once.paras[1000]!.upgradeRestrictedUntil).toBe(7 + m.validationUpgradeCooldown);
    const twice = enactCandidateOutputs({ ...once, blockNumber: 8 }, pending(1000, commitments({ newValidationCode: { hash: hashOf('other'), size: 1 } })), 8, m);
    expect(twice.paras[1000]!.futureCode).toEqual(once.paras[1000]!.futureCode);
  });
  test('a message sent at exactly the watermark is pruned with its channel\'s counts; one sent after it stays', () => {
    let s: RelayRuntimeState = { ...genesis, blockNumber: 9 };
    s = { ...s, paras: { ...s.paras, 1000: para({ hrmpWatermark: 3, hrmpInbound: [{ sender: 2000, sentAt: 5, bytes: 7 }, { sender: 2000, sentAt: 6, bytes: 9 }] }) } };
    s = { ...s, paras: { ...s.paras, 2000: { ...s.paras[2000]!, hrmpOutbound: { 1000: { ...s.paras[2000]!.hrmpOutbound[1000]!, msgCount: 2, totalSize: 16 } } } } };
    const after = enactCandidateOutputs(s, pending(1000, commitments({ hrmpWatermark: 5 })), 9, m);
    expect(after.paras[1000]!.hrmpInbound).toEqual([{ sender: 2000, sentAt: 6, bytes: 9 }]);
    expect(after.paras[1000]!.hrmpWatermark).toBe(5);
    expect(after.paras[2000]!.hrmpOutbound[1000]).toMatchObject({ msgCount: 1, totalSize: 9 });
  });
  test('a message to a para without an open channel from the sender is not delivered (reachable with RT-29 off)', () => {
    // Para 1000 has no channel to 2000 here; 2000 exists and has a channel back.
    const s: RelayRuntimeState = { ...genesis, blockNumber: 7, paras: { ...genesis.paras, 1000: para({ hrmpOutbound: {} }) } };
    const c = commitments({ horizontalMessages: [{ recipient: 2000, bytes: 30 }] });
    expect(withRulesOff(['RT-29'], () => checkOutboundHrmp(s.paras[1000]!, c.horizontalMessages, m))).toEqual({ ok: true });
    const after = enactCandidateOutputs(s, pending(1000, c), 7, m);
    expect(after.paras[2000]!.hrmpInbound).toEqual([]);
    expect(after.paras[1000]!.hrmpOutbound).toEqual({});
    expect(after.paras[2000]!.hrmpOutbound).toEqual(genesis.paras[2000]!.hrmpOutbound);
  });
  test('switched off (withRulesOff([\'RT-30\'])), nothing changes', () => {
    const s: RelayRuntimeState = { ...genesis, paras: { ...genesis.paras, 1000: para({ dmq: [1] }) } };
    const c = commitments({ processedDownwardMessages: 1, upwardMessages: [1] });
    expect(withRulesOff(['RT-30'], () => enactCandidateOutputs(s, pending(1000, c), 7, m))).toBe(s);
  });
});

describe('RT-31 note_new_head applies a scheduled upgrade from its block', () => {
  const p = para({ futureCode: { hash: hashOf('new'), at: 9 } });
  test('a relay parent one before the block keeps the old code; at the block the new code applies', () => {
    expect(applyFutureCode(p, 8)).toBe(p);
    expect(applyFutureCode(p, 9)).toMatchObject({ codeHash: hashOf('new'), futureCode: null });
  });
  test('switched off (withRulesOff([\'RT-31\'])), the upgrade never applies', () => {
    expect(withRulesOff(['RT-31'], () => applyFutureCode(p, 20))).toBe(p);
  });
});

describe('RT-32 block initialization services the queues', () => {
  test('dispatches umpDispatchPerBlock messages, oldest first; lifts a restriction whose cooldown ended at this block', () => {
    const s: RelayRuntimeState = { ...genesis, blockNumber: 9, paras: { ...genesis.paras, 1000: para({ ump: [1, 2, 3], upgradeRestrictedUntil: 9 }), 2000: { ...genesis.paras[2000]!, upgradeRestrictedUntil: 10 } } };
    const after = serviceQueues(s, m);
    expect(after.paras[1000]!.ump).toEqual([3].slice(0, 3 - m.umpDispatchPerBlock));
    expect(after.paras[1000]!.upgradeRestrictedUntil).toBeNull();
    expect(after.paras[2000]!.upgradeRestrictedUntil).toBe(10);
  });
  test('switched off (withRulesOff([\'RT-32\'])), nothing is dispatched or lifted', () => {
    const s: RelayRuntimeState = { ...genesis, blockNumber: 9, paras: { ...genesis.paras, 1000: para({ ump: [1], upgradeRestrictedUntil: 2 }) } };
    expect(withRulesOff(['RT-32'], () => serviceQueues(s, m))).toBe(s);
  });
});

describe('RT-33 downward messages join the queue with sent_at = the block', () => {
  test('one entry per message; unknown paras are dropped', () => {
    const s: RelayRuntimeState = { ...genesis, blockNumber: 4 };
    const after = queueDownwardMessages(s, [1000, 1000, 4242]);
    expect(after.paras[1000]!.dmq).toEqual([4, 4]);
    expect(after.paras[4242]).toBeUndefined();
  });
  test('through a whole relay block: queued at the end of block 1, the advancement rule binds a candidate with relay parent #1', () => {
    const r = processRelayBlock(genesis, params, groupsOf(params), relayBlock(0), { bitfields: [], backedCandidates: [], disputesConcludedInvalid: [], downwardMessages: [2000] }, false);
    expect(r.state.paras[2000]!.dmq).toEqual([1]);
    expect(verdict(checkProcessedDownwardMessages(r.state.paras[2000]!, 1, 0))).toMatch(/AdvancementRule/);
  });
  test('switched off (withRulesOff([\'RT-33\'])), the messages are lost', () => {
    expect(withRulesOff(['RT-33'], () => queueDownwardMessages(genesis, [1000]))).toBe(genesis);
  });
});

describe('backing_state (RT-23) reads the same queues', () => {
  test('remaining UMP and HRMP capacity, the DMQ, valid watermarks, code limits, restriction and future code', () => {
    const ch = base.hrmpOutbound[2000]!;
    const p = para({
      ump: [100, 200],
      dmq: [3, 4],
      hrmpWatermark: 2,
      hrmpInbound: [{ sender: 2000, sentAt: 4, bytes: 1 }],
      hrmpOutbound: { 2000: { ...ch, msgCount: 3, totalSize: 1000 } },
      futureCode: { hash: hashOf('f'), at: 12 },
      upgradeRestrictedUntil: 11,
    });
    const s: RelayRuntimeState = { ...genesis, paras: { ...genesis.paras, 1000: p } };
    const c = backingState(s, params, 1000, () => undefined)!.constraints;
    expect(c.umpRemaining).toBe(m.maxUpwardQueueCount - 2);
    expect(c.umpRemainingBytes).toBe(m.maxUpwardQueueSize - 300);
    expect(c.maxUmpNumPerCandidate).toBe(m.maxUpwardMessageNumPerCandidate);
    expect(c.dmpRemainingMessages).toEqual([3, 4]);
    expect(c.hrmpInbound.validWatermarks).toEqual([2, 4]);
    expect(c.hrmpChannelsOut).toEqual({ 2000: { messagesRemaining: ch.maxCapacity - 3, bytesRemaining: ch.maxTotalSize - 1000 } });
    expect(c.maxHrmpNumPerCandidate).toBe(m.hrmpMaxMessageNumPerCandidate);
    expect(c.maxCodeSize).toBe(m.maxCodeSize);
    expect(c.upgradeRestriction).toBe('Present');
    expect(c.futureValidationCode).toEqual({ at: 12, codeHash: hashOf('f') });
  });
  test('without a restriction or a pending upgrade, neither is reported', () => {
    const c = backingState(genesis, params, 1000, () => undefined)!.constraints;
    expect(c.upgradeRestriction).toBeNull();
    expect(c.futureValidationCode).toBeNull();
  });
});
