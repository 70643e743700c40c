/**
 * The machine diagrams show the machines that run: the checked-in Mermaid and DOT files in
 * docs/diagrams/, read back with small parsers, have exactly the states, initial states, final states
 * and transitions (`on`, `always`, `after`) of each machine's own configuration, and every transition
 * carries the rule IDs its description cites. Regenerating gives the checked-in bytes. Bad input
 * gets an error naming what is wrong.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { setup } from 'xstate';
import { MACHINES } from '../../cli/rulebook.ts';
import { DIAGRAMS_DIR, DIAGRAM_FORMATS, EXTENSION, ReviewInputError, toDot, toMermaid, toStatelyJson, writeDiagrams } from '../../cli/diagram.ts';
import { edgeKey, fromConfig, parseDot, parseMermaid, type ParsedDiagram } from './parsers.ts';

const read = (machine: string, ext: string) => readFileSync(join(DIAGRAMS_DIR, `${machine}.${ext}`), 'utf8');

/** A nested machine with every kind of transition, to check what the project's flat machines do not use. */
const nestedMachine = setup({ guards: { isWindy: () => false } }).createMachine({
  id: 'door',
  initial: 'closed',
  states: {
    closed: { description: 'Shut: nothing gets through', on: { OPEN: { target: 'open', description: 'PS-01: opening' } } },
    open: {
      initial: 'swinging',
      on: { SLAM: { target: 'broken', description: 'PP-01 PP-02: slammed' }, KNOCK: { description: 'PS-02: knocked, no change' } },
      states: {
        swinging: { after: { 500: { target: 'resting', description: 'PP-01: settles' } } },
        resting: {
          always: [
            { guard: 'isWindy', target: 'swinging', description: 'PS-01: the wind moves it' },
            { target: '#door.closed', description: 'PS-02: it closes by itself' },
          ],
        },
      },
    },
    broken: { type: 'final', description: 'Off its hinges' },
  },
});

function expectSameAsConfig(drawn: ParsedDiagram, config: ParsedDiagram) {
  expect([...drawn.states.keys()].sort()).toEqual([...config.states.keys()].sort());
  for (const [path, s] of config.states) {
    expect(drawn.states.get(path)?.final, `${path} final`).toBe(s.final);
    expect(drawn.states.get(path)?.parent, `${path} parent`).toBe(s.parent);
  }
  expect(new Map([...drawn.initial].filter(([, v]) => v !== undefined))).toEqual(config.initial);
  expect(drawn.edges.map(edgeKey).sort()).toEqual(config.edges.map(edgeKey).sort());
}

