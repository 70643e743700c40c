/**
 * A small language for writing conformance scenarios: a `Scenario` feeds events to an oracle one at
 * a time, filling in what a careful author would (hashes, the PVD from the relay parent, the backing
 * group of the core, bitfields of the candidates to make available), and records every step with
 * the verdict and projection the oracle gives. A scenario marks its *decisive* step and says what must
 * hold there (`expectRejected`, `expectAccepted`, `expect`); the generator (oracle/vectors/generate.ts)
 * refuses to write a vector whose expectation does not hold, and checks that switching the rule off
 * changes the decisive outcome of the rule's accept or reject vector.
 *
 * Every hash a scenario makes is `hashOf('vector', <scenario name>, <what>, <counter>)`; vectors carry
 * them explicitly, so a replayer never computes one.
 */
import { hashOf } from '../../spec/hash.ts';
import { coresOf, type ModelParams } from '../../spec/params.ts';
import { groupAssignedToCore } from '../../spec/relay/scheduler.ts';
import { pvdHash, type CandidateCommitments, type CandidateDescriptor, type CommittedCandidate, type Hash, type HeadData, type ParaId, type PersistedValidationData, type ValidatorIndex } from '../../spec/types.ts';
import type { BlockNode } from '../../machines/relayChain.ts';
import { Oracle, type Verdict } from '../oracle.ts';
import type { BitfieldIn, OracleEvent, ParachainBlockEvent, ParachainBlockOutputs, RelayBlockEvent } from '../events.ts';
import type { Projection } from '../projection.ts';

export interface ScenarioStep {
  readonly event: OracleEvent;
  readonly verdict: Verdict;
  readonly state: Projection;
}

/** A candidate the scenario collated. */
export interface CandidateRef {
  readonly hash: Hash;
  readonly para: ParaId;
  readonly head: HeadData;
  readonly parentHead: HeadData;
  readonly core: number;
  readonly relayParent: Hash;
  readonly relayParentNumber: number;
  readonly candidate: CommittedCandidate;
  readonly pvd: PersistedValidationData;
}

export interface CollateOptions {
  /** The head it builds on (default: the para's latest head at the relay parent, pending chain included). */
  readonly parentHead?: HeadData;
  /** Build on this candidate's output. */
  readonly on?: CandidateRef;
  /** The relay parent: a block hash, or how many blocks behind the tip (default 0: the tip). */
  readonly relayParent?: Hash | number;
  readonly core?: number;
  /** An explicit candidate hash (fork choice compares them); default a fresh one. */
  readonly hash?: Hash;
  /** An explicit output head (default a fresh one). */
  readonly head?: HeadData;
  readonly outputs?: Partial<Omit<CandidateCommitments, 'headData'>>;
  readonly descriptor?: Partial<Omit<CandidateDescriptor, 'paraId' | 'relayParent' | 'paraHead'>> & { paraHead?: Hash };
  /** Replaces fields of the PVD sent with the collation (default: the true one for the relay parent). */
  readonly pvd?: Partial<PersistedValidationData>;
  /** Put another PVD hash in the descriptor than the PVD sent (PP-16). */
  readonly descriptorPvd?: Partial<PersistedValidationData>;
  /** Also back it (default false): votes of its whole group, or these. */
  readonly back?: boolean | readonly ValidatorIndex[];
}

export interface RelayOptions {
  /** Parent hash, or how many blocks behind the tip (default: the tip). */
  readonly parent?: Hash | number;
  /** Candidates to put on chain, with the votes of their whole group unless given. */
  readonly backed?: readonly (CandidateRef | { readonly c: CandidateRef; readonly votes: readonly ValidatorIndex[] })[];
  /**
   * Availability: candidates whose core every validator (or `votes` validators: the first ones)
   * signs. Cores are read from the parent's pending chain.
   */
  readonly available?: readonly (CandidateRef | { readonly c: CandidateRef; readonly votes: number })[];
  /** Raw bitfields, added after those of `available`. */
  readonly bitfields?: readonly BitfieldIn[];
  readonly endsSession?: boolean;
  readonly disputes?: readonly CandidateRef[];
  readonly downward?: readonly ParaId[];
}

