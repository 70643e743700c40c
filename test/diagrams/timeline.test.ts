/**
 * Pipeline pictures are drawn from the run. Relay-level runs: one bar per candidate the run put on a
 * core, ending the way the run says; the same schedule replays under sync and polkadot; a
 * counterexample of the suite is drawn with its violation. Pipeline runs: one bar per parablock a
 * collator built, its stages in order, the columns of seconding, backing and inclusion those of the
 * run's events and the runtime's outcomes (computed from the run here, not from the renderer); the
 * cadences of sync, polkadot and elastic; re-proposals after an outage; a pipeline witness found as
 * the suite finds it. Bad input names what is wrong.
 */
import { describe, expect, test } from 'vitest';
import { counterexampleRuns, pipelineCounterexampleRuns, pipelineScheduleRuns, scheduleRuns, timelineFromOptions } from '../../cli/report.ts';
import { presetParams } from '../../spec/params.ts';
import { pipelineTimelineOf, pipelineTimelineStats, renderTimeline, timelineOf, type ParablockStage } from '../../properties/timeline.ts';
import type { PipelineRunResult } from '../../properties/pipeline/harness.ts';
import { runSuite } from '../../properties/suite.ts';

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

/**
 * What a pipeline run did, read from the run itself (the slot logs and the relay blocks' outcomes),
 * never from the renderer: every parablock built (its slot), the slot its collation was seconded and
 * backed, and the columns in which the runtime backed and included its candidate.
 */
function pipelineFacts(run: PipelineRunResult) {
  const built = new Map<string, { para: number; column: number }>();
  const candidateOf = new Map<string, string>();
  const seconded = new Map<string, number>();
  const groupBacked = new Map<string, number>();
  const backedIn = new Map<string, number[]>();
  const includedIn = new Map<string, number[]>();
  run.steps.forEach((s, i) => {
    const column = i + 1;
    for (const e of s.lastSlot) {
      if (e.kind === 'parachainBlock') built.set(e.hash, { para: e.para, column });
      else if (e.event.type === 'COLLATION') {
        const head = e.event.candidate.commitments.headData;
        candidateOf.set(head, e.event.candidate.hash);
        if (!seconded.has(head) && s.net.after.candidates[e.event.candidate.hash]?.value !== 'notSeconded') seconded.set(head, column);
      } else if (e.event.type === 'BACKING_VOTES') {
        const c = s.net.after.collations[e.event.candidateHash]!;
        const head = c.candidate.commitments.headData;
        if (c.backed && !groupBacked.has(head)) groupBacked.set(head, column);
      }
    }
    for (const v of s.net.relay.node.outcome.verdicts) if (v.accepted) backedIn.set(v.hash, [...(backedIn.get(v.hash) ?? []), column]);
    for (const c of s.net.relay.node.outcome.enacted) includedIn.set(c.hash, [...(includedIn.get(c.hash) ?? []), column]);
  });
  return { built, candidateOf, seconded, groupBacked, backedIn, includedIn };
}

/** The order a parablock's stages may come in (thin off chain, then on chain; back to waiting between two stays on chain). */
const NEXT_STAGES: Readonly<Record<ParablockStage, readonly ParablockStage[]>> = {
  collated: ['seconded', 'groupBacked', 'notSeconded', 'droppedByNode'],
  seconded: ['groupBacked', 'droppedByNode'],
  groupBacked: ['backed', 'pending', 'droppedByNode'],
  backed: ['pending'],
  pending: ['included', 'timedOut', 'evicted', 'concludedInvalid', 'droppedAtSessionChange', 'groupBacked'],
  included: ['groupBacked'],
  timedOut: ['groupBacked'],
  evicted: ['groupBacked'],
  concludedInvalid: ['groupBacked'],
  droppedAtSessionChange: ['groupBacked'],
  notSeconded: [],
  droppedByNode: [],
};

