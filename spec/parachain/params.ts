/**
 * Parachain-side constants as named presets (data, not code), with a validation function.
 *
 * Sources at polkadot-stable2506: `templates/parachain/runtime/src/lib.rs` (`async_backing_params`,
 * `block_times`, `MAXIMUM_BLOCK_WEIGHT`, `ConsensusHook`), `templates/parachain/runtime/src/configs/`
 * (`CheckAssociatedRelayNumber`, `AllowMultipleBlocksPerSlot`), `docs/sdk/src/guides/async_backing_guide.rs`
 * (Phase 1 = the sync configuration, Phase 3 = async), `cumulus/client/consensus/common/src/parent_search.rs`
 * and `cumulus/client/consensus/aura/src/collators/lookahead.rs` (collator side).
 *
 * Every value says where it comes from in `sources`; "modelling choice" marks values the source
 * does not fix. Deviations: durations are in milliseconds; `maxBlockRefTimeMs` stands for the
 * ref-time part of `MAXIMUM_BLOCK_WEIGHT` (`WEIGHT_REF_TIME_PER_SECOND * 2` = 2 s; 0.5 s before
 * async backing); `ancestryLookback` is really read by the collator from the relay chain (it is
 * `allowed_ancestry_len` in older collators and `scheduling_lookahead - 1` in newer ones; both are 2
 * on production relay configurations) and is a preset here for convenience.
 */
import { OK, reject, type Verdict } from '../rule.ts';
import type { FixedVelocityParams } from './consensusHook.ts';
import { U32_MAX, type RelayNumberCheck } from './unincludedSegment.ts';

export interface ParachainParams {
  readonly name: string;
  /** `UNINCLUDED_SEGMENT_CAPACITY` = the `C` of `FixedVelocityConsensusHook`. */
  readonly unincludedSegmentCapacity: number;
  /** `BLOCK_PROCESSING_VELOCITY` = the `V` of `FixedVelocityConsensusHook`. */
  readonly blockProcessingVelocity: number;
  /** `RELAY_CHAIN_SLOT_DURATION_MILLIS`. */
  readonly relayChainSlotDurationMs: number;
  /** `SLOT_DURATION` = `MILLISECS_PER_BLOCK` (Aura slot duration). */
  readonly paraSlotDurationMs: number;
  /** Ref time of `MAXIMUM_BLOCK_WEIGHT`, in ms of execution. */
  readonly maxBlockRefTimeMs: number;
  /** Collator `authoring_duration`. */
  readonly authoringDurationMs: number;
  /** `Config::CheckAssociatedRelayNumber`. */
  readonly relayNumberCheck: RelayNumberCheck;
  /** `pallet_aura::Config::AllowMultipleBlocksPerSlot`. */
  readonly allowMultipleBlocksPerSlot: boolean;
  /** `PARENT_SEARCH_DEPTH` of the lookahead collator. */
  readonly parentSearchDepth: number;
  /** Relay-parent ancestry the collator accepts for unincluded parents. */
  readonly ancestryLookback: number;
  /** Expected parachain block time (a published figure, not a runtime constant). */
  readonly expectedBlockTimeMs: number;
  readonly sources: Readonly<Record<Exclude<keyof ParachainParams, 'name' | 'sources'>, string>>;
}

const TEMPLATE = 'templates/parachain/runtime/src/lib.rs';
const GUIDE = 'docs/sdk/src/guides/async_backing_guide.rs';

