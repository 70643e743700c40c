/**
 * `async-backing diagram`: every machine in `MACHINES` drawn from its own configuration, so what a
 * reviewer sees is what runs (CONVENTIONS 3, 10). Four formats per machine:
 *
 * - `mermaid` (`<id>.mmd`): `stateDiagram-v2`, which GitHub renders as is;
 * - `dot` (`<id>.dot`): Graphviz;
 * - `svg` (`<id>.svg`): the DOT rendered in Node by `@viz-js/viz` (Graphviz compiled to WebAssembly;
 *   no browser, no system binary);
 * - `json` (`<id>.json`): `machine.toJSON()` (= `machine.definition`), the form Stately's inspector
 *   and visualizer read. xstate 5.33's `toJSON()` leaves eventless (`always`) transitions out of the
 *   definition; we add them to each state as `always`, in the same serialized form as its `on`.
 *
 * Every transition is labelled with its event (`always` for eventless ones, `after <delay>` for
 * delayed ones), its guard (`[else]` for the unguarded fallback after guarded alternatives) and the
 * rule IDs its `description` cites (consecutive IDs written as a range, `RT-05..RT-11`). A
 * transition without a target is drawn as a loop marked `(stays)`. Final states are final (Mermaid
 * `X --> [*]`, DOT `doublecircle`); compound states are nested (Mermaid `state { }`, DOT clusters).
 *
 * Output is deterministic: states and transitions in the machines' definition order, no dates.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, accessSync, constants, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { AnyStateMachine } from 'xstate';
import { instance, type Viz } from '@viz-js/viz';
import { ParamsError } from '../spec/params.ts';
import { ruleIdsIn } from '../spec/ruleBook.ts';
import { MACHINES, ROOT } from './rulebook.ts';

// ---------------------------------------------------------------------------------------------
// Errors

/**
 * Bad input to the review commands (diagram, timeline, report): names the option and what is wrong.
 * A `ParamsError`, so the command-line tool maps it to exit status 2 like every other input error.
 */
export class ReviewInputError extends ParamsError {
  constructor(option: string, message: string) {
    super(option, message);
    this.name = 'ReviewInputError';
  }
}

// ---------------------------------------------------------------------------------------------
// The graph of a machine, read from its state nodes

export type StateKind = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

export interface DiagramState {
  /** Path from the root, joined with dots (`parent.child`). */
  readonly path: string;
  readonly key: string;
  readonly parent: string | null;
  readonly kind: StateKind;
  readonly description: string | null;
  /** The initial child's path (compound states). */
  readonly initial: string | null;
  readonly children: readonly string[];
}

export type EdgeKind = 'event' | 'always' | 'after';

export interface DiagramEdge {
  readonly source: string;
  /** Target paths; empty for a transition without a target (the state does not change). */
  readonly targets: readonly string[];
  readonly kind: EdgeKind;
  /** The event type (`event`), the delay (`after`), or '' (`always`). */
  readonly event: string;
  readonly guard: string | null;
  /** Unguarded, after guarded alternatives for the same event: taken when none of them is. */
  readonly otherwise: boolean;
  readonly rules: readonly string[];
  readonly description: string;
}

export interface MachineGraph {
  readonly id: string;
  readonly description: string | null;
  /** Every state, parents before children, in definition order. */
  readonly states: readonly DiagramState[];
  /** The root's initial state. */
  readonly initial: string | null;
  readonly edges: readonly DiagramEdge[];
}

/** Structural view of an XState state node (what this module reads of it). */
interface NodeLike {
  readonly key: string;
  readonly path: readonly string[];
  readonly type: string;
  readonly description?: string;
  readonly states: Readonly<Record<string, NodeLike>>;
  readonly initial?: { readonly target: readonly NodeLike[] } | undefined;
  readonly transitions: ReadonlyMap<string, readonly TransitionLike[]>;
  readonly always?: readonly TransitionLike[];
  readonly after: readonly (TransitionLike & { readonly delay: number | string })[];
}
interface TransitionLike {
  readonly eventType: string;
  readonly target?: readonly NodeLike[] | undefined;
  readonly guard?: unknown;
  readonly description?: string;
}

function guardName(g: unknown): string | null {
  if (g === undefined || g === null) return null;
  if (typeof g === 'string') return g;
  if (typeof g === 'object' && 'type' in g && typeof (g as { type: unknown }).type === 'string') return (g as { type: string }).type;
  if (typeof g === 'function') return g.name || 'inline guard';
  return 'guard';
}

