/**
 * The reference oracle: the spec's machines behind a small event interface (oracle/events.ts).
 * `initialOracle(params)` gives the state at genesis; `applyEvent(state, event)` is a pure function
 * returning the next state and the step's verdict; `project(state)` gives the documented projection
 * (oracle/projection.ts). `Oracle` wraps the three for scripts that feed events one at a time.
 *
 * Underneath: the network machine (machines/network.ts: the relay-chain driver with every runtime
 * rule, and prospective parachains' view: fragment chains at every relay parent in view, with
 * candidate-backing's seconding rule and limit in front of it) and, per para, the parachain runtime
 * (spec/parachain/runtime.ts, cumulus parachain-system with the consensus hook the model gives the
 * para) executed on a tree of parachain blocks. Nothing is re-implemented here: events become the
 * network's events, verdicts are read back from the block outcome and the lifecycle machines.
 *
 * Bad input (an unknown parent, a hash never introduced, a para the parameters do not have, a
 * candidate hash reused for different contents, a hash width different from the trace's) throws
 * `TraceError` naming the field; a protocol refusal is a verdict, never an error.
 *
 * Memory: the state keeps the relay blocks within `keep` blocks of the tip (default 64; far more
 * than the allowed-relay-parent window and the forks schedules make), the collations still
 * referenced there, live lifecycles, and the node's view of the kept blocks (a leaf among the forgotten
 * blocks is deactivated, as finality would; the chains at forgotten relay parents are dropped). Pruning
 * (every 32 relay blocks) never changes a verdict or a projection (test/oracle/oracle.test.ts), except
 * the `relayParentsInView` answer, which then omits relay parents more than `keep` blocks behind the
 * tip; a block building on a pruned parent is bad input.
 */
import { match } from 'ts-pattern';
import { validateParams, type ModelParams } from '../spec/params.ts';
import { hashOf } from '../spec/hash.ts';
import { pvdHash, type CommittedCandidate, type Hash, type PersistedValidationData } from '../spec/types.ts';
import { executeParachainBlock, GENESIS_PARACHAIN_RUNTIME_STATE, type ParachainRuntimeState } from '../spec/parachain/runtime.ts';
import { paraSlotFromRelaySlot } from '../spec/parachain/consensusHook.ts';
import { bestChainVec } from '../spec/node/fragmentChain.ts';
import type { MachineState } from '../machines/engine.ts';
import { chainInView, initialNetwork, prospectiveView, provision, relayParentsInView, stepNetwork, updateView, type NetworkContext, type NetworkEvent } from '../machines/network.ts';
import { parachainParamsFor } from '../machines/pipeline.ts';
import { runtimeConfigOf, UNLIMITED_MESSAGING } from '../machines/collator.ts';
import type { BlockNode, RelayBlockInput } from '../machines/relayChain.ts';
import type { BackedCandidate } from '../spec/relay/state.ts';
import { TraceError } from './errors.ts';
import { validateEvent } from './validate.ts';
import type { BackingVotesEvent, CollationEvent, OracleEvent, OracleQuery, ParachainBlockEvent, RelayBlockEvent } from './events.ts';
import { backingState as runtimeBackingState, type BackingState } from '../spec/relay/backingState.ts';
import { getBackableCandidates, getMinimumRelayParents, getProspectiveValidationData, hypotheticalMembership, type ProspectiveView } from '../spec/node/view.ts';
import type { BackableRequest } from '../spec/node/backing.ts';
import type { HypotheticalOrConcreteCandidate } from '../spec/node/fragmentChain.ts';
import { canBuildUpon } from '../spec/parachain/consensusHook.ts';
import { decideLookaheadBuild } from '../spec/parachain/collator.ts';
import { lookaheadInputOf } from '../machines/collator.ts';
import { coresOf } from '../spec/params.ts';
import { LOOKAHEAD_BUILDS_PER_RELAY_LEAF } from '../spec/parachain/collator.ts';
import type { Projection } from './projection.ts';

/** A parachain block the para's runtime accepted, with the runtime state after it. */
export interface ParachainBlockNode {
  readonly parent: Hash | null;
  readonly number: number;
  /** Its relay parent ('' for the genesis head). */
  readonly relayParent: Hash;
  readonly relayParentNumber: number;
  readonly runtime: ParachainRuntimeState;
}

