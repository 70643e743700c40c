/**
 * Invariants of the node side (prospective parachains, candidate-backing's seconding rule, the
 * provisioner) and of node–runtime agreement, checked after every relay block of a network run, over
 * `NetView` (properties/network/harness.ts). The node's state is prospective-parachains' view
 * (machines/network.ts `NodeView`): best-chain properties (N-01, N-02, WN-01) are about the chains at
 * the ACTIVE leaves, where blocks are built; storage (N-06) and confluence (N-05) cover every chain
 * in view, the implicit view's retained relay parents included.
 */
import { scopeAncestor } from '../../spec/node/scope.ts';
import { coresOf } from '../../spec/params.ts';
import { bestChainVec, type FragmentChain } from '../../spec/node/fragmentChain.ts';
import { provisionerCores, stepNetwork, relayParentsInView, type NetworkContext } from '../../machines/network.ts';
import type { MachineState } from '../../machines/engine.ts';
import type { BlockNode, RelayChainContext } from '../../machines/relayChain.ts';
import type { CandidateHash, Hash, ParaId } from '../../spec/types.ts';
import type { NetView, NodeInvariant, NodeWitness } from './harness.ts';

/** The chains at the active leaves (`which: 'active'`) or at every relay parent in view (`'all'`), after the block. */
function* chainsOf(v: NetView, which: 'active' | 'all' = 'active'): Generator<{ leaf: Hash; para: ParaId; chain: FragmentChain }> {
  const view = v.after.view;
  for (const leaf of which === 'active' ? view.activeLeaves : relayParentsInView(view)) {
    const data = view.perRelayParent[leaf];
    if (!data) continue;
    for (const [para, m] of Object.entries(data.chains)) yield { leaf, para: Number(para), chain: m.context.chain };
  }
}

/** The bound the node should keep, computed here from the parameters (not from the scope the rules built). */
export function expectedChainBound(v: NetView, para: number, pendingCount: number): number {
  if ((v.params.nodeChainBound ?? 'claim-queue') === 'max-candidate-depth') return v.params.asyncBacking.maxCandidateDepth + 1;
  return pendingCount + coresOf(v.params, para).length;
}

export const bestChainBounded: NodeInvariant = {
  id: 'N-01',
  name: 'bestChainBounded',
  statement: 'The best chain at an active leaf never holds more than its bound: the candidates pending availability plus one per core of the para (stable2506), or maxCandidateDepth + 1 in all (classic).',
  rules: ['PP-27', 'PP-35'],
  check(v) {
    for (const { leaf, para, chain } of chainsOf(v)) {
      const max = expectedChainBound(v, para, chain.scope.pendingAvailability.length);
      if (chain.bestChain.length > max) return `para ${para} at leaf ${leaf.slice(0, 8)}: best chain of ${chain.bestChain.length} > ${max}`;
    }
    return null;
  },
};

export const bestChainIsChainInScope: NodeInvariant = {
  id: 'N-02',
  name: 'bestChainIsChainInScope',
  statement: 'The best chain at an active leaf starts with the candidates pending availability, each candidate builds on the previous output, relay parents are in scope and never move backwards, and only backed candidates are chained.',
  rules: ['PP-19', 'PP-20', 'PP-23', 'PP-25', 'PP-28', 'PP-29'],
  check(v) {
    for (const { leaf, para, chain } of chainsOf(v)) {
      const where = `para ${para} at leaf ${leaf.slice(0, 8)}`;
      let head = chain.scope.baseConstraints.requiredParent;
      const seenHeads = new Set([head]);
      let lastRp = -1;
      const pending = chain.scope.pendingAvailability.map((p) => p.candidateHash);
      for (const [i, n] of chain.bestChain.entries()) {
        if (n.parentHeadDataHash !== head) return `${where}: ${n.candidateHash} builds on ${n.parentHeadDataHash}, the chain is at ${head}`;
        head = n.outputHeadDataHash;
        if (seenHeads.has(head)) return `${where}: ${n.candidateHash} outputs head ${head}, which the chain already passed through (a cycle)`;
        seenHeads.add(head);
        if (n.relayParent.number < lastRp) return `${where}: relay parent moves back from #${lastRp} to #${n.relayParent.number} at ${n.candidateHash}`;
        lastRp = n.relayParent.number;
        const isPending = pending.includes(n.candidateHash);
        if (isPending && pending[i] !== n.candidateHash) return `${where}: pending candidate ${n.candidateHash} is not in the chain's prefix`;
        if (!isPending && scopeAncestor(chain.scope, n.relayParent.hash) === null) return `${where}: ${n.candidateHash} has relay parent #${n.relayParent.number} out of scope`;
        if (!isPending && !v.after.collations[n.candidateHash]?.backed) return `${where}: ${n.candidateHash} is chained without the backing quorum`;
      }
    }
    return null;
  },
};

