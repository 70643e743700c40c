/**
 * Pipeline pictures: a run drawn as an SVG timeline. Relay blocks run along the x axis in import
 * order; there is one lane per para and core. Two kinds of run are drawn:
 *
 * - A relay-level run (the steps of `runSchedule`, or a counterexample of a relay property of
 *   `runSuite`): every candidate a block author put on a core is a bar through its on-chain stages:
 *   backed (the backing phase of the block that put it on its core), pending availability (the blocks
 *   it waited), and how it left: included, timed out, evicted with an ancestor, concluded invalid,
 *   dropped at a session change, or abandoned when the relay chain forked away from its branch. A
 *   candidate built on the same parent head as one that timed out is marked as a re-proposal; a
 *   rejected candidate is a tick. A thin line under each bar reaches back to the candidate's relay
 *   parent when it is older than the block before the one that backed it: that is where synchronous
 *   and asynchronous backing differ on the relay chain. Each block's column has two halves, in the
 *   runtime's order: availability (disputes, bitfields, enactment, timeouts) on the left, backing on
 *   the right. So a candidate included in block N and its successor backed in block N sit side by
 *   side in N's column.
 *
 * - A pipeline run (the steps of `runPipeline`, with their `lastSlot` logs): every parablock a
 *   collator built is a bar from the relay slot whose leaf it was built on (collated), through the
 *   slot its collation was seconded in the block author's node and the slot its backing group backed
 *   it (read from the slot's COLLATION and BACKING_VOTES events, the node's candidate lifecycle and
 *   the collation's `backed` flag), then on chain (the on-chain stages of the relay-level picture,
 *   joined by candidate hash), to how it ended: included, timed out, evicted, dropped at a session
 *   change, abandoned on a fork, not seconded, dropped by the node (its relay parent left the scope or
 *   its fork lost), or still waiting or pending when the run ends. Off-chain stages are thin bars,
 *   on-chain stages thick ones. A candidate backed on chain again after a timeout, and a replacement
 *   built on the parent head of a candidate that timed out, are marked as re-proposals. Each column
 *   is one relay slot in three thirds, in the pipeline's order: the block's availability, the block's
 *   backing, then what happens on the new leaf (collators build, collations are seconded and backed).
 *   A parablock sits in the lane of the core its collation names (cumulus' core selector: block
 *   number modulo the para's cores) from the slot it is built, before it is on chain; overlapping
 *   bars in a lane are stacked in rows, so the pipelining of asynchronous backing (several parablocks
 *   of a para in flight at once) shows as a staircase, and synchronous backing as one bar at a time.
 *
 * Everything drawn is read from the run: the block outcomes (`BlockOutcome`), the runtime state
 * after each block, and for pipeline runs the slot logs, the collators' blocks and the node's view.
 * The SVG is written by hand: no charting library draws a Gantt-like chart as SVG in Node without a
 * browser (Mermaid's gantt needs a DOM, Vega and Plotly need a canvas or a headless browser for static
 * SVG), and Graphviz lays out graphs, not time axes. The output is deterministic (integer
 * coordinates, no dates, no random ids).
 */
import { coresOf, type ModelParams } from '../spec/params.ts';
import type { PendingCandidate } from '../spec/relay/state.ts';
import type { BlockNumber, CandidateHash, CoreIndex, Hash, HeadData, ParaId } from '../spec/types.ts';
import { collationOf } from '../machines/pipeline.ts';
import type { ParaBlock } from '../machines/collator.ts';
import type { Violation } from './harness.ts';
import type { StepView } from './projection.ts';
import type { PipeView } from './pipeline/harness.ts';

// ---------------------------------------------------------------------------------------------
// What the picture shows, read from the run

export type BarEnd = 'included' | 'timedOut' | 'evicted' | 'concludedInvalid' | 'droppedAtSessionChange' | 'abandoned' | 'pending';

export interface TimelineBar {
  readonly hash: CandidateHash;
  readonly paraId: ParaId;
  readonly core: CoreIndex;
  /** Column of the block it was backed in (or, `continued`, of the first block of the branch it reappears on). */
  readonly startColumn: number;
  /** Column of the block in which it left its core (`pending`: the last column). */
  readonly endColumn: number;
  readonly end: BarEnd;
  readonly backedIn: number;
  readonly relayParent: Hash;
  readonly relayParentNumber: number;
  /** Built on the parent head of a candidate that timed out earlier on the branch. */
  readonly reproposal: boolean;
  /** Pending on the parent of a fork block without being on the branch drawn just before it. */
  readonly continued: boolean;
  /** The candidate whose timeout or dispute evicted this one. */
  readonly evictedWith: CandidateHash | null;
}

export interface TimelineTick {
  readonly column: number;
  readonly hash: CandidateHash;
  readonly paraId: ParaId;
  readonly core: CoreIndex;
  readonly error: string;
  readonly rule: string;
  readonly kind: string;
}

export interface TimelineColumn {
  /** Relay block number (column 0 is genesis). */
  readonly number: number;
  readonly hash: Hash;
  /** Built on a block other than the previous column's (a relay-chain fork). */
  readonly fork: boolean;
  readonly parentNumber: number | null;
  readonly endsSession: boolean;
  readonly timeoutCheck: boolean;
}

export interface TimelineLane {
  readonly paraId: ParaId;
  readonly core: CoreIndex;
}

export interface TimelineData {
  readonly kind: 'relay';
  readonly params: ModelParams;
  readonly columns: readonly TimelineColumn[];
  readonly lanes: readonly TimelineLane[];
  readonly bars: readonly TimelineBar[];
  readonly ticks: readonly TimelineTick[];
  readonly violation: { readonly column: number; readonly property: string; readonly message: string } | null;
}

interface OpenBar {
  hash: CandidateHash;
  paraId: ParaId;
  core: CoreIndex;
  startColumn: number;
  backedIn: number;
  relayParent: Hash;
  relayParentNumber: number;
  reproposal: boolean;
  continued: boolean;
}

const pendingOf = (v: StepView['node']['runtime']): PendingCandidate[] => Object.values(v.paras).flatMap((p) => p.pending);

