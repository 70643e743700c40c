/**
 * Processing of one relay block's parachains inherent, in the runtime's order
 * (`paras_inherent::process_inherent_data`): tracker, disputes, bitfields and enactment, timeouts,
 * backed candidates, and the session change at the end of the block.
 * Sources at the pinned tag: polkadot/runtime/parachains/src/paras_inherent/mod.rs,
 * inclusion/mod.rs, scheduler.rs, shared.rs, initializer.rs.
 *
 * Each phase is its own function so that the relay-block machine can name every step; `processRelayBlock`
 * composes them for the plain-rules path.
 *
 * Deviations:
 * - The block author's inherent is taken as the `create_inherent` path does: invalid candidates and
 *   bitfields are filtered out (with the reason recorded) and the block is valid with the rest.
 * - Weight limiting (random dropping of bitfields/candidates when the inherent is overweight) is left
 *   out: the model's blocks are small.
 * - Disabled validators are not modelled (no statements are filtered for disabling).
 * - A dispute concluding invalid against an already included candidate (`revert_and_freeze`) is not
 *   modelled: schedules only conclude disputes against candidates pending availability.
 * - Message queues (spec/relay/messaging.ts): upward queues are serviced and upgrade cooldowns end
 *   in phase 1 (the message queue's and paras' `on_initialize` run before the inherent); downward
 *   messages sent in the block are queued in phase 6, before a session change (they are sent by the
 *   block's other extrinsics, after the inherent). A candidate's outputs are enacted per para in
 *   ascending id, after the para's enacted heads are noted; polkadot-sdk interleaves
 *   `enact_candidate`'s facets per candidate, which gives the same state because an upgrade
 *   scheduled in this block applies at `now + delay`, later than any relay parent enacted now.
 */
import { isOn } from '../ablation.ts';
import { coresOf, messagingOf, type ModelParams } from '../params.ts';
import { enactCandidateOutputs, queueDownwardMessages, serviceQueues } from './messaging.ts';
import type { BlockNumber, CandidateHash, CoreIndex, Hash, ParaId, RelayChainBlockInfo, ValidatorIndex } from '../types.ts';
import {
  availabilityThreshold,
  checkBackingVotes,
  enactAvailableCandidates,
  freeDisputed,
  freeTimedout,
  verifyBackedCandidate,
  type BackedCandidateError,
  type Freed,
} from './inclusion.ts';
import { availabilityTimeoutCheckRequired, groupAssignedToCore, isAvailabilityTimedOut } from './scheduler.ts';
import type { AvailabilityBitfield, BackedCandidate, InherentData, ParaState, PendingCandidate, RelayRuntimeState } from './state.ts';
import { acquireInfo, EMPTY_TRACKER, updateAllowedRelayParents, type RelayParentInfo } from './tracker.ts';

/** The runtime state at genesis (block 0): every para at its genesis head, nothing pending. */
export function genesisRuntimeState(params: ModelParams): RelayRuntimeState {
  const paras: Record<string, ParaState> = {};
  const m = messagingOf(params);
  for (const p of params.paras) {
    const hrmpOutbound: Record<string, ParaState['hrmpOutbound'][string]> = {};
    for (const c of m.hrmpChannels)
      if (c.sender === p.id)
        hrmpOutbound[c.recipient] = { msgCount: 0, totalSize: 0, maxCapacity: m.hrmpChannelMaxCapacity, maxTotalSize: m.hrmpChannelMaxTotalSize, maxMessageSize: m.hrmpChannelMaxMessageSize };
    paras[p.id] = {
      head: p.genesisHead,
      mostRecentContext: 0,
      codeHash: p.validationCodeHash,
      pending: [],
      dmq: [],
      ump: [],
      hrmpInbound: [],
      hrmpWatermark: null,
      hrmpOutbound,
      futureCode: null,
      upgradeRestrictedUntil: null,
    };
  }
  return { blockNumber: 0, session: 0, sessionStartBlock: 0, tracker: EMPTY_TRACKER, paras };
}

