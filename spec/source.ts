/**
 * Where every rule comes from. The spec targets one pinned polkadot-sdk release; every source link
 * in the rule book is built here, so moving the pin is a one-line change (and a review of every rule).
 */
export const SDK_REPO = 'paritytech/polkadot-sdk';
export const SDK_TAG = 'polkadot-stable2506';

/** A place in polkadot-sdk: a file and, usually, the function or test that encodes the rule. */
export interface SourceRef {
  /** Path inside polkadot-sdk, e.g. `polkadot/runtime/parachains/src/shared.rs`. */
  readonly file: string;
  /** Function, type or test name inside that file. */
  readonly symbol?: string;
}

/** A browsable link to the file at the pinned tag. */
export function sourceUrl(ref: SourceRef): string {
  return `https://github.com/${SDK_REPO}/blob/${SDK_TAG}/${ref.file}`;
}

export function formatSource(ref: SourceRef): string {
  return ref.symbol ? `${ref.file} :: ${ref.symbol}` : ref.file;
}
