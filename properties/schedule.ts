/**
 * Relay-chain slot schedules: what the environment (collators, backing groups, availability, the
 * block author, session and fork choice) does in each relay block.
 *
 * A schedule is a list of *abstract* choices, one per relay block, that fast-check generates and
 * shrinks. `decodeBlock` turns a choice into a concrete relay block against the current state
 * (which relay parent exists, which head is latest, which cores are free), so every generated block
 * is meaningful whatever came before. The concrete blocks are what a trace records and replays.
 *
 * Honest behaviour follows the protocol: collators build on the para's latest head (including its
 * pending chain) with a relay parent the next block allows, the group assigned at rp + 1 backs with
 * enough votes, and the block author fills the para's free cores. Faulty behaviour (availability
 * failing, collators offline, forks, session changes) and adversarial candidates (old, backwards,
 * foreign or wrong-session relay parents, wrong parent head, wrong code, wrong para head, duplicates,
 * under-backed, backed by the wrong group, on a wrong core) are schedule choices too.
 *
 * Messages and code (`MESSAGE_KINDS`, adversarial mix only, so the other mixes generate exactly
 * what they did before the relay side checked outputs): downward messages arrive for the paras with
 * one core (see `dmpRecipients`); honest candidates process the downward messages their relay
 * parent could see and set the HRMP watermark to it; message kinds upgrade the code (valid when
 * allowed) or break one output limit each (code size, upgrade while restricted, DMP advancement or
 * underflow, UMP count or size, HRMP watermark, outbound HRMP).
 */
import fc from 'fast-check';
import { match } from 'ts-pattern';
import { hashOf } from '../spec/hash.ts';
import { coresOf, messagingOf, type ModelParams } from '../spec/params.ts';
import { applyDisputes, applyTimeouts, initializeBlock, processBitfields, scheduledCores, timeoutCheckRequired } from '../spec/relay/parasInherent.ts';
import type { AvailabilityBitfield, BackedCandidate, InherentData, ParaState, PendingCandidate, RelayRuntimeState } from '../spec/relay/state.ts';
import { pvdHash, type CommittedCandidate, type CoreIndex, type Hash, type HeadData, type ParaId, type ValidationCode } from '../spec/types.ts';
import type { BlockNode, RelayBlockInput, RelayChainContext } from '../machines/relayChain.ts';

