/**
 * How many schedules the longer property tests run. `npm test` runs the counts given here, which keep
 * it near five minutes on a 2-core machine; `SPEC_RUNS_SCALE=<k>` multiplies every count by k
 * (`npm run test:long` is k = 4: the network suites at 1,000 schedules per preset, as `verify` runs
 * them). The relay preset suites run 1,000 schedules of 50 blocks per preset at k = 1.
 */
function scale(): number {
  const env = process.env.SPEC_RUNS_SCALE;
  if (env === undefined || env === '') return 1;
  if (!/^[1-9]\d*$/.test(env)) throw new Error(`SPEC_RUNS_SCALE must be a positive integer, got "${env}"`);
  return Number(env);
}

export const RUNS_SCALE = scale();

/** `n` schedules at scale 1, `n * SPEC_RUNS_SCALE` otherwise. */
export function runs(n: number): number {
  return n * RUNS_SCALE;
}