/** What happened to one backed candidate the block author supplied. */
export type CandidateVerdict =
  | { readonly hash: CandidateHash; readonly paraId: ParaId; readonly index: number; readonly accepted: true; readonly core: CoreIndex }
  | {
      readonly hash: CandidateHash;
      readonly paraId: ParaId;
      readonly index: number;
      readonly accepted: false;
      readonly error: BackedCandidateError;
      readonly rule: string;
      readonly detail?: string;
    };

export interface DroppedBitfield {
  readonly validator: ValidatorIndex;
  readonly rule: 'RT-21';
  readonly reason: 'ValidatorIndexOutOfBounds' | 'BitfieldReferencesFreedCore' | 'UnsortedOrDuplicateValidatorIndices' | 'WrongBitfieldSize';
}

/** Everything one relay block did, in the order it happened. */
export interface BlockOutcome {
  readonly number: BlockNumber;
  readonly disputed: readonly Freed[];
  readonly bitfieldsDropped: readonly DroppedBitfield[];
  readonly enacted: readonly PendingCandidate[];
  readonly timeoutCheckRequired: boolean;
  readonly timedOut: readonly Freed[];
  readonly verdicts: readonly CandidateVerdict[];
  readonly droppedAtSessionChange: readonly PendingCandidate[];
  readonly sessionChanged: boolean;
}

function mapParas(state: RelayRuntimeState, f: (para: ParaState, id: ParaId) => ParaState): RelayRuntimeState {
  const paras: Record<string, ParaState> = {};
  for (const [k, v] of Object.entries(state.paras)) paras[k] = f(v, Number(k));
  return { ...state, paras };
}

/**
 * Phase 1 (`process_inherent_data`, "before anything else"): the block's number becomes
 * `parent.number + 1` and the parent joins the allowed relay parents (RT-01); before the inherent,
 * `on_initialize` services the upward queues and ends upgrade cooldowns (RT-32).
 */
export function initializeBlock(state: RelayRuntimeState, params: ModelParams, parent: RelayChainBlockInfo): RelayRuntimeState {
  const tracker = updateAllowedRelayParents(state.tracker, parent.hash, parent.storageRoot, parent.number, params.scheduler.schedulingLookahead);
  return serviceQueues({ ...state, blockNumber: parent.number + 1, tracker }, messagingOf(params));
}

/** Phase 2 (RT-18): candidates concluded invalid are freed with their descendants. */
export function applyDisputes(state: RelayRuntimeState, concluded: readonly CandidateHash[]): { state: RelayRuntimeState; freed: Freed[] } {
  if (concluded.length === 0) return { state, freed: [] };
  const set = new Set(concluded);
  const freed: Freed[] = [];
  const next = mapParas(state, (para) => {
    const r = freeDisputed(para, set);
    freed.push(...r.freed);
    return r.para;
  });
  return { state: next, freed };
}

/** The cores occupied by a pending candidate, core → candidate. */
export function occupiedCores(state: RelayRuntimeState): Map<CoreIndex, PendingCandidate> {
  const out = new Map<CoreIndex, PendingCandidate>();
  for (const para of Object.values(state.paras)) for (const c of para.pending) out.set(c.core, c);
  return out;
}

/**
 * RT-21 `sanitize_bitfields`: drop bitfields from unknown validators, out of ascending validator
 * order (or repeated), of the wrong size, or naming a core no candidate occupies.
 */
