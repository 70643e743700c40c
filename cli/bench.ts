/**
 * `npm run bench` (`npx tsx cli/bench.ts`, or `async-backing bench` once registered): the
 * project's speed, measured in one run and printed as one table, with the peers measured side by side.
 *
 *  1. Events/second on a long trace decoded once (bench/trace.ts), replayed through the machines
 *     (`importRelayBlock` with the engine's interpreter, the default stepper, and with XState's own
 *     `transition()`) and the plain rules (`processRelayBlock`); the ratio machines / plain.
 *  2. One machine step three ways (tinybench): the engine's interpreter, XState `transition()`, and
 *     the assign called directly: where the time goes.
 *  3. Random simulation: schedules/second and relay-block steps/second through the property harness
 *     (`runSchedule`, every invariant after every block) on the anchor-like model, and the property
 *     suite (`runSuite`) on a preset.
 *  4. Exhaustive exploration: states/second and transitions/second of the explorer on manifest models.
 *  5. Peers (unless --no-peers): Quint's simulator on the shared anchor and on our twin, SPIN
 *     exhausting the shared anchor and our twin, with ratios.
 *  Peak memory (resident set) is reported per phase. No assertion is made on any time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import Table from 'cli-table3';
import fc from 'fast-check';
import { candidateMachine, newCandidateContext } from '../machines/candidate.ts';
import { step, withStepper } from '../machines/engine.ts';
import { explore } from '../explore/explorer.ts';
import { findModel, modelParams } from '../explore/model.ts';
import { runSchedule } from '../properties/harness.ts';
import { scheduleArb } from '../properties/schedule.ts';
import { runSuite } from '../properties/suite.ts';
import { RELAY_INVARIANTS } from '../properties/invariants.ts';
import { presetParams, ParamsError } from '../spec/params.ts';
import { decodeTrace, oracleEventsOf, replayMachines, replayPlain } from '../bench/trace.ts';
import { applyEvent, initialOracle } from '../oracle/oracle.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface BenchOptions {
  readonly events: number;
  readonly machineEvents: number;
  readonly schedules: number;
  /** Steps of the trace `check` replays (events of the long trace). */
  readonly checkSteps: number;
  readonly peers: boolean;
  readonly quintDir: string;
  /** The peers' anchor scripts (`quint/run.sh`, `spin/run.sh`); default `../shared/bench` beside the checkout. */
  readonly anchors: string;
}

interface Row {
  readonly what: string;
  readonly value: string;
  readonly note: string;
}

const fmt = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en') : x.toFixed(x >= 10 ? 1 : 2));
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}
function time<T>(f: () => T): { value: T; seconds: number } {
  const t = performance.now();
  const value = f();
  return { value, seconds: (performance.now() - t) / 1000 };
}

function sh(cmd: string, args: string[], env: Record<string, string> = {}, timeoutMs = 600_000): { out: string; seconds: number; ok: boolean } {
  const t = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: timeoutMs });
  return { out: `${r.stdout ?? ''}${r.stderr ?? ''}`, seconds: (performance.now() - t) / 1000, ok: r.status === 0 };
}
const num = (s: string | undefined) => (s === undefined ? NaN : Number(s.replace(/,/g, '')));

