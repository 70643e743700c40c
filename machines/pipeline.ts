/**
 * The whole pipeline of part 3: the network of part 2 (relay chain and the validators' node view)
 * driven by the paras' own collators, each running its parachain runtime. One step is one relay slot:
 * the block the provisioner authored is imported, then every online collator builds on the new leaf
 * (lookahead collator), and its blocks become collations that the backing group backs (or not: a
 * fault the schedule chooses). Plain data throughout; `stepPipeline(state, slot)` is pure.
 *
 * Modelling choices:
 * - One relay block per relay slot, relay slot = block number; no missed slots.
 * - One collator per para (always the Aura author of its slots).
 * - The elastic preset's para is given a FixedVelocity hook with V = #cores (V + 1 blocks per relay
 *   slot) and builds up to #cores blocks per leaf, standing for the slot-based collator
 *   (cumulus `collators/slot_based`) that elastic scaling needs; the lookahead collator builds 2.
 * - The network keeps one node view (machines/network.ts); here it is the view of the block author,
 *   the one the provisioner asks. Without a timing model, backing completes within the slot and the
 *   collation is seconded in that view at once (a collation the group never backs stays seconded
 *   there). With a timing model whose backing takes a slot or more, the collation reaches the view
 *   together with its backing votes, as it reaches a validator outside the backing group in
 *   polkadot-sdk: statement-distribution v2 announces a candidate along the grid only once it is
 *   backed (`v2/grid.rs`: "Once the candidate is backed, produce a 'backed candidate packet'";
 *   `GridTracker::import_manifest` refuses a manifest with fewer votes than the backing threshold,
 *   `Insufficient`), and the packet's Seconded and Valid statements are imported together. The
 *   backing group's own views, where a collation stays seconded for the whole backing time, are not
 *   modelled: in them polkadot-sdk trims a seconded collation whose parent becomes pending
 *   availability at the next leaf (fragment_chain/mod.rs `populate_from_previous`, pinned in
 *   test/node/fragmentChain.test.ts), which matters only when the author is in that group.
 */
import { assign, setup } from 'xstate';
import { hashOf } from '../spec/hash.ts';
import { coresOf, type ModelParams } from '../spec/params.ts';
import { ASYNC_BACKING, SYNC_BACKING, type ParachainParams } from '../spec/parachain/params.ts';
import { LOOKAHEAD_BUILDS_PER_RELAY_LEAF } from '../spec/parachain/collator.ts';
import { pvdHash, type CommittedCandidate, type Hash, type ParaId, type PersistedValidationData } from '../spec/types.ts';
import { step, type MachineState } from './engine.ts';
import { collatorMachine, genesisCollator, UNLIMITED_MESSAGING, type CollatorContext, type ParaBlock } from './collator.ts';
import { backingGroupOf, initialNetwork, stepNetwork, type NetworkContext, type NetworkEvent } from './network.ts';
import type { RelayBlockInput } from './relayChain.ts';

export interface PipelineContext {
  readonly network: NetworkContext;
  readonly collators: Readonly<Record<ParaId, MachineState<CollatorContext>>>;
  /** Collations and backing votes on their way: delivered once the relay chain reaches block `due`. */
  readonly votesInFlight: readonly { readonly due: number; readonly event: NetworkEvent }[];
  /** Relay slots between a collation and its backing votes reaching the block author, per para. */
  readonly backingDelaySlots: Readonly<Record<ParaId, number>>;
  /**
   * What the last slot did, in order: the network events stepped (the relay block first) and the
   * parachain blocks built (each before its collation). Read by the oracle's `simulate`, which turns
   * a run into a trace; never read by the pipeline itself.
   */
  readonly lastSlot: readonly PipelineLogEntry[];
}

export type PipelineLogEntry = { readonly kind: 'network'; readonly event: NetworkEvent } | { readonly kind: 'parachainBlock'; readonly para: ParaId; readonly hash: Hash };

/**
 * Time within a relay slot (ms). A collation built on leaf R is backed in time for block R + 1 + d,
 * d = ceil((3·hop + 2·authoring + production) / slot) − 1: the leaf reaches the collator, it
 * authors, the collation reaches the group, the group re-executes it, statements reach the next
 * author, who needs its production time (properties/figures.ts derives the authoring time).
 */
export interface SlotTiming {
  readonly relaySlotMs: number;
  readonly networkHopMs: number;
  readonly relayBlockProductionMs: number;
}

