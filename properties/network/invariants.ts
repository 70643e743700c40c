/**
 * Invariants of the node side (prospective parachains) and of node–runtime agreement, checked after
 * every relay block of a network run, over `NetView` (properties/network/harness.ts).
 */
import { scopeAncestor } from '../../spec/node/scope.ts';
import { coresOf } from '../../spec/params.ts';
import { bestChainVec } from '../../spec/node/fragmentChain.ts';
import { stepNetwork, type NetworkContext } from '../../machines/network.ts';
import type { MachineState } from '../../machines/engine.ts';
import type { NetView, NodeInvariant, NodeWitness } from './harness.ts';

function* chainsOf(v: NetView) {
  for (const [leaf, perPara] of Object.entries(v.after.chains)) for (const [para, m] of Object.entries(perPara)) yield { leaf, para: Number(para), chain: m.context.chain };
}

/** The bound the node should keep, computed here from the parameters (not from the scope the rules built). */
export function expectedChainBound(v: NetView, para: number, pendingCount: number): number {
  if ((v.params.nodeChainBound ?? 'claim-queue') === 'max-candidate-depth') return v.params.asyncBacking.maxCandidateDepth + 1;
  return pendingCount + coresOf(v.params, para).length;
}

export const bestChainBounded: NodeInvariant = {
  id: 'N-01',
  name: 'bestChainBounded',
  statement: 'A best chain never holds more than its bound: the candidates pending availability plus one per core of the para (stable2506), or maxCandidateDepth + 1 in all (classic).',
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
  statement: 'A best chain starts with the candidates pending availability, each candidate builds on the previous output, relay parents are in scope and never move backwards.',
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

export const nodeRuntimeAgreement: NodeInvariant = {
  id: 'N-03',
  name: 'nodeRuntimeAgreement',
  statement: 'Whatever find_backable_chain offers at leaf L is accepted by the runtime in block L+1 (unless L+1 signals a session change).',
  rules: ['PP-32', 'RT-05', 'RT-06', 'RT-09', 'RT-10', 'RT-11'],
  check(v) {
    // A block that signals a session change backs nothing (RT-19): the runtime drops whatever the
    // provisioner offered. The node cannot see the change coming; this is timing, not a disagreement
    // of the rules ("when nothing else changed"), and W-N06 shows it happens.
    if (v.relay.node.endsSession) return null;
    const verdicts = v.relay.node.outcome.verdicts;
    for (const [para, hashes] of Object.entries(v.authored.offered))
      for (const h of hashes) {
        const r = verdicts.find((x) => x.hash === h);
        if (!r) return `para ${para}: ${h} was offered but not judged`;
        if (!r.accepted) return `para ${para}: the node offered ${h} at leaf #${v.relay.parent.number}, the runtime rejected it in #${v.relay.node.number}: ${r.error} (${r.rule})${r.detail ? `: ${r.detail}` : ''}`;
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

/** Replays a block's collations and votes in reverse order from the same state; the first best chain that differs. */
function reverseOrderDiff(v: NetView): string | null {
  let r: MachineState<NetworkContext> = { value: 'running', context: v.before };
  const collations = v.events.filter((e) => e.type === 'COLLATION');
  const votes = v.events.filter((e) => e.type === 'BACKING_VOTES');
  try {
    for (const e of [...collations].reverse()) r = stepNetwork(r, e);
    for (const e of [...votes].reverse()) r = stepNetwork(r, e);
  } catch (e) {
    return `replaying the block's events in reverse failed: ${(e as Error).message}`;
  }
  for (const [leaf, perPara] of Object.entries(v.afterCollations.chains))
    for (const [para, m] of Object.entries(perPara)) {
      const a = bestChainVec(m.context.chain).join(',');
      const b = bestChainVec(r.context.chains[leaf]![Number(para)]!.context.chain).join(',');
      if (a !== b) return `para ${para} at leaf ${leaf.slice(0, 8)}: best chain [${a}] in arrival order, [${b}] in reverse order`;
    }
  return null;
}

export const confluence: NodeInvariant = {
  id: 'N-05',
  name: 'forkChoiceIndependentOfArrival',
  statement: 'The collations and votes of a block, replayed in reverse order from the same state, give the same best chains (fork choice is deterministic and independent of arrival order), unless two candidates produce the same head.',
  rules: ['PP-22', 'PP-27', 'PP-28', 'PP-30', 'PP-31'],
  check(v) {
    if (v.events.length < 2 || sharesOutputHead(v)) return null;
    return reverseOrderDiff(v);
  },
};

export const unconnectedHavePotential: NodeInvariant = {
  id: 'N-06',
  name: 'unconnectedHavePotential',
  statement: 'A chain keeps no candidate that could never join it: none was already included, none outputs its own parent head, forks a candidate pending availability or a preferred chain candidate, has a relay parent out of scope or older than the last pending candidate\'s, or is already in the best chain.',
  rules: ['PP-17', 'PP-18', 'PP-19', 'PP-20', 'PP-21', 'PP-22', 'PP-30', 'PP-33'],
  check(v) {
    const included = new Set([...v.relay.ghost.included, ...v.relay.node.outcome.enacted.map((c) => c.hash)]);
    for (const { leaf, para, chain } of chainsOf(v)) {
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

export const NODE_INVARIANTS: readonly NodeInvariant[] = [bestChainBounded, bestChainIsChainInScope, nodeRuntimeAgreement, confluence, unconnectedHavePotential, syncBackingCadence];

export const NODE_WITNESSES: readonly NodeWitness[] = [
  {
    id: 'WN-07',
    name: 'arrivalOrderNeverMatters',
    statement: 'Arrival order never changes the best chain, even when two candidates produce the same head (it does: MultiplePaths).',
    applies: (p) => p.asyncBacking.maxCandidateDepth > 0,
    check(v) {
      if (v.events.length < 2 || !sharesOutputHead(v)) return null;
      const diff = reverseOrderDiff(v);
      return diff === null ? null : `at #${v.relay.node.number}: ${diff}`;
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
