import { describe, expect, test } from 'vitest';
import { PRESETS, PRESET_NAMES, ParamsError, presetParams, validateParams, validatorGroups, coresOf } from '../spec/params.ts';
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
