/**
 * Conformance scenarios for the relay-chain runtime rules (RT-nn, spec/relay/rules.ts): for each
 * rule, one case each side of its boundary. The boundaries are those of polkadot-sdk's own tests
 * where the rule book cites them (polkadot-stable2506).
 */
import { forRule, type VectorSpec } from './registry.ts';

export const RELAY_VECTORS: readonly VectorSpec[] = [
  ...forRule('RT-05', [
    {
      case: 'accept',
      slug: 'oldest-allowed-relay-parent',
      boundary: 'polkadot (ancestry 2): block #5 backs a candidate with relay parent #2 = N-1-ancestry, the oldest in the window',
      params: 'polkadot',
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
      build: (s) => {
        s.advance(4);
        const c = s.collate(1000, { relayParent: 3, back: true });
        s.relay({ backed: [c] });
        s.expectRejected('RT-05', { error: 'DisallowedRelayParent', candidate: c });
      },
    },
  ]),
  ...forRule('RT-12', [
    {
      case: 'accept',
      slug: 'supermajority-exactly',
      boundary: 'polkadot (10 validators): a candidate whose core 7 = 10 - floor(9/3) validators sign is included',
      params: 'polkadot',
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
      build: (s) => {
        s.advance(1);
        const c = s.collate(1000, { back: true });
        s.relay({ backed: [c] });
        s.relay({ available: [{ c, votes: 6 }] });
        s.expect(`candidate still pending with 6 of 10 availability votes`, (step) => step.state.relay.paras['1000']!.pending.some((p) => p.candidate === c.hash && p.availabilityVotes === 6));
      },
    },
  ]),
];
