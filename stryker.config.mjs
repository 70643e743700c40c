// Mutation testing of the rules (spec/) and the machines (machines/): `npm run mutate`.
// Runs the fast test set of vitest.mutation.config.ts per mutant, only the tests that cover it.
// Reports: reports/mutation/mutation.html and mutation.json (gitignored); summary in docs/mutation.md.
//
// Left out of `mutate`, as data rather than logic: the rule books (spec/*/rules.ts: IDs, titles,
// sources, reasons; their text is checked against docs/RULEBOOK.md by test/rulebook.test.ts) and
// spec/source.ts (the pinned tag and link format).
// `MUTATE=spec/relay npm run mutate` mutates one folder (a comma-separated list of globs is accepted).
const only = process.env.MUTATE;
const base = only
  ? only.split(',').map((p) => (p.endsWith('.ts') ? p : `${p.replace(/\/$/, '')}/**/*.ts`))
  : ['spec/**/*.ts', 'machines/**/*.ts'];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: [...base, '!spec/**/rules.ts', '!spec/source.ts'],
  // Module-level constants are run against every test; they are the presets' data and lookup tables.
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  thresholds: { high: 90, low: 80, break: null },
};