const pathOf = (n: NodeLike) => n.path.join('.');

/** The graph of a machine: states and transitions from its state nodes, in definition order. */
export function machineGraph(machine: AnyStateMachine): MachineGraph {
  const states: DiagramState[] = [];
  const edges: DiagramEdge[] = [];
  const addEdges = (n: NodeLike, kind: EdgeKind, event: string, list: readonly TransitionLike[]) => {
    list.forEach((t, i) => {
      const guard = guardName(t.guard);
      edges.push({
        source: pathOf(n),
        targets: (t.target ?? []).map(pathOf),
        kind,
        event,
        guard,
        otherwise: guard === null && list.slice(0, i).some((x) => guardName(x.guard) !== null),
        rules: ruleIdsIn(t.description ?? ''),
        description: t.description ?? '',
      });
    });
  };
  const visit = (n: NodeLike, parent: string | null) => {
    const children = Object.values(n.states);
    const kind: StateKind = n.type === 'final' ? 'final' : n.type === 'parallel' ? 'parallel' : n.type === 'history' ? 'history' : children.length ? 'compound' : 'atomic';
    const initial = n.initial?.target[0];
    states.push({ path: pathOf(n), key: n.key, parent, kind, description: n.description ?? null, initial: initial ? pathOf(initial) : null, children: children.map(pathOf) });
    const delayed = new Set(n.after.map((a) => a.eventType));
    for (const [event, list] of n.transitions) if (!delayed.has(event)) addEdges(n, 'event', event, list);
    for (const a of n.after) addEdges(n, 'after', String(a.delay), [a]);
    if (n.always?.length) addEdges(n, 'always', '', n.always);
    for (const c of children) visit(c, pathOf(n));
  };
  const root = machine.root as unknown as NodeLike;
  for (const c of Object.values(root.states)) visit(c, null);
  const init = root.initial?.target[0];
  return { id: machine.id, description: (machine.root as unknown as NodeLike).description ?? null, states, initial: init ? pathOf(init) : null, edges };
}

/** Rule IDs with runs of three or more consecutive IDs written as `RT-05..RT-11`. */
export function compressRules(ids: readonly string[]): string {
  const parsed = ids.map((id) => ({ id, prefix: id.slice(0, 2), n: Number(id.slice(3)) }));
  const out: string[] = [];
  for (let i = 0; i < parsed.length; ) {
    let j = i;
    while (j + 1 < parsed.length && parsed[j + 1]!.prefix === parsed[i]!.prefix && parsed[j + 1]!.n === parsed[j]!.n + 1) j++;
    if (j - i >= 2) out.push(`${parsed[i]!.id}..${parsed[j]!.id}`);
    else for (let k = i; k <= j; k++) out.push(parsed[k]!.id);
    i = j + 1;
  }
  return out.join(' ');
}

/** The trigger of an edge as a reviewer reads it: `BACKED`, `always`, `after 500ms`. */
export function edgeTrigger(e: DiagramEdge): string {
  if (e.kind === 'always') return 'always';
  if (e.kind === 'after') return `after ${/^\d+$/.test(e.event) ? `${e.event}ms` : e.event}`;
  return e.event;
}

function edgeGuardText(e: DiagramEdge): string {
  return e.guard !== null ? `[${e.guard}]` : e.otherwise ? '[else]' : '';
}

// ---------------------------------------------------------------------------------------------
// Mermaid stateDiagram-v2

/** Mermaid ids cannot contain dots, dashes, spaces or colons. */
export function mermaidId(path: string): string {
  return path.split('.').map((k) => k.replace(/[^A-Za-z0-9_]/g, '_')).join('__');
}

