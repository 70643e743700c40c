// Mutation testing of the rules (spec/) and the machines (machines/): `npm run mutate`.
// Runs the fast test set of vitest.mutation.config.ts per mutant, only the tests that cover it.
// Reports: reports/mutation/<slug>/mutation.html and mutation.json (gitignored); summary in docs/mutation.md.
//
// Left out of `mutate`, as data rather than logic: the rule books (spec/*/rules.ts: IDs, titles,
// sources, reasons; their text is checked against docs/RULEBOOK.md by test/rulebook.test.ts) and
// spec/source.ts (the pinned tag and link format).
// `MUTATE=spec/relay npm run mutate` mutates one folder (a comma-separated list of globs is accepted).
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

/**
 * Not mutated: the rule ID in a rule switch, `isOn('RT-05')`. Every rule is on outside the ablation
 * tests, so `isOn('')` behaves as `isOn('RT-05')`: an equivalent mutant. Leaving the literal alone
 * also keeps `isOn('RT-05')` readable in the instrumented source, which the rule-book tests grep.
 */
export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'RuleSwitchId', {
    shouldIgnore(path) {
      const parent = path.parentPath;
      if (path.isStringLiteral() && parent?.isCallExpression() && parent.get('callee').isIdentifier({ name: 'isOn' }))
        return 'rule switch ID: equivalent while every rule is on';
      return undefined;
    },
  }),
];

const only = process.env.MUTATE;
const base = only
  ? only.split(',').map((p) => (/\.ts(:[0-9-]+)?$/.test(p) ? p : `${p.replace(/\/$/, '')}/**/*.ts`))
  : ['spec/**/*.ts', 'machines/**/*.ts'];

// Reports go to reports/mutation/<what was mutated>/ (e.g. reports/mutation/all/mutation.html).
const slug = only ? only.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') : 'all';
const out = `reports/mutation/${slug}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner', './stryker.config.mjs'],
  ignorers: ['RuleSwitchId'],
  vitest: { configFile: 'vitest.mutation.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: [...base, '!spec/**/rules.ts', '!spec/source.ts'],
  // Module-level constants are run against every test; they are the presets' data and lookup tables.
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `${out}/mutation.html` },
  jsonReporter: { fileName: `${out}/mutation.json` },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  incremental: true,
  incrementalFile: `${out}/stryker-incremental.json`,
  thresholds: { high: 90, low: 80, break: null },
};
