/**
 * Group rotation, backing-group assignment and the availability timeout of the scheduler.
 * Sources: polkadot/runtime/parachains/src/scheduler.rs and `GroupRotationInfo` in
 * polkadot/primitives/src/v8/mod.rs, at the pinned tag.
 */
import { isOn } from '../ablation.ts';
import type { BlockNumber, CoreIndex, GroupIndex } from '../types.ts';

/** `GroupRotationInfo::last_rotation_at`: the most recent block (≤ now) at which groups rotated. */
export function lastRotationAt(now: BlockNumber, sessionStart: BlockNumber, frequency: number): BlockNumber {
  return now - ((now - sessionStart) % frequency);
}

/** `GroupRotationInfo::next_rotation_at`. */
export function nextRotationAt(now: BlockNumber, sessionStart: BlockNumber, frequency: number): BlockNumber {
  const cycleOnce = now + frequency;
  return cycleOnce - (Math.max(0, cycleOnce - sessionStart) % frequency);
}

/**
 * RT-20 `group_assigned_to_core(core, at)`: the backing group responsible for `core` at block `at`:
 * `(core + (at - session_start) / f) mod #groups`; none before the session start or for a core
 * without a group. The runtime asks it at `relay_parent_number + 1`, which differs from the group
 * of the including block when a rotation happened in between.
 */
export function groupAssignedToCore(
  core: CoreIndex,
  at: BlockNumber,
  sessionStart: BlockNumber,
  frequency: number,
  numGroups: number,
): GroupIndex | null {
  // Verify the block is in this session: groups of another session do not back for this one.
  if (at < sessionStart) return null;
  // Verify the core has a group.
  if (core >= numGroups) return null;
  const rotations = isOn('RT-20') ? Math.floor((at - sessionStart) / frequency) : 0;
  return (core + rotations) % numGroups;
}

/**
 * RT-15 `availability_timeout_check_required`: timeouts are only checked in the
 * `paras_availability_period` blocks after a group rotation, computed for `now + 1`.
 */
export function availabilityTimeoutCheckRequired(
  now: BlockNumber,
  sessionStart: BlockNumber,
  frequency: number,
  availabilityPeriod: number,
): boolean {
  if (!isOn('RT-15')) return true;
  const next = now + 1;
  return next < lastRotationAt(next, sessionStart, frequency) + availabilityPeriod;
}

/**
 * RT-16 `availability_timeout_predicate` (in a block where the check is required): a candidate
 * backed in `backedIn` has timed out at `now` iff `backedIn + paras_availability_period <= now`.
 */
export function isAvailabilityTimedOut(backedIn: BlockNumber, now: BlockNumber, availabilityPeriod: number): boolean {
  // Verify the candidate had its whole availability period: honest candidates are not cut short.
  if (!isOn('RT-16')) return false;
  return backedIn + availabilityPeriod <= now;
}
