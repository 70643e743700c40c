/**
 * RT-23 `backing_state`: what the node is told at a leaf. Constraints come from the included head
 * (the pending chain is the prefix of the node's chain), the minimum relay parent is the oldest one
 * the next block accepts, and the pending candidates come with their PVDs in chain order.
 */
import { describe, expect, test } from 'vitest';
import { withRulesOff } from '../../spec/ablation.ts';
import { presetParams } from '../../spec/params.ts';
import { backingState } from '../../spec/relay/backingState.ts';
import { pvdHash } from '../../spec/types.ts';
import { initialRelayChain, importRelayBlock } from '../../machines/relayChain.ts';
import { runSchedule } from '../../properties/harness.ts';
import fc from 'fast-check';
import { scheduleArb } from '../../properties/schedule.ts';
import { EMPTY_INHERENT } from '../../spec/relay/state.ts';

const params = presetParams('elastic');

describe('backing_state (RT-23)', () => {
  test('at genesis: required parent is the genesis head, the minimum relay parent is block 0, nothing pending', () => {
    const s = initialRelayChain(params).context;
    const g = s.blocks[s.genesis]!;
    const bs = backingState(g.runtime, params, 1000, () => undefined)!;
    expect(bs.constraints.requiredParent).toBe(params.paras[0]!.genesisHead);
    expect(bs.constraints.minRelayParentNumber).toBe(0);
    expect(bs.constraints.validationCodeHash).toBe(params.paras[0]!.validationCodeHash);
    expect(bs.pendingAvailability).toEqual([]);
    expect(backingState(g.runtime, params, 4242, () => undefined)).toBeNull();
  });

  test('the minimum relay parent is the leaf minus allowed_ancestry_len once the window is full', () => {
    let s = initialRelayChain(params);
    let parent = s.context.genesis;
    for (let i = 1; i <= 5; i++) {
      const hash = `b${i}`.padEnd(16, '0');
      s = importRelayBlock(s, { hash, parent, storageRoot: `r${i}`, inherent: EMPTY_INHERENT, endsSession: false });
      parent = hash;
    }
    const leaf = s.context.blocks[parent]!;
    expect(backingState(leaf.runtime, params, 1000, () => undefined)!.constraints.minRelayParentNumber).toBe(5 - params.asyncBacking.allowedAncestryLen);
  });

  test('pending candidates come in chain order with PVDs matching their descriptors; the required parent stays the included head', () => {
    let checked = 0;
    fc.assert(
      fc.property(scheduleArb(params, { blocks: 20 }, ['honest']), (schedule) => {
        const run = runSchedule(params, schedule, { invariants: [] });
        for (const step of run.steps) {
          const lookup = (h: string) => {
            const b = run.final.context.blocks[h];
            return b ? { hash: b.hash, number: b.number, storageRoot: b.storageRoot } : undefined;
          };
          const para = step.node.runtime.paras[1000]!;
          const bs = backingState(step.node.runtime, params, 1000, lookup)!;
          expect(bs.constraints.requiredParent).toBe(para.head);
          expect(bs.pendingAvailability.map((p) => p.candidate.hash)).toEqual(para.pending.map((c) => c.hash));
          for (const p of bs.pendingAvailability) expect(pvdHash(p.persistedValidationData)).toBe(p.candidate.descriptor.persistedValidationDataHash);
          checked += bs.pendingAvailability.length;
        }
      }),
      { seed: 5, numRuns: 20 },
    );
    expect(checked).toBeGreaterThan(0);
  });

  test('switched off (withRulesOff([\'RT-23\'])), the required parent is the tip of the pending chain', () => {
    const [schedule] = fc.sample(scheduleArb(params, { blocks: 10 }, ['honest']), { numRuns: 1, seed: 3 });
    const run = runSchedule(params, schedule!, { invariants: [] });
    const step = run.steps.find((s) => s.node.runtime.paras[1000]!.pending.length > 0)!;
    const para = step.node.runtime.paras[1000]!;
    const off = withRulesOff(['RT-23'], () => backingState(step.node.runtime, params, 1000, () => undefined)!);
    expect(off.constraints.requiredParent).toBe(para.pending.at(-1)!.headData);
    expect(off.constraints.requiredParent).not.toBe(para.head);
  });

  test('switched off, with nothing pending the required parent is still the included head', () => {
    const g = initialRelayChain(params).context;
    const runtime = g.blocks[g.genesis]!.runtime;
    const off = withRulesOff(['RT-23'], () => backingState(runtime, params, 1000, () => undefined)!);
    expect(off.constraints.requiredParent).toBe(params.paras[0]!.genesisHead);
  });
});