export interface OracleState {
  readonly params: ModelParams;
  readonly network: NetworkContext;
  /** The relay block imported last (the projection is taken there). */
  readonly tip: Hash;
  /** Per para: the parachain blocks executed (by hash), and the last one accepted. */
  readonly parachains: Readonly<Record<string, { readonly blocks: Readonly<Record<Hash, ParachainBlockNode>>; readonly last: Hash }>>;
  /** The hash width (16 or 64 hex digits) the trace uses, fixed by its first hash. */
  readonly hashWidth: number | null;
  readonly keep: number;
  readonly importsSincePrune: number;
}

export type CandidateOutcome =
  | { readonly candidate: Hash; readonly accepted: true; readonly core: number }
  | { readonly candidate: Hash; readonly accepted: false; readonly error: string; readonly rule: string; readonly detail?: string };

export type Verdict =
  | {
      readonly type: 'relayBlock';
      /** One entry per backed candidate the block supplied, in the block's order. */
      readonly candidates: readonly CandidateOutcome[];
      /** Candidates enacted (included) in this block, in enactment order. */
      readonly included: readonly Hash[];
      /** Candidates that timed out themselves, and those evicted with a timed-out or disputed ancestor. */
      readonly timedOut: readonly Hash[];
      readonly evicted: readonly Hash[];
      readonly concludedInvalid: readonly Hash[];
      readonly droppedAtSessionChange: readonly Hash[];
      /** Bitfields the runtime dropped (RT-21), by validator. */
      readonly bitfieldsDropped: readonly { readonly validator: number; readonly error: string; readonly rule: string }[];
    }
  | { readonly type: 'collation'; readonly seconded: true }
  | { readonly type: 'collation'; readonly seconded: false; readonly error: string; readonly rule: string }
  | { readonly type: 'backingVotes'; readonly backed: boolean }
  | { readonly type: 'parachainBlock'; readonly accepted: true }
  | { readonly type: 'parachainBlock'; readonly accepted: false; readonly error: string; readonly rule: string; readonly detail?: string }
  | { readonly type: 'backableCandidates'; readonly candidates: readonly Hash[] }
  | { readonly type: 'hypotheticalMembership'; readonly leaves: readonly Hash[] }
  | { readonly type: 'minimumRelayParents'; readonly paras: Readonly<Record<string, number>> }
  | { readonly type: 'prospectiveValidationData'; readonly pvd: PersistedValidationData | null }
  | { readonly type: 'relayParentsInView'; readonly activeLeaves: readonly Hash[]; readonly relayParents: readonly Hash[] }
  | { readonly type: 'provisionerRequests'; readonly requests: readonly (BackableRequest & { readonly candidates: readonly Hash[] })[] }
  | { readonly type: 'backingState'; readonly state: BackingState | null }
  | { readonly type: 'canBuildUpon'; readonly canBuild: boolean }
  | { readonly type: 'collatorDecision'; readonly build: true; readonly parent: Hash; readonly relayParent: Hash; readonly included: Hash; readonly relaySlot: number; readonly paraSlot: number }
  | { readonly type: 'collatorDecision'; readonly build: false; readonly reason: string };

export interface StepResult {
  readonly state: OracleState;
  readonly verdict: Verdict;
}

export interface OracleOptions {
  /** Relay blocks kept behind the tip (default 64, at least the allowed-relay-parent window + 2). */
  readonly keep?: number;
}

const PRUNE_EVERY = 32;

export function initialOracle(params: ModelParams, opts: OracleOptions = {}): OracleState {
  validateParams(params);
  const keep = opts.keep ?? 64;
  const window = params.scheduler.schedulingLookahead + 2;
  if (!Number.isInteger(keep) || keep < window) throw new TraceError(`keep must be an integer of at least ${window} (the allowed-relay-parent window + 2), got ${JSON.stringify(keep)}`, { field: 'keep' });
  const network = initialNetwork(params).context;
  const parachains: Record<string, { blocks: Record<Hash, ParachainBlockNode>; last: Hash }> = {};
  for (const p of params.paras) parachains[p.id] = { blocks: { [p.genesisHead]: { parent: null, number: 0, relayParent: '', relayParentNumber: 0, runtime: GENESIS_PARACHAIN_RUNTIME_STATE } }, last: p.genesisHead };
  return { params, network, tip: network.relay.genesis, parachains, hashWidth: null, keep, importsSincePrune: 0 };
}

