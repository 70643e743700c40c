/**
 * The models of models/manifest.json keep their recorded results: every model marked fast is explored
 * exhaustively and must give exactly the recorded result, distinct-state count, transitions and depth,
 * and for a broken-rule model the recorded invariant and shortest-counterexample length. A change in
 * the rules, the machines, the decoder or the state key that changes a state space shows up here.
 */
import { describe, expect, test } from 'vitest';
import { explore } from '../../explore/explorer.ts';
import { loadManifest } from '../../explore/model.ts';

const manifest = loadManifest();

describe('models/manifest.json', () => {
  test('has at least one broken-rule model with a recorded shortest counterexample', () => {
    const broken = manifest.models.filter((m) => m.rulesOff.length > 0);
    expect(broken.length).toBeGreaterThan(0);
    for (const m of broken) {
      expect(m.expected.result).toBe('violation');
      expect(m.expected.counterexampleLength).toBeGreaterThan(0);
    }
  });

  for (const m of manifest.models.filter((x) => x.fast))
    test(`${m.name} explores to ${m.expected.result} with ${m.expected.distinctStates} distinct states`, () => {
      const r = explore(m, { maxSeconds: 20 });
      expect({
        result: r.result,
        distinctStates: r.distinctStates,
        transitions: r.transitions,
        depth: r.depth,
        ...(r.counterexample ? { property: r.counterexample.violation.property, counterexampleLength: r.counterexample.choices.length } : {}),
      }).toEqual(m.expected);
      if (r.counterexample) {
        // The counterexample was replayed through importRelayBlock and fails where BFS said.
        expect(r.counterexample.steps).toHaveLength(m.expected.counterexampleLength!);
        expect(r.counterexample.trace).toContain(`⚠ ${m.expected.property}`);
      }
    });
});
