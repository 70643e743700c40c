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

/**
 * Rules one side of whose boundary no sequence of events can reach, with the reason: defence in
 * depth behind another check, or an input the protocol never produces. The corpus has what can be
 * shown (the side listed is the one missing); the generator and the tests accept exactly these gaps,
 * and fail if a listed side gets a vector (the list must stay true).
 */
export const UNREACHABLE: Readonly<Record<string, { readonly missing: 'reject' | 'both'; readonly reason: string }>> = {
  'PS-03': {
    missing: 'both',
    reason:
      'parachain-system records a go-ahead signal for a block only if no block still in the unincluded segment has one ("some ancestor within the segment already processed this signal"), so SegmentTracker::append never sees a second one: the check is defence in depth, and no block sequence makes it decide anything',
  },
  'PP-05': {
    missing: 'reject',
    reason: 'a fragment\'s code_upgrade_applied is derived from the constraints\' future code (Fragment::check_against_constraints), so no candidate can claim an upgrade that is not scheduled (AppliedNonexistentCodeUpgrade needs hand-built modifications)',
  },
  'PP-08': { missing: 'reject', reason: 'a relay parent below min_relay_parent_number is out of the leaf\'s scope, so check_potential refuses it first (RelayParentNotInScope, PP-19) and RelayParentTooOld is never reached' },
  'PP-15': { missing: 'reject', reason: 'UnexpectedAncestor needs non-contiguous ancestry; the relay chain always hands the node a contiguous one' },
  'PP-26': { missing: 'reject', reason: 'IntroduceBackedCandidate: candidates are only ever introduced seconded (a collation event), never directly as backed' },
  'PP-28': { missing: 'reject', reason: 'a fork of a candidate pending availability is refused on admission (ForkWithCandidatePendingAvailability, PP-21) before fork choice could prefer it' },
};