/**
 * Protocol finding (kept as witness WN-09): the provisioner takes a candidate for available when the
 * bitfields show two thirds of the validators (`bitfields_indicate_availability`): it passes it as an
 * ancestor and asks for a candidate for its core. The runtime enacts a candidate (and frees its core)
 * only with `n - floor((n - 1) / 3)` votes (one more than two thirds when n is a multiple of 3) and
 * after every earlier candidate of the para (out of order availability under elastic scaling). When
 * it does not, the candidate stays pending (its core occupied) or times out in the same block, and
 * the candidate offered in its place builds on it: the runtime refuses it (its core is not free,
 * RT-10, or its outputs or parent head do not match the unchanged para state, RT-06, RT-24..RT-29).
 * The phantom cores per para of the block: occupied cores the provisioner counts as available whose
 * candidate the block does not enact.
 */
export function phantomCores(v: NetView): Map<ParaId, number> {
  const enacted = new Set(v.relay.node.outcome.enacted.map((c) => c.hash));
  const out = new Map<ParaId, number>();
  for (const core of provisionerCores(v.afterCollations, v.relay.parent, v.authored.block.inherent.bitfields))
    if (core.kind === 'occupied' && core.available && !enacted.has(core.candidateHash) && core.nextUpOnAvailable !== null)
      out.set(core.nextUpOnAvailable, (out.get(core.nextUpOnAvailable) ?? 0) + 1);
  return out;
}

export const nodeRuntimeAgreement: NodeInvariant = {
  id: 'N-03',
  name: 'nodeRuntimeAgreement',
  statement:
    'Whatever find_backable_chain offers at leaf L, for the provisioner\'s requests, is accepted by the runtime in block L+1, unless L+1 signals a session change (WN-06), or the provisioner took a candidate for available that the runtime does not enact in L+1: then the candidates offered beyond the para\'s other requested cores may be refused (WN-09).',
  rules: ['PP-32', 'PP-43', 'RT-05', 'RT-06', 'RT-09', 'RT-10', 'RT-11'],
  check(v) {
    // A block that signals a session change backs nothing (RT-19): the runtime drops whatever the
    // provisioner offered. The node cannot see the change coming; this is timing, not a disagreement
    // of the rules ("when nothing else changed"), and W-N06 shows it happens.
    if (v.relay.node.endsSession) return null;
    const verdicts = v.relay.node.outcome.verdicts;
    const phantom = phantomCores(v);
    for (const [para, hashes] of Object.entries(v.authored.offered)) {
      // The finding of WN-09: of the `count` cores the provisioner asked for, `phantom` were counted
      // for a candidate the runtime does not enact; what is offered for them builds on it and fails
      // whichever check comes first (no free core, RT-10; parent head or outputs against the
      // unchanged para state, RT-06, RT-24..RT-29), taking the para's later candidates with it.
      const request = v.authored.requests.find((r) => r.para === Number(para));
      const reallyFree = (request?.count ?? 0) - (phantom.get(Number(para)) ?? 0);
      for (const [i, h] of hashes.entries()) {
        const r = verdicts.find((x) => x.hash === h);
        if (!r) return `para ${para}: ${h} was offered but not judged`;
        if (r.accepted || i >= reallyFree) continue;
        return `para ${para}: the node offered ${h} at leaf #${v.relay.parent.number}, the runtime rejected it in #${v.relay.node.number}: ${r.error} (${r.rule})${r.detail ? `: ${r.detail}` : ''}`;
      }
    }
    return null;
  },
};