/** Async backing as the parachain template ships it. */
export const ASYNC_BACKING: ParachainParams = Object.freeze({
  name: 'async',
  unincludedSegmentCapacity: 3,
  blockProcessingVelocity: 1,
  relayChainSlotDurationMs: 6000,
  paraSlotDurationMs: 6000,
  maxBlockRefTimeMs: 2000,
  authoringDurationMs: 2000,
  relayNumberCheck: 'RelayNumberMonotonicallyIncreases',
  allowMultipleBlocksPerSlot: true,
  parentSearchDepth: 10,
  ancestryLookback: 2,
  expectedBlockTimeMs: 6000,
  sources: Object.freeze({
    unincludedSegmentCapacity: `${TEMPLATE} :: async_backing_params::UNINCLUDED_SEGMENT_CAPACITY = 3`,
    blockProcessingVelocity: `${TEMPLATE} :: async_backing_params::BLOCK_PROCESSING_VELOCITY = 1`,
    relayChainSlotDurationMs: `${TEMPLATE} :: async_backing_params::RELAY_CHAIN_SLOT_DURATION_MILLIS = 6000`,
    paraSlotDurationMs: `${TEMPLATE} :: block_times::MILLI_SECS_PER_BLOCK = 6000, SLOT_DURATION = MILLI_SECS_PER_BLOCK`,
    maxBlockRefTimeMs: `${TEMPLATE} :: MAXIMUM_BLOCK_WEIGHT = WEIGHT_REF_TIME_PER_SECOND.saturating_mul(2) ("2 seconds of compute with a 6 second average block time")`,
    authoringDurationMs:
      'modelling choice: 2000 ms = the block weight budget and the validators\' 2 s backing timeout; the sdk guide\'s lookahead example uses 1500 ms',
    relayNumberCheck: `${GUIDE} :: Phase 1 step 4 ("Set ... CheckAssociatedRelayNumber to RelayNumberMonotonicallyIncreases")`,
    allowMultipleBlocksPerSlot: `${GUIDE} :: Phase 3 step 1 (AllowMultipleBlocksPerSlot = true)`,
    parentSearchDepth: 'cumulus/client/consensus/aura/src/collators/lookahead.rs :: PARENT_SEARCH_DEPTH = 10',
    ancestryLookback: 'relay configuration allowed_ancestry_len = 2 (RULES.md §1.1; guide prerequisite "allowed_ancestry_len": 2, "scheduling_lookahead": 2)',
    expectedBlockTimeMs: 'w3f/polkadot-wiki learn-async-backing: parablock time 12 s -> 6 s (RULES.md §4)',
  }),
});

/** The sync-backing configuration (async backing guide, Phase 1): capacity 1, velocity 1, 12 s blocks. */
export const SYNC_BACKING: ParachainParams = Object.freeze({
  name: 'sync',
  unincludedSegmentCapacity: 1,
  blockProcessingVelocity: 1,
  relayChainSlotDurationMs: 6000,
  paraSlotDurationMs: 12000,
  maxBlockRefTimeMs: 500,
  authoringDurationMs: 500,
  relayNumberCheck: 'RelayNumberMonotonicallyIncreases',
  allowMultipleBlocksPerSlot: false,
  parentSearchDepth: 10,
  ancestryLookback: 0,
  expectedBlockTimeMs: 12000,
  sources: Object.freeze({
    unincludedSegmentCapacity: `${GUIDE} :: Phase 1 step 1 ("capacity and velocity are both set to 1"); "with capacity 1 and velocity 1 we get the customary 12 second parachain block time"`,
    blockProcessingVelocity: `${GUIDE} :: Phase 1 step 1`,
    relayChainSlotDurationMs: `${GUIDE} :: Phase 1 step 2 (RELAY_CHAIN_SLOT_DURATION_MILLIS = 6000)`,
    paraSlotDurationMs: `${GUIDE} :: Phase 1 step 3 (MILLISECS_PER_BLOCK = 12000)`,
    maxBlockRefTimeMs: 'pre-async-backing templates: MAXIMUM_BLOCK_WEIGHT = WEIGHT_REF_TIME_PER_SECOND / 2 (RULES.md §3.4)',
    authoringDurationMs: 'w3f/polkadot-wiki: "In synchronous backing collators generated parablocks in 0.5 seconds" (RULES.md §4)',
    relayNumberCheck: `${GUIDE} :: Phase 1 step 4 (older sync runtimes used RelayNumberStrictlyIncreases)`,
    allowMultipleBlocksPerSlot: `${GUIDE} :: Phase 1 step 5 (AllowMultipleBlocksPerSlot = false)`,
    parentSearchDepth: 'cumulus/client/consensus/aura/src/collators/lookahead.rs :: PARENT_SEARCH_DEPTH = 10',
    ancestryLookback: 'sync backing relay configuration allowed_ancestry_len = 0 (RULES.md §1.11)',
    expectedBlockTimeMs: `${GUIDE} :: "customary 12 second parachain block time"`,
  }),
});

