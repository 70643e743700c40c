/**
 * Safety invariants of the relay-chain runtime side, checked after every block of every run.
 * Each is one exported predicate over `StepView` (properties/projection.ts) with a one-line
 * statement; it returns null when it holds and otherwise the clause that failed. Where an invariant
 * restates a bound, it computes it independently of the rule functions (e.g. the backing group by
 * its formula, the supermajority as "more than two thirds"), so a broken rule cannot hide itself.
 */
import type { PendingCandidate } from '../spec/relay/state.ts';
import type { BlockNode } from '../machines/relayChain.ts';
import { builtOn, type StepView } from './projection.ts';
import { moreThanTwoThirds } from './schedule.ts';
import { coresOf } from '../spec/params.ts';
import { hypotheticalEarliestBlockNumber } from '../spec/relay/tracker.ts';

export interface Invariant {
  readonly id: string;
  readonly name: string;
  readonly statement: string;
  /** The rules whose failure this invariant is meant to catch. */
  readonly rules: readonly string[];
  readonly check: (v: StepView) => string | null;
}

/** Candidates that became pending in this block. */
function newlyPending(v: StepView): PendingCandidate[] {
  const accepted = new Set(v.node.outcome.verdicts.filter((x) => x.accepted).map((x) => x.hash));
  return Object.values(v.node.runtime.paras)
    .flatMap((p) => p.pending)
    .filter((c) => c.backedInNumber === v.node.number && accepted.has(c.hash));
}

function ancestorNumbered(v: StepView, hash: string): BlockNode | undefined {
  for (let h: string | null = v.node.parent; h !== null; ) {
    const b: BlockNode | undefined = v.ctx.blocks[h];
    if (!b) return undefined;
    if (b.hash === hash) return b;
    h = b.parent;
  }
  return undefined;
}

/** The oldest relay-parent number block N may use: N-1-ancestry, but not before its session. */
function oldestAllowed(v: StepView): number {
  const sessionStart = v.parent.runtime.sessionStartBlock;
  return Math.max(v.node.number - 1 - v.params.asyncBacking.allowedAncestryLen, sessionStart - 1, 0);
}

export const relayParentInWindow: Invariant = {
  id: 'INV-01',
  name: 'relayParentInWindow',
  statement: 'A candidate backed in block N has a relay parent on N\'s branch numbered N-1-ancestry … N-1, in N\'s session.',
  rules: ['RT-01', 'RT-05', 'RT-19'],
  check(v) {
    const lo = oldestAllowed(v);
    for (const c of newlyPending(v)) {
      const rp = ancestorNumbered(v, c.relayParent);
      if (!rp) return `candidate ${c.hash} has relay parent ${c.relayParent}, which is not an ancestor of block #${v.node.number}`;
      if (rp.number < lo || rp.number > v.node.number - 1) return `candidate ${c.hash} backed in #${v.node.number} has relay parent #${rp.number}, outside #${lo}…#${v.node.number - 1}`;
      if (rp.number !== c.relayParentNumber) return `candidate ${c.hash} records relay-parent number ${c.relayParentNumber}, the block is #${rp.number}`;
    }
    return null;
  },
};

export const includedHeadsFormChain: Invariant = {
  id: 'INV-02',
  name: 'includedHeadsFormChain',
  statement: 'Each candidate included builds on the para head before it, so included heads form one chain from genesis.',
  rules: ['RT-06', 'RT-13', 'RT-14'],
  check(v) {
    for (const p of v.params.paras) {
      let head = v.parent.runtime.paras[p.id]!.head;
      for (const c of v.node.outcome.enacted.filter((x) => x.paraId === p.id)) {
        const parent = builtOn(v, c.hash, c.parentHead);
        if (parent !== head) return `para ${p.id}: ${c.hash} (built on ${parent}) included, but the head was ${head}`;
        head = c.headData;
      }
      if (v.node.runtime.paras[p.id]!.head !== head) return `para ${p.id}: head is ${v.node.runtime.paras[p.id]!.head}, the included chain ends at ${head}`;
    }
    return null;
  },
};

export const relayParentsNeverDecrease: Invariant = {
  id: 'INV-03',
  name: 'relayParentsNeverDecrease',
  statement: 'Relay-parent numbers never decrease along a para\'s included and pending chain.',
  rules: ['RT-02', 'RT-09', 'RT-14'],
  check(v) {
    for (const p of v.params.paras) {
      let last = v.ghost.lastIncludedRp[p.id] ?? 0;
      for (const c of v.node.outcome.enacted.filter((x) => x.paraId === p.id)) {
        if (c.relayParentNumber < last) return `para ${p.id}: included ${c.hash} with relay parent #${c.relayParentNumber} after #${last}`;
        last = c.relayParentNumber;
      }
      for (const c of v.node.runtime.paras[p.id]!.pending) {
        if (c.relayParentNumber < last) return `para ${p.id}: pending ${c.hash} has relay parent #${c.relayParentNumber} after #${last}`;
        last = c.relayParentNumber;
      }
    }
    return null;
  },
};