/**
 * Protocol finding (kept as witness WN-07): when two candidates on the same parent produce the same
 * head data, the one backed first takes the chain and the other is refused as `MultiplePaths`
 * (check_potential runs that check after the fork-choice one), whatever their hashes. Arrival order
 * then decides, so confluence is only claimed for distinct output heads.
 */
function sharesOutputHead(v: NetView): boolean {
  const outputs = new Map<string, string>();
  const all = [...Object.values(v.before.collations).map((c) => c.candidate), ...v.events.flatMap((e) => (e.type === 'COLLATION' ? [e.candidate] : []))];
  for (const c of all) {
    const h = c.commitments.headData;
    if (outputs.has(h) && outputs.get(h) !== c.hash) return true;
    outputs.set(h, c.hash);
  }
  return false;
}

/** A block's collations and votes replayed in reverse order from the state before them. */
function reverseReplay(v: NetView): { ok: true; ctx: NetworkContext } | { ok: false; message: string } {
  let r: MachineState<NetworkContext> = { value: 'running', context: v.before };
  const collations = v.events.filter((e) => e.type === 'COLLATION');
  const votes = v.events.filter((e) => e.type === 'BACKING_VOTES');
  try {
    for (const e of [...collations].reverse()) r = stepNetwork(r, e);
    for (const e of [...votes].reverse()) r = stepNetwork(r, e);
  } catch (e) {
    return { ok: false, message: `replaying the block's events in reverse failed: ${(e as Error).message}` };
  }
  return { ok: true, ctx: r.context };
}

/** The block's collations (hashes, sorted) whose lifecycle in `ctx` satisfies `pick`. */
function blockCollations(v: NetView, ctx: NetworkContext, pick: (m: NetworkContext['candidates'][string]) => boolean): string {
  const hashes = new Set(v.events.flatMap((e) => (e.type === 'COLLATION' ? [e.candidate.hash] : [])));
  return [...hashes].filter((h) => ctx.candidates[h] !== undefined && pick(ctx.candidates[h]!)).sort().join(',');
}

/** The block's collations the seconding limit refused (PP-42 ExcessiveSeconded). */
function refusedAtLimit(v: NetView, ctx: NetworkContext): string {
  return blockCollations(v, ctx, (m) => m.context.rejection?.error === 'ExcessiveSeconded');
}

/** The block's collations backing seconded. */
function secondedOf(v: NetView, ctx: NetworkContext): string {
  return blockCollations(v, ctx, (m) => m.value !== 'collated' && m.value !== 'notSeconded');
}

/** The first best chain (at the active leaves, or at every relay parent in view) that differs between two network states. */
function bestChainDiff(a: NetworkContext, b: NetworkContext, which: 'active' | 'all' = 'all'): string | null {
  for (const rp of which === 'active' ? a.view.activeLeaves : relayParentsInView(a.view))
    for (const [para, m] of Object.entries(a.view.perRelayParent[rp]?.chains ?? {})) {
      const x = bestChainVec(m.context.chain).join(',');
      const other = b.view.perRelayParent[rp]?.chains[Number(para)];
      const y = other ? bestChainVec(other.context.chain).join(',') : '(no chain)';
      if (x !== y) return `para ${para} at ${which === 'active' ? 'leaf' : 'relay parent'} ${rp.slice(0, 8)}: best chain [${x}] in arrival order, [${y}] in reverse order`;
    }
  return null;
}

export const confluence: NodeInvariant = {
  id: 'N-05',
  name: 'forkChoiceIndependentOfArrival',
  statement:
    'The collations and votes of a block, replayed in reverse order from the same state, give the same best chains at the active leaves (fork choice is deterministic and independent of arrival order), and at every relay parent in view when the same collations were seconded; unless two candidates produce the same head (WN-07) or the seconding limit let a different set through (first come, first served: WN-10).',
  rules: ['PP-22', 'PP-27', 'PP-28', 'PP-30', 'PP-31', 'PP-38'],
  check(v) {
    if (v.events.length < 2 || sharesOutputHead(v)) return null;
    const r = reverseReplay(v);
    if (!r.ok) return r.message;
    // Statement-distribution accepts the first `secondingLimit` Seconded statements: which ones
    // depends on arrival by design (PP-42). Confluence is claimed when the same ones got through.
    if (refusedAtLimit(v, v.afterCollations) !== refusedAtLimit(v, r.ctx)) return null;
    const atLeaves = bestChainDiff(v.afterCollations, r.ctx, 'active');
    if (atLeaves !== null) return atLeaves;
    // Hypothetical membership at the active leaves depends on what was backed before (a fork of a
    // backed candidate with a lower hash is not seconded, a fork arriving first is): a collation
    // seconded in one order only reaches the retained relay parents in that order (WN-10).
    if (secondedOf(v, v.afterCollations) !== secondedOf(v, r.ctx)) return null;
    return bestChainDiff(v.afterCollations, r.ctx, 'all');
  },
};

