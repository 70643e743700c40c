/**
 * Invariants of the parachain layer on its own (cumulus), checked after every block of a runtime
 * run and on every collator decision (`properties/parachain/harness.ts`). Each is one predicate with
 * a one-line statement, computed from the run's data (the blocks accepted, their inputs, the
 * runtime state after them) and not from the rule function it guards: a rule switched off
 * (`withRulesOff`) shows as a failure here (test/parachain/ablation.test.ts).
 *
 * Projection: `ParaStepView` (a block tried on the last accepted one: its inputs, whether the
 * runtime accepted it, the state before and after, every accepted block so far with the included
 * head it was built against, and what the runtime API `can_build_upon` answered at the parent);
 * `CollatorDecisionView` (the lookahead collator's inputs at a relay leaf and its decision).
 */
import type { CollatorDecisionView, CollatorInvariant, ParachainInvariant, ParaStepView } from './harness.ts';
import type { MessagingStateSnapshot, UsedBandwidth } from '../../spec/parachain/unincludedSegment.ts';
import type { Hash } from '../../spec/types.ts';

/** The newest accepted block, if this step's block was accepted. */
const newest = (v: ParaStepView) => (v.accepted ? v.chain[v.chain.length - 1]! : null);
/** The accepted block before the newest one. */
const previous = (v: ParaStepView) => (v.accepted && v.chain.length >= 2 ? v.chain[v.chain.length - 2]! : null);
const atLeastOne = (n: number) => Math.max(n, 1);

/** Per-channel and UMP totals of some blocks' outputs (channels with nothing sent are left out). */
interface Totals {
  umpMessages: number;
  umpBytes: number;
  hrmp: Map<number, { messages: number; bytes: number }>;
}
function totalsOf(parts: readonly { ump: number; umpBytes: number; hrmp: readonly [number, number, number][] }[]): Totals {
  const t: Totals = { umpMessages: 0, umpBytes: 0, hrmp: new Map() };
  for (const p of parts) {
    t.umpMessages += p.ump;
    t.umpBytes += p.umpBytes;
    for (const [recipient, messages, bytes] of p.hrmp) {
      const c = t.hrmp.get(recipient) ?? { messages: 0, bytes: 0 };
      t.hrmp.set(recipient, { messages: c.messages + messages, bytes: c.bytes + bytes });
    }
  }
  for (const [r, c] of [...t.hrmp]) if (c.messages === 0 && c.bytes === 0) t.hrmp.delete(r);
  return t;
}
const sameTotals = (a: Totals, b: Totals) =>
  a.umpMessages === b.umpMessages &&
  a.umpBytes === b.umpBytes &&
  a.hrmp.size === b.hrmp.size &&
  [...a.hrmp].every(([r, c]) => b.hrmp.get(r)?.messages === c.messages && b.hrmp.get(r)?.bytes === c.bytes);
const showTotals = (t: Totals) => `UMP ${t.umpMessages} msgs/${t.umpBytes} B, HRMP ${[...t.hrmp].map(([r, c]) => `→${r} ${c.messages}/${c.bytes} B`).join(' ') || 'none'}`;
const bandwidthPart = (u: UsedBandwidth) => ({
  ump: u.umpMsgCount,
  umpBytes: u.umpTotalBytes,
  hrmp: Object.entries(u.hrmpOutgoing).map(([r, c]) => [Number(r), c.msgCount, c.totalBytes] as [number, number, number]),
});

/** The blocks the relay chain has not included yet, as of the newest accepted block. */
function unincludedBlocks(v: ParaStepView) {
  const last = v.chain[v.chain.length - 1];
  return last === undefined ? [] : v.chain.filter((b) => b.number > last.includedNumber);
}

export const segmentNeverExceedsCapacity: ParachainInvariant = {
  id: 'PR-01',
  name: 'segmentNeverExceedsCapacity',
  statement: 'The unincluded segment never holds more blocks than the consensus hook\'s capacity max(C, 1).',
  rules: ['PS-07'],
  check(v) {
    const n = v.after.system.unincludedSegment.length;
    const cap = atLeastOne(v.config.capacity);
    return n > cap ? `block #${v.chain.length}: the segment holds ${n} blocks, capacity ${cap} (C = ${v.config.capacity})` : null;
  },
};