/** Mermaid descriptions end at a colon or semicolon, and lines at a newline. */
function mermaidText(s: string): string {
  return s.replace(/\s*[:;]\s*/g, ' — ').replace(/\s+/g, ' ').replace(/"/g, "'").trim();
}

function lowestCommonParent(g: MachineGraph, a: string, b: string): string | null {
  const chain = (p: string) => {
    const out: string[] = [];
    for (let s = g.states.find((x) => x.path === p)?.parent ?? null; s !== null; s = g.states.find((x) => x.path === s)?.parent ?? null) out.push(s);
    return out;
  };
  const ca = new Set(chain(a));
  return chain(b).find((x) => ca.has(x)) ?? null;
}

export function toMermaid(machine: AnyStateMachine): string {
  const g = machineGraph(machine);
  const lines: string[] = [
    'stateDiagram-v2',
    `  %% Machine "${g.id}"${g.description ? `: ${g.description.replace(/\s+/g, ' ')}` : ''}`,
    '  %% Generated by `npx async-backing diagram` from the machine configuration in machines/; do not edit.',
  ];
  // Edges live in the innermost composite holding both ends (Mermaid's rule for nested states).
  const edgesIn = new Map<string | null, string[]>();
  const put = (scope: string | null, line: string) => edgesIn.set(scope, [...(edgesIn.get(scope) ?? []), line]);
  for (const e of g.edges) {
    const label = [edgeTrigger(e), edgeGuardText(e), e.targets.length === 0 ? '(stays)' : '', compressRules(e.rules)].filter(Boolean).join(' ');
    for (const t of e.targets.length ? e.targets : [e.source]) {
      const parentOf = (p: string) => g.states.find((s) => s.path === p)?.parent ?? null;
      const scope = t === e.source ? parentOf(t) : parentOf(t) === parentOf(e.source) ? parentOf(t) : lowestCommonParent(g, e.source, t);
      put(scope, `${mermaidId(e.source)} --> ${mermaidId(t)} : ${mermaidText(label)}`);
    }
  }
  const block = (scope: string | null, indent: string) => {
    const inScope = g.states.filter((s) => s.parent === scope);
    const initial = scope === null ? g.initial : (g.states.find((s) => s.path === scope)?.initial ?? null);
    for (const s of inScope) {
      const id = mermaidId(s.path);
      if (s.kind === 'compound' || s.kind === 'parallel') {
        lines.push(`${indent}state "${mermaidText(s.key)}" as ${id} {`);
        block(s.path, `${indent}  `);
        lines.push(`${indent}}`);
      } else if (id !== s.key) lines.push(`${indent}state "${mermaidText(s.key)}" as ${id}`);
      if (s.description) lines.push(`${indent}${id} : ${mermaidText(s.description)}`);
      else if (id === s.key && s.kind !== 'compound' && s.kind !== 'parallel') lines.push(`${indent}${id}`);
    }
    if (initial) lines.push(`${indent}[*] --> ${mermaidId(initial)}`);
    for (const l of edgesIn.get(scope) ?? []) lines.push(`${indent}${l}`);
    for (const s of inScope) if (s.kind === 'final') lines.push(`${indent}${mermaidId(s.path)} --> [*]`);
  };
  block(null, '  ');
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Graphviz DOT

function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Splits text into lines of at most `width` characters, at spaces. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + w.length > width) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out;
}

/** A camelCase name cut into lines of about `width` characters at word boundaries (for round nodes). */
export function camelLines(name: string, width: number): string[] {
  const words = name.split(/(?=[A-Z])/);
  const out: string[] = [];
  for (const w of words) {
    const last = out.at(-1);
    if (last !== undefined && last.length + w.length <= width) out[out.length - 1] = last + w;
    else out.push(w);
  }
  return out;
}

