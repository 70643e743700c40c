/**
 * Runs of the parachain layer on their own (cumulus), for the properties of
 * `properties/parachain/invariants.ts`:
 *
 * - **runtime runs**: a random sequence of parachain blocks, each executed by `parachain-system` with
 *   the `FixedVelocityConsensusHook` (`executeParachainBlock`) on top of the last accepted block.
 *   Every block is built at a relay parent the run chooses: the relay chain advances (relay-parent
 *   number and relay slot), includes some of the blocks built so far, reports a messaging snapshot
 *   and an upgrade go-ahead signal; the block sends messages and sets its HRMP watermark. Faults,
 *   each now and then: a stale relay-parent number or relay slot, a para slot ahead of the relay
 *   slot, a relay state proof without the included head, a watermark that moves back, outputs that
 *   overfill the relay's queues, a go-ahead signal that changes, more blocks per relay slot than the
 *   velocity allows. A block the runtime refuses leaves the state as it was (the block is invalid).
 * - **collator decisions**: adversarial inputs to the lookahead collator's decision
 *   (`decideLookaheadBuild`): a relay chain with forks and a session change, a tree of parachain
 *   blocks anchored to random relay blocks (on the leaf's ancestry, too old, on a fork, at genesis),
 *   random included and pending heads, Aura authorities of which the collator may or may not own the
 *   slot, random runtime states at the parents.
 *
 * Simplifications (each where it is made, too): the relay chain is not modelled here; its reads are
 * the run's choices. The included head the relay state proof reports is the run's "included" counter
 * whatever the block's relay parent (a stale relay parent would see an older one; the rules do not
 * depend on which). The messaging snapshot is the same for every block of a run. Blocks are numbered
 * 1, 2, … in acceptance order with hash `h{n}` (genesis `h0`), so the runs are linear chains.
 */
import fc from 'fast-check';
import { canBuildUpon } from '../../spec/parachain/consensusHook.ts';
import { decideLookaheadBuild, type LookaheadDecision, type LookaheadInput, type ParaBlockView, type RelayBlockView, type RuntimeView } from '../../spec/parachain/collator.ts';
import {
  executeParachainBlock,
  GENESIS_PARACHAIN_RUNTIME_STATE,
  type ParachainBlockInput,
  type ParachainRuntimeConfig,
  type ParachainRuntimeState,
} from '../../spec/parachain/runtime.ts';
import type { MessagingStateSnapshot, UpgradeGoAhead } from '../../spec/parachain/unincludedSegment.ts';
import type { Hash, OutboundHrmpMessage } from '../../spec/types.ts';
import type { Violation } from '../harness.ts';

// ---------------------------------------------------------------------------------------------
// Runtime runs
// ---------------------------------------------------------------------------------------------

/** One parachain's runtime configuration and the relay chain's messaging snapshot of the run. */
export interface ParachainRunConfig {
  /** `C` of `FixedVelocityConsensusHook`. */
  readonly capacity: number;
  /** `V` of `FixedVelocityConsensusHook`. */
  readonly velocity: number;
  readonly relayChainSlotDurationMs: number;
  readonly paraSlotDurationMs: number;
  readonly relayNumberCheck: 'RelayNumberStrictlyIncreases' | 'RelayNumberMonotonicallyIncreases';
  readonly messagingState: MessagingStateSnapshot;
}

