/**
 * Invariants of the node side (prospective parachains) and of node–runtime agreement, checked after
 * every relay block of a network run, over `NetView` (properties/network/harness.ts).
 */
import { scopeAncestor } from '../../spec/node/scope.ts';
import type { NetView, NodeInvariant, NodeWitness } from './harness.ts';

function* chainsOf(v: NetView) {
  for (const [leaf, perPara] of Object.entries(v.after.chains)) for (const [para, m] of Object.entries(perPara)) yield { leaf, para: Number(para), chain: m.context.chain };
}

export const bestChainBounded: NodeInvariant = {
  id: 'N-01',
  name: 'bestChainBounded',
  statement: 'A best chain never holds more than maxCandidateDepth + 1 candidates, those pending availability included.',
  rules: ['PP-27'],
  check(v) {
    const max = v.params.asyncBacking.maxCandidateDepth + 1;
    for (const { leaf, para, chain } of chainsOf(v)) if (chain.bestChain.length > max) return `para ${para} at leaf ${leaf.slice(0, 8)}: best chain of ${chain.bestChain.length} > ${max}`;
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
      let lastRp = -1;
      const pending = chain.scope.pendingAvailability.map((p) => p.candidateHash);
      for (const [i, n] of chain.bestChain.entries()) {
        if (n.parentHeadDataHash !== head) return `${where}: ${n.candidateHash} builds on ${n.parentHeadDataHash}, the chain is at ${head}`;
        head = n.outputHeadDataHash;
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

export const NODE_INVARIANTS: readonly NodeInvariant[] = [bestChainBounded, bestChainIsChainInScope, nodeRuntimeAgreement];

export const NODE_WITNESSES: readonly NodeWitness[] = [
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
    statement: 'No best chain ever holds maxCandidateDepth + 1 candidates.',
    applies: () => true,
    check(v) {
      const max = v.params.asyncBacking.maxCandidateDepth + 1;
      for (const { para, chain } of chainsOf(v)) if (chain.bestChain.length >= max) return `para ${para} has a full best chain (${chain.bestChain.length}) at #${v.relay.node.number}`;
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
    applies: () => true,
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
    applies: (p) => p.asyncBacking.allowedAncestryLen > 0,
    check(v) {
      const o = v.relay.node.outcome;
      for (const r of o.verdicts) if (r.accepted && o.enacted.some((c) => c.paraId === r.paraId)) return `para ${r.paraId}: included and backed in #${v.relay.node.number}`;
      return null;
    },
  },
];
