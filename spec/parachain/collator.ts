/**
 * The lookahead Aura collator's decisions, as pure functions of their inputs: which parachain
 * block to build on, whether to build, and on which relay parent.
 *
 * Sources at polkadot-stable2506:
 * - `cumulus/client/consensus/common/src/parent_search.rs`: `find_potential_parents`,
 *   `build_relay_parent_ancestry`, `search_child_branches_for_parents`.
 * - `cumulus/client/consensus/aura/src/collators/lookahead.rs`: the loop over relay import
 *   notifications (relay parent = the new relay leaf), `find_parent` (deepest potential parent,
 *   `PARENT_SEARCH_DEPTH = 10`, `ignore_alternative_branches: true`), at most two blocks per leaf
 *   (`for n_built in 0..2`).
 * - `cumulus/client/consensus/aura/src/collators/mod.rs`: `can_build_upon` (claim the Aura slot,
 *   shortcut when the parent is the included block, else ask the runtime's
 *   `AuraUnincludedSegmentApi::can_build_upon` with the relay slot).
 *
 * What we saw: the stored `parent_search.rs` versions range from the classic BFS/DFS over child
 * branches (modelled here: the version with the `ignore_alternative_branches` shortcut that seeds
 * the search at the pending block) to newer master's "deepest valid parent from pending/included"
 * with scheduling parents (not modelled). `ancestry_lookback` is `allowed_ancestry_len` in older
 * collators, `max_ancestry_lookback(..)` / `scheduling_lookahead - 1` in newer ones; it is an input.
 *
 * Simplifications and deviations:
 * - The local block tree (`backend.blockchain()`) is a list of known blocks; `children(h)` are the
 *   known blocks with parent `h`, in list order (Substrate returns them in import order).
 * - A block's relay parent is given directly (the source reads it from the header digest, by hash or
 *   by relay-parent storage root; both collapse to one relay hash here).
 * - `tree_route(included, pending)` is computed on the known blocks; if either end or the path is
 *   unknown the source returns an error and the collator skips the leaf: we return no parents.
 * - Runtime API calls are replaced by the runtime state at the parent (`RuntimeView`); the
 *   `AuraUnincludedSegmentApi` version switch (old runtimes get the para slot) is not modelled.
 * - Aura slot claiming is `authorities[para_slot % authorities.len()]`; keys are strings.
 * - Core scheduling (`cores_scheduled_for_para`) is an input boolean.
 */
import { isOn } from '../ablation.ts';
import type { BlockNumber, Hash } from '../types.ts';
import { canBuildUpon, paraSlotFromRelaySlot, type RelaySlotInfo } from './consensusHook.ts';
import type { Ancestor } from './unincludedSegment.ts';

/** `PARENT_SEARCH_DEPTH` in lookahead.rs. */
export const PARENT_SEARCH_DEPTH = 10;
/** lookahead.rs builds at most this many blocks per relay leaf (`for n_built in 0..2`). */
export const LOOKAHEAD_BUILDS_PER_RELAY_LEAF = 2;

/** A relay block as the collator sees it. */
export interface RelayBlockView {
  readonly hash: Hash;
  readonly number: BlockNumber;
  readonly parent: Hash | null;
  /** `session_index_for_child(hash)`. */
  readonly sessionIndexForChild: number;
}

/** A locally known parachain block. */
export interface ParaBlockView {
  readonly hash: Hash;
  readonly parent: Hash | null;
  readonly number: BlockNumber;
  /** Relay parent recorded in the block's digest. */
  readonly relayParent: Hash;
}

/** `PotentialParent`. */
export interface PotentialParent {
  readonly hash: Hash;
  readonly depth: number;
  readonly alignedWithPending: boolean;
}

/**
 * `build_relay_parent_ancestry`: the relay parent and up to `ancestryLookback` ancestors, stopping
 * at an unknown header, at a session change, and after block number 1 (never into genesis).
 */