/** The choices of one parachain block. */
export interface ParachainBlockChoice {
  /** Relay blocks the relay chain moves on before this block (the new relay parent; 0 = the same one). */
  readonly relayAdvance: number;
  /** Relay slots skipped on top (relay slots without a relay block). */
  readonly slotSkip: number;
  /** How many more of the built blocks the relay chain has included by now. */
  readonly includeAdvance: number;
  /** Fault: the block names a relay parent this many blocks older than the relay chain's newest. */
  readonly relayParentBack: number;
  /** Fault: the relay slot read is this many slots older. */
  readonly relaySlotBack: number;
  /** Para slot this many slots behind the relay-derived one (−1: ahead, a fault). */
  readonly paraSlotBehind: number;
  /** Fault: the relay state proof leaves the para's included head out. */
  readonly proofOmitsIncludedHead: boolean;
  /** The relay chain's go-ahead signal changes to this before the block (`null`: unchanged). */
  readonly goAheadChange: { readonly to: UpgradeGoAhead | null } | null;
  readonly upwardMessageSizes: readonly number[];
  readonly horizontalMessages: readonly OutboundHrmpMessage[];
  /** HRMP watermark this far below the relay parent (0: all inbound messages processed, `Head`). */
  readonly watermarkBehind: number;
}

export interface ParachainRun {
  readonly config: ParachainRunConfig;
  readonly blocks: readonly ParachainBlockChoice[];
}

/** A block the runtime accepted, with what it was executed with. */
export interface AcceptedParaBlock {
  /** 1, 2, …; the hash is `h{number}`. */
  readonly number: number;
  readonly hash: Hash;
  readonly input: ParachainBlockInput;
  /** The number of the block the relay chain had included when this one was built. */
  readonly includedNumber: number;
}

/** One step of a runtime run: a block was tried on the last accepted one. */
export interface ParaStepView {
  readonly config: ParachainRunConfig;
  readonly step: number;
  readonly input: ParachainBlockInput;
  /** The number of the block the relay chain had included at this step. */
  readonly includedNumber: number;
  readonly accepted: boolean;
  readonly rejection: { readonly rule: string; readonly error: string } | null;
  readonly before: ParachainRuntimeState;
  readonly after: ParachainRuntimeState;
  /** Every accepted block so far, this one included if accepted (oldest first). */
  readonly chain: readonly AcceptedParaBlock[];
  /**
   * The runtime API `can_build_upon` at the parent (the last accepted block), asked as the collator
   * asks it: the included head and the relay slot of this step's relay parent.
   */
  readonly canBuildUpon: boolean;
}

export interface ParachainInvariant {
  readonly id: string;
  readonly name: string;
  readonly statement: string;
  readonly rules: readonly string[];
  readonly check: (v: ParaStepView) => string | null;
}

export const paraHash = (n: number): Hash => `h${n}`;

export function runtimeConfigOfRun(config: ParachainRunConfig): ParachainRuntimeConfig {
  return {
    relayNumberCheck: config.relayNumberCheck,
    consensusHook: {
      kind: 'FixedVelocity',
      params: { relayChainSlotDurationMs: config.relayChainSlotDurationMs, paraSlotDurationMs: config.paraSlotDurationMs, velocity: config.velocity, capacity: config.capacity },
    },
  };
}

