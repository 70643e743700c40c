/**
 * Unit tests for `spec/parachain/consensusHook.ts` and `spec/parachain/runtime.ts`, reproducing
 * `cumulus/pallets/aura-ext/src/test.rs` (stable2506 version: per-relay-slot counter,
 * `DEFAULT_TEST_VELOCITY = 2`) and `unincluded_segment_works` / `unincluded_segment_is_limited`
 * of `cumulus/pallets/parachain-system/src/tests.rs`.
 */
import { describe, expect, test } from 'vitest';
import { withRulesOff } from '../../spec/ablation.ts';
import {
  canBuildUpon,
  expectParentIncluded,
  fixedCapacityUnincludedSegment,
  fixedVelocityOnStateProof,
  paraSlotFromRelaySlot,
  type FixedVelocityParams,
  type RelaySlotInfo,
} from '../../spec/parachain/consensusHook.ts';
import {
  executeParachainBlock,
  GENESIS_PARACHAIN_RUNTIME_STATE,
  type ParachainBlockInput,
  type ParachainRuntimeConfig,
  type ParachainRuntimeState,
} from '../../spec/parachain/runtime.ts';
import { EMPTY_USED_BANDWIDTH } from '../../spec/parachain/unincludedSegment.ts';
import { ancestor, rejected, value } from './helpers.ts';

const DEFAULT_TEST_VELOCITY = 2;
const hook = (relayMs: number, v: number, c: number, paraMs = 6000): FixedVelocityParams => ({
  relayChainSlotDurationMs: relayMs,
  velocity: v,
  capacity: c,
  paraSlotDurationMs: paraMs,
});

/** Runs `on_state_proof` repeatedly like the Rust tests, threading `RelaySlotInfo`. */
function runHook(params: FixedVelocityParams, relaySlots: number[], paraSlot: number, start: RelaySlotInfo | null = null) {
  let info = start;
  const infos: RelaySlotInfo[] = [];
  for (const relaySlot of relaySlots) {
    const r = fixedVelocityOnStateProof(params, info, relaySlot, paraSlot);
    if (!r.ok) return { infos, rejection: r };
    info = r.value.relaySlotInfo;
    infos.push(info);
  }
  return { infos, rejection: null };
}

describe('velocity: at most V + 1 blocks per relay slot (PS-09)', () => {
  test('counts blocks per relay slot and returns the capacity (test_velocity, test_velocity_2)', () => {
    const r1 = value(fixedVelocityOnStateProof(hook(6000, DEFAULT_TEST_VELOCITY, 1), null, 10, 1));
    expect(r1.capacity).toEqual(fixedCapacityUnincludedSegment(1));
    expect(r1.relaySlotInfo).toEqual({ slot: 10, authored: 1 });
    const r2 = value(fixedVelocityOnStateProof(hook(6000, DEFAULT_TEST_VELOCITY, 1), r1.relaySlotInfo, 10, 1));
    expect(r2.relaySlotInfo).toEqual({ slot: 10, authored: 2 });
    expect(value(fixedVelocityOnStateProof(hook(6000, DEFAULT_TEST_VELOCITY, 3), null, 10, 1)).capacity).toEqual({ kind: 'Value', value: 3 });
  });

  test('rejects the (V + 2)-th block of a relay slot (test_exceeding_velocity_limit)', () => {
    const { infos, rejection } = runHook(hook(6000, DEFAULT_TEST_VELOCITY, 1), [10, 10, 10, 10], 1);
    expect(infos.map((i) => i.authored)).toEqual([1, 2, 3]);
    expect(rejection).not.toBeNull();
    expect(rejected(rejection!, 'PS-09', 'AuthoredBlocksLimitReached')).toBe(
      'authored blocks limit is reached for the slot: relay_chain_slot=Slot(10), authored=3, velocity=2',
    );
  });

  test('restarts the count on a new relay slot (test_velocity_resets_on_new_relay_slot)', () => {
    const { infos, rejection } = runHook(hook(6000, DEFAULT_TEST_VELOCITY, 1), [10, 10, 10, 11, 11, 11], 1);
    expect(rejection).toBeNull();
    expect(infos).toEqual([
      { slot: 10, authored: 1 },
      { slot: 10, authored: 2 },
      { slot: 10, authored: 3 },
      { slot: 11, authored: 1 },
      { slot: 11, authored: 2 },
      { slot: 11, authored: 3 },
    ]);
  });

  test('treats V = 0 as 1: two blocks per relay slot, not a third (test_velocity_at_least_one)', () => {
    expect(runHook(hook(6000, 0, 1), [10], 6).rejection).toBeNull();
    expect(runHook(hook(6000, 0, 1), [10, 10], 6).rejection).toBeNull();
    rejected(runHook(hook(6000, 0, 1), [10, 10, 10], 6).rejection!, 'PS-09', 'AuthoredBlocksLimitReached');
  });

  test('switched off, any number of blocks per relay slot is accepted', () => {
    withRulesOff(['PS-09'], () => expect(runHook(hook(6000, DEFAULT_TEST_VELOCITY, 1), [10, 10, 10, 10, 10], 1).rejection).toBeNull());
  });
});