function checkPipelineTimeline(run: PipelineRunResult, label: string) {
  const f = pipelineFacts(run);
  const d = pipelineTimelineOf(run.steps, run.violation);
  // One bar per parablock built, starting in the slot it was built.
  expect(d.bars.length, `${label}: bars`).toBe(f.built.size);
  for (const [hash, b] of f.built) {
    const bar = d.bars.find((x) => x.parablock === hash && x.paraId === b.para);
    expect(bar, `${label}: parablock ${hash}`).toBeDefined();
    expect(bar!.builtColumn).toBe(b.column);
    expect(bar!.segments[0]!.from).toBe(3 * b.column + 2);
    const candidate = f.candidateOf.get(hash);
    if (candidate) expect(bar!.candidate).toBe(candidate);
    expect(bar!.secondedColumn, `${label}: seconded ${hash}`).toBe(f.seconded.get(hash) ?? null);
    expect(bar!.groupBackedColumn, `${label}: backed by its group ${hash}`).toBe(f.groupBacked.get(hash) ?? null);
    // On chain: the columns of backing and inclusion are those where the runtime did so.
    const backed = candidate ? (f.backedIn.get(candidate) ?? []) : [];
    const included = candidate ? (f.includedIn.get(candidate) ?? []) : [];
    expect(bar!.onChain.filter((e) => !e.continued).map((e) => e.startColumn), `${label}: backed columns of ${hash}`).toEqual(backed);
    expect(bar!.onChain.filter((e) => e.end === 'included').map((e) => e.endColumn), `${label}: included columns of ${hash}`).toEqual(included);
    for (const c of backed) expect(bar!.segments.some((g) => g.stage === 'backed' && g.from === 3 * c + 1)).toBe(true);
    for (const c of included) expect(bar!.segments.some((g) => g.stage === 'included' && g.from === 3 * c)).toBe(true);
    // Its stages in order, back to back.
    const segs = bar!.segments;
    expect(['collated', 'seconded', 'groupBacked', 'notSeconded']).toContain(segs[0]!.stage);
    for (let i = 1; i < segs.length; i++) {
      // Back to back, except where the parablock reappears pending on a relay-chain fork.
      if (bar!.onChain.some((e) => e.continued && 3 * e.startColumn === segs[i]!.from) && segs[i]!.from >= segs[i - 1]!.to) continue;
      expect(segs[i]!.from, `${label}: ${hash} contiguous`).toBe(segs[i - 1]!.to);
      expect(NEXT_STAGES[segs[i - 1]!.stage], `${label}: ${hash} ${segs.map((g) => g.stage).join(' ')}`).toContain(segs[i]!.stage);
    }
    if (included.length && bar!.end !== 'abandoned' && bar!.onChain.at(-1)!.end === 'included') expect(bar!.end).toBe('included');
  }
  const svg = renderTimeline([{ title: label, data: d }]);
  expect(svg.match(/<g class="bar"/g)?.length ?? 0).toBe(f.built.size);
  for (const m of svg.matchAll(/data-parablock="([^"]+)"[^>]*data-backed-columns="([^"]*)" data-included-column="([^"]*)"/g)) {
    const candidate = f.candidateOf.get(m[1]!);
    expect(m[2]).toBe((candidate ? (f.backedIn.get(candidate) ?? []) : []).join(' '));
    expect(m[3]).toBe(String((candidate ? f.includedIn.get(candidate)?.[0] : undefined) ?? ''));
  }
  return d;
}

const cadenceFromRun = (run: PipelineRunResult, para: number) => run.steps.slice(10).reduce((n, s) => n + s.net.relay.node.outcome.enacted.filter((c) => c.paraId === para).length, 0) / (run.steps.length - 10);