export const aggregateIsSumOverSegment: ParachainInvariant = {
  id: 'PR-02',
  name: 'aggregateIsSumOverSegment',
  statement: 'The aggregated segment\'s bandwidth and go-ahead signal are those of the blocks in the unincluded segment, summed.',
  rules: ['PS-12'],
  check(v) {
    const segment = v.after.system.unincludedSegment;
    const agg = v.after.system.aggregatedUnincludedSegment;
    const sum = totalsOf(segment.map((a) => bandwidthPart(a.usedBandwidth)));
    const aggTotals = totalsOf(agg === null ? [] : [bandwidthPart(agg.usedBandwidth)]);
    // (a) bandwidth
    if (!sameTotals(sum, aggTotals)) return `(a) block #${v.chain.length}: the aggregate holds ${showTotals(aggTotals)}, the segment's ${segment.length} blocks sum to ${showTotals(sum)}`;
    // (b) go-ahead signal
    const inSegment = segment.find((a) => a.consumedGoAheadSignal !== null)?.consumedGoAheadSignal ?? null;
    const inAggregate = agg?.consumedGoAheadSignal ?? null;
    if (inSegment !== inAggregate) return `(b) block #${v.chain.length}: the aggregate records go-ahead ${inAggregate ?? 'none'}, the segment's blocks ${inSegment ?? 'none'}`;
    return null;
  },
};

function remainingOf(snapshot: MessagingStateSnapshot) {
  return {
    umpMessages: snapshot.relayDispatchQueueRemainingCapacity.remainingCount,
    umpBytes: snapshot.relayDispatchQueueRemainingCapacity.remainingSize,
    hrmp: new Map(snapshot.egressChannels.map((c) => [c.recipient, { messages: Math.max(0, c.maxCapacity - c.msgCount), bytes: Math.max(0, c.maxTotalSize - c.totalSize) }] as const)),
  };
}

export const unincludedOutputsWithinRelayLimits: ParachainInvariant = {
  id: 'PR-03',
  name: 'unincludedOutputsWithinRelayLimits',
  statement: 'The messages sent by the blocks the relay chain has not included yet fit in what the relay chain reported it could still take (upward queue; each HRMP channel).',
  rules: ['PS-01', 'PS-02'],
  check(v) {
    const b = newest(v);
    if (b === null) return null;
    const sent = totalsOf(
      unincludedBlocks(v).map((x) => ({
        ump: x.input.outputs.upwardMessageSizes.length,
        umpBytes: x.input.outputs.upwardMessageSizes.reduce((s, n) => s + n, 0),
        hrmp: x.input.outputs.horizontalMessages.map((m) => [m.recipient, 1, m.bytes] as [number, number, number]),
      })),
    );
    const room = remainingOf(b.input.messagingState);
    // (a) upward messages
    if (sent.umpMessages > room.umpMessages || sent.umpBytes > room.umpBytes)
      return `(a) block #${b.number}: unincluded blocks send ${sent.umpMessages} upward messages (${sent.umpBytes} B), the relay queue takes ${room.umpMessages} (${room.umpBytes} B)`;
    // (b) each HRMP channel
    for (const [r, c] of sent.hrmp) {
      const l = room.hrmp.get(r);
      if (l === undefined || c.messages > l.messages || c.bytes > l.bytes)
        return `(b) block #${b.number}: unincluded blocks send ${c.messages} messages (${c.bytes} B) to para ${r}, the channel takes ${l?.messages ?? 0} (${l?.bytes ?? 0} B)`;
    }
    return null;
  },
};

export const velocityPerRelaySlot: ParachainInvariant = {
  id: 'PR-04',
  name: 'velocityPerRelaySlot',
  statement: 'At most max(V, 1) + 1 accepted parachain blocks have the same relay slot.',
  rules: ['PS-09', 'PS-08'],
  check(v) {
    const b = newest(v);
    if (b === null) return null;
    const n = v.chain.filter((x) => x.input.relaySlot === b.input.relaySlot).length;
    const bound = atLeastOne(v.config.velocity) + 1;
    return n > bound ? `block #${b.number}: ${n} blocks in relay slot ${b.input.relaySlot}, at most ${bound} (V = ${v.config.velocity})` : null;
  },
};

