/**
 * Parameters of the model and the named presets.
 *
 * Every size is an input (CONVENTIONS 8): the rules never hide a constant. A preset is data; each
 * value says where it comes from (a polkadot-sdk file at the pinned tag) or that it is a modelling
 * choice (sizes kept small so that random runs are fast and reach deep states).
 *
 * Deviations (module level):
 * - Validator groups are formed by cutting the validator indices 0..n-1 into `numCores` contiguous
 *   groups whose sizes differ by at most one. polkadot-sdk shuffles the validators with the session's
 *   randomness first (`scheduler::initializer_on_new_session`); the shuffle changes who is in a group,
 *   not any rule, so the model leaves it out.
 * - Core assignment is static: every core serves one para for the whole run (bulk coretime on a full
 *   region), so each core's claim queue is always `[para; schedulingLookahead]`. polkadot-sdk fills
 *   the claim queue from the assigner (`scheduler::advance_claim_queue`); with a static assignment its
 *   contents never change, so only which para a core serves is observable.
 *
 * - Messaging and code limits (`MessagingParams`) are the Westend genesis configuration; which paras
 *   have HRMP channels, how many upward messages the relay chain dispatches per block, the HRMP
 *   channel sizes and the size of the model's messages and code are modelling choices (see
 *   `MESSAGING_SOURCES`). `validation_upgrade_delay` is the whole delay: the model takes
 *   `minimum_validation_upgrade_delay` to be no larger (see spec/relay/messaging.ts).
 *
 * Which parameter the runtime reads (polkadot-stable2506): polkadot-sdk PR #7254 (released in
 * stable2503) deprecated `AsyncBackingParams`. At the pinned tag the relay runtime sizes its
 * allowed-relay-parents window by `scheduler_params.lookahead` (block N accepts relay parents
 * `N-lookahead … N-1`), and the node derives its ancestry as `lookahead - 1` and its chain length
 * from the claim queue. The model keeps the classic names, which every reviewer knows, as the
 * *effective* values: `allowedAncestryLen` is the ancestry the window allows, and `validateParams`
 * requires `schedulingLookahead = allowedAncestryLen + 1`, the identity PR #7254 relies on to be
 * "backwards compatible" (lookahead 3 ⇔ ancestry 2). With (0, 0), lookahead is 1: synchronous backing.
 */
import type { CoreIndex, Hash, HeadData, ParaId } from './types.ts';
import { hashOf } from './hash.ts';

/** `AsyncBackingParams` (polkadot/primitives/src/v8/async_backing.rs). */
export interface AsyncBackingParams {
  /** Maximum number of para blocks between the para head in a relay parent and a new candidate. */
  readonly maxCandidateDepth: number;
  /** How many ancestors of a relay parent are allowed to build candidates on top of. */
  readonly allowedAncestryLen: number;
}

/** The scheduler's parameters (`SchedulerParams`, polkadot/primitives/src/v8/mod.rs). */
export interface SchedulerParams {
  readonly groupRotationFrequency: number;
  readonly parasAvailabilityPeriod: number;
  readonly schedulingLookahead: number;
  readonly numCores: number;
}

/** An open HRMP channel `sender → recipient` (`HrmpChannels`), opened at genesis in the model. */
export interface HrmpChannelParams {
  readonly sender: ParaId;
  readonly recipient: ParaId;
}

/**
 * The host-configuration limits `check_validation_outputs` and `backing_state` use, and the model's
 * choices for message traffic (`HostConfiguration`, polkadot/runtime/parachains/src/configuration.rs).
 */
