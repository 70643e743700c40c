import { describe, expect, test } from 'vitest';
import {
  PRESETS,
  PRESET_NAMES,
  ParamsError,
  coresOf,
  defaultMessaging,
  messagingOf,
  presetParams,
  staticClaimQueue,
  validateParams,
  validatorGroups,
  type ModelParams,
} from '../spec/params.ts';
import { resolveParams } from '../cli/params.ts';

describe('presets', () => {
  test.each(PRESET_NAMES)('%s validates, and every value says where it comes from', (name) => {
    const preset = PRESETS[name]!;
    expect(validateParams(preset.params)).toBe(preset.params);
    for (const key of ['asyncBacking', 'scheduler.groupRotationFrequency', 'scheduler.parasAvailabilityPeriod', 'scheduler.schedulingLookahead', 'minimumBackingVotes', 'validators', 'maxPovSize', 'coreAssignment'])
      expect(preset.sources[key], `${name}: source of ${key}`).toMatch(/\S/);
  });

  test('sync is (0, 0) with lookahead 1; polkadot is (3, 2) with lookahead 3; elastic gives one para three cores', () => {
    expect(presetParams('sync').asyncBacking).toEqual({ maxCandidateDepth: 0, allowedAncestryLen: 0 });
    expect(presetParams('sync').scheduler.schedulingLookahead).toBe(1);
    expect(presetParams('polkadot').asyncBacking).toEqual({ maxCandidateDepth: 3, allowedAncestryLen: 2 });
    expect(presetParams('polkadot').scheduler.schedulingLookahead).toBe(3);
    expect(coresOf(presetParams('elastic'), 1000)).toEqual([0, 1, 2]);
  });

  test('validators are cut into one group per core, sizes differing by at most one', () => {
    expect(validatorGroups({ ...presetParams('polkadot'), validators: 11 })).toEqual([
      [0, 1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
    ]);
  });
});

describe('impossible parameters are rejected with the field named', () => {
  const base = presetParams('polkadot');
  const cases: [string, object, RegExp][] = [
    ['zero group rotation frequency', { scheduler: { ...base.scheduler, groupRotationFrequency: 0 } }, /scheduler\.groupRotationFrequency: must be between 1/],
    ['zero availability period', { scheduler: { ...base.scheduler, parasAvailabilityPeriod: 0 } }, /parasAvailabilityPeriod/],
    ['zero minimum backing votes', { minimumBackingVotes: 0 }, /minimumBackingVotes/],
    ['negative depth', { asyncBacking: { ...base.asyncBacking, maxCandidateDepth: -1 } }, /maxCandidateDepth/],
    ['a fractional ancestry', { asyncBacking: { ...base.asyncBacking, allowedAncestryLen: 1.5 } }, /allowedAncestryLen: expected an integer/],
    ['lookahead not ancestry + 1', { scheduler: { ...base.scheduler, schedulingLookahead: 2 } }, /schedulingLookahead: must equal asyncBacking.allowedAncestryLen \+ 1 = 3/],
    ['fewer validators than cores', { validators: 1 }, /cannot form 2 non-empty backing groups/],
    ['a core assigned to an unknown para', { coreAssignment: [1000, 3000] }, /coreAssignment\[1\]: core 1 is assigned to para 3000/],
    ['a para without a core', { coreAssignment: [1000, 1000] }, /para 2000 has no core/],
  ];
  test.each(cases)('%s', (_name, patch, message) => {
    expect(() => validateParams({ ...base, ...patch })).toThrow(ParamsError);
    expect(() => validateParams({ ...base, ...patch })).toThrow(message);
  });

  test('unknown presets and overrides are named', () => {
    expect(() => presetParams('kusama')).toThrow(/unknown preset "kusama"; known presets: sync, polkadot/);
    expect(() => resolveParams('polkadot', ['depth=3'])).toThrow(/unknown parameter "depth"/);
    expect(() => resolveParams('polkadot', ['validators=ten'])).toThrow(/expected key=integer/);
    expect(resolveParams('polkadot', ['asyncBacking.allowedAncestryLen=1']).scheduler.schedulingLookahead).toBe(2);
  });
});

describe('every field is checked, at both ends of its range', () => {
  const base = presetParams('polkadot');
  const withMessaging = (patch: object) => ({ ...base, messaging: { ...base.messaging!, ...patch } });
  const oneCore: ModelParams = { ...base, scheduler: { ...base.scheduler, numCores: 1 }, coreAssignment: [1000], paras: [base.paras[0]!], messaging: undefined };
  // [field as named in the error, parameters with the field at its bound, parameters just past it]
  const bounds: [string, (v: unknown) => ModelParams, number, number][] = [
    ['asyncBacking.maxCandidateDepth', (v) => ({ ...base, asyncBacking: { ...base.asyncBacking, maxCandidateDepth: v as number } }), 0, 32],
    ['scheduler.groupRotationFrequency', (v) => ({ ...base, scheduler: { ...base.scheduler, groupRotationFrequency: v as number } }), 1, 10_000],
    ['scheduler.parasAvailabilityPeriod', (v) => ({ ...base, scheduler: { ...base.scheduler, parasAvailabilityPeriod: v as number } }), 1, 10_000],
    ['minimumBackingVotes', (v) => ({ ...base, minimumBackingVotes: v as number }), 1, 1_000],
    ['validators', (v) => ({ ...oneCore, validators: v as number }), 1, 1_000],
    ['maxPovSize', (v) => ({ ...base, maxPovSize: v as number }), 1, 2 ** 31],
    ['messaging.maxUpwardMessageNumPerCandidate', (v) => withMessaging({ maxUpwardMessageNumPerCandidate: v }), 0, 10_000],
    ['messaging.maxUpwardQueueCount', (v) => withMessaging({ maxUpwardQueueCount: v }), 1, 1_000_000],
    ['messaging.maxUpwardQueueSize', (v) => withMessaging({ maxUpwardQueueSize: v, maxUpwardMessageSize: 1 }), 1, 2 ** 31],
    ['messaging.maxUpwardMessageSize', (v) => withMessaging({ maxUpwardMessageSize: v, maxUpwardQueueSize: 2 ** 31 }), 1, 2 ** 31],
    ['messaging.hrmpMaxMessageNumPerCandidate', (v) => withMessaging({ hrmpMaxMessageNumPerCandidate: v }), 0, 10_000],
    ['messaging.hrmpChannelMaxCapacity', (v) => withMessaging({ hrmpChannelMaxCapacity: v }), 1, 1_000_000],
    ['messaging.hrmpChannelMaxTotalSize', (v) => withMessaging({ hrmpChannelMaxTotalSize: v, hrmpChannelMaxMessageSize: 1 }), 1, 2 ** 31],
    ['messaging.hrmpChannelMaxMessageSize', (v) => withMessaging({ hrmpChannelMaxMessageSize: v, hrmpChannelMaxTotalSize: 2 ** 31 }), 1, 2 ** 31],
    ['messaging.maxCodeSize', (v) => withMessaging({ maxCodeSize: v }), 1, 2 ** 31],
    ['messaging.validationUpgradeDelay', (v) => withMessaging({ validationUpgradeDelay: v }), 1, 10_000],
    ['messaging.validationUpgradeCooldown', (v) => withMessaging({ validationUpgradeCooldown: v }), 0, 10_000],
    ['messaging.umpDispatchPerBlock', (v) => withMessaging({ umpDispatchPerBlock: v }), 0, 1_000_000],
  ];
  test.each(bounds)('%s: accepted at its minimum and maximum, rejected just outside, and must be an integer', (field, make, min, max) => {
    const message = (v: number) => `invalid parameter ${field}: must be between ${min} and ${max}, got ${v}`;
    expect(validateParams(make(min))).toEqual(make(min));
    expect(validateParams(make(max))).toEqual(make(max));
    expect(() => validateParams(make(min - 1))).toThrow(message(min - 1));
    expect(() => validateParams(make(max + 1))).toThrow(message(max + 1));
    expect(() => validateParams(make('3'))).toThrow(`invalid parameter ${field}: expected an integer, got "3"`);
    expect(() => validateParams(make(min + 0.5))).toThrow(`invalid parameter ${field}: expected an integer, got ${min + 0.5}`);
  });

  test('ancestry, lookahead and cores: bounds checked before the window and the groups', () => {
    const ancestry = (v: number) => ({ ...base, asyncBacking: { ...base.asyncBacking, allowedAncestryLen: v }, scheduler: { ...base.scheduler, schedulingLookahead: v + 1 } });
    expect(validateParams(ancestry(0)).asyncBacking.allowedAncestryLen).toBe(0);
    expect(() => validateParams(ancestry(31))).not.toThrow();
    expect(() => validateParams(ancestry(32))).toThrow('invalid parameter scheduler.schedulingLookahead: must be between 1 and 32, got 33');
    expect(() => validateParams(ancestry(-1))).toThrow('invalid parameter asyncBacking.allowedAncestryLen: must be between 0 and 32, got -1');
    const ancestryOnly = { ...base, asyncBacking: { ...base.asyncBacking, allowedAncestryLen: 33 } };
    expect(() => validateParams(ancestryOnly)).toThrow('invalid parameter asyncBacking.allowedAncestryLen: must be between 0 and 32, got 33');
    const lookahead0 = { ...base, scheduler: { ...base.scheduler, schedulingLookahead: 0 } };
    expect(() => validateParams(lookahead0)).toThrow('invalid parameter scheduler.schedulingLookahead: must be between 1 and 32, got 0');
    const cores = (n: number) => ({ ...base, validators: 1_000, scheduler: { ...base.scheduler, numCores: n }, coreAssignment: [1000, 2000, ...Array(Math.max(0, n - 2)).fill(null)] });
    expect(() => validateParams(cores(64))).not.toThrow();
    expect(() => validateParams(cores(65))).toThrow('invalid parameter scheduler.numCores: must be between 1 and 64, got 65');
    expect(() => validateParams({ ...cores(2), scheduler: { ...base.scheduler, numCores: 0 } })).toThrow('invalid parameter scheduler.numCores: must be between 1 and 64, got 0');
  });

  test('a missing section is named, not a crash', () => {
    const { asyncBacking: _a, ...noAsync } = base;
    const { scheduler: _s, ...noScheduler } = base;
    expect(() => validateParams(noAsync as ModelParams)).toThrow('invalid parameter asyncBacking.maxCandidateDepth: expected an integer, got undefined');
    expect(() => validateParams({ ...base, asyncBacking: { maxCandidateDepth: 3 } } as unknown as ModelParams)).toThrow('invalid parameter asyncBacking.allowedAncestryLen: expected an integer, got undefined');
    expect(() => validateParams(noScheduler as ModelParams)).toThrow('invalid parameter scheduler.groupRotationFrequency: expected an integer, got undefined');
    const partial = (s: object) => ({ ...base, scheduler: s }) as unknown as ModelParams;
    expect(() => validateParams(partial({ groupRotationFrequency: 1 }))).toThrow('invalid parameter scheduler.parasAvailabilityPeriod: expected an integer');
    expect(() => validateParams(partial({ groupRotationFrequency: 1, parasAvailabilityPeriod: 1 }))).toThrow('invalid parameter scheduler.schedulingLookahead: expected an integer');
    expect(() => validateParams(partial({ groupRotationFrequency: 1, parasAvailabilityPeriod: 1, schedulingLookahead: 3 }))).toThrow('invalid parameter scheduler.numCores: expected an integer');
  });

  test('as many validators as cores is enough: one per group', () => {
    expect(validateParams({ ...base, validators: 2 }).validators).toBe(2);
    expect(() => validateParams({ ...base, validators: 1 })).toThrow('invalid parameter validators: 1 validators cannot form 2 non-empty backing groups (one per core)');
  });

  test('core assignment and paras: shape, ranges, duplicates; an unassigned core is allowed', () => {
    const cores = 'invalid parameter coreAssignment: must name a para (or null) for each of the 2 cores';
    expect(() => validateParams({ ...base, coreAssignment: [1000] })).toThrow(cores);
    expect(() => validateParams({ ...base, coreAssignment: { length: 2 } as unknown as number[] })).toThrow(cores);
    expect(() => validateParams({ ...base, paras: [] })).toThrow('invalid parameter paras: at least one para is needed');
    expect(() => validateParams({ ...base, paras: { length: 1 } as unknown as ModelParams['paras'] })).toThrow('invalid parameter paras: at least one para is needed');
    const [p1000, p2000] = base.paras;
    const idAt = (id: number) => ({ ...base, paras: [p1000!, { ...p2000!, id }], coreAssignment: [1000, id], messaging: undefined });
    expect(validateParams(idAt(2 ** 32 - 1)).paras[1]!.id).toBe(2 ** 32 - 1);
    expect(validateParams(idAt(0)).paras[1]!.id).toBe(0);
    expect(() => validateParams(idAt(2 ** 32))).toThrow(`invalid parameter paras[1].id: must be between 0 and ${2 ** 32 - 1}, got ${2 ** 32}`);
    expect(() => validateParams(idAt(-1))).toThrow('invalid parameter paras[1].id: must be between 0 and');
    expect(() => validateParams({ ...base, paras: [p1000!, p1000!] })).toThrow('invalid parameter paras[1].id: para 1000 is listed twice');
    const unassigned = { ...base, paras: [p1000!], coreAssignment: [1000, null], messaging: undefined };
    expect(validateParams(unassigned)).toBe(unassigned);
    expect(staticClaimQueue(unassigned)).toEqual({ 0: [1000, 1000, 1000], 1: [] });
    expect(() => validateParams({ ...base, coreAssignment: [1000, 3000] })).toThrow('invalid parameter coreAssignment[1]: core 1 is assigned to para 3000, which is not in paras');
    expect(() => validateParams({ ...base, coreAssignment: [1000, null] })).toThrow('invalid parameter coreAssignment: para 2000 has no core');
  });

  test('without a messaging section the defaults apply: Westend limits, a channel each way between every two paras', () => {
    const bare = { ...base, messaging: undefined };
    expect(validateParams(bare)).toBe(bare);
    expect(messagingOf(bare)).toEqual(defaultMessaging([1000, 2000]));
    expect(messagingOf(bare).hrmpChannels).toEqual([
      { sender: 1000, recipient: 2000 },
      { sender: 2000, recipient: 1000 },
    ]);
    expect(messagingOf(base)).toBe(base.messaging);
  });

  test('messaging: a queue must hold a largest message, a channel a largest message; channels between distinct known paras, once each', () => {
    expect(() => validateParams(withMessaging({ maxUpwardMessageSize: 10, maxUpwardQueueSize: 9 }))).toThrow('invalid parameter messaging.maxUpwardMessageSize: 10 exceeds messaging.maxUpwardQueueSize 9');
    expect(() => validateParams(withMessaging({ maxUpwardMessageSize: 9, maxUpwardQueueSize: 9 }))).not.toThrow();
    expect(() => validateParams(withMessaging({ hrmpChannelMaxMessageSize: 10, hrmpChannelMaxTotalSize: 9 }))).toThrow('invalid parameter messaging.hrmpChannelMaxMessageSize: 10 exceeds messaging.hrmpChannelMaxTotalSize 9');
    expect(() => validateParams(withMessaging({ hrmpChannelMaxMessageSize: 9, hrmpChannelMaxTotalSize: 9 }))).not.toThrow();
    expect(() => validateParams(withMessaging({ hrmpChannels: 'all' }))).toThrow('invalid parameter messaging.hrmpChannels: must be a list of { sender, recipient }');
    expect(() => validateParams(withMessaging({ hrmpChannels: [{ sender: 1000, recipient: 3000 }] }))).toThrow('invalid parameter messaging.hrmpChannels[0]: channel 1000 → 3000 names a para that is not in paras');
    expect(() => validateParams(withMessaging({ hrmpChannels: [{ sender: 3000, recipient: 1000 }] }))).toThrow('invalid parameter messaging.hrmpChannels[0]: channel 3000 → 1000 names a para that is not in paras');
    expect(() => validateParams(withMessaging({ hrmpChannels: [{ sender: 1000, recipient: 1000 }] }))).toThrow('invalid parameter messaging.hrmpChannels[0]: para 1000 cannot open a channel to itself');
    const twice = [{ sender: 1000, recipient: 2000 }, { sender: 2000, recipient: 1000 }, { sender: 1000, recipient: 2000 }];
    expect(() => validateParams(withMessaging({ hrmpChannels: twice }))).toThrow('invalid parameter messaging.hrmpChannels[2]: channel 1000->2000 is listed twice');
    expect(() => validateParams(withMessaging({ hrmpChannels: twice.slice(0, 2) }))).not.toThrow();
    expect(() => validateParams(withMessaging({ hrmpChannels: [] }))).not.toThrow();
  });

  test('the node chain bound is one of two names, or absent', () => {
    expect(validateParams({ ...base, nodeChainBound: 'claim-queue' }).nodeChainBound).toBe('claim-queue');
    expect(validateParams({ ...base, nodeChainBound: 'max-candidate-depth' }).nodeChainBound).toBe('max-candidate-depth');
    expect(() => validateParams({ ...base, nodeChainBound: 'depth' } as unknown as ModelParams)).toThrow('invalid parameter nodeChainBound: must be "claim-queue" or "max-candidate-depth", got "depth"');
  });

  test('a ParamsError names its field', () => {
    const error = new ParamsError('validators', 'too few');
    expect(error.message).toBe('invalid parameter validators: too few');
    expect(error.field).toBe('validators');
    expect(error.name).toBe('ParamsError');
  });
});
