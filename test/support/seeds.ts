/**
 * Seeds for the property tests: pinned seeds (reproducible in CI and locally) plus, when
 * `CI=true` or `SPEC_RANDOM_SEED` is set, one random seed that is printed so a failure can be replayed.
 */
export const PINNED_SEEDS: readonly number[] = [20261125];

function randomSeed(): number | null {
  const env = process.env.SPEC_RANDOM_SEED;
  if (env !== undefined && env !== '') {
    if (!/^-?\d+$/.test(env)) throw new Error(`SPEC_RANDOM_SEED must be an integer, got "${env}"`);
    return Number(env) | 0;
  }
  if (process.env.CI === 'true') {
    const s = (Math.random() * 2 ** 31) | 0;
    console.log(`random property seed: ${s} (replay with SPEC_RANDOM_SEED=${s})`);
    return s;
  }
  return null;
}

const extra = randomSeed();
export const SEEDS: readonly number[] = extra === null ? PINNED_SEEDS : [...PINNED_SEEDS, extra];
