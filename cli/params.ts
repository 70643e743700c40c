/**
 * Parameters from the command line: presets by name, and `--param key=value` overrides with a clear
 * error for an unknown key or a bad value.
 */
import { PRESET_NAMES, ParamsError, presetParams, validateParams, type ModelParams } from '../spec/params.ts';

const OVERRIDABLE: Record<string, (p: ModelParams, v: number) => ModelParams> = {
  'asyncBacking.maxCandidateDepth': (p, v) => ({ ...p, asyncBacking: { ...p.asyncBacking, maxCandidateDepth: v } }),
  'asyncBacking.allowedAncestryLen': (p, v) => ({ ...p, asyncBacking: { ...p.asyncBacking, allowedAncestryLen: v }, scheduler: { ...p.scheduler, schedulingLookahead: v + 1 } }),
  'scheduler.groupRotationFrequency': (p, v) => ({ ...p, scheduler: { ...p.scheduler, groupRotationFrequency: v } }),
  'scheduler.parasAvailabilityPeriod': (p, v) => ({ ...p, scheduler: { ...p.scheduler, parasAvailabilityPeriod: v } }),
  'scheduler.schedulingLookahead': (p, v) => ({ ...p, scheduler: { ...p.scheduler, schedulingLookahead: v } }),
  minimumBackingVotes: (p, v) => ({ ...p, minimumBackingVotes: v }),
  validators: (p, v) => ({ ...p, validators: v }),
};

export const OVERRIDABLE_KEYS = Object.keys(OVERRIDABLE);

/** Applies `key=value` overrides to a preset; changing the ancestry also sets the lookahead to match. */
export function resolveParams(preset: string, overrides: readonly string[]): ModelParams {
  let p = presetParams(preset);
  for (const o of overrides) {
    const m = /^([A-Za-z.]+)=(-?\d+)$/.exec(o);
    if (!m) throw new ParamsError('--param', `expected key=integer, got "${o}"`);
    const set = OVERRIDABLE[m[1]!];
    if (!set) throw new ParamsError('--param', `unknown parameter "${m[1]}"; known: ${OVERRIDABLE_KEYS.join(', ')}`);
    p = set(p, Number(m[2]));
  }
  const name = overrides.length ? `${preset}+${overrides.join(',')}` : preset;
  return validateParams({ ...p, name });
}

export { PRESET_NAMES };