export const enactmentInChainOrder: Invariant = {
  id: 'INV-04',
  name: 'enactmentInChainOrder',
  statement: 'The candidates a block includes for a para are a prefix of its pending chain, in order.',
  rules: ['RT-13'],
  check(v) {
    const disputed = new Set(v.node.outcome.disputed.map((f) => f.candidate.hash));
    for (const p of v.params.paras) {
      const before = v.parent.runtime.paras[p.id]!.pending.filter((c) => !disputed.has(c.hash));
      const enacted = v.node.outcome.enacted.filter((x) => x.paraId === p.id);
      for (let i = 0; i < enacted.length; i++)
        if (before[i]?.hash !== enacted[i]!.hash) return `para ${p.id}: enacted ${enacted[i]!.hash} at position ${i}, the pending chain has ${before[i]?.hash ?? 'nothing'} there`;
    }
    return null;
  },
};

export const noCandidateIncludedTwice: Invariant = {
  id: 'INV-05',
  name: 'noCandidateIncludedTwice',
  statement: 'No candidate is included twice on a branch.',
  rules: ['RT-06', 'RT-13'],
  check(v) {
    const seen = new Set<string>();
    for (const c of v.node.outcome.enacted) {
      if (v.ghost.included.has(c.hash) || seen.has(c.hash)) return `candidate ${c.hash} included a second time in #${v.node.number}`;
      seen.add(c.hash);
    }
    return null;
  },
};

export const pendingHadEnoughBacking: Invariant = {
  id: 'INV-06',
  name: 'pendingHadEnoughBacking',
  statement: 'Every candidate put on chain was backed by at least min(group size, minimum_backing_votes) members of the group assigned to its core at rp+1.',
  rules: ['RT-11', 'RT-20'],
  check(v) {
    const f = v.params.scheduler.groupRotationFrequency;
    const k = v.ctx.groups.length;
    const start = v.parent.runtime.sessionStartBlock;
    for (const c of newlyPending(v)) {
      const g = (c.core + Math.floor((c.relayParentNumber + 1 - start) / f)) % k;
      const group = v.ctx.groups[g]!;
      if (c.backers.some((x) => !group.includes(x))) return `candidate ${c.hash} on core ${c.core}: backers [${c.backers}] not all in group ${g} [${group}] (assigned at #${c.relayParentNumber + 1})`;
      const need = Math.min(group.length, v.params.minimumBackingVotes);
      if (new Set(c.backers).size < need) return `candidate ${c.hash}: ${c.backers.length} backing votes, ${need} needed`;
    }
    return null;
  },
};

export const pendingChainIsChain: Invariant = {
  id: 'INV-07',
  name: 'pendingChainIsChain',
  statement: 'A para\'s pending chain builds on its head, each candidate on the previous one: no pending candidate outlives an evicted ancestor.',
  rules: ['RT-06', 'RT-17', 'RT-18'],
  check(v) {
    for (const p of v.params.paras) {
      const para = v.node.runtime.paras[p.id]!;
      let head = para.head;
      for (const c of para.pending) {
        const parent = builtOn(v, c.hash, c.parentHead);
        if (parent !== head) return `para ${p.id}: pending ${c.hash} builds on ${parent}, expected ${head}`;
        head = c.headData;
      }
    }
    return null;
  },
};

export const syncBackingUsesParentOnly: Invariant = {
  id: 'INV-08',
  name: 'syncBackingUsesParentOnly',
  statement: 'With (0, 0) the only relay parent block N accepts is N-1.',
  rules: ['RT-01', 'RT-05'],
  check(v) {
    if (v.params.asyncBacking.allowedAncestryLen !== 0) return null;
    for (const c of newlyPending(v)) if (c.relayParent !== v.parent.hash) return `candidate ${c.hash} in #${v.node.number} has relay parent ${c.relayParent}, not #${v.parent.number}`;
    return null;
  },
};

export const timeoutsOnlyWhenDue: Invariant = {
  id: 'INV-09',
  name: 'timeoutsOnlyWhenDue',
  statement: 'A candidate times out only in the availability period after a group rotation, and only once its own period has passed.',
  rules: ['RT-15', 'RT-16'],
  check(v) {
    const { groupRotationFrequency: f, parasAvailabilityPeriod: p } = v.params.scheduler;
    const start = v.parent.runtime.sessionStartBlock;
    const n = v.node.number;
    for (const t of v.node.outcome.timedOut) {
      if (t.withAncestor) continue;
      if ((n + 1 - start) % f >= p) return `candidate ${t.candidate.hash} timed out in #${n}, outside the window after a rotation`;
      if (t.candidate.backedInNumber + p > n) return `candidate ${t.candidate.hash} backed in #${t.candidate.backedInNumber} timed out in #${n}, before its ${p} blocks`;
    }
    return null;
  },
};

export const onePendingPerCore: Invariant = {
  id: 'INV-10',
  name: 'onePendingPerCore',
  statement: 'A core holds at most one pending candidate, of the para assigned to it.',
  rules: ['RT-10', 'RT-22'],
  check(v) {
    const used = new Map<number, string>();
    for (const p of v.params.paras)
      for (const c of v.node.runtime.paras[p.id]!.pending) {
        if (!coresOf(v.params, p.id).includes(c.core)) return `candidate ${c.hash} of para ${p.id} occupies core ${c.core}, not assigned to it`;
        if (used.has(c.core)) return `core ${c.core} holds ${used.get(c.core)} and ${c.hash}`;
        used.set(c.core, c.hash);
      }
    return null;
  },
};

