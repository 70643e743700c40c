/**
 * The message and code facets of a candidate on the relay chain: `check_validation_outputs` (the
 * acceptance checks on a backed candidate's outputs, RT-24..RT-29), their enactment in
 * `enact_candidate` (RT-30) and `note_new_head` (RT-31), and the per-block work around them: the
 * upward queues dispatched and upgrade cooldowns ended at block initialization (RT-32), downward
 * messages queued during the block (RT-33).
 *
 * Sources at polkadot-stable2506 (polkadot/runtime/parachains/src/): inclusion/mod.rs
 * (`CandidateCheckContext::check_validation_outputs`, `check_upward_messages`, `enact_candidate`,
 * `receive_upward_messages`), dmp.rs (`check_processed_downward_messages`, `prune_dmq`,
 * `queue_downward_message`), hrmp.rs (`check_hrmp_watermark` after PR #8860, `check_outbound_hrmp`,
 * `prune_hrmp`, `queue_outbound_hrmp`, `valid_watermarks`), paras/mod.rs
 * (`can_upgrade_validation_code`, `schedule_code_upgrade`, `note_new_head`,
 * `process_scheduled_upgrade_cooldowns`). Notes: docs/sources/runtime.md §Q3.2, §Q6.
 *
 * "Limits are checked against the current state" (the source's doc comment): a candidate is
 * checked against the queues as they are when it is backed, not counting what candidates still
 * pending availability will add or remove when they are enacted.
 *
 * Simplifications and deviations (each also commented where it is made):
 * - Messages are sizes (`spec/types.ts`); UMP signals and the separator (`skip_ump_signals`) are not
 *   modelled; paras are never offboarding (`IsOffboarding` cannot happen).
 * - `HeadDataTooLarge` is not checked: head data is a hash in the model, it has no size.
 * - Upward messages are dispatched by count (`umpDispatchPerBlock`, a modelling choice) at block
 *   initialization; pallet-message-queue services queues by weight.
 * - A code upgrade passes PVF pre-checking at once and applies from relay parent
 *   `inclusion block + validation_upgrade_delay` (polkadot-sdk takes the larger of that and
 *   `now + minimum_validation_upgrade_delay`); go-ahead signals are not modelled.
 * - HRMP channels are opened at genesis (`MessagingParams.hrmpChannels`) and never closed.
 */
import { isOn } from '../ablation.ts';
import { OK, reject, type Verdict } from '../rule.ts';
import type { MessagingParams } from '../params.ts';
import type { BlockNumber, CandidateCommitments, OutboundHrmpMessage, ParaId, ValidationCode } from '../types.ts';
import type { InboundHrmpMessage, OutboundHrmpChannel, ParaState, PendingCandidate, RelayRuntimeState } from './state.ts';

/** polkadot-sdk's `Error<T>` names for `AcceptanceCheckErr` (via `strip_into_dispatch_err`). */
export type OutputsError =
  | 'PrematureCodeUpgrade'
  | 'NewCodeTooLarge'
  | 'IncorrectDownwardMessageHandling'
  | 'InvalidUpwardMessages'
  | 'HrmpWatermarkMishandling'
  | 'InvalidOutboundHrmp';

/** `paras::can_upgrade_validation_code`: no upgrade pending and no restriction signalled. */
export function canUpgradeValidationCode(para: ParaState): boolean {
  return para.futureCode === null && para.upgradeRestrictedUntil === null;
}

/**
 * RT-24, RT-25 (check_validation_outputs step b): new code only when the para may upgrade
 * (`PrematureCodeUpgrade`), then within `max_code_size` (`NewCodeTooLarge`).
 */
export function checkCodeUpgrade(para: ParaState, code: ValidationCode | null, m: MessagingParams): Verdict<OutputsError> {
  if (code === null) return OK;
  // Verify no upgrade is pending or restricted: one upgrade at a time, and not more often than the cooldown allows.
  if (isOn('RT-24') && !canUpgradeValidationCode(para))
    return reject(
      'RT-24',
      'PrematureCodeUpgrade',
      para.futureCode !== null ? `an upgrade to ${para.futureCode.hash} is pending from #${para.futureCode.at}` : `upgrade restriction signalled until #${para.upgradeRestrictedUntil}`,
    );
  // Verify the code fits max_code_size: every validator must store and compile it.
  if (isOn('RT-25') && code.size > m.maxCodeSize) return reject('RT-25', 'NewCodeTooLarge', `code of ${code.size} bytes, max_code_size ${m.maxCodeSize}`);
  return OK;
}

/**
 * RT-26 `dmp::check_processed_downward_messages`: if the queue's oldest message was sent at or
 * before the relay parent, at least one must be processed (AdvancementRule); no more than are queued
 * (Underflow). Error `IncorrectDownwardMessageHandling`.
 */