export function sanitizeBitfields(
  bitfields: readonly AvailabilityBitfield[],
  params: ModelParams,
  occupied: ReadonlyMap<CoreIndex, PendingCandidate>,
): { kept: AvailabilityBitfield[]; dropped: DroppedBitfield[] } {
  const kept: AvailabilityBitfield[] = [];
  const dropped: DroppedBitfield[] = [];
  let last = -1;
  for (const b of bitfields) {
    if (!isOn('RT-21')) {
      kept.push(b);
      continue;
    }
    // Verify the signer is a validator of this session.
    if (b.validator < 0 || b.validator >= params.validators) dropped.push({ validator: b.validator, rule: 'RT-21', reason: 'ValidatorIndexOutOfBounds' });
    // Verify one bitfield per validator, in ascending order: a validator cannot vote twice.
    else if (b.validator <= last) dropped.push({ validator: b.validator, rule: 'RT-21', reason: 'UnsortedOrDuplicateValidatorIndices' });
    // Verify the bitfield has one bit per availability core.
    else if (b.cores.some((c) => c < 0 || c >= params.scheduler.numCores)) dropped.push({ validator: b.validator, rule: 'RT-21', reason: 'WrongBitfieldSize' });
    else {
      last = b.validator;
      // Bits for cores without a candidate (e.g. freed by a dispute) carry no vote.
      const cores = b.cores.filter((c) => occupied.has(c));
      kept.push({ validator: b.validator, cores });
    }
  }
  return { kept, dropped };
}

/**
 * Phase 3: availability votes accumulate on the candidates occupying the cores, and each para's
 * available prefix is enacted (RT-12, RT-13, RT-14).
 */
export function processBitfields(
  state: RelayRuntimeState,
  params: ModelParams,
  bitfields: readonly AvailabilityBitfield[],
): { state: RelayRuntimeState; enacted: PendingCandidate[]; dropped: DroppedBitfield[] } {
  const occupied = occupiedCores(state);
  const { kept, dropped } = sanitizeBitfields(bitfields, params, occupied);
  const votesByCore = new Map<CoreIndex, ValidatorIndex[]>();
  for (const b of kept) for (const c of b.cores) (votesByCore.get(c) ?? votesByCore.set(c, []).get(c)!).push(b.validator);
  const threshold = availabilityThreshold(params.validators);
  const enacted: PendingCandidate[] = [];
  const next = mapParas(state, (para) => {
    const withVotes: ParaState =
      votesByCore.size === 0
        ? para
        : {
            ...para,
            pending: para.pending.map((c) => {
              const add = votesByCore.get(c.core);
              if (!add) return c;
              const votes = [...new Set([...c.availabilityVotes, ...add])].sort((a, b) => a - b);
              return { ...c, availabilityVotes: votes };
            }),
          };
    const r = enactAvailableCandidates(withVotes, threshold);
    enacted.push(...r.enacted);
    return r.para;
  });
  // RT-30: the enacted candidates' messages and code (enact_candidate), in enactment order.
  const m = messagingOf(params);
  let s = next;
  for (const c of enacted) s = enactCandidateOutputs(s, c, state.blockNumber, m);
  return { state: s, enacted, dropped };
}

/** RT-15 for the block being built. */
export function timeoutCheckRequired(state: RelayRuntimeState, params: ModelParams): boolean {
  return availabilityTimeoutCheckRequired(
    state.blockNumber,
    state.sessionStartBlock,
    params.scheduler.groupRotationFrequency,
    params.scheduler.parasAvailabilityPeriod,
  );
}

/** Phase 4 (only when RT-15 requires it): `free_timedout` per para (RT-16, RT-17). */
export function applyTimeouts(state: RelayRuntimeState, params: ModelParams): { state: RelayRuntimeState; freed: Freed[] } {
  const freed: Freed[] = [];
  const now = state.blockNumber;
  const period = params.scheduler.parasAvailabilityPeriod;
  const next = mapParas(state, (para) => {
    const r = freeTimedout(para, (c) => isAvailabilityTimedOut(c.backedInNumber, now, period));
    freed.push(...r.freed);
    return r.para;
  });
  return { state: next, freed };
}

/**
 * RT-22 the cores a para may be backed on in this block: the cores whose claim queue front is the
 * para (static assignment: the cores assigned to it) and that no pending candidate occupies.
 */
export function scheduledCores(state: RelayRuntimeState, params: ModelParams, para: ParaId): CoreIndex[] {
  const occupied = occupiedCores(state);
  return coresOf(params, para).filter((c) => !isOn('RT-22') || !occupied.has(c));
}

/** A backed candidate still in the running, with its position in the author's list. */
interface Entry {
  readonly b: BackedCandidate;
  readonly index: number;
}

