/**
 * Pipeline pictures are drawn from the run: one bar per candidate the run put on a core, ending the
 * way the run says; the same schedule replays under sync and polkadot; a counterexample of the suite
 * is drawn with its violation; bad input names what is wrong.
 */
import { describe, expect, test } from 'vitest';
import { counterexampleRuns, scheduleRuns, timelineFromOptions } from '../../cli/report.ts';
import { presetParams } from '../../spec/params.ts';
import { renderTimeline, timelineOf } from '../../properties/timeline.ts';

const presets = (...names: string[]) => names.map((name) => ({ name, params: presetParams(name) }));
const base = { runs: 100, param: [] as string[], rulesOff: [] as string[], out: '' };

describe('pipeline timelines', () => {
  test('a faulty schedule: one bar per backing, included bars match enactments, timeouts and forks as the run has them', () => {
    const { runs } = scheduleRuns({ presets: presets('sync', 'polkadot'), mix: 'faulty', blocks: 40, seed: 13 });
    for (const { run } of runs) {
      const d = timelineOf(run.steps);
      const outcomes = run.steps.map((s) => s.node.outcome);
      const forks = run.steps.filter((s, i) => s.parent.hash !== (i === 0 ? s.parent.hash : run.steps[i - 1]!.node.hash)).length;
      expect(d.bars.filter((b) => !b.continued).length).toBe(outcomes.reduce((n, o) => n + o.verdicts.filter((v) => v.accepted).length, 0));
      expect(d.bars.filter((b) => b.end === 'included').length).toBe(outcomes.reduce((n, o) => n + o.enacted.length, 0));
      expect(d.bars.filter((b) => b.end === 'timedOut').length).toBe(outcomes.reduce((n, o) => n + o.timedOut.filter((f) => !f.withAncestor).length, 0));
      expect(d.ticks.length).toBe(outcomes.reduce((n, o) => n + o.verdicts.filter((v) => !v.accepted).length, 0));
      expect(d.columns.filter((c) => c.fork).length).toBe(forks);
      const svg = renderTimeline([{ title: 'x', data: d }]);
      expect(svg.match(/<g class="bar"/g)?.length ?? 0).toBe(d.bars.length);
    }
  });

  test('sync never draws an older relay parent; polkadot does on the same honest schedule', () => {
    const { runs } = scheduleRuns({ presets: presets('sync', 'polkadot'), mix: 'honest', blocks: 30, seed: 1 });
    const older = runs.map((r) => timelineOf(r.run.steps).bars.filter((b) => b.relayParentNumber < b.backedIn - 1).length);
    expect(older[0]).toBe(0);
    expect(older[1]).toBeGreaterThan(0);
  });

  test('draws the counterexample verify prints for INV-03 with RT-02 off, with its violation marked', () => {
    const { row, runs } = counterexampleRuns({ presets: presets('polkadot', 'sync'), property: 'INV-03', runs: 100, blocks: 50, seed: 3, rulesOff: ['RT-02'] });
    expect(row.outcome).toBe('violated');
    expect(runs.map((r) => r.preset)).toEqual(['polkadot', 'sync']);
    const { svg } = timelineFromOptions({ ...base, preset: ['polkadot'], property: 'INV-03', seed: 3, rulesOff: ['RT-02'] });
    expect(svg).toContain('class="violation"');
    expect(svg).toContain('⚠ INV-03');
  });

  test('bad input names what is wrong', () => {
    expect(() => timelineFromOptions({ ...base, preset: ['sync', 'elastic'] })).toThrow(/presets sync .* and elastic .* have different paras or cores/);
    expect(() => timelineFromOptions({ ...base, preset: ['polkadot'], property: 'INV-99', seed: 3 })).toThrow(/unknown property "INV-99"/);
    expect(() => timelineFromOptions({ ...base, preset: ['polkadot'], property: 'INV-03' })).toThrow(/--seed/);
    expect(() => timelineFromOptions({ ...base, preset: ['polkadot'], mix: 'chaotic' })).toThrow(/unknown mix "chaotic"/);
    expect(() => timelineFromOptions({ ...base, preset: ['kusama'] })).toThrow(/unknown preset "kusama"/);
    expect(() => timelineFromOptions({ ...base, preset: ['polkadot'], rulesOff: ['RT-99'] })).toThrow(/unknown rule "RT-99"/);
    expect(() => timelineFromOptions({ ...base, preset: ['polkadot'], property: 'INV-03', seed: 3, runs: 5 })).toThrow(/INV-03 has no counterexample under polkadot with seed 3/);
  });
});