export async function runBench(o: BenchOptions, log: (s: string) => void = (s) => process.stderr.write(`${s}\n`)): Promise<Row[]> {
  const rows: Row[] = [];
  const add = (what: string, value: string, note = '') => rows.push({ what, value, note });

  // 1. Long trace, three paths.
  const params = presetParams('polkadot');
  log(`decoding ${o.events} relay blocks (polkadot preset, all mixes, no forks)…`);
  const dec = time(() => decodeTrace(params, o.events));
  const trace = dec.value;
  add('trace decoded once', `${o.events.toLocaleString('en')} blocks`, `${dec.seconds.toFixed(1)} s (decodeBlock + machines)`);
  log('replaying: plain rules…');
  const plain = time(() => replayPlain(trace));
  const plainRate = o.events / plain.seconds;
  add('plain rules (processRelayBlock)', `${fmt(plainRate)} events/s`, `${plain.seconds.toFixed(2)} s for ${o.events.toLocaleString('en')} blocks`);
  log('replaying: machines (importRelayBlock, the engine\'s interpreter)…');
  const fast = time(() => replayMachines(trace, 'interpreter'));
  const fastRate = o.events / fast.seconds;
  add('machines (importRelayBlock, interpreter)', `${fmt(fastRate)} events/s`, `${(plainRate / fastRate).toFixed(2)}× the plain rules' time (aim ≤ 3×)`);
  const mEvents = Math.min(o.machineEvents, o.events);
  log(`replaying: machines (importRelayBlock, XState transition()), first ${mEvents} blocks…`);
  const mach = time(() => replayMachines(trace, 'xstate', mEvents));
  const machRate = mEvents / mach.seconds;
  add('machines (importRelayBlock, XState transition())', `${fmt(machRate)} events/s`, `${(plainRate / machRate).toFixed(1)}× the plain rules' time; the reference stepper; first ${mEvents.toLocaleString('en')} blocks`);
  const tip = trace.blocks[mEvents - 1]!.hash;
  const plainPrefix = replayPlain(trace, mEvents);
  const agree = JSON.stringify(mach.value.context.blocks[tip]!.runtime) === JSON.stringify(plainPrefix);
  add('  same runtime state after the replay', agree ? 'yes' : 'NO', 'machines vs plain rules');
  add('  peak memory after the trace', mb(peakRss()), 'resident set (resourceUsage().maxRSS)');

  // 2. One machine step, four ways.
  log('micro-benchmark: one candidate-machine step…');
  const s0 = { value: 'proposed', context: newCandidateContext('0000000000000000', 1000) };
  const ev = { type: 'BACKED', core: 0, backedIn: 3, relayParentNumber: 2 } as const;
  const bench = new Bench({ time: 400 });
  bench
    .add('engine interpreter (machines/engine.ts step)', () => void step(candidateMachine, s0, ev))
    .add('XState transition() (the xstate stepper)', () => void withStepper('xstate', () => step(candidateMachine, s0, ev)))
    .add('plain reducer (the assign called directly)', () => void { ...s0.context, core: ev.core, backedIn: ev.backedIn, relayParentNumber: ev.relayParentNumber, timesBacked: s0.context.timesBacked + 1, evictedWith: null });
  await bench.run();
  for (const t of bench.tasks) {
    const r = t.result as { throughput?: { mean: number; rme: number } } | undefined;
    if (r?.throughput) add(`step: ${t.name}`, `${fmt(r.throughput.mean)} steps/s`, `± ${r.throughput.rme.toFixed(1)}%`);
  }

  // 3. Random simulation.
  const anchorLike = modelParams(findModel('three-cores-a2-h12'));
  log(`random simulation: ${o.schedules} schedules of 50 blocks…`);
  const schedules = fc.sample(scheduleArb(anchorLike, { blocks: 50 }), { numRuns: o.schedules, seed: 7 });
  const sim = time(() => {
    for (const s of schedules) runSchedule(anchorLike, s, { invariants: RELAY_INVARIANTS });
  });
  const simSteps = (o.schedules * 50) / sim.seconds;
  add('simulation: runSchedule, 1 para on 3 cores, ancestry 2', `${fmt(o.schedules / sim.seconds)} schedules/s`, `${fmt(simSteps)} relay-block steps/s, 15 invariants after every block`);
  const suiteRuns = Math.max(20, Math.round(o.schedules / 2));
  const suite = time(() => runSuite({ presets: [{ name: 'polkadot', params }], runs: suiteRuns, blocks: 50, seed: 11, only: RELAY_INVARIANTS.map((i) => i.id), shrink: false }));
  add('property suite: runSuite, polkadot, invariants', `${fmt(suiteRuns / suite.seconds)} schedules/s`, `${suiteRuns} schedules of 50 blocks in ${suite.seconds.toFixed(1)} s`);
  add('  peak memory after simulation', mb(peakRss()), '');

  // 4. Exploration.
  const explored: Record<string, { seconds: number; states: number; transitions: number }> = {};
  for (const [name, stepper] of [
    ['three-cores-a2-h12', 'interpreter'],
    ['three-cores-a2-h12', 'xstate'],
    ['one-core-a1-h24', 'interpreter'],
  ] as const) {
    log(`exploring ${name} (${stepper})…`);
    const r = explore(findModel(name), { stepper });
    explored[`${name}/${stepper}`] = { seconds: r.seconds, states: r.distinctStates, transitions: r.transitions };
    add(`explorer: ${name} (${stepper})`, `${fmt(r.statesPerSecond)} states/s`, `${r.distinctStates} states, ${r.transitions} transitions (${fmt(r.transitionsPerSecond)}/s) in ${r.seconds.toFixed(2)} s`);
  }
  add('  peak memory after exploration', mb(peakRss()), '');

  // 5. Trace checking (the oracle, issue: `check` events per second on a 100,000-step trace).
  {
    const events = oracleEventsOf(trace).slice(0, o.checkSteps);
    const relayEvents = events.filter((e) => e.type === 'relayBlock').length;
    log(`check: replaying ${events.length} oracle events through the oracle (machines, interpreter)…`);
    const replay = (n: number) => {
      let st = initialOracle(params);
      for (let i = 0; i < n; i++) st = applyEvent(st, events[i]).state;
      return st;
    };
    const viaMachines = time(() => replay(events.length));
    add(`check: ${events.length.toLocaleString('en')}-step trace through the oracle (machines)`, `${fmt(events.length / viaMachines.seconds)} events/s`, `${relayEvents.toLocaleString('en')} relay blocks and ${(events.length - relayEvents).toLocaleString('en')} collations; schema validation, network machine, node chains, pruning; ${viaMachines.seconds.toFixed(1)} s`);
    const xn = Math.min(events.length, 2 * o.machineEvents);
    log(`check: the first ${xn} events with XState's transition() as the stepper…`);
    const viaXstate = time(() => withStepper('xstate', () => replay(xn)));
    add('check through the oracle, XState transition() stepper', `${fmt(xn / viaXstate.seconds)} events/s`, `the reference stepper; first ${xn.toLocaleString('en')} events`);
    log('check: the same relay blocks through the plain rule functions…');
    const blocksOnly = trace.blocks.slice(0, relayEvents);
    const viaPlain = time(() => replayPlain(trace, blocksOnly.length));
    add('check through the plain rule functions (processRelayBlock)', `${fmt(relayEvents / viaPlain.seconds)} relay blocks/s`, `the same ${relayEvents.toLocaleString('en')} relay blocks (collations are node events, which the plain relay rules do not see); the oracle: ${fmt(relayEvents / viaMachines.seconds)} relay blocks/s, ${(viaMachines.seconds / viaPlain.seconds).toFixed(1)}× their time for the whole trace`);
    add('  peak memory after checking', mb(peakRss()), '');
  }

  // 6. Peers.
  if (o.peers) {
    if (!existsSync(o.quintDir)) mkdirSync(o.quintDir, { recursive: true });
    log('peers: Quint anchor (2000 samples × 50 steps)…');
    const q = sh('bash', [join(o.anchors, 'quint/run.sh'), '2000', '50'], { QUINT_DIR: o.quintDir });
    const qRate = num(/([\d.]+) traces\/second/.exec(q.out)?.[1]);
    if (Number.isFinite(qRate)) {
      add('Quint anchor: quint run (TypeScript backend), 50 steps', `${fmt(qRate)} traces/s`, `${fmt(qRate * 50)} steps/s; ours ${fmt(simSteps)} steps/s = ${(simSteps / (qRate * 50)).toFixed(1)}× (aim ≥ 30×)`);
    } else add('Quint anchor', 'not run', q.out.split('\n').slice(-3).join(' '));
    log('peers: SPIN anchor (H = 8)…');
    const s = sh('bash', [join(o.anchors, 'spin/run.sh'), '8']);
    const sStates = num(/([\d.e+]+) states, stored/.exec(s.out)?.[1]);
    const sTrans = num(/([\d.e+]+) transitions/.exec(s.out)?.[1]);
    const sTime = num(/elapsed time ([\d.]+)/.exec(s.out)?.[1]);
    add('SPIN anchor: pan -DSAFETY -DNOREDUCE, H = 8', Number.isFinite(sTime) ? `${sTime} s` : 'not run', Number.isFinite(sStates) ? `${fmt(sStates)} states stored (140,110 at block boundaries), ${fmt(sTrans / sTime)} transitions/s` : s.out.slice(-200));
    const twins = (h: number, samples: number) => {
      const tw = sh('bash', [join(ROOT, 'bench/twins/run.sh'), String(h), String(samples)], { QUINT_DIR: o.quintDir });
      return {
        explorer: /distinct states: (\d+)/.exec(tw.out)?.[1],
        spin: /(\d+) states, stored/.exec(tw.out)?.[1],
        quint: /(\d+) distinct states in/.exec(tw.out)?.[1],
        walls: [...tw.out.matchAll(/wall ([\d.]+) s/g)].map((m) => Number(m[1])),
      };
    };
    log('peers: our twins, agreement (bench/twins/run.sh 6 1000)…');
    const a = twins(6, 1000);
    add('twins agree (one-core-a1, H = 6): explorer / SPIN / Quint', `${a.explorer} / ${a.spin} / ${a.quint}`, 'distinct states at block boundaries (Quint: distinct states its simulator visited in 1000 traces)');
    log('peers: our twins, times (bench/twins/run.sh 24 3000)…');
    const b = twins(24, 3000);
    const ours = explored['one-core-a1-h24/interpreter']!;
    add('twins at H = 24: explorer / SPIN / Quint', `${b.explorer} / ${b.spin} / ${b.quint}`, 'SPIN exhaustive = explorer; Quint: visited by 3000 random traces (not saturated)');
    if (b.walls.length >= 2) {
      add('  SPIN on the twin, H = 24 (compile excluded)', `${b.walls[0]} s`, `our explorer ${ours.seconds.toFixed(2)} s on the same ${ours.states} states`);
      add('  Quint simulator on the twin, H = 24', `${b.walls[1]} s`, '3000 traces of 24 steps, incl. start-up');
    }
  }
  add('peak memory (whole run)', mb(peakRss()), '');
  return rows;
}