export const CANDIDATE_KINDS = [
  'honest',
  'oldRelayParent',
  'backwardsRelayParent',
  'foreignRelayParent',
  'wrongSession',
  'wrongParent',
  'wrongCode',
  'paraHeadMismatch',
  'duplicate',
  'underBacked',
  'wrongGroup',
  'wrongCore',
] as const;
/** Kinds about a candidate's outputs (RT-24..RT-29); kept apart so explore/ keys stay as they were. */
export const MESSAGE_KINDS = ['upgradeCode', 'codeTooLarge', 'umpOverflow', 'dmpNotAdvanced', 'dmpUnderflow', 'badWatermark', 'hrmpOverflow'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export type CandidateKind = (typeof CANDIDATE_KINDS)[number] | MessageKind;

/**
 * The paras downward messages are sent to: those with exactly one core. Modelling choice: with
 * several cores a candidate chained on one still pending availability is checked against a queue
 * that still holds the messages its ancestor processes, so an honest chain that processed the queue
 * in its first candidate is refused (AdvancementRule); see the finding in
 * test/network/messages.test.ts.
 */
export function dmpRecipients(params: ModelParams): ParaId[] {
  return params.paras.map((p) => p.id).filter((id) => coresOf(params, id).length === 1);
}

/** How many validators sign availability for a pending candidate in this block. */
export const AVAILABILITY_LEVELS = ['all', 'supermajority', 'oneShort', 'half', 'none'] as const;
export type AvailabilityLevel = (typeof AVAILABILITY_LEVELS)[number];

export interface CandidateChoice {
  readonly kind: CandidateKind;
  /** Which allowed relay parent: 0 = the newest, k = k blocks older (clamped to what is allowed). */
  readonly rpBack: number;
  /** Distinguishes two collations on the same parent and relay parent (forks, replacements). */
  readonly variant: number;
}

export interface ParaChoice {
  /** Availability for the para's pending candidates, by position in its pending chain (cycled). */
  readonly availability: readonly AvailabilityLevel[];
  /** The collations the block author puts in for this para, in order. */
  readonly candidates: readonly CandidateChoice[];
}

export interface BlockChoice {
  /** 0: build on the current tip; k: build on the tip's k-th ancestor (a relay-chain fork). */
  readonly forkBack: number;
  readonly endsSession: boolean;
  /** Conclude a dispute against the pending candidate with this index (over all paras), if any. */
  readonly dispute: number | null;
  /** A malformed bitfield is added (unknown validator or a repeated one). */
  readonly badBitfield: boolean;
  readonly paras: readonly ParaChoice[];
  /** Downward messages sent in this block, one recipient per message (absent: none). */
  readonly downward?: readonly ParaId[];
}

export interface Schedule {
  readonly blocks: readonly BlockChoice[];
  /**
   * From this block index on, the environment is fair (properties/liveness.ts); `afterFirstTimeout`:
   * from the block after the first availability timeout; null: never.
   */
  readonly fairFrom: number | 'afterFirstTimeout' | null;
  /** Availability delays (1..parasAvailabilityPeriod) the fair environment uses, cycled per candidate. */
  readonly fairDelays: readonly number[];
}

export type Mix = 'honest' | 'faulty' | 'adversarial' | 'outage';

// ---------------------------------------------------------------------------------------------
// Arbitraries

function candidateArb(params: ModelParams, mix: Mix): fc.Arbitrary<CandidateChoice> {
  const kinds: fc.Arbitrary<CandidateKind> =
    mix === 'adversarial'
      ? fc.oneof(
          { arbitrary: fc.constant<CandidateKind>('honest'), weight: 6 },
          { arbitrary: fc.constantFrom<CandidateKind>(...CANDIDATE_KINDS), weight: 4 },
          { arbitrary: fc.constantFrom<CandidateKind>(...MESSAGE_KINDS), weight: 2 },
        )
      : fc.constant('honest' as const);
  return fc.record({
    kind: kinds,
    rpBack: fc.nat({ max: params.asyncBacking.allowedAncestryLen + 1 }),
    variant: fc.nat({ max: 1 }),
  });
}

function availabilityArb(mix: Mix): fc.Arbitrary<AvailabilityLevel> {
  if (mix === 'honest') return fc.constant('all');
  if (mix === 'outage') return fc.oneof({ arbitrary: fc.constant<AvailabilityLevel>('none'), weight: 9 }, { arbitrary: fc.constantFrom<AvailabilityLevel>('oneShort', 'all'), weight: 1 });
  return fc.oneof(
    { arbitrary: fc.constantFrom<AvailabilityLevel>('all', 'supermajority'), weight: 5 },
    { arbitrary: fc.constantFrom<AvailabilityLevel>('oneShort', 'half', 'none'), weight: 4 },
  );
}

function paraChoiceArb(params: ModelParams, para: ParaId, mix: Mix): fc.Arbitrary<ParaChoice> {
  const cores = coresOf(params, para).length;
  return fc.record({
    availability: fc.array(availabilityArb(mix), { minLength: 1, maxLength: 3 }),
    // Collators offline (no candidate) in faulty mixes; more candidates than cores in adversarial ones.
    // Collators are sometimes offline (no candidate) except in the honest mix.
    candidates: fc.array(candidateArb(params, mix), { minLength: mix === 'honest' ? cores : 0, maxLength: cores + (mix === 'adversarial' ? 2 : 0) }),
  });
}

export function blockChoiceArb(params: ModelParams, mix: Mix): fc.Arbitrary<BlockChoice> {
  // Percent chances; fc.noBias, because fast-check's integers favour small values.
  const rare = (p: number) => fc.noBias(fc.integer({ min: 0, max: 999 })).map((x) => x >= 1000 - p * 10); // shrinks towards false
  return fc.record({
    forkBack: mix === 'honest' || mix === 'outage' ? fc.constant(0) : fc.oneof({ arbitrary: fc.constant(0), weight: 19 }, { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 1 }),
    endsSession: mix === 'honest' || mix === 'outage' ? fc.constant(false) : rare(2),
    dispute: mix === 'adversarial' ? fc.oneof({ arbitrary: fc.constant(null), weight: 24 }, { arbitrary: fc.nat({ max: 7 }), weight: 1 }) : fc.constant(null),
    badBitfield: mix === 'adversarial' ? rare(5) : fc.constant(false),
    paras: fc.tuple(...params.paras.map((p) => paraChoiceArb(params, p.id, mix))),
    // Only the adversarial mix sends downward messages (fc.constant draws nothing: the other mixes are unchanged).
    downward: mix === 'adversarial' && dmpRecipients(params).length > 0 ? fc.array(fc.constantFrom(...dmpRecipients(params)), { maxLength: 2 }) : fc.constant([]),
  });
}

export const DEFAULT_MIXES: readonly Mix[] = ['honest', 'faulty', 'adversarial', 'outage'];

/**
 * Schedules for the re-proposal property: an availability outage with honest collators and block
 * author (so candidates time out), and a fair environment from the block after the first timeout.
 */
export function livenessScheduleArb(params: ModelParams, blocks: number): fc.Arbitrary<Schedule> {
  const p = params.scheduler.parasAvailabilityPeriod;
  return fc.record({
    blocks: fc.array(blockChoiceArb(params, 'outage'), { minLength: blocks, maxLength: blocks }),
    fairFrom: fc.constant('afterFirstTimeout' as const),
    fairDelays: fc.array(fc.integer({ min: 1, max: p }), { minLength: 1, maxLength: 4 }),
  });
}

export interface ScheduleOptions {
  readonly blocks: number;
  /** Give the schedule a fair suffix (for liveness). */
  readonly fairSuffix?: boolean;
}

/** Schedules of `blocks` relay blocks; the mix (honest, faulty, adversarial) is drawn per schedule. */
export function scheduleArb(params: ModelParams, opts: ScheduleOptions, mixes: readonly Mix[] = DEFAULT_MIXES): fc.Arbitrary<Schedule> {
  const p = params.scheduler.parasAvailabilityPeriod;
  return fc.constantFrom(...mixes).chain((mix) =>
    fc.record({
      blocks: fc.array(blockChoiceArb(params, mix), { minLength: opts.blocks, maxLength: opts.blocks }),
      fairFrom: opts.fairSuffix ? fc.integer({ min: 0, max: Math.max(0, opts.blocks - 1) }) : fc.constant(null),
      fairDelays: fc.array(fc.integer({ min: 1, max: p }), { minLength: 1, maxLength: 4 }),
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Decoding a choice into a relay block

/** The supermajority, written independently of the rule under test: more than two thirds. */
export function moreThanTwoThirds(n: number): number {
  return Math.floor((2 * n) / 3) + 1;
}

export function availabilityCount(level: AvailabilityLevel, n: number): number {
  return match(level)
    .with('all', () => n)
    .with('supermajority', () => moreThanTwoThirds(n))
    .with('oneShort', () => moreThanTwoThirds(n) - 1)
    .with('half', () => Math.floor(n / 2))
    .with('none', () => 0)
    .exhaustive();
}

/** What the environment meant a candidate to be, kept beside the concrete block for traces. */
export interface CandidateIntent {
  readonly hash: Hash;
  readonly paraId: ParaId;
  readonly kind: CandidateKind;
  /** The parent head the collator really built on (the relay chain only sees its PVD hash). */
  readonly builtOn: HeadData;
}

export interface DecodedBlock {
  readonly block: RelayBlockInput;
  readonly intents: readonly CandidateIntent[];
  /** Whether the fair policy produced this block. */
  readonly fair: boolean;
}

function ancestorAt(ctx: RelayChainContext, from: BlockNode, back: number): BlockNode {
  let node = from;
  for (let i = 0; i < back && node.parent !== null; i++) node = ctx.blocks[node.parent]!;
  return node;
}

/**
 * Availability bitfields for the candidates pending in `state`: `count(paraIndex, position, candidate)`
 * validators sign the candidate's core; who signs rotates with the block number.
 */
export function availabilityBitfields(
  params: ModelParams,
  state: RelayRuntimeState,
  number: number,
  count: (paraIndex: number, position: number, candidate: PendingCandidate) => number,
): AvailabilityBitfield[] {
  const n = params.validators;
  const votesByCore = new Map<CoreIndex, number>();
  params.paras.forEach((p, pi) => (state.paras[p.id]?.pending ?? []).forEach((c, i) => votesByCore.set(c.core, count(pi, i, c))));
  const rotate = number % n;
  const bitfields: AvailabilityBitfield[] = [];
  for (let k = 0; k < n; k++) {
    const v = (k + rotate) % n; // who signs varies from block to block
    const cores = [...votesByCore.entries()].filter(([, c]) => k < c).map(([core]) => core);
    if (cores.length > 0) bitfields.push({ validator: v, cores });
  }
  return bitfields.sort((a, b) => a.validator - b.validator);
}

/** The runtime state after the phases before backing (what the block author sees when it picks candidates). */
export function preview(state: RelayRuntimeState, params: ModelParams, parent: BlockNode, inherent: Pick<InherentData, 'bitfields' | 'disputesConcludedInvalid'>): RelayRuntimeState {
  let s = initializeBlock(state, params, { hash: parent.hash, number: parent.number, storageRoot: parent.storageRoot });
  s = applyDisputes(s, inherent.disputesConcludedInvalid).state;
  s = processBitfields(s, params, inherent.bitfields).state;
  return timeoutCheckRequired(s, params) ? applyTimeouts(s, params).state : s;
}

/** Builds a collation and its backing as an honest collator and group would, then applies `kind`. */
interface BuildContext {
  readonly ctx: RelayChainContext;
  readonly params: ModelParams;
  readonly state: RelayRuntimeState;
  readonly parent: BlockNode;
  readonly number: number;
}

function headOf(para: ParaId, parentHead: HeadData, rp: Hash, variant: number): HeadData {
  return hashOf('head', para, parentHead, rp, variant);
}

export function candidateHashOf(c: Omit<CommittedCandidate, 'hash'>, relayParentNumber?: number): Hash {
  const d = c.descriptor;
  const o = c.commitments;
  // Outputs beyond the head only enter the hash when a candidate has some (hashes of candidates without messages stay as they were).
  const plain = o.upwardMessages.length === 0 && o.horizontalMessages.length === 0 && o.newValidationCode === null && o.processedDownwardMessages === 0 && (relayParentNumber === undefined || o.hrmpWatermark === relayParentNumber);
  const base = [d.paraId, d.relayParent, d.coreIndex, d.sessionIndex, d.persistedValidationDataHash, d.paraHead, d.validationCodeHash, o.headData] as const;
  if (plain) return hashOf('candidate', ...base);
  return hashOf('candidate', ...base, JSON.stringify([o.upwardMessages, o.horizontalMessages, o.newValidationCode, o.processedDownwardMessages, o.hrmpWatermark]));
}

/**
 * The outputs of a relay-level collation on `para` (its state when the candidate is backed) with
 * relay parent `rp`: honest ones process every downward message the relay parent could see and set
 * the watermark to the relay parent; each message kind changes one output (module header).
 */
export function relayOutputs(params: ModelParams, para: ParaState, paraId: ParaId, rp: number, kind: CandidateKind, salt: string): Omit<CommittedCandidate['commitments'], 'headData'> {
  const m = messagingOf(params);
  const visible = para.dmq.filter((x) => x <= rp).length;
  const honest = { upwardMessages: [] as number[], horizontalMessages: [] as { recipient: ParaId; bytes: number }[], newValidationCode: null as ValidationCode | null, processedDownwardMessages: visible, hrmpWatermark: rp };
  const code = (size: number): ValidationCode => ({ hash: hashOf('code', paraId, salt), size });
  const other = Object.keys(para.hrmpOutbound).map(Number).sort((a, b) => a - b)[0];
  switch (kind) {
    case 'upgradeCode':
      return { ...honest, newValidationCode: code(1024) };
    case 'codeTooLarge':
      return { ...honest, newValidationCode: code(m.maxCodeSize + 1) };
    case 'umpOverflow':
      return { ...honest, upwardMessages: Array.from({ length: m.maxUpwardMessageNumPerCandidate + 1 }, () => 1) };
    case 'dmpNotAdvanced':
      return { ...honest, processedDownwardMessages: 0 };
    case 'dmpUnderflow':
      return { ...honest, processedDownwardMessages: para.dmq.length + 1 };
    case 'badWatermark':
      return { ...honest, hrmpWatermark: rp + 1 };
    case 'hrmpOverflow':
      return { ...honest, horizontalMessages: other === undefined ? [{ recipient: paraId, bytes: 1 }] : Array.from({ length: m.hrmpMaxMessageNumPerCandidate + 1 }, () => ({ recipient: other, bytes: 1 })) };
    default:
      return honest;
  }
}

function groupMembers(b: BuildContext, core: CoreIndex, at: number): readonly number[] {
  const f = b.params.scheduler.groupRotationFrequency;
  const k = b.ctx.groups.length;
  const g = (core + Math.floor(Math.max(0, at - b.state.sessionStartBlock) / f)) % k;
  return b.ctx.groups[g]!;
}

function blocksOffBranch(ctx: RelayChainContext, branchTip: BlockNode): BlockNode[] {
  const on = new Set<Hash>();
  for (let n: BlockNode | undefined = branchTip; n; n = n.parent ? ctx.blocks[n.parent] : undefined) on.add(n.hash);
  return Object.values(ctx.blocks).filter((n) => !on.has(n.hash));
}

/** Decodes one block choice into a concrete relay block built on top of `tip` (or an ancestor). */
export function decodeBlock(ctx: RelayChainContext, tip: Hash, choice: BlockChoice, position: number, fair: { delays: readonly number[] } | null): DecodedBlock {
  const params = ctx.params;
  const n = params.validators;
  const parent = fair ? ctx.blocks[tip]! : ancestorAt(ctx, ctx.blocks[tip]!, choice.forkBack);
  const number = parent.number + 1;
  const hash = hashOf('relay-block', parent.hash, number, position, choice.forkBack);
  const storageRoot = hashOf('state-root', hash);
  const state0 = parent.runtime;

  // Disputes: conclude against one pending candidate (any para).
  const allPending: PendingCandidate[] = Object.values(state0.paras).flatMap((p) => p.pending);
  const disputes = !fair && choice.dispute !== null && allPending.length > 0 ? [allPending[choice.dispute % allPending.length]!.hash] : [];
  const afterDisputes = applyDisputes(state0, disputes).state;

  // Availability: votes for every candidate still pending, by level (or by the fair delay).
  const bitfields = availabilityBitfields(params, afterDisputes, number, (pi, i, c) => {
    if (fair) {
      const delay = fair.delays[parseInt(c.hash.slice(0, 6), 16) % fair.delays.length]!;
      return number >= c.backedInNumber + delay ? n : 0;
    }
    return availabilityCount(choice.paras[pi]!.availability[i % choice.paras[pi]!.availability.length]!, n);
  });
  if (!fair && choice.badBitfield) {
    const cores = [...new Set(bitfields.flatMap((b) => b.cores))];
    bitfields.push(number % 2 === 0 ? { validator: n, cores } : { validator: bitfields.at(-1)?.validator ?? 0, cores });
  }

  // The author backs candidates on the state after enactment and timeouts.
  const state = preview(state0, params, parent, { bitfields, disputesConcludedInvalid: disputes });
  const b: BuildContext = { ctx, params, state, parent, number };
  const backed: BackedCandidate[] = [];
  const intents: CandidateIntent[] = [];
  const window = state.tracker.buffer.map((e, i) => ({ hash: e.relayParent, stateRoot: e.stateRoot, number: state.tracker.latestNumber - (state.tracker.buffer.length - 1 - i) }));

  params.paras.forEach((p, pi) => {
    const para = state.paras[p.id]!;
    let latestHead = para.pending.at(-1)?.headData ?? para.head;
    let prevContext = para.pending.at(-1)?.relayParentNumber ?? para.mostRecentContext;
    const free = scheduledCores(state, params, p.id);
    const ownCores = coresOf(params, p.id);
    const choices: readonly CandidateChoice[] = fair
      ? free.map(() => ({ kind: 'honest' as const, rpBack: 0, variant: 0 }))
      : choice.paras[pi]!.candidates;
    let nextCore = 0;
    const mine: BackedCandidate[] = [];
    for (const c of choices) {
      if (c.kind === 'duplicate' && mine.length > 0) {
        const dup = mine.at(-1)!;
        mine.push(dup);
        intents.push({ hash: dup.candidate.hash, paraId: p.id, kind: 'duplicate', builtOn: intents.find((x) => x.hash === dup.candidate.hash)!.builtOn });
        continue;
      }
      const allowed = window.filter((w) => w.number >= prevContext);
      let rp = allowed.length > 0 ? allowed[Math.max(0, allowed.length - 1 - c.rpBack)]! : window.at(-1);
      if (c.kind === 'oldRelayParent' && window.length > 0) {
        const oldest = window[0]!.number;
        const target = ancestorAt(ctx, parent, parent.number - (oldest - 1 - (c.rpBack % 2)));
        if (target.number < oldest) rp = { hash: target.hash, stateRoot: target.storageRoot, number: target.number };
      } else if (c.kind === 'backwardsRelayParent') {
        const older = window.filter((w) => w.number < prevContext);
        if (older.length > 0) rp = older[older.length - 1 - (c.rpBack % older.length)]!;
      } else if (c.kind === 'foreignRelayParent') {
        const off = blocksOffBranch(ctx, parent);
        if (off.length > 0) {
          const f = off[c.rpBack % off.length]!;
          rp = { hash: f.hash, stateRoot: f.storageRoot, number: f.number };
        }
      }
      if (!rp) continue; // no relay parent at all (cannot happen after genesis)
      const core = c.kind === 'wrongCore' ? (params.coreAssignment.findIndex((a, i) => a !== p.id || !free.includes(i)) ?? 0) : (free[nextCore] ?? ownCores[0]!);
      if (c.kind !== 'wrongCore' && free[nextCore] !== undefined) nextCore++;
      const parentHead = c.kind === 'wrongParent' ? hashOf('bogus-parent', p.id, number, c.variant) : latestHead;
      const make = (variant: number): CommittedCandidate => {
        const headData = headOf(p.id, parentHead, rp!.hash, variant);
        const pvd = { parentHead, relayParentNumber: rp!.number, relayParentStorageRoot: rp!.stateRoot, maxPovSize: params.maxPovSize };
        const descriptor = {
          paraId: p.id,
          relayParent: rp!.hash,
          coreIndex: core < 0 ? 0 : core,
          sessionIndex: c.kind === 'wrongSession' ? state.session + 1 : state.session,
          persistedValidationDataHash: pvdHash(pvd),
          paraHead: c.kind === 'paraHeadMismatch' ? hashOf('bogus-para-head', headData) : headData,
          validationCodeHash: c.kind === 'wrongCode' ? hashOf('bogus-code', p.id) : para.codeHash,
        };
        const commitments = { headData, ...relayOutputs(params, para, p.id, rp!.number, c.kind, `${number}:${variant}`) };
        return { hash: candidateHashOf({ descriptor, commitments }, rp!.number), descriptor, commitments };
      };
      // An honest collator never re-proposes content concluded invalid (or drained with an old session).
      let variant = c.variant;
      let candidate = make(variant);
      for (let s = parent.candidates[candidate.hash]?.value; s === 'concludedInvalid' || s === 'droppedAtSessionChange'; s = parent.candidates[candidate.hash]?.value)
        candidate = make((variant += 2));
      const { descriptor } = candidate;
      const headData = candidate.commitments.headData;
      const need = Math.min(params.minimumBackingVotes, groupMembers(b, descriptor.coreIndex, rp.number + 1).length);
      let votes: readonly number[] = groupMembers(b, descriptor.coreIndex, rp.number + 1);
      if (c.kind === 'underBacked') votes = votes.slice(0, need - 1);
      else if (c.kind === 'wrongGroup') {
        const current = groupMembers(b, descriptor.coreIndex, number);
        votes = current !== votes ? current : b.ctx.groups[(b.ctx.groups.indexOf(votes as number[]) + 1) % b.ctx.groups.length]!;
      } else if (variant % 2 === 1) votes = votes.slice(0, Math.max(need, 1));
      mine.push({ candidate, validityVotes: votes });
      intents.push({ hash: candidate.hash, paraId: p.id, kind: c.kind, builtOn: parentHead });
      if (c.kind === 'honest' || c.kind === 'upgradeCode') {
        latestHead = headData;
        prevContext = rp.number;
      }
    }
    backed.push(...mine);
  });

  const downward = fair ? [] : (choice.downward ?? []);
  const inherent: InherentData = downward.length > 0 ? { bitfields, backedCandidates: backed, disputesConcludedInvalid: disputes, downwardMessages: downward } : { bitfields, backedCandidates: backed, disputesConcludedInvalid: disputes };
  return { block: { hash, parent: parent.hash, storageRoot, inherent, endsSession: fair ? false : choice.endsSession }, intents, fair: fair !== null };
}
