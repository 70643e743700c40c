/**
 * The explorer's canonical state key: a canonical JSON of exactly the parts of an explorer state that
 * can affect the future (the successors the choice set produces, and every invariant verdict on
 * them), with the relay-block tree reduced to the branch the next blocks can build on.
 *
 * An explorer state is a relay-chain tree (`MachineState<RelayChainContext>`), a tip, and the ghost
 * history (`properties/projection.ts`) of each block on the tip's branch. The next block is built on
 * the tip or, with forks, on one of its `maxForkBack` ancestors, so the key is the list of the block
 * keys of the tip and those ancestors, oldest last. A block key holds:
 *
 *  1. Its number, session and session start (rotation, timeout windows and the horizon depend on them).
 *  2. The allowed-relay-parents tracker, each entry as a BLOCK NUMBER: every entry is an ancestor of
 *     the block (RT-01 pushes the parent), and on one branch a number names one block. Relay hashes
 *     differ between branches of the exploration (a block's hash commits to its position), so keying
 *     on them would never merge anything; storage roots are functions of the hash and are left out.
 *  3. Per para: head, most recent context, code hash, and the pending-availability chain with every
 *     field the rules, the decoder and the invariants read (candidate, core, relay parent as a number,
 *     backed-in, group, backers, availability votes, parent head, head data, the head the collator
 *     really built on), its lifecycle value and `backedIn`, and whether the ghost counts it included.
 *  4. The ghost's last included relay-parent number per para (INV-03 reads it).
 *  5. The lifecycle records that can still matter: a candidate whose lifecycle ended (included,
 *     concludedInvalid, droppedAtSessionChange) changes the future only if the same candidate can be
 *     supplied again, and a candidate commits to its parent head, so only records built on a head
 *     still buildable on (the para head or a pending candidate's head data) with a relay parent the
 *     decoder can still pick (number ≥ block − ancestry − 3) are kept. Records in `rejected`, `timedOut`
 *     or `evicted` are left out: in `machines/candidate.ts` those three states and "no record yet"
 *     (`proposed`) accept exactly the same events with the same targets (BACKED → pendingAvailability,
 *     REJECTED → one of them), no invariant reads them, and the decoder only looks for
 *     concludedInvalid/droppedAtSessionChange; they differ only in bookkeeping (`lastRejection`,
 *     `timesBacked`) nothing reads.
 *
 * Left out, and why it is sound: blocks off the tip's branch and beyond the fork reach (nothing the
 * decoder or the rules read for the next block, except `foreignRelayParent`, which models may not
 * use: explore/model.ts `EXPLORABLE_KINDS`); the outcome and inherent of each block (the next block
 * reads only the post-state; invariants read the step's own outcome); the ghost's other histories
 * (`timesBacked`, `timedOutParents`: read by witnesses and liveness, not by `RELAY_INVARIANTS`).
 *
 * Candidate and head hashes are kept as they are (`symmetry: 'none'`), or renamed:
 *  - `'order'`: each hash is replaced by its rank among the hashes in the key. The renaming is
 *    order-preserving, so it is sound for any model in which hashes are only compared for equality
 *    or order (the node side's fork choice compares candidate hashes).
 *  - `'canonical'`: each hash is replaced by the index of its first occurrence in the key. Sound when
 *    hashes are only compared for equality, which is the case on the relay-runtime path the explorer
 *    steps (no rule, decoder step or invariant compares hashes by order; `spec/hash.ts` compareHash is
 *    used by the node side only). It merges at least what `'order'` merges.
 * A new hash is a function of old ones (a head of its parent head and relay parent, a candidate of its
 * descriptor), so renamed states have renamed successors as long as the hash function has no
 * collisions; `explore/explorer.ts` `checkKey` verifies on a model that key-equal states have
 * key-equal successors and the same invariant verdicts.
 */
import type { BlockNode, RelayChainContext } from '../machines/relayChain.ts';
import type { MachineState } from '../machines/engine.ts';
import type { Ghost } from '../properties/projection.ts';
import type { Hash } from '../spec/types.ts';

export type Symmetry = 'none' | 'order' | 'canonical';
export const SYMMETRIES: readonly Symmetry[] = ['none', 'order', 'canonical'];

const ENDED = new Set(['included', 'concludedInvalid', 'droppedAtSessionChange']);
const MARK = '§';

