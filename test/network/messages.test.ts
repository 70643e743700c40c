/**
 * Finding (kept as a regression): with elastic scaling, the downward-message advancement rule is
 * checked by the runtime against the queue as it is when a candidate is backed (RT-26,
 * `dmp::check_processed_downward_messages` at polkadot-stable2506, the post-#8860 version that takes
 * the relay-parent number), while the node checks a candidate against its parent's constraints with
 * the modifications of the whole chain below it (PP-13 on `apply_modifications`).
 *
 * So when a para on several cores has a downward message queued and builds a chain A → B at one
 * relay parent, A processes the message (it must), and B, whose constraints no longer hold it,
 * processes none. The node accepts both and offers both. The runtime, backing B while A is still
 * pending availability (or backing both in the same block), finds the message still in the queue and
 * refuses B as `IncorrectDownwardMessageHandling` (AdvancementRule): node–runtime agreement (N-03)
 * fails. This is the protocol at the pinned release, not a model error: the queue only loses A's
 * message when A is enacted (`prune_dmq` in `enact_candidate`).
 *
 * The random schedules therefore send downward messages only to paras with one core
 * (`dmpRecipients` in properties/schedule.ts); this test keeps the elastic case visible.
 */
import { describe, expect, test } from 'vitest';
import { presetParams } from '../../spec/params.ts';
import { runNetwork } from '../../properties/network/harness.ts';
import { NODE_INVARIANTS } from '../../properties/network/invariants.ts';
import type { NetBlockChoice, NetSchedule } from '../../properties/network/schedule.ts';
import { dmpRecipients } from '../../properties/schedule.ts';

const elastic = presetParams('elastic');
const ELASTIC_PARA = 1000;

/** Availability always; para 1000 collates three honest blocks on the leaf per block, para 2000 one. */
function block(downward: readonly number[]): NetBlockChoice {
  const honest = { kind: 'honest' as const, fork: false, rpBack: 0, variant: 0, backed: true };
  return {
    forkBack: 0,
    endsSession: false,
    downward,
    paras: [
      { availability: ['all' as const], collations: [honest, honest, honest], lateBacking: null },
      { availability: ['all' as const], collations: [honest], lateBacking: null },
    ],
  };
}

describe('finding: the DMP advancement rule under elastic scaling', () => {
  test('random schedules send downward messages only to paras with one core', () => {
    expect(dmpRecipients(elastic)).toEqual([2000]);
    expect(elastic.coreAssignment.filter((p) => p === ELASTIC_PARA)).toHaveLength(3);
  });

  test('without downward messages, the elastic para backs chains of three and the node and runtime agree', () => {
    const schedule: NetSchedule = { blocks: Array.from({ length: 8 }, () => block([])) };
    const r = runNetwork(elastic, schedule, { nodeInvariants: NODE_INVARIANTS });
    expect(r.violation).toBeNull();
    const twoOrMore = r.steps.some((s) => s.relay.node.outcome.verdicts.filter((v) => v.accepted && v.paraId === ELASTIC_PARA).length >= 2);
    expect(twoOrMore).toBe(true);
  });

  test('a downward message to the elastic para makes the runtime refuse the second candidate the node offers (N-03)', () => {
    const schedule: NetSchedule = { blocks: [block([]), block([ELASTIC_PARA]), ...Array.from({ length: 6 }, () => block([]))] };
    const r = runNetwork(elastic, schedule, { nodeInvariants: NODE_INVARIANTS });
    expect(r.violation?.property).toBe('N-03');
    expect(r.violation?.message).toContain('IncorrectDownwardMessageHandling');
    expect(r.violation?.message).toContain('AdvancementRule');
  });

  test('the same message to the para with one core is processed and nothing is refused', () => {
    const schedule: NetSchedule = { blocks: [block([]), block([2000]), ...Array.from({ length: 6 }, () => block([]))] };
    const r = runNetwork(elastic, schedule, { nodeInvariants: NODE_INVARIANTS });
    expect(r.violation).toBeNull();
    expect(r.final.context.relay.blocks[r.final.context.relay.leaves[0]!]!.runtime.paras[2000]!.dmq).toEqual([]);
  });
});