export interface MessagingParams {
  /** `max_upward_message_num_per_candidate`. */
  readonly maxUpwardMessageNumPerCandidate: number;
  /** `max_upward_queue_count`: messages a para may have waiting for dispatch. */
  readonly maxUpwardQueueCount: number;
  /** `max_upward_queue_size`: bytes a para may have waiting for dispatch. */
  readonly maxUpwardQueueSize: number;
  /** `max_upward_message_size`. */
  readonly maxUpwardMessageSize: number;
  /** `hrmp_max_message_num_per_candidate`. */
  readonly hrmpMaxMessageNumPerCandidate: number;
  /** `hrmp_channel_max_capacity` (messages) of every channel the model opens. */
  readonly hrmpChannelMaxCapacity: number;
  /** `hrmp_channel_max_total_size` (bytes) of every channel the model opens. */
  readonly hrmpChannelMaxTotalSize: number;
  /** `hrmp_channel_max_message_size` of every channel the model opens. */
  readonly hrmpChannelMaxMessageSize: number;
  /** `max_code_size`. */
  readonly maxCodeSize: number;
  /** `validation_upgrade_delay`: an upgrade included in block N applies from relay parent N + delay. */
  readonly validationUpgradeDelay: number;
  /** `validation_upgrade_cooldown`: the upgrade restriction lasts until N + cooldown. */
  readonly validationUpgradeCooldown: number;
  /** Modelling choice: queued upward messages the relay chain dispatches per para per block. */
  readonly umpDispatchPerBlock: number;
  /** Modelling choice: the open HRMP channels. */
  readonly hrmpChannels: readonly HrmpChannelParams[];
}

export interface ParaGenesis {
  readonly id: ParaId;
  readonly genesisHead: HeadData;
  readonly validationCodeHash: Hash;
}

/** A value with the reason it was chosen. */
export interface Sourced<T> {
  readonly value: T;
  /** A polkadot-sdk file (at the pinned tag) or other source, or `modelling choice: …`. */
  readonly source: string;
}

export interface ModelParams {
  readonly name: string;
  readonly asyncBacking: AsyncBackingParams;
  readonly scheduler: SchedulerParams;
  /** `HostConfiguration::minimum_backing_votes`. */
  readonly minimumBackingVotes: number;
  /** Number of (para)validators in the active set. */
  readonly validators: number;
  /** `HostConfiguration::max_pov_size`, carried in every PVD. */
  readonly maxPovSize: number;
  /** Core i serves `coreAssignment[i]` (static bulk assignment), or `null` for an unassigned core. */
  readonly coreAssignment: readonly (ParaId | null)[];
  readonly paras: readonly ParaGenesis[];
  /**
   * How the node bounds a para's best chain. `claim-queue` (default) is polkadot-stable2506: the
   * candidates pending availability plus one per core the para has a claim on (PR #7254;
   * prospective-parachains `handle_active_leaves_update`). `max-candidate-depth` is the classic
   * bound (stable2409 and before): `max_candidate_depth + 1` including those pending.
   */
  readonly nodeChainBound?: 'claim-queue' | 'max-candidate-depth';
  /** Messaging and code limits; absent means `defaultMessaging(paras)` (read with `messagingOf`). */
  readonly messaging?: MessagingParams;
}

/** Westend's limits, with a channel each way between every two of the given paras. */
export function defaultMessaging(paras: readonly ParaId[]): MessagingParams {
  const hrmpChannels: HrmpChannelParams[] = [];
  for (const sender of paras) for (const recipient of paras) if (sender !== recipient) hrmpChannels.push({ sender, recipient });
  return {
    maxUpwardMessageNumPerCandidate: 5,
    maxUpwardQueueCount: 8,
    maxUpwardQueueSize: 1024 * 1024,
    maxUpwardMessageSize: 50 * 1024,
    hrmpMaxMessageNumPerCandidate: 5,
    hrmpChannelMaxCapacity: 8,
    hrmpChannelMaxTotalSize: 8 * 1024,
    hrmpChannelMaxMessageSize: 1024,
    maxCodeSize: 3 * 1024 * 1024,
    validationUpgradeDelay: 2,
    validationUpgradeCooldown: 2,
    umpDispatchPerBlock: 2,
    hrmpChannels,
  };
}

/** The messaging parameters of a model (the default ones when it names none). */
export function messagingOf(p: ModelParams): MessagingParams {
  return p.messaging ?? defaultMessaging(p.paras.map((x) => x.id));
}

