/**
 * Conformance scenarios for the node-side rules (PP-nn, spec/node/rules.ts: prospective parachains
 * and the inclusion emulator): for each rule, one case each side of its boundary, with the
 * boundaries of polkadot-sdk's `fragment_chain/tests.rs` and prospective-parachains `tests.rs` where
 * the rule book cites them (polkadot-stable2506).
 */
import type { VectorSpec } from './registry.ts';

export const NODE_VECTORS: readonly VectorSpec[] = [];