export const relayParentNeverDecreases: ParachainInvariant = {
  id: 'PR-05',
  name: 'relayParentNeverDecreases',
  statement: 'The relay-parent number never decreases along a parachain\'s accepted blocks (and strictly increases under RelayNumberStrictlyIncreases).',
  rules: ['PS-05'],
  check(v) {
    const b = newest(v);
    if (b === null) return null;
    const before = previous(v)?.input.relayParentNumber ?? 0;
    const now = b.input.relayParentNumber;
    if (now < before) return `block #${b.number}: relay parent #${now} after #${before}`;
    if (v.config.relayNumberCheck === 'RelayNumberStrictlyIncreases' && now === before) return `block #${b.number}: relay parent #${now} again (strictly increasing)`;
    return null;
  },
};

export const relaySlotNeverBackwards: ParachainInvariant = {
  id: 'PR-06',
  name: 'relaySlotNeverBackwards',
  statement: 'The relay slot never moves backwards along a parachain\'s accepted blocks.',
  rules: ['PS-08'],
  check(v) {
    const b = newest(v);
    const p = previous(v);
    if (b === null || p === null) return null;
    return b.input.relaySlot < p.input.relaySlot ? `block #${b.number}: relay slot ${b.input.relaySlot} after ${p.input.relaySlot}` : null;
  },
};

export const paraSlotNotAheadOfRelay: ParachainInvariant = {
  id: 'PR-07',
  name: 'paraSlotNotAheadOfRelay',
  statement: 'An accepted block\'s para slot never starts after its relay slot does (para slot × para slot duration ≤ relay slot × relay slot duration).',
  rules: ['PS-10'],
  check(v) {
    const b = newest(v);
    if (b === null) return null;
    const paraStart = b.input.paraSlot * v.config.paraSlotDurationMs;
    const relayStart = b.input.relaySlot * v.config.relayChainSlotDurationMs;
    return paraStart > relayStart ? `block #${b.number}: para slot ${b.input.paraSlot} starts at ${paraStart} ms, its relay slot ${b.input.relaySlot} at ${relayStart} ms` : null;
  },
};

/** The HRMP watermark a block records: what it processed, at most its relay parent (`Head`). */
const recordedWatermark = (input: ParaStepView['input']) => Math.min(input.outputs.hrmpWatermark, input.relayParentNumber);

export const hrmpWatermarkNeverDecreases: ParachainInvariant = {
  id: 'PR-08',
  name: 'hrmpWatermarkNeverDecreases',
  statement: 'The inbound HRMP watermark never decreases along accepted blocks (a Trunk watermark never drops below the latest one; inbound messages are never processed twice).',
  rules: ['PS-04'],
  check(v) {
    const b = newest(v);
    const p = previous(v);
    if (b === null || p === null) return null;
    const now = recordedWatermark(b.input);
    const before = recordedWatermark(p.input);
    return now < before ? `block #${b.number}: HRMP watermark #${now} after #${before}` : null;
  },
};

export const segmentHoldsUnincludedBlocks: ParachainInvariant = {
  id: 'PR-09',
  name: 'segmentHoldsUnincludedBlocks',
  statement: 'After every accepted block the unincluded segment holds exactly the blocks after the one the relay chain has included, up to that block, in order.',
  rules: ['PS-06', 'PS-07', 'PS-12'],
  check(v) {
    const expected = unincludedBlocks(v);
    const segment = v.after.system.unincludedSegment;
    if (segment.length !== expected.length)
      return `block #${v.chain.length}: the segment holds ${segment.length} blocks, the relay chain has included #${v.chain[v.chain.length - 1]?.includedNumber ?? 0} of ${v.chain.length}`;
    // Each ancestor learns its head hash when its child executes; the newest has none yet.
    for (let i = 0; i < segment.length; i++) {
      const want: Hash | null = i === segment.length - 1 ? null : expected[i]!.hash;
      if (segment[i]!.paraHeadHash !== want) return `block #${v.chain.length}: segment entry ${i} has head ${segment[i]!.paraHeadHash ?? 'none'}, expected ${want ?? 'none'}`;
    }
    return null;
  },
};