export const unconnectedHavePotential: NodeInvariant = {
  id: 'N-06',
  name: 'unconnectedHavePotential',
  statement: 'No chain in view (active leaf or retained relay parent) keeps a candidate that could never join it: none was already included (at the new leaf), none outputs its own parent head, forks a candidate pending availability or a preferred chain candidate, has a relay parent out of scope or older than the last pending candidate\'s, or is already in the best chain.',
  rules: ['PP-17', 'PP-18', 'PP-19', 'PP-20', 'PP-21', 'PP-22', 'PP-30', 'PP-33'],
  check(v) {
    const included = new Set([...v.relay.ghost.included, ...v.relay.node.outcome.enacted.map((c) => c.hash)]);
    for (const { leaf, para, chain } of chainsOf(v, 'all')) {
      const where = `para ${para} at leaf ${leaf.slice(0, 8)}`;
      if (leaf === v.relay.node.hash)
        for (const h of [...Object.keys(chain.unconnected), ...chain.bestChain.map((n) => n.candidateHash)])
          if (included.has(h)) return `${where}: ${h} was included on this branch but is still kept`;
      const pending = chain.bestChain.slice(0, chain.scope.pendingAvailability.length);
      const lastPendingRp = pending.at(-1)?.relayParent.number ?? -1;
      const inChain = new Set(chain.bestChain.map((n) => n.candidateHash));
      for (const c of Object.values(chain.unconnected)) {
        if (inChain.has(c.candidateHash)) return `${where}: ${c.candidateHash} is both chained and unconnected`;
        if (c.parentHeadDataHash === c.outputHeadDataHash) return `${where}: unconnected ${c.candidateHash} outputs its own parent head`;
        const rp = scopeAncestor(chain.scope, c.relayParent);
        if (rp === null) return `${where}: unconnected ${c.candidateHash} has a relay parent out of scope`;
        if (rp.number < lastPendingRp) return `${where}: unconnected ${c.candidateHash} has relay parent #${rp.number}, older than the last pending candidate's #${lastPendingRp}`;
        const forked = pending.find((n) => n.parentHeadDataHash === c.parentHeadDataHash);
        if (forked) return `${where}: unconnected ${c.candidateHash} forks ${forked.candidateHash}, pending availability`;
        const better = chain.bestChain.find((n) => n.parentHeadDataHash === c.parentHeadDataHash && n.candidateHash < c.candidateHash);
        if (better) return `${where}: unconnected ${c.candidateHash} forks ${better.candidateHash}, which the fork selection rule prefers`;
      }
    }
    return null;
  },
};

export const syncBackingCadence: NodeInvariant = {
  id: 'N-07',
  name: 'syncBackingCadence',
  statement: 'Classic bound with depth 0 (synchronous backing): a para never gets a candidate backed in the block that includes its previous one.',
  rules: ['PP-27', 'PP-32'],
  check(v) {
    // At stable2506 the node's bound is the claim queue's, so even lookahead 1 pipelines on the node
    // side; synchronous cadence then comes from the parachain (unincluded segment capacity 1).
    if (v.params.asyncBacking.maxCandidateDepth !== 0 || (v.params.nodeChainBound ?? 'claim-queue') !== 'max-candidate-depth') return null;
    const o = v.relay.node.outcome;
    for (const r of o.verdicts) if (r.accepted && o.enacted.some((c) => c.paraId === r.paraId)) return `para ${r.paraId}: a candidate included and another backed in #${v.relay.node.number}`;
    return null;
  },
};