/** The relay genesis hash and each para's genesis head: the hashes a trace starts from. */
export function genesisOf(params: ModelParams): { relayGenesis: Hash; paraHeads: Record<string, Hash> } {
  const s = initialNetwork(params).context;
  return { relayGenesis: s.relay.genesis, paraHeads: Object.fromEntries(params.paras.map((p) => [String(p.id), p.genesisHead])) };
}

// ---------------------------------------------------------------------------------------------

function hashesOf(e: OracleEvent): { field: string; hash: Hash }[] {
  return match(e)
    .with({ type: 'relayBlock' }, (b) => [
      { field: '/hash', hash: b.hash },
      { field: '/parent', hash: b.parent },
      { field: '/storageRoot', hash: b.storageRoot },
    ])
    .with({ type: 'collation' }, (c) => [
      { field: '/candidate/hash', hash: c.candidate.hash },
      { field: '/candidate/descriptor/relayParent', hash: c.candidate.descriptor.relayParent },
      { field: '/candidate/commitments/headData', hash: c.candidate.commitments.headData },
    ])
    .with({ type: 'backingVotes' }, (v) => [{ field: '/candidate', hash: v.candidate }])
    .with({ type: 'parachainBlock' }, (b) => [
      { field: '/hash', hash: b.hash },
      { field: '/parent', hash: b.parent },
    ])
    .otherwise((q) => {
      // Queries: every string field but the type is a hash.
      const out: { field: string; hash: Hash }[] = [];
      const walk = (v: unknown, field: string) => {
        if (typeof v === 'string') out.push({ field, hash: v });
        else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${field}/${i}`));
        else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${field}/${k}`);
      };
      for (const [k, v] of Object.entries(q)) if (k !== 'type') walk(v, `/${k}`);
      return out;
    });
}

function knownPara(s: OracleState, para: number, field: string): void {
  if (!s.params.paras.some((p) => p.id === para)) throw new TraceError(`para ${para} is not one of the parameters' paras (${s.params.paras.map((p) => p.id).join(', ')})`, { field });
}

function relayBlock(s: OracleState, e: RelayBlockEvent): StepResult {
  const relay = s.network.relay;
  if (!relay.blocks[e.parent]) throw new TraceError(`relay block ${e.parent} was never imported (blocks more than ${s.keep} behind the tip are forgotten)`, { field: '/parent' });
  if (relay.blocks[e.hash]) throw new TraceError(`relay block ${e.hash} was already imported`, { field: '/hash' });
  const backedCandidates: BackedCandidate[] = (e.backed ?? []).map((b, i) => {
    const c = s.network.collations[b.candidate];
    if (!c) throw new TraceError(`candidate ${b.candidate} was never introduced (a collation event must come first)`, { field: `/backed/${i}/candidate` });
    return { candidate: c.candidate, validityVotes: b.votes };
  });
  (e.disputesConcludedInvalid ?? []).forEach((h, i) => {
    if (!s.network.collations[h]) throw new TraceError(`candidate ${h} was never introduced`, { field: `/disputesConcludedInvalid/${i}` });
  });
  (e.downwardMessages ?? []).forEach((p, i) => knownPara(s, p, `/downwardMessages/${i}`));
  const inherent = {
    bitfields: (e.bitfields ?? []).map((b) => ({ validator: b.validator, cores: b.cores })),
    backedCandidates,
    disputesConcludedInvalid: e.disputesConcludedInvalid ?? [],
    ...(e.downwardMessages?.length ? { downwardMessages: e.downwardMessages } : {}),
  };
  const block: RelayBlockInput = { hash: e.hash, parent: e.parent, storageRoot: e.storageRoot, inherent, endsSession: e.endsSession ?? false };
  const network = stepNetwork({ value: 'running', context: s.network }, { type: 'RELAY_BLOCK', block }).context;
  const node = network.relay.blocks[e.hash]!;
  const o = node.outcome;
  const verdict: Verdict = {
    type: 'relayBlock',
    candidates: o.verdicts.map((v) => (v.accepted ? { candidate: v.hash, accepted: true as const, core: v.core } : { candidate: v.hash, accepted: false as const, error: v.error, rule: v.rule, ...(v.detail ? { detail: v.detail } : {}) })),
    included: o.enacted.map((c) => c.hash),
    timedOut: o.timedOut.filter((f) => !f.withAncestor).map((f) => f.candidate.hash),
    evicted: [...o.disputed, ...o.timedOut].filter((f) => f.withAncestor).map((f) => f.candidate.hash),
    concludedInvalid: o.disputed.filter((f) => !f.withAncestor).map((f) => f.candidate.hash),
    droppedAtSessionChange: o.droppedAtSessionChange.map((c) => c.hash),
    bitfieldsDropped: o.bitfieldsDropped.map((b) => ({ validator: b.validator, error: b.reason, rule: b.rule })),
  };
  const next: OracleState = { ...s, network, tip: e.hash, importsSincePrune: s.importsSincePrune + 1 };
  return { state: next.importsSincePrune >= PRUNE_EVERY ? prune(next) : next, verdict };
}