export function checkProcessedDownwardMessages(para: ParaState, relayParentNumber: BlockNumber, processed: number): Verdict<OutputsError> {
  const first = para.dmq[0];
  // Verify the queue advances: a para that could see a message at its relay parent must take one, so the queue cannot stall.
  if (isOn('RT-26') && processed === 0 && first !== undefined && first <= relayParentNumber)
    return reject('RT-26', 'IncorrectDownwardMessageHandling', `AdvancementRule: first message sent at #${first}, relay parent #${relayParentNumber}, none processed`);
  // Verify it processes no more than are queued.
  if (isOn('RT-26') && processed > para.dmq.length)
    return reject('RT-26', 'IncorrectDownwardMessageHandling', `Underflow { processed_downward_messages: ${processed}, dmq_length: ${para.dmq.length} }`);
  return OK;
}

/**
 * RT-27 `check_upward_messages`: at most `max_upward_message_num_per_candidate`; the queue's count
 * with them within `max_upward_queue_count`; each message within `max_upward_message_size` and the
 * running queue size within `max_upward_queue_size`. Error `InvalidUpwardMessages`.
 */
export function checkUpwardMessages(para: ParaState, upward: readonly number[], m: MessagingParams): Verdict<OutputsError> {
  if (!isOn('RT-27')) return OK;
  // Verify the per-candidate count: bounds the work one candidate can put on the relay chain.
  if (upward.length > m.maxUpwardMessageNumPerCandidate)
    return reject('RT-27', 'InvalidUpwardMessages', `MoreMessagesThanPermitted { sent: ${upward.length}, permitted: ${m.maxUpwardMessageNumPerCandidate} }`);
  // Verify the queue has room for the count: the relay chain's queue per para is bounded.
  const count = para.ump.length + upward.length;
  if (count > m.maxUpwardQueueCount) return reject('RT-27', 'InvalidUpwardMessages', `CapacityExceeded { count: ${count}, limit: ${m.maxUpwardQueueCount} }`);
  let size = para.ump.reduce((a, b) => a + b, 0);
  for (const [idx, bytes] of upward.entries()) {
    // Verify each message fits max_upward_message_size.
    if (bytes > m.maxUpwardMessageSize) return reject('RT-27', 'InvalidUpwardMessages', `MessageSize { idx: ${idx}, msg_size: ${bytes}, max_size: ${m.maxUpwardMessageSize} }`);
    // Verify the queue's bytes stay within max_upward_queue_size.
    if (size + bytes > m.maxUpwardQueueSize) return reject('RT-27', 'InvalidUpwardMessages', `TotalSizeExceeded { total_size: ${size + bytes}, limit: ${m.maxUpwardQueueSize} }`);
    size += bytes;
  }
  return OK;
}

/** `HrmpChannelDigests[para]`: the blocks in which the para received HRMP messages still queued, ascending. */
export function hrmpDigest(para: ParaState): BlockNumber[] {
  return [...new Set(para.hrmpInbound.map((x) => x.sentAt))].sort((a, b) => a - b);
}

/**
 * `hrmp::valid_watermarks` (for `backing_state`): the digest's block numbers, with the current
 * watermark in front when the first of them is above it ("The current watermark will remain valid
 * until updated"). With an empty digest the list is empty, current watermark included: the source
 * tests `first().map_or(false, |w| w > &last_watermark)`. The runtime still accepts a candidate
 * that keeps the current watermark (RT-28: `new == last` is fine), so there the node refuses what
 * the runtime would take (finding, test/relay/messaging.test.ts).
 */
export function validWatermarks(para: ParaState): BlockNumber[] {
  const digest = hrmpDigest(para);
  const w = para.hrmpWatermark;
  const first = digest[0];
  if (w !== null && first !== undefined && first > w) return [w, ...digest];
  return digest;
}

/**
 * RT-28 `hrmp::check_hrmp_watermark` (post-#8860): the relay-parent number is always fine; above
 * it is `AheadRelayParent`; below the last watermark `AdvancementRule`; equal to it fine;
 * otherwise it must be a block in which the para received messages (`LandsOnBlockWithNoMessages`).
 * Error `HrmpWatermarkMishandling`.
 */
