/**
 * The oracle (oracle/oracle.ts): events in, verdicts and the documented projection out; a replay of
 * a simulated run ends where the run did; pruning never changes a verdict or a projection; bad input
 * is a TraceError naming the field, and a protocol refusal is a verdict.
 */
import { describe, expect, test } from 'vitest';
import { presetParams } from '../../spec/params.ts';
import { hashOf } from '../../spec/hash.ts';
import { pvdHash, type CommittedCandidate, type PersistedValidationData } from '../../spec/types.ts';
import { applyEvent, genesisOf, initialOracle, Oracle, project, prune } from '../../oracle/oracle.ts';
import { TraceError } from '../../oracle/errors.ts';
import { simulate, traceOf } from '../../oracle/simulate.ts';
import type { OracleEvent } from '../../oracle/events.ts';
import { runPipeline, pipelineScheduleArb } from '../../properties/pipeline/harness.ts';
import fc from 'fast-check';

const polkadot = presetParams('polkadot');

/** A honest collation of para `para` on `parentHead` with relay parent `rp` (from the oracle's state). */
function collationOn(o: Oracle, para: number, parentHead: string, rpHash: string, variant = 0): { candidate: CommittedCandidate; pvd: PersistedValidationData } {
  const rp = o.snapshot.network.relay.blocks[rpHash]!;
  const pvd: PersistedValidationData = { parentHead, relayParentNumber: rp.number, relayParentStorageRoot: rp.storageRoot, maxPovSize: polkadot.maxPovSize };
  const headData = hashOf('test-head', para, parentHead, rpHash, variant);
  const descriptor = {
    paraId: para,
    relayParent: rpHash,
    coreIndex: polkadot.coreAssignment.indexOf(para),
    sessionIndex: rp.runtime.session,
    persistedValidationDataHash: pvdHash(pvd),
    paraHead: headData,
    validationCodeHash: rp.runtime.paras[para]!.codeHash,
  };
  const commitments = { headData, upwardMessages: [], horizontalMessages: [], newValidationCode: null, processedDownwardMessages: 0, hrmpWatermark: rp.number };
  return { candidate: { hash: hashOf('test-candidate', headData), descriptor, commitments }, pvd };
}

function block(parent: string, n: number, extra: Partial<Extract<OracleEvent, { type: 'relayBlock' }>> = {}): Extract<OracleEvent, { type: 'relayBlock' }> {
  const hash = hashOf('test-block', parent, n);
  return { type: 'relayBlock', hash, parent, storageRoot: hashOf('root', hash), ...extra };
}