function sameCandidate(a: CommittedCandidate, b: CommittedCandidate): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function collation(s: OracleState, e: CollationEvent): StepResult {
  knownPara(s, e.candidate.descriptor.paraId, '/candidate/descriptor/paraId');
  const known = s.network.collations[e.candidate.hash];
  if (known) {
    if (!sameCandidate(known.candidate, e.candidate) || JSON.stringify(known.pvd) !== JSON.stringify(e.pvd))
      throw new TraceError(`candidate hash ${e.candidate.hash} was introduced before with different contents`, { field: '/candidate/hash' });
    // PP-18: storage refuses a candidate it already holds (the network does not introduce it twice).
    return { state: s, verdict: { type: 'collation', seconded: false, error: 'CandidateAlreadyKnown', rule: 'PP-18' } };
  }
  const network = stepNetwork({ value: 'running', context: s.network }, { type: 'COLLATION', candidate: e.candidate, pvd: e.pvd }).context;
  const lifecycle = network.candidates[e.candidate.hash]!;
  const verdict: Verdict =
    lifecycle.value === 'notSeconded'
      ? { type: 'collation', seconded: false, error: lifecycle.context.rejection?.error ?? 'SecondingAllowed::No', rule: lifecycle.context.rejection?.rule ?? 'PP-41' }
      : { type: 'collation', seconded: true };
  return { state: { ...s, network }, verdict };
}

function backingVotes(s: OracleState, e: BackingVotesEvent): StepResult {
  if (!s.network.collations[e.candidate]) throw new TraceError(`candidate ${e.candidate} was never introduced (a collation event must come first)`, { field: '/candidate' });
  const event: NetworkEvent = { type: 'BACKING_VOTES', candidateHash: e.candidate, votes: e.votes };
  const network = stepNetwork({ value: 'running', context: s.network }, event).context;
  return { state: { ...s, network }, verdict: { type: 'backingVotes', backed: network.collations[e.candidate]!.backed } };
}

