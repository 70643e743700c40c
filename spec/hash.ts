/**
 * Deterministic 64-bit hashes rendered as 16 lower-case hex digits, so that string order equals the
 * byte order polkadot-sdk compares (`CandidateHash` is a `H256`; `Ord` on it is byte order).
 *
 * Deviation: polkadot-sdk uses BLAKE2b-256 of the SCALE encoding. The model only needs hashes that
 * are fixed-length, well spread and reproducible, because every place that compares hashes (fork
 * choice) is given them explicitly; conformance vectors carry every hash, so another implementation
 * never has to reproduce this function.
 */
export type Hash = string;

function mix32(s: string, seed: number): number {
  // cyrb53-style mixing over UTF-16 code units; two independent seeds give 64 bits.
  let h = seed ^ 0x9e3779b9;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x85ebca6b);
    h = (h << 13) | (h >>> 19);
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function hashOf(...parts: readonly (string | number | boolean | null | undefined)[]): Hash {
  const s = parts.map((p) => (p === undefined ? '~' : String(p))).join('\u0001');
  return mix32(s, 0x1234567).toString(16).padStart(8, '0') + mix32(s, 0x7654321).toString(16).padStart(8, '0');
}

/** Compares two hashes in byte order (what `Ord for H256` does). */
export function compareHash(a: Hash, b: Hash): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
