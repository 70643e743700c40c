/**
 * Conformance scenarios for the relay-chain runtime rules (RT-nn, spec/relay/rules.ts): for each
 * rule, one case each side of its boundary. The boundaries are those of polkadot-sdk's own tests
 * where the rule book cites them (polkadot-stable2506).
 *
 * Block numbers: genesis is #0, `s.advance(n)` imports #1 … #n, and each `s.relay(…)` imports the
 * next block on the tip. A collation's relay parent is the tip unless `relayParent` says how many
 * blocks behind the tip it is. Block N accepts relay parents N-lookahead … N-1 (RT-01); the preset
 * numbers used below:
 * - `polkadot`: 10 validators in two groups of five (core 0 ↔ para 1000, core 1 ↔ para 2000),
 *   availability threshold 7, lookahead 3, rotation every 20 blocks, availability period 4;
 * - `elastic`: the same with 20 validators, four groups, para 1000 on cores 0, 1 and 2, para 2000 on
 *   core 3; threshold 14;
 * - `sync`: lookahead 1 (block N accepts only N-1).
 * Messaging limits (Westend): 5 upward messages per candidate, 8 queued, 50 KiB each; 5 HRMP
 * messages per candidate, 1 KiB each; 3 MiB of code; upgrade delay and cooldown 2 blocks; two queued
 * upward messages dispatched per block.
 *
 * Where a rule leaves no trace in the projection (queues, the allowed window), the decisive step is a
 * later candidate's verdict or the runtime API `backing_state`, whose answer carries the queues.
 */
import type { Hash, HeadData, ParaId } from '../../spec/types.ts';
import type { BackingState } from '../../spec/relay/backingState.ts';
import type { Verdict } from '../oracle.ts';
import type { CandidateRef, Scenario, ScenarioStep } from './dsl.ts';
import { forRule, type VectorSpec } from './registry.ts';

// ---------------------------------------------------------------------------------------------
// Reading steps

type RelayVerdict = Extract<Verdict, { type: 'relayBlock' }>;

function relayVerdict(step: ScenarioStep): RelayVerdict | null {
  return step.verdict.type === 'relayBlock' ? step.verdict : null;
}

/** The block's judgement of candidate `c`: `accepted on core k`, or the error. */
function judged(step: ScenarioStep, c: CandidateRef): RelayVerdict['candidates'][number] | undefined {
  return relayVerdict(step)?.candidates.find((x) => x.candidate === c.hash);
}

function acceptedOn(step: ScenarioStep, c: CandidateRef, core: number): boolean {
  const v = judged(step, c);
  return v !== undefined && v.accepted && v.core === core;
}

function pendingOf(step: ScenarioStep, para: ParaId): readonly Hash[] {
  return step.state.relay.paras[String(para)]!.pending.map((p) => p.candidate);
}

