/**
 * Builders for the relay-runtime unit tests: relay blocks, runtime states at a given block,
 * candidates that pass every check unless told otherwise, backing votes from the group the runtime
 * asks for (the group assigned to the core at `relay_parent_number + 1`), and hand-made pending
 * candidates for the inclusion-pallet tests (the analogue of polkadot-sdk's
 * `CandidatePendingAvailability { .. }` literals in inclusion/tests.rs).
 *
 * Every hash is derived from explicit labels, so two builders called with the same arguments give
 * the same candidate, and a different `variant` gives a different one.
 */
import { hashOf } from '../../spec/hash.ts';
import { coresOf, presetParams, validatorGroups, type ModelParams } from '../../spec/params.ts';
import { groupAssignedToCore } from '../../spec/relay/scheduler.ts';
import { genesisRuntimeState, initializeBlock, processRelayBlock, type CandidateVerdict } from '../../spec/relay/parasInherent.ts';
import { EMPTY_INHERENT, type BackedCandidate, type ParaState, type PendingCandidate, type RelayRuntimeState } from '../../spec/relay/state.ts';
import {
  pvdHash,
  type BlockNumber,
  type CandidateHash,
  type CommittedCandidate,
  type CoreIndex,
  type Hash,
  type HeadData,
  type ParaId,
  type RelayChainBlockInfo,
  type SessionIndex,
  type ValidatorIndex,
} from '../../spec/types.ts';

// ---------------------------------------------------------------- parameters

export const POLKADOT = presetParams('polkadot');
export const SMALL = presetParams('small');
export const ELASTIC = presetParams('elastic');
export const TINY = presetParams('tiny');

export interface ParamsPatch {
  readonly name?: string;
  readonly asyncBacking?: Partial<ModelParams['asyncBacking']>;
  readonly scheduler?: Partial<ModelParams['scheduler']>;
  readonly minimumBackingVotes?: number;
  readonly validators?: number;
  readonly coreAssignment?: readonly (ParaId | null)[];
  readonly paras?: ModelParams['paras'];
}

/** A copy of `base` with some fields replaced (scheduler and async-backing fields one by one). */
export function withParams(base: ModelParams, patch: ParamsPatch): ModelParams {
  return {
    ...base,
    ...patch,
    name: patch.name ?? `${base.name}*`,
    asyncBacking: { ...base.asyncBacking, ...patch.asyncBacking },
    scheduler: { ...base.scheduler, ...patch.scheduler },
  } as ModelParams;
}

export function groupsOf(params: ModelParams): number[][] {
  return validatorGroups(params);
}

// ---------------------------------------------------------------- relay chain

/** Relay block `n` of the test chain (`fork` labels a sibling branch). */
export function relayBlock(n: BlockNumber, fork = ''): RelayChainBlockInfo {
  return { hash: hashOf('test-relay-block', fork, n), number: n, storageRoot: hashOf('test-state-root', fork, n) };
}

/** The runtime post-state of block `n` when blocks 1..n carried empty inherents. */
export function stateAfter(params: ModelParams, n: BlockNumber): RelayRuntimeState {
  let s = genesisRuntimeState(params);
  const groups = groupsOf(params);
  for (let b = 1; b <= n; b++) s = processRelayBlock(s, params, groups, relayBlock(b - 1), EMPTY_INHERENT, false).state;
  return s;
}

/**
 * The state in which block `n` processes its backed candidates: the post-state of `n - 1` with the
 * tracker updated by the parent `n - 1` (phase 1), so relay parents `n - lookahead … n - 1` are allowed.
 */
export function building(params: ModelParams, n: BlockNumber): RelayRuntimeState {
  return initializeBlock(stateAfter(params, n - 1), params, relayBlock(n - 1));
}

/** Replaces one para's state. */
export function withPara(state: RelayRuntimeState, para: ParaId, patch: Partial<ParaState>): RelayRuntimeState {
  const current = state.paras[para];
  if (!current) throw new Error(`unknown para ${para}`);
  return { ...state, paras: { ...state.paras, [para]: { ...current, ...patch } } };
}

/** The head the next candidate of `para` must build on: its last pending output, else its head. */
export function latestHead(state: RelayRuntimeState, para: ParaId): HeadData {
  const p = state.paras[para]!;
  return p.pending.at(-1)?.headData ?? p.head;
}

// ---------------------------------------------------------------- candidates