function parachainBlock(s: OracleState, e: ParachainBlockEvent): StepResult {
  knownPara(s, e.para, '/para');
  const chain = s.parachains[e.para]!;
  const parent = chain.blocks[e.parent];
  if (!parent) throw new TraceError(`parachain block ${e.parent} of para ${e.para} was never executed (nor is it the genesis head)`, { field: '/parent' });
  if (chain.blocks[e.hash]) throw new TraceError(`parachain block ${e.hash} of para ${e.para} was already executed`, { field: '/hash' });
  const rp: BlockNode | undefined = s.network.relay.blocks[e.relayParent];
  if (!rp) throw new TraceError(`relay parent ${e.relayParent} was never imported (or was pruned)`, { field: '/relayParent' });
  const recipients = new Set<number>();
  (e.messagingState?.egressChannels ?? []).forEach((c, i) => {
    if (recipients.has(c.recipient)) throw new TraceError(`the messaging state lists the HRMP channel to para ${c.recipient} twice`, { field: `/messagingState/egressChannels/${i}/recipient` });
    recipients.add(c.recipient);
  });
  const pp = parachainParamsFor(s.params, e.para);
  const relaySlot = e.relaySlot ?? rp.number;
  const paraSlot = e.paraSlot ?? paraSlotFromRelaySlot(relaySlot, pp.relayChainSlotDurationMs, pp.paraSlotDurationMs);
  const out = e.outputs ?? {};
  const executed = executeParachainBlock(runtimeConfigOf(pp), parent.runtime, {
    parentHash: e.parent,
    relayParentNumber: rp.number,
    relaySlot,
    paraSlot,
    includedHeadInProof: e.includedHead === undefined ? rp.runtime.paras[e.para]!.head : e.includedHead,
    messagingState: e.messagingState ?? UNLIMITED_MESSAGING,
    outputs: {
      upwardMessageSizes: out.upwardMessageSizes ?? [],
      horizontalMessages: out.horizontalMessages ?? [],
      hrmpWatermark: out.hrmpWatermark ?? rp.number,
      upgradeGoAhead: out.upgradeGoAhead ?? null,
    },
  });
  if (!executed.ok) return { state: s, verdict: { type: 'parachainBlock', accepted: false, error: executed.error, rule: executed.rule, ...(executed.detail ? { detail: executed.detail } : {}) } };
  const node: ParachainBlockNode = { parent: e.parent, number: parent.number + 1, relayParent: e.relayParent, relayParentNumber: rp.number, runtime: executed.value };
  const parachains = { ...s.parachains, [e.para]: { blocks: { ...chain.blocks, [e.hash]: node }, last: e.hash } };
  return { state: { ...s, parachains }, verdict: { type: 'parachainBlock', accepted: true } };
}

// ---------------------------------------------------------------------------------------------
// Queries

/**
 * The node's state as prospective-parachains' `View` (spec/node/view.ts): the network keeps that view
 * itself (active leaves, implicit view, chains per relay parent in view), with a fragment-chain
 * machine around each chain; this drops the machines. The queries are answered by view.ts's own
 * handlers.
 */
export function prospectiveViewOf(network: NetworkContext): ProspectiveView {
  return prospectiveView(network.view);
}

function relayBlockOf(s: OracleState, hash: Hash | undefined, field: string): BlockNode {
  const b = s.network.relay.blocks[hash ?? s.tip];
  if (!b) throw new TraceError(`relay block ${hash} was never imported (or was pruned)`, { field });
  return b;
}