describe('oracle: a hand-fed run', () => {
  test('a collation is seconded, backed at the group threshold, put on chain and included; the projection follows', () => {
    const o = new Oracle(polkadot);
    const g = genesisOf(polkadot);
    const b1 = block(g.relayGenesis, 1);
    expect(o.apply(b1).verdict).toMatchObject({ type: 'relayBlock', candidates: [], included: [] });
    const { candidate, pvd } = collationOn(o, 1000, g.paraHeads['1000']!, b1.hash);
    expect(o.apply({ type: 'collation', candidate, pvd }).verdict).toEqual({ type: 'collation', seconded: true });
    expect(o.state.node['1000']!.unconnected).toEqual([candidate.hash]);
    // The group of core 0 for relay parent #1 is assigned at #2 (RT-20).
    const groups = o.snapshot.network.relay.groups;
    expect(o.apply({ type: 'backingVotes', candidate: candidate.hash, votes: [groups[0]![0]!] }).verdict).toEqual({ type: 'backingVotes', backed: false });
    expect(o.apply({ type: 'backingVotes', candidate: candidate.hash, votes: [...groups[0]!] }).verdict).toEqual({ type: 'backingVotes', backed: true });
    expect(o.state.node['1000']!.bestChain).toEqual([candidate.hash]);
    const b2 = block(b1.hash, 2, { backed: [{ candidate: candidate.hash, votes: [...groups[0]!] }] });
    expect(o.apply(b2).verdict).toMatchObject({ candidates: [{ candidate: candidate.hash, accepted: true, core: 0 }] });
    expect(o.state.relay.paras['1000']!.pending).toEqual([{ candidate: candidate.hash, core: 0, relayParentNumber: 1, backedIn: 2, availabilityVotes: 0 }]);
    const all = Array.from({ length: polkadot.validators }, (_, v) => ({ validator: v, cores: [0] }));
    const b3 = block(b2.hash, 3, { bitfields: all });
    expect(o.apply(b3).verdict).toMatchObject({ included: [candidate.hash] });
    expect(o.state.relay.paras['1000']!.head).toBe(candidate.commitments.headData);
    expect(o.state.relay.paras['1000']!.mostRecentContext).toBe(1);
    expect(o.steps).toBe(6);
  });

  test('the runtime refuses a candidate on the wrong parent head, naming polkadot-sdk\'s error and the rule', () => {
    const o = new Oracle(polkadot);
    const g = genesisOf(polkadot);
    const b1 = block(g.relayGenesis, 1);
    o.apply(b1);
    const { candidate, pvd } = collationOn(o, 1000, hashOf('not the head'), b1.hash);
    const seconded = o.apply({ type: 'collation', candidate, pvd }).verdict;
    expect(seconded.type).toBe('collation');
    const groups = o.snapshot.network.relay.groups;
    const v = o.apply(block(b1.hash, 2, { backed: [{ candidate: candidate.hash, votes: [...groups[0]!] }] })).verdict;
    expect(v).toMatchObject({ candidates: [{ candidate: candidate.hash, accepted: false, error: 'ValidationDataHashMismatch', rule: 'RT-06' }] });
  });

  test('a collation introduced twice is CandidateAlreadyKnown (PP-18); with other contents under the same hash it is bad input', () => {
    const o = new Oracle(polkadot);
    const g = genesisOf(polkadot);
    const b1 = block(g.relayGenesis, 1);
    o.apply(b1);
    const c = collationOn(o, 1000, g.paraHeads['1000']!, b1.hash);
    o.apply({ type: 'collation', ...c });
    expect(o.apply({ type: 'collation', ...c }).verdict).toEqual({ type: 'collation', seconded: false, error: 'CandidateAlreadyKnown', rule: 'PP-18' });
    const other = { ...c, pvd: { ...c.pvd, maxPovSize: 1 } };
    expect(() => o.apply({ type: 'collation', ...other })).toThrow(/step 3, field \/candidate\/hash: candidate hash .* was introduced before with different contents/);
    expect(o.steps).toBe(3);
  });

  test('a parachain block is executed on its parent; the runtime refuses a second block past the segment capacity (PS-07)', () => {
    const sync = presetParams('sync');
    const o = new Oracle(sync);
    const g = genesisOf(sync);
    const b1 = block(g.relayGenesis, 1);
    o.apply(b1);
    const p1 = hashOf('pb', 1);
    expect(o.apply({ type: 'parachainBlock', para: 1000, hash: p1, parent: g.paraHeads['1000']!, relayParent: b1.hash }).verdict).toEqual({ type: 'parachainBlock', accepted: true });
    expect(o.state.parachain['1000']).toEqual({ block: p1, unincludedSegment: [null] });
    const b2 = block(b1.hash, 2);
    o.apply(b2);
    // Capacity 1 under sync backing: the parent is not included yet, so there is no room.
    const v = o.apply({ type: 'parachainBlock', para: 1000, hash: hashOf('pb', 2), parent: p1, relayParent: b2.hash }).verdict;
    expect(v).toMatchObject({ type: 'parachainBlock', accepted: false, rule: 'PS-07' });
    expect(o.state.parachain['1000']!.block).toBe(p1);
  });
});