const WESTEND_CONFIG = 'polkadot/runtime/westend/src/genesis_config_presets.rs (default_parachains_host_configuration)';
/** Where each messaging value comes from. */
export const MESSAGING_SOURCES: Readonly<Record<keyof MessagingParams, string>> = {
  maxUpwardMessageNumPerCandidate: `5: ${WESTEND_CONFIG}`,
  maxUpwardQueueCount: `8: ${WESTEND_CONFIG}`,
  maxUpwardQueueSize: `1 MiB: ${WESTEND_CONFIG}`,
  maxUpwardMessageSize: `50 KiB: ${WESTEND_CONFIG}`,
  hrmpMaxMessageNumPerCandidate: `5: ${WESTEND_CONFIG}`,
  hrmpChannelMaxCapacity: `8: ${WESTEND_CONFIG}`,
  hrmpChannelMaxTotalSize: `8 KiB: ${WESTEND_CONFIG}`,
  hrmpChannelMaxMessageSize: 'modelling choice: 1 KiB (the channel is opened with this size; Westend allows up to 1 MiB)',
  maxCodeSize: '3 MiB: MAX_CODE_SIZE in polkadot/primitives (UNCONFIRMED at the tag: the Westend preset does not set it)',
  validationUpgradeDelay: `2: ${WESTEND_CONFIG}; minimum_validation_upgrade_delay (5 there) is not modelled`,
  validationUpgradeCooldown: `2: ${WESTEND_CONFIG}`,
  umpDispatchPerBlock: 'modelling choice: two messages per para per block (pallet-message-queue services by weight, not by count)',
  hrmpChannels: 'modelling choice: a channel each way between every two paras, open from genesis',
};

/** The claim queue of a static assignment: each core serves its para for `schedulingLookahead` claims. */
export function staticClaimQueue(p: ModelParams): Record<CoreIndex, ParaId[]> {
  const out: Record<CoreIndex, ParaId[]> = {};
  p.coreAssignment.forEach((para, core) => {
    out[core] = para === null ? [] : Array.from({ length: p.scheduler.schedulingLookahead }, () => para);
  });
  return out;
}

/** A preset: the parameters plus where each value comes from. */
export interface Preset {
  readonly name: string;
  readonly summary: string;
  readonly params: ModelParams;
  readonly sources: Readonly<Record<string, string>>;
}

export function paraGenesis(id: ParaId): ParaGenesis {
  return { id, genesisHead: hashOf('genesis-head', id), validationCodeHash: hashOf('code', id, 0) };
}

const WESTEND = 'polkadot/runtime/westend/src/genesis_config_presets.rs';
const PRIMITIVES = 'polkadot/primitives/src/v8/mod.rs';

/** Sources shared by presets built on the Westend/Polkadot configuration. */
const PRODUCTION_SOURCES = {
  'asyncBacking': `(3, 2): ${WESTEND} (default_parachains_host_configuration); Polkadot and Kusama set the same by governance (polkadot-sdk issues #2236, #3226)`,
  'scheduler.groupRotationFrequency': `20: ${WESTEND}`,
  'scheduler.parasAvailabilityPeriod': `4: ${WESTEND}`,
  'scheduler.schedulingLookahead': '3: allowedAncestryLen + 1, the value polkadot-sdk PR #7254 calls backwards compatible with production (3, 2) and issue #8804 recommends for relay chains',
  'minimumBackingVotes': `2: LEGACY_MIN_BACKING_VOTES in ${PRIMITIVES}`,
  'maxPovSize': `5 MiB: MAX_POV_SIZE in ${PRIMITIVES}`,
} as const;

function preset(
  name: string,
  summary: string,
  p: Omit<ModelParams, 'name' | 'paras'> & { paras?: readonly ParaGenesis[] },
  sources: Record<string, string>,
): Preset {
  const paraIds = [...new Set(p.coreAssignment.filter((x): x is ParaId => x !== null))];
  const paras = p.paras ?? paraIds.map(paraGenesis);
  const params: ModelParams = { ...p, name, paras, messaging: p.messaging ?? defaultMessaging(paras.map((x) => x.id)) };
  sources = { ...Object.fromEntries(Object.entries(MESSAGING_SOURCES).map(([k, v]) => [`messaging.${k}`, v])), ...sources };
  return { name, summary, params, sources };
}

