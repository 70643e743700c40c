/**
 * Small parsers for the subset of Mermaid `stateDiagram-v2` and Graphviz DOT that `cli/diagram.ts`
 * emits, and a reader of a machine's own configuration (`machine.config`: `states`, `on`, `always`,
 * `after`, `type: 'final'`) that shares no code with the drawing, so the tests compare the pictures
 * with what runs.
 */
import type { AnyStateMachine } from 'xstate';
import { RULES_BY_ID } from '../../spec/ruleBook.ts';

/** One transition as a picture or the configuration gives it. */
export interface Edge {
  readonly source: string;
  readonly target: string;
  /** `EVENT`, `always`, or `after <delay>`. */
  readonly trigger: string;
  readonly guard: string | null;
  /** Drawn as `[else]`: unguarded after guarded alternatives. */
  readonly otherwise: boolean;
  /** No target in the configuration: the state does not change. */
  readonly stays: boolean;
  readonly rules: readonly string[];
}

export interface ParsedDiagram {
  /** Every state (not pseudo-states) by path, with its parent and whether it is final. */
  readonly states: ReadonlyMap<string, { parent: string | null; final: boolean; compound: boolean }>;
  /** Initial state per scope (null: the root). */
  readonly initial: ReadonlyMap<string | null, string>;
  readonly edges: readonly Edge[];
}

export const edgeKey = (e: Edge) => `${e.source} -> ${e.target} | ${e.trigger} | ${e.guard ?? (e.otherwise ? 'else' : '-')} | ${e.stays ? 'stays' : 'moves'} | ${[...e.rules].sort().join(' ')}`;

/** Rule IDs in a text: `RT-05`, and ranges `RT-05..RT-11`, expanded; unknown IDs dropped. */
export function rulesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b(RT|PP|PS)-(\d\d)(?:\.\.(?:(?:RT|PP|PS)-)?(\d\d))?/g)) {
    const to = m[3] === undefined ? Number(m[2]) : Number(m[3]);
    for (let i = Number(m[2]); i <= to; i++) {
      const id = `${m[1]}-${String(i).padStart(2, '0')}`;
      if (RULES_BY_ID.has(id) && !out.includes(id)) out.push(id);
    }
  }
  return out;
}

/** Reads a transition label: trigger, `[guard]`, `(stays)`, rule IDs. */
export function parseLabel(label: string): { trigger: string; guard: string | null; otherwise: boolean; stays: boolean; rules: string[] } {
  const text = label.replace(/\s+/g, ' ').trim();
  const guardMatch = /\[([^\]]+)\]/.exec(text);
  const head = text.split(/ (?=\[|\(stays\)|RT-|PP-|PS-)/)[0]!.trim();
  return {
    trigger: head,
    guard: guardMatch && guardMatch[1] !== 'else' ? guardMatch[1]! : null,
    otherwise: guardMatch?.[1] === 'else',
    stays: text.includes('(stays)'),
    rules: rulesIn(text),
  };
}

// ---------------------------------------------------------------------------------------------
// The machine's configuration

interface ConfigNode {
  type?: string;
  initial?: string;
  states?: Record<string, ConfigNode>;
  on?: Record<string, unknown>;
  always?: unknown;
  after?: Record<string, unknown>;
}

