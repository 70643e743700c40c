/**
 * Schedules for the network of part 2: per relay block, what the collators produce at the current
 * leaf (on the best chain's tip, or a fork of it, with which relay parent), which collations the
 * backing group backs, availability, forks and session changes. The block author is the honest
 * provisioner (`properties/network/author.ts`): it asks the node for backable chains.
 *
 * Messages and code: downward messages arrive for the paras with one core (`dmpRecipients`, a
 * modelling choice explained there). Honest collators read the limits from the constraints the
 * node applies to their parent (the leaf's `backing_state` with the chain's cumulative
 * modifications, `honestOutputs`): they process every downward message their relay parent saw,
 * set the HRMP watermark to the relay parent, send upward and HRMP messages within the remaining
 * capacity, and a para with one core sometimes upgrades its code when nothing is pending, restricted
 * or announced in its chain. Each message kind breaks exactly one inclusion-emulator limit (PP-01..
 * PP-04, PP-06, PP-09..PP-14): the node refuses it, and with that rule switched off the runtime's
 * check_validation_outputs (RT-06, RT-24..RT-29) refuses what the node offers, which N-03 reports.
 */
import fc from 'fast-check';
import { hashOf } from '../../spec/hash.ts';
import { coresOf, type ModelParams } from '../../spec/params.ts';
import { messagingOf } from '../../spec/params.ts';
import { pvdHash, type CandidateCommitments, type CommittedCandidate, type HeadData, type OutboundHrmpMessage, type ParaId, type PersistedValidationData, type ValidatorIndex } from '../../spec/types.ts';
import { earliestRelayParent } from '../../spec/node/scope.ts';
import { applyModifications, type Constraints } from '../../spec/node/inclusionEmulator.ts';
import type { FragmentNode } from '../../spec/node/fragmentChain.ts';
import type { NetworkContext, NetworkEvent } from '../../machines/network.ts';
import { backingGroupOf, chainInView } from '../../machines/network.ts';
import { AVAILABILITY_LEVELS, candidateHashOf, dmpRecipients, type AvailabilityLevel } from '../schedule.ts';

/** The constraints a child of `parent` must satisfy: the leaf's base constraints with the chain's cumulative modifications. */
export function operatingConstraints(base: Constraints, parent: FragmentNode | null): Constraints {
  if (!parent) return base;
  const r = applyModifications(base, parent.cumulativeModifications);
  return r.ok ? r.constraints : base;
}

/**
 * What an honest collator puts in its candidate's outputs, within the limits `c` gives (the parent's
 * operating constraints) at relay parent `rp`: it processes every downward message the relay parent
 * saw, sets the watermark to the relay parent (cumulus does), sends up to two upward messages and one
 * HRMP message per open channel with room, and (`upgrade`) announces new code.
 */
export function honestOutputs(params: ModelParams, c: Constraints, rp: number, salt: number, upgrade: { hash: string } | null): Omit<CandidateCommitments, 'headData'> {
  const m = messagingOf(params);
  const size = 100;
  const ump = Math.min(c.maxUmpNumPerCandidate, c.umpRemaining, Math.floor(c.umpRemainingBytes / size), Math.min(m.maxUpwardMessageSize, size) === size ? (rp + salt) % 3 : 0);
  const horizontal: OutboundHrmpMessage[] = [];
  for (const r of Object.keys(c.hrmpChannelsOut).map(Number).sort((a, b) => a - b)) {
    const ch = c.hrmpChannelsOut[r]!;
    const bytes = Math.min(64, m.hrmpChannelMaxMessageSize);
    if (horizontal.length < c.maxHrmpNumPerCandidate && ch.messagesRemaining >= 1 && ch.bytesRemaining >= bytes && (rp + salt + r) % 2 === 0) horizontal.push({ recipient: r, bytes });
  }
  return {
    upwardMessages: Array.from({ length: Math.max(0, ump) }, () => size),
    horizontalMessages: horizontal,
    newValidationCode: upgrade ? { hash: upgrade.hash, size: 1024 } : null,
    processedDownwardMessages: c.dmpRemainingMessages.filter((x) => x <= rp).length,
    hrmpWatermark: rp,
  };
}