export const PRESETS: Readonly<Record<string, Preset>> = {
  sync: preset(
    'sync',
    'Synchronous backing as the corner case (0, 0): the polkadot preset with async backing switched off.',
    {
      asyncBacking: { maxCandidateDepth: 0, allowedAncestryLen: 0 },
      scheduler: { groupRotationFrequency: 20, parasAvailabilityPeriod: 4, schedulingLookahead: 1, numCores: 2 },
      minimumBackingVotes: 2,
      validators: 10,
      maxPovSize: 5 * 1024 * 1024,
      coreAssignment: [1000, 2000],
    },
    {
      ...PRODUCTION_SOURCES,
      asyncBacking: '(0, 0): HostConfiguration::default() in polkadot/runtime/parachains/src/configuration.rs ("When async backing is disabled, the only valid value is 0")',
      'scheduler.schedulingLookahead': `1: allowedAncestryLen + 1 (see validateParams); SchedulerParams::default() in ${PRIMITIVES}`,
      validators: 'modelling choice: 10 validators, two groups of five',
      coreAssignment: 'modelling choice: two paras, one core each',
    },
  ),
  polkadot: preset(
    'polkadot',
    'Production asynchronous backing: depth 3, ancestry 2, two paras on one core each.',
    {
      asyncBacking: { maxCandidateDepth: 3, allowedAncestryLen: 2 },
      scheduler: { groupRotationFrequency: 20, parasAvailabilityPeriod: 4, schedulingLookahead: 3, numCores: 2 },
      minimumBackingVotes: 2,
      validators: 10,
      maxPovSize: 5 * 1024 * 1024,
      coreAssignment: [1000, 2000],
    },
    {
      ...PRODUCTION_SOURCES,
      validators: 'modelling choice: 10 validators, two groups of five (Polkadot has about 300 paravalidators and groups of 5)',
      coreAssignment: 'modelling choice: two paras, one core each',
    },
  ),
  elastic: preset(
    'elastic',
    'Elastic scaling: para 1000 on three cores, para 2000 on one, depth 3, ancestry 2.',
    {
      asyncBacking: { maxCandidateDepth: 3, allowedAncestryLen: 2 },
      scheduler: { groupRotationFrequency: 20, parasAvailabilityPeriod: 4, schedulingLookahead: 3, numCores: 4 },
      minimumBackingVotes: 2,
      validators: 20,
      maxPovSize: 5 * 1024 * 1024,
      coreAssignment: [1000, 1000, 1000, 2000],
    },
    {
      ...PRODUCTION_SOURCES,
      validators: 'modelling choice: 20 validators, four groups of five',
      coreAssignment: 'modelling choice: one para on three cores (elastic scaling), one on one core',
    },
  ),
  small: preset(
    'small',
    'Small and fast: depth 2, ancestry 1, rotation every 4 blocks, availability period 2, groups of 3.',
    {
      asyncBacking: { maxCandidateDepth: 2, allowedAncestryLen: 1 },
      scheduler: { groupRotationFrequency: 4, parasAvailabilityPeriod: 2, schedulingLookahead: 2, numCores: 2 },
      minimumBackingVotes: 2,
      validators: 6,
      maxPovSize: 5 * 1024 * 1024,
      coreAssignment: [1000, 2000],
    },
    {
      asyncBacking: 'modelling choice: one step below production in both dimensions',
      'scheduler.groupRotationFrequency': 'modelling choice: frequent rotations make timeout windows frequent',
      'scheduler.parasAvailabilityPeriod': 'modelling choice',
      'scheduler.schedulingLookahead': 'allowedAncestryLen + 1 (see validateParams)',
      minimumBackingVotes: `2: LEGACY_MIN_BACKING_VOTES in ${PRIMITIVES}`,
      validators: 'modelling choice: 6 validators, two groups of three',
      maxPovSize: `5 MiB: MAX_POV_SIZE in ${PRIMITIVES}`,
      coreAssignment: 'modelling choice: two paras, one core each',
    },
  ),
  tiny: preset(
    'tiny',
    'Tiny elastic model for exhaustive runs: depth 1, ancestry 1, one para on two cores, 4 validators.',
    {
      asyncBacking: { maxCandidateDepth: 1, allowedAncestryLen: 1 },
      scheduler: { groupRotationFrequency: 3, parasAvailabilityPeriod: 1, schedulingLookahead: 2, numCores: 2 },
      minimumBackingVotes: 2,
      validators: 4,
      maxPovSize: 5 * 1024 * 1024,
      coreAssignment: [1000, 1000],
    },
    {
      asyncBacking: 'modelling choice',
      'scheduler.groupRotationFrequency': 'modelling choice',
      'scheduler.parasAvailabilityPeriod': `1: SchedulerParams::default() in ${PRIMITIVES}`,
      'scheduler.schedulingLookahead': 'allowedAncestryLen + 1 (see validateParams)',
      minimumBackingVotes: `2: LEGACY_MIN_BACKING_VOTES in ${PRIMITIVES}`,
      validators: 'modelling choice: two groups of two',
      maxPovSize: `5 MiB: MAX_POV_SIZE in ${PRIMITIVES}`,
      coreAssignment: 'modelling choice: one para on two cores',
    },
  ),
};