/** States and transitions straight from `machine.config`. */
export function fromConfig(machine: AnyStateMachine): ParsedDiagram {
  const root = machine.config as ConfigNode;
  const states = new Map<string, { parent: string | null; final: boolean; compound: boolean }>();
  const initial = new Map<string | null, string>();
  const edges: Edge[] = [];
  const resolve = (from: string, parent: string | null, target: string): string => {
    if (target.startsWith('#')) {
      const [id, ...rest] = target.slice(1).split('.');
      if (id !== machine.id) throw new Error(`target ${target} outside machine ${machine.id}`);
      return rest.join('.');
    }
    if (target.startsWith('.')) return `${from}${target}`;
    return parent ? `${parent}.${target}` : target;
  };
  const visit = (node: ConfigNode, path: string | null) => {
    if (node.initial !== undefined) initial.set(path, path ? `${path}.${node.initial}` : node.initial);
    for (const [key, child] of Object.entries(node.states ?? {})) {
      const p = path ? `${path}.${key}` : key;
      states.set(p, { parent: path, final: child.type === 'final', compound: Object.keys(child.states ?? {}).length > 0 });
      const add = (trigger: string, t: unknown) => {
        const list = Array.isArray(t) ? t : [t];
        list.forEach((x, i) => {
          const tr = (typeof x === 'string' ? { target: x } : x) as { target?: string | string[]; guard?: string; description?: string };
          const targets = tr.target === undefined ? [] : Array.isArray(tr.target) ? tr.target : [tr.target];
          const guard = typeof tr.guard === 'string' ? tr.guard : null;
          const earlierGuarded = list.slice(0, i).some((y) => typeof y === 'object' && y !== null && typeof (y as { guard?: unknown }).guard === 'string');
          for (const target of targets.length ? targets : [undefined])
            edges.push({
              source: p,
              target: target === undefined ? p : resolve(p, path, target),
              trigger,
              guard,
              otherwise: guard === null && earlierGuarded,
              stays: target === undefined,
              rules: rulesIn(tr.description ?? ''),
            });
        });
      };
      for (const [event, t] of Object.entries(child.on ?? {})) add(event, t);
      for (const [delay, t] of Object.entries(child.after ?? {})) add(`after ${/^\d+$/.test(delay) ? `${delay}ms` : delay}`, t);
      if (child.always !== undefined) add('always', child.always);
      visit(child, p);
    }
  };
  visit(root, null);
  return { states, initial, edges };
}

// ---------------------------------------------------------------------------------------------
// Mermaid

/** Parses the emitted Mermaid: `state "k" as id {`, `}`, `id : text`, `[*] --> id`, `a --> b : label`, `id --> [*]`. */
export function parseMermaid(text: string): ParsedDiagram {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('%%'));
  if (lines[0] !== 'stateDiagram-v2') throw new Error(`not a stateDiagram-v2: ${lines[0]}`);
  const alias = new Map<string, string>(); // mermaid id -> key
  const scope: (string | null)[] = [null];
  const pathOf = new Map<string, string>(); // mermaid id -> path
  const states = new Map<string, { parent: string | null; final: boolean; compound: boolean }>();
  const initial = new Map<string | null, string>();
  const rawEdges: { from: string; to: string; label: string }[] = [];
  const finals: string[] = [];
  const declare = (id: string, compound = false) => {
    if (pathOf.has(id)) {
      if (compound) states.get(pathOf.get(id)!)!.compound = true;
      return;
    }
    const parent = scope.at(-1)!;
    const key = alias.get(id) ?? id;
    const path = parent ? `${parent}.${key}` : key;
    pathOf.set(id, path);
    states.set(path, { parent, final: false, compound });
  };
  for (const line of lines.slice(1)) {
    let m: RegExpExecArray | null;
    if ((m = /^state "([^"]*)" as (\S+) \{$/.exec(line))) {
      alias.set(m[2]!, m[1]!);
      declare(m[2]!, true);
      scope.push(pathOf.get(m[2]!)!);
    } else if ((m = /^state "([^"]*)" as (\S+)$/.exec(line))) {
      alias.set(m[2]!, m[1]!);
      declare(m[2]!);
    } else if (line === '}') scope.pop();
    else if ((m = /^\[\*\] --> (\S+)$/.exec(line))) {
      declare(m[1]!);
      initial.set(scope.at(-1)!, pathOf.get(m[1]!)!);
    } else if ((m = /^(\S+) --> \[\*\]$/.exec(line))) finals.push(m[1]!);
    else if ((m = /^(\S+) --> (\S+) : (.*)$/.exec(line))) {
      declare(m[1]!);
      declare(m[2]!);
      rawEdges.push({ from: m[1]!, to: m[2]!, label: m[3]! });
    } else if ((m = /^(\S+) : (.*)$/.exec(line))) declare(m[1]!);
    else if ((m = /^([A-Za-z0-9_]+)$/.exec(line))) declare(m[1]!);
    else throw new Error(`unexpected Mermaid line: ${line}`);
  }
  for (const f of finals) states.get(pathOf.get(f)!)!.final = true;
  const edges = rawEdges.map(({ from, to, label }) => {
    const l = parseLabel(label);
    return { source: pathOf.get(from)!, target: pathOf.get(to)!, ...l };
  });
  return { states, initial, edges };
}

