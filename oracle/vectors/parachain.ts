/**
 * Conformance scenarios for the parachain-side rules (PS-nn, spec/parachain/rules.ts: cumulus
 * parachain-system, the unincluded segment and the consensus hook): for each rule, one case each side
 * of its boundary, with the boundaries of cumulus' own tests where the rule book cites them.
 */
import type { VectorSpec } from './registry.ts';

export const PARACHAIN_VECTORS: readonly VectorSpec[] = [];