/** Runs the blocks; checks every invariant after every step; stops at the first violation. */
export function runParachain(run: ParachainRun, invariants: readonly ParachainInvariant[]): { readonly steps: readonly ParaStepView[]; readonly violation: Violation | null } {
  const runtimeConfig = runtimeConfigOfRun(run.config);
  let state = GENESIS_PARACHAIN_RUNTIME_STATE;
  let chain: AcceptedParaBlock[] = [];
  let relayNumber = 1;
  let relaySlot = 1;
  let included = 0;
  let signal: UpgradeGoAhead | null = null;
  const steps: ParaStepView[] = [];
  for (let i = 0; i < run.blocks.length; i++) {
    const c = run.blocks[i]!;
    relayNumber += c.relayAdvance;
    relaySlot += c.relayAdvance + c.slotSkip;
    const tip = chain.length;
    included = Math.min(tip, included + c.includeAdvance);
    if (c.goAheadChange !== null) signal = c.goAheadChange.to;
    const rp = Math.max(1, relayNumber - c.relayParentBack);
    const slot = Math.max(0, relaySlot - c.relaySlotBack);
    const derivedParaSlot = Math.floor((slot * run.config.relayChainSlotDurationMs) / run.config.paraSlotDurationMs);
    const input: ParachainBlockInput = {
      parentHash: paraHash(tip),
      relayParentNumber: rp,
      relaySlot: slot,
      paraSlot: Math.max(0, derivedParaSlot - c.paraSlotBehind),
      includedHeadInProof: c.proofOmitsIncludedHead ? null : paraHash(included),
      messagingState: run.config.messagingState,
      outputs: {
        upwardMessageSizes: c.upwardMessageSizes,
        horizontalMessages: c.horizontalMessages,
        hrmpWatermark: Math.max(0, rp - c.watermarkBehind),
        upgradeGoAhead: signal,
      },
    };
    const asked = canBuildUpon(
      { velocity: run.config.velocity, capacity: run.config.capacity },
      { relaySlotInfo: state.relaySlotInfo, unincludedSegment: state.system.unincludedSegment },
      paraHash(included),
      slot,
    );
    const before = state;
    const r = executeParachainBlock(runtimeConfig, state, input);
    if (r.ok) {
      state = r.value;
      chain = [...chain, { number: tip + 1, hash: paraHash(tip + 1), input, includedNumber: included }];
    }
    const view: ParaStepView = {
      config: run.config,
      step: i,
      input,
      includedNumber: included,
      accepted: r.ok,
      rejection: r.ok ? null : { rule: r.rule, error: r.error },
      before,
      after: state,
      chain,
      canBuildUpon: asked,
    };
    steps.push(view);
    for (const inv of invariants) {
      const m = inv.check(view);
      if (m !== null) return { steps, violation: { property: inv.id, name: inv.name, message: m, step: i, blockNumber: chain.length } };
    }
  }
  return { steps, violation: null };
}

const weighted = <T>(...entries: readonly [number, fc.Arbitrary<T>][]): fc.Arbitrary<T> => fc.oneof(...entries.map(([weight, arbitrary]) => ({ weight, arbitrary })));
const mostly = <T>(usual: T, fault: fc.Arbitrary<T>, faultWeight = 1, usualWeight = 9): fc.Arbitrary<T> => weighted([usualWeight, fc.constant(usual)], [faultWeight, fault]);

const messagingStateArb: fc.Arbitrary<MessagingStateSnapshot> = fc.record({
  relayDispatchQueueRemainingCapacity: fc.record({ remainingCount: fc.integer({ min: 1, max: 8 }), remainingSize: fc.integer({ min: 10, max: 60 }) }),
  egressChannels: fc.tuple(
    ...[1, 2].map((recipient) =>
      fc.record({
        recipient: fc.constant(recipient),
        maxCapacity: fc.integer({ min: 1, max: 4 }),
        maxTotalSize: fc.integer({ min: 8, max: 40 }),
        msgCount: fc.integer({ min: 0, max: 1 }),
        totalSize: fc.integer({ min: 0, max: 5 }),
      }),
    ),
  ),
});

export const parachainRunConfigArb: fc.Arbitrary<ParachainRunConfig> = fc.record({
  capacity: fc.integer({ min: 0, max: 5 }),
  velocity: fc.integer({ min: 0, max: 3 }),
  relayChainSlotDurationMs: fc.constant(6000),
  // 6 s (async backing), 12 s (sync backing), 3 s and 2 s (elastic scaling: several para slots per relay slot).
  paraSlotDurationMs: fc.constantFrom(6000, 12000, 3000, 2000),
  relayNumberCheck: weighted([4, fc.constant('RelayNumberMonotonicallyIncreases' as const)], [1, fc.constant('RelayNumberStrictlyIncreases' as const)]),
  messagingState: messagingStateArb,
});