export function checkHrmpWatermark(para: ParaState, relayParentNumber: BlockNumber, watermark: BlockNumber): Verdict<OutputsError> {
  if (!isOn('RT-28')) return OK;
  if (watermark === relayParentNumber) return OK;
  // Verify the watermark is not ahead of the relay parent: the para cannot have seen later messages.
  if (watermark > relayParentNumber)
    return reject('RT-28', 'HrmpWatermarkMishandling', `AheadRelayParent { new_watermark: ${watermark}, relay_chain_parent_number: ${relayParentNumber} }`);
  const last = para.hrmpWatermark;
  if (last !== null) {
    // Verify the watermark does not move back: messages below it were already pruned.
    if (watermark < last) return reject('RT-28', 'HrmpWatermarkMishandling', `AdvancementRule { new_watermark: ${watermark}, last_watermark: ${last} }`);
    if (watermark === last) return OK;
  }
  // Verify it lands on a block with inbound messages: a watermark elsewhere claims messages that do not exist.
  if (!hrmpDigest(para).includes(watermark)) return reject('RT-28', 'HrmpWatermarkMishandling', `LandsOnBlockWithNoMessages { new_watermark: ${watermark} }`);
  return OK;
}

/**
 * RT-29 `hrmp::check_outbound_hrmp`: at most `hrmp_max_message_num_per_candidate`; recipients
 * strictly ascending; each on an open channel, within its message size, total size and capacity.
 * Error `InvalidOutboundHrmp`.
 */
export function checkOutboundHrmp(para: ParaState, messages: readonly OutboundHrmpMessage[], m: MessagingParams): Verdict<OutputsError> {
  if (!isOn('RT-29')) return OK;
  // Verify the per-candidate count.
  if (messages.length > m.hrmpMaxMessageNumPerCandidate)
    return reject('RT-29', 'InvalidOutboundHrmp', `MoreMessagesThanPermitted { sent: ${messages.length}, permitted: ${m.hrmpMaxMessageNumPerCandidate} }`);
  let last: ParaId | null = null;
  for (const [idx, msg] of messages.entries()) {
    // Verify recipients are strictly ascending: at most one message per channel per candidate.
    if (last !== null && msg.recipient <= last) return reject('RT-29', 'InvalidOutboundHrmp', `NotSorted { idx: ${idx} }`);
    last = msg.recipient;
    const channel = para.hrmpOutbound[msg.recipient];
    // Verify the channel is open.
    if (!channel) return reject('RT-29', 'InvalidOutboundHrmp', `NoSuchChannel { idx: ${idx}, recipient: ${msg.recipient} }`);
    // Verify the message fits the channel's message size, total size and capacity.
    if (msg.bytes > channel.maxMessageSize)
      return reject('RT-29', 'InvalidOutboundHrmp', `MaxMessageSizeExceeded { idx: ${idx}, msg_size: ${msg.bytes}, max_size: ${channel.maxMessageSize} }`);
    if (channel.totalSize + msg.bytes > channel.maxTotalSize)
      return reject('RT-29', 'InvalidOutboundHrmp', `TotalSizeExceeded { idx: ${idx}, total_size: ${channel.totalSize + msg.bytes}, limit: ${channel.maxTotalSize} }`);
    if (channel.msgCount + 1 > channel.maxCapacity)
      return reject('RT-29', 'InvalidOutboundHrmp', `CapacityExceeded { idx: ${idx}, count: ${channel.msgCount + 1}, limit: ${channel.maxCapacity} }`);
  }
  return OK;
}

/**
 * `check_validation_outputs` after head data (not modelled, see header), in the source's order:
 * code (RT-24, RT-25), DMP (RT-26), UMP (RT-27), HRMP watermark (RT-28), outbound HRMP (RT-29).
 */
export function checkValidationOutputs(para: ParaState, relayParentNumber: BlockNumber, c: CandidateCommitments, m: MessagingParams): Verdict<OutputsError> {
  const checks = [
    () => checkCodeUpgrade(para, c.newValidationCode, m),
    () => checkProcessedDownwardMessages(para, relayParentNumber, c.processedDownwardMessages),
    () => checkUpwardMessages(para, c.upwardMessages, m),
    () => checkHrmpWatermark(para, relayParentNumber, c.hrmpWatermark),
    () => checkOutboundHrmp(para, c.horizontalMessages, m),
  ];
  for (const check of checks) {
    const v = check();
    if (!v.ok) return v;
  }
  return OK;
}

function withPara(state: RelayRuntimeState, id: ParaId, f: (p: ParaState) => ParaState): RelayRuntimeState {
  const p = state.paras[id];
  return p ? { ...state, paras: { ...state.paras, [id]: f(p) } } : state;
}

/**
 * RT-30 the messaging and code facets of `enact_candidate`, in the source's order:
 * `schedule_code_upgrade` (from `now + validation_upgrade_delay`, restriction until
 * `now + validation_upgrade_cooldown`; ignored while another upgrade is pending), `prune_dmq`,
 * `receive_upward_messages`, `prune_hrmp` (inbound messages up to the watermark leave their
 * channels; the watermark is recorded), `queue_outbound_hrmp` (sent at `now`).
 */
