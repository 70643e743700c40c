/**
 * The projection the properties read: one imported relay block with its parent, the relay-chain
 * tree it joined, and a ghost history of its branch (what was included before it). Properties never
 * read the machines' internals beyond this.
 */
import type { ModelParams } from '../spec/params.ts';
import type { BlockNode, RelayChainContext } from '../machines/relayChain.ts';
import type { CandidateHash, HeadData, ParaId } from '../spec/types.ts';
import type { DecodedBlock } from './schedule.ts';

/** History variables of a branch (as in TLA+): derived from the blocks, never read by the model. */
export interface Ghost {
  /** Every candidate included on the branch up to and including this block. */
  readonly included: ReadonlySet<CandidateHash>;
  /** The relay-parent number of the para's last included candidate on the branch. */
  readonly lastIncludedRp: Readonly<Record<ParaId, number>>;
  /** Every candidate backed on the branch, with the number of times. */
  readonly timesBacked: ReadonlyMap<CandidateHash, number>;
  /** Parent heads of candidates that timed out on the branch (to recognise re-proposals). */
  readonly timedOutParents: ReadonlySet<HeadData>;
  /** The parent head each backed candidate was really built on (from the collation, not the chain). */
  readonly builtOn: ReadonlyMap<CandidateHash, HeadData>;
}

export const EMPTY_GHOST: Ghost = { included: new Set(), lastIncludedRp: {}, timesBacked: new Map(), timedOutParents: new Set(), builtOn: new Map() };

export function nextGhost(g: Ghost, node: BlockNode, decoded: DecodedBlock): Ghost {
  const o = node.outcome;
  if (o.enacted.length === 0 && o.timedOut.length === 0 && !o.verdicts.some((v) => v.accepted)) return g;
  const included = new Set(g.included);
  const lastIncludedRp: Record<ParaId, number> = { ...g.lastIncludedRp };
  for (const c of o.enacted) {
    included.add(c.hash);
    lastIncludedRp[c.paraId] = c.relayParentNumber;
  }
  const timesBacked = new Map(g.timesBacked);
  const builtOn = new Map(g.builtOn);
  for (const v of o.verdicts)
    if (v.accepted) {
      timesBacked.set(v.hash, (timesBacked.get(v.hash) ?? 0) + 1);
      const intent = decoded.intents.find((i) => i.hash === v.hash);
      if (intent) builtOn.set(v.hash, intent.builtOn);
    }
  const timedOutParents = new Set(g.timedOutParents);
  for (const f of o.timedOut) if (!f.withAncestor) timedOutParents.add(f.candidate.parentHead);
  return { included, lastIncludedRp, timesBacked, timedOutParents, builtOn };
}

/** The parent head a candidate was really built on: the collation's, if known, else what the chain recorded. */
export function builtOn(v: StepView, hash: CandidateHash, recorded: HeadData): HeadData {
  return v.ghost.builtOn.get(hash) ?? v.decoded.intents.find((i) => i.hash === hash)?.builtOn ?? recorded;
}

/** One step of a run: the block just imported, its parent, and the branch history before it. */
export interface StepView {
  readonly params: ModelParams;
  readonly ctx: RelayChainContext;
  readonly parent: BlockNode;
  readonly node: BlockNode;
  readonly ghost: Ghost;
  readonly decoded: DecodedBlock;
}