export function candidateHash(c: Omit<CommittedCandidate, 'hash'>): CandidateHash {
  const d = c.descriptor;
  return hashOf('test-candidate', d.paraId, d.relayParent, d.coreIndex, d.sessionIndex, d.persistedValidationDataHash, d.paraHead, d.validationCodeHash, c.commitments.headData);
}

export interface CandidateSpec {
  readonly para: ParaId;
  /** Relay-parent number (a block of the test chain, `relayBlock(rp, fork)`). */
  readonly rp: BlockNumber;
  readonly fork?: string;
  /** Defaults to the para's first core. */
  readonly core?: CoreIndex;
  /** Defaults to the para's latest head (pending chain included). */
  readonly parentHead?: HeadData;
  /** Defaults to the state's session. */
  readonly session?: SessionIndex;
  /** Distinguishes siblings on the same parent. */
  readonly variant?: number | string;
  /** Overrides of single descriptor fields, to break one check. */
  readonly codeHash?: Hash;
  readonly paraHead?: Hash;
  readonly pvd?: Hash;
  /** PVD computed for another relay-parent number than `rp` (breaks RT-06). */
  readonly pvdRelayParentNumber?: BlockNumber;
}

/** A committed candidate that passes every descriptor check of `state` unless `spec` overrides one. */
export function makeCandidate(state: RelayRuntimeState, params: ModelParams, spec: CandidateSpec): CommittedCandidate {
  const para = state.paras[spec.para];
  const parentHead = spec.parentHead ?? (para ? latestHead(state, spec.para) : hashOf('no-para-head', spec.para));
  const rp = relayBlock(spec.rp, spec.fork);
  const headData = hashOf('test-head', spec.para, parentHead, rp.hash, spec.variant ?? 0);
  const pvd = pvdHash({ parentHead, relayParentNumber: spec.pvdRelayParentNumber ?? rp.number, relayParentStorageRoot: rp.storageRoot, maxPovSize: params.maxPovSize });
  const descriptor = {
    paraId: spec.para,
    relayParent: rp.hash,
    coreIndex: spec.core ?? coresOf(params, spec.para)[0] ?? 0,
    sessionIndex: spec.session ?? state.session,
    persistedValidationDataHash: spec.pvd ?? pvd,
    paraHead: spec.paraHead ?? headData,
    validationCodeHash: spec.codeHash ?? para?.codeHash ?? hashOf('code', spec.para, 0),
  };
  const commitments = { headData, upwardMessages: [], horizontalMessages: [], newValidationCode: null, processedDownwardMessages: 0, hrmpWatermark: rp.number };
  return { hash: candidateHash({ descriptor, commitments }), descriptor, commitments };
}

/**
 * A chain of candidates for one para in dependency order: candidate i builds on candidate i-1's
 * head, uses relay parent `rps[i]` and core `cores[i]` (default: the para's cores in order).
 */
export function makeChain(
  state: RelayRuntimeState,
  params: ModelParams,
  para: ParaId,
  rps: readonly BlockNumber[],
  cores: readonly CoreIndex[] = coresOf(params, para),
  variant: number | string = 0,
): CommittedCandidate[] {
  const out: CommittedCandidate[] = [];
  let parentHead = latestHead(state, para);
  rps.forEach((rp, i) => {
    const c = makeCandidate(state, params, { para, rp, core: cores[i] ?? cores[0], parentHead, variant });
    out.push(c);
    parentHead = c.commitments.headData;
  });
  return out;
}

/** The validators of the group the runtime asks to back `core` for relay parent `rpNumber` (at rp + 1). */
export function assignedGroup(state: RelayRuntimeState, params: ModelParams, core: CoreIndex, rpNumber: BlockNumber): number[] {
  const groups = groupsOf(params);
  const g = groupAssignedToCore(core, rpNumber + 1, state.sessionStartBlock, params.scheduler.groupRotationFrequency, groups.length);
  if (g === null) throw new Error(`no group for core ${core} at #${rpNumber + 1}`);
  return groups[g]!;
}

/** `min(group size, minimum_backing_votes)`: the fewest votes the runtime accepts. */
export function neededVotes(params: ModelParams, groupSize: number): number {
  return Math.min(groupSize, params.minimumBackingVotes);
}

export type Votes = 'min' | 'all' | 'oneTooFew' | readonly ValidatorIndex[];