/** MINIMUM_RETAIN_LENGTH of backing_implicit_view.rs: a leaf always keeps the block before its parent. */
const RETAIN_BEHIND_LEAF = 2;

/**
 * The lowest block number a leaf keeps in the implicit view, computed here from the relay tree and
 * the parameters (not from the view the rules built): `min(oldest ancestor, leaf - 2)`, where the
 * ancestors are at most `scheduling_lookahead - 1` blocks back whose child is in the leaf's child's
 * session, and 0 when there are none.
 */
export function expectedRetainBound(relay: RelayChainContext, leaf: BlockNode, schedulingLookahead: number): number {
  let oldest: number | null = null;
  let b = leaf;
  for (let k = 0; k < schedulingLookahead - 1 && b.parent !== null; k++) {
    const parent = relay.blocks[b.parent];
    if (!parent || parent.runtime.session !== leaf.runtime.session) break;
    oldest = parent.number;
    b = parent;
  }
  return Math.min(oldest ?? 0, Math.max(0, leaf.number - RETAIN_BEHIND_LEAF));
}

export const viewRetainsImplicitView: NodeInvariant = {
  id: 'N-08',
  name: 'viewRetainsImplicitView',
  statement:
    'The node\'s active leaves are the relay chain\'s leaves, each with its chains in view; the view keeps chains only at relay parents its implicit view stores, and none older than the lowest retain bound of the active leaves (min(oldest ancestor within the session, leaf - 2)).',
  rules: ['PP-36', 'PP-37'],
  check(v) {
    const view = v.after.view;
    const relay = v.after.relay;
    const leaves = [...relay.leaves].sort().join(',');
    // (a) Every imported block was activated, and its child deactivated it.
    if ([...view.activeLeaves].sort().join(',') !== leaves) return `active leaves [${view.activeLeaves.join(', ')}], relay chain leaves [${relay.leaves.join(', ')}]`;
    // (b) Each active leaf has its chains.
    for (const leaf of view.activeLeaves) if (!view.perRelayParent[leaf]) return `active leaf ${leaf.slice(0, 8)} has no chains in view`;
    let bound = Infinity;
    for (const leaf of relay.leaves) bound = Math.min(bound, expectedRetainBound(relay, relay.blocks[leaf]!, v.params.scheduler.schedulingLookahead));
    for (const rp of relayParentsInView(view)) {
      // (c) per_relay_parent only holds relay parents the implicit view stores.
      if (!(rp in view.implicitView.blocks)) return `relay parent ${rp.slice(0, 8)} has chains but the implicit view does not store it`;
      // (d) Nothing older than the lowest retain bound.
      const n = view.perRelayParent[rp]!.block.number;
      if (n < bound) return `relay parent #${n} (${rp.slice(0, 8)}) is still in view, below the lowest retain bound #${bound} of the active leaves`;
    }
    return null;
  },
};

export const offersOnlyAtActiveLeaves: NodeInvariant = {
  id: 'N-09',
  name: 'offersOnlyAtActiveLeaves',
  statement: 'A block author building on a relay block that is no longer a leaf (a fork on an earlier block) is offered nothing: GetBackableCandidates answers at active leaves only.',
  rules: ['PP-40'],
  check(v) {
    // Leaves as the author saw them (the pipeline's view after its slot has the new block already).
    if (v.before.relay.leaves.includes(v.relay.parent.hash)) return null;
    const offered = Object.values(v.authored.offered).flat();
    return offered.length > 0 ? `the author built #${v.relay.node.number} on #${v.relay.parent.number}, not a leaf, and was offered ${offered.length} candidates (${offered.join(', ')})` : null;
  },
};

/** The seconding limit per relay parent of the group of `core`, from the parameters: the core's claim-queue length (lookahead), or depth + 1 (classic). */
function expectedSecondingLimit(v: NetView, core: number): number {
  if ((v.params.nodeChainBound ?? 'claim-queue') === 'max-candidate-depth') return v.params.asyncBacking.maxCandidateDepth + 1;
  return v.params.coreAssignment[core] === null || v.params.coreAssignment[core] === undefined ? 0 : v.params.scheduler.schedulingLookahead;
}