describe('machine diagrams', () => {
  test('every machine in MACHINES has a checked-in file per format, and the index embeds every Mermaid diagram', () => {
    const index = readFileSync(join(DIAGRAMS_DIR, 'README.md'), 'utf8');
    for (const m of MACHINES) {
      for (const f of DIAGRAM_FORMATS) expect(existsSync(join(DIAGRAMS_DIR, `${m.id}.${EXTENSION[f]}`)), `${m.id}.${EXTENSION[f]}`).toBe(true);
      expect(index).toContain(`## ${m.id}\n`);
      expect(index).toContain(`\`\`\`mermaid\n${read(m.id, 'mmd').trimEnd()}\n\`\`\``);
    }
  });

  test.each(MACHINES.map((m) => [m.id, m] as const))('the Mermaid file of %s has the states, initial and final states and transitions of its configuration', (_id, m) => {
    expectSameAsConfig(parseMermaid(read(m.id, 'mmd')), fromConfig(m));
  });

  test.each(MACHINES.map((m) => [m.id, m] as const))('the DOT file of %s has the states, initial and final states and transitions of its configuration', (_id, m) => {
    const dot = parseDot(read(m.id, 'dot'));
    expectSameAsConfig(dot, fromConfig(m));
    for (const [path, s] of dot.states) if (s.final) expect(dot.shapes.get(path), path).toBe('doublecircle');
  });

  test.each(MACHINES.map((m) => [m.id, m] as const))('every transition of %s carries the rule IDs its description cites', (_id, m) => {
    const config = fromConfig(m);
    for (const drawn of [parseMermaid(read(m.id, 'mmd')), parseDot(read(m.id, 'dot'))]) {
      for (const e of config.edges) {
        const same = drawn.edges.filter((d) => d.source === e.source && d.target === e.target && d.trigger === e.trigger && d.guard === e.guard);
        expect(same.map((d) => [...d.rules].sort()), `${e.source} --${e.trigger}--> ${e.target}`).toContainEqual([...e.rules].sort());
      }
      const cited = drawn.edges.filter((d) => d.rules.length > 0).length;
      expect(cited, 'transitions that cite rules').toBe(config.edges.filter((e) => e.rules.length > 0).length);
    }
  });

  test.each(MACHINES.map((m) => [m.id, m] as const))('the SVG of %s has one node per state and one edge per transition', (_id, m) => {
    const svg = read(m.id, 'svg');
    const config = fromConfig(m);
    const atomic = [...config.states.values()].filter((s) => !s.compound).length;
    expect(svg.match(/<g id="[^"]*" class="node state[^"]*"/g)?.length ?? 0).toBe(atomic);
    expect(svg.match(/<g id="[^"]*" class="edge transition[^"]*"/g)?.length ?? 0).toBe(config.edges.length);
  });

  test.each(MACHINES.map((m) => [m.id, m] as const))('the JSON of %s is its definition, with the eventless transitions xstate leaves out', (_id, m) => {
    const json = JSON.parse(read(m.id, 'json')) as { id: string; states: Record<string, { on: Record<string, unknown[]>; always?: { eventType: string }[] }> };
    expect(json.id).toBe(m.id);
    const config = m.config as { states: Record<string, { on?: Record<string, unknown>; always?: unknown }> };
    expect(Object.keys(json.states)).toEqual(Object.keys(config.states));
    for (const [k, s] of Object.entries(config.states)) {
      expect(Object.keys(json.states[k]!.on), k).toEqual(Object.keys(s.on ?? {}));
      const always = s.always === undefined ? 0 : Array.isArray(s.always) ? s.always.length : 1;
      expect(json.states[k]!.always?.length ?? 0, `${k} always`).toBe(always);
    }
  });

  test('a nested machine with delayed, eventless, targetless and final transitions is drawn as configured', () => {
    const config = fromConfig(nestedMachine);
    expect(config.edges.map((e) => e.trigger).sort()).toEqual(['KNOCK', 'OPEN', 'SLAM', 'after 500ms', 'always', 'always']);
    const mermaid = toMermaid(nestedMachine);
    expect(mermaid).toContain('state "open" as open {');
    expect(mermaid).toContain('broken --> [*]');
    expectSameAsConfig(parseMermaid(mermaid), config);
    const dot = parseDot(toDot(nestedMachine));
    expectSameAsConfig(dot, config);
    expect(dot.shapes.get('broken')).toBe('doublecircle');
    expect(toDot(nestedMachine)).toContain('subgraph "cluster_open"');
    const json = JSON.parse(toStatelyJson(nestedMachine)) as { states: { open: { states: { resting: { always: { target: string[]; guard?: string }[] } } } } };
    expect(json.states.open.states.resting.always.map((t) => [t.target, t.guard ?? null])).toEqual([
      [['#door.open.swinging'], 'isWindy'],
      [['#door.closed'], null],
    ]);
  });

  test('the parsers notice a diagram that differs from the machine', () => {
    const m = MACHINES[0]!;
    const mermaid = read(m.id, 'mmd');
    const firstEdge = mermaid.split('\n').find((l) => / --> (?!\[\*\])\S+ : /.test(l))!;
    expect(() => expectSameAsConfig(parseMermaid(mermaid.replace(`${firstEdge}\n`, '')), fromConfig(m))).toThrow();
    expect(() => expectSameAsConfig(parseMermaid(mermaid.replace(/ RT-\d\d/, '')), fromConfig(m))).toThrow();
    const dot = read(m.id, 'dot');
    expect(() => expectSameAsConfig(parseDot(dot.replace(/shape=doublecircle/, 'shape=box')), fromConfig(m) as ParsedDiagram)).toThrow();
  });

  test('regenerating gives byte-identical files to the checked-in ones, and no others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diagrams-'));
    const r = await writeDiagrams({ outDir: dir });
    const names = r.files.map((f) => f.slice(dir.length + 1)).sort();
    expect(readdirSync(DIAGRAMS_DIR).sort()).toEqual(names);
    for (const n of names) expect(readFileSync(join(dir, n), 'utf8'), n).toBe(readFileSync(join(DIAGRAMS_DIR, n), 'utf8'));
    expect((await writeDiagrams({ check: true })).stale).toEqual([]);
  });

  test('bad input names what is wrong: unknown machine, unknown format, a folder that cannot be written', async () => {
    await expect(writeDiagrams({ machines: ['relayBlok'], outDir: mkdtempSync(join(tmpdir(), 'd-')) })).rejects.toThrow(/unknown machine "relayBlok"; known machines: candidate/);
    await expect(writeDiagrams({ formats: ['png'], outDir: mkdtempSync(join(tmpdir(), 'd-')) })).rejects.toThrow(/unknown format "png"; known formats: mermaid, dot, svg, json/);
    const file = join(mkdtempSync(join(tmpdir(), 'd-')), 'a-file');
    writeFileSync(file, 'x');
    await expect(writeDiagrams({ outDir: file })).rejects.toThrow(/--out: ".*a-file" exists and is not a folder/);
    await expect(writeDiagrams({ outDir: join(file, 'sub') })).rejects.toThrow(ReviewInputError);
    await expect(writeDiagrams({ outDir: join(file, 'sub') })).rejects.toThrow(/cannot write to the folder ".*a-file\/sub" \(ENOTDIR\)/);
  });
});