export const sessionChangeDrainsPending: Invariant = {
  id: 'INV-11',
  name: 'sessionChangeDrainsPending',
  statement: 'After a block that ends a session nothing is pending and no relay parent of the old session is allowed.',
  rules: ['RT-19'],
  check(v) {
    if (!v.node.endsSession) return null;
    for (const p of v.params.paras) if (v.node.runtime.paras[p.id]!.pending.length > 0) return `para ${p.id} still has candidates pending after the session change in #${v.node.number}`;
    if (v.node.runtime.tracker.buffer.length > 0) return `the allowed relay parents were not cleared at the session change in #${v.node.number}`;
    return null;
  },
};

export const earliestRelayParentAgrees: Invariant = {
  id: 'INV-12',
  name: 'earliestRelayParentAgrees',
  statement: 'The earliest relay parent the runtime reports (backing_state) is the oldest one the next block accepts.',
  rules: ['RT-03', 'RT-01'],
  check(v) {
    const n = v.node.number;
    const nextStart = v.node.runtime.sessionStartBlock;
    const expected = Math.max(n - v.params.asyncBacking.allowedAncestryLen, nextStart - 1, 0);
    // After a session change the buffer is empty until the next block pushes N: only N is allowed.
    const reported = hypotheticalEarliestBlockNumber(v.node.runtime.tracker, n, v.params.asyncBacking.allowedAncestryLen);
    if (reported !== expected) return `at #${n} the earliest relay parent is reported as #${reported}, block #${n + 1} allows #${expected}…#${n}`;
    return null;
  },
};

export const pendingDescriptorMatches: Invariant = {
  id: 'INV-13',
  name: 'pendingDescriptorMatches',
  statement: 'Every candidate put on chain names the current session and the para\'s current code, and commits to its own head data.',
  rules: ['RT-04', 'RT-07', 'RT-08'],
  check(v) {
    for (const c of newlyPending(v)) {
      const para = v.node.runtime.paras[c.paraId]!;
      if (c.candidate.descriptor.sessionIndex !== v.parent.runtime.session) return `candidate ${c.hash} names session ${c.candidate.descriptor.sessionIndex} in session ${v.parent.runtime.session}`;
      if (c.candidate.descriptor.validationCodeHash !== para.codeHash) return `candidate ${c.hash} names code ${c.candidate.descriptor.validationCodeHash}, the para's is ${para.codeHash}`;
      if (c.candidate.descriptor.paraHead !== c.candidate.commitments.headData) return `candidate ${c.hash}: descriptor para head does not match its head data`;
    }
    return null;
  },
};

export const includedWasAvailable: Invariant = {
  id: 'INV-14',
  name: 'includedWasAvailable',
  statement: 'A candidate is included only when more than two thirds of the distinct validators hold its chunks.',
  rules: ['RT-12', 'RT-21'],
  check(v) {
    const n = v.params.validators;
    for (const c of v.node.outcome.enacted) {
      const voters = new Set(c.availabilityVotes.filter((x) => x >= 0 && x < n));
      if (voters.size < moreThanTwoThirds(n)) return `candidate ${c.hash} included with ${voters.size} distinct availability votes of ${n}`;
      if (voters.size !== c.availabilityVotes.length) return `candidate ${c.hash} counts votes from unknown or repeated validators [${c.availabilityVotes}]`;
    }
    return null;
  },
};

export const lifecycleMatchesRuntime: Invariant = {
  id: 'INV-15',
  name: 'lifecycleMatchesRuntime',
  statement: 'Every pending candidate\'s lifecycle is pendingAvailability and every included one\'s is included.',
  rules: ['RT-13', 'RT-17'],
  check(v) {
    for (const p of v.params.paras)
      for (const c of v.node.runtime.paras[p.id]!.pending) {
        const s = v.node.candidates[c.hash]?.value;
        if (s !== 'pendingAvailability') return `pending candidate ${c.hash} has lifecycle state ${s}`;
      }
    for (const c of v.node.outcome.enacted) if (v.node.candidates[c.hash]?.value !== 'included') return `included candidate ${c.hash} has lifecycle state ${v.node.candidates[c.hash]?.value}`;
    return null;
  },
};

export const RELAY_INVARIANTS: readonly Invariant[] = [
  relayParentInWindow,
  includedHeadsFormChain,
  relayParentsNeverDecrease,
  enactmentInChainOrder,
  noCandidateIncludedTwice,
  pendingHadEnoughBacking,
  pendingChainIsChain,
  syncBackingUsesParentOnly,
  timeoutsOnlyWhenDue,
  onePendingPerCore,
  sessionChangeDrainsPending,
  earliestRelayParentAgrees,
  pendingDescriptorMatches,
  includedWasAvailable,
  lifecycleMatchesRuntime,
];