function query(s: OracleState, q: OracleQuery): Verdict {
  return match(q)
    .with({ type: 'backableCandidates' }, (x) => {
      knownPara(s, x.para, '/para');
      const leaf = relayBlockOf(s, x.leaf, '/leaf').hash;
      return { type: 'backableCandidates' as const, candidates: getBackableCandidates(prospectiveViewOf(s.network), leaf, x.para, x.count, x.ancestors ?? []).map((c) => c.candidateHash) };
    })
    .with({ type: 'hypotheticalMembership' }, (x) => {
      let para: number;
      let candidate: HypotheticalOrConcreteCandidate;
      if (typeof x.candidate === 'string') {
        const c = s.network.collations[x.candidate];
        if (!c) throw new TraceError(`candidate ${x.candidate} was never introduced`, { field: '/candidate' });
        para = c.candidate.descriptor.paraId;
        candidate = { candidateHash: c.candidate.hash, parentHeadDataHash: c.pvd.parentHead, outputHeadDataHash: c.candidate.commitments.headData, relayParent: c.candidate.descriptor.relayParent, commitments: c.candidate.commitments, persistedValidationData: c.pvd, validationCodeHash: c.candidate.descriptor.validationCodeHash };
      } else {
        knownPara(s, x.candidate.para, '/candidate/para');
        para = x.candidate.para;
        candidate = { candidateHash: x.candidate.hash, parentHeadDataHash: x.candidate.parentHead, outputHeadDataHash: null, relayParent: x.candidate.relayParent, commitments: null, persistedValidationData: null, validationCodeHash: null };
      }
      if (x.leaf !== undefined) relayBlockOf(s, x.leaf, '/leaf');
      return { type: 'hypotheticalMembership' as const, leaves: hypotheticalMembership(prospectiveViewOf(s.network), para, candidate, x.leaf) };
    })
    .with({ type: 'minimumRelayParents' }, (x) => {
      const leaf = relayBlockOf(s, x.leaf, '/leaf').hash;
      return { type: 'minimumRelayParents' as const, paras: Object.fromEntries(getMinimumRelayParents(prospectiveViewOf(s.network), leaf).map(([p, n]) => [String(p), n])) };
    })
    .with({ type: 'prospectiveValidationData' }, (x) => {
      knownPara(s, x.para, '/para');
      return { type: 'prospectiveValidationData' as const, pvd: getProspectiveValidationData(prospectiveViewOf(s.network), { paraId: x.para, candidateRelayParent: x.relayParent, parentHeadDataHash: x.parentHead }) };
    })
    .with({ type: 'relayParentsInView' }, () => ({ type: 'relayParentsInView' as const, activeLeaves: [...s.network.view.activeLeaves], relayParents: relayParentsInView(s.network.view) }))
    .with({ type: 'provisionerRequests' }, (x) => {
      const leaf = relayBlockOf(s, x.leaf, '/leaf');
      const bitfields = (x.bitfields ?? []).map((b) => ({ validator: b.validator, cores: b.cores }));
      const { requests, offered } = provision(s.network, leaf, bitfields);
      return { type: 'provisionerRequests' as const, requests: requests.map((r) => ({ ...r, candidates: offered[r.para] ?? [] })) };
    })
    .with({ type: 'backingState' }, (x) => {
      knownPara(s, x.para, '/para');
      const at = relayBlockOf(s, x.at, '/at');
      const lookup = (h: string) => {
        const b = s.network.relay.blocks[h];
        return b ? { hash: b.hash, number: b.number, storageRoot: b.storageRoot } : undefined;
      };
      return { type: 'backingState' as const, state: runtimeBackingState(at.runtime, s.params, x.para, lookup) };
    })
    .with({ type: 'canBuildUpon' }, (x) => {
      knownPara(s, x.para, '/para');
      const b = s.parachains[x.para]!.blocks[x.at];
      if (!b) throw new TraceError(`parachain block ${x.at} of para ${x.para} was never executed`, { field: '/at' });
      const pp = parachainParamsFor(s.params, x.para);
      const state = { relaySlotInfo: b.runtime.relaySlotInfo, unincludedSegment: b.runtime.system.unincludedSegment };
      return { type: 'canBuildUpon' as const, canBuild: canBuildUpon({ velocity: pp.blockProcessingVelocity, capacity: pp.unincludedSegmentCapacity }, state, x.included, x.relaySlot) };
    })
    .with({ type: 'collatorDecision' }, (x) => {
      knownPara(s, x.para, '/para');
      const leaf = relayBlockOf(s, x.leaf, '/leaf');
      const relay = s.network.relay;
      const para = leaf.runtime.paras[x.para]!;
      const pp = parachainParamsFor(s.params, x.para);
      const blocks = Object.fromEntries(Object.entries(s.parachains[x.para]!.blocks).map(([hash, b]) => [hash, { hash, ...b }]));
      const input = lookaheadInputOf(x.para, pp, blocks, {
        lookahead: {
          leaf: { hash: leaf.hash, number: leaf.number, slot: leaf.number },
          relayChain: Object.values(relay.blocks).map((b) => ({ hash: b.hash, number: b.number, parent: b.parent, sessionIndexForChild: b.runtime.session })),
          paraScheduled: true,
          includedHash: para.head,
          pendingHash: para.pending.at(-1)?.headData ?? null,
        },
        ancestryLookback: s.params.asyncBacking.allowedAncestryLen,
        includedHeadInProof: para.head,
        messagingState: UNLIMITED_MESSAGING,
        buildsPerLeaf: Math.max(LOOKAHEAD_BUILDS_PER_RELAY_LEAF, coresOf(s.params, x.para).length),
      });
      // The Aura authority set (PS-14): the collator is authority `aura.index` of `aura.authorities`.
      let decisionInput = input;
      if (x.aura !== undefined) {
        if (x.aura.authorities < 1 || x.aura.authorities > 100_000) throw new TraceError(`the Aura authority set must have from 1 to 100000 authorities, got ${x.aura.authorities}`, { field: '/aura/authorities' });
        if (x.aura.index >= x.aura.authorities) throw new TraceError(`authority index ${x.aura.index} is not below the ${x.aura.authorities} authorities`, { field: '/aura/index' });
        const authorities = Array.from({ length: x.aura.authorities }, (_, i) => (i === x.aura!.index ? input.self : `authority-${i}`));
        decisionInput = { ...input, authoritiesAt: Object.fromEntries(Object.keys(input.authoritiesAt).map((h) => [h, authorities])) };
      }
      const d = decideLookaheadBuild(decisionInput);
      return d.build
        ? { type: 'collatorDecision' as const, build: true as const, parent: d.parent, relayParent: d.relayParent, included: d.included, relaySlot: d.relaySlot, paraSlot: d.paraSlot }
        : { type: 'collatorDecision' as const, build: false as const, reason: d.reason };
    })
    .exhaustive();
}

