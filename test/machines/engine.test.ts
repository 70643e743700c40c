/**
 * The engine's two steppers agree: the interpreter (the default, machines/engine.ts) and XState's own
 * `transition()` (the reference semantics) give identical states, block by block, on random relay
 * schedules of every mix, on network schedules (relay chain + prospective parachains) and on pipeline
 * schedules (collators, their runtimes, the node and the relay chain), and refuse the same events.
 * The interpreter refuses machine features it does not implement instead of guessing.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createMachine, setup } from 'xstate';
import { currentStepper, RejectedEvent, step, withStepper, type Stepper } from '../../machines/engine.ts';
import { candidateMachine, newCandidateContext } from '../../machines/candidate.ts';
import { runSchedule } from '../../properties/harness.ts';
import { scheduleArb } from '../../properties/schedule.ts';
import { runNetwork } from '../../properties/network/harness.ts';
import { netScheduleArb } from '../../properties/network/schedule.ts';
import { pipelineScheduleArb, runPipeline } from '../../properties/pipeline/harness.ts';
import { presetParams } from '../../spec/params.ts';
import { PINNED_SEEDS } from '../support/seeds.ts';

const seed = PINNED_SEEDS[0]!;
const both = <T>(f: () => T): [T, T] => [withStepper('interpreter', f), withStepper('xstate', f)];

describe('interpreter = XState transition()', () => {
  test('the default stepper is the interpreter unless ASYNC_BACKING_STEPPER says otherwise', () => {
    expect(currentStepper()).toBe((process.env.ASYNC_BACKING_STEPPER || 'interpreter') as Stepper);
  });

  for (const preset of ['small', 'polkadot', 'elastic', 'sync'])
    test(`identical relay-chain states on random ${preset} schedules of every mix`, () => {
      const params = presetParams(preset);
      fc.assert(
        fc.property(scheduleArb(params, { blocks: 20 }), (s) => {
          const [a, b] = both(() => runSchedule(params, s, { invariants: [] }));
          expect(a.steps.length).toBe(b.steps.length);
          expect(a.final).toEqual(b.final);
        }),
        { seed, numRuns: 10 },
      );
    });

  for (const preset of ['polkadot', 'elastic'])
    test(`identical network states (relay chain, fragment chains, node candidates) on ${preset}`, () => {
      const params = presetParams(preset);
      fc.assert(
        fc.property(netScheduleArb(params, 12), (s) => {
          const [a, b] = both(() => runNetwork(params, s, {}));
          expect(a.final).toEqual(b.final);
        }),
        { seed, numRuns: 4 },
      );
    });

  test('identical pipeline states (collators, parachain runtimes, node, relay chain) on polkadot', () => {
    const params = presetParams('polkadot');
    fc.assert(
      fc.property(pipelineScheduleArb(params, 10), (s) => {
        const [a, b] = both(() => runPipeline(params, s, {}));
        expect(a.final).toEqual(b.final);
      }),
      { seed, numRuns: 3 },
    );
  });

  test('both refuse an event the state does not accept, with the same error', () => {
    const s = { value: 'proposed', context: newCandidateContext('00', 1000) };
    const e = { type: 'ENACTED', votes: 4, validators: 4, predecessorsEnacted: true } as const;
    const errors = both(() => {
      try {
        step(candidateMachine, s, e);
        return null;
      } catch (x) {
        return x;
      }
    });
    for (const x of errors) expect(x).toBeInstanceOf(RejectedEvent);
    expect(String(errors[0])).toBe(String(errors[1]));
    expect(String(errors[0])).toContain('candidate: event ENACTED is not accepted in state "proposed"');
    const backed = { type: 'BACKED', core: 0, backedIn: 3, relayParentNumber: 2 } as const;
    const [a, b] = both(() => step(candidateMachine, s, backed));
    expect(a).toEqual(b);
  });

  test('the interpreter refuses features it does not implement, naming the machine and the feature', () => {
    const nested = createMachine({ id: 'nested', initial: 'a', states: { a: { initial: 'x', states: { x: {} } } } });
    expect(() => withStepper('interpreter', () => step(nested, { value: 'a', context: {} }, { type: 'GO' }))).toThrow('machine "nested" uses nested states');
    const withEntry = createMachine({ id: 'entry', initial: 'a', states: { a: { entry: () => {} } } });
    expect(() => withStepper('interpreter', () => step(withEntry, { value: 'a', context: {} }, { type: 'GO' }))).toThrow('machine "entry" uses entry');
    const unknownGuard = setup({}).createMachine({ id: 'g', initial: 'a', states: { a: { on: { GO: { guard: 'nope' as never, target: 'a' } } } } });
    expect(() => withStepper('interpreter', () => step(unknownGuard, { value: 'a', context: {} }, { type: 'GO' }))).toThrow('unknown guard "nope"');
  });
});