/** The outputs of a message kind: the honest ones with exactly one emulator limit broken (PP rule in the comment). */
function adversarialOutputs(kind: CollationKind, params: ModelParams, c: Constraints, rp: number, honest: Omit<CandidateCommitments, 'headData'>, para: ParaId, salt: number): Omit<CandidateCommitments, 'headData'> {
  const m = messagingOf(params);
  const open = Object.keys(c.hrmpChannelsOut).map(Number).sort((a, b) => a - b);
  const code = (size: number) => ({ hash: hashOf('code', para, 'adversarial', rp, salt), size });
  switch (kind) {
    case 'badWatermark': {
      // PP-01: a Trunk watermark on no allowed block (below the relay parent, not a valid watermark).
      let w = rp - 1;
      while (w >= 0 && c.hrmpInbound.validWatermarks.includes(w)) w--;
      return w >= 0 ? { ...honest, hrmpWatermark: w } : honest;
    }
    case 'hrmpOverflow':
      // PP-02: more bytes than the channel has left (HrmpBytesOverflow).
      return open.length > 0 ? { ...honest, horizontalMessages: [{ recipient: open[0]!, bytes: c.hrmpChannelsOut[open[0]!]!.bytesRemaining + 1 }] } : honest;
    case 'hrmpUnknownChannel':
      // PP-02: a recipient without an open channel (NoSuchHrmpChannel); para 1 is never one of the model's.
      return { ...honest, horizontalMessages: [{ recipient: 1, bytes: 1 }] };
    case 'hrmpUnsorted':
      // PP-06: two messages to the same recipient (HrmpMessagesDescendingOrDuplicate).
      return open.length > 0 ? { ...honest, horizontalMessages: [{ recipient: open[0]!, bytes: 1 }, { recipient: open[0]!, bytes: 1 }] } : honest;
    case 'hrmpPerCandidateOverflow':
      // PP-11: one message more than max_hrmp_num_per_candidate, sorted, on open channels (needs more channels than the limit).
      return open.length > c.maxHrmpNumPerCandidate ? { ...honest, horizontalMessages: open.slice(0, c.maxHrmpNumPerCandidate + 1).map((r) => ({ recipient: r, bytes: 1 })) } : honest;
    case 'umpOverflow':
      // PP-03: more bytes than the upward queue has left (UmpBytesOverflow), in one message.
      return { ...honest, upwardMessages: [c.umpRemainingBytes + 1] };
    case 'umpPerCandidateOverflow':
      // PP-14: one upward message more than max_ump_num_per_candidate.
      return { ...honest, upwardMessages: Array.from({ length: c.maxUmpNumPerCandidate + 1 }, () => 1) };
    case 'dmpUnderflow':
      // PP-04: one downward message more than are queued (DmpMessagesUnderflow).
      return { ...honest, processedDownwardMessages: c.dmpRemainingMessages.length + 1 };
    case 'dmpNotAdvanced':
      // PP-13: none processed although the relay parent saw one (DmpAdvancementRule).
      return { ...honest, processedDownwardMessages: 0 };
    case 'upgradeRestricted':
      // PP-09: new code while the relay chain signals a restriction (only then; else it is an honest upgrade attempt elsewhere).
      return c.upgradeRestriction === 'Present' ? { ...honest, newValidationCode: code(1024) } : honest;
    case 'codeTooLarge':
      // PP-10: code one byte over max_code_size.
      return { ...honest, newValidationCode: code(m.maxCodeSize + 1) };
    default:
      return honest;
  }
}