/** The timeline of a run: columns, lanes, bars and ticks, from the block outcomes and states. */
export function timelineOf(steps: readonly StepView[], violation: Violation | null = null): TimelineData {
  if (steps.length === 0) throw new Error('timelineOf: the run has no relay blocks to draw');
  const params = steps[0]!.params;
  const genesis = steps[0]!.parent;
  const columns: TimelineColumn[] = [{ number: genesis.number, hash: genesis.hash, fork: false, parentNumber: null, endsSession: false, timeoutCheck: false }];
  const lanes: TimelineLane[] = params.paras.flatMap((p) => coresOf(params, p.id).map((core) => ({ paraId: p.id, core })));
  const bars: TimelineBar[] = [];
  const ticks: TimelineTick[] = [];
  let open: OpenBar[] = [];
  const key = (hash: CandidateHash, core: CoreIndex) => `${hash}@${core}`;
  const close = (b: OpenBar, column: number, end: BarEnd, evictedWith: CandidateHash | null = null) => {
    bars.push({ ...b, endColumn: column, end, evictedWith });
    open = open.filter((x) => x !== b);
  };
  const openFrom = (c: PendingCandidate, column: number, continued: boolean, reproposal: boolean) =>
    open.push({ hash: c.hash, paraId: c.paraId, core: c.core, startColumn: column, backedIn: c.backedInNumber, relayParent: c.relayParent, relayParentNumber: c.relayParentNumber, reproposal, continued });

  steps.forEach((v, i) => {
    const column = i + 1;
    const prev = i === 0 ? genesis : steps[i - 1]!.node;
    const fork = v.parent.hash !== prev.hash;
    const o = v.node.outcome;
    columns.push({ number: v.node.number, hash: v.node.hash, fork, parentNumber: v.parent.number, endsSession: v.node.endsSession, timeoutCheck: o.timeoutCheckRequired });

    // A fork: what was pending on the abandoned branch leaves; what is pending on the new parent appears.
    if (fork) {
      const onParent = new Map(pendingOf(v.parent.runtime).map((c) => [key(c.hash, c.core), c]));
      for (const b of [...open]) if (!onParent.has(key(b.hash, b.core))) close(b, column, 'abandoned');
      for (const [k, c] of onParent) if (!open.some((b) => key(b.hash, b.core) === k)) openFrom(c, column, true, false);
    }
    const find = (hash: CandidateHash) => open.find((b) => b.hash === hash);
    for (const f of o.disputed) {
      const b = find(f.candidate.hash);
      if (b) close(b, column, f.withAncestor ? 'evicted' : 'concludedInvalid', f.withAncestor ?? null);
    }
    for (const c of o.enacted) {
      const b = find(c.hash);
      if (b) close(b, column, 'included');
    }
    for (const f of o.timedOut) {
      const b = find(f.candidate.hash);
      if (b) close(b, column, f.withAncestor ? 'evicted' : 'timedOut', f.withAncestor ?? null);
    }
    // Re-proposal: built on the parent head of a candidate that timed out before it on this branch.
    const timedOutParents = new Set<HeadData>(v.ghost.timedOutParents);
    for (const f of o.timedOut) if (!f.withAncestor) timedOutParents.add(f.candidate.parentHead);
    const after = pendingOf(v.node.runtime);
    const intents = new Map(v.decoded.intents.map((x) => [x.hash, x.kind]));
    for (const verdict of o.verdicts) {
      if (verdict.accepted) {
        const c = after.find((x) => x.hash === verdict.hash && x.core === verdict.core);
        if (c) openFrom(c, column, false, timedOutParents.has(c.parentHead));
      } else {
        const own = coresOf(params, verdict.paraId);
        const supplied = v.node.inherent?.backedCandidates[verdict.index]?.candidate.descriptor.coreIndex;
        const core = supplied !== undefined && own.includes(supplied) ? supplied : (own[0] ?? 0);
        ticks.push({ column, hash: verdict.hash, paraId: verdict.paraId, core, error: verdict.error, rule: verdict.rule, kind: intents.get(verdict.hash) ?? 'honest' });
      }
    }
    for (const c of o.droppedAtSessionChange) {
      const b = find(c.hash);
      if (b) close(b, column, 'droppedAtSessionChange');
    }
    // The picture follows the runtime state: anything else that left or appeared is reconciled here.
    const now = new Map(after.map((c) => [key(c.hash, c.core), c]));
    for (const b of [...open]) if (!now.has(key(b.hash, b.core))) close(b, column, 'abandoned');
    for (const [k, c] of now) if (!open.some((b) => key(b.hash, b.core) === k)) openFrom(c, column, true, false);
  });
  for (const b of [...open]) close(b, columns.length - 1, 'pending');
  bars.sort((a, b) => a.startColumn - b.startColumn || a.core - b.core || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
  return {
    kind: 'relay',
    params,
    columns,
    lanes,
    bars,
    ticks,
    violation: violation ? { column: violation.step + 1, property: violation.property, message: violation.message } : null,
  };
}

/** Counts of what a timeline shows, for captions and tables. */
export function timelineStats(d: TimelineData) {
  const count = (e: BarEnd) => d.bars.filter((b) => b.end === e).length;
  return {
    blocks: d.columns.length - 1,
    backed: d.bars.filter((b) => !b.continued).length,
    reproposals: d.bars.filter((b) => b.reproposal).length,
    included: count('included'),
    timedOut: count('timedOut'),
    evicted: count('evicted'),
    concludedInvalid: count('concludedInvalid'),
    dropped: count('droppedAtSessionChange'),
    abandoned: count('abandoned'),
    pending: count('pending'),
    rejected: d.ticks.length,
    forks: d.columns.filter((c) => c.fork).length,
    /** Backed with a relay parent older than the block before the one that backed it (never under sync). */
    olderRelayParents: d.bars.filter((b) => !b.continued && b.relayParentNumber < b.backedIn - 1).length,
  };
}

// ---------------------------------------------------------------------------------------------
// A pipeline run: every parablock from the slot its collator built it

/** Stages of a parablock: off chain (thin bars), then on chain as in the relay-level picture (thick bars). */
export type ParablockStage =
  /** Built; its collation (with its backing votes, under the timing model) is on its way to the block author's node. */
  | 'collated'
  /** Seconded in the block author's node; waiting for its group's backing votes. */
  | 'seconded'
  /** Backed by its group (off chain); waiting for a block author to put it on chain. */
  | 'groupBacked'
  /** Backed on chain: the backing phase of the block that put it on its core. */
  | 'backed'
  | 'pending'
  | 'included'
  | 'timedOut'
  | 'evicted'
  | 'concludedInvalid'
  | 'droppedAtSessionChange'
  /** The node refused to second it (no active leaf's fragment chain admits it). */
  | 'notSeconded'
  /** The node dropped it from every fragment chain (its relay parent left the scope, or its fork lost). */
  | 'droppedByNode';

export const OFF_CHAIN_STAGES: ReadonlySet<ParablockStage> = new Set(['collated', 'seconded', 'groupBacked', 'notSeconded', 'droppedByNode']);

/** How a parablock's bar ends: as a relay-level bar, or off chain (`waiting`: not on chain when the run ends). */
export type ParablockEnd = BarEnd | 'notSeconded' | 'droppedByNode' | 'waiting';

/**
 * A stretch of one stage, in thirds of a column: third 3c is the availability phase of column c's
 * block, 3c + 1 its backing phase, 3c + 2 the rest of the slot (collators build on the new leaf,
 * collations are seconded and backed). `to` is exclusive.
 */
export interface ParablockSegment {
  readonly stage: ParablockStage;
  readonly from: number;
  readonly to: number;
}

/** One stay on chain: from the block that backed it (or the fork block it reappears on) to how it left. */
export interface OnChainEpisode {
  readonly core: CoreIndex;
  readonly startColumn: number;
  readonly endColumn: number;
  readonly end: BarEnd;
  readonly continued: boolean;
  readonly backedIn: BlockNumber;
  /** Built on the parent head of a candidate that timed out earlier on the branch (its own, when it is backed again). */
  readonly reproposal: boolean;
  readonly evictedWith: CandidateHash | null;
}

export interface ParablockBar {
  /** The parablock's hash: the head data the relay chain records. */
  readonly parablock: Hash;
  /** Its block number on the parachain (-1 when no collator of the run knows it). */
  readonly number: BlockNumber;
  readonly paraId: ParaId;
  /** The core its collation names (the lane it is drawn in). */
  readonly core: CoreIndex;
  readonly candidate: CandidateHash;
  readonly parentHead: HeadData;
  readonly relayParent: Hash;
  readonly relayParentNumber: BlockNumber;
  /** Column of the relay slot whose leaf its collator built it on (null: on chain, but built by no collator of the run). */
  readonly builtColumn: number | null;
  /** Column of the slot in which the block author's node seconded its collation. */
  readonly secondedColumn: number | null;
  /** Column of the slot in which its group's votes backed it. */
  readonly groupBackedColumn: number | null;
  readonly onChain: readonly OnChainEpisode[];
  readonly end: ParablockEnd;
  /** Column in which it ended (the last column when it is still waiting or pending). */
  readonly endColumn: number;
  /** Some stay on chain is a re-proposal. */
  readonly reproposal: boolean;
  /** Why the node refused to second it. */
  readonly rejection: string | null;
  /** Its stages in order, contiguous from the slot it was built to its end (broken only where it reappears on a fork). */
  readonly segments: readonly ParablockSegment[];
}

export interface PipelineTimelineData {
  readonly kind: 'pipeline';
  readonly params: ModelParams;
  readonly columns: readonly TimelineColumn[];
  readonly lanes: readonly TimelineLane[];
  readonly bars: readonly ParablockBar[];
  /** Candidates a block refused (none in a correct run: the node offers only what the runtime accepts). */
  readonly ticks: readonly TimelineTick[];
  readonly violation: TimelineData['violation'];
}

/** Position of a column's third: 0 availability, 1 backing, 2 the rest of the slot. */
export const thirdOf = (column: number, third: 0 | 1 | 2): number => 3 * column + third;

interface BuiltParablock {
  block: Pick<ParaBlock, 'hash' | 'number' | 'parent' | 'relayParent' | 'relayParentNumber'>;
  paraId: ParaId;
  candidate: CandidateHash;
  core: CoreIndex;
  builtColumn: number | null;
  secondedColumn: number | null;
  groupBackedColumn: number | null;
  nodeEnd: { column: number; end: 'notSeconded' | 'droppedByNode' } | null;
  rejection: string | null;
}

/**
 * The timeline of a pipeline run: one bar per parablock its collators built, from the slot logs
 * (`lastSlot`), the collators' blocks, the node's view after each slot, and the on-chain stages of
 * the relay-level timeline of the same run.
 */
export function pipelineTimelineOf(steps: readonly PipeView[], violation: Violation | null = null): PipelineTimelineData {
  if (steps.length === 0) throw new Error('pipelineTimelineOf: the run has no relay slots to draw');
  const relay = timelineOf(
    steps.map((s) => s.net.relay),
    violation,
  );
  const runEnd = 3 * relay.columns.length;
  const built = new Map<CandidateHash, BuiltParablock>();
  steps.forEach((v, i) => {
    const column = i + 1;
    const net = v.net.after;
    for (const e of v.lastSlot) {
      if (e.kind === 'parachainBlock') {
        const block = v.collatorsAfter[e.para]?.context.blocks[e.hash];
        if (!block) continue;
        // The candidate exactly as the pipeline made it (machines/pipeline.ts `collationOf`), also when
        // its collation never reaches the block author (a group too slow under the timing model).
        const { candidate } = collationOf(net, e.para, block);
        if (!built.has(candidate.hash))
          built.set(candidate.hash, { block, paraId: e.para, candidate: candidate.hash, core: candidate.descriptor.coreIndex, builtColumn: column, secondedColumn: null, groupBackedColumn: null, nodeEnd: null, rejection: null });
      } else if (e.event.type === 'COLLATION') {
        const b = built.get(e.event.candidate.hash);
        if (!b || b.secondedColumn !== null || b.nodeEnd !== null) continue;
        const lifecycle = net.candidates[b.candidate];
        if (lifecycle?.value === 'notSeconded') {
          b.nodeEnd = { column, end: 'notSeconded' };
          const r = lifecycle.context.rejection;
          b.rejection = r ? `${r.error} (${r.rule})` : null;
        } else b.secondedColumn = column;
      } else if (e.event.type === 'BACKING_VOTES') {
        const b = built.get(e.event.candidateHash);
        if (b && b.groupBackedColumn === null && net.collations[b.candidate]?.backed) b.groupBackedColumn = column;
      }
    }
    for (const b of built.values())
      if (b.nodeEnd === null && net.candidates[b.candidate]?.value === 'dropped' && v.net.before.candidates[b.candidate]?.value !== 'dropped') b.nodeEnd = { column, end: 'droppedByNode' };
  });
  const episodes = new Map<CandidateHash, TimelineBar[]>();
  for (const b of relay.bars) episodes.set(b.hash, [...(episodes.get(b.hash) ?? []), b]);
  // Candidates on chain that no collator of the run built (none in a pipeline run; kept, not hidden).
  const last = steps[steps.length - 1]!;
  for (const [hash, eps] of episodes) {
    if (built.has(hash)) continue;
    const first = eps[0]!;
    const c = last.net.after.collations[hash];
    const head = c?.candidate.commitments.headData ?? hash;
    const known = last.collatorsAfter[first.paraId]?.context.blocks[head];
    built.set(hash, {
      block: { hash: head, number: known?.number ?? -1, parent: c?.pvd.parentHead ?? known?.parent ?? null, relayParent: first.relayParent, relayParentNumber: first.relayParentNumber },
      paraId: first.paraId,
      candidate: hash,
      core: c?.candidate.descriptor.coreIndex ?? first.core,
      builtColumn: null,
      secondedColumn: null,
      groupBackedColumn: null,
      nodeEnd: null,
      rejection: null,
    });
  }

  const bars: ParablockBar[] = [];
  for (const b of built.values()) {
    const eps = [...(episodes.get(b.candidate) ?? [])].sort((x, y) => x.startColumn - y.startColumn);
    const onChain: OnChainEpisode[] = eps.map((e, k) => ({
      core: e.core,
      startColumn: e.startColumn,
      endColumn: e.endColumn,
      end: e.end,
      continued: e.continued,
      backedIn: e.backedIn,
      // Backed again after its own timeout is a re-proposal too (the relay-level picture marks it, as
      // its parent head is the timed-out candidate's); say so also when the branch history lost it.
      reproposal: e.reproposal || (k > 0 && !e.continued && (eps[k - 1]!.end === 'timedOut' || eps[k - 1]!.end === 'evicted')),
      evictedWith: e.evictedWith,
    }));
    // Marks: from a position on, the parablock is in a stage (null: it has ended). Pushed in the
    // order things happen; a later mark at the same position wins.
    const marks: { at: number; stage: ParablockStage | null; end?: ParablockEnd; endColumn?: number }[] = [];
    if (b.builtColumn !== null) marks.push({ at: thirdOf(b.builtColumn, 2), stage: 'collated' });
    if (b.secondedColumn !== null) marks.push({ at: thirdOf(b.secondedColumn, 2), stage: 'seconded' });
    if (b.groupBackedColumn !== null) marks.push({ at: thirdOf(b.groupBackedColumn, 2), stage: 'groupBacked' });
    onChain.forEach((e, k) => {
      // Between two stays on chain it waits off chain, backed, for a block author to put it on again;
      // before one it reappears in on a fork the bar breaks (the branch drawn until then is left).
      const following = onChain[k + 1];
      const next: ParablockStage | null = following && !following.continued ? 'groupBacked' : null;
      if (e.continued) marks.push({ at: thirdOf(e.startColumn, 0), stage: 'pending' });
      else marks.push({ at: thirdOf(e.startColumn, 1), stage: 'backed' }, { at: thirdOf(e.startColumn, 2), stage: 'pending' });
      const ends = { end: e.end, endColumn: e.endColumn };
      switch (e.end) {
        case 'included':
        case 'timedOut':
        case 'evicted':
        case 'concludedInvalid':
          marks.push({ at: thirdOf(e.endColumn, 0), stage: e.end }, { at: thirdOf(e.endColumn, 1), stage: next, ...ends });
          break;
        case 'abandoned':
          marks.push({ at: thirdOf(e.endColumn, 0), stage: next, ...ends });
          break;
        case 'droppedAtSessionChange':
          marks.push({ at: thirdOf(e.endColumn, 1), stage: 'droppedAtSessionChange' }, { at: thirdOf(e.endColumn + 1, 0), stage: next, ...ends });
          break;
        case 'pending':
          break;
      }
    });
    if (b.nodeEnd) {
      // Dropped when a block moves the view (its first third), never before what came before it.
      const at = Math.max(b.nodeEnd.end === 'notSeconded' ? thirdOf(b.nodeEnd.column, 2) : thirdOf(b.nodeEnd.column, 0), ...marks.map((m) => m.at));
      marks.push({ at, stage: b.nodeEnd.end }, { at: at + 1, stage: null, end: b.nodeEnd.end, endColumn: b.nodeEnd.column });
    }
    const sorted = marks.map((m, i) => ({ ...m, i })).sort((x, y) => x.at - y.at || x.i - y.i);
    const segments: ParablockSegment[] = [];
    let stage: ParablockStage | null = null;
    let from = 0;
    let end: ParablockEnd | null = null;
    let endColumn = relay.columns.length - 1;
    const close = (to: number) => {
      if (stage === null || to <= from) return;
      const prev = segments[segments.length - 1];
      if (prev && prev.stage === stage && prev.to === from) segments[segments.length - 1] = { ...prev, to };
      else segments.push({ stage, from, to });
    };
    for (const m of sorted) {
      close(m.at);
      stage = m.stage;
      from = m.at;
      if (m.stage === null) {
        end = m.end ?? null;
        endColumn = m.endColumn ?? endColumn;
      } else end = null;
      if (m.stage === null && m.end !== undefined && (m.end === 'notSeconded' || m.end === 'droppedByNode')) break;
    }
    if (stage !== null) {
      close(runEnd);
      end = OFF_CHAIN_STAGES.has(stage) ? 'waiting' : 'pending';
      endColumn = relay.columns.length - 1;
    }
    bars.push({
      parablock: b.block.hash,
      number: b.block.number,
      paraId: b.paraId,
      core: b.core,
      candidate: b.candidate,
      parentHead: b.block.parent ?? '',
      relayParent: b.block.relayParent,
      relayParentNumber: b.block.relayParentNumber,
      builtColumn: b.builtColumn,
      secondedColumn: b.secondedColumn,
      groupBackedColumn: b.groupBackedColumn,
      onChain,
      end: end ?? 'waiting',
      endColumn,
      reproposal: onChain.some((e) => e.reproposal),
      rejection: b.rejection,
      segments,
    });
  }
  const startOf = (b: ParablockBar) => b.segments[0]?.from ?? 0;
  bars.sort((a, b) => startOf(a) - startOf(b) || a.paraId - b.paraId || a.core - b.core || a.number - b.number || (a.candidate < b.candidate ? -1 : a.candidate > b.candidate ? 1 : 0));
  return { kind: 'pipeline', params: relay.params, columns: relay.columns, lanes: relay.lanes, bars, ticks: relay.ticks, violation: relay.violation };
}

/** Included parablocks per relay block of one para, after a warm-up (as properties/figures.ts measures). */
export interface ParaCadence {
  readonly paraId: ParaId;
  readonly cores: number;
  /** Parablocks included in the measured blocks. */
  readonly included: number;
  /** The measured blocks: from `from` to `to` (relay block numbers of the columns). */
  readonly blocks: number;
  readonly from: number;
  readonly to: number;
  readonly perRelayBlock: number;
  /** Most parablocks of the para built and not yet ended at the end of a slot. */
  readonly maxInFlight: number;
}

/** Relay blocks left out of the cadence at the start of a run: 10, as properties/figures.ts, or a third of a short run. */
export function cadenceWarmup(blocks: number): number {
  return Math.min(10, Math.floor(blocks / 3));
}

/** Counts of what a pipeline timeline shows, and each para's cadence, for captions and tables. */
export function pipelineTimelineStats(d: PipelineTimelineData) {
  const blocks = d.columns.length - 1;
  const episodes = d.bars.flatMap((b) => b.onChain);
  const ended = (e: ParablockEnd) => d.bars.filter((b) => b.end === e).length;
  const warmup = cadenceWarmup(blocks);
  const span = (b: ParablockBar): [number, number] => [b.segments[0]?.from ?? 0, b.segments[b.segments.length - 1]?.to ?? 0];
  const cadence: ParaCadence[] = d.params.paras.map((p) => {
    const mine = d.bars.filter((b) => b.paraId === p.id);
    const count = mine.flatMap((b) => b.onChain).filter((e) => e.end === 'included' && e.endColumn > warmup).length;
    let maxInFlight = 0;
    for (let c = 1; c < d.columns.length; c++) {
      const at = thirdOf(c, 2);
      maxInFlight = Math.max(maxInFlight, mine.filter((b) => span(b)[0] <= at && at < span(b)[1]).length);
    }
    const measured = blocks - warmup;
    return { paraId: p.id, cores: coresOf(d.params, p.id).length, included: count, blocks: measured, from: d.columns[warmup + 1]?.number ?? 0, to: d.columns[blocks]?.number ?? 0, perRelayBlock: measured > 0 ? count / measured : 0, maxInFlight };
  });
  const includedBars = d.bars.filter((b) => b.end === 'included' && b.builtColumn !== null);
  return {
    blocks,
    built: d.bars.filter((b) => b.builtColumn !== null).length,
    seconded: d.bars.filter((b) => b.secondedColumn !== null).length,
    groupBacked: d.bars.filter((b) => b.groupBackedColumn !== null).length,
    backedOnChain: episodes.filter((e) => !e.continued).length,
    reproposals: d.bars.filter((b) => b.reproposal).length,
    included: ended('included'),
    timedOut: episodes.filter((e) => e.end === 'timedOut').length,
    evicted: episodes.filter((e) => e.end === 'evicted').length,
    concludedInvalid: episodes.filter((e) => e.end === 'concludedInvalid').length,
    dropped: episodes.filter((e) => e.end === 'droppedAtSessionChange').length,
    abandoned: episodes.filter((e) => e.end === 'abandoned').length,
    notSeconded: ended('notSeconded'),
    droppedByNode: ended('droppedByNode'),
    waiting: ended('waiting'),
    pending: ended('pending'),
    rejected: d.ticks.length,
    forks: d.columns.filter((c) => c.fork).length,
    warmup,
    cadence,
    /** Relay blocks from the slot a parablock was built to the block that included it, on average. */
    builtToIncluded: includedBars.length ? includedBars.reduce((s, b) => s + (b.endColumn - b.builtColumn!), 0) / includedBars.length : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Drawing

export interface TimelinePanel {
  readonly title: string;
  readonly subtitle?: string;
  /** Lines under the panel's summary, in bold (the captions put the measured cadence here). */
  readonly notes?: readonly string[];
  /** A relay-level run or a pipeline run; one picture draws one kind. */
  readonly data: TimelineData | PipelineTimelineData;
}

export interface TimelineSvgOptions {
  /** A heading over all panels. */
  readonly heading?: string;
  /** Prefix for element ids, so several timelines can share one HTML page. */
  readonly idPrefix?: string;
}

export const TIMELINE_COLORS = {
  backed: '#1f5fa8',
  pending: '#a9cbef',
  included: '#2e9d4a',
  timedOut: '#d7301f',
  evicted: '#f08c2e',
  concludedInvalid: '#6a3d9a',
  droppedAtSessionChange: '#7f7f7f',
  abandoned: '#d9d9d9',
  rejected: '#b2182b',
  violation: '#c51b1b',
  // Off chain (pipeline runs): thin bars, from the collator to the block author.
  built: '#6b4e00',
  collated: '#f3d77e',
  seconded: '#e0a800',
  groupBacked: '#9a6b00',
  notSeconded: '#b2182b',
  droppedByNode: '#8c8c8c',
  grid: '#e6e9ef',
  text: '#1f2a38',
  muted: '#5b6b7f',
} as const;

const END_LABEL: Readonly<Record<BarEnd, string>> = {
  included: 'included',
  timedOut: 'timed out',
  evicted: 'evicted with an ancestor',
  concludedInvalid: 'concluded invalid (dispute)',
  droppedAtSessionChange: 'dropped at a session change',
  abandoned: 'abandoned: the relay chain forked away',
  pending: 'still pending availability at the end of the run',
};

const COL = 22;
const LABEL_W = 132;
const ROW_H = 24;
const BAR_H = 12;
const PAD = 14;
const FONT = 'Helvetica, Arial, sans-serif';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const short = (h: string) => h.slice(0, 8);

/** Where a bar starts and ends on the axis, in half columns (availability half, backing half). */
function halfSpan(b: TimelineBar): [number, number] {
  const start = 2 * b.startColumn + (b.continued ? 0 : 1);
  const end =
    b.end === 'abandoned' ? 2 * b.endColumn : b.end === 'pending' || b.end === 'droppedAtSessionChange' ? 2 * b.endColumn + 2 : 2 * b.endColumn + 1;
  return [start, Math.max(end, start + 1)];
}

/** Rows within a lane, so that overlapping bars (which a correct run never has) stay visible. */
function rowsOf(bars: readonly TimelineBar[]): Map<TimelineBar, number> {
  const rows: number[] = [];
  const out = new Map<TimelineBar, number>();
  for (const b of bars) {
    const [start, end] = halfSpan(b);
    let r = rows.findIndex((free) => free <= start);
    if (r < 0) r = rows.length;
    rows[r] = end;
    out.set(b, r);
  }
  return out;
}

function legend(x: number, y: number, width: number): { svg: string; height: number } {
  const items: [string, string][] = [
    [`<rect width="16" height="${BAR_H}" fill="${TIMELINE_COLORS.backed}"/>`, 'backed in this block'],
    [`<rect width="16" height="${BAR_H}" fill="${TIMELINE_COLORS.pending}"/>`, 'pending availability'],
    [`<rect width="16" height="${BAR_H}" fill="${TIMELINE_COLORS.included}"/>`, 'included (enacted)'],
    [`<rect width="16" height="${BAR_H}" fill="${TIMELINE_COLORS.timedOut}"/>`, 'timed out'],
    [`<rect width="16" height="${BAR_H}" fill="${TIMELINE_COLORS.evicted}"/>`, 'evicted with an ancestor'],
    [`<rect width="16" height="${BAR_H}" fill="${TIMELINE_COLORS.concludedInvalid}"/>`, 'concluded invalid'],
    [`<rect width="16" height="${BAR_H}" fill="${TIMELINE_COLORS.droppedAtSessionChange}"/>`, 'dropped at session change'],
    [`<rect width="16" height="${BAR_H}" fill="${TIMELINE_COLORS.abandoned}" stroke="${TIMELINE_COLORS.muted}" stroke-dasharray="2 2"/>`, 'abandoned on a fork'],
    [`<rect width="16" height="${BAR_H}" fill="${TIMELINE_COLORS.pending}" stroke="${TIMELINE_COLORS.text}" stroke-width="2"/>`, 're-proposal (↻)'],
    [`<line x1="8" x2="8" y1="-1" y2="${BAR_H + 1}" stroke="${TIMELINE_COLORS.rejected}" stroke-width="2.5"/>`, 'rejected candidate'],
    [`<line x1="0" x2="16" y1="${BAR_H / 2}" y2="${BAR_H / 2}" stroke="${TIMELINE_COLORS.muted}"/><circle cx="0" cy="${BAR_H / 2}" r="2.2" fill="${TIMELINE_COLORS.muted}"/>`, 'older relay parent'],
  ];
  const itemW = 176;
  const perRow = Math.max(1, Math.floor(width / itemW));
  const parts = items.map(([icon, text], i) => {
    const ix = x + (i % perRow) * itemW;
    const iy = y + Math.floor(i / perRow) * 18;
    return `<g transform="translate(${ix},${iy})">${icon}<text x="22" y="${BAR_H - 2}" font-size="11" fill="${TIMELINE_COLORS.text}">${esc(text)}</text></g>`;
  });
  return { svg: `<g class="legend">${parts.join('')}</g>`, height: Math.ceil(items.length / perRow) * 18 };
}

function panelSvg(p: TimelinePanel & { data: TimelineData }, index: number, y0: number, columnsShown: number, prefix: string): { svg: string; height: number } {
  const d = p.data;
  const out: string[] = [];
  const xCol = (c: number) => LABEL_W + c * COL;
  const stats = timelineStats(d);
  let y = y0;
  out.push(`<text x="${PAD}" y="${y + 14}" font-size="14" font-weight="bold" fill="${TIMELINE_COLORS.text}">${esc(p.title)}</text>`);
  y += 20;
  if (p.subtitle) {
    out.push(`<text x="${PAD}" y="${y + 12}" font-size="11.5" fill="${TIMELINE_COLORS.muted}">${esc(p.subtitle)}</text>`);
    y += 17;
  }
  const summary = [
    `${stats.backed} backed`,
    stats.reproposals ? `${stats.reproposals} re-proposed` : '',
    `${stats.included} included`,
    stats.timedOut ? `${stats.timedOut} timed out` : '',
    stats.evicted ? `${stats.evicted} evicted` : '',
    stats.concludedInvalid ? `${stats.concludedInvalid} concluded invalid` : '',
    stats.dropped ? `${stats.dropped} dropped at session change` : '',
    stats.abandoned ? `${stats.abandoned} abandoned on forks` : '',
    `${stats.rejected} rejected`,
    stats.pending ? `${stats.pending} still pending` : '',
    stats.forks ? `${stats.forks} forks` : '',
  ].filter(Boolean);
  out.push(`<text x="${PAD}" y="${y + 12}" font-size="11.5" fill="${TIMELINE_COLORS.text}">${esc(`${stats.blocks} relay blocks: ${summary.join(', ')}`)}</text>`);
  y += 22;
  if (d.violation) {
    out.push(`<text x="${PAD}" y="${y + 12}" font-size="11.5" font-weight="bold" fill="${TIMELINE_COLORS.violation}">${esc(`⚠ ${d.violation.property} fails in block #${d.columns[d.violation.column]?.number ?? '?'}: ${d.violation.message}`)}</text>`);
    y += 20;
  }

  // Block numbers (the x axis), every column when they fit.
  const every = columnsShown <= 45 ? 1 : columnsShown <= 90 ? 2 : 5;
  const axisY = y + 12;
  out.push(`<text x="${PAD}" y="${axisY}" font-size="11" fill="${TIMELINE_COLORS.muted}">relay block</text>`);
  d.columns.forEach((c, i) => {
    const show = i % every === 0 || c.fork;
    if (show)
      out.push(`<text class="block-number" x="${xCol(i) + COL / 2}" y="${axisY}" font-size="10" text-anchor="middle" fill="${c.fork ? TIMELINE_COLORS.evicted : TIMELINE_COLORS.muted}">${c.number}</text>`);
    if (c.fork)
      out.push(`<text x="${xCol(i) + COL / 2}" y="${axisY + 11}" font-size="9" text-anchor="middle" fill="${TIMELINE_COLORS.evicted}"><title>${esc(`#${c.number} is built on #${c.parentNumber}: a relay-chain fork`)}</title>fork</text>`);
  });
  y = axisY + 14;

  // Lanes.
  const lanesTop = y;
  const laneRows = d.lanes.map((l) => rowsOf(d.bars.filter((b) => b.paraId === l.paraId && b.core === l.core)));
  const laneHeights = laneRows.map((r) => Math.max(1, ...[...r.values()].map((x) => x + 1)) * ROW_H);
  const lanesHeight = laneHeights.reduce((s, h) => s + h, 0);
  const gridRight = xCol(columnsShown);
  // Grid: one band per block, its availability and backing halves.
  for (let i = 0; i < columnsShown; i++) {
    const x = xCol(i);
    out.push(`<rect x="${x}" y="${lanesTop}" width="${COL}" height="${lanesHeight}" fill="${i % 2 === 0 ? '#f7f9fc' : '#ffffff'}"/>`);
    out.push(`<line x1="${x + COL / 2}" x2="${x + COL / 2}" y1="${lanesTop}" y2="${lanesTop + lanesHeight}" stroke="${TIMELINE_COLORS.grid}" stroke-dasharray="1 3"/>`);
  }
  d.columns.forEach((c, i) => {
    if (c.endsSession) out.push(`<line x1="${xCol(i + 1)}" x2="${xCol(i + 1)}" y1="${lanesTop - 4}" y2="${lanesTop + lanesHeight + 4}" stroke="${TIMELINE_COLORS.muted}" stroke-width="1.5" stroke-dasharray="4 2"><title>${esc(`session change at the end of #${c.number}`)}</title></line>`);
    if (c.fork) out.push(`<line x1="${xCol(i)}" x2="${xCol(i)}" y1="${lanesTop - 4}" y2="${lanesTop + lanesHeight}" stroke="${TIMELINE_COLORS.evicted}" stroke-width="1.5"/>`);
  });
  let laneY = lanesTop;
  d.lanes.forEach((lane, li) => {
    const h = laneHeights[li]!;
    const firstOfPara = li === 0 || d.lanes[li - 1]!.paraId !== lane.paraId;
    out.push(`<line x1="${PAD}" x2="${gridRight}" y1="${laneY}" y2="${laneY}" stroke="${firstOfPara ? '#b8c2d0' : TIMELINE_COLORS.grid}"/>`);
    out.push(`<text x="${PAD}" y="${laneY + ROW_H / 2 + 4}" font-size="11.5" fill="${TIMELINE_COLORS.text}">${firstOfPara ? `<tspan font-weight="bold">para ${lane.paraId}</tspan> ` : ''}<tspan fill="${TIMELINE_COLORS.muted}">core ${lane.core}</tspan></text>`);
    const rows = laneRows[li]!;
    for (const [b, r] of rows) {
      const top = laneY + r * ROW_H + 3;
      // One pixel of air at each end, so back-to-back candidates on a core read as separate bars.
      const xStart = (b.continued ? xCol(b.startColumn) : xCol(b.startColumn) + COL / 2) + 1;
      const xBackedEnd = b.continued ? xStart : xCol(b.startColumn + 1);
      const xEnd =
        (b.end === 'pending' ? xCol(b.endColumn + 1) : b.end === 'abandoned' ? xCol(b.endColumn) : b.end === 'droppedAtSessionChange' ? xCol(b.endColumn + 1) : xCol(b.endColumn) + COL / 2) - 1;
      const xOutcome = b.end === 'pending' || b.end === 'abandoned' ? xEnd : b.end === 'droppedAtSessionChange' ? xCol(b.endColumn) + COL / 2 : xCol(b.endColumn);
      const rpCol = d.columns.findIndex((c) => c.hash === b.relayParent);
      const tip = [
        `candidate ${b.hash} (para ${b.paraId}, core ${b.core})`,
        b.continued ? `pending on the branch from #${d.columns[b.startColumn]?.number}` : `backed in #${b.backedIn} with relay parent #${b.relayParentNumber}`,
        b.reproposal ? 're-proposal: built on the parent head of a candidate that timed out' : '',
        `${END_LABEL[b.end]}${b.end === 'pending' ? '' : ` in #${d.columns[b.endColumn]?.number}`}${b.evictedWith ? ` (with ${short(b.evictedWith)})` : ''}`,
      ].filter(Boolean);
      const parts: string[] = [`<title>${esc(tip.join('\n'))}</title>`];
      // The relay parent, drawn when it is older than the block before the one that backed it
      // (never under synchronous backing): that is where asynchronous backing differs on chain.
      if (rpCol >= 0 && !b.continued && b.relayParentNumber < b.backedIn - 1) {
        const xr = xCol(rpCol) + COL / 2;
        const ly = top + BAR_H + 4 + (b.startColumn % 2) * 2;
        parts.push(`<line class="relay-parent" x1="${xr}" x2="${xStart}" y1="${ly}" y2="${ly}" stroke="${TIMELINE_COLORS.muted}" stroke-width="1"/><circle cx="${xr}" cy="${ly}" r="2.2" fill="${TIMELINE_COLORS.muted}"/>`);
      }
      if (xBackedEnd > xStart) parts.push(`<rect class="stage-backed" x="${xStart}" y="${top}" width="${xBackedEnd - xStart}" height="${BAR_H}" fill="${TIMELINE_COLORS.backed}"/>`);
      if (xOutcome > xBackedEnd) parts.push(`<rect class="stage-pending" x="${xBackedEnd}" y="${top}" width="${xOutcome - xBackedEnd}" height="${BAR_H}" fill="${TIMELINE_COLORS.pending}"/>`);
      if (b.end !== 'pending' && b.end !== 'abandoned' && xEnd > xOutcome)
        parts.push(`<rect class="stage-${b.end}" x="${xOutcome}" y="${top}" width="${xEnd - xOutcome}" height="${BAR_H}" fill="${TIMELINE_COLORS[b.end]}"/>`);
      if (b.end === 'abandoned') parts.push(`<rect class="stage-abandoned" x="${xOutcome - 4}" y="${top}" width="4" height="${BAR_H}" fill="${TIMELINE_COLORS.abandoned}" stroke="${TIMELINE_COLORS.muted}" stroke-dasharray="2 2"/>`);
      if (b.end === 'pending') parts.push(`<path d="M${xEnd - 1} ${top - 1} l5 ${BAR_H / 2 + 1} l-5 ${BAR_H / 2 + 1} z" fill="${TIMELINE_COLORS.pending}"/>`);
      if (b.reproposal) {
        parts.push(`<rect x="${xStart}" y="${top}" width="${Math.max(1, xEnd - xStart)}" height="${BAR_H}" fill="none" stroke="${TIMELINE_COLORS.text}" stroke-width="2"/>`);
        parts.push(`<text x="${xStart - 2}" y="${top + BAR_H - 2}" font-size="11" text-anchor="end" fill="${TIMELINE_COLORS.text}">↻</text>`);
      }
      if (xEnd - xStart >= 62) parts.push(`<text x="${xBackedEnd + 3}" y="${top + BAR_H - 3}" font-size="8.5" font-family="monospace" fill="${TIMELINE_COLORS.text}">${short(b.hash)}</text>`);
      out.push(
        `<g class="bar" data-candidate="${b.hash}" data-para="${b.paraId}" data-core="${b.core}" data-end="${b.end}" data-start-column="${b.startColumn}" data-end-column="${b.endColumn}"${b.reproposal ? ' data-reproposal="true"' : ''}${b.continued ? ' data-continued="true"' : ''}>${parts.join('')}</g>`,
      );
    }
    const ticksHere = d.ticks.filter((t) => t.paraId === lane.paraId && t.core === lane.core);
    const seen = new Map<number, number>();
    for (const t of ticksHere) {
      const n = seen.get(t.column) ?? 0;
      seen.set(t.column, n + 1);
      const x = xCol(t.column) + COL / 2 + 4 + ((n * 3) % (COL / 2 - 4));
      const tip = `rejected in #${d.columns[t.column]?.number}: candidate ${t.hash} (para ${t.paraId}${t.kind !== 'honest' ? `, schedule made it ${t.kind}` : ''}): ${t.error} (${t.rule})`;
      out.push(`<g class="rejected" data-candidate="${t.hash}" data-para="${t.paraId}" data-column="${t.column}"><title>${esc(tip)}</title><line x1="${x}" x2="${x}" y1="${laneY + 1}" y2="${laneY + BAR_H + 5}" stroke="${TIMELINE_COLORS.rejected}" stroke-width="2.5"/></g>`);
    }
    laneY += h;
  });
  out.push(`<line x1="${PAD}" x2="${gridRight}" y1="${laneY}" y2="${laneY}" stroke="#b8c2d0"/>`);
  if (d.violation) {
    const x = xCol(d.violation.column) + COL / 2;
    out.push(`<g class="violation"><title>${esc(`${d.violation.property}: ${d.violation.message}`)}</title><line x1="${x}" x2="${x}" y1="${lanesTop - 6}" y2="${laneY + 4}" stroke="${TIMELINE_COLORS.violation}" stroke-width="2"/><text x="${x}" y="${laneY + 16}" font-size="11" font-weight="bold" text-anchor="middle" fill="${TIMELINE_COLORS.violation}">⚠ ${esc(d.violation.property)}</text></g>`);
    laneY += 16;
  }
  const height = laneY - y0 + 10;
  const attrs = `class="timeline-panel" id="${esc(`${prefix}panel-${index}`)}" data-preset="${esc(d.params.name)}" data-blocks="${d.columns.length - 1}"`;
  return { svg: `<g ${attrs}>${out.join('')}</g>`, height };
}

// ---------------------------------------------------------------------------------------------
// Drawing a pipeline run

const P_ROW_H = 18;
const THIN_H = 6;

/** Column width of a pipeline picture: three thirds of 10 px while it fits a laptop screen, narrower beyond. */
export function pipelineColumnWidth(columns: number): number {
  return columns <= 36 ? 30 : columns <= 52 ? 24 : 18;
}

const PIPELINE_END_LABEL: Readonly<Record<ParablockEnd, string>> = {
  ...END_LABEL,
  pending: 'still pending availability when the run ends',
  notSeconded: 'not seconded by the block author\u2019s node',
  droppedByNode: 'dropped by the node from every fragment chain (its relay parent left the scope, or its fork lost)',
  waiting: 'still off chain when the run ends',
};

const STAGE_LABEL: Readonly<Record<ParablockStage, string>> = {
  collated: 'collated: its collation is on its way to the block author',
  seconded: 'seconded, waiting for backing votes',
  groupBacked: 'backed by its group, waiting for a block',
  backed: 'backed on chain in this block',
  pending: 'pending availability',
  included: 'included (enacted)',
  timedOut: 'timed out',
  evicted: 'evicted with an ancestor',
  concludedInvalid: 'concluded invalid',
  droppedAtSessionChange: 'dropped at a session change',
  notSeconded: 'not seconded by the node',
  droppedByNode: 'dropped by the node',
};

const stageColor = (s: ParablockStage): string => TIMELINE_COLORS[s];

/** Legend items laid out left to right, wrapping at `width` (text widths estimated at 6 px a character). */
function flowLegend(items: readonly [string, string][], x: number, y: number, width: number): { svg: string; height: number } {
  let ix = 0;
  let row = 0;
  const parts: string[] = [];
  for (const [icon, text] of items) {
    const w = 22 + Math.ceil(text.length * 5.9) + 18;
    if (ix > 0 && ix + w > width) {
      ix = 0;
      row++;
    }
    parts.push(`<g transform="translate(${x + ix},${y + row * 18})">${icon}<text x="22" y="${BAR_H - 2}" font-size="11" fill="${TIMELINE_COLORS.text}">${esc(text)}</text></g>`);
    ix += w;
  }
  return { svg: `<g class="legend">${parts.join('')}</g>`, height: (row + 1) * 18 };
}

function pipelineLegend(data: readonly PipelineTimelineData[], x: number, y: number, width: number): { svg: string; height: number } {
  const bars = data.flatMap((d) => d.bars);
  const has = (s: ParablockStage) => bars.some((b) => b.segments.some((g) => g.stage === s));
  const thin = (s: ParablockStage) => `<rect y="${(BAR_H - THIN_H) / 2}" width="16" height="${THIN_H}" fill="${stageColor(s)}"/>`;
  const thick = (s: ParablockStage) => `<rect width="16" height="${BAR_H}" fill="${stageColor(s)}"/>`;
  const cap = (color: string) => `<line x1="15" x2="15" y1="0" y2="${BAR_H}" stroke="${color}" stroke-width="2"/>`;
  const items: [string, string, boolean][] = [
    [`<circle cx="4" cy="${BAR_H / 2}" r="3" fill="${TIMELINE_COLORS.built}"/>`, 'built by its collator on the new leaf', true],
    [thin('collated'), STAGE_LABEL.collated, true],
    [thin('seconded'), STAGE_LABEL.seconded, true],
    [thin('groupBacked'), STAGE_LABEL.groupBacked, true],
    [thick('backed'), STAGE_LABEL.backed, true],
    [thick('pending'), STAGE_LABEL.pending, true],
    [thick('included'), STAGE_LABEL.included, true],
    [thick('timedOut'), STAGE_LABEL.timedOut, true],
    [thick('evicted'), STAGE_LABEL.evicted, has('evicted')],
    [thick('concludedInvalid'), STAGE_LABEL.concludedInvalid, has('concludedInvalid')],
    [thick('droppedAtSessionChange'), STAGE_LABEL.droppedAtSessionChange, has('droppedAtSessionChange')],
    [`<rect x="12" width="4" height="${BAR_H}" fill="${TIMELINE_COLORS.abandoned}" stroke="${TIMELINE_COLORS.muted}" stroke-dasharray="2 2"/>`, 'abandoned on a fork', bars.some((b) => b.onChain.some((e) => e.end === 'abandoned'))],
    [thin('notSeconded') + cap(TIMELINE_COLORS.notSeconded), STAGE_LABEL.notSeconded, has('notSeconded')],
    [thin('droppedByNode') + cap(TIMELINE_COLORS.droppedByNode), STAGE_LABEL.droppedByNode, has('droppedByNode')],
    [`<rect width="16" height="${BAR_H}" fill="${TIMELINE_COLORS.pending}" stroke="${TIMELINE_COLORS.text}" stroke-width="2"/>`, 're-proposal (\u21bb)', true],
    [`<line x1="8" x2="8" y1="-1" y2="${BAR_H + 1}" stroke="${TIMELINE_COLORS.rejected}" stroke-width="2.5"/>`, 'rejected by the runtime', data.some((d) => d.ticks.length > 0)],
    [`<rect y="${(BAR_H - THIN_H) / 2}" width="10" height="${THIN_H}" fill="${TIMELINE_COLORS.collated}"/><path d="M10 0 l5 ${BAR_H / 2} l-5 ${BAR_H / 2} z" fill="${TIMELINE_COLORS.collated}"/>`, 'still waiting or pending when the run ends', true],
  ];
  return flowLegend(
    items.filter((i) => i[2]).map(([icon, text]) => [icon, text]),
    x,
    y,
    width,
  );
}

/** Where an episode's on-chain stretch ends, in thirds (as the marks of `pipelineTimelineOf`). */
function episodeEnd(e: OnChainEpisode, runEnd: number): number {
  switch (e.end) {
    case 'abandoned':
      return thirdOf(e.endColumn, 0);
    case 'droppedAtSessionChange':
      return thirdOf(e.endColumn + 1, 0);
    case 'pending':
      return runEnd;
    default:
      return thirdOf(e.endColumn, 1);
  }
}

/** Splits a line into lines of at most `width` px (estimated: `charW` px a character), at spaces. */
function wrapText(text: string, width: number, charW: number): string[] {
  const max = Math.max(20, Math.floor(width / charW));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function pipelineRows(bars: readonly ParablockBar[]): Map<ParablockBar, number> {
  const rows: number[] = [];
  const out = new Map<ParablockBar, number>();
  for (const b of bars) {
    const start = b.segments[0]?.from ?? 0;
    const end = b.segments[b.segments.length - 1]?.to ?? start + 1;
    let r = rows.findIndex((free) => free <= start);
    if (r < 0) r = rows.length;
    rows[r] = end;
    out.set(b, r);
  }
  return out;
}

function barTip(b: ParablockBar, d: PipelineTimelineData): string {
  const n = (c: number | null) => (c === null ? '?' : `#${d.columns[c]?.number ?? '?'}`);
  const lines = [
    `parablock ${b.number >= 0 ? `#${b.number} ` : ''}of para ${b.paraId} (${short(b.parablock)}), candidate ${short(b.candidate)}, core ${b.core}`,
    b.builtColumn !== null ? `collated: built in slot ${n(b.builtColumn)} on relay parent #${b.relayParentNumber}, parent head ${short(b.parentHead)}` : 'on chain, but built by no collator of the run',
    b.secondedColumn !== null ? `seconded in the block author\u2019s node in slot ${n(b.secondedColumn)}` : '',
    b.rejection ? `not seconded: ${b.rejection}` : '',
    b.groupBackedColumn !== null ? `backed by its group in slot ${n(b.groupBackedColumn)}` : '',
  ];
  for (const e of b.onChain) {
    lines.push(
      `${e.continued ? `pending on the branch from ${n(e.startColumn)}` : `backed on chain in #${e.backedIn} (core ${e.core})`}${e.reproposal ? ' \u21bb re-proposal' : ''}; ${END_LABEL[e.end]}${e.end === 'pending' ? '' : ` in ${n(e.endColumn)}`}${e.evictedWith ? ` (with ${short(e.evictedWith)})` : ''}`,
    );
  }
  if (b.end === 'notSeconded' || b.end === 'droppedByNode' || b.end === 'waiting') lines.push(`${PIPELINE_END_LABEL[b.end]}${b.end === 'waiting' ? '' : ` in slot ${n(b.endColumn)}`}`);
  return lines.filter(Boolean).join('\n');
}

function pipelinePanelSvg(p: TimelinePanel & { data: PipelineTimelineData }, index: number, y0: number, columnsShown: number, prefix: string, colW: number): { svg: string; height: number } {
  const d = p.data;
  const out: string[] = [];
  const third = colW / 3;
  const xCol = (c: number) => LABEL_W + c * colW;
  const xPos = (pos: number) => LABEL_W + pos * third;
  const runEnd = 3 * d.columns.length;
  const st = pipelineTimelineStats(d);
  let y = y0;
  out.push(`<text x="${PAD}" y="${y + 14}" font-size="14" font-weight="bold" fill="${TIMELINE_COLORS.text}">${esc(p.title)}</text>`);
  y += 20;
  const textWidth = LABEL_W + columnsShown * colW - PAD;
  for (const line of p.subtitle ? wrapText(p.subtitle, textWidth, 5.8) : []) {
    out.push(`<text x="${PAD}" y="${y + 12}" font-size="11.5" fill="${TIMELINE_COLORS.muted}">${esc(line)}</text>`);
    y += 17;
  }
  const summary = [
    `${st.built} parablocks built`,
    `${st.groupBacked} backed by their group`,
    `${st.backedOnChain} backed on chain`,
    st.reproposals ? `${st.reproposals} re-proposed` : '',
    `${st.included} included`,
    st.timedOut ? `${st.timedOut} timed out` : '',
    st.evicted ? `${st.evicted} evicted` : '',
    st.concludedInvalid ? `${st.concludedInvalid} concluded invalid` : '',
    st.dropped ? `${st.dropped} dropped at session change` : '',
    st.abandoned ? `${st.abandoned} abandoned on forks` : '',
    st.notSeconded ? `${st.notSeconded} not seconded` : '',
    st.droppedByNode ? `${st.droppedByNode} dropped by the node` : '',
    st.rejected ? `${st.rejected} rejected` : '',
    st.waiting || st.pending ? `${st.waiting + st.pending} still in flight` : '',
    st.forks ? `${st.forks} forks` : '',
  ].filter(Boolean);
  for (const line of wrapText(`${st.blocks} relay slots: ${summary.join(', ')}`, textWidth, 6.2)) {
    out.push(`<text x="${PAD}" y="${y + 12}" font-size="11.5" fill="${TIMELINE_COLORS.text}">${esc(line)}</text>`);
    y += 17;
  }
  for (const note of p.notes ?? [])
    for (const line of wrapText(note, textWidth, 6.4)) {
      out.push(`<text class="panel-note" x="${PAD}" y="${y + 12}" font-size="11.5" font-weight="bold" fill="${TIMELINE_COLORS.text}">${esc(line)}</text>`);
      y += 17;
    }
  y += 4;
  if (d.violation) {
    out.push(`<text x="${PAD}" y="${y + 12}" font-size="11.5" font-weight="bold" fill="${TIMELINE_COLORS.violation}">${esc(`\u26a0 ${d.violation.property} fails in block #${d.columns[d.violation.column]?.number ?? '?'}: ${d.violation.message}`)}</text>`);
    y += 20;
  }

  const every = columnsShown <= 60 ? 1 : 2;
  const axisY = y + 12;
  out.push(`<text x="${PAD}" y="${axisY}" font-size="11" fill="${TIMELINE_COLORS.muted}">relay slot / block</text>`);
  d.columns.forEach((c, i) => {
    if (i % every === 0 || c.fork)
      out.push(`<text class="block-number" x="${xCol(i) + colW / 2}" y="${axisY}" font-size="10" text-anchor="middle" fill="${c.fork ? TIMELINE_COLORS.evicted : TIMELINE_COLORS.muted}">${c.number}</text>`);
    if (c.fork)
      out.push(`<text x="${xCol(i) + colW / 2}" y="${axisY + 11}" font-size="9" text-anchor="middle" fill="${TIMELINE_COLORS.evicted}"><title>${esc(`#${c.number} is built on #${c.parentNumber}: a relay-chain fork`)}</title>fork</text>`);
  });
  y = axisY + 14;

  const lanesTop = y;
  const laneBars = d.lanes.map((l) => d.bars.filter((b) => b.paraId === l.paraId && b.core === l.core));
  // A bar whose core is no lane of its para (never in a correct run) goes to its para's first lane.
  for (const b of d.bars) if (!d.lanes.some((l) => l.paraId === b.paraId && l.core === b.core)) laneBars[Math.max(0, d.lanes.findIndex((l) => l.paraId === b.paraId))]?.push(b);
  const laneRows = laneBars.map((bs) => pipelineRows(bs));
  const laneHeights = laneRows.map((r) => Math.max(1, ...[...r.values()].map((x) => x + 1)) * P_ROW_H + 4);
  const lanesHeight = laneHeights.reduce((s, h) => s + h, 0);
  const gridRight = xCol(columnsShown);
  for (let i = 0; i < columnsShown; i++) {
    const x = xCol(i);
    out.push(`<rect x="${x}" y="${lanesTop}" width="${colW}" height="${lanesHeight}" fill="${i % 2 === 0 ? '#f7f9fc' : '#ffffff'}"/>`);
    out.push(`<line x1="${x + 2 * third}" x2="${x + 2 * third}" y1="${lanesTop}" y2="${lanesTop + lanesHeight}" stroke="${TIMELINE_COLORS.grid}" stroke-dasharray="1 3"/>`);
  }
  d.columns.forEach((c, i) => {
    if (c.endsSession) out.push(`<line x1="${xCol(i + 1)}" x2="${xCol(i + 1)}" y1="${lanesTop - 4}" y2="${lanesTop + lanesHeight + 4}" stroke="${TIMELINE_COLORS.muted}" stroke-width="1.5" stroke-dasharray="4 2"><title>${esc(`session change at the end of #${c.number}`)}</title></line>`);
    if (c.fork) out.push(`<line x1="${xCol(i)}" x2="${xCol(i)}" y1="${lanesTop - 4}" y2="${lanesTop + lanesHeight}" stroke="${TIMELINE_COLORS.evicted}" stroke-width="1.5"/>`);
  });
  let laneY = lanesTop;
  d.lanes.forEach((lane, li) => {
    const h = laneHeights[li]!;
    const firstOfPara = li === 0 || d.lanes[li - 1]!.paraId !== lane.paraId;
    out.push(`<line x1="${PAD}" x2="${gridRight}" y1="${laneY}" y2="${laneY}" stroke="${firstOfPara ? '#b8c2d0' : TIMELINE_COLORS.grid}"/>`);
    out.push(`<text x="${PAD}" y="${laneY + P_ROW_H / 2 + 6}" font-size="11.5" fill="${TIMELINE_COLORS.text}">${firstOfPara ? `<tspan font-weight="bold">para ${lane.paraId}</tspan> ` : ''}<tspan fill="${TIMELINE_COLORS.muted}">core ${lane.core}</tspan></text>`);
    for (const [b, r] of laneRows[li]!) {
      const top = laneY + 4 + r * P_ROW_H;
      const segs = b.segments;
      if (segs.length === 0) continue;
      const parts: string[] = [`<title>${esc(barTip(b, d))}</title>`];
      segs.forEach((g, k) => {
        // One pixel of air at each end, so back-to-back parablocks in a row read as separate bars.
        const x0 = xPos(g.from) + (k === 0 ? 1 : 0);
        const x1 = xPos(g.to) - (k === segs.length - 1 ? 1 : 0);
        if (x1 <= x0) return;
        const thin = OFF_CHAIN_STAGES.has(g.stage);
        parts.push(`<rect class="stage stage-${g.stage}" data-stage="${g.stage}" x="${x0}" y="${thin ? top + (BAR_H - THIN_H) / 2 : top}" width="${x1 - x0}" height="${thin ? THIN_H : BAR_H}" fill="${stageColor(g.stage)}"/>`);
      });
      const xStart = xPos(segs[0]!.from) + 1;
      const xEnd = xPos(segs[segs.length - 1]!.to) - 1;
      for (const e of b.onChain)
        if (e.reproposal) {
          const x0 = xPos(e.continued ? thirdOf(e.startColumn, 0) : thirdOf(e.startColumn, 1));
          const x1 = xPos(episodeEnd(e, runEnd)) - 1;
          parts.push(`<rect class="reproposal" x="${x0}" y="${top}" width="${Math.max(1, x1 - x0)}" height="${BAR_H}" fill="none" stroke="${TIMELINE_COLORS.text}" stroke-width="2"/>`);
        }
      if (b.reproposal) parts.push(`<text x="${xStart - 2}" y="${top + BAR_H - 2}" font-size="11" text-anchor="end" fill="${TIMELINE_COLORS.text}">\u21bb</text>`);
      if (b.builtColumn !== null) parts.push(`<circle class="built" cx="${xStart + 2}" cy="${top + BAR_H / 2}" r="3" fill="${TIMELINE_COLORS.built}"/>`);
      const lastStage = segs[segs.length - 1]!.stage;
      if (b.end === 'waiting' || b.end === 'pending') {
        const thin = OFF_CHAIN_STAGES.has(lastStage);
        const h2 = thin ? THIN_H / 2 + 1 : BAR_H / 2 + 1;
        parts.push(`<path d="M${xEnd} ${top + BAR_H / 2 - h2} l5 ${h2} l-5 ${h2} z" fill="${stageColor(lastStage)}"/>`);
      }
      if (b.end === 'notSeconded' || b.end === 'droppedByNode') parts.push(`<line x1="${xEnd}" x2="${xEnd}" y1="${top}" y2="${top + BAR_H}" stroke="${stageColor(b.end)}" stroke-width="2"/>`);
      if (b.onChain.at(-1)?.end === 'abandoned' && b.end === 'abandoned') parts.push(`<rect class="stage-abandoned" x="${xEnd - 4}" y="${top}" width="4" height="${BAR_H}" fill="${TIMELINE_COLORS.abandoned}" stroke="${TIMELINE_COLORS.muted}" stroke-dasharray="2 2"/>`);
      // The parablock's number, in its longest light stretch when it fits.
      const light = segs.filter((g) => g.stage === 'pending' || g.stage === 'collated' || g.stage === 'seconded').sort((a, c) => c.to - c.from - (a.to - a.from))[0];
      const room = light ? xPos(light.to) - Math.max(xPos(light.from) + 3, b.builtColumn !== null ? xStart + 7 : 0) : 0;
      if (light && b.number >= 0 && room >= 4 + 6 * String(b.number).length)
        parts.push(`<text x="${Math.max(xPos(light.from) + 3, b.builtColumn !== null ? xStart + 7 : 0)}" y="${top + BAR_H - 3}" font-size="9" font-family="monospace" fill="${TIMELINE_COLORS.text}">${b.number}</text>`);
      const backed = b.onChain.filter((e) => !e.continued).map((e) => e.startColumn);
      const included = b.onChain.find((e) => e.end === 'included');
      const col = (c: number | null) => (c === null ? '' : String(c));
      out.push(
        `<g class="bar" data-parablock="${b.parablock}" data-candidate="${b.candidate}" data-para="${b.paraId}" data-core="${b.core}" data-number="${b.number}" data-end="${b.end}" data-end-column="${b.endColumn}" data-built-column="${col(b.builtColumn)}" data-seconded-column="${col(b.secondedColumn)}" data-group-backed-column="${col(b.groupBackedColumn)}" data-backed-columns="${backed.join(' ')}" data-included-column="${included ? included.endColumn : ''}" data-stages="${segs.map((g) => g.stage).join(' ')}"${b.reproposal ? ' data-reproposal="true"' : ''}>${parts.join('')}</g>`,
      );
    }
    const seen = new Map<number, number>();
    for (const t of d.ticks.filter((x) => x.paraId === lane.paraId && x.core === lane.core)) {
      const n = seen.get(t.column) ?? 0;
      seen.set(t.column, n + 1);
      const x = xPos(thirdOf(t.column, 1)) + 2 + ((n * 3) % Math.max(1, third - 3));
      const tip = `rejected in #${d.columns[t.column]?.number}: candidate ${t.hash} (para ${t.paraId}): ${t.error} (${t.rule})`;
      out.push(`<g class="rejected" data-candidate="${t.hash}" data-para="${t.paraId}" data-column="${t.column}"><title>${esc(tip)}</title><line x1="${x}" x2="${x}" y1="${laneY + 1}" y2="${laneY + BAR_H + 5}" stroke="${TIMELINE_COLORS.rejected}" stroke-width="2.5"/></g>`);
    }
    laneY += h;
  });
  out.push(`<line x1="${PAD}" x2="${gridRight}" y1="${laneY}" y2="${laneY}" stroke="#b8c2d0"/>`);
  if (d.violation) {
    const x = xCol(d.violation.column) + colW / 2;
    out.push(`<g class="violation"><title>${esc(`${d.violation.property}: ${d.violation.message}`)}</title><line x1="${x}" x2="${x}" y1="${lanesTop - 6}" y2="${laneY + 4}" stroke="${TIMELINE_COLORS.violation}" stroke-width="2"/><text x="${x}" y="${laneY + 16}" font-size="11" font-weight="bold" text-anchor="middle" fill="${TIMELINE_COLORS.violation}">\u26a0 ${esc(d.violation.property)}</text></g>`);
    laneY += 16;
  }
  const height = laneY - y0 + 10;
  const attrs = `class="timeline-panel" id="${esc(`${prefix}panel-${index}`)}" data-kind="pipeline" data-preset="${esc(d.params.name)}" data-blocks="${d.columns.length - 1}"`;
  return { svg: `<g ${attrs}>${out.join('')}</g>`, height };
}

/**
 * One SVG with a panel per run, on a common x axis (so the same schedule under several presets lines
 * up slot by slot), with a legend and an axis caption. All panels are relay-level runs, or all are
 * pipeline runs.
 */
export function renderTimeline(panels: readonly TimelinePanel[], opts: TimelineSvgOptions = {}): string {
  if (panels.length === 0) throw new Error('renderTimeline: nothing to draw');
  const kinds = new Set(panels.map((p) => p.data.kind));
  if (kinds.size > 1) throw new Error('renderTimeline: draw relay-level runs and pipeline runs in separate pictures');
  const pipeline = kinds.has('pipeline');
  const columnsShown = Math.max(...panels.map((p) => p.data.columns.length));
  const colW = pipeline ? pipelineColumnWidth(columnsShown) : COL;
  const width = LABEL_W + columnsShown * colW + PAD + 6;
  const parts: string[] = [];
  let y = PAD;
  if (opts.heading) {
    parts.push(`<text x="${PAD}" y="${y + 15}" font-size="16" font-weight="bold" fill="${TIMELINE_COLORS.text}">${esc(opts.heading)}</text>`);
    y += 26;
  }
  const lg = pipeline ? pipelineLegend(panels.map((p) => p.data as PipelineTimelineData), PAD, y, width - 2 * PAD) : legend(PAD, y, width - 2 * PAD);
  parts.push(lg.svg);
  y += lg.height + 4;
  const caption = pipeline
    ? [
        'Each column is a relay slot in three thirds: its block\u2019s availability (inclusion, timeouts), its block\u2019s backing, then the new leaf (collators build on it; collations are seconded and backed).',
        'Thin bars: off chain (collator, node); thick bars: on the relay chain. A parablock sits in the lane of the core its collation names, from the slot it is built; overlapping parablocks stack. Hover for details.',
      ]
    : ['Each column is a relay block in import order: its left half is availability (inclusion, timeouts), its right half backing. Hover for details.'];
  for (const line of caption) {
    parts.push(`<text x="${PAD}" y="${y + 11}" font-size="10.5" fill="${TIMELINE_COLORS.muted}">${esc(line)}</text>`);
    y += 15;
  }
  y += 7;
  panels.forEach((p, i) => {
    const r = p.data.kind === 'pipeline' ? pipelinePanelSvg(p as TimelinePanel & { data: PipelineTimelineData }, i, y, columnsShown, opts.idPrefix ?? '', colW) : panelSvg(p as TimelinePanel & { data: TimelineData }, i, y, columnsShown, opts.idPrefix ?? '');
    parts.push(r.svg);
    y += r.height + 12;
  });
  const height = y;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" role="img" aria-label="${esc(opts.heading ?? panels.map((p) => p.title).join(' / '))}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
