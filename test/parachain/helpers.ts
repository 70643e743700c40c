/** Small builders shared by the parachain tests (plain data, mirroring the cumulus test helpers). */
import { expect } from 'vitest';
import type {
  Ancestor,
  HrmpChannelUpdate,
  HrmpOutboundLimits,
  OutboundBandwidthLimits,
  Outcome,
  UpgradeGoAhead,
  UsedBandwidth,
} from '../../spec/parachain/unincludedSegment.ts';

export function limits(
  ump: { messages: number; bytes: number },
  hrmp: Record<number, HrmpOutboundLimits> = {},
): OutboundBandwidthLimits {
  return { umpMessagesRemaining: ump.messages, umpBytesRemaining: ump.bytes, hrmpOutgoing: hrmp };
}

export function usedHrmp(hrmp: Record<number, HrmpChannelUpdate>): UsedBandwidth {
  return { umpMsgCount: 0, umpTotalBytes: 0, hrmpOutgoing: hrmp };
}

export function usedUmp(count: number, bytes: number): UsedBandwidth {
  return { umpMsgCount: count, umpTotalBytes: bytes, hrmpOutgoing: {} };
}

export function ancestor(usedBandwidth: UsedBandwidth, paraHeadHash: string | null = null, goAhead: UpgradeGoAhead | null = null): Ancestor {
  return { usedBandwidth, paraHeadHash, consumedGoAheadSignal: goAhead };
}

/** Unwraps an accepted outcome, failing the test with the rejection otherwise. */
export function value<T>(o: Outcome<T>): T {
  if (!o.ok) expect.fail(`expected acceptance, got ${o.error} (${o.rule}): ${o.detail ?? ''}`);
  return o.value;
}

/** Asserts a rejection by `rule` with `error`, returning its detail. */
export function rejected(o: { ok: boolean; error?: string; rule?: string; detail?: string }, rule: string, error: string): string {
  expect(o.ok).toBe(false);
  expect(o.rule).toBe(rule);
  expect(o.error).toBe(error);
  return o.detail ?? '';
}