/** What a collator (with its backing group) does: honest, or one of the ways to break a node rule. */
export const COLLATION_KINDS = [
  'honest',
  'oldRelayParent',
  'backwardsRelayParent',
  'beforePending',
  'forkOfPending',
  'zeroLengthCycle',
  'cycle',
  'multiplePaths',
  'wrongPvd',
  'wrongCode',
  'duplicate',
  // One inclusion-emulator limit each (see honestOutputs / collationEvents).
  'pvdMismatch',
  'badWatermark',
  'hrmpOverflow',
  'hrmpUnknownChannel',
  'hrmpUnsorted',
  'hrmpPerCandidateOverflow',
  'umpOverflow',
  'umpPerCandidateOverflow',
  'dmpUnderflow',
  'dmpNotAdvanced',
  'upgradeRestricted',
  'codeTooLarge',
] as const;
export type CollationKind = (typeof COLLATION_KINDS)[number];

export interface CollationChoice {
  readonly kind: CollationKind;
  /** Build on the parent of the best chain's tip instead of the tip: a parachain fork. */
  readonly fork: boolean;
  /** 0 = the leaf itself as relay parent; k = k blocks older (clamped to the scope). */
  readonly rpBack: number;
  readonly variant: number;
  /** The backing group backs it in this block (else it stays seconded, maybe backed later). */
  readonly backed: boolean;
}

export interface NetParaChoice {
  readonly availability: readonly AvailabilityLevel[];
  readonly collations: readonly CollationChoice[];
  /** Back one earlier seconded-but-unbacked collation of this para (index into them), if any. */
  readonly lateBacking: number | null;
}

export interface NetBlockChoice {
  readonly forkBack: number;
  readonly endsSession: boolean;
  readonly paras: readonly NetParaChoice[];
  /** Downward messages sent in this block, one recipient per message (absent: none). */
  readonly downward?: readonly ParaId[];
}

export interface NetSchedule {
  readonly blocks: readonly NetBlockChoice[];
}

export function netScheduleArb(params: ModelParams, blocks: number, opts: { forks?: boolean; sessions?: boolean; adversarial?: boolean } = {}): fc.Arbitrary<NetSchedule> {
  const rare = (p: number) => fc.noBias(fc.integer({ min: 0, max: 999 })).map((x) => x >= 1000 - p * 10);
  const para = (id: ParaId) => {
    const k = coresOf(params, id).length;
    return fc.record({
      availability: fc.array(fc.oneof({ arbitrary: fc.constant<AvailabilityLevel>('all'), weight: 6 }, { arbitrary: fc.constantFrom<AvailabilityLevel>(...AVAILABILITY_LEVELS), weight: 4 }), { minLength: 1, maxLength: 3 }),
      collations: fc.array(
        fc.record({
          kind: opts.adversarial === false ? fc.constant<CollationKind>('honest') : fc.oneof({ arbitrary: fc.constant<CollationKind>('honest'), weight: 7 }, { arbitrary: fc.constantFrom<CollationKind>(...COLLATION_KINDS), weight: 3 }),
          fork: rare(15),
          rpBack: fc.nat({ max: params.asyncBacking.allowedAncestryLen + 1 }),
          variant: fc.nat({ max: 1 }),
          backed: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }),
        }),
        { minLength: 0, maxLength: k + 1 },
      ),
      lateBacking: fc.option(fc.nat({ max: 3 }), { freq: 3 }),
    });
  };
  return fc.record({
    blocks: fc.array(
      fc.record({
        forkBack: opts.forks === false ? fc.constant(0) : fc.oneof({ arbitrary: fc.constant(0), weight: 19 }, { arbitrary: fc.integer({ min: 1, max: 2 }), weight: 1 }),
        endsSession: opts.sessions === false ? fc.constant(false) : rare(2),
        paras: fc.tuple(...params.paras.map((p) => para(p.id))),
        downward: dmpRecipients(params).length > 0 ? fc.array(fc.constantFrom(...dmpRecipients(params)), { maxLength: 1 }) : fc.constant([]),
      }),
      { minLength: blocks, maxLength: blocks },
    ),
  });
}

