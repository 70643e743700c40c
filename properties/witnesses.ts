/**
 * Witness properties: statements that must be *false* somewhere. Each is written like an invariant,
 * and the suite requires a counterexample for it: that proves the generators reach the deep states
 * the invariants are about (timeouts, re-proposals, full pending chains, forks, session changes).
 */
import { coresOf } from '../spec/params.ts';
import type { ModelParams } from '../spec/params.ts';
import type { StepView } from './projection.ts';

export interface Witness {
  readonly id: string;
  readonly name: string;
  /** The statement that must fail. */
  readonly statement: string;
  /** Whether the statement can fail under these parameters (else the witness is not applicable). */
  readonly applies: (p: ModelParams) => boolean;
  /** Null while the statement holds; a description of the counterexample state otherwise. */
  readonly check: (v: StepView) => string | null;
}

const maxCores = (p: ModelParams) => Math.max(...p.paras.map((x) => coresOf(p, x.id).length));

export const WITNESSES: readonly Witness[] = [
  {
    id: 'W-01',
    name: 'noCandidateEverTimesOut',
    statement: 'No candidate ever times out.',
    applies: () => true,
    check: (v) => (v.node.outcome.timedOut.length > 0 ? `candidate ${v.node.outcome.timedOut[0]!.candidate.hash} timed out in #${v.node.number}` : null),
  },
  {
    id: 'W-02',
    name: 'noParablockIsReproposed',
    statement: 'After a candidate times out, no candidate on the same parent head is ever backed (no re-proposal).',
    applies: () => true,
    check: (v) => {
      for (const r of v.node.outcome.verdicts) {
        if (!r.accepted) continue;
        const c = v.node.runtime.paras[r.paraId]!.pending.find((x) => x.hash === r.hash);
        if (c && v.ghost.timedOutParents.has(c.parentHead)) return `candidate ${r.hash} re-proposes a parablock on parent head ${c.parentHead} in #${v.node.number}`;
      }
      return null;
    },
  },
  {
    id: 'W-03',
    name: 'neverThreePending',
    statement: 'A para never has 3 candidates pending availability.',
    applies: (p) => maxCores(p) >= 3,
    check: (v) => {
      for (const [id, para] of Object.entries(v.node.runtime.paras)) if (para.pending.length >= 3) return `para ${id} has ${para.pending.length} candidates pending at #${v.node.number}`;
      return null;
    },
  },
  {
    id: 'W-04',
    name: 'neverTwoBackedInOneBlock',
    statement: 'A para never gets two candidates backed in one block (elastic scaling never used).',
    applies: (p) => maxCores(p) >= 2,
    check: (v) => {
      const count = new Map<number, number>();
      for (const r of v.node.outcome.verdicts) if (r.accepted) count.set(r.paraId, (count.get(r.paraId) ?? 0) + 1);
      for (const [id, c] of count) if (c >= 2) return `para ${id} got ${c} candidates backed in #${v.node.number}`;
      return null;
    },
  },
  {
    id: 'W-05',
    name: 'relayChainNeverForks',
    statement: 'The relay chain never forks.',
    applies: () => true,
    check: (v) => (v.ctx.leaves.length > 1 ? `${v.ctx.leaves.length} relay-chain leaves after #${v.node.number}` : null),
  },
  {
    id: 'W-06',
    name: 'noSessionChangeDropsCandidates',
    statement: 'A session change never drops a pending candidate.',
    applies: () => true,
    check: (v) => (v.node.outcome.droppedAtSessionChange.length > 0 ? `${v.node.outcome.droppedAtSessionChange.length} candidates drained at the session change in #${v.node.number}` : null),
  },
  {
    id: 'W-07',
    name: 'relayParentAlwaysNewest',
    statement: 'Every candidate is backed with the newest relay parent (N-1).',
    applies: (p) => p.asyncBacking.allowedAncestryLen > 0,
    check: (v) => {
      for (const r of v.node.outcome.verdicts) {
        if (!r.accepted) continue;
        const c = v.node.runtime.paras[r.paraId]!.pending.find((x) => x.hash === r.hash);
        if (c && c.relayParent !== v.parent.hash) return `candidate ${r.hash} backed in #${v.node.number} with relay parent #${c.relayParentNumber}`;
      }
      return null;
    },
  },
  {
    id: 'W-08',
    name: 'noCandidateEvictedWithAncestor',
    statement: 'No candidate is ever evicted because an ancestor timed out or was disputed.',
    applies: (p) => maxCores(p) >= 2,
    check: (v) => {
      const e = [...v.node.outcome.timedOut, ...v.node.outcome.disputed].find((f) => f.withAncestor);
      return e ? `candidate ${e.candidate.hash} evicted with ${e.withAncestor} in #${v.node.number}` : null;
    },
  },
];