/** An id usable in SVG/HTML, unique per machine: `candidate-proposed`. */
function svgId(machine: string, path: string): string {
  return `${machine}-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

const INITIAL_NODE = '(initial)';

export function toDot(machine: AnyStateMachine): string {
  const g = machineGraph(machine);
  // Graphviz sizes text with its own metrics for the standard PostScript fonts: naming exactly one of
  // them keeps boxes and text in step (browsers map Helvetica to Helvetica, Arial or Liberation Sans).
  const font = 'Helvetica';
  const lines: string[] = [
    `// Machine "${g.id}". Generated by \`npx async-backing diagram\` from the machine configuration in machines/; do not edit.`,
    `digraph ${dotString(g.id)} {`,
    `  graph [id=${dotString(`${g.id}-graph`)}, rankdir=TB, compound=true, nodesep=0.5, ranksep=0.55, fontname=${dotString(font)}, fontsize=13, labelloc=t, label=${dotString(`${g.id}${g.description ? `: ${g.description}` : ''}`)}];`,
    `  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", color="#4a6fa5", fontname=${dotString(font)}, fontsize=12, margin="0.15,0.06"];`,
    `  edge [color="#3d4f66", fontname=${dotString(font)}, fontsize=9, arrowsize=0.7];`,
  ];
  const byPath = new Map(g.states.map((s) => [s.path, s]));
  /** A node to attach an edge to a state: compound states attach at their initial leaf. */
  const anchor = (path: string): string => {
    let s = byPath.get(path)!;
    while ((s.kind === 'compound' || s.kind === 'parallel') && (s.initial ?? s.children[0])) s = byPath.get(s.initial ?? s.children[0]!)!;
    return s.path;
  };
  const isCluster = (path: string) => {
    const k = byPath.get(path)?.kind;
    return k === 'compound' || k === 'parallel';
  };
  const block = (scope: string | null, indent: string) => {
    const initial = scope === null ? g.initial : (byPath.get(scope)?.initial ?? null);
    const initName = scope === null ? INITIAL_NODE : `${scope}.${INITIAL_NODE}`;
    if (initial) lines.push(`${indent}${dotString(initName)} [id=${dotString(svgId(g.id, initName))}, class="initial", shape=point, width=0.16, label="", fillcolor="#1f2a38", color="#1f2a38"];`);
    for (const s of g.states.filter((x) => x.parent === scope)) {
      const tooltip = s.description ? `, tooltip=${dotString(`${s.key}: ${s.description}`)}` : '';
      if (isCluster(s.path)) {
        lines.push(`${indent}subgraph ${dotString(`cluster_${s.path}`)} {`);
        lines.push(`${indent}  graph [id=${dotString(svgId(g.id, `cluster_${s.path}`))}, class="composite", label=${dotString(s.key)}, style="rounded", color="#4a6fa5"${tooltip}];`);
        block(s.path, `${indent}  `);
        lines.push(`${indent}}`);
        continue;
      }
      const id = `id=${dotString(svgId(g.id, s.path))}`;
      if (s.kind === 'final') lines.push(`${indent}${dotString(s.path)} [${id}, class="state final", label=${dotString(camelLines(s.key, 13).join('\n'))}, shape=doublecircle, fontsize=11, fillcolor="#e3f4e1", color="#3c7a3a", margin="0.02"${tooltip}];`);
      else {
        const desc = s.description ? `<br/><font point-size="9" color="#44546a">${wrap(s.description, 34).map(htmlEscape).join('<br/>')}</font>` : '';
        lines.push(`${indent}${dotString(s.path)} [${id}, class="state", label=<<b>${htmlEscape(s.key)}</b>${desc}>${tooltip}];`);
      }
    }
    if (initial) lines.push(`${indent}${dotString(initName)} -> ${dotString(anchor(initial))}${isCluster(initial) ? ` [lhead=${dotString(`cluster_${initial}`)}]` : ''};`);
  };
  block(null, '  ');
  let n = 0;
  for (const e of g.edges)
    for (const t of e.targets.length ? e.targets : [e.source]) {
      const label = [[edgeTrigger(e), edgeGuardText(e), e.targets.length === 0 ? '(stays)' : ''].filter(Boolean).join(' '), compressRules(e.rules)].filter(Boolean).join('\n');
      const attrs = [
        `id=${dotString(`${g.id}-edge-${++n}`)}`,
        `class=${dotString(`transition ${e.kind}`)}`,
        `label=${dotString(label)}`,
        ...(e.description ? [`tooltip=${dotString(e.description)}`] : []),
        ...(e.kind === 'always' ? ['style=dashed', 'color="#7a5c99"', 'fontcolor="#5b3f7a"'] : []),
        ...(e.kind === 'after' ? ['style=dotted'] : []),
        ...(isCluster(e.source) ? [`ltail=${dotString(`cluster_${e.source}`)}`] : []),
        ...(isCluster(t) ? [`lhead=${dotString(`cluster_${t}`)}`] : []),
      ];
      lines.push(`  ${dotString(anchor(e.source))} -> ${dotString(anchor(t))} [${attrs.join(', ')}];`);
    }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// SVG (Graphviz in WebAssembly) and the JSON definition

let vizPromise: Promise<Viz> | undefined;
export function viz(): Promise<Viz> {
  return (vizPromise ??= instance());
}

