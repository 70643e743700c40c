/**
 * The review report in a real browser (Debian's chromium driven by playwright-core): it loads from
 * disk with no console error and no network request; every machine diagram is an SVG with one node per
 * state of the machine's configuration; every relay-level pipeline picture has one bar per candidate
 * the run put on a core, every pipeline-run picture one bar per parablock its collators built, with
 * the columns of backing and inclusion the runtime's and its stages in order, and a caption with the
 * cadence measured (sync 0.5, polkadot 1, elastic 3 parablocks per relay block on the honest run);
 * every rule-book link lands on the page and every source link points at the pinned tag.
 * A screenshot is saved to $REPORT_SCREENSHOT, or to <tmpdir>/async-backing-report.png (and
 * async-backing-report-pipelines.png beside it).
 *
 * Without /usr/bin/chromium the tests are skipped, unless CI=true: then they fail.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { MACHINES } from '../../cli/rulebook.ts';
import { REPORT_PIPELINES, figureRuns, renderReport } from '../../cli/report.ts';
import { RULE_BOOK } from '../../spec/ruleBook.ts';
import { SDK_REPO, SDK_TAG } from '../../spec/source.ts';
import type { RunResult } from '../../properties/harness.ts';
import type { PipelineRunResult } from '../../properties/pipeline/harness.ts';
import { fromConfig } from '../diagrams/parsers.ts';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';
const SCREENSHOT = process.env.REPORT_SCREENSHOT || join(tmpdir(), 'async-backing-report.png');
const skip = !haveChromium && !inCi;
if (skip) console.warn(`browser test skipped: ${CHROMIUM} is missing (apt-get install chromium); with CI=true it fails instead`);

/** Bars a run must show, counted from the run itself: one per accepted backing, plus candidates a fork brings back. */
function expectedBars(run: RunResult): { bars: number; included: number; rejected: number } {
  let bars = 0;
  let included = 0;
  let rejected = 0;
  run.steps.forEach((v, i) => {
    const prev = i === 0 ? v.parent : run.steps[i - 1]!.node;
    if (v.parent.hash !== prev.hash) {
      const before = new Set(Object.values(prev.runtime.paras).flatMap((p) => p.pending.map((c) => `${c.hash}@${c.core}`)));
      bars += Object.values(v.parent.runtime.paras).flatMap((p) => p.pending).filter((c) => !before.has(`${c.hash}@${c.core}`)).length;
    }
    bars += v.node.outcome.verdicts.filter((x) => x.accepted).length;
    rejected += v.node.outcome.verdicts.filter((x) => !x.accepted).length;
    included += v.node.outcome.enacted.length;
  });
  return { bars, included, rejected };
}

/**
 * What the picture of a pipeline run must show, from the run itself: one bar per parablock built;
 * per parablock (by head), the columns in which the runtime backed and included its candidate.
 */
function expectedParablocks(run: PipelineRunResult) {
  const built: string[] = [];
  const candidateOf = new Map<string, string>();
  const backedIn = new Map<string, number[]>();
  const includedIn = new Map<string, number[]>();
  let rejected = 0;
  run.steps.forEach((s, i) => {
    for (const e of s.lastSlot) {
      if (e.kind === 'parachainBlock') built.push(e.hash);
      else if (e.event.type === 'COLLATION') candidateOf.set(e.event.candidate.commitments.headData, e.event.candidate.hash);
    }
    for (const v of s.net.relay.node.outcome.verdicts) {
      if (v.accepted) backedIn.set(v.hash, [...(backedIn.get(v.hash) ?? []), i + 1]);
      else rejected++;
    }
    for (const c of s.net.relay.node.outcome.enacted) includedIn.set(c.hash, [...(includedIn.get(c.hash) ?? []), i + 1]);
  });
  const columns = (m: Map<string, number[]>, head: string) => (candidateOf.has(head) ? (m.get(candidateOf.get(head)!) ?? []) : []);
  return {
    built,
    included: built.filter((h) => columns(includedIn, h).length > 0).length,
    rejected,
    backedColumns: (head: string) => columns(backedIn, head).join(' '),
    includedColumn: (head: string) => String(columns(includedIn, head)[0] ?? ''),
  };
}

