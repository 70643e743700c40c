/**
 * The fast test set Stryker runs per mutant (`npm run mutate`, stryker.config.mjs): the unit tests of
 * every layer, the machine tests, the rule-book checks and the short property tests (`mutation-*`
 * files, a few schedules per preset). The long property suites (test/properties, test/network,
 * test/pipeline: 1,000 schedules per preset, minutes each) and the CLI, browser and diagram tests
 * are left out: per mutant they would cost minutes. `npm test` still runs everything.
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
      'test/rulebook.test.ts',
      'test/**/mutation-*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