/** A block's number on the tip's branch, as the key names relay blocks. */
type RelayName = (hash: Hash) => string;

function blockKey(node: BlockNode, ghost: Ghost, ctx: RelayChainContext, relay: RelayName): unknown[] {
  const r = node.runtime;
  const H = (h: string) => MARK + h;
  const live: string[] = [];
  const paras: unknown[] = [];
  for (const p of ctx.params.paras) {
    const para = r.paras[p.id]!;
    live.push(para.head);
    for (const c of para.pending) live.push(c.headData);
    paras.push([
      H(para.head),
      para.mostRecentContext,
      para.codeHash,
      ghost.lastIncludedRp[p.id] ?? 0, // INV-03 reads it with ?? 0
      para.pending.map((c) => {
        const life = node.candidates[c.hash];
        return [
          H(c.hash),
          c.core,
          relay(c.relayParent),
          c.relayParentNumber,
          c.backedInNumber,
          c.backingGroup,
          c.backers.join(','),
          c.availabilityVotes.join(','),
          H(c.parentHead),
          H(c.headData),
          H(ghost.builtOn.get(c.hash) ?? c.parentHead),
          life?.value ?? null,
          life?.context.backedIn ?? null,
          ghost.included.has(c.hash) ? 1 : 0,
        ];
      }),
    ]);
  }
  const minRp = node.number - ctx.params.asyncBacking.allowedAncestryLen - 3;
  const records: unknown[] = [];
  for (const [hash, life] of Object.entries(node.candidates)) {
    if (!ENDED.has(life.value)) continue;
    const on = ghost.builtOn.get(hash);
    const at = on === undefined ? -1 : live.indexOf(on);
    if (at < 0 || (life.context.relayParentNumber ?? minRp) < minRp) continue;
    records.push([life.value, at, life.context.relayParentNumber, life.context.core, ghost.included.has(hash) ? 1 : 0, H(hash)]);
  }
  // Records are a set: order them by their structural part (the built-on head by its position among
  // the live heads), never by a hash, so that renamed states sort alike.
  records.sort((a, b) => {
    const x = JSON.stringify((a as unknown[]).slice(0, 5));
    const y = JSON.stringify((b as unknown[]).slice(0, 5));
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return [node.number, r.session, r.sessionStartBlock, r.tracker.latestNumber, r.tracker.buffer.map((e) => relay(e.relayParent)), paras, records];
}

/** The explorer state a key is computed from. */
export interface KeyedState {
  readonly chain: MachineState<RelayChainContext>;
  readonly tip: Hash;
  readonly ghosts: Readonly<Record<Hash, Ghost>>;
}

function rename(raw: string, symmetry: Symmetry): string {
  if (symmetry === 'none') return raw.replaceAll(MARK, '');
  const re = /§([0-9a-f]{16})/g;
  const ids = new Map<string, number>();
  if (symmetry === 'order') {
    const all = [...new Set([...raw.matchAll(re)].map((m) => m[1]!))].sort();
    all.forEach((h, i) => ids.set(h, i));
  }
  return raw.replace(re, (_, h: string) => {
    let id = ids.get(h);
    if (id === undefined) ids.set(h, (id = ids.size));
    return `@${id}`;
  });
}

/** The canonical key of an explorer state (see the module comment for what it holds and why). */
export function stateKey(s: KeyedState, maxForkBack: number, symmetry: Symmetry): string {
  const ctx = s.chain.context;
  // Relay blocks by number along the tip's branch.
  const onBranch = new Map<Hash, number>();
  for (let h: Hash | null = s.tip; h !== null; ) {
    const b: BlockNode = ctx.blocks[h]!;
    onBranch.set(h, b.number);
    h = b.parent;
  }
  const relay: RelayName = (h) => {
    const n = onBranch.get(h);
    return n !== undefined ? `#${n}` : `off:${ctx.blocks[h]?.number ?? '?'}`;
  };
  const parts: unknown[] = [];
  let node: BlockNode | undefined = ctx.blocks[s.tip];
  for (let k = 0; k <= maxForkBack && node; k++) {
    parts.push(blockKey(node, s.ghosts[node.hash]!, ctx, relay));
    node = node.parent !== null ? ctx.blocks[node.parent] : undefined;
  }
  return rename(JSON.stringify(parts), symmetry);
}