type Rejected = Extract<CandidateVerdict, { accepted: false }>;

function rejected(e: Entry, error: BackedCandidateError, rule: string, detail?: string): Rejected {
  const base = { hash: e.b.candidate.hash, paraId: e.b.candidate.descriptor.paraId, index: e.index, accepted: false as const, error, rule };
  return detail === undefined ? base : { ...base, detail };
}

/**
 * `retain_candidates`: walk a para's candidates in order; at the first one `check` rejects, drop it
 * and every later candidate of the para (they build on it, or come after it in dependency order).
 */
function retainCandidates(list: readonly Entry[], out: CandidateVerdict[], check: (e: Entry) => Rejected | null): Entry[] {
  const kept: Entry[] = [];
  for (let i = 0; i < list.length; i++) {
    const failure = check(list[i]!);
    if (failure === null) {
      kept.push(list[i]!);
      continue;
    }
    out.push(failure);
    for (const later of list.slice(i + 1))
      out.push(rejected(later, 'DroppedWithPreviousCandidate', failure.rule, `after ${failure.hash} was dropped (${failure.error})`));
    break;
  }
  return kept;
}

/**
 * Phase 5: `back_candidates` = `sanitize_backed_candidates` then `process_candidates`, in the
 * source's order:
 * 0. a session change is upcoming: nothing is backed in this block (RT-19);
 * 1. `sanitize_backed_candidate_v2`, per candidate on its own: the relay parent must be in the
 *    window (RT-05) and the descriptor's session the current one (RT-04); failures are dropped alone;
 * 2. grouped by para, the author's order kept within a para;
 * 3. `filter_unchained_candidates` (RT-09): duplicates, then `verify_backed_candidate` (RT-02,
 *    RT-06..RT-08) from the para's latest head and most recent context, both updated candidate by
 *    candidate;
 * 4. candidates concluded invalid (and their descendants) are dropped (RT-18);
 * 5. `map_candidates_to_cores` (RT-10, RT-22): each candidate's core must be one of the para's
 *    eligible cores, each used once;
 * 6. `process_candidates`: the group assigned to the core at `relay_parent_number + 1` (RT-20) must
 *    have backed it with enough valid votes (RT-11).
 * From step 3 on, a failure drops the candidate with every later candidate of its para
 * (`retain_candidates`). Paras are processed in ascending id order, as the runtime's BTreeMap does.
 *
 * Deviation: in polkadot-sdk a step-6 failure is not filtered: `process_candidates` returns an error
 * and the whole inherent is discarded (`create_inherent`) or the block is invalid (`enter`). Honest
 * block authors never include such candidates (their node checked the votes). The model drops the
 * candidate with its para's later candidates instead, so that one adversarial block still exercises
 * every other rule; the verdict carries polkadot-sdk's error name.
 */
