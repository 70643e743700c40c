/**
 * What a conformance scenario is: a rule, which side of its boundary (`accept`: the rule lets it
 * through / applies; `reject`: the rule refuses it / does not apply), a one-line statement of the
 * boundary, the parameters, and the builder that feeds the events and marks the decisive step.
 */
import { presetParams, type ModelParams } from '../../spec/params.ts';
import type { Scenario } from './dsl.ts';

export type VectorCase = 'accept' | 'reject';

export interface VectorSpec {
  readonly rule: string;
  readonly case: VectorCase;
  /** Short slug, unique per rule and case (file name: `<rule>-<case>-<slug>.json`). */
  readonly slug: string;
  /** The boundary in one line: what exactly this case sits on. */
  readonly boundary: string;
  /** A preset name, or parameters built for the case (their `name` must be unique to them). */
  readonly params: string | ModelParams;
  readonly build: (s: Scenario) => void;
  /** polkadot-sdk tests whose boundary the case reproduces, if any. */
  readonly sdkTests?: readonly string[];
}

export function paramsOf(spec: VectorSpec): ModelParams {
  return typeof spec.params === 'string' ? presetParams(spec.params) : spec.params;
}

/** Builds a spec list with the rule ID filled in. */
export function forRule(rule: string, cases: readonly Omit<VectorSpec, 'rule'>[]): VectorSpec[] {
  return cases.map((c) => ({ ...c, rule }));
}
