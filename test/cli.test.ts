/**
 * The command-line tool as a user runs it: the suite passes with exit 0 and prints its table; a rule
 * switched off makes it print a counterexample trace and exit 1; bad input exits 2 with a message
 * that names the problem.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'async-backing.mjs');
function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('async-backing verify', () => {
  test('passes a short run and prints the results table with seed and verdicts', () => {
    const r = run('verify', '--preset', 'polkadot', '--runs', '40', '--seed', '11', '--no-progress');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Seed 11');
    expect(r.out).toMatch(/INV-01 relayParentInWindow\s+│ invariant │ polkadot │ 40\s+│/);
    expect(r.out).toMatch(/W-01 noCandidateEverTimesOut .* witnessed/);
    expect(r.out).toMatch(/^OK: \d+ passed, \d+ witnessed as required, 0 failed$/m);
  });

  test('with a rule switched off it prints a relay-block trace of the counterexample, the replay command, and exits 1', () => {
    const r = run('verify', '--preset', 'polkadot', '--runs', '100', '--seed', '3', '--no-progress', '--rules-off', 'RT-02', '--property', 'INV-03');
    expect(r.code).toBe(1);
    expect(r.out).toContain('Counterexample: INV-03 relayParentsNeverDecrease (polkadot)');
    expect(r.out).toMatch(/#\d+ [0-9a-f]{8} on #\d+/);
    expect(r.out).toMatch(/replay: npx async-backing verify --preset polkadot --rules-off RT-02 --property INV-03 .* --seed 3 --path [\d:]+ --full/);
    expect(r.out).toMatch(/^FAILED: /m);
  });

  test('replaying the printed path reproduces the same counterexample', () => {
    const first = run('verify', '--preset', 'polkadot', '--runs', '100', '--seed', '3', '--no-progress', '--rules-off', 'RT-02', '--property', 'INV-03');
    const path = /--path ([\d:]+)/.exec(first.out)![1]!;
    const again = run('verify', '--preset', 'polkadot', '--runs', '100', '--seed', '3', '--no-progress', '--rules-off', 'RT-02', '--property', 'INV-03', '--path', path);
    expect(again.code).toBe(1);
    const message = (s: string) => /⚠ (INV-03 .*)/.exec(s)![1];
    expect(message(again.out)).toBe(message(first.out));
  });

  test.each([
    [['verify', '--preset', 'kusama'], /unknown preset "kusama"/],
    [['verify', '--runs', 'many'], /--runs must be an integer from 1 to/],
    [['verify', '--param', 'validators=1'], /1 validators cannot form 2 non-empty backing groups/],
    [['verify', '--param', 'depth=2'], /unknown parameter "depth"/],
    [['verify', '--rules-off', 'RT-99'], /unknown rule "RT-99"/],
    [['verify', '--path', '3'], /replaying a path needs exactly one --property/],
    [['verify', '--frobnicate'], /unknown option '--frobnicate'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('bad input %j exits 2 and says what is wrong', (args, message) => {
    const r = run(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});