describe('oracle: bad input is a TraceError naming the field', () => {
  const s0 = initialOracle(polkadot);
  const g = genesisOf(polkadot);
  const cases: [string, unknown, RegExp][] = [
    ['not an object', 42, /an event must be a JSON object/],
    ['no type', {}, /field \/type: missing the event type/],
    ['unknown event', { type: 'leafActivated' }, /field \/type: unknown event type "leafActivated"/],
    ['missing field', { type: 'relayBlock', hash: g.relayGenesis, parent: g.relayGenesis }, /missing field "storageRoot"/],
    ['wrong type', { type: 'relayBlock', hash: 7, parent: g.relayGenesis, storageRoot: g.relayGenesis }, /field \/hash: relayBlock: must be string/],
    ['not a hash', { type: 'relayBlock', hash: 'xyz', parent: g.relayGenesis, storageRoot: g.relayGenesis }, /field \/hash: .*16 or 64 lower-case hex digits/],
    ['number out of range', { type: 'backingVotes', candidate: g.relayGenesis, votes: [-1] }, /field \/votes\/0: .*u32/],
    ['unknown field', { type: 'backingVotes', candidate: g.relayGenesis, votes: [], extra: 1 }, /unknown field "extra"/],
    ['unknown parent', { type: 'relayBlock', hash: '00000000000000aa', parent: '00000000000000bb', storageRoot: '00000000000000cc' }, /field \/parent: relay block 00000000000000bb was never imported/],
    ['hash never introduced', { type: 'backingVotes', candidate: '00000000000000aa', votes: [0] }, /field \/candidate: candidate 00000000000000aa was never introduced/],
    ['backed but never introduced', { type: 'relayBlock', hash: '00000000000000aa', parent: g.relayGenesis, storageRoot: '00000000000000cc', backed: [{ candidate: '00000000000000dd', votes: [] }] }, /field \/backed\/0\/candidate: candidate 00000000000000dd was never introduced/],
    ['unknown para', { type: 'parachainBlock', para: 7, hash: '00000000000000aa', parent: '00000000000000bb', relayParent: g.relayGenesis }, /field \/para: para 7 is not one of/],
    ['hash widths mixed', { type: 'relayBlock', hash: 'a'.repeat(64), parent: g.relayGenesis, storageRoot: g.relayGenesis }, /has 16 hex digits, but this trace uses 64|has 64 hex digits, but this trace uses 16/],
  ];
  for (const [name, event, message] of cases)
    test(name, () => {
      let err: unknown;
      try {
        applyEvent(s0, event);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(TraceError);
      expect((err as Error).message).toMatch(message);
    });

  test('impossible parameters are refused when the oracle is created', () => {
    expect(() => initialOracle({ ...polkadot, validators: 0 })).toThrow(/validators/);
    expect(() => initialOracle(polkadot, { keep: 2 })).toThrow(TraceError);
  });
});

describe('oracle: replays and pruning', () => {
  for (const source of ['pipeline', 'network', 'relay'] as const)
    test(`a simulated ${source} run replays to the same verdicts and projections (deterministic from the seed)`, () => {
      const a = simulate(polkadot, { source, seed: 5, run: 1, blocks: 24 });
      const b = traceOf(polkadot, a.steps.map((s) => s.event), a.origin);
      expect(b.steps).toEqual(a.steps);
      expect(simulate(polkadot, { source, seed: 5, run: 1, blocks: 24 }).steps).toEqual(a.steps);
      expect(a.steps.length).toBeGreaterThan(24);
    });

  test('the replayed pipeline ends at the head the pipeline run reached, for every para', () => {
    fc.assert(
      fc.property(pipelineScheduleArb(polkadot, 16), (schedule) => {
        const run = runPipeline(polkadot, schedule, { relayInvariants: [] });
        const final = run.final.context.network.relay;
        const tip = final.blocks[run.steps.at(-1)!.net.relay.node.hash]!;
        // Rebuild the run's event log and replay it.
        const log = run.steps.flatMap((s) => s.lastSlot);
        expect(log.length).toBeGreaterThan(0);
        const o = new Oracle(polkadot);
        for (const step of run.steps)
          for (const e of step.lastSlot) {
            if (e.kind === 'network') {
              const ev = e.event;
              o.apply(ev.type === 'RELAY_BLOCK' ? { type: 'relayBlock', hash: ev.block.hash, parent: ev.block.parent, storageRoot: ev.block.storageRoot, endsSession: ev.block.endsSession, bitfields: ev.block.inherent.bitfields.map((b) => ({ validator: b.validator, cores: [...b.cores] })), backed: ev.block.inherent.backedCandidates.map((b) => ({ candidate: b.candidate.hash, votes: [...b.validityVotes] })) } : ev.type === 'COLLATION' ? { type: 'collation', candidate: ev.candidate, pvd: ev.pvd } : { type: 'backingVotes', candidate: ev.candidateHash, votes: [...ev.votes] });
            } else {
              const b = step.collatorsAfter[e.para]!.context.blocks[e.hash]!;
              expect(o.apply({ type: 'parachainBlock', para: e.para, hash: b.hash, parent: b.parent!, relayParent: b.relayParent, relaySlot: b.relaySlot, paraSlot: b.paraSlot, includedHead: b.includedHead }).verdict).toEqual({ type: 'parachainBlock', accepted: true });
            }
          }
        for (const p of polkadot.paras) expect(o.state.relay.paras[p.id]!.head).toBe(tip.runtime.paras[p.id]!.head);
      }),
      { seed: 20261125, numRuns: 4 },
    );
  });

  test('pruning never changes a verdict or a projection (a long run with the smallest window)', () => {
    const t = simulate(polkadot, { source: 'pipeline', seed: 2, run: 0, blocks: 120 });
    const keep = polkadot.scheduler.schedulingLookahead + 2;
    let pruned = initialOracle(polkadot, { keep });
    let full = initialOracle(polkadot, { keep: 10_000 });
    let sizes = 0;
    for (const s of t.steps) {
      const a = applyEvent(pruned, s.event);
      const b = applyEvent(full, s.event);
      expect(a.verdict).toEqual(b.verdict);
      pruned = a.state;
      full = b.state;
      expect(project(pruned)).toEqual(project(full));
      sizes = Math.max(sizes, Object.keys(pruned.network.relay.blocks).length);
    }
    expect(Object.keys(full.network.relay.blocks).length).toBe(121);
    // The pruned state stays bounded: the window plus the blocks since the last pruning.
    expect(sizes).toBeLessThanOrEqual(keep + 1 + 32);
    expect(Object.keys(prune(pruned).network.relay.blocks).length).toBeLessThanOrEqual(keep + 1);
  });
});

describe('oracle: queries answer without changing the state', () => {
  test('GetBackableCandidates, GetHypotheticalMembership, GetMinimumRelayParents, GetProspectiveValidationData, backing_state, can_build_upon, the collator\'s decision', () => {
    const o = new Oracle(polkadot);
    const g = genesisOf(polkadot);
    const b1 = block(g.relayGenesis, 1);
    o.apply(b1);
    const b2 = block(b1.hash, 2);
    o.apply(b2);
    const { candidate, pvd } = collationOn(o, 1000, g.paraHeads['1000']!, b2.hash);
    o.apply({ type: 'collation', candidate, pvd });
    const ask = (q: unknown) => {
      const before = o.snapshot;
      const r = o.apply(q);
      expect(o.snapshot).toBe(before);
      return r.verdict;
    };
    expect(ask({ type: 'backableCandidates', para: 1000, count: 1 })).toEqual({ type: 'backableCandidates', candidates: [] });
    o.apply({ type: 'backingVotes', candidate: candidate.hash, votes: [...o.snapshot.network.relay.groups[0]!] });
    expect(ask({ type: 'backableCandidates', para: 1000, count: 1 })).toEqual({ type: 'backableCandidates', candidates: [candidate.hash] });
    expect(ask({ type: 'backableCandidates', para: 1000, count: 0 })).toEqual({ type: 'backableCandidates', candidates: [] });
    // Not an active leaf any more: GetBackableCandidates answers only at active leaves (PP-40).
    expect(ask({ type: 'backableCandidates', para: 1000, count: 1, leaf: b1.hash })).toEqual({ type: 'backableCandidates', candidates: [] });
    expect(ask({ type: 'hypotheticalMembership', candidate: candidate.hash })).toEqual({ type: 'hypotheticalMembership', leaves: [b2.hash] });
    expect(ask({ type: 'hypotheticalMembership', candidate: { para: 1000, hash: '00000000000000e1', relayParent: b2.hash, parentHead: candidate.commitments.headData } })).toEqual({ type: 'hypotheticalMembership', leaves: [b2.hash] });
    // An incomplete candidate whose relay parent precedes its parent's moves backwards (PP-25).
    expect(ask({ type: 'hypotheticalMembership', candidate: { para: 1000, hash: '00000000000000e5', relayParent: b1.hash, parentHead: candidate.commitments.headData } })).toEqual({ type: 'hypotheticalMembership', leaves: [] });
    expect(ask({ type: 'minimumRelayParents' })).toEqual({ type: 'minimumRelayParents', paras: { '1000': 0, '2000': 0 } });
    expect(ask({ type: 'prospectiveValidationData', para: 1000, relayParent: b2.hash, parentHead: g.paraHeads['1000']! })).toEqual({ type: 'prospectiveValidationData', pvd });
    expect(ask({ type: 'prospectiveValidationData', para: 1000, relayParent: b2.hash, parentHead: '00000000000000e2' })).toEqual({ type: 'prospectiveValidationData', pvd: null });
    const bs = ask({ type: 'backingState', para: 1000 });
    expect(bs).toMatchObject({ type: 'backingState', state: { constraints: { requiredParent: g.paraHeads['1000'], minRelayParentNumber: 0 }, pendingAvailability: [] } });
    expect(ask({ type: 'collatorDecision', para: 1000 })).toMatchObject({ type: 'collatorDecision', build: true, parent: g.paraHeads['1000'], relayParent: b2.hash });
    expect(ask({ type: 'canBuildUpon', para: 1000, at: g.paraHeads['1000']!, included: g.paraHeads['1000']!, relaySlot: 2 })).toEqual({ type: 'canBuildUpon', canBuild: true });
    expect(() => o.apply({ type: 'canBuildUpon', para: 1000, at: '00000000000000e3', included: g.paraHeads['1000']!, relaySlot: 2 })).toThrow(/field \/at: parachain block 00000000000000e3 of para 1000 was never executed/);
    expect(() => o.apply({ type: 'backingState', para: 1000, at: '00000000000000e4' })).toThrow(/field \/at: relay block 00000000000000e4 was never imported/);
  });
});