export function buildRelayParentAncestry(relayChain: readonly RelayBlockView[], relayParent: Hash, ancestryLookback: number): Hash[] {
  const byHash = new Map(relayChain.map((b) => [b.hash, b] as const));
  const ancestry: Hash[] = [];
  let current: Hash | null = relayParent;
  let requiredSession: number | null = null;
  // Stryker disable next-line ConditionalExpression: equivalent, a null hash finds no header and the loop breaks just below.
  while (ancestry.length <= ancestryLookback && current !== null) {
    const header = byHash.get(current);
    if (header === undefined) break;
    if (requiredSession === null) requiredSession = header.sessionIndexForChild;
    else if (header.sessionIndexForChild !== requiredSession) break;
    ancestry.push(current);
    current = header.parent;
    if (header.number === 1) break;
  }
  return ancestry;
}

/** What the parent search reads. */
export interface ParentSearchInput {
  /** Head of the para's included block at the relay parent (PVD with `TimedOut`); `null` if none. */
  readonly includedHash: Hash | null;
  /** Head after enacting the candidate pending availability (PVD with `Included`); `null` if none. */
  readonly pendingHash: Hash | null;
  readonly knownBlocks: readonly ParaBlockView[];
  /** Output of `buildRelayParentAncestry` for the chosen relay parent. */
  readonly rpAncestry: readonly Hash[];
  readonly maxDepth: number;
  readonly ignoreAlternativeBranches: boolean;
}

/** Blocks on the path from `from` (exclusive) to `to` (inclusive), or `null` if `to` does not descend from `from`. */
function enactedPath(blocks: ReadonlyMap<Hash, ParaBlockView>, from: Hash, to: Hash): Hash[] | null {
  const path: Hash[] = [];
  let cur: Hash | null = to;
  // Stryker disable next-line ConditionalExpression: equivalent, a null hash finds no block and returns null just below.
  while (cur !== null && cur !== from) {
    const b = blocks.get(cur);
    if (b === undefined) return null;
    path.push(cur);
    cur = b.parent;
  }
  return cur === from ? path.reverse() : null;
}

/**
 * PS-13 `find_potential_parents`: the included block, the blocks on the path to the pending block,
 * and descendants (depth `<= maxDepth`) whose relay parent is in the allowed ancestry, keeping to
 * the branch of the pending block when `ignoreAlternativeBranches`. The included and pending blocks
 * are always potential: they are already on chain.
 */
export function findPotentialParents(input: ParentSearchInput): PotentialParent[] {
  const blocks = new Map(input.knownBlocks.map((b) => [b.hash, b] as const));
  const included = input.includedHash;
  // The included block must be known locally.
  // Stryker disable next-line ConditionalExpression: equivalent, no block has a null hash.
  if (included === null || !blocks.has(included)) return [];
  const onlyIncluded: PotentialParent[] = [{ hash: included, depth: 0, alignedWithPending: true }];
  if (input.maxDepth === 0) return onlyIncluded;

  let pending: Hash | null = input.pendingHash !== included ? input.pendingHash : null;
  if (pending !== null && !blocks.has(pending)) {
    if (input.ignoreAlternativeBranches) return onlyIncluded;
    pending = null;
  }
  let route: Hash[] | null = null;
  if (pending !== null) {
    route = enactedPath(blocks, included, pending);
    // Source: `tree_route` succeeds with a non-empty `retracted` part (a defensive "should not happen",
    // empty result) or fails (the collator skips the leaf). Both yield no parents here.
    if (route === null) return [];
  }

  let frontier: PotentialParent[];
  let potential: PotentialParent[];
  // `route` is non-null exactly when there is a pending block; it ends with that block.
  if (route !== null && input.ignoreAlternativeBranches) {
    potential = [...onlyIncluded];
    const onPath = Math.min(Math.max(route.length - 1, 0), input.maxDepth);
    route.slice(0, onPath).forEach((h, i) => potential.push({ hash: h, depth: 1 + i, alignedWithPending: true }));
    frontier = [{ hash: pending as Hash, depth: route.length, alignedWithPending: true }];
  } else {
    frontier = onlyIncluded;
    potential = [];
  }
  if (potential.length > input.maxDepth) return potential;

  const inAncestry = (h: Hash) => input.rpAncestry.includes(h);
  while (frontier.length > 0) {
    const entry = frontier.pop() as PotentialParent;
    const isPending = entry.hash === pending;
    const isIncluded = entry.hash === included;
    const block = blocks.get(entry.hash);
    // Verify a new parent's relay parent is within the allowed ancestry (else its child could never be backed).
    // Stryker disable next-line ConditionalExpression: equivalent, every searched hash is a known block (`block` is never undefined).
    const isPotential = isPending || isIncluded || !isOn('PS-13') || (block !== undefined && inAncestry(block.relayParent));
    const childDepth = entry.depth + 1;
    if (isPotential) potential.push(entry);
    // Verify the search stays within `maxDepth` blocks of the included one.
    if (!isPotential || childDepth > input.maxDepth) continue;
    for (const child of input.knownBlocks) {
      if (child.parent !== entry.hash) continue;
      // Aligned: below the pending block's depth, on the path to it (the path ends with it).
      const aligned = entry.alignedWithPending && (route === null || childDepth > route.length || route.includes(child.hash));
      // Stryker disable next-line ConditionalExpression: equivalent, when ignoring alternative branches the search starts at the pending block (or there is none), so every child is aligned; kept as the source has it.
      if (input.ignoreAlternativeBranches && !aligned) continue;
      frontier.push({ hash: child.hash, depth: childDepth, alignedWithPending: aligned });
    }
  }
  return potential;
}