export function processBackedCandidates(
  state: RelayRuntimeState,
  params: ModelParams,
  groups: readonly (readonly ValidatorIndex[])[],
  backed: readonly BackedCandidate[],
  concludedInvalid: readonly CandidateHash[] = [],
  sessionChangeUpcoming = false,
  anyAncestor?: (hash: Hash) => RelayParentInfo | undefined,
): { state: RelayRuntimeState; verdicts: CandidateVerdict[] } {
  const verdicts: CandidateVerdict[] = [];
  const all: Entry[] = backed.map((b, index) => ({ b, index }));
  // 0. Verify no session change is upcoming: candidates backed now would be drained at its end.
  if (sessionChangeUpcoming && isOn('RT-19')) {
    for (const e of all) verdicts.push(rejected(e, 'SessionChangeUpcoming', 'RT-19'));
    return { state, verdicts };
  }
  // 1. sanitize_backed_candidate_v2, candidate by candidate.
  const byPara = new Map<ParaId, Entry[]>();
  for (const e of all) {
    const d = e.b.candidate.descriptor;
    // Verify the relay parent is one the runtime still allows (RT-05).
    if (isOn('RT-05') && acquireInfo(state.tracker, d.relayParent, undefined) === null) {
      verdicts.push(rejected(e, 'DisallowedRelayParent', 'RT-05', `relay parent ${d.relayParent} is not in the allowed window`));
      continue;
    }
    // Verify the descriptor names the current session: statements of another session are void.
    if (isOn('RT-04') && d.sessionIndex !== state.session) {
      verdicts.push(rejected(e, 'SessionIndexMismatch', 'RT-04', `descriptor session ${d.sessionIndex}, current ${state.session}`));
      continue;
    }
    (byPara.get(d.paraId) ?? byPara.set(d.paraId, []).get(d.paraId)!).push(e);
  }
  const invalid = new Set(concludedInvalid);
  const paras: Record<string, ParaState> = { ...state.paras };
  const now = state.blockNumber;
  for (const id of [...byPara.keys()].sort((a, b) => a - b)) {
    let list = byPara.get(id)!;
    const para = paras[id];
    if (!para) {
      for (const e of list) verdicts.push(rejected(e, 'UnknownPara', 'RT-09'));
      continue;
    }
    // 3. filter_unchained_candidates.
    const seen = new Set<CandidateHash>();
    let latestHead = para.pending.at(-1)?.headData ?? para.head;
    let prevContext = para.pending.at(-1)?.relayParentNumber ?? para.mostRecentContext;
    const rpInfo = new Map<CandidateHash, { rp: RelayParentInfo; parentHead: string }>();
    list = retainCandidates(list, verdicts, (e) => {
      // Verify a candidate appears once: "cycles are not allowed if they entail backing duplicated candidates".
      if (isOn('RT-09') && seen.has(e.b.candidate.hash)) return rejected(e, 'DuplicateCandidate', 'RT-09');
      seen.add(e.b.candidate.hash);
      const v = verifyBackedCandidate(state.tracker, e.b, latestHead, isOn('RT-09') ? prevContext : para.mostRecentContext, para.codeHash, params, anyAncestor, para);
      if (!v.ok) return rejected(e, v.error, v.rule, v.detail);
      rpInfo.set(e.b.candidate.hash, { rp: v.rp, parentHead: v.parentHead });
      latestHead = e.b.candidate.commitments.headData;
      prevContext = v.rp.number;
      return null;
    });
    // 4. Verify nothing concluded invalid (or built on it) is backed again.
    list = retainCandidates(list, verdicts, (e) => (invalid.has(e.b.candidate.hash) && isOn('RT-18') ? rejected(e, 'ConcludedInvalid', 'RT-18') : null));
    // 5. map_candidates_to_cores.
    const scheduled = new Set(scheduledCores(state, params, id));
    const coreOf = new Map<CandidateHash, CoreIndex>();
    list = retainCandidates(list, verdicts, (e) => {
      const wanted = e.b.candidate.descriptor.coreIndex;
      // Verify the para still has an eligible core: one candidate per core per block.
      if (scheduled.size === 0 && isOn('RT-10')) return rejected(e, 'NoScheduledCore', 'RT-10', `para ${id} has no eligible core left`);
      // Verify the named core is one of the para's eligible cores, not yet used in this block.
      if (!scheduled.has(wanted) && isOn('RT-10')) return rejected(e, 'NoScheduledCore', 'RT-10', `core ${wanted} is not eligible for para ${id}`);
      scheduled.delete(wanted);
      coreOf.set(e.b.candidate.hash, wanted);
      return null;
    });
    // 6. process_candidates: backing group and votes.
    const groupOf = new Map<CandidateHash, number>();
    list = retainCandidates(list, verdicts, (e) => {
      const core = coreOf.get(e.b.candidate.hash)!;
      const rp = rpInfo.get(e.b.candidate.hash)!.rp;
      // Verify a group is assigned to the core at rp + 1 (in this session).
      const g = groupAssignedToCore(core, rp.number + 1, state.sessionStartBlock, params.scheduler.groupRotationFrequency, groups.length);
      if (g === null) return rejected(e, 'InvalidAssignment', 'RT-20', `no group for core ${core} at #${rp.number + 1}`);
      const votes = checkBackingVotes(e.b.validityVotes, groups[g]!, params.minimumBackingVotes);
      if (!votes.ok) return rejected(e, votes.error, votes.rule, votes.detail);
      groupOf.set(e.b.candidate.hash, g);
      return null;
    });
    const pending = [...para.pending];
    for (const e of list) {
      const c = e.b.candidate;
      const info = rpInfo.get(c.hash)!;
      const core = coreOf.get(c.hash)!;
      pending.push({
        hash: c.hash,
        paraId: id,
        core,
        relayParent: c.descriptor.relayParent,
        relayParentNumber: info.rp.number,
        backedInNumber: now,
        backingGroup: groupOf.get(c.hash)!,
        backers: [...new Set(e.b.validityVotes)].sort((x, y) => x - y),
        availabilityVotes: [],
        parentHead: info.parentHead,
        headData: c.commitments.headData,
        candidate: c,
      });
      verdicts.push({ hash: c.hash, paraId: id, index: e.index, accepted: true, core });
    }
    paras[id] = { ...para, pending };
  }
  verdicts.sort((a, b) => a.index - b.index);
  return { state: { ...state, paras }, verdicts };
}

