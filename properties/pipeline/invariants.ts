/**
 * Cross-layer invariants of the pipeline (part 3), over `PipeView`: what the collators build, what
 * their parachain runtime accepts, and what the relay chain includes must fit together.
 */
import type { PipeView, PipelineInvariant } from './harness.ts';

export const collatorBlocksAccepted: PipelineInvariant = {
  id: 'P-01',
  name: 'collatorBlocksAccepted',
  statement: 'Every block a collator builds is accepted by its parachain runtime.',
  rules: ['PS-01', 'PS-02', 'PS-05', 'PS-06', 'PS-07', 'PS-08', 'PS-09', 'PS-10', 'PS-11', 'PS-13', 'PS-14'],
  check(v) {
    for (const [para, c] of Object.entries(v.collatorsAfter)) {
      const r = c.context.refused;
      if (r) return `para ${para}: the runtime refused block ${r.block}: ${r.error} (${r.rule})${r.detail ? `: ${r.detail}` : ''}`;
    }
    return null;
  },
};

export const segmentMatchesRelayInclusion: PipelineInvariant = {
  id: 'P-02',
  name: 'segmentMatchesRelayInclusion',
  statement: 'The unincluded segment of every block built at a leaf holds exactly the blocks after the head the relay chain says is included, up to that block.',
  rules: ['PS-06', 'PS-07', 'PS-12', 'RT-14'],
  check(v) {
    const leaf = v.net.relay.node;
    for (const [para, c] of Object.entries(v.collatorsAfter)) {
      const included = leaf.runtime.paras[Number(para)]!.head;
      const inc = c.context.blocks[included];
      if (!inc) return `para ${para}: the relay chain's included head ${included} is unknown to its collator`;
      for (const h of c.context.lastBuilt) {
        const b = c.context.blocks[h]!;
        const segment = b.runtime.system.unincludedSegment.length;
        if (segment !== b.number - inc.number) return `para ${para}: block #${b.number} has ${segment} blocks in its unincluded segment, the relay chain includes #${inc.number}`;
      }
    }
    return null;
  },
};

export const segmentWithinCapacity: PipelineInvariant = {
  id: 'P-03',
  name: 'segmentWithinCapacity',
  statement: 'No block\'s unincluded segment exceeds the capacity of its consensus hook.',
  rules: ['PS-07', 'PS-11'],
  check(v) {
    for (const [para, c] of Object.entries(v.collatorsAfter))
      for (const h of c.context.lastBuilt) {
        const b = c.context.blocks[h]!;
        const cap = Math.max(1, c.context.config.unincludedSegmentCapacity);
        if (b.runtime.system.unincludedSegment.length > cap) return `para ${para}: block #${b.number} has a segment of ${b.runtime.system.unincludedSegment.length} > capacity ${cap}`;
      }
    return null;
  },
};

export const syncCornerCase: PipelineInvariant = {
  id: 'P-04',
  name: 'syncIsTheCornerCase',
  statement: 'With (0, 0) and capacity 1: a parablock with relay parent R is backed in R+1 at the earliest and included in R+2 at the earliest, and a para gets at most one parablock included per two relay blocks.',
  rules: ['RT-01', 'RT-13', 'PS-07', 'PS-11'],
  check(v) {
    if (v.net.params.asyncBacking.allowedAncestryLen !== 0) return null;
    const node = v.net.relay.node;
    for (const c of node.outcome.enacted) {
      if (node.number < c.relayParentNumber + 2) return `para ${c.paraId}: ${c.hash} with relay parent #${c.relayParentNumber} included in #${node.number}`;
      // The parent block must not have included this para too (one inclusion per two relay blocks).
      if (v.net.relay.parent.outcome.enacted.some((x) => x.paraId === c.paraId)) return `para ${c.paraId}: parablocks included in #${v.net.relay.parent.number} and #${node.number}`;
    }
    for (const r of node.outcome.verdicts) {
      if (!r.accepted) continue;
      const c = node.runtime.paras[r.paraId]!.pending.find((x) => x.hash === r.hash);
      if (c && node.number < c.relayParentNumber + 1) return `para ${r.paraId}: ${r.hash} backed in its own relay parent`;
    }
    return null;
  },
};