export const oneGoAheadInSegment: ParachainInvariant = {
  id: 'PR-10',
  name: 'oneGoAheadInSegment',
  statement: 'At most one block of the unincluded segment consumes the upgrade go-ahead signal.',
  rules: ['PS-03'],
  check(v) {
    const n = v.after.system.unincludedSegment.filter((a) => a.consumedGoAheadSignal !== null).length;
    return n > 1 ? `block #${v.chain.length}: ${n} blocks of the segment consumed the go-ahead signal` : null;
  },
};

export const goAheadMatchesRelay: ParachainInvariant = {
  id: 'PR-11',
  name: 'goAheadMatchesRelay',
  statement: 'While the unincluded segment holds a block that consumed the go-ahead signal, every new block\'s relay state proof reports that same signal.',
  rules: ['PS-15'],
  check(v) {
    const b = newest(v);
    if (b === null) return null;
    const ancestors = v.after.system.unincludedSegment.slice(0, -1);
    const consumed = ancestors.find((a) => a.consumedGoAheadSignal !== null)?.consumedGoAheadSignal ?? null;
    const reported = b.input.outputs.upgradeGoAhead;
    return consumed !== null && reported !== consumed ? `block #${b.number}: the segment consumed go-ahead ${consumed}, the relay state proof reports ${reported ?? 'none'}` : null;
  },
};

export const canBuildUponNeverOverfills: ParachainInvariant = {
  id: 'PR-12',
  name: 'canBuildUponNeverOverfills',
  statement: 'When the runtime API can_build_upon allows a block on the tip, that block fits: the blocks not yet included plus it are within max(C, 1), its relay slot is not behind the tip\'s, and it is within the max(V, 1) + 1 blocks of its relay slot.',
  rules: ['PS-11'],
  check(v) {
    if (!v.canBuildUpon) return null;
    const tip = v.accepted ? v.chain.length - 1 : v.chain.length;
    const built = v.chain.slice(0, tip);
    const slot = v.input.relaySlot;
    // (a) segment room: the blocks after the included one, plus the new block
    const unincluded = tip - v.includedNumber;
    if (unincluded + 1 > atLeastOne(v.config.capacity)) return `(a) step ${v.step}: can_build_upon allowed a block with ${unincluded} blocks unincluded, capacity ${atLeastOne(v.config.capacity)} (C = ${v.config.capacity})`;
    // (b) the relay slot does not move back
    const last = built[built.length - 1];
    if (last !== undefined && slot < last.input.relaySlot) return `(b) step ${v.step}: can_build_upon allowed relay slot ${slot} after ${last.input.relaySlot}`;
    // (c) the relay slot's budget
    const inSlot = built.filter((x) => x.input.relaySlot === slot).length;
    const bound = atLeastOne(v.config.velocity) + 1;
    if (inSlot + 1 > bound) return `(c) step ${v.step}: can_build_upon allowed block ${inSlot + 1} of relay slot ${slot}, at most ${bound} (V = ${v.config.velocity})`;
    return null;
  },
};

export const PARACHAIN_RUNTIME_INVARIANTS: readonly ParachainInvariant[] = [
  segmentNeverExceedsCapacity,
  aggregateIsSumOverSegment,
  unincludedOutputsWithinRelayLimits,
  velocityPerRelaySlot,
  relayParentNeverDecreases,
  relaySlotNeverBackwards,
  paraSlotNotAheadOfRelay,
  hrmpWatermarkNeverDecreases,
  segmentHoldsUnincludedBlocks,
  oneGoAheadInSegment,
  goAheadMatchesRelay,
  canBuildUponNeverOverfills,
];

// ---------------------------------------------------------------------------------------------
// Collator decisions
// ---------------------------------------------------------------------------------------------

