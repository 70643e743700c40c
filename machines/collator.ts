/**
 * The lookahead collator of one para with the parachain runtime it runs (cumulus). On each new relay
 * leaf it searches potential parents, picks the deepest (`find_potential_parents`, PS-13), asks
 * `can_build_upon` (PS-11, PS-14), builds up to its per-leaf budget, and executes each block through
 * `parachain-system` and the consensus hook (PS-01..PS-10): the block's runtime state is kept per
 * block hash. A block the runtime refuses is recorded (property P-01 requires none).
 *
 * Context: the para's blocks (the collator's local view: every block it built, with the runtime
 * state after it). States: online, offline (a fault the schedule chooses).
 */
import { assign, setup } from 'xstate';
import { hashOf } from '../spec/hash.ts';
import { decideLookaheadBuild, type LookaheadDecision, type LookaheadInput, type RuntimeView } from '../spec/parachain/collator.ts';
import { fixedVelocityParamsOf, type ParachainParams } from '../spec/parachain/params.ts';
import { executeParachainBlock, GENESIS_PARACHAIN_RUNTIME_STATE, type ParachainRuntimeConfig, type ParachainRuntimeState } from '../spec/parachain/runtime.ts';
import type { MessagingStateSnapshot } from '../spec/parachain/unincludedSegment.ts';
import type { BlockNumber, Hash, ParaId } from '../spec/types.ts';

/** A parachain block as its collator knows it; its hash is the head data the relay chain records. */
export interface ParaBlock {
  readonly hash: Hash;
  readonly parent: Hash | null;
  readonly number: BlockNumber;
  readonly relayParent: Hash;
  readonly relayParentNumber: BlockNumber;
  /** What the block was executed with: the relay slot and Aura slot, and the included head in the relay state proof. */
  readonly relaySlot: number;
  readonly paraSlot: number;
  readonly includedHead: Hash | null;
  readonly runtime: ParachainRuntimeState;
}

export interface CollatorContext {
  readonly para: ParaId;
  readonly config: ParachainParams;
  readonly blocks: Readonly<Record<Hash, ParaBlock>>;
  /** Blocks built at the last leaf, in order (the network turns them into collations). */
  readonly lastBuilt: readonly Hash[];
  /** The parachain runtime's refusal of a block this collator built, if any (P-01 requires none). */
  readonly refused: { readonly block: Hash; readonly error: string; readonly rule: string; readonly detail?: string } | null;
  readonly lastDecision: string | null;
}

/** What the collator reads at a new relay leaf (built by the network from the relay chain). */
export interface CollatorLeafInput {
  readonly lookahead: Omit<LookaheadInput, 'knownBlocks' | 'runtimeAt' | 'authoritiesAt' | 'self' | 'hook' | 'relayChainSlotDurationMs' | 'paraSlotDurationMs' | 'ancestryLookback'>;
  readonly ancestryLookback: number;
  /** The para's included head in the relay parent's state (the relay state proof). */
  readonly includedHeadInProof: Hash | null;
  readonly messagingState: MessagingStateSnapshot;
  /** At most this many blocks at this leaf (lookahead.rs: 2; more models the slot-based collator). */
  readonly buildsPerLeaf: number;
}

export type CollatorEvent = { type: 'NEW_LEAF'; input: CollatorLeafInput } | { type: 'GO_OFFLINE' } | { type: 'GO_ONLINE' };

export const UNLIMITED_MESSAGING: MessagingStateSnapshot = { relayDispatchQueueRemainingCapacity: { remainingCount: 1_000_000, remainingSize: 1_000_000_000 }, egressChannels: [] };

export function runtimeConfigOf(p: ParachainParams): ParachainRuntimeConfig {
  return { relayNumberCheck: p.relayNumberCheck, consensusHook: { kind: 'FixedVelocity', params: fixedVelocityParamsOf(p) } };
}

export function genesisCollator(para: ParaId, config: ParachainParams, genesisHead: Hash): CollatorContext {
  const genesis: ParaBlock = { hash: genesisHead, parent: null, number: 0, relayParent: '', relayParentNumber: 0, relaySlot: 0, paraSlot: 0, includedHead: null, runtime: GENESIS_PARACHAIN_RUNTIME_STATE };
  return { para, config, blocks: { [genesisHead]: genesis }, lastBuilt: [], refused: null, lastDecision: null };
}

/**
 * What `decideLookaheadBuild` reads (spec/parachain/collator.ts) for a para whose known blocks are
 * `blocks`: the model's one collator is the Aura author of every slot. Also used by the oracle's
 * `collatorDecision` query.
 */