/**
 * One step: validates the event (TraceError on bad input) and applies it. Pure: `state` is not
 * modified.
 */
export function applyEvent(state: OracleState, event: unknown): StepResult {
  const e = validateEvent(event);
  let hashWidth = state.hashWidth;
  for (const { field, hash } of hashesOf(e)) {
    hashWidth ??= hash.length;
    if (hash.length !== hashWidth) throw new TraceError(`hash ${hash} has ${hash.length} hex digits, but this trace uses ${hashWidth}`, { field });
  }
  const s = hashWidth === state.hashWidth ? state : { ...state, hashWidth };
  return match(e)
    .with({ type: 'relayBlock' }, (x) => relayBlock(s, x))
    .with({ type: 'collation' }, (x) => collation(s, x))
    .with({ type: 'backingVotes' }, (x) => backingVotes(s, x))
    .with({ type: 'parachainBlock' }, (x) => parachainBlock(s, x))
    .otherwise((x) => ({ state: s, verdict: query(s, x as OracleQuery) }));
}

// ---------------------------------------------------------------------------------------------

/** The projection of oracle/projection.ts. */
export function project(s: OracleState): Projection {
  const relay = s.network.relay;
  const tip = relay.blocks[s.tip]!;
  const paras: Record<string, Projection['relay']['paras'][string]> = {};
  const node: Record<string, Projection['node'][string]> = {};
  const parachain: Record<string, Projection['parachain'][string]> = {};
  for (const p of s.params.paras) {
    const r = tip.runtime.paras[p.id]!;
    paras[p.id] = {
      head: r.head,
      mostRecentContext: r.mostRecentContext,
      codeHash: r.codeHash,
      pending: r.pending.map((c) => ({ candidate: c.hash, core: c.core, relayParentNumber: c.relayParentNumber, backedIn: c.backedInNumber, availabilityVotes: c.availabilityVotes.length })),
    };
    const chain = chainInView(s.network.view, s.tip, p.id);
    node[p.id] = chain ? { bestChain: bestChainVec(chain), unconnected: Object.keys(chain.unconnected).sort() } : { bestChain: [], unconnected: [] };
    const pc = s.parachains[p.id]!;
    const segment = pc.blocks[pc.last]!.runtime.system.unincludedSegment;
    parachain[p.id] = { block: pc.last, unincludedSegment: segment.map((a) => a.paraHeadHash) };
  }
  return { relay: { tip: s.tip, number: tip.number, session: tip.runtime.session, leaves: [...relay.leaves], paras }, node, parachain };
}

// ---------------------------------------------------------------------------------------------

/**
 * Drops what no later event can reach: relay blocks more than `keep` behind the tip (and leaves
 * among them), collations whose relay parent is gone and that no kept block holds pending, node
 * lifecycles of dropped collations, lifecycles of candidates no kept block holds pending, and
 * parachain blocks whose relay parent is gone (except each para's last block and its ancestors up
 * to the included head of the tip).
 */