describe('relay slot never moves backwards (PS-08)', () => {
  test('rejects relay slot 9 after relay slot 10 (test_backward_relay_slot_not_tolerated)', () => {
    const { infos, rejection } = runHook(hook(6000, 2, 1), [10, 9], 1);
    expect(infos).toEqual([{ slot: 10, authored: 1 }]);
    expect(rejected(rejection!, 'PS-08', 'SlotMovedBackwards')).toBe('Slot moved backwards: stored_slot=Slot(10), relay_chain_slot=Slot(9)');
    withRulesOff(['PS-08'], () => expect(runHook(hook(6000, 2, 1), [10, 9], 1).rejection).toBeNull());
  });
});

describe('parachain slot not ahead of the relay-derived slot (PS-10, `>` only at stable2506)', () => {
  test('derives the para slot from relay slot × relay slot duration / para slot duration', () => {
    expect(paraSlotFromRelaySlot(10, 6000, 6000)).toBe(10);
    expect(paraSlotFromRelaySlot(10, 6000, 2000)).toBe(30);
    expect(paraSlotFromRelaySlot(10, 3000, 6000)).toBe(5);
    expect(paraSlotFromRelaySlot(11, 3000, 6000)).toBe(5);
  });

  // test_para_slot_too_high: (para_slot_duration, para_slot, relay_slot, panics?)
  const cases: [number, number, number, boolean][] = [
    [2000, 31, 10, true],
    [2000, 32, 10, true],
    [2000, 30, 10, false],
    [2000, 33, 11, false],
    [2000, 29, 10, false],
    [2000, 1, 10, false],
    [6000, 1, 10, false],
    [6000, 9, 10, false],
    [6000, 10, 10, false],
    [6000, 11, 10, true],
  ];
  test.each(cases)('para slot duration %i, para slot %i, relay slot %i: rejected=%s (test_para_slot_too_high)', (paraMs, paraSlot, relaySlot, panics) => {
    const r = fixedVelocityOnStateProof(hook(6000, DEFAULT_TEST_VELOCITY, 1, paraMs), null, relaySlot, paraSlot);
    if (!panics) {
      expect(r.ok).toBe(true);
      return;
    }
    const derived = paraSlotFromRelaySlot(relaySlot, 6000, paraMs);
    expect(rejected(r, 'PS-10', 'ParaSlotTooFarInFuture')).toContain(`too far in the future: parachain_slot=Slot(${paraSlot}), derived_from_relay_slot=Slot(${derived})`);
  });

  test('uses the relay chain slot duration of the hook (test_para_slot_calculated_from_slot_duration)', () => {
    expect(fixedVelocityOnStateProof(hook(3000, DEFAULT_TEST_VELOCITY, 1), null, 10, 5).ok).toBe(true);
  });

  test('rejects para slot 8 against relay slot 10 × 3 s / 6 s = 5 (test_para_slot_calculated_from_slot_duration_2)', () => {
    expect(rejected(fixedVelocityOnStateProof(hook(3000, DEFAULT_TEST_VELOCITY, 1), null, 10, 8), 'PS-10', 'ParaSlotTooFarInFuture')).toContain(
      'Parachain slot is too far in the future: parachain_slot=Slot(8), derived_from_relay_slot=Slot(5) velocity=2',
    );
    withRulesOff(['PS-10'], () => expect(fixedVelocityOnStateProof(hook(3000, DEFAULT_TEST_VELOCITY, 1), null, 10, 8).ok).toBe(true));
  });

  test('checks the velocity before the para slot (order of on_state_proof)', () => {
    const full: RelaySlotInfo = { slot: 10, authored: 3 };
    rejected(fixedVelocityOnStateProof(hook(6000, 2, 1), full, 10, 99), 'PS-09', 'AuthoredBlocksLimitReached');
  });
});