export const PIPELINE_INVARIANTS: readonly PipelineInvariant[] = [collatorBlocksAccepted, segmentMatchesRelayInclusion, segmentWithinCapacity, syncCornerCase];

/** Witnesses of the pipeline: deep states the schedules must reach (each statement must fail). */
export const PIPELINE_WITNESSES: readonly PipelineInvariant[] = [
  {
    id: 'WP-01',
    name: 'segmentNeverFull',
    statement: 'No parachain block ever fills its unincluded segment.',
    rules: ['PS-07'],
    check(v: PipeView) {
      for (const [para, c] of Object.entries(v.collatorsAfter))
        for (const h of c.context.lastBuilt) {
          const b = c.context.blocks[h]!;
          if (b.runtime.system.unincludedSegment.length >= Math.max(1, c.context.config.unincludedSegmentCapacity)) return `para ${para}: block #${b.number} fills its segment (${b.runtime.system.unincludedSegment.length})`;
        }
      return null;
    },
  },
  {
    id: 'WP-02',
    name: 'neverTwoCoresInOneBlock',
    statement: 'A para never has candidates backed on two cores in one relay block.',
    rules: ['RT-10'],
    check(v: PipeView) {
      const count = new Map<number, number>();
      for (const r of v.net.relay.node.outcome.verdicts) if (r.accepted) count.set(r.paraId, (count.get(r.paraId) ?? 0) + 1);
      for (const [para, n] of count) if (n >= 2) return `para ${para}: ${n} candidates backed in #${v.net.relay.node.number}`;
      return null;
    },
  },
  {
    id: 'WP-03',
    name: 'noReproposal',
    statement: 'No parablock is re-proposed after a timeout (no candidate on a timed-out candidate\'s parent is backed later).',
    rules: ['RT-17'],
    check(v: PipeView) {
      const g = v.net.relay.ghost;
      for (const r of v.net.relay.node.outcome.verdicts) {
        if (!r.accepted) continue;
        const c = v.net.relay.node.runtime.paras[r.paraId]!.pending.find((x) => x.hash === r.hash);
        if (c && g.timedOutParents.has(c.parentHead)) return `para ${r.paraId}: ${r.hash} re-proposes on ${c.parentHead}`;
      }
      return null;
    },
  },
  {
    id: 'WP-04',
    name: 'relayChainNeverForks',
    statement: 'The relay chain never forks under the pipeline.',
    rules: [],
    check: (v: PipeView) => (v.net.after.relay.leaves.length > 1 ? `${v.net.after.relay.leaves.length} leaves at #${v.net.relay.node.number}` : null),
  },
];

/**
 * L-02, re-proposal end to end: availability fails from slot `from` to `until - 1` (so candidates
 * time out) and works from slot `until` on. Then every para whose candidate timed out before
 * `until` has a new head by slot `until + 1`: at `until` a candidate still pending is included, or
 * the collator's replacement on the same parent (built at the previous leaf, offered by the node) is
 * backed and included in the next block. Returns the first para that did not advance.
 */
export function reproposalEndToEnd(steps: readonly PipeView[], until: number): string | null {
  const check = until + 1;
  if (check >= steps.length) return null;
  for (let t = 0; t < until; t++)
    for (const f of steps[t]!.net.relay.node.outcome.timedOut) {
      if (f.withAncestor) continue;
      const para = f.candidate.paraId;
      const before = steps[t]!.net.relay.node.runtime.paras[para]!.head;
      const after = steps[check]!.net.relay.node.runtime.paras[para]!.head;
      if (before === after) return `para ${para}: a candidate timed out in #${steps[t]!.net.relay.node.number}, availability was back from #${steps[until]!.net.relay.node.number}, and the head had not moved by #${steps[check]!.net.relay.node.number}`;
    }
  return null;
}