export function enactCandidateOutputs(state: RelayRuntimeState, c: PendingCandidate, now: BlockNumber, m: MessagingParams): RelayRuntimeState {
  if (!isOn('RT-30')) return state;
  const id = c.paraId;
  const out = c.candidate.commitments;
  let s = state;
  const code = out.newValidationCode;
  // An upgrade is scheduled only if none is pending (`schedule_code_upgrade` returns early otherwise).
  if (code !== null)
    s = withPara(s, id, (p) => (p.futureCode !== null ? p : { ...p, futureCode: { hash: code.hash, at: now + m.validationUpgradeDelay }, upgradeRestrictedUntil: now + m.validationUpgradeCooldown }));
  // prune_dmq: the processed messages leave the queue (clamped, "better be safe than sorry").
  s = withPara(s, id, (p) => ({ ...p, dmq: p.dmq.slice(out.processedDownwardMessages) }));
  // receive_upward_messages: into the para's upward queue.
  if (out.upwardMessages.length > 0) s = withPara(s, id, (p) => ({ ...p, ump: [...p.ump, ...out.upwardMessages] }));
  // prune_hrmp: inbound messages sent at or before the watermark are processed; their channels shrink.
  const w = out.hrmpWatermark;
  const pruned: InboundHrmpMessage[] = (s.paras[id]?.hrmpInbound ?? []).filter((x) => x.sentAt <= w);
  s = withPara(s, id, (p) => ({ ...p, hrmpInbound: p.hrmpInbound.filter((x) => x.sentAt > w), hrmpWatermark: w }));
  for (const msg of pruned) s = withPara(s, msg.sender, (p) => adjustChannel(p, id, -1, -msg.bytes));
  // queue_outbound_hrmp: each message joins its channel, sent at this block.
  for (const msg of out.horizontalMessages) {
    // A message on a channel that is not open is dropped (only reachable with RT-29 switched off).
    if (!s.paras[id]?.hrmpOutbound[msg.recipient] || !s.paras[msg.recipient]) continue;
    s = withPara(s, id, (p) => adjustChannel(p, msg.recipient, 1, msg.bytes));
    s = withPara(s, msg.recipient, (p) => ({ ...p, hrmpInbound: [...p.hrmpInbound, { sender: id, sentAt: now, bytes: msg.bytes }] }));
  }
  return s;
}

function adjustChannel(p: ParaState, recipient: ParaId, count: number, bytes: number): ParaState {
  const ch: OutboundHrmpChannel | undefined = p.hrmpOutbound[recipient];
  if (!ch) return p;
  return { ...p, hrmpOutbound: { ...p.hrmpOutbound, [recipient]: { ...ch, msgCount: ch.msgCount + count, totalSize: ch.totalSize + bytes } } };
}

/**
 * RT-31 the code facet of `note_new_head`: a pending upgrade applies when an included candidate's
 * relay parent reaches its block (`FutureCodeUpgrades[para] <= relay_parent_number`).
 */
export function applyFutureCode(para: ParaState, relayParentNumber: BlockNumber): ParaState {
  // Verify the upgrade applies exactly from its block: candidates with older relay parents were built for the old code.
  if (!isOn('RT-31') || para.futureCode === null || para.futureCode.at > relayParentNumber) return para;
  return { ...para, codeHash: para.futureCode.hash, futureCode: null };
}

/**
 * RT-32 at block initialization: each para's upward queue is serviced (up to `umpDispatchPerBlock`
 * messages, oldest first; a modelling choice for pallet-message-queue's weight-bounded servicing),
 * and upgrade restrictions whose cooldown ended are lifted (`process_scheduled_upgrade_cooldowns`).
 */
export function serviceQueues(state: RelayRuntimeState, m: MessagingParams): RelayRuntimeState {
  if (!isOn('RT-32')) return state;
  const now = state.blockNumber;
  const paras: Record<string, ParaState> = {};
  for (const [k, p] of Object.entries(state.paras)) {
    const restricted = p.upgradeRestrictedUntil !== null && p.upgradeRestrictedUntil > now ? p.upgradeRestrictedUntil : null;
    paras[k] = p.ump.length === 0 && restricted === p.upgradeRestrictedUntil ? p : { ...p, ump: p.ump.slice(m.umpDispatchPerBlock), upgradeRestrictedUntil: restricted };
  }
  return { ...state, paras };
}

/**
 * RT-33 `dmp::queue_downward_message`: a downward message sent in this block joins the para's queue
 * with `sent_at` = this block. Messages to unknown paras are dropped (`Unroutable`).
 */
export function queueDownwardMessages(state: RelayRuntimeState, recipients: readonly ParaId[]): RelayRuntimeState {
  if (!isOn('RT-33') || recipients.length === 0) return state;
  let s = state;
  for (const id of recipients) s = withPara(s, id, (p) => ({ ...p, dmq: [...p.dmq, state.blockNumber] }));
  return s;
}
