/**
 * Rule ablation: switch a rule off by ID to show that some property catches its absence.
 *
 * A rule that is off takes the degraded behaviour written beside its check (usually "accept", or for
 * an eviction rule "evict only the candidate itself"); what each one does is the `ablation` field of
 * its rule-book entry. This is a test aid: the model never runs with a rule off outside
 * `withRulesOff`, and the check costs one Set lookup on a set that is empty in every normal run.
 */
const off = new Set<string>();

export function isOn(ruleId: string): boolean {
  return !off.has(ruleId);
}

/** Runs `fn` with the given rules switched off, restoring the previous set afterwards. */
export function withRulesOff<T>(ruleIds: readonly string[], fn: () => T): T {
  const before = [...off];
  for (const id of ruleIds) off.add(id);
  try {
    return fn();
  } finally {
    off.clear();
    for (const id of before) off.add(id);
  }
}

export function rulesOff(): readonly string[] {
  return [...off];
}