export const parachainBlockChoiceArb: fc.Arbitrary<ParachainBlockChoice> = fc.record({
  relayAdvance: weighted([4, fc.constant(0)], [5, fc.constant(1)], [1, fc.constant(2)]),
  slotSkip: mostly(0, fc.constant(1), 1, 6),
  includeAdvance: weighted([4, fc.constant(0)], [4, fc.constant(1)], [1, fc.integer({ min: 2, max: 3 })]),
  relayParentBack: mostly(0, fc.integer({ min: 1, max: 2 }), 1, 12),
  relaySlotBack: mostly(0, fc.integer({ min: 1, max: 2 }), 1, 12),
  paraSlotBehind: weighted([12, fc.constant(0)], [2, fc.integer({ min: 1, max: 2 })], [1, fc.constant(-1)]),
  proofOmitsIncludedHead: mostly(false, fc.constant(true), 1, 15),
  goAheadChange: mostly(null, fc.constantFrom<UpgradeGoAhead | null>('GoAhead', 'Abort', null).map((to) => ({ to })), 1, 8),
  upwardMessageSizes: weighted([3, fc.constant<number[]>([])], [2, fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 1, maxLength: 2 })]),
  horizontalMessages: weighted(
    [3, fc.constant<OutboundHrmpMessage[]>([])],
    [2, fc.uniqueArray(fc.record({ recipient: fc.constantFrom(1, 2), bytes: fc.integer({ min: 0, max: 12 }) }), { selector: (m) => m.recipient, minLength: 1, maxLength: 2 })],
  ),
  watermarkBehind: mostly(0, fc.integer({ min: 1, max: 3 }), 1, 5),
});

export function parachainRunArb(maxBlocks = 40): fc.Arbitrary<ParachainRun> {
  return fc.record({ config: parachainRunConfigArb, blocks: fc.array(parachainBlockChoiceArb, { minLength: Math.min(10, maxBlocks), maxLength: maxBlocks, size: 'max' }) });
}

// ---------------------------------------------------------------------------------------------
// Collator decisions
// ---------------------------------------------------------------------------------------------

/** One decision of the lookahead collator at a relay leaf, on the inputs that led to it. */
export interface CollatorDecisionView {
  readonly input: LookaheadInput;
  readonly decision: LookaheadDecision;
}

export interface CollatorInvariant {
  readonly id: string;
  readonly name: string;
  readonly statement: string;
  readonly rules: readonly string[];
  readonly check: (v: CollatorDecisionView) => string | null;
}

const AUTHORS = ['alice', 'bob', 'carol'] as const;

/**
 * Relay chain `r0` (genesis) … `rN` (the leaf), with fork blocks `f{j}` off it; blocks from
 * `sessionChangeAt` on report the next session for their children. Parachain blocks `p0` (genesis,
 * anchored at `r0`) … each on a random earlier block and anchored at a random relay block. The
 * included and pending heads are random known blocks (sometimes the pending one is unknown); the
 * runtime at a parent has no slot info (so `can_build_upon` answers yes) or a random one.
 */