export function backingDelaySlots(t: SlotTiming, authoringMs: number): number {
  return Math.max(0, Math.ceil((3 * t.networkHopMs + 2 * authoringMs + t.relayBlockProductionMs) / t.relaySlotMs) - 1);
}

/** Faults of one relay slot, per para. */
export interface ParaFaults {
  readonly collatorOnline: boolean;
  /** The backing group backs the new collations now; `false`: it is too slow for them (never backs). */
  readonly backingInTime: boolean;
  /** The collator is late: its collations reach the validators one relay slot after it built them. */
  readonly collatorLate?: boolean;
}

export interface RelaySlot {
  readonly block: RelayBlockInput;
  readonly faults: Readonly<Record<ParaId, ParaFaults>>;
}

/** The parachain configuration the model gives each para under a relay preset. */
export function parachainParamsFor(params: ModelParams, para: ParaId): ParachainParams {
  if (params.asyncBacking.allowedAncestryLen === 0) return SYNC_BACKING;
  const k = coresOf(params, para).length;
  if (k <= 1) return ASYNC_BACKING;
  return {
    ...ASYNC_BACKING,
    name: `elastic-${k}`,
    blockProcessingVelocity: k,
    unincludedSegmentCapacity: 3 * k,
    paraSlotDurationMs: ASYNC_BACKING.relayChainSlotDurationMs / k,
    maxBlockRefTimeMs: ASYNC_BACKING.maxBlockRefTimeMs,
    expectedBlockTimeMs: ASYNC_BACKING.relayChainSlotDurationMs / k,
    sources: {
      ...ASYNC_BACKING.sources,
      blockProcessingVelocity: `modelling choice: V = ${k} cores, so ${k} blocks fit in one relay slot (elastic scaling)`,
      unincludedSegmentCapacity: `modelling choice: 3 per core`,
      paraSlotDurationMs: `modelling choice: 6000 / ${k} cores`,
      expectedBlockTimeMs: `6000 / ${k} cores`,
    },
  };
}

/**
 * The pipeline at genesis. `authoringMs(para)` is the time a collator spends authoring a block (the
 * figures derive it from the timing model); with no timing, backing takes no time (delay 0).
 */
export function initialPipeline(params: ModelParams, timing?: { slot: SlotTiming; authoringMs: (para: ParaId) => number }): MachineState<PipelineContext> {
  const network = initialNetwork(params).context;
  const collators: Record<ParaId, MachineState<CollatorContext>> = {};
  const backingDelay: Record<ParaId, number> = {};
  for (const p of params.paras) {
    collators[p.id] = { value: 'online', context: genesisCollator(p.id, parachainParamsFor(params, p.id), p.genesisHead) };
    backingDelay[p.id] = timing ? backingDelaySlots(timing.slot, timing.authoringMs(p.id)) : 0;
  }
  return { value: 'running', context: { network, collators, votesInFlight: [], backingDelaySlots: backingDelay, lastSlot: [] } };
}

/** The collation of a parachain block: candidate, PVD, core by the block number (cumulus' core selector). */
export function collationOf(net: NetworkContext, para: ParaId, b: ParaBlock): { candidate: CommittedCandidate; pvd: PersistedValidationData } {
  const params = net.params;
  const rp = net.relay.blocks[b.relayParent]!;
  const cores = coresOf(params, para);
  const pvd: PersistedValidationData = { parentHead: b.parent!, relayParentNumber: rp.number, relayParentStorageRoot: rp.storageRoot, maxPovSize: params.maxPovSize };
  const descriptor = {
    paraId: para,
    relayParent: rp.hash,
    coreIndex: cores[b.number % cores.length]!,
    sessionIndex: rp.runtime.session,
    persistedValidationDataHash: pvdHash(pvd),
    paraHead: b.hash,
    validationCodeHash: rp.runtime.paras[para]!.codeHash,
  };
  const commitments = { headData: b.hash, upwardMessages: [], horizontalMessages: [], newValidationCode: null, processedDownwardMessages: 0, hrmpWatermark: rp.number };
  return { candidate: { hash: hashOf('candidate', para, b.hash, rp.hash, descriptor.coreIndex), descriptor, commitments }, pvd };
}