export const PRESET_NAMES = Object.keys(PRESETS);

/** Thrown for parameters the protocol (or the model) cannot run with. */
export class ParamsError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`invalid parameter ${field}: ${message}`);
    this.name = 'ParamsError';
  }
}

function nat(field: string, v: unknown, min: number, max: number): void {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ParamsError(field, `expected an integer, got ${JSON.stringify(v)}`);
  if (v < min || v > max) throw new ParamsError(field, `must be between ${min} and ${max}, got ${v}`);
}

/**
 * Rejects impossible parameters with an error naming the field. The zero checks mirror
 * `HostConfiguration::check_consistency` (configuration.rs: `ZeroGroupRotationFrequency`,
 * `ZeroParasAvailabilityPeriod`, `ZeroMinimumBackingVotes`, lookahead 0); the upper bounds are
 * the model's (it is meant for small systems).
 */
export function validateParams(p: ModelParams): ModelParams {
  nat('asyncBacking.maxCandidateDepth', p.asyncBacking?.maxCandidateDepth, 0, 32);
  nat('asyncBacking.allowedAncestryLen', p.asyncBacking?.allowedAncestryLen, 0, 32);
  nat('scheduler.groupRotationFrequency', p.scheduler?.groupRotationFrequency, 1, 10_000);
  nat('scheduler.parasAvailabilityPeriod', p.scheduler?.parasAvailabilityPeriod, 1, 10_000);
  nat('scheduler.schedulingLookahead', p.scheduler?.schedulingLookahead, 1, 32);
  nat('scheduler.numCores', p.scheduler?.numCores, 1, 64);
  nat('minimumBackingVotes', p.minimumBackingVotes, 1, 1_000);
  nat('validators', p.validators, 1, 1_000);
  nat('maxPovSize', p.maxPovSize, 1, 2 ** 31);
  if (p.scheduler.schedulingLookahead !== p.asyncBacking.allowedAncestryLen + 1)
    throw new ParamsError(
      'scheduler.schedulingLookahead',
      `must equal asyncBacking.allowedAncestryLen + 1 = ${p.asyncBacking.allowedAncestryLen + 1}, got ${p.scheduler.schedulingLookahead}: at polkadot-stable2506 the runtime's relay-parent window is the scheduling lookahead (PR #7254), so the two describe one window`,
    );
  if (p.validators < p.scheduler.numCores)
    throw new ParamsError('validators', `${p.validators} validators cannot form ${p.scheduler.numCores} non-empty backing groups (one per core)`);
  if (!Array.isArray(p.coreAssignment) || p.coreAssignment.length !== p.scheduler.numCores)
    throw new ParamsError('coreAssignment', `must name a para (or null) for each of the ${p.scheduler.numCores} cores`);
  if (!Array.isArray(p.paras) || p.paras.length === 0) throw new ParamsError('paras', 'at least one para is needed');
  const ids = new Set<number>();
  for (const [i, para] of p.paras.entries()) {
    nat(`paras[${i}].id`, para.id, 0, 2 ** 32 - 1);
    if (ids.has(para.id)) throw new ParamsError(`paras[${i}].id`, `para ${para.id} is listed twice`);
    ids.add(para.id);
  }
  for (const [i, a] of p.coreAssignment.entries())
    if (a !== null && !ids.has(a)) throw new ParamsError(`coreAssignment[${i}]`, `core ${i} is assigned to para ${a}, which is not in paras`);
  for (const para of p.paras)
    if (!p.coreAssignment.includes(para.id)) throw new ParamsError('coreAssignment', `para ${para.id} has no core`);
  if (p.messaging !== undefined) validateMessaging(p.messaging, ids);
  if (p.nodeChainBound !== undefined && p.nodeChainBound !== 'claim-queue' && p.nodeChainBound !== 'max-candidate-depth')
    throw new ParamsError('nodeChainBound', `must be "claim-queue" or "max-candidate-depth", got ${JSON.stringify(p.nodeChainBound)}`);
  return p;
}