describe('pipeline timelines: every parablock from the slot its collator built it', () => {
  test('one honest schedule under sync, polkadot and elastic: one bar per parablock built, stages in order, backing and inclusion where the runtime did them; cadences 0.5, 1 and 3', () => {
    const { runs } = pipelineScheduleRuns({ presets: presets('sync', 'polkadot', 'elastic'), mix: 'honest', blocks: 30, seed: 1, timing: true });
    const want: Record<string, Record<number, number>> = { sync: { 1000: 0.5, 2000: 0.5 }, polkadot: { 1000: 1, 2000: 1 }, elastic: { 1000: 3, 2000: 1 } };
    const inFlight: Record<string, number> = {};
    for (const r of runs) {
      expect(r.violation).toBeNull();
      const d = checkPipelineTimeline(r.run, r.preset);
      const st = pipelineTimelineStats(d);
      for (const c of st.cadence) {
        expect(cadenceFromRun(r.run, c.paraId), `${r.preset} para ${c.paraId}`).toBe(want[r.preset]![c.paraId]);
        expect(c.perRelayBlock).toBe(cadenceFromRun(r.run, c.paraId));
        expect(c.from).toBe(11);
      }
      inFlight[r.preset] = Math.max(...st.cadence.map((c) => c.maxInFlight));
    }
    // Synchronous backing: one parablock of a para at a time; asynchronous: built ahead, overlapping.
    expect(inFlight.sync).toBe(1);
    expect(inFlight.polkadot).toBeGreaterThan(1);
    expect(inFlight.elastic).toBeGreaterThan(inFlight.polkadot!);
    // Under the timing model an async collation waits a slot for its votes: the collated stage shows.
    const polkadot = pipelineTimelineOf(runs[1]!.run.steps);
    expect(polkadot.bars.some((b) => b.segments.some((g) => g.stage === 'collated' && g.to - g.from >= 3))).toBe(true);
    expect(pipelineTimelineOf(runs[0]!.run.steps).bars.some((b) => b.segments.some((g) => g.stage === 'collated'))).toBe(false);
  });

  test('faulty and outage schedules, with and without the timing model: the same checks hold', () => {
    const ends = new Set<string>();
    let continued = 0;
    for (const [mix, seed] of [['faulty', 7], ['faulty', 13], ['outage', 4]] as const)
      for (const timing of [false, true]) {
        const { runs } = pipelineScheduleRuns({ presets: presets('sync', 'polkadot', 'elastic'), mix, blocks: 30, seed, timing });
        for (const r of runs) {
          const d = checkPipelineTimeline(r.run, `${mix} ${seed} ${r.preset}${timing ? ' timed' : ''}`);
          for (const b of d.bars) {
            ends.add(b.end);
            for (const e of b.onChain) ends.add(`onChain:${e.end}`);
            continued += b.onChain.filter((e) => e.continued).length;
          }
        }
      }
    // Not vacuous: the schedules reach every way a parablock can end, and forks that bring candidates back.
    for (const e of ['included', 'pending', 'waiting', 'droppedByNode', 'notSeconded', 'onChain:timedOut', 'onChain:abandoned']) expect(ends, e).toContain(e);
    expect(continued).toBeGreaterThan(0);
  });

  test('after an outage the replacement on the timed-out candidate\u2019s parent head is marked as a re-proposal', () => {
    const { runs } = pipelineScheduleRuns({ presets: presets('sync', 'polkadot'), mix: 'outage', blocks: 30, seed: 4, timing: true });
    for (const r of runs) {
      const d = pipelineTimelineOf(r.run.steps);
      // From the run: parent heads of candidates that timed out, and candidates later backed on one of them.
      const timedOut = new Map<string, number>();
      const replacements = new Set<string>();
      r.run.steps.forEach((s, i) => {
        for (const v of s.net.relay.node.outcome.verdicts) {
          const c = v.accepted ? s.net.relay.node.runtime.paras[v.paraId]!.pending.find((x) => x.hash === v.hash) : undefined;
          if (c && (timedOut.get(c.parentHead) ?? Infinity) <= i) replacements.add(c.hash);
        }
        for (const t of s.net.relay.node.outcome.timedOut) if (!t.withAncestor && !timedOut.has(t.candidate.parentHead)) timedOut.set(t.candidate.parentHead, i);
      });
      expect(timedOut.size, r.preset).toBeGreaterThan(0);
      expect(replacements.size, r.preset).toBeGreaterThan(0);
      expect(new Set(d.bars.filter((b) => b.reproposal).map((b) => b.candidate))).toEqual(replacements);
      expect(d.bars.filter((b) => b.onChain.some((e) => e.end === 'timedOut')).length).toBe(timedOut.size);
    }
  });

  test('draws the pipeline witness WP-04 the suite prints (seed 3, path 18), found at the same run index as runSuite', () => {
    const rows = runSuite({ presets: presets('polkadot'), runs: 20, blocks: 50, seed: 3, only: ['WP-04'] });
    const row = rows.find((r) => r.id === 'WP-04')!;
    expect(row.outcome).toBe('witnessed');
    const searched = pipelineCounterexampleRuns({ presets: presets('polkadot', 'sync'), property: 'WP-04', runs: 20, blocks: 50, seed: 3 });
    expect(searched.finding.path).toBe(row.path);
    expect(searched.finding.violation.message).toBe(row.message);
    const replayed = pipelineCounterexampleRuns({ presets: presets('polkadot'), property: 'WP-04', runs: 20, blocks: 50, seed: 3, path: row.path! });
    expect(replayed.finding.violation).toEqual(searched.finding.violation);
    const d = checkPipelineTimeline(searched.runs[0]!.run, 'WP-04');
    expect(d.columns.filter((c) => c.fork).length).toBeGreaterThan(0);
    const { svg, summary } = timelineFromOptions({ ...base, preset: ['polkadot'], property: 'WP-04', seed: 3, path: row.path! });
    expect(summary).toContain(`WP-04 relayChainNeverForks (polkadot, pipeline): witness, seed 3, path ${row.path}`);
    expect(svg).toContain('⚠ WP-04');
    expect(svg).toContain('data-kind="pipeline"');
  });

  test('the timeline command draws pipeline schedules side by side; bad input names what is wrong', () => {
    const { svg, summary } = timelineFromOptions({ ...base, preset: ['sync', 'polkadot', 'elastic'], source: 'pipeline', mix: 'honest', blocks: 12, seed: 1, timing: true });
    expect(svg.match(/<g class="timeline-panel"/g)?.length).toBe(3);
    expect(summary).toContain('honest pipeline schedule of 12 relay slots, seed 1, backing timed by the timing model: sync vs polkadot vs elastic');
    expect(() => timelineFromOptions({ ...base, source: 'pipeline', mix: 'adversarial' })).toThrow(/unknown mix "adversarial" for a pipeline run; known mixes: honest, faulty, outage/);
    expect(() => timelineFromOptions({ ...base, source: 'chain' })).toThrow(/unknown source "chain"/);
    expect(() => timelineFromOptions({ ...base, preset: ['polkadot'], timing: true })).toThrow(/--source pipeline/);
    expect(() => timelineFromOptions({ ...base, preset: ['polkadot'], source: 'relay', property: 'WP-04', seed: 3 })).toThrow(/WP-04 is a pipeline property/);
    expect(() => timelineFromOptions({ ...base, preset: ['polkadot'], property: 'WP-04', seed: 3, timing: true })).toThrow(/without the timing model/);
    expect(() => timelineFromOptions({ ...base, preset: ['polkadot', 'tiny'], source: 'pipeline' })).toThrow(/different paras/);
    expect(() => timelineFromOptions({ ...base, preset: ['polkadot'], source: 'pipeline', property: 'W-99', seed: 3 })).toThrow(/not checked in pipeline runs/);
    expect(() => renderTimeline([{ title: 'a', data: pipelineTimelineOf(pipelineScheduleRuns({ presets: presets('sync'), mix: 'honest', blocks: 3, seed: 1 }).runs[0]!.run.steps) }, { title: 'b', data: timelineOf(scheduleRuns({ presets: presets('sync'), mix: 'honest', blocks: 3, seed: 1 }).runs[0]!.run.steps) }])).toThrow(/separate pictures/);
  });
});