export function printRows(rows: readonly Row[], out: (s: string) => void = (s) => process.stdout.write(`${s}\n`)): void {
  const table = new Table({ head: ['measurement', 'value', 'notes'], style: { head: [], border: [] }, wordWrap: true, colWidths: [52, 26, 70] });
  for (const r of rows) table.push([r.what, r.value, r.note]);
  out(table.toString());
}

function parseArgs(argv: readonly string[]): BenchOptions {
  const o = { events: 60_000, machineEvents: 5_000, schedules: 200, checkSteps: 100_000, peers: true, quintDir: '/tmp/async-backing-quint', anchors: process.env.ASYNC_BACKING_ANCHORS ?? join(ROOT, '..', 'shared', 'bench') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = () => {
      const v = argv[++i];
      if (v === undefined || !/^\d+$/.test(v) || Number(v) < 1) throw new ParamsError(a, `expects a positive integer, got ${JSON.stringify(v)}`);
      return Number(v);
    };
    if (a === '--events') o.events = val();
    else if (a === '--machine-events') o.machineEvents = val();
    else if (a === '--schedules') o.schedules = val();
    else if (a === '--check-steps') o.checkSteps = val();
    else if (a === '--no-peers') o.peers = false;
    else if (a === '--quint-dir') o.quintDir = argv[++i] ?? o.quintDir;
    else if (a === '--anchors') o.anchors = argv[++i] ?? o.anchors;
    else throw new ParamsError(a, 'unknown option (known: --events N, --machine-events N, --schedules N, --check-steps N, --no-peers, --quint-dir DIR, --anchors DIR)');
  }
  // Checked before the run, not after minutes of it.
  if (o.peers)
    for (const script of ['quint/run.sh', 'spin/run.sh'])
      if (!existsSync(join(o.anchors, script))) throw new ParamsError('--anchors', `no ${script} under ${o.anchors} (the Quint and SPIN anchors; give --anchors DIR, or --no-peers)`);
  return o;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const o = parseArgs(process.argv.slice(2));
    const rows = await runBench(o);
    const cpus = (await import('node:os')).availableParallelism();
    process.stdout.write(`Benchmarks · node ${process.version} · ${cpus} cores (nproc) · ${new Date().toISOString().slice(0, 10)}\n`);
    printRows(rows);
  } catch (e) {
    if (e instanceof ParamsError) {
      process.stderr.write(`error: ${e.message}\n`);
      process.exitCode = 2;
    } else throw e;
  }
}