/**
 * Phase 6: the downward messages sent in the block are queued (RT-33); then (RT-19, `initializer`
 * on_finalize of a session's last block) a new session drains every pending candidate (heads
 * unchanged), clears the allowed relay parents and starts the group rotation afresh at the next block.
 */
export function finalizeBlock(
  state0: RelayRuntimeState,
  endsSession: boolean,
  downwardMessages: readonly ParaId[] = [],
): { state: RelayRuntimeState; dropped: PendingCandidate[] } {
  const state = queueDownwardMessages(state0, downwardMessages);
  if (!endsSession) return { state, dropped: [] };
  const dropped: PendingCandidate[] = [];
  const next = mapParas(state, (para) => {
    if (!isOn('RT-19')) return para;
    dropped.push(...para.pending);
    return { ...para, pending: [] };
  });
  return {
    state: { ...next, session: state.session + 1, sessionStartBlock: state.blockNumber + 1, tracker: isOn('RT-19') ? EMPTY_TRACKER : state.tracker },
    dropped,
  };
}

/** One relay block through every phase: the plain-rules path (the machines step the same phases). */
export function processRelayBlock(
  state: RelayRuntimeState,
  params: ModelParams,
  groups: readonly (readonly ValidatorIndex[])[],
  parent: RelayChainBlockInfo,
  inherent: InherentData,
  endsSession: boolean,
  anyAncestor?: (hash: Hash) => RelayParentInfo | undefined,
): { state: RelayRuntimeState; outcome: BlockOutcome } {
  let s = initializeBlock(state, params, parent);
  const d = applyDisputes(s, inherent.disputesConcludedInvalid);
  const b = processBitfields(d.state, params, inherent.bitfields);
  const check = timeoutCheckRequired(b.state, params);
  const t = check ? applyTimeouts(b.state, params) : { state: b.state, freed: [] };
  // `concluded_invalid_hashes` is what `free_disputed` freed (paras_inherent process_inherent_data),
  // not every candidate the disputes named: a concluded dispute against a candidate that was not
  // pending does not stop it from being backed.
  const concluded = d.freed.map((f) => f.candidate.hash);
  const c = processBackedCandidates(t.state, params, groups, inherent.backedCandidates, concluded, endsSession, anyAncestor);
  const f = finalizeBlock(c.state, endsSession, inherent.downwardMessages ?? []);
  s = f.state;
  return {
    state: s,
    outcome: {
      number: s.blockNumber,
      disputed: d.freed,
      bitfieldsDropped: b.dropped,
      enacted: b.enacted,
      timeoutCheckRequired: check,
      timedOut: t.freed,
      verdicts: c.verdicts,
      droppedAtSessionChange: f.dropped,
      sessionChanged: endsSession,
    },
  };
}
