/**
 * The network runs prospective-parachains' own view (machines/network.ts): regressions for what it
 * does that the fragment chains of the active leaves alone did not, and for the findings it showed
 * (docs/sources/node.md, section (f)).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { withRulesOff } from '../../spec/ablation.ts';
import { presetParams, validateParams } from '../../spec/params.ts';
import { relayParentsInView } from '../../machines/network.ts';
import { runNetwork } from '../../properties/network/harness.ts';
import { NODE_INVARIANTS, NODE_WITNESSES } from '../../properties/network/invariants.ts';
import { netScheduleArb, type CollationChoice, type NetBlockChoice, type NetSchedule } from '../../properties/network/schedule.ts';
import type { AvailabilityLevel } from '../../properties/schedule.ts';

const honest = (o: Partial<CollationChoice> = {}): CollationChoice => ({ kind: 'honest', fork: false, rpBack: 0, variant: 0, backed: true, ...o });

/** One relay block: per para its availability levels and collations. */
function block(paras: readonly { availability?: readonly AvailabilityLevel[]; collations?: readonly CollationChoice[] }[], o: Partial<NetBlockChoice> = {}): NetBlockChoice {
  return { forkBack: 0, endsSession: false, paras: paras.map((p) => ({ availability: p.availability ?? ['all'], collations: p.collations ?? [], lateBacking: null })), ...o };
}

const witness = (id: string) => NODE_WITNESSES.find((w) => w.id === id)!;

describe('the network keeps prospective-parachains\' view', () => {
  test('polkadot (lookahead 3): on a straight chain the view keeps the leaf and the two blocks before it', () => {
    const params = presetParams('polkadot');
    const schedule: NetSchedule = { blocks: Array.from({ length: 10 }, () => block([{ collations: [honest()] }, { collations: [honest()] }])) };
    const r = runNetwork(params, schedule, { nodeInvariants: NODE_INVARIANTS });
    expect(r.violation).toBeNull();
    const view = r.final.context.view;
    expect(view.activeLeaves).toHaveLength(1);
    expect(relayParentsInView(view).map((h) => r.final.context.relay.blocks[h]!.number).sort((a, b) => a - b)).toEqual([8, 9, 10]);
  });

  test('finding: sync (lookahead 1, no ancestry) never prunes: a leaf without ancestors retains everything down to block 0', () => {
    const params = presetParams('sync');
    const schedule: NetSchedule = { blocks: Array.from({ length: 10 }, () => block([{ collations: [honest()] }, { collations: [honest()] }])) };
    const r = runNetwork(params, schedule, { nodeInvariants: NODE_INVARIANTS });
    expect(r.violation).toBeNull();
    expect(relayParentsInView(r.final.context.view)).toHaveLength(11);
  });

  test('WN-08: a fork built on a retained ancestor inherits a candidate introduced there after it stopped being a leaf (PP-38, populate_from_previous from ancestry[0])', () => {
    const params = presetParams('polkadot');
    // Blocks 1..4 on the tip; in the fifth, a collation with relay parent tip - 1 is introduced, and
    // the author builds on tip - 1 (no longer a leaf, still retained).
    const blocks = [...Array.from({ length: 4 }, () => block([{ collations: [honest()] }, {}])), block([{ collations: [honest({ rpBack: 1, backed: false })] }, {}], { forkBack: 1 })];
    const run = () => runNetwork(params, { blocks }, { nodeInvariants: NODE_INVARIANTS, witnesses: [witness('WN-08')] });
    const r = run();
    expect(r.violation).toBeNull();
    expect(r.witnessed.get('WN-08')?.message).toMatch(/built on the retained #3, inherits/);
    // Introduced under the active leaf only, the fork inherits nothing.
    expect(withRulesOff(['PP-38'], run).witnessed.has('WN-08')).toBe(false);
  });

  test('finding WN-09, validators a multiple of 3: at exactly two thirds the provisioner takes the candidate for available, the runtime does not, and refuses the child the node offers', () => {
    const params = presetParams('small'); // 6 validators: 3 * 4 >= 12, but the runtime needs 6 - 1 = 5
    const blocks = [block([{ collations: [honest()] }, {}]), block([{ collations: [honest()] }, {}]), block([{ availability: ['oneShort'], collations: [honest()] }, {}])];
    const r = runNetwork(params, { blocks }, { nodeInvariants: NODE_INVARIANTS, witnesses: [witness('WN-09')] });
    expect(r.violation).toBeNull();
    expect(r.witnessed.get('WN-09')?.message).toMatch(/para 1000: the provisioner took 1 candidate/);
    const last = r.steps.at(-1)!;
    const offered = last.authored.offered[1000] ?? [];
    expect(offered).toHaveLength(1);
    expect(last.relay.node.outcome.verdicts.find((x) => x.hash === offered[0])?.accepted).toBe(false);
  });

  test('finding WN-09, elastic scaling: a candidate available out of order frees no core, and what the node offers for it is refused', () => {
    const params = presetParams('elastic');
    const three = [honest(), honest(), honest()];
    const blocks = [block([{ collations: three }, {}]), block([{ collations: three }, {}]), block([{ availability: ['none', 'all', 'all'], collations: three }, {}])];
    const r = runNetwork(params, { blocks }, { nodeInvariants: NODE_INVARIANTS, witnesses: [witness('WN-09')] });
    expect(r.violation).toBeNull();
    expect(r.witnessed.get('WN-09')?.message).toMatch(/para 1000: the provisioner took 2 candidate/);
    const last = r.steps.at(-1)!;
    const offered = last.authored.offered[1000] ?? [];
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.every((h) => last.relay.node.outcome.verdicts.find((x) => x.hash === h)?.accepted === false)).toBe(true);
  });

  test('modelling error fixed: at lookahead 5 the honest collator keeps its relay parent at or after the para\'s most recent context (the node alone would take an older one; the runtime refuses it, RT-02)', () => {
    const p = presetParams('polkadot');
    const params = validateParams({ ...p, name: 'polkadot-lookahead-5', asyncBacking: { ...p.asyncBacking, allowedAncestryLen: 4 }, scheduler: { ...p.scheduler, schedulingLookahead: 5 } });
    // Seed 7, run 3 gave N-03 DisallowedRelayParent ("relay parent #4 is older than the para's most
    // recent context #5") before the fix.
    const schedule = fc.sample(netScheduleArb(params, 30), { seed: 7, numRuns: 4 })[3]!;
    expect(runNetwork(params, schedule, { nodeInvariants: NODE_INVARIANTS }).violation).toBeNull();
  });
});
