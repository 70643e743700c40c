/**
 * The machines wire the rules and nothing else: stepping a relay block through the relay-block
 * machine gives exactly what the plain rule functions give; events out of the runtime's order, or on
 * a lifecycle that does not allow them, are refused; a malformed block is refused with its reason.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { presetParams, validatorGroups } from '../../spec/params.ts';
import { processRelayBlock } from '../../spec/relay/parasInherent.ts';
import { candidateMachine, newCandidateContext } from '../../machines/candidate.ts';
import { RejectedEvent, step, tryStep, isFinal } from '../../machines/engine.ts';
import { emptyOutcome, relayBlockMachine } from '../../machines/relayBlock.ts';
import { importRelayBlock, initialRelayChain, InvalidRelayBlock, branch } from '../../machines/relayChain.ts';
import { runSchedule } from '../../properties/harness.ts';
import { scheduleArb } from '../../properties/schedule.ts';
import { EMPTY_INHERENT } from '../../spec/relay/state.ts';
import { PINNED_SEEDS } from '../support/seeds.ts';

describe('relay-block machine', () => {
  test('processes a block exactly as the plain rules do (every preset, random schedules)', () => {
    for (const preset of ['sync', 'polkadot', 'elastic']) {
      const params = presetParams(preset);
      const groups = validatorGroups(params);
      fc.assert(
        fc.property(scheduleArb(params, { blocks: 30 }), (schedule) => {
          const run = runSchedule(params, schedule, { invariants: [] });
          for (const s of run.steps) {
            const plain = processRelayBlock(s.parent.runtime, params, groups, { hash: s.parent.hash, number: s.parent.number, storageRoot: s.parent.storageRoot }, s.node.inherent!, s.node.endsSession);
            expect(s.node.runtime).toEqual(plain.state);
            expect(s.node.outcome).toEqual(plain.outcome);
          }
        }),
        { seed: PINNED_SEEDS[0]!, numRuns: 60 },
      );
    }
  });

  test('refuses the runtime phases out of order (bitfields before disputes, candidates before bitfields)', () => {
    const params = presetParams('polkadot');
    const chain = initialRelayChain(params);
    const genesis = chain.context.blocks[chain.context.genesis]!;
    const idle = { value: 'idle', context: { params, groups: validatorGroups(params), state: genesis.runtime, upcomingSessionChange: false, outcome: emptyOutcome(0) } };
    expect(() => step(relayBlockMachine, idle, { type: 'BITFIELDS', bitfields: [] })).toThrow(RejectedEvent);
    const init = step(relayBlockMachine, idle, { type: 'INITIALIZE', parent: { hash: genesis.hash, number: 0, storageRoot: genesis.storageRoot }, sessionChangeSignalled: false });
    expect(init.value).toBe('relayParentsUpdated');
    expect(() => step(relayBlockMachine, init, { type: 'BACKED_CANDIDATES', backed: [] })).toThrow(/not accepted in state "relayParentsUpdated"/);
    const d = step(relayBlockMachine, init, { type: 'DISPUTES', concludedInvalid: [] });
    const b = step(relayBlockMachine, d, { type: 'BITFIELDS', bitfields: [] });
    // The timeout check is an eventless transition: the machine is already past it.
    expect(b.value).toBe('timeoutsProcessed');
    expect(b.context.outcome.timeoutCheckRequired).toBe(true); // block 1: (1+1-0) mod 20 < 4
  });
});

describe('candidate lifecycle machine', () => {
  const start = { value: 'proposed', context: newCandidateContext('c'.repeat(16), 1000) };
  const backed = step(candidateMachine, start, { type: 'BACKED', core: 0, backedIn: 5, relayParentNumber: 4 });

  test('is enacted only with a supermajority of availability votes, in chain order (RT-12, RT-13)', () => {
    expect(tryStep(candidateMachine, backed, { type: 'ENACTED', votes: 6, validators: 10, predecessorsEnacted: true })).toBeNull();
    expect(tryStep(candidateMachine, backed, { type: 'ENACTED', votes: 7, validators: 10, predecessorsEnacted: false })).toBeNull();
    const included = step(candidateMachine, backed, { type: 'ENACTED', votes: 7, validators: 10, predecessorsEnacted: true });
    expect(included.value).toBe('included');
    expect(isFinal(candidateMachine, included)).toBe(true);
  });

  test('times out only in a check window once its period has passed (RT-15, RT-16), then can be re-proposed', () => {
    expect(tryStep(candidateMachine, backed, { type: 'TIMED_OUT', now: 8, availabilityPeriod: 4, checkRequired: true })).toBeNull();
    expect(tryStep(candidateMachine, backed, { type: 'TIMED_OUT', now: 9, availabilityPeriod: 4, checkRequired: false })).toBeNull();
    const timedOut = step(candidateMachine, backed, { type: 'TIMED_OUT', now: 9, availabilityPeriod: 4, checkRequired: true });
    expect(timedOut.value).toBe('timedOut');
    expect(isFinal(candidateMachine, timedOut)).toBe(false);
    const again = step(candidateMachine, timedOut, { type: 'BACKED', core: 0, backedIn: 10, relayParentNumber: 9 });
    expect(again.value).toBe('pendingAvailability');
    expect(again.context.timesBacked).toBe(2);
  });

  test('a drained or disputed candidate is final and cannot be backed again', () => {
    const drained = step(candidateMachine, backed, { type: 'SESSION_CHANGED' });
    expect(drained.value).toBe('droppedAtSessionChange');
    expect(() => step(candidateMachine, drained, { type: 'BACKED', core: 0, backedIn: 9, relayParentNumber: 8 })).toThrow(RejectedEvent);
    const disputed = step(candidateMachine, backed, { type: 'DISPUTE_CONCLUDED_INVALID' });
    expect(isFinal(candidateMachine, disputed)).toBe(true);
  });
});

describe('relay-chain driver', () => {
  const params = presetParams('polkadot');
  const s0 = initialRelayChain(params);
  const g = s0.context.genesis;

  test('refuses a block with an unknown parent, naming the block and the reason', () => {
    expect(() => importRelayBlock(s0, { hash: 'a'.repeat(16), parent: 'f'.repeat(16), storageRoot: 'r', inherent: EMPTY_INHERENT, endsSession: false })).toThrow(InvalidRelayBlock);
    expect(() => importRelayBlock(s0, { hash: 'a'.repeat(16), parent: 'f'.repeat(16), storageRoot: 'r', inherent: EMPTY_INHERENT, endsSession: false })).toThrow(/relay block a{16}: unknown parent f{16}/);
  });

  test('refuses a block imported twice', () => {
    const s1 = importRelayBlock(s0, { hash: 'b'.repeat(16), parent: g, storageRoot: 'r1', inherent: EMPTY_INHERENT, endsSession: false });
    expect(() => importRelayBlock(s1, { hash: 'b'.repeat(16), parent: g, storageRoot: 'r1', inherent: EMPTY_INHERENT, endsSession: false })).toThrow(/already imported/);
  });

  test('keeps a block tree: two children of genesis are two leaves, each with its own runtime state', () => {
    const s1 = importRelayBlock(s0, { hash: 'b'.repeat(16), parent: g, storageRoot: 'r1', inherent: EMPTY_INHERENT, endsSession: false });
    const s2 = importRelayBlock(s1, { hash: 'c'.repeat(16), parent: g, storageRoot: 'r2', inherent: EMPTY_INHERENT, endsSession: true });
    expect(s2.context.leaves).toEqual(['b'.repeat(16), 'c'.repeat(16)]);
    expect(s2.context.blocks['b'.repeat(16)]!.runtime.session).toBe(0);
    expect(s2.context.blocks['c'.repeat(16)]!.runtime.session).toBe(1);
    expect(branch(s2.context, 'c'.repeat(16)).map((b) => b.number)).toEqual([0, 1]);
  });

  test('the whole driver state is plain data: it survives a JSON round trip unchanged', () => {
    const params2 = presetParams('elastic');
    const [schedule] = fc.sample(scheduleArb(params2, { blocks: 20 }), { numRuns: 1, seed: PINNED_SEEDS[0]! });
    const run = runSchedule(params2, schedule!, { invariants: [] });
    expect(JSON.parse(JSON.stringify(run.final))).toEqual(run.final);
  });
});