export const PARACHAIN_PRESETS: Readonly<Record<string, ParachainParams>> = Object.freeze({
  async: ASYNC_BACKING,
  sync: SYNC_BACKING,
});

/** The `FixedVelocityConsensusHook` parameters of a preset. */
export function fixedVelocityParamsOf(p: ParachainParams): FixedVelocityParams {
  return {
    relayChainSlotDurationMs: p.relayChainSlotDurationMs,
    velocity: p.blockProcessingVelocity,
    capacity: p.unincludedSegmentCapacity,
    paraSlotDurationMs: p.paraSlotDurationMs,
  };
}

const isU32 = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= U32_MAX;

/**
 * Rejects parameter sets no runtime could be built with. Capacity 0 and velocity 0 are legal (the
 * hook uses `max(…, 1)`); a slot duration of 0 is not (`Slot::from_timestamp` divides by it).
 */
export function validateParachainParams(p: ParachainParams): Verdict<'InvalidParachainParams'> {
  const bad = (field: string, why: string, value: unknown) =>
    reject('params', 'InvalidParachainParams', `${field} ${why}, got ${JSON.stringify(value)}`);
  // The const generics C, V and RELAY_CHAIN_SLOT_DURATION_MILLIS are u32.
  if (!isU32(p.unincludedSegmentCapacity)) return bad('unincludedSegmentCapacity', `must be an integer in [0, ${U32_MAX}]`, p.unincludedSegmentCapacity);
  if (!isU32(p.blockProcessingVelocity)) return bad('blockProcessingVelocity', `must be an integer in [0, ${U32_MAX}]`, p.blockProcessingVelocity);
  if (!isU32(p.relayChainSlotDurationMs) || p.relayChainSlotDurationMs === 0)
    return bad('relayChainSlotDurationMs', `must be an integer in [1, ${U32_MAX}]`, p.relayChainSlotDurationMs);
  if (!Number.isSafeInteger(p.paraSlotDurationMs) || p.paraSlotDurationMs <= 0)
    return bad('paraSlotDurationMs', 'must be a positive integer (it divides timestamps)', p.paraSlotDurationMs);
  if (!Number.isFinite(p.maxBlockRefTimeMs) || p.maxBlockRefTimeMs <= 0) return bad('maxBlockRefTimeMs', 'must be positive', p.maxBlockRefTimeMs);
  if (!Number.isFinite(p.authoringDurationMs) || p.authoringDurationMs <= 0) return bad('authoringDurationMs', 'must be positive', p.authoringDurationMs);
  if (!Number.isSafeInteger(p.parentSearchDepth) || p.parentSearchDepth < 0) return bad('parentSearchDepth', 'must be a non-negative integer', p.parentSearchDepth);
  if (!Number.isSafeInteger(p.ancestryLookback) || p.ancestryLookback < 0) return bad('ancestryLookback', 'must be a non-negative integer', p.ancestryLookback);
  if (!['RelayNumberStrictlyIncreases', 'RelayNumberMonotonicallyIncreases', 'AnyRelayNumber'].includes(p.relayNumberCheck))
    return bad('relayNumberCheck', 'must name a CheckAssociatedRelayNumber implementation', p.relayNumberCheck);
  // Several blocks per relay parent (capacity > 1) with a strictly increasing relay parent number and
  // one Aura slot per relay slot can never fill the segment; that is legal, only wasteful: not rejected.
  return OK;
}
