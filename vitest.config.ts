import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    // Vitest's default in a run is one worker fewer than the cores (1 on a 2-core machine), which
    // serialises the property files; the main process only collects results, so use every core.
    maxWorkers: availableParallelism(),
    // The runs allocate many short-lived states; a larger young generation cuts the time spent in
    // scavenges by about a quarter (measured on the relay suite, docs/bench.md).
    execArgv: ['--max-semi-space-size=64'],
  },
});
