/**
 * Pipeline pictures: a run (the steps of `runSchedule`, or a counterexample of `runSuite`) drawn as
 * an SVG timeline. Relay blocks run along the x axis in import order; there is one lane per para and
 * core; every parablock candidate is a bar through its stages: backed (the backing phase of the block
 * that put it on its core), pending availability (the blocks it waited), and how it left: included,
 * timed out, evicted with an ancestor, concluded invalid, dropped at a session change, or abandoned
 * when the relay chain forked away from its branch. A candidate built on the same parent head as one
 * that timed out is marked as a re-proposal; a rejected candidate is a tick. A thin line under each bar
 * reaches back to the candidate's relay parent when it is older than the block before the one that
 * backed it: that is where synchronous and asynchronous backing differ on the relay chain.
 *
 * Each block's column has two halves, in the runtime's order: availability (disputes, bitfields,
 * enactment, timeouts) on the left, backing on the right. So a candidate included in block N and its
 * successor backed in block N sit side by side in N's column.
 *
 * Everything drawn is read from the run: the block outcomes (`BlockOutcome`) and the runtime state
 * after each block. The SVG is written by hand: no charting library draws a Gantt-like chart as SVG
 * in Node without a browser (Mermaid's gantt needs a DOM, Vega and Plotly need a canvas or a
 * headless browser for static SVG), and Graphviz lays out graphs, not time axes. The output is
 * deterministic (integer coordinates, no dates, no random ids).
 */
import { coresOf, type ModelParams } from '../spec/params.ts';
import type { PendingCandidate } from '../spec/relay/state.ts';
import type { CandidateHash, CoreIndex, Hash, HeadData, ParaId } from '../spec/types.ts';
import type { Violation } from './harness.ts';
import type { StepView } from './projection.ts';

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
// Drawing

export interface TimelinePanel {
  readonly title: string;
  readonly subtitle?: string;
  readonly data: TimelineData;
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

function panelSvg(p: TimelinePanel, index: number, y0: number, columnsShown: number, prefix: string): { svg: string; height: number } {
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

/**
 * One SVG with a panel per run, on a common x axis (so the same schedule under two presets lines up
 * block by block), with a legend and an axis caption.
 */
export function renderTimeline(panels: readonly TimelinePanel[], opts: TimelineSvgOptions = {}): string {
  if (panels.length === 0) throw new Error('renderTimeline: nothing to draw');
  const columnsShown = Math.max(...panels.map((p) => p.data.columns.length));
  const width = LABEL_W + columnsShown * COL + PAD + 6;
  const parts: string[] = [];
  let y = PAD;
  if (opts.heading) {
    parts.push(`<text x="${PAD}" y="${y + 15}" font-size="16" font-weight="bold" fill="${TIMELINE_COLORS.text}">${esc(opts.heading)}</text>`);
    y += 26;
  }
  const lg = legend(PAD, y, width - 2 * PAD);
  parts.push(lg.svg);
  y += lg.height + 4;
  parts.push(
    `<text x="${PAD}" y="${y + 11}" font-size="10.5" fill="${TIMELINE_COLORS.muted}">${esc('Each column is a relay block in import order: its left half is availability (inclusion, timeouts), its right half backing. Hover for details.')}</text>`,
  );
  y += 22;
  panels.forEach((p, i) => {
    const r = panelSvg(p, i, y, columnsShown, opts.idPrefix ?? '');
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