export interface ParachainBlockOptions {
  readonly parent?: Hash;
  readonly relayParent?: Hash | number;
  readonly relaySlot?: number;
  readonly paraSlot?: number;
  readonly includedHead?: Hash | null;
  readonly outputs?: ParachainBlockOutputs;
  readonly hash?: Hash;
  /** The relay chain's messaging state in the relay state proof (default: the oracle's unlimited one). */
  readonly messagingState?: ParachainBlockEvent['messagingState'];
}

export type Expectation =
  | { readonly kind: 'rejected'; readonly rule: string; readonly error?: string; readonly candidate?: Hash; readonly validator?: number }
  | { readonly kind: 'accepted'; readonly candidate?: Hash }
  | { readonly kind: 'holds'; readonly what: string; readonly check: (step: ScenarioStep, steps: readonly ScenarioStep[]) => boolean };

export class Scenario {
  readonly oracle: Oracle;
  readonly steps: ScenarioStep[] = [];
  readonly genesis: Hash;
  tip: Hash;
  decisive: { step: number; expectation: Expectation } | null = null;
  #n = 0;
  /** Parachain blocks built per para, newest last. */
  readonly paraBlocks: Record<string, Hash[]> = {};

  constructor(
    readonly name: string,
    readonly params: ModelParams,
  ) {
    this.oracle = new Oracle(params);
    this.genesis = this.oracle.snapshot.network.relay.genesis;
    this.tip = this.genesis;
    for (const p of params.paras) this.paraBlocks[p.id] = [p.genesisHead];
  }