/** Renders DOT to SVG with Graphviz compiled to WebAssembly (no browser, no system binary). */
export async function dotToSvg(dot: string): Promise<string> {
  const v = await viz();
  const r = v.render(dot, { format: 'svg', engine: 'dot' });
  if (r.status !== 'success') throw new Error(`Graphviz could not render the diagram: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.output;
}

export async function toSvg(machine: AnyStateMachine): Promise<string> {
  return dotToSvg(toDot(machine));
}

/** An SVG document as an element to inline in HTML: without the XML prolog, doctype and comments. */
export function inlineSvg(svg: string): string {
  return svg
    .replace(/<\?xml[^>]*\?>\s*/g, '')
    .replace(/<!DOCTYPE[^>]*>\s*/g, '')
    .replace(/<!--[\s\S]*?-->\s*/g, '')
    .trim();
}

interface SerializedTransition {
  readonly target: readonly string[];
  readonly source: string;
  readonly guard?: string;
  readonly actions: readonly unknown[];
  readonly description?: string;
  readonly reenter: boolean;
  readonly eventType: string;
}

/**
 * `machine.toJSON()`, plus the eventless transitions xstate 5.33 leaves out, as `always` on each
 * state in the serialized form of its `on` transitions.
 */
export function toStatelyJson(machine: AnyStateMachine): string {
  const def = JSON.parse(JSON.stringify(machine.toJSON())) as { states?: Record<string, { states?: Record<string, unknown>; always?: SerializedTransition[] }> };
  const addAlways = (node: { states?: Record<string, unknown> }, sn: NodeLike) => {
    for (const [k, childNode] of Object.entries(sn.states)) {
      const child = node.states?.[k] as { states?: Record<string, unknown>; always?: SerializedTransition[] } | undefined;
      if (!child) continue;
      if (childNode.always?.length)
        child.always = childNode.always.map((t) => {
          const guard = guardName(t.guard);
          const actions = ((t as { actions?: readonly unknown[] }).actions ?? []).map((a) => (typeof a === 'string' ? a : typeof a === 'function' ? { type: a.name || 'inline action' } : a));
          return {
            target: (t.target ?? []).map((x) => `#${(x as unknown as { id: string }).id}`),
            source: `#${(childNode as unknown as { id: string }).id}`,
            ...(guard !== null ? { guard } : {}),
            actions,
            ...(t.description ? { description: t.description } : {}),
            reenter: false,
            eventType: '',
          };
        });
      addAlways(child, childNode);
    }
  };
  addAlways(def, machine.root as unknown as NodeLike);
  return `${JSON.stringify(def, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Files

export const DIAGRAM_FORMATS = ['mermaid', 'dot', 'svg', 'json'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];
export const EXTENSION: Readonly<Record<DiagramFormat, string>> = { mermaid: 'mmd', dot: 'dot', svg: 'svg', json: 'json' };
export const DIAGRAMS_DIR = join(ROOT, 'docs', 'diagrams');

export async function renderDiagram(machine: AnyStateMachine, format: DiagramFormat): Promise<string> {
  switch (format) {
    case 'mermaid':
      return toMermaid(machine);
    case 'dot':
      return toDot(machine);
    case 'svg':
      return toSvg(machine);
    case 'json':
      return toStatelyJson(machine);
  }
}

export function selectMachines(names: readonly string[] | undefined): AnyStateMachine[] {
  if (!names || names.length === 0) return [...MACHINES];
  return names.map((n) => {
    const m = MACHINES.find((x) => x.id === n);
    if (!m) throw new ReviewInputError('--machine', `unknown machine "${n}"; known machines: ${MACHINES.map((x) => x.id).join(', ')}`);
    return m;
  });
}

export function selectFormats(names: readonly string[] | undefined): DiagramFormat[] {
  if (!names || names.length === 0) return [...DIAGRAM_FORMATS];
  return names.map((n) => {
    if (!(DIAGRAM_FORMATS as readonly string[]).includes(n)) throw new ReviewInputError('--format', `unknown format "${n}"; known formats: ${DIAGRAM_FORMATS.join(', ')}`);
    return n as DiagramFormat;
  });
}

/** Makes sure `dir` exists (creating it) and can be written to; otherwise a clear error. */
export function ensureWritableDir(dir: string, option = '--out'): void {
  try {
    if (existsSync(dir) && !statSync(dir).isDirectory()) throw new ReviewInputError(option, `"${dir}" exists and is not a folder`);
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    if (e instanceof ReviewInputError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new ReviewInputError(option, `cannot write to the folder "${dir}" (${code})`);
  }
}

/** The index that GitHub renders: every machine's Mermaid diagram inline, and links to the other formats. */
export function renderIndex(machines: readonly AnyStateMachine[] = MACHINES): string {
  const lines = [
    '# Machine diagrams',
    '',
    'Generated by `npx async-backing diagram` from the XState machines in `machines/`; do not edit by hand.',
    'CI regenerates them and fails on any difference, so these pictures are the machines that run.',
    '',
    'Each transition is labelled with its event (`always` for an eventless transition), its guard in brackets',
    '(`[else]` for the fallback after guarded alternatives), `(stays)` when it has no target, and the IDs of the',
    'rules its `description` cites (see [the rule book](../RULEBOOK.md)). Final states end in `[*]`.',
    '',
    'Per machine: Mermaid (`.mmd`, below), Graphviz (`.dot`), SVG rendered from the DOT (`.svg`), and the',
    "machine's JSON definition (`.json`, `machine.toJSON()` as Stately's inspector reads it, with the eventless",
    'transitions added under `always`, which xstate 5.33 leaves out).',
    '',
  ];
  for (const m of machines) {
    const g = machineGraph(m);
    const files = DIAGRAM_FORMATS.map((f) => `[${f}](${m.id}.${EXTENSION[f]})`).join(' · ');
    lines.push(`## ${m.id}`, '');
    if (g.description) lines.push(`${g.description}.`, '');
    lines.push(`${g.states.length} states, ${g.edges.length} transitions. Files: ${files}.`, '', '```mermaid', toMermaid(m).trimEnd(), '```', '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

export interface DiagramOptions {
  readonly machines?: readonly string[];
  readonly formats?: readonly string[];
  readonly outDir?: string;
  /** Compare with the files on disk instead of writing; returns the stale or missing files. */
  readonly check?: boolean;
}

export interface DiagramResult {
  readonly files: readonly string[];
  /** With `check`: files whose content differs from what would be generated (or that are missing). */
  readonly stale: readonly string[];
}

/**
 * Writes `<machine>.<ext>` for every selected machine and format, and `README.md` (the index) when
 * every machine and format is selected (a partial run does not overwrite the index).
 */
export async function writeDiagrams(o: DiagramOptions = {}): Promise<DiagramResult> {
  const machines = selectMachines(o.machines);
  const formats = selectFormats(o.formats);
  const dir = resolve(o.outDir ?? DIAGRAMS_DIR);
  if (!o.check) ensureWritableDir(dir);
  const outputs: [string, string][] = [];
  for (const m of machines) for (const f of formats) outputs.push([join(dir, `${m.id}.${EXTENSION[f]}`), await renderDiagram(m, f)]);
  if (machines.length === MACHINES.length && formats.length === DIAGRAM_FORMATS.length) outputs.push([join(dir, 'README.md'), renderIndex(machines)]);
  const stale: string[] = [];
  for (const [file, text] of outputs) {
    if (o.check) {
      if (!existsSync(file) || readFileSync(file, 'utf8') !== text) stale.push(file);
    } else writeFileSync(file, text);
  }
  return { files: outputs.map(([f]) => f), stale };
}

// ---------------------------------------------------------------------------------------------
// Command

/** Runs an action, turning a review input error into `error: …` and exit status 2. */
export function inputErrorsExit2<A extends unknown[]>(f: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await f(...args);
    } catch (e) {
      if (!(e instanceof ParamsError)) throw e;
      process.stderr.write(`error: ${e.message}\n`);
      process.exitCode = 2;
    }
  };
}