/**
 * `find_parent` (lookahead.rs): the included block and the deepest potential parent; among equally
 * deep ones the LAST in search order (Rust's `max_by_key` returns the last maximum).
 */
export function selectBestParent(potential: readonly PotentialParent[]): { readonly included: Hash; readonly parent: PotentialParent } | null {
  const included = potential.find((p) => p.depth === 0);
  if (included === undefined) return null;
  let best = included;
  for (const p of potential) if (p.depth >= best.depth) best = p;
  return { included: included.hash, parent: best };
}

/** The runtime state at a parachain block, as `AuraUnincludedSegmentApi::can_build_upon` reads it. */
export interface RuntimeView {
  readonly relaySlotInfo: RelaySlotInfo | null;
  readonly unincludedSegment: readonly Ancestor[];
}

/** Aura slot claiming: the author of `paraSlot` is `authorities[paraSlot % len]`. */
export function slotAuthor(authorities: readonly string[], paraSlot: number): string | null {
  // Stryker disable next-line ConditionalExpression: equivalent, an empty list would index at NaN and give null below; kept for clarity.
  if (authorities.length === 0) return null;
  return authorities[paraSlot % authorities.length] ?? null;
}

export interface CollatorCanBuildInput {
  readonly self: string;
  /** Aura authorities at the parent. */
  readonly authorities: readonly string[];
  readonly paraSlot: number;
  readonly relaySlot: number;
  readonly parentHash: Hash;
  readonly includedHash: Hash;
  /** Runtime state at the parent block. */
  readonly runtimeAtParent: RuntimeView;
  /** `V` and `C` of the runtime's `FixedVelocityConsensusHook`. */
  readonly hook: { readonly velocity: number; readonly capacity: number };
}

/**
 * PS-14 `can_build_upon` (collators/mod.rs): we must own the para slot; building directly on the
 * included block is always allowed (the runtime does not yet know its hash); otherwise the runtime
 * API decides (PS-11) with the relay slot.
 */
export function collatorCanBuildUpon(input: CollatorCanBuildInput): boolean {
  // Verify we are the Aura author of this para slot (one author per slot, no equivocation by others).
  if (isOn('PS-14') && slotAuthor(input.authorities, input.paraSlot) !== input.self) return false;
  if (input.parentHash === input.includedHash) return true;
  return canBuildUpon(input.hook, input.runtimeAtParent, input.includedHash, input.relaySlot);
}

/** The relay leaf the lookahead collator was notified of: it is used as the relay parent. */
export interface RelayLeaf {
  readonly hash: Hash;
  readonly number: BlockNumber;
  /** Relay slot from the leaf's BABE pre-digest. */
  readonly slot: number;
}