/** The messaging limits must be usable: positive limits, channels between distinct known paras, once each. */
function validateMessaging(m: MessagingParams, paraIds: ReadonlySet<number>): void {
  const f = (k: keyof MessagingParams) => `messaging.${k}`;
  nat(f('maxUpwardMessageNumPerCandidate'), m.maxUpwardMessageNumPerCandidate, 0, 10_000);
  nat(f('maxUpwardQueueCount'), m.maxUpwardQueueCount, 1, 1_000_000);
  nat(f('maxUpwardQueueSize'), m.maxUpwardQueueSize, 1, 2 ** 31);
  nat(f('maxUpwardMessageSize'), m.maxUpwardMessageSize, 1, 2 ** 31);
  nat(f('hrmpMaxMessageNumPerCandidate'), m.hrmpMaxMessageNumPerCandidate, 0, 10_000);
  nat(f('hrmpChannelMaxCapacity'), m.hrmpChannelMaxCapacity, 1, 1_000_000);
  nat(f('hrmpChannelMaxTotalSize'), m.hrmpChannelMaxTotalSize, 1, 2 ** 31);
  nat(f('hrmpChannelMaxMessageSize'), m.hrmpChannelMaxMessageSize, 1, 2 ** 31);
  nat(f('maxCodeSize'), m.maxCodeSize, 1, 2 ** 31);
  nat(f('validationUpgradeDelay'), m.validationUpgradeDelay, 1, 10_000);
  nat(f('validationUpgradeCooldown'), m.validationUpgradeCooldown, 0, 10_000);
  nat(f('umpDispatchPerBlock'), m.umpDispatchPerBlock, 0, 1_000_000);
  // A queue must hold at least one largest message, or no upward message could ever be sent
  // (HostConfiguration::check_consistency: MaxUpwardMessageSizeExceeded / max_upward_queue_size).
  if (m.maxUpwardMessageSize > m.maxUpwardQueueSize)
    throw new ParamsError(f('maxUpwardMessageSize'), `${m.maxUpwardMessageSize} exceeds messaging.maxUpwardQueueSize ${m.maxUpwardQueueSize}`);
  if (m.hrmpChannelMaxMessageSize > m.hrmpChannelMaxTotalSize)
    throw new ParamsError(f('hrmpChannelMaxMessageSize'), `${m.hrmpChannelMaxMessageSize} exceeds messaging.hrmpChannelMaxTotalSize ${m.hrmpChannelMaxTotalSize}`);
  if (!Array.isArray(m.hrmpChannels)) throw new ParamsError(f('hrmpChannels'), 'must be a list of { sender, recipient }');
  const seen = new Set<string>();
  for (const [i, c] of m.hrmpChannels.entries()) {
    if (!paraIds.has(c.sender) || !paraIds.has(c.recipient)) throw new ParamsError(`messaging.hrmpChannels[${i}]`, `channel ${c.sender} → ${c.recipient} names a para that is not in paras`);
    if (c.sender === c.recipient) throw new ParamsError(`messaging.hrmpChannels[${i}]`, `para ${c.sender} cannot open a channel to itself`);
    const key = `${c.sender}->${c.recipient}`;
    if (seen.has(key)) throw new ParamsError(`messaging.hrmpChannels[${i}]`, `channel ${key} is listed twice`);
    seen.add(key);
  }
}

export function presetParams(name: string): ModelParams {
  const p = PRESETS[name];
  if (!p) throw new ParamsError('preset', `unknown preset "${name}"; known presets: ${PRESET_NAMES.join(', ')}`);
  return p.params;
}

/** The cores a para is assigned to, in index order. */
export function coresOf(p: ModelParams, para: ParaId): CoreIndex[] {
  const out: CoreIndex[] = [];
  p.coreAssignment.forEach((a, i) => {
    if (a === para) out.push(i);
  });
  return out;
}

/** Backing groups: validators 0..n-1 cut into `numCores` contiguous groups (sizes differ by ≤ 1). */
export function validatorGroups(p: ModelParams): number[][] {
  const n = p.validators;
  const k = p.scheduler.numCores;
  const base = Math.floor(n / k);
  const larger = n % k;
  const groups: number[][] = [];
  let next = 0;
  for (let g = 0; g < k; g++) {
    const size = base + (g < larger ? 1 : 0);
    groups.push(Array.from({ length: size }, (_, i) => next + i));
    next += size;
  }
  return groups;
}
