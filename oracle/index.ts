/**
 * The library entry point (`import … from 'async-backing-spec'`): the reference oracle, its event
 * vocabulary and projection, trace files in and out, trace checking, and the parameters.
 *
 * ```ts
 * import { Oracle, presetParams, genesisOf } from 'async-backing-spec';
 * const oracle = new Oracle(presetParams('polkadot'));
 * const { relayGenesis } = genesisOf(presetParams('polkadot'));
 * const { verdict, state } = oracle.apply({ type: 'relayBlock', hash: '…', parent: relayGenesis, storageRoot: '…' });
 * ```
 * See the README ("The reference oracle") and vectors/FORMAT.md.
 */
export { Oracle, initialOracle, applyEvent, project, genesisOf, prune, pvdHash, type OracleState, type OracleOptions, type Verdict, type CandidateOutcome, type StepResult } from './oracle.ts';
export { EVENT_SCHEMA, EVENT_TYPES, type OracleEvent, type OracleEventType, type RelayBlockEvent, type CollationEvent, type BackingVotesEvent, type ParachainBlockEvent, type BitfieldIn, type BackedIn, type ParachainBlockOutputs } from './events.ts';
export { firstDifference, type Projection, type RelayParaProjection, type NodeParaProjection, type ParachainProjection, type PendingProjection } from './projection.ts';
export { TraceError } from './errors.ts';
export { validateEvent } from './validate.ts';
export { simulate, traceOf, SOURCES, type Source, type Trace, type TraceStep, type SimulateOptions } from './simulate.ts';
export { toItf, toJsonl, parseItf, parseJsonl, parseTraceText, readTraceFile, MAX_TRACE_BYTES, type ObservedTrace, type ObservedStep } from './traceFile.ts';
export { toItfValue, fromItfValue, type ItfTrace, type ItfState, type ItfValue } from './itf.ts';
export { checkTrace, formatCheck, type CheckResult, type Divergence } from './check.ts';
export { presetParams, validateParams, PRESET_NAMES, ParamsError, type ModelParams } from '../spec/params.ts';
export { RULE_BOOK } from '../spec/ruleBook.ts';
export { SDK_TAG } from '../spec/source.ts';