export interface LookaheadInput {
  readonly leaf: RelayLeaf;
  readonly relayChain: readonly RelayBlockView[];
  readonly relayChainSlotDurationMs: number;
  readonly paraSlotDurationMs: number;
  /** `cores_scheduled_for_para(leaf)` is non-empty. */
  readonly paraScheduled: boolean;
  readonly ancestryLookback: number;
  readonly includedHash: Hash | null;
  readonly pendingHash: Hash | null;
  readonly knownBlocks: readonly ParaBlockView[];
  readonly self: string;
  readonly authoritiesAt: Readonly<Record<Hash, readonly string[]>>;
  readonly runtimeAt: Readonly<Record<Hash, RuntimeView>>;
  readonly hook: { readonly velocity: number; readonly capacity: number };
  readonly parentSearchDepth?: number;
}

export type LookaheadDecision =
  | { readonly build: false; readonly reason: 'NotScheduled' | 'NoParent' | 'CannotBuild' }
  | {
      readonly build: true;
      readonly relayParent: Hash;
      readonly relayParentNumber: BlockNumber;
      readonly parent: Hash;
      /** Depth of the parent above the included block (`null` for a `continueFrom` block not yet searched). */
      readonly parentDepth: number | null;
      readonly included: Hash;
      readonly relaySlot: number;
      readonly paraSlot: number;
      readonly timestampMs: number;
    };

/**
 * One lookahead step for a relay leaf: relay parent = the leaf; parent = the deepest potential
 * parent; build iff the para is scheduled and `collatorCanBuildUpon` holds. The caller repeats the
 * step with `continueFrom` = the block it just built, at most `LOOKAHEAD_BUILDS_PER_RELAY_LEAF` times
 * per leaf.
 */
export function decideLookaheadBuild(input: LookaheadInput, continueFrom?: Hash): LookaheadDecision {
  if (!input.paraScheduled) return { build: false, reason: 'NotScheduled' };
  const rpAncestry = buildRelayParentAncestry(input.relayChain, input.leaf.hash, input.ancestryLookback);
  const potential = findPotentialParents({
    includedHash: input.includedHash,
    pendingHash: input.pendingHash,
    knownBlocks: input.knownBlocks,
    rpAncestry,
    maxDepth: input.parentSearchDepth ?? PARENT_SEARCH_DEPTH,
    ignoreAlternativeBranches: true,
  });
  const best = selectBestParent(potential);
  if (best === null) return { build: false, reason: 'NoParent' };
  // Within one leaf the source keeps building on the block it just built, without a new search.
  const parent = continueFrom ?? best.parent.hash;
  const parentDepth = continueFrom === undefined ? best.parent.depth : (potential.find((p) => p.hash === continueFrom)?.depth ?? null);
  const runtimeAtParent = input.runtimeAt[parent];
  // Source: a failing runtime API call (`.ok()?`) stops building for this leaf.
  if (runtimeAtParent === undefined && parent !== best.included) return { build: false, reason: 'CannotBuild' };
  const timestampMs = input.leaf.slot * input.relayChainSlotDurationMs;
  const paraSlot = paraSlotFromRelaySlot(input.leaf.slot, input.relayChainSlotDurationMs, input.paraSlotDurationMs);
  const can = collatorCanBuildUpon({
    self: input.self,
    // Stryker disable next-line ArrayDeclaration: equivalent, any list without `self` makes the collator not the author.
    authorities: input.authoritiesAt[parent] ?? [],
    paraSlot,
    relaySlot: input.leaf.slot,
    parentHash: parent,
    includedHash: best.included,
    // Stryker disable next-line ObjectLiteral,ArrayDeclaration: equivalent, the fallback is only for the included block, where collatorCanBuildUpon does not read the runtime.
    runtimeAtParent: runtimeAtParent ?? { relaySlotInfo: null, unincludedSegment: [] },
    hook: input.hook,
  });
  if (!can) return { build: false, reason: 'CannotBuild' };
  return {
    build: true,
    relayParent: input.leaf.hash,
    relayParentNumber: input.leaf.number,
    parent,
    parentDepth,
    included: best.included,
    relaySlot: input.leaf.slot,
    paraSlot,
    timestampMs,
  };
}
