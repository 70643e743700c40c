/**
 * `async-backing figures`: the headline figures table, sync, async and elastic side by side, beside
 * the published numbers (properties/figures.ts says how each is measured or derived).
 */
import Table from 'cli-table3';
import type { Command } from 'commander';
import { measureFigures, PUBLISHED, TIMING } from '../properties/figures.ts';

const s = (ms: number) => `${(ms / 1000).toFixed(2).replace(/\.?0+$/, '')} s`;

/** The figures as rows: label, sync, async, elastic, published. */
export function figureRows(): { cores: number; rows: string[][] } {
  const sync = measureFigures('sync');
  const polkadot = measureFigures('polkadot');
  const elastic = measureFigures('elastic');
  return {
    cores: elastic.cores,
    rows: [
      ['parablock time (simulated)', s(sync.parablockTimeMs), s(polkadot.parablockTimeMs), s(elastic.parablockTimeMs), `${s(PUBLISHED.parablockTimeMs.sync)} → ${s(PUBLISHED.parablockTimeMs.async)}`],
      ['authoring time per block (derived)', s(sync.authoringMs), s(polkadot.authoringMs), s(elastic.authoringMs), `${s(PUBLISHED.authoringMs.sync)} → ${s(PUBLISHED.authoringMs.async)}`],
      ['blockspace vs sync (authoring × cadence)', '1×', `${(polkadot.blockspacePerSecond / sync.blockspacePerSecond).toFixed(1)}×`, `${(elastic.blockspacePerSecond / sync.blockspacePerSecond).toFixed(1)}×`, PUBLISHED.blockspaceRatio],
      ['relay parent → inclusion (simulated)', s(sync.collationToInclusionMs), s(polkadot.collationToInclusionMs), s(elastic.collationToInclusionMs), '—'],
      ['parablocks per relay block', (1 / sync.blocksPerParablock).toFixed(2), (1 / polkadot.blocksPerParablock).toFixed(2), (1 / elastic.blocksPerParablock).toFixed(2), '—'],
    ],
  };
}

const esc = (x: string) => x.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The figures table as HTML for the review report. */
export function figuresHtml(): string {
  const { cores, rows } = figureRows();
  const head = ['figure', 'sync (0, 0)', 'async (3, 2)', `elastic (${cores} cores)`, 'published'];
  return [
    '<table class="figures"><thead><tr>',
    ...head.map((h) => `<th>${esc(h)}</th>`),
    '</tr></thead><tbody>',
    ...rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`),
    '</tbody></table>',
    `<p>Timing model: relay slot ${s(TIMING.relaySlotMs)}, backing execution timeout ${s(TIMING.backingTimeoutMs)}, network hop ${s(TIMING.networkHopMs)}, relay block production ${s(TIMING.relayBlockProductionMs)}. Parablock time, throughput and latency are measured on honest simulated runs; authoring time is derived from the timing model. The blockspace ratio is cadence × authoring time; the published 6–10× also counts fuller blocks, which the model does not.</p>`,
  ].join('');
}

export function figuresText(): string {
  const { cores, rows } = figureRows();
  const t = new Table({ head: ['figure', 'sync (0, 0)', 'async (3, 2)', `elastic (${cores} cores)`, 'published'], style: { head: [], border: [] } });
  for (const r of rows) t.push(r);
  return [
    t.toString(),
    `Timing model: relay slot ${s(TIMING.relaySlotMs)}, backing execution timeout ${s(TIMING.backingTimeoutMs)}, network hop ${s(TIMING.networkHopMs)}, relay block production ${s(TIMING.relayBlockProductionMs)} (properties/figures.ts).`,
    'Parablock time, throughput and latency are measured on honest simulated runs (steady state); authoring time is derived from the timing model.',
    'The blockspace ratio is cadence × authoring time; the published 6–10× also counts fuller blocks (PoV reclaim), which the model does not.',
  ].join('\n');
}

export function registerFiguresCommand(program: Command): void {
  program
    .command('figures')
    .description('the headline figures: parablock time, authoring time, blockspace, latency, elastic throughput, beside the published numbers')
    .action(() => {
      process.stdout.write(`${figuresText()}\n`);
    });
}
