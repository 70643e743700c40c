/**
 * Bounded liveness over whole runs: the re-proposal goal of asynchronous backing ("allow parablocks
 * to be re-proposed to the network if they are not included successfully on the first attempt").
 *
 * Fairness, precisely. Relay block N is *fair for para P* when:
 *  (a) it extends the block before it in the run (no fork switch), signals no session change and
 *      concludes no dispute;
 *  (b) after it, every core assigned to P is occupied (the block author backed a candidate on
 *      every free core of P);
 *  (c) every candidate of P pending at the start of N that was backed in block B with
 *      B + parasAvailabilityPeriod <= N is included in N (availability is reached no later than the
 *      last block of its availability period).
 *
 * Property L-01 (re-proposal): if a candidate of P times out in block T and blocks T+1 … T+K are all
 * fair for P, then P's head after T+K differs from its head after T, where
 * K = parasAvailabilityPeriod + 1: the first fair block backs a replacement (or the same candidate
 * again) on the freed core, and (c) makes it available within its period.
 * The bound is tight: with K - 1 the property fails on a schedule whose availability arrives on the
 * last allowed block (the suite shows this).
 */
import type { ModelParams } from '../spec/params.ts';
import { coresOf } from '../spec/params.ts';
import type { StepView } from './projection.ts';

export function reproposalBound(p: ModelParams): number {
  return p.scheduler.parasAvailabilityPeriod + 1;
}

/** (a)–(c) above for one para. */
export function isFairFor(v: StepView, para: number): boolean {
  const o = v.node.outcome;
  if (v.node.endsSession || v.node.inherent?.disputesConcludedInvalid.length) return false;
  const pendingAfter = v.node.runtime.paras[para]!.pending;
  const occupied = new Set(pendingAfter.map((c) => c.core));
  if (coresOf(v.params, para).some((c) => !occupied.has(c))) return false;
  const period = v.params.scheduler.parasAvailabilityPeriod;
  const enacted = new Set(o.enacted.map((c) => c.hash));
  for (const c of v.parent.runtime.paras[para]!.pending) if (c.backedInNumber + period <= v.node.number && !enacted.has(c.hash)) return false;
  return true;
}

export interface LivenessViolation {
  readonly para: number;
  readonly timedOutAt: number;
  readonly checkedAt: number;
  readonly message: string;
}

/**
 * Checks L-01 with bound K over a linear run (`steps[i].parent` is `steps[i-1].node`).
 * Returns the first violation, and how many timeouts had a fair window after them (so a run can
 * show the property was exercised, not vacuous).
 */
export function checkReproposal(steps: readonly StepView[], bound: number): { violation: LivenessViolation | null; exercised: number } {
  let exercised = 0;
  for (let t = 0; t < steps.length; t++) {
    const s = steps[t]!;
    const paras = new Set(s.node.outcome.timedOut.filter((f) => !f.withAncestor).map((f) => f.candidate.paraId));
    for (const para of paras) {
      if (t + bound >= steps.length) continue;
      let fair = true;
      for (let k = 1; k <= bound && fair; k++) {
        const w = steps[t + k]!;
        fair = w.parent.hash === steps[t + k - 1]!.node.hash && isFairFor(w, para);
      }
      if (!fair) continue;
      exercised++;
      const before = s.node.runtime.paras[para]!.head;
      const after = steps[t + bound]!.node.runtime.paras[para]!.head;
      if (before === after)
        return {
          violation: {
            para,
            timedOutAt: s.node.number,
            checkedAt: steps[t + bound]!.node.number,
            message: `para ${para}: a candidate timed out in #${s.node.number}, blocks #${s.node.number + 1}…#${s.node.number + bound} were fair, and the head did not move`,
          },
          exercised,
        };
    }
  }
  return { violation: null, exercised };
}