function slot(ctx: PipelineContext, s: RelaySlot): PipelineContext {
  const log: PipelineLogEntry[] = [];
  let net: MachineState<NetworkContext> = { value: 'running', context: ctx.network };
  const send = (e: NetworkEvent) => {
    net = stepNetwork(net, e);
    log.push({ kind: 'network', event: e });
  };
  send({ type: 'RELAY_BLOCK', block: s.block });
  const leaf = net.context.relay.blocks[s.block.hash]!;
  // Votes whose time has come reach the node before the collators build on this leaf.
  const inFlight: { due: number; event: NetworkEvent }[] = [];
  for (const v of ctx.votesInFlight) {
    if (v.due <= leaf.number) send(v.event);
    else inFlight.push(v);
  }
  const relayChain = Object.values(net.context.relay.blocks).map((b) => ({ hash: b.hash, number: b.number, parent: b.parent, sessionIndexForChild: b.runtime.session }));
  const collators: Record<ParaId, MachineState<CollatorContext>> = {};
  for (const p of net.context.params.paras) {
    let c = ctx.collators[p.id]!;
    const faults = s.faults[p.id] ?? { collatorOnline: true, backingInTime: true };
    if (faults.collatorOnline !== (c.value === 'online')) c = step(collatorMachine, c, { type: faults.collatorOnline ? 'GO_ONLINE' : 'GO_OFFLINE' });
    const para = leaf.runtime.paras[p.id]!;
    c = step(collatorMachine, c, {
      type: 'NEW_LEAF',
      input: {
        lookahead: { leaf: { hash: leaf.hash, number: leaf.number, slot: leaf.number }, relayChain, paraScheduled: true, includedHash: para.head, pendingHash: para.pending.at(-1)?.headData ?? null },
        ancestryLookback: net.context.params.asyncBacking.allowedAncestryLen,
        includedHeadInProof: para.head,
        messagingState: UNLIMITED_MESSAGING,
        buildsPerLeaf: Math.max(LOOKAHEAD_BUILDS_PER_RELAY_LEAF, coresOf(net.context.params, p.id).length),
      },
    });
    collators[p.id] = c;
    for (const h of c.context.lastBuilt) log.push({ kind: 'parachainBlock', para: p.id, hash: h });
    for (const h of c.context.lastBuilt) {
      const { candidate, pvd } = collationOf(net.context, p.id, c.context.blocks[h]!);
      const late = faults.collatorLate ? 1 : 0;
      const backingDelay = ctx.backingDelaySlots[p.id] ?? 0;
      const group = backingGroupOf(net.context, candidate, pvd.relayParentNumber, leaf.runtime.sessionStartBlock);
      const backs = faults.backingInTime && group !== null;
      // The node is the block author's. When backing takes longer than the slot, the author (outside
      // the backing group) hears of the collation only once it is backed, with its votes: the
      // statement-distribution grid carries backed candidates only (see the module header). A
      // collation the group never backs then never reaches it.
      if (backingDelay > 0 && !backs) continue;
      const collation: NetworkEvent = { type: 'COLLATION', candidate, pvd };
      const heardAfter = backingDelay > 0 ? late + backingDelay : late;
      if (heardAfter === 0) send(collation);
      else inFlight.push({ due: leaf.number + heardAfter, event: collation });
      if (!backs) continue;
      const vote: NetworkEvent = { type: 'BACKING_VOTES', candidateHash: candidate.hash, votes: group };
      const delay = late + backingDelay;
      if (delay === 0) send(vote);
      else inFlight.push({ due: leaf.number + delay, event: vote });
    }
  }
  return { ...ctx, network: net.context, collators, votesInFlight: inFlight, lastSlot: log };
}

export const pipelineMachine = setup({
  types: { context: {} as PipelineContext, events: {} as { type: 'RELAY_SLOT'; slot: RelaySlot } },
  actions: {
    /** RT-*, PP-*, PS-*: import the relay block, then collators build on the new leaf and their collations are backed. */
    runSlot: assign(({ context, event }) => slot(context, event.slot)),
  },
}).createMachine({
  id: 'pipeline',
  description: 'Relay chain, validators and collators, one relay slot at a time',
  context: () => {
    throw new Error('the pipeline is created by initialPipeline');
  },
  initial: 'running',
  states: {
    running: { on: { RELAY_SLOT: { actions: 'runSlot', description: 'RT-01..RT-23 PP-15..PP-35 PS-01..PS-14: one relay slot of the whole pipeline' } } },
  },
});

export function stepPipeline(state: MachineState<PipelineContext>, s: RelaySlot): MachineState<PipelineContext> {
  return step(pipelineMachine, state, { type: 'RELAY_SLOT', slot: s });
}