export function registerDiagramCommands(program: Command): void {
  program
    .command('diagram')
    .description('draw every machine from its configuration: Mermaid, Graphviz DOT, SVG and JSON into docs/diagrams/')
    .option('-f, --format <formats...>', `formats (${DIAGRAM_FORMATS.join(', ')}; default all)`)
    .option('-m, --machine <ids...>', `machines (${MACHINES.map((m) => m.id).join(', ')}; default all)`)
    .option('-o, --out <dir>', 'output folder', relative(process.cwd(), DIAGRAMS_DIR) || '.')
    .option('--check', 'write nothing; exit 1 if a file differs from what would be generated')
    .action(
      inputErrorsExit2(async (opts: { format?: string[]; machine?: string[]; out: string; check?: boolean }) => {
        const r = await writeDiagrams({ machines: opts.machine, formats: opts.format, outDir: opts.out, check: !!opts.check });
        const rel = (f: string) => relative(process.cwd(), f) || f;
        if (opts.check) {
          if (r.stale.length) {
            process.stdout.write(`stale diagrams (run npx async-backing diagram and commit):\n${r.stale.map((f) => `  ${rel(f)}\n`).join('')}`);
            process.exitCode = 1;
          } else process.stdout.write(`diagrams are current (${r.files.length} files)\n`);
        } else process.stdout.write(`wrote ${r.files.length} files:\n${r.files.map((f) => `  ${rel(f)}\n`).join('')}`);
      }),
    );
}