/** Stage order of a parablock bar: off chain (collated, seconded, backed by its group), then on chain. */
const STAGE_ORDER = /^(collated )?(seconded )?(groupBacked )?((notSeconded |droppedByNode )|((backed )?pending ((included|timedOut|evicted|droppedAtSessionChange) )?(groupBacked )?)*)$/;

describe.skipIf(skip)(`the review report in chromium${skip ? ` (skipped: ${CHROMIUM} missing and CI is not true)` : ''}`, () => {
  let browser: Browser | undefined;
  let page: Page;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    expect(haveChromium, `${CHROMIUM} is missing: CI=true needs it (apt-get install chromium)`).toBe(true);
    const file = join(mkdtempSync(join(tmpdir(), 'report-')), 'index.html');
    writeFileSync(file, await renderReport());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await page.goto(`file://${file}`, { waitUntil: 'load' });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  test('loads from disk with no console error and no network request, and fits a laptop screen', async () => {
    expect(await page.title()).toContain(SDK_TAG);
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
  });

  test('every machine diagram renders as SVG with one node per state and one edge per transition of its configuration', async () => {
    for (const m of MACHINES) {
      const fig = page.locator(`figure[data-machine="${m.id}"]`);
      expect(await fig.locator('svg').count(), m.id).toBe(1);
      const config = fromConfig(m);
      const states = [...config.states.values()].filter((s) => !s.compound).length;
      expect(await fig.locator('svg g.node.state').count(), `${m.id} states`).toBe(states);
      expect(await fig.locator('svg g.edge.transition').count(), `${m.id} transitions`).toBe(config.edges.length);
      const box = await fig.locator('svg').boundingBox();
      expect(box && box.width > 50 && box.height > 50, `${m.id} has a size`).toBe(true);
    }
  });

  test('every pipeline picture renders one panel per preset and one bar per candidate (relay-level) or parablock (pipeline) of the run', async () => {
    for (const f of REPORT_PIPELINES) {
      const fr = figureRuns(f);
      const figure = page.locator(`figure[data-figure="${f.id}"]`);
      expect(await figure.getAttribute('data-source')).toBe(f.source);
      const panels = figure.locator('svg g.timeline-panel');
      expect(await panels.count(), f.id).toBe(f.presets.length);
      for (let i = 0; i < fr.runs.length; i++) {
        const panel = panels.nth(i);
        expect(await panel.getAttribute('data-preset')).toBe(f.presets[i]);
        if (fr.source === 'relay') {
          const want = expectedBars(fr.runs[i]!.run);
          expect(await panel.locator('g.bar').count(), `${f.id} ${f.presets[i]} bars`).toBe(want.bars);
          expect(await panel.locator('g.bar[data-end="included"]').count(), `${f.id} ${f.presets[i]} included`).toBe(want.included);
          expect(await panel.locator('g.rejected').count(), `${f.id} ${f.presets[i]} rejected`).toBe(want.rejected);
          expect(want.bars, `${f.id} draws something`).toBeGreaterThan(0);
          continue;
        }
        const want = expectedParablocks(fr.runs[i]!.run);
        expect(await panel.getAttribute('data-kind')).toBe('pipeline');
        expect(await panel.locator('g.bar').count(), `${f.id} ${f.presets[i]} parablocks`).toBe(want.built.length);
        expect(await panel.locator('g.bar[data-end="included"]').count(), `${f.id} ${f.presets[i]} included`).toBe(want.included);
        expect(await panel.locator('g.rejected').count(), `${f.id} ${f.presets[i]} rejected`).toBe(want.rejected);
        expect(want.built.length, `${f.id} draws something`).toBeGreaterThan(0);
        const bars = await panel.locator('g.bar').evaluateAll((gs) =>
          gs.map((g) => ({ head: g.getAttribute('data-parablock')!, backed: g.getAttribute('data-backed-columns')!, included: g.getAttribute('data-included-column')!, stages: g.getAttribute('data-stages')!, rects: g.querySelectorAll('rect.stage').length })),
        );
        expect(bars.map((b) => b.head).sort()).toEqual([...want.built].sort());
        for (const b of bars) {
          expect(b.backed, `${f.id} ${f.presets[i]} ${b.head} backed in`).toBe(want.backedColumns(b.head));
          expect(b.included, `${f.id} ${f.presets[i]} ${b.head} included in`).toBe(want.includedColumn(b.head));
          expect(`${b.stages} `, `${f.id} ${f.presets[i]} ${b.head} stages`).toMatch(STAGE_ORDER);
          expect(b.rects, `${f.id} ${f.presets[i]} ${b.head} drawn`).toBeGreaterThan(0);
        }
        const box = await panel.boundingBox();
        expect(box && box.width > 500 && box.height > 60, `${f.id} ${f.presets[i]} has a size`).toBe(true);
      }
    }
  });

  test('the sync vs async picture comes from pipeline runs and its caption gives the measured cadence: 0.5, 1 and 3 parablocks per relay block', async () => {
    const f = REPORT_PIPELINES.find((x) => x.id === 'pipeline-honest')!;
    expect(f.source).toBe('pipeline');
    expect(f.presets).toEqual(['sync', 'polkadot', 'elastic']);
    const caption = await page.locator('figure[data-figure="pipeline-honest"] figcaption').innerText();
    expect(caption).toContain('sync: para 1000 0.50 and para 2000 0.50 parablocks per relay block over #11–#30');
    expect(caption).toContain('polkadot: para 1000 1.00 and para 2000 1.00 parablocks per relay block over #11–#30');
    expect(caption).toContain('elastic: para 1000 (3 cores) 3.00 and para 2000 1.00 parablocks per relay block over #11–#30');
    expect(caption).toContain('npx async-backing timeline --source pipeline --preset sync polkadot elastic --mix honest --blocks 30 --seed 1 --timing');
    const notes = await page.locator('figure[data-figure="pipeline-honest"] svg text.panel-note').evaluateAll((ts) => ts.map((t) => t.textContent ?? ''));
    expect(notes.join(' ')).toMatch(/para 1000 \(3 cores\) 3\.00/);
  });

  test('every rule has an anchor, every in-page link lands, and source links point at the pinned tag', async () => {
    for (const r of RULE_BOOK) expect(await page.locator(`[id="${r.id}"]`).count(), r.id).toBe(1);
    const broken = await page.evaluate(() =>
      [...document.querySelectorAll('a[href^="#"]')].map((a) => a.getAttribute('href')!.slice(1)).filter((id) => document.getElementById(decodeURIComponent(id)) === null),
    );
    expect(broken).toEqual([]);
    const ruleLinks = await page.locator('a[href^="#RT-"], a[href^="#PP-"], a[href^="#PS-"]').count();
    expect(ruleLinks).toBeGreaterThan(RULE_BOOK.length);
    const sources = await page.locator('a.source').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(sources.length).toBe(RULE_BOOK.length);
    for (const s of sources) expect(s.startsWith(`https://github.com/${SDK_REPO}/blob/${SDK_TAG}/`), s).toBe(true);
  });

  test('the figures section shows the measured figures table and the property table shows seeds', async () => {
    expect(await page.locator('#figures [data-placeholder="figures"]').count()).toBe(0);
    const figures = await page.locator('#figures table.figures').innerText();
    expect(figures).toMatch(/parablock time \(simulated\)\s+12 s\s+6 s\s+2 s/);
    expect(figures).toMatch(/authoring time per block \(derived\)\s+0\.5 s\s+2 s/);
    expect(await page.locator('#property-table tbody tr').count()).toBeGreaterThan(20);
    expect(await page.locator('#property-table').innerText()).toContain('20261125');
  });

  test('saves a screenshot of the page and of the pipeline pictures', async () => {
    await page.screenshot({ path: SCREENSHOT });
    const pipelines = join(dirname(SCREENSHOT), SCREENSHOT.replace(/^.*\//, '').replace(/\.png$/, '-pipelines.png'));
    await page.locator('#pipeline-honest').scrollIntoViewIfNeeded();
    await page.screenshot({ path: pipelines });
    expect(existsSync(SCREENSHOT) && existsSync(pipelines)).toBe(true);
    console.log(`screenshots: ${SCREENSHOT}, ${pipelines}`);
  });
});
