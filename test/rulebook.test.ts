/**
 * The rule book is complete and honest: every rule names an exported function that exists, cites a
 * polkadot-sdk file, is exercised by a test; every machine transition and invariant names rules that
 * exist; the generated docs/RULEBOOK.md is current.
 */
import { describe, expect, test } from 'vitest';
import * as relayTracker from '../spec/relay/tracker.ts';
import * as relayScheduler from '../spec/relay/scheduler.ts';
import * as relayInclusion from '../spec/relay/inclusion.ts';
import * as relayInherent from '../spec/relay/parasInherent.ts';
import * as relayBackingState from '../spec/relay/backingState.ts';
import * as relayMessaging from '../spec/relay/messaging.ts';
import { RULE_BOOK, ruleIdsIn } from '../spec/ruleBook.ts';
import { RELAY_RULES } from '../spec/relay/rules.ts';
import { MACHINES, renderRuleBook, ruleIndex, transitionsOf, writeRuleBook } from '../cli/rulebook.ts';
import { RELAY_INVARIANTS } from '../properties/invariants.ts';

const relayExports: Record<string, unknown> = { ...relayTracker, ...relayScheduler, ...relayInclusion, ...relayInherent, ...relayBackingState, ...relayMessaging };

describe('rule book', () => {
  test('rule IDs are unique and well formed', () => {
    const ids = RULE_BOOK.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(RT|PP|PS)-\d\d$/);
  });

  test('every relay rule names a function spec/relay exports', () => {
    for (const r of RELAY_RULES) expect(typeof relayExports[r.fn], `${r.id} ${r.fn}`).toBe('function');
  });

  test('every rule cites a polkadot-sdk file and says why it exists and what switching it off does', () => {
    for (const r of RULE_BOOK) {
      expect(r.source.file, r.id).toMatch(/^(polkadot|cumulus|docs|templates|substrate)\//);
      expect(r.why.length, r.id).toBeGreaterThan(10);
      expect(r.ablation.length, r.id).toBeGreaterThan(5);
    }
  });

  test('every rule is exercised by some test file', () => {
    const index = ruleIndex();
    const untested = RULE_BOOK.filter((r) => index.get(r.id)!.tests.length === 0).map((r) => r.id);
    expect(untested).toEqual([]);
  });

  test('every relay rule is cited by a machine transition or an invariant', () => {
    const index = ruleIndex();
    const unused = RELAY_RULES.filter((r) => index.get(r.id)!.transitions.length === 0 && index.get(r.id)!.invariants.length === 0).map((r) => r.id);
    expect(unused).toEqual([]);
  });

  test('every machine transition names at least one rule that exists, or is a plain bookkeeping step', () => {
    for (const m of MACHINES)
      for (const t of transitionsOf(m)) {
        expect(t.description, `${t.machine} ${t.from} --${t.event}-->`).not.toBe('');
        const cited = t.description.match(/\b(RT|PP|PS)-\d\d\b/g) ?? [];
        for (const id of cited) expect(ruleIdsIn(id), `${t.machine}: ${id}`).toEqual([id]);
      }
  });

  test('every invariant names rules that exist', () => {
    for (const inv of RELAY_INVARIANTS) for (const id of inv.rules) expect(ruleIdsIn(id), `${inv.id}: ${id}`).toEqual([id]);
  });

  test('docs/RULEBOOK.md is what `npm run rulebook` generates', () => {
    expect(writeRuleBook(true), 'docs/RULEBOOK.md is stale: run npm run rulebook').toBe(true);
    expect(renderRuleBook()).toContain('### RT-01');
  });
});
