/**
 * The rule book: every rule of the three layers, by stable ID. `docs/RULEBOOK.md` is generated from
 * it (`npm run rulebook`) together with the index of where each rule is used.
 */
import { NODE_RULES } from './node/rules.ts';
import { PARACHAIN_RULES } from './parachain/rules.ts';
import { RELAY_RULES } from './relay/rules.ts';
import type { RuleInfo } from './rule.ts';

export const RULE_BOOK: readonly RuleInfo[] = [...RELAY_RULES, ...NODE_RULES, ...PARACHAIN_RULES];

export const RULES_BY_ID: ReadonlyMap<string, RuleInfo> = new Map(RULE_BOOK.map((r) => [r.id, r]));

/** Rule IDs mentioned in a text, e.g. a transition description `RT-05..RT-11: …` (ranges expanded). */
export function ruleIdsIn(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\b(RT|PP|PS)-(\d\d)(?:\.\.(?:\1-)?(\d\d))?/g)) {
    const from = Number(m[2]);
    const to = m[3] ? Number(m[3]) : from;
    for (let i = from; i <= to; i++) {
      const id = `${m[1]}-${String(i).padStart(2, '0')}`;
      if (RULES_BY_ID.has(id)) out.add(id);
    }
  }
  return [...out];
}
