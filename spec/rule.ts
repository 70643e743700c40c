import type { SourceRef } from './source.ts';

/** Which layer of the protocol a rule belongs to. */
export type Layer = 'relay-runtime' | 'node' | 'parachain';

/**
 * One protocol rule: a stable ID, the name of the TypeScript function that encodes it (also the
 * heading in the rule book), a one-line statement, why it exists, and its source at the pinned tag.
 */
export interface RuleInfo {
  /** Stable ID: `RT-nn` relay runtime, `PP-nn` node (prospective parachains), `PS-nn` parachain (cumulus). */
  readonly id: string;
  /** The exported function in `spec/` that encodes the rule. */
  readonly fn: string;
  readonly layer: Layer;
  readonly title: string;
  /** One line: the invariant it protects or the attack it stops. */
  readonly why: string;
  readonly source: SourceRef;
  /** polkadot-sdk tests whose boundary cases our unit tests reproduce. */
  readonly sdkTests?: readonly string[];
  /** Where the model departs from the source, and why. */
  readonly deviation?: string;
  /** What switching the rule off does (see `spec/ablation.ts`). */
  readonly ablation: string;
}

/** Rejection of an input by a rule: `error` is named as polkadot-sdk names it. */
export interface Rejection<E extends string = string> {
  readonly ok: false;
  readonly error: E;
  readonly rule: string;
  readonly detail?: string;
}
export interface Accepted {
  readonly ok: true;
}
export type Verdict<E extends string = string> = Accepted | Rejection<E>;

export const OK: Accepted = Object.freeze({ ok: true as const });

export function reject<E extends string>(rule: string, error: E, detail?: string): Rejection<E> {
  return detail === undefined ? { ok: false, error, rule } : { ok: false, error, rule, detail };
}