export const collatorInputArb: fc.Arbitrary<LookaheadInput> = fc
  .record({
    leafNumber: fc.integer({ min: 2, max: 7 }),
    sessionChangeAt: fc.option(fc.integer({ min: 1, max: 7 }), { nil: null }),
    forks: fc.array(fc.nat(), { maxLength: 3 }),
    ancestryLookback: fc.integer({ min: 0, max: 3 }),
    leafSlot: fc.integer({ min: 0, max: 30 }),
    paraSlotDurationMs: fc.constantFrom(6000, 3000, 12000),
    paraBlocks: fc.array(fc.record({ parent: fc.nat(), relayParent: fc.nat(), slotInfo: fc.option(fc.record({ back: fc.integer({ min: -1, max: 2 }), authored: fc.integer({ min: 0, max: 3 }) }), { nil: null, freq: 3 }) }), {
      minLength: 1,
      maxLength: 9,
    }),
    included: fc.nat(),
    pending: weighted<number | 'none' | 'unknown'>([3, fc.nat()], [2, fc.constant('none')], [1, fc.constant('unknown')]),
    authorities: fc.subarray([...AUTHORS], { minLength: 1 }),
    // Usually the author of the leaf's para slot, sometimes anyone (who may hold no slot at all).
    self: weighted<'author' | (typeof AUTHORS)[number]>([2, fc.constant('author')], [1, fc.constantFrom(...AUTHORS)]),
    hook: fc.record({ velocity: fc.integer({ min: 0, max: 2 }), capacity: fc.integer({ min: 0, max: 4 }) }),
    parentSearchDepth: weighted([4, fc.constant(10)], [1, fc.integer({ min: 0, max: 3 })]),
  })
  .map((c) => {
    const session = (n: number) => (c.sessionChangeAt !== null && n >= c.sessionChangeAt ? 1 : 0);
    const relayChain: RelayBlockView[] = Array.from({ length: c.leafNumber + 1 }, (_, n) => ({ hash: `r${n}`, number: n, parent: n === 0 ? null : `r${n - 1}`, sessionIndexForChild: session(n) }));
    c.forks.forEach((f, j) => {
      const parent = relayChain[f % c.leafNumber]!;
      relayChain.push({ hash: `f${j}`, number: parent.number + 1, parent: parent.hash, sessionIndexForChild: parent.sessionIndexForChild });
    });
    const knownBlocks: ParaBlockView[] = [{ hash: 'p0', parent: null, number: 0, relayParent: 'r0' }];
    c.paraBlocks.forEach((b, k) => {
      const parent = knownBlocks[b.parent % knownBlocks.length]!;
      knownBlocks.push({ hash: `p${k + 1}`, parent: parent.hash, number: parent.number + 1, relayParent: relayChain[b.relayParent % relayChain.length]!.hash });
    });
    const runtimeAt: Record<Hash, RuntimeView> = {};
    const authoritiesAt: Record<Hash, readonly string[]> = {};
    knownBlocks.forEach((b, k) => {
      const info = k === 0 ? null : c.paraBlocks[k - 1]!.slotInfo;
      runtimeAt[b.hash] = { relaySlotInfo: info === null ? null : { slot: Math.max(0, c.leafSlot - info.back), authored: info.authored }, unincludedSegment: [] };
      authoritiesAt[b.hash] = c.authorities;
    });
    const paraSlot = Math.floor((c.leafSlot * 6000) / c.paraSlotDurationMs);
    const self = c.self === 'author' ? c.authorities[paraSlot % c.authorities.length]! : c.self;
    const includedHash = knownBlocks[c.included % knownBlocks.length]!.hash;
    const pendingHash = c.pending === 'none' ? null : c.pending === 'unknown' ? 'p-unknown' : knownBlocks[c.pending % knownBlocks.length]!.hash;
    const input: LookaheadInput = {
      leaf: { hash: `r${c.leafNumber}`, number: c.leafNumber, slot: c.leafSlot },
      relayChain,
      relayChainSlotDurationMs: 6000,
      paraSlotDurationMs: c.paraSlotDurationMs,
      paraScheduled: true,
      ancestryLookback: c.ancestryLookback,
      includedHash,
      pendingHash,
      knownBlocks,
      self,
      authoritiesAt,
      runtimeAt,
      hook: c.hook,
      parentSearchDepth: c.parentSearchDepth,
    };
    return input;
  });

/** The collator decides at the leaf; every invariant is checked on the decision. */
export function runCollatorDecision(input: LookaheadInput, invariants: readonly CollatorInvariant[]): { readonly view: CollatorDecisionView; readonly violation: Violation | null } {
  const view: CollatorDecisionView = { input, decision: decideLookaheadBuild(input) };
  for (const inv of invariants) {
    const m = inv.check(view);
    if (m !== null) return { view, violation: { property: inv.id, name: inv.name, message: m, step: 0, blockNumber: input.leaf.number } };
  }
  return { view, violation: null };
}
