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
import { coresOf, messagingOf } from '../spec/params.ts';
import { hypotheticalEarliestBlockNumber } from '../spec/relay/tracker.ts';

export interface Invariant {
  readonly id: string;
  readonly name: string;
  readonly statement: string;
  /** The rules whose failure this invariant is meant to catch. */
  readonly rules: readonly string[];
  readonly check: (v: StepView) => string | null;
}

const newlyPendingOf = new WeakMap<StepView, PendingCandidate[]>();
/** Candidates that became pending in this block (computed once per step: several invariants ask). */
function newlyPending(v: StepView): PendingCandidate[] {
  const hit = newlyPendingOf.get(v);
  if (hit) return hit;
  const accepted = new Set(v.node.outcome.verdicts.filter((x) => x.accepted).map((x) => x.hash));
  const out = Object.values(v.node.runtime.paras)
    .flatMap((p) => p.pending)
    .filter((c) => c.backedInNumber === v.node.number && accepted.has(c.hash));
  newlyPendingOf.set(v, out);
  return out;
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
  rules: ['RT-13', 'RT-17', 'RT-18'],
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

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

export const upwardAndHrmpWithinLimits: Invariant = {
  id: 'INV-16',
  name: 'upwardAndHrmpWithinLimits',
  statement: 'Upward queues and HRMP channels never exceed their limits, change only by dispatch and enacted messages, and every candidate put on chain sends within the per-candidate and channel limits.',
  rules: ['RT-27', 'RT-29', 'RT-30', 'RT-32'],
  check(v) {
    const m = messagingOf(v.params);
    for (const p of v.params.paras) {
      const before = v.parent.runtime.paras[p.id]!;
      const after = v.node.runtime.paras[p.id]!;
      // (a) the queue is within max_upward_queue_count / max_upward_queue_size.
      if (after.ump.length > m.maxUpwardQueueCount || sum(after.ump) > m.maxUpwardQueueSize)
        return `para ${p.id}: upward queue of ${after.ump.length} messages / ${sum(after.ump)} bytes exceeds ${m.maxUpwardQueueCount} / ${m.maxUpwardQueueSize}`;
      // (b) accounting: the parent's queue less the block's dispatch, plus what the enacted candidates sent.
      const expected = [...before.ump.slice(m.umpDispatchPerBlock), ...v.node.outcome.enacted.filter((c) => c.paraId === p.id).flatMap((c) => c.candidate.commitments.upwardMessages)];
      if (JSON.stringify(expected) !== JSON.stringify(after.ump)) return `para ${p.id}: upward queue is [${after.ump.join(',')}], dispatch and enactment give [${expected.join(',')}]`;
      // (c) each channel within its limits and equal to what its recipient holds.
      for (const [r, ch] of Object.entries(after.hrmpOutbound)) {
        const held = v.node.runtime.paras[r]?.hrmpInbound.filter((x) => x.sender === p.id) ?? [];
        if (ch.msgCount > ch.maxCapacity || ch.totalSize > ch.maxTotalSize) return `channel ${p.id} → ${r}: ${ch.msgCount} messages / ${ch.totalSize} bytes exceed ${ch.maxCapacity} / ${ch.maxTotalSize}`;
        if (held.length !== ch.msgCount || sum(held.map((x) => x.bytes)) !== ch.totalSize) return `channel ${p.id} → ${r}: sender counts ${ch.msgCount} / ${ch.totalSize}, recipient holds ${held.length} / ${sum(held.map((x) => x.bytes))}`;
      }
    }
    // (d) every candidate put on chain, against the queues when it was backed.
    for (const c of newlyPending(v)) {
      const para = v.node.runtime.paras[c.paraId]!;
      const out = c.candidate.commitments;
      if (out.upwardMessages.length > m.maxUpwardMessageNumPerCandidate) return `candidate ${c.hash} sends ${out.upwardMessages.length} upward messages, at most ${m.maxUpwardMessageNumPerCandidate} per candidate`;
      if (out.upwardMessages.some((x) => x > m.maxUpwardMessageSize)) return `candidate ${c.hash} sends an upward message over ${m.maxUpwardMessageSize} bytes`;
      if (para.ump.length + out.upwardMessages.length > m.maxUpwardQueueCount || sum(para.ump) + sum(out.upwardMessages) > m.maxUpwardQueueSize)
        return `candidate ${c.hash} overfills the upward queue of para ${c.paraId} (${para.ump.length} + ${out.upwardMessages.length} messages)`;
      if (out.horizontalMessages.length > m.hrmpMaxMessageNumPerCandidate) return `candidate ${c.hash} sends ${out.horizontalMessages.length} HRMP messages, at most ${m.hrmpMaxMessageNumPerCandidate}`;
      for (const [i, h] of out.horizontalMessages.entries()) {
        if (i > 0 && out.horizontalMessages[i - 1]!.recipient >= h.recipient) return `candidate ${c.hash}: HRMP recipients not strictly ascending at ${i}`;
        const ch = para.hrmpOutbound[h.recipient];
        if (!ch) return `candidate ${c.hash} sends to para ${h.recipient} without an open channel`;
        if (h.bytes > ch.maxMessageSize || ch.totalSize + h.bytes > ch.maxTotalSize || ch.msgCount + 1 > ch.maxCapacity) return `candidate ${c.hash} overfills channel ${c.paraId} → ${h.recipient}`;
      }
    }
    return null;
  },
};

export const downwardQueueAccounted: Invariant = {
  id: 'INV-17',
  name: 'downwardQueueAccounted',
  statement: 'A downward queue only loses the messages enacted candidates processed and only gains the block\'s arrivals; every candidate put on chain processes no more than are queued, and at least one if its relay parent saw one.',
  rules: ['RT-26', 'RT-30', 'RT-33'],
  check(v) {
    const arrivals = v.node.inherent?.downwardMessages ?? [];
    for (const p of v.params.paras) {
      let q = [...v.parent.runtime.paras[p.id]!.dmq];
      for (const c of v.node.outcome.enacted.filter((x) => x.paraId === p.id)) q = q.slice(c.candidate.commitments.processedDownwardMessages);
      for (const r of arrivals) if (r === p.id) q.push(v.node.number);
      const after = v.node.runtime.paras[p.id]!.dmq;
      if (JSON.stringify(q) !== JSON.stringify(after)) return `para ${p.id}: downward queue [${after.join(',')}], processing and arrivals give [${q.join(',')}]`;
    }
    for (const c of newlyPending(v)) {
      // The queue when it was backed: arrivals of this block came after.
      const q = v.node.runtime.paras[c.paraId]!.dmq.filter((x) => x !== v.node.number);
      const k = c.candidate.commitments.processedDownwardMessages;
      if (k > q.length) return `candidate ${c.hash} processes ${k} downward messages, ${q.length} queued`;
      if (k === 0 && q.length > 0 && q[0]! <= c.relayParentNumber) return `candidate ${c.hash} processes no downward message, the oldest was sent at #${q[0]} and its relay parent is #${c.relayParentNumber}`;
    }
    return null;
  },
};

export const hrmpWatermarksAdvance: Invariant = {
  id: 'INV-18',
  name: 'hrmpWatermarksAdvance',
  statement: 'A para\'s HRMP watermark never moves back and nothing at or below it stays queued; a candidate put on chain sets it to its relay parent, or to the last watermark, or to a block with inbound messages between them.',
  rules: ['RT-28', 'RT-30'],
  check(v) {
    for (const p of v.params.paras) {
      const before = v.parent.runtime.paras[p.id]!.hrmpWatermark;
      const after = v.node.runtime.paras[p.id]!;
      if (before !== null && (after.hrmpWatermark === null || after.hrmpWatermark < before)) return `para ${p.id}: watermark moved back from #${before} to #${after.hrmpWatermark}`;
      const w = after.hrmpWatermark;
      if (w !== null && after.hrmpInbound.some((x) => x.sentAt <= w)) return `para ${p.id}: an inbound message at or below watermark #${w} is still queued`;
    }
    for (const c of newlyPending(v)) {
      const para = v.node.runtime.paras[c.paraId]!;
      const w = c.candidate.commitments.hrmpWatermark;
      const r = c.relayParentNumber;
      if (w === r) continue;
      if (w > r) return `candidate ${c.hash} sets watermark #${w} above its relay parent #${r}`;
      if (para.hrmpWatermark !== null && w < para.hrmpWatermark) return `candidate ${c.hash} sets watermark #${w} below the last #${para.hrmpWatermark}`;
      if (w !== para.hrmpWatermark && !para.hrmpInbound.some((x) => x.sentAt === w)) return `candidate ${c.hash} sets watermark #${w}, a block without inbound messages`;
    }
    return null;
  },
};

export const codeUpgradesInOrder: Invariant = {
  id: 'INV-19',
  name: 'codeUpgradesInOrder',
  statement: 'New code is put on chain only within max_code_size while no upgrade is pending or restricted; a pending upgrade applies when an included candidate\'s relay parent reaches it; a restriction ends with its cooldown.',
  rules: ['RT-24', 'RT-25', 'RT-31', 'RT-32'],
  check(v) {
    const m = messagingOf(v.params);
    for (const c of newlyPending(v)) {
      const code = c.candidate.commitments.newValidationCode;
      if (code === null) continue;
      const para = v.node.runtime.paras[c.paraId]!;
      if (code.size > m.maxCodeSize) return `candidate ${c.hash} carries code of ${code.size} bytes, max ${m.maxCodeSize}`;
      if (para.futureCode !== null || para.upgradeRestrictedUntil !== null) return `candidate ${c.hash} carries new code while para ${c.paraId} has an upgrade pending or restricted`;
    }
    for (const p of v.params.paras) {
      const before = v.parent.runtime.paras[p.id]!;
      const after = v.node.runtime.paras[p.id]!;
      const f = before.futureCode;
      if (f !== null && v.node.outcome.enacted.some((c) => c.paraId === p.id && c.relayParentNumber >= f.at) && after.codeHash !== f.hash)
        return `para ${p.id}: a candidate with relay parent at or after #${f.at} was included, but the upgrade to ${f.hash} did not apply`;
      if (after.upgradeRestrictedUntil !== null && after.upgradeRestrictedUntil < v.node.number) return `para ${p.id}: upgrade restriction until #${after.upgradeRestrictedUntil} still present at #${v.node.number}`;
    }
    return null;
  },
};

export const disputedCandidatesFreed: Invariant = {
  id: 'INV-20',
  name: 'disputedCandidatesFreed',
  statement: 'After a block, no candidate concluded invalid in it is pending, nor any candidate that was pending behind one.',
  rules: ['RT-18'],
  check(v) {
    const concluded = new Set(v.decoded.block.inherent.disputesConcludedInvalid);
    if (concluded.size === 0) return null;
    for (const p of v.params.paras) {
      const before = v.parent.runtime.paras[p.id]!.pending;
      const after = new Set(v.node.runtime.paras[p.id]!.pending.map((c) => c.hash));
      const first = before.findIndex((c) => concluded.has(c.hash));
      if (first >= 0)
        for (const c of before.slice(first))
          if (after.has(c.hash)) return `para ${p.id}: ${c.hash} is still pending after ${before[first]!.hash} was concluded invalid`;
      for (const h of after) if (concluded.has(h)) return `para ${p.id}: ${h} was concluded invalid in this block and is pending`;
    }
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
  upwardAndHrmpWithinLimits,
  downwardQueueAccounted,
  hrmpWatermarksAdvance,
  codeUpgradesInOrder,
  disputedCandidatesFreed,
];