export const buildsOnlyInOwnSlot: CollatorInvariant = {
  id: 'PC-01',
  name: 'buildsOnlyInOwnSlot',
  statement: 'A collator builds only in the Aura slot of its relay parent, and only if it is that slot\'s author (authorities[slot mod n]) at the parent.',
  rules: ['PS-14'],
  check({ input, decision }) {
    if (!decision.build) return null;
    const slotStart = decision.paraSlot * input.paraSlotDurationMs;
    const relayStart = input.leaf.slot * input.relayChainSlotDurationMs;
    // (a) the para slot is the one the relay parent's slot falls in
    if (slotStart > relayStart || relayStart >= slotStart + input.paraSlotDurationMs) return `(a) built in para slot ${decision.paraSlot} at relay slot ${input.leaf.slot}`;
    // (b) the collator is that slot's author
    const authorities = input.authoritiesAt[decision.parent] ?? [];
    const author = authorities.length === 0 ? null : authorities[decision.paraSlot % authorities.length];
    return author !== input.self ? `(b) ${input.self} built in para slot ${decision.paraSlot}, whose author is ${author ?? 'nobody'} (authorities ${authorities.join(', ') || 'none'})` : null;
  },
};

/** The relay blocks a parachain block may be anchored to when building at `leaf`: the leaf and its ancestors back `lookback` blocks, in the leaf's session, genesis excepted. */
function allowedRelayParents(input: CollatorDecisionView['input']): Set<Hash> {
  const byHash = new Map(input.relayChain.map((b) => [b.hash, b] as const));
  const leaf = byHash.get(input.leaf.hash);
  const allowed = new Set<Hash>();
  if (leaf === undefined) return allowed;
  for (let b: typeof leaf | undefined = leaf; b !== undefined; b = b.parent === null ? undefined : byHash.get(b.parent)) {
    if (leaf.number - b.number > input.ancestryLookback) break;
    if (b.sessionIndexForChild !== leaf.sessionIndexForChild) break;
    if (b.number === 0 && b !== leaf) break;
    allowed.add(b.hash);
  }
  return allowed;
}

export const buildsOnAnchoredParent: CollatorInvariant = {
  id: 'PC-02',
  name: 'buildsOnAnchoredParent',
  statement: 'A collator builds on the included block, on the path to the pending one, or on a descendant of those whose blocks after them are all anchored at allowed relay parents of the leaf.',
  rules: ['PS-13'],
  check({ input, decision }) {
    if (!decision.build) return null;
    const blocks = new Map(input.knownBlocks.map((b) => [b.hash, b] as const));
    const included = input.includedHash;
    // The path from the included block to the pending one (the pending block included).
    const onPath = new Set<Hash>();
    if (included !== null && input.pendingHash !== null) {
      const path: Hash[] = [];
      let cur = blocks.get(input.pendingHash);
      while (cur !== undefined && cur.hash !== included) {
        path.push(cur.hash);
        cur = cur.parent === null ? undefined : blocks.get(cur.parent);
      }
      if (cur !== undefined) for (const h of path) onPath.add(h);
    }
    const allowed = allowedRelayParents(input);
    const unanchored: string[] = [];
    let cur = blocks.get(decision.parent);
    while (cur !== undefined && cur.hash !== included && !onPath.has(cur.hash)) {
      if (!allowed.has(cur.relayParent)) unanchored.push(`${cur.hash} at ${cur.relayParent}`);
      cur = cur.parent === null ? undefined : blocks.get(cur.parent);
    }
    // (a) the parent descends from the included block
    if (cur === undefined) return `(a) built on ${decision.parent}, which does not descend from the included block ${included ?? 'none'}`;
    // (b) every unincluded block beyond the pending one is anchored at an allowed relay parent
    return unanchored.length > 0 ? `(b) built on ${decision.parent} at leaf ${input.leaf.hash}: ${unanchored.join(', ')} not among the allowed relay parents ${[...allowed].join(', ') || 'none'}` : null;
  },
};

export const COLLATOR_INVARIANTS: readonly CollatorInvariant[] = [buildsOnlyInOwnSlot, buildsOnAnchoredParent];

/** Every invariant of the parachain layer on its own (the rule book indexes them by their `rules`). */
export const PARACHAIN_INVARIANTS: readonly (ParachainInvariant | CollatorInvariant)[] = [...PARACHAIN_RUNTIME_INVARIANTS, ...COLLATOR_INVARIANTS];