describe('can_build_upon (PS-11)', () => {
  const heads = [1, 2, 3].map((i) => ancestor(EMPTY_USED_BANDWIDTH, `h${i}`));

  test('is true without stored slot info (test_can_build_upon_true_when_empty)', () => {
    expect(canBuildUpon({ velocity: DEFAULT_TEST_VELOCITY, capacity: 1 }, { relaySlotInfo: null, unincludedSegment: heads }, 'h1', 1)).toBe(true);
  });

  // test_can_build_upon_slot_can_not_decrease: (stored relay slot, tested relay slot, authored, expected), C = 10.
  const cases: [string, number, number, number, boolean][] = [
    ['slot_higher_ok', 10, 11, DEFAULT_TEST_VELOCITY, true],
    ['slot_same_ok', 10, 10, DEFAULT_TEST_VELOCITY, true],
    ['slot_decrease_illegal', 10, 9, DEFAULT_TEST_VELOCITY, false],
    ['velocity_small_ok', 10, 10, DEFAULT_TEST_VELOCITY - 1, true],
    ['velocity_small_ok', 10, 10, DEFAULT_TEST_VELOCITY - 2, true],
    ['velocity_too_high_illegal', 10, 10, DEFAULT_TEST_VELOCITY + 1, false],
  ];
  test.each(cases)('%s: stored slot %i, new slot %i, authored %i ⇒ %s (test_can_build_upon_slot_can_not_decrease)', (_n, stored, slot, authored, expected) => {
    const state = { relaySlotInfo: { slot: stored, authored }, unincludedSegment: heads };
    expect(canBuildUpon({ velocity: DEFAULT_TEST_VELOCITY, capacity: 10 }, state, 'h1', slot)).toBe(expected);
  });

  test('is false when the segment after the included block is full (test_can_build_upon_unincluded_segment_size)', () => {
    const state = { relaySlotInfo: { slot: 10, authored: DEFAULT_TEST_VELOCITY }, unincludedSegment: heads };
    expect(canBuildUpon({ velocity: DEFAULT_TEST_VELOCITY, capacity: 2 }, state, 'h1', 10)).toBe(false);
    expect(canBuildUpon({ velocity: DEFAULT_TEST_VELOCITY, capacity: 2 }, state, 'h2', 10)).toBe(true);
  });

  test('uses the raw capacity: C = 0 never allows building on an unincluded block', () => {
    const state = { relaySlotInfo: { slot: 10, authored: 0 }, unincludedSegment: [] };
    expect(canBuildUpon({ velocity: 1, capacity: 0 }, state, 'h1', 11)).toBe(false);
    withRulesOff(['PS-11'], () => expect(canBuildUpon({ velocity: 1, capacity: 0 }, state, 'h1', 11)).toBe(true));
  });
});