// ---------------------------------------------------------------------------------------------
// DOT

type Token = { kind: 'id' | 'html' | 'punct'; value: string };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) i++;
    else if (text.startsWith('//', i)) i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (c === '"') {
      let v = '';
      i++;
      while (text[i] !== '"') {
        if (text[i] === '\\') {
          const n = text[i + 1]!;
          v += n === 'n' ? '\n' : n;
          i += 2;
        } else v += text[i++];
      }
      i++;
      out.push({ kind: 'id', value: v });
    } else if (c === '<') {
      let depth = 0;
      let v = '';
      do {
        if (text[i] === '<') depth++;
        if (text[i] === '>') depth--;
        v += text[i++];
      } while (depth > 0);
      out.push({ kind: 'html', value: v.slice(1, -1) });
    } else if (text.startsWith('->', i)) {
      out.push({ kind: 'punct', value: '->' });
      i += 2;
    } else if ('{}[];,='.includes(c)) {
      out.push({ kind: 'punct', value: c });
      i++;
    } else {
      const m = /^[A-Za-z0-9_.#-]+/.exec(text.slice(i));
      if (!m) throw new Error(`unexpected DOT character ${JSON.stringify(c)} at ${i}`);
      out.push({ kind: 'id', value: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

/** Parses the emitted DOT: node and edge statements, clusters (compound states), lhead/ltail. */
export function parseDot(text: string): ParsedDiagram & { shapes: ReadonlyMap<string, string> } {
  const t = tokenize(text);
  let i = 0;
  const expect = (v: string) => {
    if (t[i]?.value !== v) throw new Error(`expected ${v}, got ${t[i]?.value}`);
    i++;
  };
  const attrs = (): Record<string, string> => {
    const a: Record<string, string> = {};
    if (t[i]?.value !== '[') return a;
    i++;
    while (t[i]!.value !== ']') {
      const k = t[i++]!.value;
      expect('=');
      a[k] = t[i++]!.value;
      if (t[i]?.value === ',') i++;
    }
    i++;
    return a;
  };
  expect('digraph');
  i++; // graph name
  expect('{');
  const states = new Map<string, { parent: string | null; final: boolean; compound: boolean }>();
  const shapes = new Map<string, string>();
  const initial = new Map<string | null, string>();
  const edges: Edge[] = [];
  const scope: (string | null)[] = [null];
  while (i < t.length) {
    const tok = t[i]!;
    if (tok.value === '}') {
      scope.pop();
      i++;
      continue;
    }
    if (tok.value === ';') {
      i++;
      continue;
    }
    if (tok.value === 'graph' || tok.value === 'node' || tok.value === 'edge') {
      i++;
      attrs();
      continue;
    }
    if (tok.value === 'subgraph') {
      const name = t[i + 1]!.value;
      i += 2;
      expect('{');
      const path = name.replace(/^cluster_/, '');
      states.set(path, { parent: scope.at(-1)!, final: false, compound: true });
      scope.push(path);
      continue;
    }
    const a = t[i++]!.value;
    if (t[i]?.value === '->') {
      i++;
      const b = t[i++]!.value;
      const at = attrs();
      const source = at.ltail ? at.ltail.replace(/^cluster_/, '') : a;
      const target = at.lhead ? at.lhead.replace(/^cluster_/, '') : b;
      if (a.endsWith('(initial)')) initial.set(a === '(initial)' ? null : a.slice(0, -'.(initial)'.length), target);
      else edges.push({ source, target, ...parseLabel(at.label ?? '') });
    } else {
      const at = attrs();
      if (a.endsWith('(initial)')) continue;
      states.set(a, { parent: scope.at(-1)!, final: at.shape === 'doublecircle', compound: false });
      shapes.set(a, at.shape ?? 'box');
    }
  }
  return { states, initial, edges, shapes };
}
