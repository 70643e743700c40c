/**
 * The documented projection of the oracle's state: what a step's "state" means in traces, `check`
 * and the conformance vectors. It is taken after every step, at the relay block imported last (the
 * tip; with relay-chain forks, the most recent import), and is small on purpose: what another
 * implementation can report without exposing its internals.
 *
 * - `relay`: the tip's hash, number and session, the active leaves (import order), and per para
 *   (keys are para ids in decimal): the included head (`paras::Heads`), the most recent context
 *   (`MostRecentContext`), the current validation code hash, and the chain pending availability,
 *   oldest first: candidate hash, core, relay-parent number, the block it was backed in, and how many
 *   validators' bitfields had its core set.
 * - `node`: per para, the tip leaf's fragment chain: the best chain (candidate hashes, those pending
 *   availability first) and the unconnected storage (candidate hashes, sorted).
 * - `parachain`: per para, the last parachain block the runtime accepted (`block`, the genesis head
 *   until one is) and its unincluded segment after it, oldest first: each ancestor's head hash (`null`
 *   for the block itself, whose hash its child's `on_initialize` records).
 */
import type { BlockNumber, CandidateHash, CoreIndex, Hash, HeadData, SessionIndex } from '../spec/types.ts';

export interface PendingProjection {
  readonly candidate: CandidateHash;
  readonly core: CoreIndex;
  readonly relayParentNumber: BlockNumber;
  readonly backedIn: BlockNumber;
  readonly availabilityVotes: number;
}

export interface RelayParaProjection {
  readonly head: HeadData;
  readonly mostRecentContext: BlockNumber;
  readonly codeHash: Hash;
  readonly pending: readonly PendingProjection[];
}

export interface NodeParaProjection {
  readonly bestChain: readonly CandidateHash[];
  readonly unconnected: readonly CandidateHash[];
}

export interface ParachainProjection {
  readonly block: Hash;
  readonly unincludedSegment: readonly (Hash | null)[];
}

export interface Projection {
  readonly relay: {
    readonly tip: Hash;
    readonly number: BlockNumber;
    readonly session: SessionIndex;
    readonly leaves: readonly Hash[];
    readonly paras: Readonly<Record<string, RelayParaProjection>>;
  };
  readonly node: Readonly<Record<string, NodeParaProjection>>;
  readonly parachain: Readonly<Record<string, ParachainProjection>>;
}

/**
 * The first difference between an expected and an observed projection, comparing only what the
 * observation contains (another implementation may report part of the state). Returns the JSON
 * pointer of the differing field with both values, or null when they agree.
 */
export function firstDifference(expected: unknown, observed: unknown, path = ''): { path: string; expected: unknown; observed: unknown } | null {
  if (observed === undefined) return null;
  if (observed === null || typeof observed !== 'object') return Object.is(expected, observed) ? null : { path: path || '/', expected, observed };
  if (Array.isArray(observed)) {
    if (!Array.isArray(expected) || expected.length !== observed.length) return { path: path || '/', expected, observed };
    for (let i = 0; i < observed.length; i++) {
      const d = firstDifference(expected[i], observed[i], `${path}/${i}`);
      if (d) return d;
    }
    return null;
  }
  if (expected === null || typeof expected !== 'object' || Array.isArray(expected)) return { path: path || '/', expected, observed };
  for (const [k, v] of Object.entries(observed as Record<string, unknown>)) {
    const d = firstDifference((expected as Record<string, unknown>)[k], v, `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    if (d) return d;
  }
  return null;
}
