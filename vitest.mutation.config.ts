/**
 * The fast test set Stryker runs per mutant (`npm run mutate`, stryker.config.mjs): the unit tests of
 * every layer, the machine tests and the short property tests (`mutation-*` files, a few schedules
 * per preset). Left out: the long property suites (test/properties, test/network, test/pipeline:
 * 1,000 schedules per preset, minutes each), the CLI, browser and diagram tests (per mutant they would
 * cost minutes), and test/rulebook.test.ts (it checks generated docs against the rule-book data,
 * which is not mutated). `npm test` still runs everything.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/relay/**/*.test.ts',
      'test/node/**/*.test.ts',
      'test/parachain/**/*.test.ts',
      'test/machines/**/*.test.ts',
      'test/params.test.ts',
      'test/foundations.test.ts',
      'test/**/mutation-*.test.ts',
    ],
    // machines.test.ts checks the machines against the plain rules on 180 random schedules (≈ 6 s);
    // per mutant that dominates the run. The short properties (test/relay/mutation-properties.test.ts,
    // every relay invariant including INV-15 lifecycle agreement) stand in for it here.
    exclude: ['test/machines/machines.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
