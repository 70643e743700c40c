import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    // The runs allocate many short-lived states; a larger young generation cuts the time spent in
    // scavenges by about a quarter (measured on the relay suite, docs/bench.md).
    execArgv: ['--max-semi-space-size=64'],
  },
});
