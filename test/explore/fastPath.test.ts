/**
 * The explorer's fast path (explore/fastStep.ts: the same machine definitions, interpreted without
 * XState's transition()) gives states identical to `importRelayBlock` on random schedules of every
 * mix (honest, faulty, adversarial, outage; forks, session changes, disputes), block by block, and
 * refuses what XState refuses.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fastImportRelayBlock, fastStep } from '../../explore/fastStep.ts';
import { RejectedEvent, step } from '../../machines/engine.ts';
import { candidateMachine, newCandidateContext } from '../../machines/candidate.ts';
import { importRelayBlock, initialRelayChain } from '../../machines/relayChain.ts';
import { decodeBlock, scheduleArb, type Schedule } from '../../properties/schedule.ts';
import { presetParams, type ModelParams } from '../../spec/params.ts';

function sameStates(params: ModelParams, schedule: Schedule): void {
  let slow = initialRelayChain(params);
  let fast = slow;
  let tip = slow.context.genesis;
  for (let i = 0; i < schedule.blocks.length; i++) {
    const decoded = decodeBlock(slow.context, tip, schedule.blocks[i]!, i, null);
    let slowErr: unknown = null;
    let fastErr: unknown = null;
    try {
      slow = importRelayBlock(slow, decoded.block);
    } catch (e) {
      slowErr = e;
    }
    try {
      fast = fastImportRelayBlock(fast, decoded.block);
    } catch (e) {
      fastErr = e;
    }
    expect(String(fastErr)).toBe(String(slowErr));
    if (slowErr) return;
    expect(fast).toEqual(slow);
    tip = decoded.block.hash;
  }
}

describe('fast path = importRelayBlock', () => {
  for (const preset of ['small', 'polkadot', 'elastic', 'sync'])
    test(`identical states on random ${preset} schedules of every mix`, () => {
      const params = presetParams(preset);
      fc.assert(
        fc.property(scheduleArb(params, { blocks: 20 }), (s) => sameStates(params, s)),
        { seed: 20261125, numRuns: 10 },
      );
    });

  test('refuses what XState refuses, with the same error', () => {
    const s = { value: 'proposed', context: newCandidateContext('00', 1000) };
    const e = { type: 'ENACTED', votes: 4, validators: 4, predecessorsEnacted: true } as const;
    expect(() => step(candidateMachine, s, e)).toThrow(RejectedEvent);
    expect(() => fastStep(candidateMachine, s, e)).toThrow('candidate: event ENACTED is not accepted in state "proposed"');
    const backed = { type: 'BACKED', core: 0, backedIn: 3, relayParentNumber: 2 } as const;
    expect(fastStep(candidateMachine, s, backed)).toEqual(step(candidateMachine, s, backed));
  });
});
