/**
 * RT-15, RT-16, RT-20: group rotation, the availability-timeout window and predicate of the scheduler.
 *
 * polkadot-sdk tests reproduced (scheduler/tests.rs at the stable2506 layout): `availability_predicate_works`
 * (default_config: group_rotation_frequency 10, paras_availability_period 3, genesis session start 0)
 * and `schedule_rotates_groups` (session start 1, frequency 10, two cores).
 */
import { describe, expect, test } from 'vitest';
import { withRulesOff } from '../../spec/ablation.ts';
import {
  availabilityTimeoutCheckRequired,
  groupAssignedToCore,
  isAvailabilityTimedOut,
  lastRotationAt,
  nextRotationAt,
} from '../../spec/relay/scheduler.ts';

describe('GroupRotationInfo helpers', () => {
  test('last_rotation_at is the latest block s + k·f not after now; next_rotation_at the one after', () => {
    // s = 1, f = 10: rotations at 1, 11, 21, …
    expect(lastRotationAt(10, 1, 10)).toBe(1);
    expect(lastRotationAt(11, 1, 10)).toBe(11);
    expect(lastRotationAt(20, 1, 10)).toBe(11);
    expect(nextRotationAt(10, 1, 10)).toBe(11);
    expect(nextRotationAt(11, 1, 10)).toBe(21);
  });
});

describe('RT-15 availabilityTimeoutCheckRequired: timeouts are checked only in the p blocks around a rotation', () => {
  const f = 10;
  const p = 3;

  test('not required at 1 + p, required at 1 + f (scheduler/tests.rs: availability_predicate_works)', () => {
    // run_to_block(1 + paras_availability_period) ⇒ !check_required.
    expect(availabilityTimeoutCheckRequired(1 + p, 0, f, p)).toBe(false);
    // run_to_block(1 + group_rotation_frequency) ⇒ check_required.
    expect(availabilityTimeoutCheckRequired(1 + f, 0, f, p)).toBe(true);
  });

  test('the check runs in block N iff (N + 1 - session_start) mod f < p: exactly N = R-1 … R+p-2 around rotation R', () => {
    for (const s of [0, 1, 5]) {
      const R = s + 2 * f; // a rotation block
      expect(availabilityTimeoutCheckRequired(R - 2, s, f, p), `s=${s} N=R-2`).toBe(false);
      expect(availabilityTimeoutCheckRequired(R - 1, s, f, p), `s=${s} N=R-1`).toBe(true); // (N+1-s) mod f = 0
      expect(availabilityTimeoutCheckRequired(R + p - 2, s, f, p), `s=${s} N=R+p-2`).toBe(true); // = p-1
      expect(availabilityTimeoutCheckRequired(R + p - 1, s, f, p), `s=${s} N=R+p-1`).toBe(false); // = p
      for (let N = s; N < s + 3 * f; N++) expect(availabilityTimeoutCheckRequired(N, s, f, p)).toBe((N + 1 - s) % f < p);
    }
  });

  test('in a new session starting at s the first check window is s … s+p-2 (the session start is a rotation)', () => {
    const s = 7;
    expect(availabilityTimeoutCheckRequired(s, s, f, p)).toBe(true);
    expect(availabilityTimeoutCheckRequired(s + p - 2, s, f, p)).toBe(true);
    expect(availabilityTimeoutCheckRequired(s + p - 1, s, f, p)).toBe(false);
  });

  test('with p >= f the check runs in every block', () => {
    for (let N = 0; N < 20; N++) expect(availabilityTimeoutCheckRequired(N, 0, 4, 4)).toBe(true);
  });

  test('ablation: with RT-15 off timeouts are checked in every block', () => {
    expect(availabilityTimeoutCheckRequired(1 + p, 0, f, p)).toBe(false);
    expect(withRulesOff(['RT-15'], () => availabilityTimeoutCheckRequired(1 + p, 0, f, p))).toBe(true);
  });
});

describe('RT-16 isAvailabilityTimedOut: a candidate backed in B times out at N iff B + p <= N', () => {
  test('exact threshold at now = 1 + f (scheduler/tests.rs: availability_predicate_works)', () => {
    const f = 10;
    const p = 3;
    const now = 1 + f;
    const lastRotation = lastRotationAt(now, 0, f);
    expect(lastRotation).toBe(10);
    const wouldBeTimedOut = now - p;
    expect(isAvailabilityTimedOut(wouldBeTimedOut, now, p)).toBe(true);
    expect(isAvailabilityTimedOut(lastRotation, now, p)).toBe(false);
    expect(isAvailabilityTimedOut(now, now, p)).toBe(false);
    // "check the threshold is exact"
    expect(isAvailabilityTimedOut(wouldBeTimedOut + 1, now, p)).toBe(false);
  });

  test('timeout exactly at backed_in + period, not one block earlier', () => {
    for (const p of [1, 2, 4]) {
      const B = 17;
      expect(isAvailabilityTimedOut(B, B + p, p)).toBe(true);
      expect(isAvailabilityTimedOut(B, B + p - 1, p)).toBe(false);
    }
  });

  test('ablation: with RT-16 off nothing ever times out', () => {
    expect(isAvailabilityTimedOut(0, 100, 3)).toBe(true);
    expect(withRulesOff(['RT-16'], () => isAvailabilityTimedOut(0, 100, 3))).toBe(false);
  });
});

describe('RT-20 groupAssignedToCore: (core + (at - session_start) / f) mod #groups', () => {
  test('groups rotate at s + f and s + 2f, not one block earlier (scheduler/tests.rs: schedule_rotates_groups)', () => {
    const s = 1;
    const f = 10;
    const groups = 2;
    const rotated = (rotations: number, at: number) => {
      expect(groupAssignedToCore(0, at, s, f, groups), `core 0 at ${at}`).toBe((0 + rotations) % groups);
      expect(groupAssignedToCore(1, at, s, f, groups), `core 1 at ${at}`).toBe((1 + rotations) % groups);
    };
    rotated(0, 2);
    rotated(0, f); // one block before the first rotation
    rotated(1, f + 1); // first rotation
    rotated(1, 2 * f); // one block before the second rotation
    rotated(2, 2 * f + 1); // second rotation
  });

  test('the runtime asks at rp + 1: relay parent R-2 gets the old group, relay parent R-1 the new one (rotation at R)', () => {
    const s = 0;
    const f = 4;
    const R = 8;
    // Candidates with relay parent 6 and 7, both included in block 9 (after the rotation at 8).
    expect(groupAssignedToCore(0, 6 + 1, s, f, 3)).toBe(1);
    expect(groupAssignedToCore(0, 7 + 1, s, f, 3)).toBe(2);
    expect(groupAssignedToCore(0, R + 1, s, f, 3)).toBe(2);
  });

  test('no group before the session start or for a core beyond the groups (InvalidAssignment)', () => {
    expect(groupAssignedToCore(0, 4, 5, 10, 2)).toBeNull();
    expect(groupAssignedToCore(0, 5, 5, 10, 2)).toBe(0);
    expect(groupAssignedToCore(2, 5, 5, 10, 2)).toBeNull();
    expect(groupAssignedToCore(1, 5, 5, 10, 2)).toBe(1);
  });

  test('ablation: with RT-20 off groups never rotate', () => {
    expect(groupAssignedToCore(0, 11, 1, 10, 2)).toBe(1);
    expect(withRulesOff(['RT-20'], () => groupAssignedToCore(0, 11, 1, 10, 2))).toBe(0);
    expect(withRulesOff(['RT-20'], () => groupAssignedToCore(1, 21, 1, 10, 2))).toBe(1);
  });
});
