/**
 * `async-backing figures`: the headline figures table, sync, async and elastic side by side, beside
 * the published numbers (properties/figures.ts says how each is measured or derived).
 */
import Table from 'cli-table3';
import type { Command } from 'commander';
import { measureFigures, PUBLISHED, TIMING } from '../properties/figures.ts';

export function figuresText(): string {
  const sync = measureFigures('sync');
  const polkadot = measureFigures('polkadot');
  const elastic = measureFigures('elastic');
  const s = (ms: number) => `${(ms / 1000).toFixed(2).replace(/\.?0+$/, '')} s`;
  const t = new Table({ head: ['figure', 'sync (0, 0)', 'async (3, 2)', `elastic (${elastic.cores} cores)`, 'published'], style: { head: [], border: [] } });
  t.push(['parablock time (simulated)', s(sync.parablockTimeMs), s(polkadot.parablockTimeMs), s(elastic.parablockTimeMs), `${s(PUBLISHED.parablockTimeMs.sync)} → ${s(PUBLISHED.parablockTimeMs.async)}`]);
  t.push(['authoring time per block (derived)', s(sync.authoringMs), s(polkadot.authoringMs), s(elastic.authoringMs), `${s(PUBLISHED.authoringMs.sync)} → ${s(PUBLISHED.authoringMs.async)}`]);
  t.push([
    'blockspace vs sync (authoring × cadence)',
    '1×',
    `${(polkadot.blockspacePerSecond / sync.blockspacePerSecond).toFixed(1)}×`,
    `${(elastic.blockspacePerSecond / sync.blockspacePerSecond).toFixed(1)}×`,
    PUBLISHED.blockspaceRatio,
  ]);
  t.push(['relay parent → inclusion (simulated)', s(sync.collationToInclusionMs), s(polkadot.collationToInclusionMs), s(elastic.collationToInclusionMs), '—']);
  t.push(['parablocks per relay block', (1 / sync.blocksPerParablock).toFixed(2), (1 / polkadot.blocksPerParablock).toFixed(2), (1 / elastic.blocksPerParablock).toFixed(2), '—']);
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