export function lookaheadInputOf(para: ParaId, config: ParachainParams, blocks: Readonly<Record<Hash, Pick<ParaBlock, 'hash' | 'parent' | 'number' | 'relayParent' | 'runtime'>>>, input: CollatorLeafInput): LookaheadInput {
  const self = `collator-${para}`;
  const runtimeAt: Record<Hash, RuntimeView> = {};
  const authoritiesAt: Record<Hash, readonly string[]> = {};
  for (const b of Object.values(blocks)) {
    runtimeAt[b.hash] = { relaySlotInfo: b.runtime.relaySlotInfo, unincludedSegment: b.runtime.system.unincludedSegment };
    authoritiesAt[b.hash] = [self];
  }
  return {
    ...input.lookahead,
    relayChainSlotDurationMs: config.relayChainSlotDurationMs,
    paraSlotDurationMs: config.paraSlotDurationMs,
    ancestryLookback: input.ancestryLookback,
    knownBlocks: Object.values(blocks).map((b) => ({ hash: b.hash, parent: b.parent, number: b.number, relayParent: b.relayParent })),
    self,
    authoritiesAt,
    runtimeAt,
    hook: { velocity: config.blockProcessingVelocity, capacity: config.unincludedSegmentCapacity },
    parentSearchDepth: config.parentSearchDepth,
  };
}

function lookaheadInput(ctx: CollatorContext, input: CollatorLeafInput): LookaheadInput {
  return lookaheadInputOf(ctx.para, ctx.config, ctx.blocks, input);
}

/** The lookahead loop at one leaf: decide, build, execute, repeat on the block just built. */
export function buildAtLeaf(ctx: CollatorContext, input: CollatorLeafInput): CollatorContext {
  let blocks = { ...ctx.blocks };
  const built: Hash[] = [];
  let continueFrom: Hash | undefined;
  let decision: LookaheadDecision | null = null;
  for (let n = 0; n < input.buildsPerLeaf; n++) {
    decision = decideLookaheadBuild(lookaheadInput({ ...ctx, blocks }, input), continueFrom);
    if (!decision.build) break;
    const parent = blocks[decision.parent]!;
    const hash = hashOf('parablock', ctx.para, parent.hash, decision.relayParent, parent.number + 1);
    const executed = executeParachainBlock(runtimeConfigOf(ctx.config), parent.runtime, {
      parentHash: parent.hash,
      relayParentNumber: decision.relayParentNumber,
      relaySlot: decision.relaySlot,
      paraSlot: decision.paraSlot,
      includedHeadInProof: input.includedHeadInProof,
      messagingState: input.messagingState,
      outputs: { upwardMessageSizes: [], horizontalMessages: [], hrmpWatermark: decision.relayParentNumber, upgradeGoAhead: null },
    });
    if (!executed.ok) {
      const refused = { block: hash, error: executed.error, rule: executed.rule, ...(executed.detail ? { detail: executed.detail } : {}) };
      return { ...ctx, blocks, lastBuilt: built, refused, lastDecision: 'refused' };
    }
    blocks = {
      ...blocks,
      [hash]: {
        hash,
        parent: parent.hash,
        number: parent.number + 1,
        relayParent: decision.relayParent,
        relayParentNumber: decision.relayParentNumber,
        relaySlot: decision.relaySlot,
        paraSlot: decision.paraSlot,
        includedHead: input.includedHeadInProof,
        runtime: executed.value,
      },
    };
    built.push(hash);
    continueFrom = hash;
  }
  return { ...ctx, blocks, lastBuilt: built, lastDecision: decision === null ? null : decision.build ? 'built' : decision.reason };
}

export const collatorMachine = setup({
  types: { context: {} as CollatorContext, events: {} as CollatorEvent },
  actions: {
    /** PS-13 PS-14 PS-11 then PS-01..PS-10: search, decide, build and execute at the new leaf. */
    buildAtLeaf: assign(({ context, event }) => (event.type === 'NEW_LEAF' ? buildAtLeaf(context, event.input) : {})),
    forgetLastBuild: assign(() => ({ lastBuilt: [] as Hash[], lastDecision: 'offline' })),
  },
}).createMachine({
  id: 'collator',
  description: 'cumulus lookahead collator of one para, with its parachain runtime',
  context: () => {
    throw new Error('collators are created by genesisCollator');
  },
  initial: 'online',
  states: {
    online: {
      on: {
        NEW_LEAF: { actions: 'buildAtLeaf', description: 'PS-13 PS-14 PS-11 PS-01..PS-10: build on the deepest parent the runtime allows' },
        GO_OFFLINE: { target: 'offline', actions: 'forgetLastBuild', description: 'fault: the collator stops' },
      },
    },
    offline: {
      on: {
        NEW_LEAF: { actions: 'forgetLastBuild', description: 'fault: an offline collator builds nothing' },
        GO_ONLINE: { target: 'online', description: 'the collator is back' },
      },
    },
  },
});