function backingStateOf(step: ScenarioStep): BackingState | null {
  return step.verdict.type === 'backingState' ? step.verdict.state : null;
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function genesisHead(s: Scenario, para: ParaId): HeadData {
  return s.params.paras.find((p) => p.id === para)!.genesisHead;
}

// ---------------------------------------------------------------------------------------------
// Shared set-ups

/**
 * polkadot: A (para 1000, relay parent #1) carries new validation code; backed in #2, included in #3,
 * which schedules the upgrade from relay parent #5 (#3 + delay 2) and restricts upgrades until #5
 * (#3 + cooldown 2). Returns A; the tip is #3.
 */
function scheduleUpgrade(s: Scenario): { a: CandidateRef; code: Hash } {
  s.advance(1);
  const code = s.fresh('validation-code');
  const a = s.collate(1000, { outputs: { newValidationCode: { hash: code, size: 1024 } } });
  s.relay({ backed: [a] });
  s.relay({ available: [a] });
  return { a, code };
}

/** polkadot: A (para 1000, relay parent #1) with `upward` upward messages, backed in #2; the tip is #2. */
function pendingWithUpward(s: Scenario, upward: readonly number[]): CandidateRef {
  s.advance(1);
  const a = s.collate(1000, { outputs: { upwardMessages: upward } });
  s.relay({ backed: [a] });
  return a;
}

/** polkadot: a downward message to para 1000 is sent in #2 (sent_at 2); the tip is #2. */
function downwardSentAt2(s: Scenario): void {
  s.advance(1);
  s.relay({ downward: [1000] });
}

/**
 * polkadot: para 2000's candidate X (relay parent #1) sends 100 bytes to para 1000; backed in #2 and
 * included in #3, so para 1000 has an inbound HRMP message sent at #3. Then #4 is imported; the tip is #4.
 */
function hrmpMessageAt3(s: Scenario): void {
  s.advance(1);
  const x = s.collate(2000, { outputs: { horizontalMessages: [{ recipient: 1000, bytes: 100 }] } });
  s.relay({ backed: [x] });
  s.relay({ available: [x] });
  s.advance(1);
}

// ---------------------------------------------------------------------------------------------

export const RELAY_VECTORS: readonly VectorSpec[] = [
  ...forRule('RT-01', [
    {
      case: 'accept',
      slug: 'sync-parent-is-the-window',
      boundary: 'sync (lookahead 1): block #3 accepts relay parent #2, its parent: the window holds one block',
      params: 'sync',
      sdkTests: ['shared/tests.rs: tracker_acquire_info'],
      build: (s) => {
        s.advance(2);
        const c = s.collate(1000);
        s.relay({ backed: [c] });
        s.expectAccepted(c);
      },
    },
    {
      case: 'reject',
      slug: 'sync-grandparent-left-the-window',
      boundary: 'sync (lookahead 1): block #3 refuses relay parent #1: the window keeps `lookahead` blocks, not one more (DisallowedRelayParent)',
      params: 'sync',
      sdkTests: ['shared/tests.rs: tracker_acquire_info'],
      build: (s) => {
        s.advance(2);
        const c = s.collate(1000, { relayParent: 1 });
        s.relay({ backed: [c] });
        s.expectRejected('RT-05', { error: 'DisallowedRelayParent', candidate: c });
      },
    },
  ]),
  ...forRule('RT-02', [
    {
      case: 'accept',
      slug: 'relay-parent-equal-to-context',
      boundary: 'polkadot: A (relay parent #2) is included in #4, context 2; B on A with relay parent #2, backed in the same block, is accepted (equal is allowed)',
      params: 'polkadot',
      sdkTests: ['inclusion/tests.rs: test_candidate_relay_parent_ordering'],
      build: (s) => {
        s.advance(2);
        const a = s.collate(1000);
        s.relay({ backed: [a] });
        const b = s.collate(1000, { on: a, relayParent: 1 });
        s.relay({ available: [a], backed: [b] });
        s.expectAccepted(b);
      },
    },
    {
      case: 'reject',
      slug: 'relay-parent-older-than-context',
      boundary: 'polkadot: A (relay parent #2) is included in #4, context 2; B on A with relay parent #1, still in the window, is refused (DisallowedRelayParent)',
      params: 'polkadot',
      sdkTests: ['inclusion/tests.rs: test_candidate_relay_parent_ordering'],
      build: (s) => {
        s.advance(2);
        const a = s.collate(1000);
        s.relay({ backed: [a] });
        const b = s.collate(1000, { on: a, relayParent: 2 });
        s.relay({ available: [a], backed: [b] });
        s.expectRejected('RT-02', { error: 'DisallowedRelayParent', candidate: b });
      },
    },
  ]),
  ...forRule('RT-03', [
    {
      case: 'accept',
      slug: 'full-window-now-minus-ancestry',
      boundary: 'polkadot (ancestry 2): backing_state at #4 (window #1..#3) gives min relay parent #2 = 4 - min(2, 3)',
      params: 'polkadot',
      sdkTests: ['shared/tests.rs: tracker_earliest_block_number'],
      build: (s) => {
        s.advance(4);
        s.apply({ type: 'backingState', para: 1000 });
        s.expect('backing_state.constraints.minRelayParentNumber = 2', (step) => backingStateOf(step)?.constraints.minRelayParentNumber === 2);
      },
    },
    {
      case: 'reject',
      slug: 'short-window-after-session-change',
      boundary: 'polkadot (ancestry 2): #4 ends the session, so at #5 the window holds #4 only: min relay parent #4 = 5 - min(2, 1), not 5 - 2',
      params: 'polkadot',
      sdkTests: ['shared/tests.rs: tracker_earliest_block_number'],
      build: (s) => {
        s.advance(3);
        s.relay({ endsSession: true });
        s.relay();
        s.apply({ type: 'backingState', para: 1000 });
        s.expect('backing_state.constraints.minRelayParentNumber = 4', (step) => backingStateOf(step)?.constraints.minRelayParentNumber === 4);
      },
    },
  ]),
  ...forRule('RT-04', [
    {
      case: 'accept',
      slug: 'session-of-the-relay-parents-child',
      boundary: 'polkadot: #3 ends session 0; a candidate on relay parent #3 naming session 1 (the session of #3\'s child) is accepted in #4',
      params: 'polkadot',
      build: (s) => {
        s.advance(2);
        s.relay({ endsSession: true });
        const c = s.collate(1000);
        s.relay({ backed: [c] });
        s.expectAccepted(c);
      },
    },
    {
      case: 'reject',
      slug: 'previous-session',
      boundary: 'polkadot: #3 ends session 0; a candidate on relay parent #3 naming session 0 is refused in #4 (SessionIndexMismatch)',
      params: 'polkadot',
      build: (s) => {
        s.advance(2);
        s.relay({ endsSession: true });
        const c = s.collate(1000, { descriptor: { sessionIndex: 0 } });
        s.relay({ backed: [c] });
        s.expectRejected('RT-04', { error: 'SessionIndexMismatch', candidate: c });
      },
    },
  ]),
  ...forRule('RT-05', [
    {
      case: 'accept',
      slug: 'oldest-allowed-relay-parent',
      boundary: 'polkadot (ancestry 2): block #5 backs a candidate with relay parent #2 = N-1-ancestry, the oldest in the window',
      params: 'polkadot',
      sdkTests: ['inclusion/tests.rs: candidate_checks'],
      build: (s) => {
        s.advance(4);
        const c = s.collate(1000, { relayParent: 2, back: true });
        s.relay({ backed: [c] });
        s.expectAccepted(c);
      },
    },
    {
      case: 'reject',
      slug: 'relay-parent-one-past-the-window',
      boundary: 'polkadot (ancestry 2): block #5 refuses relay parent #1 = N-2-ancestry (DisallowedRelayParent)',
      params: 'polkadot',
      sdkTests: ['inclusion/tests.rs: candidate_checks'],
      build: (s) => {
        s.advance(4);
        const c = s.collate(1000, { relayParent: 3, back: true });
        s.relay({ backed: [c] });
        s.expectRejected('RT-05', { error: 'DisallowedRelayParent', candidate: c });
      },
    },
    {
      case: 'reject',
      slug: 'relay-parent-on-another-fork',
      boundary: 'polkadot: #2 and #2\' are siblings; block #3 on #2 refuses a candidate whose relay parent is #2\', recent but not its ancestor (DisallowedRelayParent)',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const { hash: fork } = s.relay();
        s.relay({ parent: 1 });
        const c = s.collate(1000, { relayParent: fork });
        s.relay({ backed: [c] });
        s.expectRejected('RT-05', { error: 'DisallowedRelayParent', candidate: c });
      },
    },
  ]),
  ...forRule('RT-06', [
    {
      case: 'accept',
      slug: 'builds-on-the-pending-chain',
      boundary: 'elastic: A is pending on core 0; B on A\'s output (the para\'s latest head) is accepted on core 1',
      params: 'elastic',
      sdkTests: ['inclusion/tests.rs: candidate_checks'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { core: 0 });
        s.relay({ backed: [a] });
        const b = s.collate(1000, { on: a, core: 1 });
        s.relay({ backed: [b] });
        s.expectAccepted(b);
      },
    },
    {
      case: 'reject',
      slug: 'forks-the-pending-chain',
      boundary: 'elastic: A is pending on core 0; B on the included head (genesis), which A already built on, is refused on the free core 1 (ValidationDataHashMismatch)',
      params: 'elastic',
      sdkTests: ['inclusion/tests.rs: candidate_checks'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { core: 0 });
        s.relay({ backed: [a] });
        const b = s.collate(1000, { parentHead: genesisHead(s, 1000), core: 1 });
        s.relay({ backed: [b] });
        s.expectRejected('RT-06', { error: 'ValidationDataHashMismatch', candidate: b });
      },
    },
  ]),
  ...forRule('RT-07', [
    {
      case: 'accept',
      slug: 'current-code',
      boundary: 'polkadot: a candidate naming the para\'s current validation code hash is accepted',
      params: 'polkadot',
      sdkTests: ['inclusion/tests.rs: candidate_checks'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000);
        s.relay({ backed: [c] });
        s.expectAccepted(c);
      },
    },
    {
      case: 'reject',
      slug: 'other-code',
      boundary: 'polkadot: a candidate naming another validation code hash is refused (InvalidValidationCodeHash)',
      params: 'polkadot',
      sdkTests: ['inclusion/tests.rs: candidate_checks'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { descriptor: { validationCodeHash: s.fresh('other-code') } });
        s.relay({ backed: [c] });
        s.expectRejected('RT-07', { error: 'InvalidValidationCodeHash', candidate: c });
      },
    },
  ]),
  ...forRule('RT-08', [
    {
      case: 'accept',
      slug: 'para-head-is-the-output',
      boundary: 'polkadot: a descriptor whose para head is the committed head data is accepted',
      params: 'polkadot',
      sdkTests: ['inclusion/tests.rs: candidate_checks'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000);
        s.relay({ backed: [c] });
        s.expectAccepted(c);
      },
    },
    {
      case: 'reject',
      slug: 'para-head-differs',
      boundary: 'polkadot: a descriptor whose para head is not the committed head data is refused (ParaHeadMismatch)',
      params: 'polkadot',
      sdkTests: ['inclusion/tests.rs: candidate_checks'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { descriptor: { paraHead: s.fresh('other-head') } });
        s.relay({ backed: [c] });
        s.expectRejected('RT-08', { error: 'ParaHeadMismatch', candidate: c });
      },
    },
  ]),
  ...forRule('RT-09', [
    {
      case: 'accept',
      slug: 'chain-in-order',
      boundary: 'elastic: one block backs A and B on A (both relay parent #1), in chain order: both are accepted, on cores 0 and 1',
      params: 'elastic',
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { core: 0 });
        const b = s.collate(1000, { on: a, core: 1 });
        s.relay({ backed: [a, b] });
        s.expect('A accepted on core 0 and B on core 1', (step) => acceptedOn(step, a, 0) && acceptedOn(step, b, 1));
      },
    },
    {
      case: 'reject',
      slug: 'context-moves-with-the-chain',
      boundary: 'elastic: one block backs A (relay parent #2) and B on A with relay parent #1: B is refused, the context having moved to #2 with A (DisallowedRelayParent)',
      params: 'elastic',
      sdkTests: ['inclusion/tests.rs: test_candidate_relay_parent_ordering'],
      build: (s) => {
        s.advance(2);
        const a = s.collate(1000, { core: 0 });
        const b = s.collate(1000, { on: a, core: 1, relayParent: 1 });
        s.relay({ backed: [a, b] });
        s.expectRejected('RT-02', { error: 'DisallowedRelayParent', candidate: b });
      },
    },
    {
      case: 'reject',
      slug: 'duplicate-and-what-follows',
      boundary: 'elastic: one block backs A, A again and B on A: the second A is dropped as a duplicate and B with it; the first A is accepted',
      params: 'elastic',
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { core: 0 });
        const b = s.collate(1000, { on: a, core: 1 });
        s.relay({ backed: [a, a, b] });
        s.expect('candidates: A accepted, A DuplicateCandidate (RT-09), B DroppedWithPreviousCandidate (RT-09)', (step) => {
          const v = relayVerdict(step)?.candidates ?? [];
          const [x, y, z] = v;
          return (
            v.length === 3 &&
            x!.accepted &&
            !y!.accepted && y!.candidate === a.hash && y!.error === 'DuplicateCandidate' && y!.rule === 'RT-09' &&
            !z!.accepted && z!.candidate === b.hash && z!.error === 'DroppedWithPreviousCandidate' && z!.rule === 'RT-09'
          );
        });
      },
    },
  ]),
  ...forRule('RT-10', [
    {
      case: 'accept',
      slug: 'named-cores-of-the-para',
      boundary: 'elastic (para 1000 on cores 0, 1, 2): A naming core 2 and B on A naming core 0, in one block, each take the core they name',
      params: 'elastic',
      sdkTests: ['paras_inherent/tests.rs: sanitization (elastic scaling cases)'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { core: 2 });
        const b = s.collate(1000, { on: a, core: 0 });
        s.relay({ backed: [a, b] });
        s.expect('A accepted on core 2 and B on core 0', (step) => acceptedOn(step, a, 2) && acceptedOn(step, b, 0));
      },
    },
    {
      case: 'reject',
      slug: 'core-of-another-para',
      boundary: 'elastic: a para-1000 candidate naming core 3 (para 2000\'s) is refused (NoScheduledCore)',
      params: 'elastic',
      sdkTests: ['paras_inherent/tests.rs: sanitization (elastic scaling cases)'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { core: 3 });
        s.relay({ backed: [c] });
        s.expectRejected('RT-10', { error: 'NoScheduledCore', candidate: c });
      },
    },
    {
      case: 'reject',
      slug: 'same-core-twice',
      boundary: 'elastic: A and B on A both name core 1 in one block: A takes it, B is refused (NoScheduledCore)',
      params: 'elastic',
      sdkTests: ['paras_inherent/tests.rs: sanitization (elastic scaling cases)'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { core: 1 });
        const b = s.collate(1000, { on: a, core: 1 });
        s.relay({ backed: [a, b] });
        s.expectRejected('RT-10', { error: 'NoScheduledCore', candidate: b });
      },
    },
  ]),
  ...forRule('RT-11', [
    {
      case: 'accept',
      slug: 'minimum-backing-votes-exactly',
      boundary: 'polkadot (groups of 5, minimum_backing_votes 2): two votes of the assigned group back the candidate',
      params: 'polkadot',
      sdkTests: ['inclusion/tests.rs: candidate_checks'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000);
        s.relay({ backed: [{ c, votes: s.group(0, c.relayParentNumber).slice(0, 2) }] });
        s.expectAccepted(c);
      },
    },
    {
      case: 'reject',
      slug: 'one-vote-short',
      boundary: 'polkadot (groups of 5, minimum_backing_votes 2): one vote of the assigned group is refused (InsufficientBacking)',
      params: 'polkadot',
      sdkTests: ['inclusion/tests.rs: candidate_checks'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000);
        s.relay({ backed: [{ c, votes: s.group(0, c.relayParentNumber).slice(0, 1) }] });
        s.expectRejected('RT-11', { error: 'InsufficientBacking', candidate: c });
      },
    },
    {
      case: 'reject',
      slug: 'vote-outside-the-group',
      boundary: 'polkadot: votes of validator 0 (core 0\'s group) and validator 5 (the other group) are refused (InvalidBacking)',
      params: 'polkadot',
      sdkTests: ['inclusion/tests.rs: candidate_checks'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000);
        s.relay({ backed: [{ c, votes: [0, 5] }] });
        s.expectRejected('RT-11', { error: 'InvalidBacking', candidate: c });
      },
    },
  ]),
  ...forRule('RT-12', [
    {
      case: 'accept',
      slug: 'supermajority-exactly',
      boundary: 'polkadot (10 validators): a candidate whose core 7 = 10 - floor(9/3) validators sign is included',
      params: 'polkadot',
      sdkTests: ['inclusion/tests.rs: availability_threshold_is_supermajority'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { back: true });
        s.relay({ backed: [c] });
        s.relay({ available: [{ c, votes: 7 }] });
        s.expect(`candidate included with 7 of 10 availability votes`, (step) => step.verdict.type === 'relayBlock' && step.verdict.included.includes(c.hash));
      },
    },
    {
      case: 'reject',
      slug: 'one-vote-short',
      boundary: 'polkadot (10 validators): with 6 availability votes the candidate stays pending',
      params: 'polkadot',
      sdkTests: ['inclusion/tests.rs: availability_threshold_is_supermajority'],
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { back: true });
        s.relay({ backed: [c] });
        s.relay({ available: [{ c, votes: 6 }] });
        s.expect(`candidate still pending with 6 of 10 availability votes`, (step) => step.state.relay.paras['1000']!.pending.some((p) => p.candidate === c.hash && p.availabilityVotes === 6));
      },
    },
  ]),
  ...forRule('RT-13', [
    {
      case: 'accept',
      slug: 'parent-and-child-available',
      boundary: 'elastic: A (core 0) and B on A (core 1) pending; both available in one block: both included, A first',
      params: 'elastic',
      sdkTests: ['inclusion/tests.rs: supermajority_bitfields_trigger_availability'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { core: 0 });
        const b = s.collate(1000, { on: a, core: 1 });
        s.relay({ backed: [a, b] });
        s.relay({ available: [a, b] });
        s.expect('included [A, B], nothing pending', (step) => sameList(relayVerdict(step)?.included ?? [], [a.hash, b.hash]) && pendingOf(step, 1000).length === 0);
      },
    },
    {
      case: 'reject',
      slug: 'child-available-parent-not',
      boundary: 'elastic: A (core 0) and B on A (core 1) pending; only B available: nothing is included, B waits behind A',
      params: 'elastic',
      sdkTests: ['inclusion/tests.rs: supermajority_bitfields_trigger_availability'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { core: 0 });
        const b = s.collate(1000, { on: a, core: 1 });
        s.relay({ backed: [a, b] });
        s.relay({ available: [b] });
        s.expect('nothing included, A and B still pending', (step) => relayVerdict(step)?.included.length === 0 && sameList(pendingOf(step, 1000), [a.hash, b.hash]));
      },
    },
  ]),
  ...forRule('RT-14', [
    {
      case: 'accept',
      slug: 'head-and-context-move',
      boundary: 'polkadot: A (relay parent #2) included in #4: the para head becomes A\'s output and the most recent context 2',
      params: 'polkadot',
      sdkTests: ['inclusion/tests.rs: supermajority_bitfields_trigger_availability'],
      build: (s) => {
        s.advance(2);
        const a = s.collate(1000);
        s.relay({ backed: [a] });
        s.relay({ available: [a] });
        s.expect('para 1000: head = A\'s output, mostRecentContext = 2', (step) => {
          const p = step.state.relay.paras['1000']!;
          return p.head === a.head && p.mostRecentContext === 2;
        });
      },
    },
    {
      case: 'reject',
      slug: 'old-head-after-inclusion',
      boundary: 'polkadot: after A is included in #4, a candidate on the head A replaced (genesis) is refused in #5 (ValidationDataHashMismatch)',
      params: 'polkadot',
      build: (s) => {
        s.advance(2);
        const a = s.collate(1000);
        s.relay({ backed: [a] });
        s.relay({ available: [a] });
        const c = s.collate(1000, { parentHead: genesisHead(s, 1000) });
        s.relay({ backed: [c] });
        s.expectRejected('RT-06', { error: 'ValidationDataHashMismatch', candidate: c });
      },
    },
  ]),
  ...forRule('RT-15', [
    {
      case: 'accept',
      slug: 'block-before-the-rotation',
      boundary: 'polkadot (rotation every 20, period 4): in #19, 19 + 1 = 20 < last_rotation_at(20) + 4, so timeouts are checked: A, backed in #1 and never available, times out',
      params: 'polkadot',
      sdkTests: ['scheduler/tests.rs: availability_predicate_works'],
      build: (s) => {
        const a = s.collate(1000);
        s.relay({ backed: [a] });
        s.advance(18);
        s.expect('A timed out in #19', (step) => step.state.relay.number === 19 && sameList(relayVerdict(step)?.timedOut ?? [], [a.hash]) && pendingOf(step, 1000).length === 0);
      },
    },
    {
      case: 'reject',
      slug: 'two-blocks-before-the-rotation',
      boundary: 'polkadot (rotation every 20, period 4): in #18, 18 + 1 = 19 is not < last_rotation_at(19) + 4 = 4, so no timeout check: A, backed in #1, stays pending',
      params: 'polkadot',
      sdkTests: ['scheduler/tests.rs: availability_predicate_works'],
      build: (s) => {
        const a = s.collate(1000);
        s.relay({ backed: [a] });
        s.advance(17);
        s.expect('A still pending in #18', (step) => step.state.relay.number === 18 && relayVerdict(step)?.timedOut.length === 0 && sameList(pendingOf(step, 1000), [a.hash]));
      },
    },
  ]),
  ...forRule('RT-16', [
    {
      case: 'accept',
      slug: 'backed-a-period-ago',
      boundary: 'polkadot (period 4): in #19 (timeouts checked) a candidate backed in #15 times out: 15 + 4 <= 19',
      params: 'polkadot',
      sdkTests: ['scheduler/tests.rs: availability_predicate_works'],
      build: (s) => {
        s.advance(14);
        const a = s.collate(1000);
        s.relay({ backed: [a] });
        s.advance(4);
        s.expect('A timed out in #19', (step) => step.state.relay.number === 19 && sameList(relayVerdict(step)?.timedOut ?? [], [a.hash]));
      },
    },
    {
      case: 'reject',
      slug: 'one-block-short-of-the-period',
      boundary: 'polkadot (period 4): in #19 (timeouts checked) a candidate backed in #16 stays pending: 16 + 4 > 19',
      params: 'polkadot',
      sdkTests: ['scheduler/tests.rs: availability_predicate_works'],
      build: (s) => {
        s.advance(15);
        const a = s.collate(1000);
        s.relay({ backed: [a] });
        s.advance(3);
        s.expect('A still pending in #19', (step) => step.state.relay.number === 19 && relayVerdict(step)?.timedOut.length === 0 && sameList(pendingOf(step, 1000), [a.hash]));
      },
    },
  ]),
  ...forRule('RT-17', [
    {
      case: 'accept',
      slug: 'descendant-freed-with-timed-out-ancestor',
      boundary: 'elastic: A backed in #15 (core 0), B on A in #16 (core 1); in #19 A times out (15 + 4 <= 19) and B, not timed out itself (16 + 4 > 19), is evicted with it',
      params: 'elastic',
      sdkTests: ['inclusion/tests.rs: free_timedout'],
      build: (s) => {
        s.advance(14);
        const a = s.collate(1000, { core: 0 });
        s.relay({ backed: [a] });
        const b = s.collate(1000, { on: a, core: 1 });
        s.relay({ backed: [b] });
        s.advance(3);
        s.expect('#19: timedOut [A], evicted [B], nothing pending', (step) => {
          const v = relayVerdict(step);
          return step.state.relay.number === 19 && sameList(v?.timedOut ?? [], [a.hash]) && sameList(v?.evicted ?? [], [b.hash]) && pendingOf(step, 1000).length === 0;
        });
      },
    },
    {
      case: 'reject',
      slug: 'head-stays-for-a-replacement',
      boundary: 'elastic: as A (and B on A) are freed in #19, the para head does not move: a replacement on the genesis head is accepted in the same block',
      params: 'elastic',
      sdkTests: ['inclusion/tests.rs: free_timedout'],
      build: (s) => {
        s.advance(14);
        const a = s.collate(1000, { core: 0 });
        s.relay({ backed: [a] });
        const b = s.collate(1000, { on: a, core: 1 });
        s.relay({ backed: [b] });
        s.advance(2);
        const r = s.collate(1000, { parentHead: genesisHead(s, 1000), core: 0 });
        s.relay({ backed: [r] });
        s.expect('#19: A timed out, the replacement accepted on core 0, head still genesis', (step) => {
          const v = relayVerdict(step);
          return sameList(v?.timedOut ?? [], [a.hash]) && acceptedOn(step, r, 0) && step.state.relay.paras['1000']!.head === genesisHead(s, 1000);
        });
      },
    },
  ]),
  ...forRule('RT-18', [
    {
      case: 'accept',
      slug: 'descendant-freed-with-disputed',
      boundary: 'elastic: A (core 0) and B on A (core 1) pending; A concluded invalid in #3: A is freed and B evicted with it',
      params: 'elastic',
      sdkTests: ['inclusion/tests.rs: free_disputed'],
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000, { core: 0 });
        const b = s.collate(1000, { on: a, core: 1 });
        s.relay({ backed: [a, b] });
        s.relay({ disputes: [a] });
        s.expect('concludedInvalid [A], evicted [B], nothing pending', (step) => {
          const v = relayVerdict(step);
          return sameList(v?.concludedInvalid ?? [], [a.hash]) && sameList(v?.evicted ?? [], [b.hash]) && pendingOf(step, 1000).length === 0;
        });
      },
    },
    {
      case: 'reject',
      slug: 'not-pending-so-not-freed',
      boundary: 'polkadot: A concluded invalid in #2 but never pending on this chain is not among the hashes free_disputed returns (concluded_invalid_hashes), so A supplied in #2 is backed',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000);
        s.relay({ disputes: [a], backed: [a] });
        s.expect('concludedInvalid [] and A accepted on core 0', (step) => relayVerdict(step)?.concludedInvalid.length === 0 && acceptedOn(step, a, 0));
      },
    },
  ]),
  ...forRule('RT-19', [
    {
      case: 'accept',
      slug: 'pending-drained-at-session-change',
      boundary: 'polkadot: A pending (backed in #2); #3 ends the session: A is dropped, the para head stays, the next block is in session 1',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000);
        s.relay({ backed: [a] });
        s.relay({ endsSession: true });
        s.expect('droppedAtSessionChange [A], nothing pending, session 1', (step) => {
          const v = relayVerdict(step);
          return sameList(v?.droppedAtSessionChange ?? [], [a.hash]) && pendingOf(step, 1000).length === 0 && step.state.relay.session === 1 && step.state.relay.paras['1000']!.head === genesisHead(s, 1000);
        });
      },
    },
    {
      case: 'reject',
      slug: 'nothing-backed-in-the-last-block',
      boundary: 'polkadot: the block that ends the session backs nothing: a valid candidate supplied in it is refused (SessionChangeUpcoming)',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000);
        s.relay({ backed: [a], endsSession: true });
        s.expectRejected('RT-19', { error: 'SessionChangeUpcoming', candidate: a });
      },
    },
    {
      case: 'reject',
      slug: 'window-cleared',
      boundary: 'polkadot: #3 ends the session; #4 refuses relay parent #2 of the old session, inside the window otherwise (DisallowedRelayParent)',
      params: 'polkadot',
      build: (s) => {
        s.advance(2);
        s.relay({ endsSession: true });
        const c = s.collate(1000, { relayParent: 1 });
        s.relay({ backed: [c] });
        s.expectRejected('RT-05', { error: 'DisallowedRelayParent', candidate: c });
      },
    },
  ]),
  ...forRule('RT-20', [
    {
      case: 'accept',
      slug: 'rotated-group-backs',
      boundary: 'polkadot (rotation every 20): relay parent #19, so the group is taken at #20 = after the rotation: group 1 (validators 5-9) backs core 0',
      params: 'polkadot',
      sdkTests: ['scheduler/tests.rs: availability_predicate_works'],
      build: (s) => {
        s.advance(19);
        const c = s.collate(1000);
        s.relay({ backed: [{ c, votes: [5, 6, 7, 8, 9] }] });
        s.expectAccepted(c);
      },
    },
    {
      case: 'accept',
      slug: 'group-of-the-relay-parents-child',
      boundary: 'polkadot (rotation every 20): relay parent #18, backed in #20 after the rotation: the group at #19, group 0 (validators 0-4), still backs core 0',
      params: 'polkadot',
      build: (s) => {
        s.advance(19);
        const c = s.collate(1000, { relayParent: 1 });
        s.relay({ backed: [{ c, votes: [0, 1, 2, 3, 4] }] });
        s.expectAccepted(c);
      },
    },
    {
      case: 'reject',
      slug: 'pre-rotation-group',
      boundary: 'polkadot (rotation every 20): relay parent #19, votes of group 0, the group before the rotation, are refused (InvalidBacking)',
      params: 'polkadot',
      build: (s) => {
        s.advance(19);
        const c = s.collate(1000);
        s.relay({ backed: [{ c, votes: [0, 1, 2, 3, 4] }] });
        s.expectRejected('RT-11', { error: 'InvalidBacking', candidate: c });
      },
    },
  ]),
  ...forRule('RT-21', [
    {
      case: 'accept',
      slug: 'sorted-distinct-known',
      boundary: 'polkadot (10 validators, 2 cores): bitfields of validators 0-6, ascending, one core bit each: all count, the candidate is included with 7 votes',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000);
        s.relay({ backed: [a] });
        s.relay({ bitfields: [0, 1, 2, 3, 4, 5, 6].map((validator) => ({ validator, cores: [0] })) });
        s.expect('nothing dropped, A included', (step) => relayVerdict(step)?.bitfieldsDropped.length === 0 && sameList(relayVerdict(step)?.included ?? [], [a.hash]));
      },
    },
    {
      case: 'reject',
      slug: 'unknown-validator',
      boundary: 'polkadot (validators 0-9): validators 0-5 and validator 10 sign core 0: validator 10\'s bitfield is dropped (ValidatorIndexOutOfBounds), 6 votes, A stays pending',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000);
        s.relay({ backed: [a] });
        s.relay({ available: [{ c: a, votes: 6 }], bitfields: [{ validator: 10, cores: [0] }] });
        s.expectRejected('RT-21', { error: 'ValidatorIndexOutOfBounds', validator: 10 });
      },
    },
    {
      case: 'reject',
      slug: 'repeated-validator',
      boundary: 'polkadot: validators 0-5 sign core 0, then validator 5 again: the repeat is dropped (UnsortedOrDuplicateValidatorIndices)',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000);
        s.relay({ backed: [a] });
        s.relay({ available: [{ c: a, votes: 6 }], bitfields: [{ validator: 5, cores: [0] }] });
        s.expectRejected('RT-21', { error: 'UnsortedOrDuplicateValidatorIndices', validator: 5 });
      },
    },
    {
      case: 'reject',
      slug: 'bit-past-the-last-core',
      boundary: 'polkadot (2 cores): validators 0-5 sign core 0; validator 6 signs cores 0 and 2: its whole bitfield is dropped (WrongBitfieldSize), 6 votes, A stays pending',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000);
        s.relay({ backed: [a] });
        s.relay({ available: [{ c: a, votes: 6 }], bitfields: [{ validator: 6, cores: [0, 2] }] });
        s.expectRejected('RT-21', { error: 'WrongBitfieldSize', validator: 6 });
      },
    },
  ]),
  ...forRule('RT-22', [
    {
      case: 'accept',
      slug: 'core-freed-in-this-block',
      boundary: 'polkadot (one core per para): A pending on core 0 becomes available in #3, which frees the core: B on A is backed on core 0 in the same block',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000);
        s.relay({ backed: [a] });
        const b = s.collate(1000, { on: a });
        s.relay({ available: [a], backed: [b] });
        s.expect('A included, B accepted on core 0', (step) => sameList(relayVerdict(step)?.included ?? [], [a.hash]) && acceptedOn(step, b, 0));
      },
    },
    {
      case: 'reject',
      slug: 'core-still-occupied',
      boundary: 'polkadot (one core per para): A still pending on core 0 in #3 (no bitfields): B on A has no free core (NoScheduledCore)',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000);
        s.relay({ backed: [a] });
        const b = s.collate(1000, { on: a });
        s.relay({ backed: [b] });
        s.expectRejected('RT-10', { error: 'NoScheduledCore', candidate: b });
      },
    },
  ]),
  ...forRule('RT-23', [
    {
      case: 'accept',
      slug: 'pending-chain-over-included-head',
      boundary: 'polkadot: A pending at #2: backing_state gives the included head (genesis) as required parent and [A] as the pending chain',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000);
        s.relay({ backed: [a] });
        s.apply({ type: 'backingState', para: 1000 });
        s.expect('requiredParent = genesis head, pendingAvailability = [A]', (step) => {
          const bs = backingStateOf(step);
          return bs !== null && bs.constraints.requiredParent === genesisHead(s, 1000) && sameList(bs.pendingAvailability.map((p) => p.candidate.hash), [a.hash]);
        });
      },
    },
    {
      case: 'reject',
      slug: 'included-leaves-the-pending-chain',
      boundary: 'polkadot: A included in #3: backing_state there gives A\'s output as required parent and no pending chain',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const a = s.collate(1000);
        s.relay({ backed: [a] });
        s.relay({ available: [a] });
        s.apply({ type: 'backingState', para: 1000 });
        s.expect('requiredParent = A\'s output, pendingAvailability = []', (step) => {
          const bs = backingStateOf(step);
          return bs !== null && bs.constraints.requiredParent === a.head && bs.pendingAvailability.length === 0;
        });
      },
    },
  ]),
  ...forRule('RT-24', [
    {
      case: 'accept',
      slug: 'next-upgrade-once-applied',
      boundary: 'polkadot: A\'s upgrade (scheduled in #3 from #5, cooldown to #5) applies when C (relay parent #5) is included in #7; in #8 a new upgrade is accepted',
      params: 'polkadot',
      build: (s) => {
        const { a } = scheduleUpgrade(s);
        s.advance(2);
        const c = s.collate(1000, { on: a });
        s.relay({ backed: [c] });
        s.relay({ available: [c] });
        const d = s.collate(1000, { on: c, outputs: { newValidationCode: { hash: s.fresh('validation-code'), size: 1024 } } });
        s.relay({ backed: [d] });
        s.expectAccepted(d);
      },
    },
    {
      case: 'reject',
      slug: 'upgrade-still-pending',
      boundary: 'polkadot: A\'s upgrade is scheduled from #5 and no candidate with relay parent #5 is included yet: in #6 another upgrade is refused (PrematureCodeUpgrade)',
      params: 'polkadot',
      build: (s) => {
        const { a } = scheduleUpgrade(s);
        s.advance(2);
        const d = s.collate(1000, { on: a, outputs: { newValidationCode: { hash: s.fresh('validation-code'), size: 1024 } } });
        s.relay({ backed: [d] });
        s.expectRejected('RT-24', { error: 'PrematureCodeUpgrade', candidate: d });
      },
    },
  ]),
  ...forRule('RT-25', [
    {
      case: 'accept',
      slug: 'max-code-size-exactly',
      boundary: 'polkadot (max_code_size 3 MiB): new code of 3145728 bytes is accepted',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { outputs: { newValidationCode: { hash: s.fresh('validation-code'), size: 3 * 1024 * 1024 } } });
        s.relay({ backed: [c] });
        s.expectAccepted(c);
      },
    },
    {
      case: 'reject',
      slug: 'one-byte-over',
      boundary: 'polkadot (max_code_size 3 MiB): new code of 3145729 bytes is refused (NewCodeTooLarge)',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { outputs: { newValidationCode: { hash: s.fresh('validation-code'), size: 3 * 1024 * 1024 + 1 } } });
        s.relay({ backed: [c] });
        s.expectRejected('RT-25', { error: 'NewCodeTooLarge', candidate: c });
      },
    },
  ]),
  ...forRule('RT-26', [
    {
      case: 'accept',
      slug: 'processes-the-message-its-relay-parent-saw',
      boundary: 'polkadot: a downward message sent in #2; a candidate on relay parent #2 processing it is accepted in #3',
      params: 'polkadot',
      sdkTests: ['dmp/tests.rs: check_processed_downward_messages'],
      build: (s) => {
        downwardSentAt2(s);
        const c = s.collate(1000, { outputs: { processedDownwardMessages: 1 } });
        s.relay({ backed: [c] });
        s.expectAccepted(c);
      },
    },
    {
      case: 'reject',
      slug: 'advancement-rule',
      boundary: 'polkadot: a downward message sent in #2; a candidate on relay parent #2 processing none is refused (IncorrectDownwardMessageHandling: AdvancementRule)',
      params: 'polkadot',
      sdkTests: ['dmp/tests.rs: check_processed_downward_messages'],
      build: (s) => {
        downwardSentAt2(s);
        const c = s.collate(1000);
        s.relay({ backed: [c] });
        s.expectRejected('RT-26', { error: 'IncorrectDownwardMessageHandling', candidate: c });
      },
    },
    {
      case: 'reject',
      slug: 'underflow',
      boundary: 'polkadot: one downward message queued; a candidate processing two is refused (IncorrectDownwardMessageHandling: Underflow)',
      params: 'polkadot',
      sdkTests: ['dmp/tests.rs: check_processed_downward_messages'],
      build: (s) => {
        downwardSentAt2(s);
        const c = s.collate(1000, { outputs: { processedDownwardMessages: 2 } });
        s.relay({ backed: [c] });
        s.expectRejected('RT-26', { error: 'IncorrectDownwardMessageHandling', candidate: c });
      },
    },
  ]),
  ...forRule('RT-27', [
    {
      case: 'accept',
      slug: 'five-largest-messages',
      boundary: 'polkadot (5 per candidate, 50 KiB each): five upward messages of 51200 bytes are accepted',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { outputs: { upwardMessages: [51200, 51200, 51200, 51200, 51200] } });
        s.relay({ backed: [c] });
        s.expectAccepted(c);
      },
    },
    {
      case: 'reject',
      slug: 'six-messages',
      boundary: 'polkadot (5 per candidate): six upward messages are refused (InvalidUpwardMessages: MoreMessagesThanPermitted)',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { outputs: { upwardMessages: [1, 1, 1, 1, 1, 1] } });
        s.relay({ backed: [c] });
        s.expectRejected('RT-27', { error: 'InvalidUpwardMessages', candidate: c });
      },
    },
    {
      case: 'reject',
      slug: 'message-one-byte-over',
      boundary: 'polkadot (50 KiB each): an upward message of 51201 bytes is refused (InvalidUpwardMessages: MessageSize)',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { outputs: { upwardMessages: [51201] } });
        s.relay({ backed: [c] });
        s.expectRejected('RT-27', { error: 'InvalidUpwardMessages', candidate: c });
      },
    },
  ]),
  ...forRule('RT-28', [
    {
      case: 'accept',
      slug: 'watermark-at-relay-parent',
      boundary: 'polkadot: a watermark equal to the relay-parent number (#1) is accepted with no inbound messages',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { outputs: { hrmpWatermark: 1 } });
        s.relay({ backed: [c] });
        s.expectAccepted(c);
      },
    },
    {
      case: 'accept',
      slug: 'watermark-on-a-message-block',
      boundary: 'polkadot: para 2000 sent para 1000 a message in #3; a para-1000 candidate on relay parent #4 with watermark 3 is accepted',
      params: 'polkadot',
      build: (s) => {
        hrmpMessageAt3(s);
        const c = s.collate(1000, { outputs: { hrmpWatermark: 3 } });
        s.relay({ backed: [c] });
        s.expectAccepted(c);
      },
    },
    {
      case: 'reject',
      slug: 'watermark-ahead-of-relay-parent',
      boundary: 'polkadot: a watermark of 2 on relay parent #1 is refused (HrmpWatermarkMishandling: AheadRelayParent)',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { outputs: { hrmpWatermark: 2 } });
        s.relay({ backed: [c] });
        s.expectRejected('RT-28', { error: 'HrmpWatermarkMishandling', candidate: c });
      },
    },
    {
      case: 'reject',
      slug: 'watermark-on-a-block-without-messages',
      boundary: 'polkadot: para 2000 sent para 1000 a message in #3; a watermark of 2 on relay parent #4 is refused (HrmpWatermarkMishandling: LandsOnBlockWithNoMessages)',
      params: 'polkadot',
      build: (s) => {
        hrmpMessageAt3(s);
        const c = s.collate(1000, { outputs: { hrmpWatermark: 2 } });
        s.relay({ backed: [c] });
        s.expectRejected('RT-28', { error: 'HrmpWatermarkMishandling', candidate: c });
      },
    },
  ]),
  ...forRule('RT-29', [
    {
      case: 'accept',
      slug: 'largest-message-on-open-channel',
      boundary: 'polkadot (channel 1000 → 2000, 1 KiB messages): one message of 1024 bytes is accepted',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { outputs: { horizontalMessages: [{ recipient: 2000, bytes: 1024 }] } });
        s.relay({ backed: [c] });
        s.expectAccepted(c);
      },
    },
    {
      case: 'reject',
      slug: 'message-one-byte-over',
      boundary: 'polkadot (1 KiB messages): one message of 1025 bytes to 2000 is refused (InvalidOutboundHrmp: MaxMessageSizeExceeded)',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { outputs: { horizontalMessages: [{ recipient: 2000, bytes: 1025 }] } });
        s.relay({ backed: [c] });
        s.expectRejected('RT-29', { error: 'InvalidOutboundHrmp', candidate: c });
      },
    },
    {
      case: 'reject',
      slug: 'two-messages-one-recipient',
      boundary: 'polkadot: two messages to 2000 in one candidate are refused, recipients must strictly ascend (InvalidOutboundHrmp: NotSorted)',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { outputs: { horizontalMessages: [{ recipient: 2000, bytes: 10 }, { recipient: 2000, bytes: 10 }] } });
        s.relay({ backed: [c] });
        s.expectRejected('RT-29', { error: 'InvalidOutboundHrmp', candidate: c });
      },
    },
  ]),
  ...forRule('RT-30', [
    {
      case: 'accept',
      slug: 'outputs-in-backing-state',
      boundary: 'polkadot: A (relay parent #2) processes the downward message of #2, sends 3 upward messages, 500 bytes to 2000 and new code; included in #4, backing_state there shows all of it',
      params: 'polkadot',
      build: (s) => {
        downwardSentAt2(s);
        const code = s.fresh('validation-code');
        const a = s.collate(1000, {
          outputs: { processedDownwardMessages: 1, upwardMessages: [100, 200, 300], horizontalMessages: [{ recipient: 2000, bytes: 500 }], newValidationCode: { hash: code, size: 1024 } },
        });
        s.relay({ backed: [a] });
        s.relay({ available: [a] });
        s.apply({ type: 'backingState', para: 1000 });
        s.expect('umpRemaining 5 (600 bytes used), dmpRemainingMessages [], 2000: 7 messages and 7692 bytes remaining, upgrade from #6 restricted', (step) => {
          const k = backingStateOf(step)?.constraints;
          if (!k) return false;
          const ch = k.hrmpChannelsOut[2000];
          return (
            k.umpRemaining === 5 && k.umpRemainingBytes === 1024 * 1024 - 600 && k.dmpRemainingMessages.length === 0 &&
            ch?.messagesRemaining === 7 && ch.bytesRemaining === 8 * 1024 - 500 &&
            k.futureValidationCode?.codeHash === code && k.futureValidationCode.at === 6 && k.upgradeRestriction === 'Present'
          );
        });
      },
    },
    {
      case: 'reject',
      slug: 'enacted-messages-fill-the-queue',
      boundary: 'polkadot: A\'s 5 upward messages are enacted in #3; B on A with 4 more, backed in the same block, is refused: 9 > max_upward_queue_count 8 (InvalidUpwardMessages)',
      params: 'polkadot',
      build: (s) => {
        const a = pendingWithUpward(s, [1, 1, 1, 1, 1]);
        const b = s.collate(1000, { on: a, outputs: { upwardMessages: [1, 1, 1, 1] } });
        s.relay({ available: [a], backed: [b] });
        s.expectRejected('RT-27', { error: 'InvalidUpwardMessages', candidate: b });
      },
    },
  ]),
  ...forRule('RT-31', [
    {
      case: 'accept',
      slug: 'relay-parent-reaches-upgrade-block',
      boundary: 'polkadot: A\'s upgrade applies from #5; C on A with relay parent #5 is included in #7: the code becomes A\'s',
      params: 'polkadot',
      build: (s) => {
        const { a, code } = scheduleUpgrade(s);
        s.advance(2);
        const c = s.collate(1000, { on: a });
        s.relay({ backed: [c] });
        s.relay({ available: [c] });
        s.expect('C included, para 1000 code = A\'s new code', (step) => sameList(relayVerdict(step)?.included ?? [], [c.hash]) && step.state.relay.paras['1000']!.codeHash === code);
      },
    },
    {
      case: 'reject',
      slug: 'relay-parent-one-block-early',
      boundary: 'polkadot: A\'s upgrade applies from #5; C on A with relay parent #4 is included in #7: the code stays',
      params: 'polkadot',
      build: (s) => {
        const { a } = scheduleUpgrade(s);
        s.advance(2);
        const c = s.collate(1000, { on: a, relayParent: 1 });
        s.relay({ backed: [c] });
        s.relay({ available: [c] });
        s.expect('C included, para 1000 code unchanged', (step) => sameList(relayVerdict(step)?.included ?? [], [c.hash]) && step.state.relay.paras['1000']!.codeHash === s.params.paras[0]!.validationCodeHash);
      },
    },
  ]),
  ...forRule('RT-32', [
    {
      case: 'accept',
      slug: 'two-dispatched-per-block',
      boundary: 'polkadot (8 queued at most, 2 dispatched per block): A\'s 5 upward messages enacted in #3; #4 dispatches 2 first, so B on A with 5 more fits (3 + 5 = 8)',
      params: 'polkadot',
      build: (s) => {
        const a = pendingWithUpward(s, [1, 1, 1, 1, 1]);
        s.relay({ available: [a] });
        const b = s.collate(1000, { on: a, outputs: { upwardMessages: [1, 1, 1, 1, 1] } });
        s.relay({ backed: [b] });
        s.expectAccepted(b);
      },
    },
    {
      case: 'accept',
      slug: 'restriction-lifted-at-cooldown-end',
      boundary: 'polkadot: A\'s upgrade included in #3 restricts upgrades until #5 (cooldown 2); backing_state at #5 has no restriction',
      params: 'polkadot',
      build: (s) => {
        scheduleUpgrade(s);
        s.advance(2);
        s.apply({ type: 'backingState', para: 1000 });
        s.expect('backing_state at #5: upgradeRestriction null', (step) => step.state.relay.number === 5 && backingStateOf(step)?.constraints.upgradeRestriction === null);
      },
    },
    {
      case: 'reject',
      slug: 'restriction-one-block-before-cooldown-end',
      boundary: 'polkadot: A\'s upgrade included in #3 restricts upgrades until #5; backing_state at #4 still has the restriction',
      params: 'polkadot',
      build: (s) => {
        scheduleUpgrade(s);
        s.advance(1);
        s.apply({ type: 'backingState', para: 1000 });
        s.expect('backing_state at #4: upgradeRestriction Present', (step) => step.state.relay.number === 4 && backingStateOf(step)?.constraints.upgradeRestriction === 'Present');
      },
    },
  ]),
  ...forRule('RT-33', [
    {
      case: 'accept',
      slug: 'queued-with-sent-at',
      boundary: 'polkadot: two downward messages to 1000 and one to 2000 are sent in #2: backing_state of 1000 at #2 lists sent-at numbers [2, 2]',
      params: 'polkadot',
      build: (s) => {
        s.advance(1);
        s.relay({ downward: [1000, 1000, 2000] });
        s.apply({ type: 'backingState', para: 1000 });
        s.expect('dmpRemainingMessages = [2, 2]', (step) => sameList(backingStateOf(step)?.constraints.dmpRemainingMessages ?? [], [2, 2]));
      },
    },
    {
      case: 'reject',
      slug: 'sent-after-the-relay-parent',
      boundary: 'polkadot: a downward message sent in #3 is not seen by relay parent #2: a candidate on #2 processing none is accepted in #4',
      params: 'polkadot',
      sdkTests: ['dmp/tests.rs: check_processed_downward_messages'],
      build: (s) => {
        s.advance(2);
        s.relay({ downward: [1000] });
        const c = s.collate(1000, { relayParent: 1 });
        s.relay({ backed: [c] });
        s.expectAccepted(c);
      },
    },
  ]),
];