export function prune(s: OracleState): OracleState {
  const relay = s.network.relay;
  const tipNumber = relay.blocks[s.tip]!.number;
  const blocks: Record<Hash, BlockNode> = {};
  for (const [h, b] of Object.entries(relay.blocks)) if (b.number + s.keep >= tipNumber) blocks[h] = b;
  // The kept blocks' parents may be gone: a pruned parent is never imported on again (its children
  // are older than `keep`, so no relay parent of a later candidate).
  const pendingAnywhere = new Set<Hash>();
  for (const b of Object.values(blocks)) for (const p of Object.values(b.runtime.paras)) for (const c of p.pending) pendingAnywhere.add(c.hash);
  const collations: Record<Hash, NetworkContext['collations'][string]> = {};
  for (const [h, c] of Object.entries(s.network.collations)) if (blocks[c.candidate.descriptor.relayParent] || pendingAnywhere.has(h)) collations[h] = c;
  const candidates: Record<Hash, NetworkContext['candidates'][string]> = {};
  for (const [h, m] of Object.entries(s.network.candidates)) if (collations[h]) candidates[h] = m;
  // Lifecycles on each kept block: those still pending there, or whose collation is kept.
  for (const [h, b] of Object.entries(blocks)) {
    const live: Record<Hash, MachineState<unknown>> = {};
    for (const [c, m] of Object.entries(b.candidates)) if (m.value === 'pendingAvailability' || collations[c]) live[c] = m;
    blocks[h] = { ...b, candidates: live as BlockNode['candidates'] };
  }
  const leaves = relay.leaves.filter((h) => blocks[h]);
  // The node forgets what the relay chain forgets: leaves among the dropped blocks are deactivated
  // (the implicit view prunes), and no chain or implicit-view entry is kept for a dropped block.
  const keptRelay = { ...relay, blocks, leaves };
  const deactivated = s.network.view.activeLeaves.filter((h) => !blocks[h]);
  const updated = updateView(s.params, s.network.view, keptRelay, null, deactivated);
  const view = {
    ...updated,
    perRelayParent: Object.fromEntries(Object.entries(updated.perRelayParent).filter(([h]) => blocks[h])),
    implicitView: { leaves: updated.implicitView.leaves, blocks: Object.fromEntries(Object.entries(updated.implicitView.blocks).filter(([h]) => blocks[h])) },
  };
  const parachains: Record<string, OracleState['parachains'][string]> = {};
  for (const [para, pc] of Object.entries(s.parachains)) {
    const keepBlocks: Record<Hash, ParachainBlockNode> = {};
    for (const [h, b] of Object.entries(pc.blocks)) if (b.relayParentNumber + s.keep >= tipNumber || b.parent === null) keepBlocks[h] = b;
    for (let h: Hash | null = pc.last; h !== null && pc.blocks[h]; h = pc.blocks[h]!.parent) keepBlocks[h] = pc.blocks[h]!;
    parachains[para] = { blocks: keepBlocks, last: pc.last };
  }
  return {
    ...s,
    network: { ...s.network, relay: keptRelay, view, collations, candidates },
    parachains,
    importsSincePrune: 0,
  };
}

// ---------------------------------------------------------------------------------------------

/** The oracle as an object, for scripts: feed events one at a time, read verdicts and the projection. */
export class Oracle {
  #state: OracleState;
  #steps = 0;

  constructor(params: ModelParams, opts: OracleOptions = {}) {
    this.#state = initialOracle(params, opts);
  }

  /** Applies one event; throws TraceError (with the step number) on bad input and then stays where it was. */
  apply(event: unknown): { readonly verdict: Verdict; readonly state: Projection } {
    let r: StepResult;
    try {
      r = applyEvent(this.#state, event);
    } catch (e) {
      throw e instanceof TraceError ? e.at({ step: this.#steps }) : e;
    }
    this.#state = r.state;
    this.#steps++;
    return { verdict: r.verdict, state: project(r.state) };
  }

  /** The documented projection of the current state. */
  get state(): Projection {
    return project(this.#state);
  }

  /** The whole state, plain data (to branch or compare). */
  get snapshot(): OracleState {
    return this.#state;
  }

  get steps(): number {
    return this.#steps;
  }
}

/** A deterministic hash of the model's kind for building events by hand (hashes in a trace are the trace's). */
export function modelHash(...parts: (string | number)[]): Hash {
  return hashOf(...parts);
}

/** The PVD hash the model's descriptors carry (`persisted_validation_data_hash`); see vectors/FORMAT.md. */
export { pvdHash };