  fresh(what: string): Hash {
    return hashOf('vector', this.name, what, this.#n++);
  }

  get state(): Projection {
    return this.oracle.state;
  }

  block(hash: Hash = this.tip): BlockNode {
    const b = this.oracle.snapshot.network.relay.blocks[hash];
    if (!b) throw new Error(`scenario ${this.name}: no relay block ${hash}`);
    return b;
  }

  /** The block `back` blocks behind `from` (default the tip). */
  ancestor(back: number, from: Hash = this.tip): BlockNode {
    let b = this.block(from);
    for (let i = 0; i < back; i++) b = this.block(b.parent!);
    return b;
  }

  /** The para's latest head at block `at`: the tip of its pending chain, else its included head. */
  latestHead(para: ParaId, at: Hash = this.tip): HeadData {
    const p = this.block(at).runtime.paras[para]!;
    return p.pending.at(-1)?.headData ?? p.head;
  }

  /** The validators of the group assigned to `core` for relay parent number `rpNumber` (RT-20). */
  group(core: number, rpNumber: number, at: Hash = this.tip): ValidatorIndex[] {
    const relay = this.oracle.snapshot.network.relay;
    const g = groupAssignedToCore(core, rpNumber + 1, this.block(at).runtime.sessionStartBlock, this.params.scheduler.groupRotationFrequency, relay.groups.length);
    return g === null ? [] : [...relay.groups[g]!];
  }

  apply(event: OracleEvent): ScenarioStep {
    const r = this.oracle.apply(event);
    const step = { event, verdict: r.verdict, state: r.state };
    this.steps.push(step);
    return step;
  }

  relay(o: RelayOptions = {}): { hash: Hash; step: ScenarioStep } {
    const parent = o.parent === undefined ? this.tip : typeof o.parent === 'number' ? this.ancestor(o.parent).hash : o.parent;
    const hash = this.fresh('relay-block');
    const pending = this.block(parent).runtime.paras;
    const coreOf = (c: CandidateRef) => {
      for (const p of Object.values(pending)) for (const x of p.pending) if (x.hash === c.hash) return x.core;
      throw new Error(`scenario ${this.name}: candidate ${c.hash} is not pending at ${parent}`);
    };
    const signers = new Map<number, Set<number>>();
    for (const a of o.available ?? []) {
      const c = 'c' in a ? a.c : a;
      const votes = 'c' in a ? a.votes : this.params.validators;
      for (let v = 0; v < votes; v++) {
        if (!signers.has(v)) signers.set(v, new Set());
        signers.get(v)!.add(coreOf(c));
      }
    }
    const bitfields: BitfieldIn[] = [...[...signers.entries()].sort(([a], [b]) => a - b).map(([validator, cores]) => ({ validator, cores: [...cores].sort((a, b) => a - b) })), ...(o.bitfields ?? [])];
    const backed = (o.backed ?? []).map((b) => {
      const c = 'c' in b ? b.c : b;
      return { candidate: c.hash, votes: 'c' in b ? [...b.votes] : this.group(c.core, c.relayParentNumber, parent) };
    });
    const event: RelayBlockEvent = {
      type: 'relayBlock',
      hash,
      parent,
      storageRoot: this.fresh('storage-root'),
      ...(o.endsSession ? { endsSession: true } : {}),
      ...(bitfields.length ? { bitfields } : {}),
      ...(backed.length ? { backed } : {}),
      ...(o.disputes?.length ? { disputesConcludedInvalid: o.disputes.map((c) => c.hash) } : {}),
      ...(o.downward?.length ? { downwardMessages: [...o.downward] } : {}),
    };
    const step = this.apply(event);
    this.tip = hash;
    return { hash, step };
  }

  /** `n` empty relay blocks on the tip. */
  advance(n: number): void {
    for (let i = 0; i < n; i++) this.relay();
  }

  collate(para: ParaId, o: CollateOptions = {}): CandidateRef & { step: ScenarioStep } {
    const rp = o.relayParent === undefined ? this.block() : typeof o.relayParent === 'number' ? this.ancestor(o.relayParent) : this.block(o.relayParent);
    const parentHead = o.parentHead ?? o.on?.head ?? this.latestHead(para, rp.hash);
    const core = o.core ?? coresOf(this.params, para)[0]!;
    const head = o.head ?? this.fresh('head');
    const truePvd: PersistedValidationData = { parentHead, relayParentNumber: rp.number, relayParentStorageRoot: rp.storageRoot, maxPovSize: this.params.maxPovSize };
    const pvd = { ...truePvd, ...(o.pvd ?? {}) };
    const descriptor: CandidateDescriptor = {
      paraId: para,
      relayParent: rp.hash,
      coreIndex: core,
      sessionIndex: rp.runtime.session,
      persistedValidationDataHash: pvdHash({ ...pvd, ...(o.descriptorPvd ?? {}) }),
      paraHead: head,
      validationCodeHash: rp.runtime.paras[para]!.codeHash,
      ...(o.descriptor ?? {}),
    };
    const commitments: CandidateCommitments = {
      headData: head,
      upwardMessages: [],
      horizontalMessages: [],
      newValidationCode: null,
      processedDownwardMessages: 0,
      hrmpWatermark: rp.number,
      ...(o.outputs ?? {}),
    };
    const candidate: CommittedCandidate = { hash: o.hash ?? this.fresh('candidate'), descriptor, commitments };
    const step = this.apply({ type: 'collation', candidate, pvd });
    const ref = { hash: candidate.hash, para, head, parentHead, core, relayParent: rp.hash, relayParentNumber: rp.number, candidate, pvd, step };
    if (o.back) this.vote(ref, o.back === true ? undefined : o.back);
    return ref;
  }

  /** Backing votes for a candidate: its whole group (RT-20) unless given. */
  vote(c: CandidateRef, votes?: readonly ValidatorIndex[]): ScenarioStep {
    return this.apply({ type: 'backingVotes', candidate: c.hash, votes: votes ? [...votes] : this.group(c.core, c.relayParentNumber) });
  }

  /** A parachain block of `para` on its last block (or `parent`), with its relay parent (default the tip). */
  parachainBlock(para: ParaId, o: ParachainBlockOptions = {}): { hash: Hash; step: ScenarioStep } {
    const chain = this.paraBlocks[para]!;
    const rp = o.relayParent === undefined ? this.block() : typeof o.relayParent === 'number' ? this.ancestor(o.relayParent) : this.block(o.relayParent);
    const hash = o.hash ?? this.fresh('parablock');
    const step = this.apply({
      type: 'parachainBlock',
      para,
      hash,
      parent: o.parent ?? chain.at(-1)!,
      relayParent: rp.hash,
      ...(o.relaySlot !== undefined ? { relaySlot: o.relaySlot } : {}),
      ...(o.paraSlot !== undefined ? { paraSlot: o.paraSlot } : {}),
      ...(o.includedHead !== undefined ? { includedHead: o.includedHead } : {}),
      ...(o.outputs ? { outputs: o.outputs } : {}),
      ...(o.messagingState ? { messagingState: o.messagingState } : {}),
    });
    if (step.verdict.type === 'parachainBlock' && step.verdict.accepted) chain.push(hash);
    return { hash, step };
  }

  /** Marks the last step as decisive: what the vector is about. */
  expectRejected(rule: string, opts: { error?: string; candidate?: CandidateRef; validator?: number } = {}): this {
    this.decisive = { step: this.steps.length - 1, expectation: { kind: 'rejected', rule, ...(opts.error ? { error: opts.error } : {}), ...(opts.candidate ? { candidate: opts.candidate.hash } : {}), ...(opts.validator !== undefined ? { validator: opts.validator } : {}) } };
    return this;
  }

  expectAccepted(candidate?: CandidateRef): this {
    this.decisive = { step: this.steps.length - 1, expectation: { kind: 'accepted', ...(candidate ? { candidate: candidate.hash } : {}) } };
    return this;
  }

  /** A property of the decisive (last) step: `what` says it in words, for the index and FORMAT.md readers. */
  expect(what: string, check: (step: ScenarioStep, steps: readonly ScenarioStep[]) => boolean): this {
    this.decisive = { step: this.steps.length - 1, expectation: { kind: 'holds', what, check } };
    return this;
  }
}

/** Whether the expectation holds at `step`; returns why not, or null. */
export function unmet(e: Expectation, step: ScenarioStep, steps: readonly ScenarioStep[]): string | null {
  const v = step.verdict;
  const rejections = (): { rule: string; error: string; candidate?: Hash; validator?: number }[] => {
    switch (v.type) {
      case 'relayBlock':
        return [
          ...v.candidates.flatMap((c) => (c.accepted ? [] : [{ rule: c.rule, error: c.error, candidate: c.candidate }])),
          ...v.bitfieldsDropped.map((b) => ({ rule: b.rule, error: b.error, validator: b.validator })),
        ];
      case 'collation':
        return v.seconded ? [] : [{ rule: v.rule, error: v.error }];
      case 'parachainBlock':
        return v.accepted ? [] : [{ rule: v.rule, error: v.error }];
      default:
        return [];
    }
  };
  switch (e.kind) {
    case 'rejected': {
      const hit = rejections().find((r) => r.rule === e.rule && (e.error === undefined || r.error === e.error) && (e.candidate === undefined || r.candidate === e.candidate) && (e.validator === undefined || r.validator === e.validator));
      return hit ? null : `expected a rejection by ${e.rule}${e.error ? ` (${e.error})` : ''}, got ${JSON.stringify(rejections())}`;
    }
    case 'accepted': {
      if (v.type === 'relayBlock') {
        const c = e.candidate ? v.candidates.filter((x) => x.candidate === e.candidate) : v.candidates;
        if (c.length === 0) return 'expected the candidate to be judged in this block';
        const bad = c.filter((x) => !x.accepted);
        return bad.length ? `expected acceptance, got ${JSON.stringify(bad)}` : null;
      }
      if (v.type === 'backingVotes') return v.backed ? null : 'expected the candidate to be backed';
      if (v.type === 'canBuildUpon') return v.canBuild ? null : 'expected can_build_upon to be true';
      if (v.type === 'collatorDecision') return v.build ? null : `expected the collator to build, got ${v.reason}`;
      const r = rejections();
      return r.length ? `expected acceptance, got ${JSON.stringify(r)}` : null;
    }
    case 'holds':
      return e.check(step, steps) ? null : `expected: ${e.what}`;
  }
}

/** A one-line description of an expectation, for the index. */
export function describeExpectation(e: Expectation): string {
  switch (e.kind) {
    case 'rejected':
      return `rejected by ${e.rule}${e.error ? ` as ${e.error}` : ''}`;
    case 'accepted':
      return 'accepted';
    case 'holds':
      return e.what;
  }
}