describe('a parachain block through the runtime (parachain-system tests.rs)', () => {
  const messagingState = { relayDispatchQueueRemainingCapacity: { remainingCount: 100, remainingSize: 10_000 }, egressChannels: [] };
  const h = (n: number) => `h${n}`;
  /** Block `n` built on `n - 1`, its proof including block `n - 1 - delay` (the BlockTests inclusion delay). */
  function blockN(n: number, delay: number): ParachainBlockInput {
    return {
      parentHash: h(n - 1),
      relayParentNumber: n,
      relaySlot: n,
      paraSlot: n,
      includedHeadInProof: h(n - 1 - delay),
      messagingState,
      outputs: { upwardMessageSizes: [], horizontalMessages: [], hrmpWatermark: n, upgradeGoAhead: null },
    };
  }
  const fixedCapacity = (c: number): ParachainRuntimeConfig => ({
    relayNumberCheck: 'RelayNumberMonotonicallyIncreases',
    consensusHook: { kind: 'FixedCapacity', capacity: c },
  });

  test('capacity 10, inclusion delay 1: the segment stays at 2 blocks (unincluded_segment_works)', () => {
    let s: ParachainRuntimeState = GENESIS_PARACHAIN_RUNTIME_STATE;
    const lengths: number[] = [];
    for (const n of [123, 124, 125]) {
      s = value(executeParachainBlock(fixedCapacity(10), s, blockN(n, 1)));
      lengths.push(s.system.unincludedSegment.length);
    }
    expect(s.system.aggregatedUnincludedSegment).not.toBeNull();
    // Block 123 was popped from the segment at 125, the length is still 2.
    expect(lengths).toEqual([1, 2, 2]);
  });

  test('capacity 1, inclusion delay 2: the second block finds no space (unincluded_segment_is_limited)', () => {
    const s = value(executeParachainBlock(fixedCapacity(1), GENESIS_PARACHAIN_RUNTIME_STATE, blockN(123, 2)));
    expect(s.system.unincludedSegment).toHaveLength(1);
    expect(rejected(executeParachainBlock(fixedCapacity(1), s, blockN(124, 2)), 'PS-07', 'NoSpaceInUnincludedSegment')).toBe(
      'no space left for the block in the unincluded segment',
    );
  });

  test('while the block that consumed the go-ahead signal is unincluded, the relay state must still report it (PS-15, set_validation_data assert_eq!)', () => {
    const withSignal = (b: ParachainBlockInput, g: 'GoAhead' | 'Abort' | null): ParachainBlockInput => ({ ...b, outputs: { ...b.outputs, upgradeGoAhead: g } });
    // Block 10 consumes GoAhead; nothing is included yet (delay 9 names the genesis head).
    const s = value(executeParachainBlock(fixedCapacity(10), GENESIS_PARACHAIN_RUNTIME_STATE, withSignal(blockN(10, 9), 'GoAhead')));
    expect(s.system.aggregatedUnincludedSegment!.consumedGoAheadSignal).toBe('GoAhead');
    // Block 11 on it: the proof still reports GoAhead (accepted), reports none or Abort (refused).
    expect(executeParachainBlock(fixedCapacity(10), s, withSignal(blockN(11, 10), 'GoAhead')).ok).toBe(true);
    expect(rejected(executeParachainBlock(fixedCapacity(10), s, withSignal(blockN(11, 10), null)), 'PS-15', 'SegmentGoAheadSignalMismatch')).toMatch(/left: None, right: Some\(GoAhead\)/);
    rejected(executeParachainBlock(fixedCapacity(10), s, withSignal(blockN(11, 10), 'Abort')), 'PS-15', 'SegmentGoAheadSignalMismatch');
    // Once block 10 is included it leaves the segment, and with it the signal: no signal is fine.
    expect(executeParachainBlock(fixedCapacity(10), s, withSignal(blockN(11, 0), null)).ok).toBe(true);
    withRulesOff(['PS-15'], () => expect(executeParachainBlock(fixedCapacity(10), s, withSignal(blockN(11, 10), null)).ok).toBe(true));
  });

  test('ExpectParentIncluded: capacity 1, each block needs its parent included', () => {
    const cfg: ParachainRuntimeConfig = { relayNumberCheck: 'RelayNumberStrictlyIncreases', consensusHook: { kind: 'ExpectParentIncluded' } };
    let s = value(executeParachainBlock(cfg, GENESIS_PARACHAIN_RUNTIME_STATE, blockN(1, 0)));
    s = value(executeParachainBlock(cfg, s, blockN(2, 0)));
    expect(s.system.unincludedSegment).toHaveLength(1);
    rejected(executeParachainBlock(cfg, s, blockN(3, 1)), 'PS-06', 'ParentNotIncluded');
    expect(expectParentIncluded()).toEqual({ kind: 'ExpectParentIncluded' });
  });

  test('fixed velocity V = 1, C = 3: two blocks per relay slot, the segment never above 3', () => {
    const cfg: ParachainRuntimeConfig = {
      relayNumberCheck: 'RelayNumberMonotonicallyIncreases',
      consensusHook: { kind: 'FixedVelocity', params: hook(6000, 1, 3) },
    };
    const at = (n: number, relay: number, included: number): ParachainBlockInput => ({ ...blockN(n, 0), relayParentNumber: relay, relaySlot: relay, paraSlot: relay, includedHeadInProof: h(included) });
    let s = value(executeParachainBlock(cfg, GENESIS_PARACHAIN_RUNTIME_STATE, at(1, 10, 0)));
    s = value(executeParachainBlock(cfg, s, at(2, 10, 0)));
    rejected(executeParachainBlock(cfg, s, at(3, 10, 0)), 'PS-09', 'AuthoredBlocksLimitReached');
    s = value(executeParachainBlock(cfg, s, at(3, 11, 0)));
    expect(s.system.unincludedSegment).toHaveLength(3);
    rejected(executeParachainBlock(cfg, s, at(4, 11, 0)), 'PS-07', 'NoSpaceInUnincludedSegment');
    s = value(executeParachainBlock(cfg, s, at(4, 11, 1)));
    expect(s.system.unincludedSegment.map((a) => a.paraHeadHash)).toEqual(['h2', 'h3', null]);
    // The relay parent may not go back.
    rejected(executeParachainBlock(cfg, s, at(5, 10, 1)), 'PS-05', 'RelayNumberDecreased');
  });

  test('a rejected block changes nothing (the state is returned only on success)', () => {
    const s = value(executeParachainBlock(fixedCapacity(1), GENESIS_PARACHAIN_RUNTIME_STATE, blockN(123, 2)));
    const before = JSON.stringify(s);
    executeParachainBlock(fixedCapacity(1), s, blockN(124, 2));
    expect(JSON.stringify(s)).toBe(before);
    expect(JSON.parse(before)).toEqual(s);
  });
});