/** Parablock numbers by head, known to the collators (genesis heads are number 0). */
export function parablockNumber(ctx: NetworkContext, head: HeadData): number {
  const byOutput = new Map<HeadData, HeadData>();
  for (const c of Object.values(ctx.collations)) if (!byOutput.has(c.candidate.commitments.headData)) byOutput.set(c.candidate.commitments.headData, c.pvd.parentHead);
  // Adversarial collations may form cycles of heads: count each head once (only core selection uses the number).
  const seen = new Set<HeadData>();
  let n = 0;
  for (let h: HeadData | undefined = head; h !== undefined && !seen.has(h) && !ctx.params.paras.some((p) => p.genesisHead === h); h = byOutput.get(h)) {
    seen.add(h);
    n++;
  }
  return n;
}

/**
 * The events of one collation at the leaf `leaf`: honest collators build on the tip of the node's
 * best chain (or its parent, forking), with a relay parent in the chain's scope not older than the
 * parent's, on the core the parablock number selects (cumulus' core selector: the para's cores in
 * order, by block number); with `backed`, the backing group's votes follow.
 * Decoded against the current state, so consecutive collations extend each other.
 */
export function collationEvents(ctx: NetworkContext, leaf: string, paraIndex: number, col: CollationChoice): NetworkEvent[] {
  const params = ctx.params;
  const p = params.paras[paraIndex]!;
  const chain = chainInView(ctx.view, leaf, p.id);
  if (!chain) return [];
  const scope = chain.scope;
  const cores = coresOf(params, p.id);
  const nodes = chain.bestChain;
  const pendingCount = scope.pendingAvailability.length;
  // Where the collation builds: the tip, the tip's parent (a fork), or the included head (forking a pending candidate).
  const base = col.kind === 'forkOfPending' && pendingCount > 0 ? 0 : col.fork || col.kind === 'multiplePaths' ? nodes.length - 1 : nodes.length;
  const parentNode = base > 0 ? nodes[base - 1]! : null;
  const parentHead = parentNode ? parentNode.outputHeadDataHash : scope.baseConstraints.requiredParent;
  const scopeBlocks = [...scope.ancestors, scope.relayParent];
  // A parachain block's relay parent never precedes its parent's (cumulus' consensus hook checks
  // it): building on the included head, not before the relay parent of the candidate that included
  // it (the para's most recent context). With ancestry 2 the scope never reaches below it anyway.
  const mostRecentContext = ctx.relay.blocks[leaf]!.runtime.paras[p.id]?.mostRecentContext ?? 0;
  const minRp = Math.max(parentNode?.relayParent.number ?? mostRecentContext, earliestRelayParent(scope).number);
  const window = scopeBlocks.filter((b) => b.number >= minRp);
  let rp = window[Math.max(0, window.length - 1 - col.rpBack)] ?? scope.relayParent;
  if (col.kind === 'oldRelayParent') {
    // Just below the scope: an ancestor of the oldest allowed relay parent.
    const oldest = ctx.relay.blocks[earliestRelayParent(scope).hash];
    const below = oldest?.parent ? ctx.relay.blocks[oldest.parent] : undefined;
    if (below) rp = { hash: below.hash, number: below.number, storageRoot: below.storageRoot };
  } else if (col.kind === 'backwardsRelayParent') {
    const older = scopeBlocks.filter((b) => b.number < (parentNode?.relayParent.number ?? -1));
    if (older.length > 0) rp = older[older.length - 1]!;
  } else if (col.kind === 'beforePending') {
    const lastPending = nodes[pendingCount - 1];
    const older = scopeBlocks.filter((b) => b.number < (lastPending?.relayParent.number ?? -1));
    if (older.length > 0) rp = older[older.length - 1]!;
  }
  const number = parablockNumber(ctx, parentHead) + 1;
  const core = cores[number % cores.length]!;
  let headData: HeadData = hashOf('head', p.id, parentHead, rp.hash, col.variant);
  if (col.kind === 'zeroLengthCycle') headData = parentHead;
  else if (col.kind === 'cycle') headData = nodes.length > 1 ? nodes[0]!.parentHeadDataHash : headData;
  else if (col.kind === 'multiplePaths' && nodes.length > 0) headData = nodes.at(-1)!.outputHeadDataHash;
  // The limits the node applies to this candidate: the parent's operating constraints.
  const op = operatingConstraints(scope.baseConstraints, parentNode);
  // An honest upgrade: a para with one core, nothing pending or restricted, no candidate of the chain announcing one (the node does not track announcements).
  const announced = nodes.slice(0, base).some((n) => ctx.collations[n.candidateHash]?.candidate.commitments.newValidationCode);
  const mayUpgrade = cores.length === 1 && op.upgradeRestriction === null && op.futureValidationCode === null && !announced && (rp.number + col.variant) % 5 === 3;
  const honest = honestOutputs(params, op, rp.number, col.variant, mayUpgrade ? { hash: hashOf('code', p.id, rp.number, parentHead) } : null);
  const outputs = adversarialOutputs(col.kind, params, op, rp.number, honest, p.id, col.variant);
  if (outputs !== honest) headData = hashOf('head', p.id, parentHead, rp.hash, col.variant, col.kind);
  const honestPvd: PersistedValidationData = { parentHead, relayParentNumber: rp.number, relayParentStorageRoot: rp.storageRoot, maxPovSize: params.maxPovSize };
  // pvdMismatch: a self-consistent PVD (its hash in the descriptor) that is not the one the relay chain computes (PP-12).
  const pvd: PersistedValidationData = col.kind === 'pvdMismatch' ? { ...honestPvd, maxPovSize: honestPvd.maxPovSize + 1 } : honestPvd;
  if (col.kind === 'pvdMismatch') headData = hashOf('head', p.id, parentHead, rp.hash, col.variant, col.kind);
  const rpBlock = ctx.relay.blocks[rp.hash]!;
  const descriptor = {
    paraId: p.id,
    relayParent: rp.hash,
    coreIndex: core,
    sessionIndex: ctx.relay.blocks[leaf]!.runtime.session,
    persistedValidationDataHash: pvdHash(col.kind === 'wrongPvd' ? { ...pvd, maxPovSize: pvd.maxPovSize + 1 } : pvd),
    paraHead: headData,
    // The code the chain expects for a child of the parent (a scheduled upgrade applies along the chain).
    validationCodeHash: col.kind === 'wrongCode' ? hashOf('bogus-code', p.id) : op.validationCodeHash,
  };
  const commitments: CandidateCommitments = { headData, ...outputs };
  const candidate: CommittedCandidate = { hash: candidateHashOf({ descriptor, commitments }, rp.number), descriptor, commitments };
  // A collation is advertised once; `duplicate` advertises the tip again (CandidateAlreadyKnown).
  if (col.kind === 'duplicate') {
    const tip = nodes.at(-1);
    const known = tip ? ctx.collations[tip.candidateHash] : undefined;
    return known ? [{ type: 'COLLATION', candidate: known.candidate, pvd: known.pvd }] : [];
  }
  if (ctx.collations[candidate.hash]) return [];
  const events: NetworkEvent[] = [{ type: 'COLLATION', candidate, pvd }];
  if (col.backed) {
    const group = backingGroupOf(ctx, candidate, rp.number, rpBlock.runtime.sessionStartBlock);
    if (group) events.push({ type: 'BACKING_VOTES', candidateHash: candidate.hash, votes: group as ValidatorIndex[] });
  }
  return events;
}

/** Late backing: the group backs one earlier collation of the para that is still only seconded. */
export function lateBackingEvents(ctx: NetworkContext, paraIndex: number, index: number | null): NetworkEvent[] {
  if (index === null) return [];
  const para = ctx.params.paras[paraIndex]!.id;
  const waiting = Object.values(ctx.collations).filter((x) => !x.backed && x.candidate.descriptor.paraId === para && ctx.candidates[x.candidate.hash]?.value === 'seconded');
  const w = waiting[index % Math.max(1, waiting.length)];
  if (!w) return [];
  const rpBlock = ctx.relay.blocks[w.candidate.descriptor.relayParent];
  const group = rpBlock ? backingGroupOf(ctx, w.candidate, rpBlock.number, rpBlock.runtime.sessionStartBlock) : null;
  return group ? [{ type: 'BACKING_VOTES', candidateHash: w.candidate.hash, votes: group as ValidatorIndex[] }] : [];
}