export const secondingLimitRespected: NodeInvariant = {
  id: 'N-10',
  name: 'secondingLimitRespected',
  statement: 'No backing group issues more Seconded statements at a relay parent than its seconding limit: the claim-queue length of its core (stable2506), or max_candidate_depth + 1 (classic).',
  rules: ['PP-42'],
  check(v) {
    const counts = new Map<string, number>();
    for (const [hash, c] of Object.entries(v.after.collations)) {
      const state = v.after.candidates[hash]?.value;
      if (state === undefined || state === 'collated' || state === 'notSeconded') continue;
      const key = `${c.candidate.descriptor.relayParent}:${c.candidate.descriptor.coreIndex}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [key, n] of counts) {
      const [rp, core] = key.split(':');
      const limit = expectedSecondingLimit(v, Number(core));
      if (n > limit) return `the group of core ${core} seconded ${n} candidates at relay parent ${rp!.slice(0, 8)} (#${v.after.relay.blocks[rp!]?.number}), limit ${limit}`;
    }
    return null;
  },
};

export const NODE_INVARIANTS: readonly NodeInvariant[] = [
  bestChainBounded,
  bestChainIsChainInScope,
  nodeRuntimeAgreement,
  confluence,
  unconnectedHavePotential,
  syncBackingCadence,
  viewRetainsImplicitView,
  offersOnlyAtActiveLeaves,
  secondingLimitRespected,
];

/** The candidates a chain holds, in its best chain or its unconnected storage. */
function holds(chain: FragmentChain): Set<CandidateHash> {
  return new Set([...chain.bestChain.map((n) => n.candidateHash), ...Object.keys(chain.unconnected)]);
}

export const NODE_WITNESSES: readonly NodeWitness[] = [
  {
    id: 'WN-07',
    name: 'arrivalOrderNeverMatters',
    statement: 'Arrival order never changes the best chain, even when two candidates produce the same head (it does: MultiplePaths).',
    applies: (p) => p.asyncBacking.maxCandidateDepth > 0,
    check(v) {
      if (v.events.length < 2 || !sharesOutputHead(v)) return null;
      const r = reverseReplay(v);
      if (!r.ok || refusedAtLimit(v, v.afterCollations) !== refusedAtLimit(v, r.ctx)) return null;
      const diff = bestChainDiff(v.afterCollations, r.ctx, 'active');
      return diff === null ? null : `at #${v.relay.node.number}: ${diff}`;
    },
  },
  {
    id: 'WN-08',
    name: 'noCarryOverFromRetainedAncestor',
    statement: 'A leaf built on an earlier block that is no longer a leaf never inherits a candidate collated in that block (it does: the implicit view retains the block\'s chains and every new candidate is introduced there too, PP-38, PP-33).',
    // populate_from_previous needs an ancestry (scheduling_lookahead > 1).
    applies: (p) => p.scheduler.schedulingLookahead > 1,
    check(v) {
      const parent = v.relay.parent.hash;
      if (v.before.view.activeLeaves.includes(parent) || !v.before.view.perRelayParent[parent]) return null;
      // Collated in this block for the first time (a `duplicate` advertises a known one again).
      const fresh = new Set(v.events.flatMap((e) => (e.type === 'COLLATION' && !v.before.collations[e.candidate.hash] ? [e.candidate.hash] : [])));
      for (const [para, m] of Object.entries(v.after.view.perRelayParent[v.relay.node.hash]?.chains ?? {}))
        for (const h of holds(m.context.chain))
          if (fresh.has(h)) return `para ${para}: leaf #${v.relay.node.number}, built on the retained #${v.relay.parent.number}, inherits ${h}, collated while #${v.relay.parent.number} was no leaf`;
      return null;
    },
  },
  {
    id: 'WN-09',
    name: 'provisionerAvailabilityMatchesRuntime',
    statement:
      'The provisioner never takes a candidate for available that the runtime does not enact in the same block (it does: bitfields_indicate_availability takes two thirds of the validators, the runtime n - floor((n-1)/3) votes and enactment in chain order, so out of order availability under elastic scaling, or exactly two thirds with n a multiple of 3, frees no core).',
    applies: (p) => p.validators % 3 === 0 || p.paras.some((x) => coresOf(p, x.id).length > 1),
    check(v) {
      if (v.relay.node.endsSession) return null;
      for (const [para, n] of phantomCores(v)) if (n > 0) return `para ${para}: the provisioner took ${n} candidate(s) for available at #${v.relay.node.number} that the runtime does not enact`;
      return null;
    },
  },
  {
    id: 'WN-10',
    name: 'secondingIndependentOfArrival',
    statement:
      'Arrival order never changes which collations of a block are seconded (it does: statement-distribution takes the first secondingLimit Seconded statements at a relay parent, and hypothetical membership at the active leaves depends on the candidates backed before).',
    applies: () => true,
    check(v) {
      if (v.events.length < 2) return null;
      const r = reverseReplay(v);
      if (!r.ok) return null;
      const a = secondedOf(v, v.afterCollations);
      const b = secondedOf(v, r.ctx);
      if (a === b) return null;
      const limit = refusedAtLimit(v, v.afterCollations) !== refusedAtLimit(v, r.ctx) ? ' (the seconding limit)' : ' (hypothetical membership)';
      return `at #${v.relay.node.number}: seconded [${a}] in arrival order, [${b}] in reverse order${limit}`;
    },
  },
  {
    id: 'WN-06',
    name: 'offersNeverDroppedAtSessionChange',
    statement: 'No candidate the node offers is dropped because the block signals a session change.',
    applies: () => true,
    check(v) {
      if (!v.relay.node.endsSession) return null;
      const offered = Object.values(v.authored.offered).flat();
      return offered.length > 0 ? `${offered.length} offered candidates dropped by the session change in #${v.relay.node.number}` : null;
    },
  },
  {
    id: 'WN-01',
    name: 'bestChainNeverFull',
    statement: 'No best chain ever reaches its bound (N-01).',
    applies: () => true,
    check(v) {
      for (const { para, chain } of chainsOf(v)) {
        const max = expectedChainBound(v, para, chain.scope.pendingAvailability.length);
        if (chain.bestChain.length >= max) return `para ${para} has a full best chain (${chain.bestChain.length}) at #${v.relay.node.number}`;
      }
      return null;
    },
  },
  {
    id: 'WN-02',
    name: 'forkChoiceNeverDecides',
    statement: 'No collation is ever refused by the fork selection rule.',
    applies: () => true,
    check(v) {
      for (const m of Object.values(v.after.candidates)) if (m.context.rejection?.error === 'ForkChoiceRule') return `${m.context.hash} refused by ForkChoiceRule`;
      return null;
    },
  },
  {
    id: 'WN-03',
    name: 'noReorganisation',
    statement: 'No backed candidate ever loses its place in the best chain to a better fork.',
    // With depth 0 the chain holds one candidate: a better fork replaces it and trims it (WN-04).
    applies: (p) => p.asyncBacking.maxCandidateDepth > 0,
    check(v) {
      for (const m of Object.values(v.after.candidates)) if (m.context.reorganisations > 0) return `${m.context.hash} was reorganised out of the best chain`;
      return null;
    },
  },
  {
    id: 'WN-04',
    name: 'noCandidateDropped',
    statement: 'No seconded candidate is ever dropped from every chain.',
    applies: () => true,
    check(v) {
      for (const m of Object.values(v.after.candidates)) if (m.value === 'dropped') return `${m.context.hash} dropped by #${v.relay.node.number}`;
      return null;
    },
  },
  {
    id: 'WN-05',
    name: 'noPipelining',
    statement: 'A para never gets a candidate backed in the block that includes its previous one.',
    // Not applicable where N-07 makes it an invariant (classic bound, depth 0).
    applies: (p) => !((p.nodeChainBound ?? 'claim-queue') === 'max-candidate-depth' && p.asyncBacking.maxCandidateDepth === 0),
    check(v) {
      const o = v.relay.node.outcome;
      for (const r of o.verdicts) if (r.accepted && o.enacted.some((c) => c.paraId === r.paraId)) return `para ${r.paraId}: included and backed in #${v.relay.node.number}`;
      return null;
    },
  },
];
