/**
 * Trace validation: replay an observed trace (another implementation's events, with the verdicts
 * and/or states it produced) through the oracle and report the first step where they disagree:
 * the step, the event, the field, what the oracle expected, what was observed, and the rule
 * involved. Only what the observation contains is compared (an implementation may report part of a
 * verdict or of the projection); a verdict's `detail` (a human-readable message) is never compared.
 */
import type { ModelParams } from '../spec/params.ts';
import { RULE_BOOK } from '../spec/ruleBook.ts';
import { TraceError } from './errors.ts';
import { applyEvent, initialOracle, project, type OracleState, type Verdict } from './oracle.ts';
import { firstDifference } from './projection.ts';
import type { ObservedTrace } from './traceFile.ts';

export interface Divergence {
  readonly step: number;
  /** Where in the file (line or ITF state index). */
  readonly at: { readonly line?: number; readonly state?: number };
  readonly event: unknown;
  /** `verdict` or `state`, and the JSON pointer inside it. */
  readonly field: string;
  readonly expected: unknown;
  readonly observed: unknown;
  /** The rule the expected (or observed) verdict names at that point, if any. */
  readonly rule: string | null;
}

export interface CheckResult {
  readonly steps: number;
  readonly comparedVerdicts: number;
  readonly comparedStates: number;
  readonly divergence: Divergence | null;
}

/** Drops the human-readable `detail` fields, which are not part of a verdict's meaning. */
export function comparable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(comparable);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([k]) => k !== 'detail').map(([k, x]) => [k, comparable(x)]));
  return v;
}

/** The rule named by the nearest enclosing object of `pointer` in the verdicts (expected first). */
function ruleAt(pointer: string, ...verdicts: unknown[]): string | null {
  const parts = pointer.split('/').slice(1);
  for (const v of verdicts) {
    let node: unknown = v;
    let found: string | null = null;
    for (let i = 0; i <= parts.length; i++) {
      if (node !== null && typeof node === 'object' && typeof (node as { rule?: unknown }).rule === 'string') found = (node as { rule: string }).rule;
      if (i === parts.length || node === null || typeof node !== 'object') break;
      node = (node as Record<string, unknown>)[parts[i]!];
    }
    if (found) return found;
  }
  return null;
}

export function checkTrace(trace: ObservedTrace, paramsOverride?: ModelParams): CheckResult {
  const params = paramsOverride ?? trace.params;
  const loc = trace.file !== undefined ? { file: trace.file } : {};
  if (!params) throw new TraceError('the trace names no parameters (header "params"/"preset", or ITF #meta); pass --preset or --params', loc);
  let state: OracleState = initialOracle(params);
  let comparedVerdicts = 0;
  let comparedStates = 0;
  if (trace.initial !== undefined) {
    const d = firstDifference(project(state), trace.initial);
    comparedStates++;
    if (d) return { steps: 0, comparedVerdicts, comparedStates, divergence: { step: -1, at: { state: 0 }, event: null, field: `state${d.path}`, expected: d.expected, observed: d.observed, rule: null } };
  }
  for (let i = 0; i < trace.steps.length; i++) {
    const s = trace.steps[i]!;
    let verdict: Verdict;
    try {
      const r = applyEvent(state, s.event);
      state = r.state;
      verdict = r.verdict;
    } catch (e) {
      if (e instanceof TraceError) throw e.at({ ...loc, step: i, ...(s.at.line !== undefined ? { line: s.at.line } : {}), field: `/event${e.where.field ?? ''}` });
      throw e;
    }
    if (s.verdict !== undefined) {
      comparedVerdicts++;
      const d = firstDifference(comparable(verdict), comparable(s.verdict));
      if (d) return { steps: i + 1, comparedVerdicts, comparedStates, divergence: { step: i, at: s.at, event: s.event, field: `verdict${d.path === '/' ? '' : d.path}`, expected: d.expected, observed: d.observed, rule: ruleAt(d.path, verdict, s.verdict) } };
    }
    if (s.state !== undefined) {
      comparedStates++;
      const d = firstDifference(project(state), s.state);
      if (d) return { steps: i + 1, comparedVerdicts, comparedStates, divergence: { step: i, at: s.at, event: s.event, field: `state${d.path === '/' ? '' : d.path}`, expected: d.expected, observed: d.observed, rule: null } };
    }
  }
  return { steps: trace.steps.length, comparedVerdicts, comparedStates, divergence: null };
}

function short(v: unknown, max = 300): string {
  const s = JSON.stringify(v);
  return s === undefined ? 'absent' : s.length > max ? `${s.slice(0, max)}…` : s;
}

function eventSummary(e: unknown): string {
  if (e === null || typeof e !== 'object') return short(e, 120);
  const x = e as Record<string, unknown>;
  const h = (v: unknown) => (typeof v === 'string' ? v.slice(0, 8) : '?');
  switch (x.type) {
    case 'relayBlock':
      return `relayBlock ${h(x.hash)} on ${h(x.parent)} (${Array.isArray(x.backed) ? x.backed.length : 0} backed, ${Array.isArray(x.bitfields) ? x.bitfields.length : 0} bitfields)`;
    case 'collation':
      return `collation of candidate ${h((x.candidate as Record<string, unknown> | undefined)?.hash)}`;
    case 'backingVotes':
      return `backingVotes for ${h(x.candidate)} (${Array.isArray(x.votes) ? x.votes.length : 0} votes)`;
    case 'parachainBlock':
      return `parachainBlock ${h(x.hash)} of para ${String(x.para)} on ${h(x.parent)}`;
    default:
      return short(e, 120);
  }
}

/** A report a person can read (printed by `check`). */
export function formatCheck(r: CheckResult, file?: string): string {
  const name = file ?? 'the trace';
  if (!r.divergence) return `${name} conforms: ${r.steps} steps replayed, ${r.comparedVerdicts} verdicts and ${r.comparedStates} states compared`;
  const d = r.divergence;
  const rule = d.rule ? RULE_BOOK.find((x) => x.id === d.rule) : undefined;
  const where = d.at.line !== undefined ? `line ${d.at.line}` : d.at.state !== undefined ? `ITF state ${d.at.state}` : '';
  return [
    `${name} diverges at step ${d.step}${where ? ` (${where})` : ''}: ${eventSummary(d.event)}`,
    `  field:    ${d.field}`,
    `  expected: ${short(d.expected)}`,
    `  observed: ${short(d.observed)}`,
    ...(d.rule ? [`  rule:     ${d.rule}${rule ? ` ${rule.fn}: ${rule.title}` : ''}`] : []),
    `  (${r.comparedVerdicts - (d.field.startsWith('verdict') ? 1 : 0)} verdicts and ${r.comparedStates - (d.field.startsWith('state') ? 1 : 0)} states agreed before it)`,
  ].join('\n');
}