/** Backs `candidate` with votes of the assigned group: exactly the minimum (default), all, one too few, or given ones. */
export function back(state: RelayRuntimeState, params: ModelParams, candidate: CommittedCandidate, votes: Votes = 'min'): BackedCandidate {
  if (typeof votes !== 'string') return { candidate, validityVotes: votes };
  const rpNumber = candidate.commitments.hrmpWatermark; // makeCandidate sets it to the relay-parent number
  const group = assignedGroup(state, params, candidate.descriptor.coreIndex, rpNumber);
  const need = neededVotes(params, group.length);
  const n = votes === 'all' ? group.length : votes === 'min' ? need : need - 1;
  return { candidate, validityVotes: group.slice(0, n) };
}

/** Makes and backs a candidate in one go. */
export function backed(state: RelayRuntimeState, params: ModelParams, spec: CandidateSpec, votes: Votes = 'min'): BackedCandidate {
  return back(state, params, makeCandidate(state, params, spec), votes);
}

// ---------------------------------------------------------------- pending candidates (inclusion tests)

export interface PendingSpec {
  /** A label; the candidate hash is `hashOf('pending', label)` unless `hash` is given. */
  readonly label: string | number;
  readonly hash?: CandidateHash;
  readonly paraId?: ParaId;
  readonly core: CoreIndex;
  readonly backedIn?: BlockNumber;
  readonly rpNumber?: BlockNumber;
  readonly parentHead?: HeadData;
  readonly headData?: HeadData;
  readonly votes?: readonly ValidatorIndex[];
  readonly backers?: readonly ValidatorIndex[];
}

/** A `CandidatePendingAvailability` with only the fields a test cares about set. */
export function pendingCandidate(spec: PendingSpec): PendingCandidate {
  const paraId = spec.paraId ?? 1;
  const hash = spec.hash ?? hashOf('pending', spec.label);
  const headData = spec.headData ?? hashOf('pending-head', spec.label);
  const parentHead = spec.parentHead ?? hashOf('pending-parent', spec.label);
  const rpNumber = spec.rpNumber ?? 0;
  const relayParent = relayBlock(rpNumber).hash;
  const candidate: CommittedCandidate = {
    hash,
    descriptor: {
      paraId,
      relayParent,
      coreIndex: spec.core,
      sessionIndex: 0,
      persistedValidationDataHash: hashOf('pending-pvd', spec.label),
      paraHead: headData,
      validationCodeHash: hashOf('code', paraId, 0),
    },
    commitments: { headData, upwardMessages: [], horizontalMessages: [], newValidationCode: null, processedDownwardMessages: 0, hrmpWatermark: rpNumber },
  };
  return {
    hash,
    paraId,
    core: spec.core,
    relayParent,
    relayParentNumber: rpNumber,
    backedInNumber: spec.backedIn ?? 0,
    backingGroup: spec.core,
    backers: spec.backers ?? [],
    availabilityVotes: spec.votes ?? [],
    parentHead,
    headData,
    candidate,
  };
}

/**
 * A chain of pending candidates: each one's parent head is the previous one's head, the first
 * builds on `head`.
 */
export function pendingChain(head: HeadData, specs: readonly PendingSpec[]): PendingCandidate[] {
  const out: PendingCandidate[] = [];
  let parent = head;
  for (const s of specs) {
    const c = pendingCandidate({ ...s, parentHead: parent });
    out.push(c);
    parent = c.headData;
  }
  return out;
}

export function paraState(pending: readonly PendingCandidate[], head: HeadData = hashOf('test-para-head'), mostRecentContext = 0): ParaState {
  return { head, mostRecentContext, codeHash: hashOf('code', 1, 0), pending, dmq: [], ump: [], hrmpInbound: [], hrmpWatermark: null, hrmpOutbound: {}, futureCode: null, upgradeRestrictedUntil: null };
}

/** The validators `0 … k-1`. */
export function firstValidators(k: number): ValidatorIndex[] {
  return Array.from({ length: k }, (_, i) => i);
}

// ---------------------------------------------------------------- verdicts

export function verdictFor(verdicts: readonly CandidateVerdict[], hash: CandidateHash): CandidateVerdict {
  const v = verdicts.find((x) => x.hash === hash);
  if (!v) throw new Error(`no verdict for ${hash}`);
  return v;
}

/** `{ accepted }` or `{ error, rule }` of each verdict, in the author's order: compact to compare. */
export function summary(verdicts: readonly CandidateVerdict[]): ({ accepted: true; core: CoreIndex } | { error: string; rule: string })[] {
  return verdicts.map((v) => (v.accepted ? { accepted: true as const, core: v.core } : { error: v.error, rule: v.rule }));
}
