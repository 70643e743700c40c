/**
 * Breaking a node-side rule on purpose makes some property fail. Each rule is switched off in turn and
 * the network suite (node invariants N-01…, relay invariants, node witnesses) runs on the elastic and
 * polkadot presets; the test names the property that caught it.
 *
 * Not every rule can be caught by a system property, and this file says which and why, so the gap
 * is visible rather than hidden:
 * - NOT_OBSERVABLE: the rule is defence in depth (another check refuses the same candidates first
 *   or later) or guards an input the system never produces; its unit tests in test/node/ cover it.
 * - PENDING: the inclusion-emulator checks on messages and code (UMP, HRMP, DMP, code size and
 *   upgrades) bind only when collators send messages and the relay runtime checks the same limits,
 *   which the model does not do yet.
 */
import { describe, expect, test } from 'vitest';
import { withRulesOff } from '../../spec/ablation.ts';
import { presetParams } from '../../spec/params.ts';
import { NODE_RULES } from '../../spec/node/rules.ts';
import { runSuite } from '../../properties/suite.ts';

const NETWORK_PROPERTIES = ['N-01', 'N-02', 'N-03', 'N-05', 'N-06', 'N-RELAY', 'WN-01', 'WN-02', 'WN-03', 'WN-04', 'WN-05'];

export const CAUGHT_BY: Record<string, readonly string[]> = {
  'PP-07': ['N-03'],
  'PP-16': ['N-03'],
  'PP-17': ['N-02'],
  'PP-19': ['N-06'],
  'PP-20': ['N-06'],
  'PP-21': ['N-06'],
  'PP-22': ['N-06', 'WN-02'],
  'PP-23': ['N-02'],
  'PP-25': ['N-02'],
  'PP-27': ['N-01'],
  'PP-29': ['N-02'],
  'PP-31': ['N-05'],
  'PP-32': ['N-03'],
  'PP-33': ['N-06'],
  'PP-35': ['N-01'],
  'RT-23': ['N-03'],
};

export const NOT_OBSERVABLE: Record<string, string> = {
  'PP-08': 'RelayParentTooOld: a relay parent below min_relay_parent_number is already out of scope (PP-19 refuses it first)',
  'PP-15': 'UnexpectedAncestor: the relay chain always hands the node contiguous ancestry',
  'PP-18': 'CandidateAlreadyKnown: storage refuses a duplicate entry whatever this check says, and collators advertise a collation once',
  'PP-24': 'CheckAgainstConstraints in check_potential: populate_chain runs Fragment::new again before chaining, so the same candidates stay out of the best chain',
  'PP-26': 'IntroduceBackedCandidate: the network only ever introduces candidates as seconded',
  'PP-28': 'pending availability always wins: forks of pending candidates are refused on admission (PP-21) before fork choice could matter',
  'PP-30': 'trim_uneligible_forks: the re-admission of survivors (can_add_candidate_as_potential) removes the same forks',
  'PP-34': 'hypothetical membership counting CandidateAlreadyKnown: the network seconds by trying to add; it never asks for membership of a known candidate',
};

export const PENDING: Record<string, string> = {
  ...Object.fromEntries(
    ['PP-01', 'PP-02', 'PP-03', 'PP-04', 'PP-05', 'PP-06', 'PP-09', 'PP-10', 'PP-11', 'PP-12', 'PP-13', 'PP-14'].map((id) => [
      id,
      'inclusion-emulator limit on messages or code: needs collators that send messages and the relay runtime checking the same limits',
    ]),
  ),
  ...Object.fromEntries(
    ['PP-36', 'PP-37', 'PP-38', 'PP-39', 'PP-40', 'PP-41', 'PP-42', 'PP-43'].map((id) => [
      id,
      'prospective-parachains view, backing and provisioner rules (spec/node/view.ts, backing.ts): unit-tested, not yet the network\'s own view',
    ]),
  ),
};

const suite = () =>
  runSuite({
    presets: [
      { name: 'elastic', params: presetParams('elastic') },
      { name: 'polkadot', params: presetParams('polkadot') },
    ],
    runs: 200,
    blocks: 30,
    seed: 7,
    shrink: false,
    only: NETWORK_PROPERTIES,
  });

describe('rule ablation: node-side rules', () => {
  test('every node rule is classified once: caught by a property, not observable (with why), or pending', () => {
    for (const r of NODE_RULES) {
      const places = [r.id in CAUGHT_BY, r.id in NOT_OBSERVABLE, r.id in PENDING].filter(Boolean).length;
      expect(places, `${r.id} (${r.fn})`).toBe(1);
    }
  });

  test('with every rule on, the network suite passes (so a failure below is the ablation)', () => {
    expect(suite().filter((r) => !r.ok).map((r) => `${r.id}@${r.preset}`)).toEqual([]);
  });

  for (const [id, expected] of Object.entries(CAUGHT_BY))
    test(`switching off ${id} is caught by ${expected.join(' or ')}`, () => {
      const failed = withRulesOff([id], suite).filter((r) => !r.ok).map((r) => r.id);
      expect(failed.length, `${id} off: no property failed`).toBeGreaterThan(0);
      expect(failed.some((f) => expected.includes(f)), `${id} off: failed ${failed.join(', ')}`).toBe(true);
    });
});
