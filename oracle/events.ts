/**
 * The oracle's event vocabulary: what another implementation reports, one event per step, as plain
 * JSON. The same shapes appear in JSON-lines logs, in ITF traces (`mbt::nondetPicks`) and in the
 * conformance vectors; vectors/FORMAT.md describes them for readers in other languages, and
 * `EVENT_SCHEMA` (written to schema/event.schema.json) is their JSON Schema.
 *
 * How they map to the protocol:
 * - `relayBlock`: a relay-chain block is imported on top of its parent with its paras inherent
 *   (availability bitfields, backed candidates by hash with their validity votes, disputes concluded
 *   invalid) and the downward messages sent in it; the block becomes an active leaf of the node (its
 *   parent stops being one). This is "relay block", "bitfields" and "leaf activated" in one event,
 *   because the runtime processes the inherent inside the block and the node activates the leaf it
 *   imports.
 * - `collation`: a candidate is advertised with its PVD and the backing group tries to second it:
 *   candidate-backing seconds it if some active leaf allows its relay parent and reports it a
 *   hypothetical member, and statement-distribution's seconding limit lets the statement out; then
 *   prospective parachains introduces it under every relay parent in view where it has potential.
 *   Every candidate a later event names must have been introduced this way, including candidates the
 *   node refuses (a block author may still put them on chain; the runtime then judges them).
 * - `backingVotes`: validity statements for an introduced candidate; at
 *   min(group size, minimum_backing_votes) votes of its group it is backed in every chain that holds it.
 * - `parachainBlock`: a collator built a parachain block; the para's runtime (cumulus
 *   parachain-system with its consensus hook) executes it on its parent block.
 * - Queries (`backableCandidates`, `hypotheticalMembership`, `minimumRelayParents`,
 *   `prospectiveValidationData`, `relayParentsInView`, `provisionerRequests`, `backingState`,
 *   `canBuildUpon`, `collatorDecision`): the answers prospective parachains (and the provisioner
 *   asking it), the relay runtime API and the parachain runtime API (or its collator) give to the
 *   requests other components send them. A query changes nothing.
 *
 * Hashes are lower-case hex: the model's own are 16 digits, polkadot-sdk's H256 are 64; one trace
 * uses one width (fork choice compares candidate hashes as byte strings, which for equal widths is
 * string order).
 */
import type { CommittedCandidate, Hash, ParaId, PersistedValidationData, ValidatorIndex } from '../spec/types.ts';
import type { MessagingStateSnapshot } from '../spec/parachain/unincludedSegment.ts';

export interface BitfieldIn {
  readonly validator: ValidatorIndex;
  /** The availability cores whose candidate this validator holds a chunk of. */
  readonly cores: readonly number[];
}

export interface BackedIn {
  /** The candidate's hash; it must have been introduced by a `collation` event. */
  readonly candidate: Hash;
  /** Validators whose validity statements the block author includes. */
  readonly votes: readonly ValidatorIndex[];
}

export interface RelayBlockEvent {
  readonly type: 'relayBlock';
  readonly hash: Hash;
  readonly parent: Hash;
  readonly storageRoot: Hash;
  /** A session change is signalled in this block and applied at its end (default false). */
  readonly endsSession?: boolean;
  readonly bitfields?: readonly BitfieldIn[];
  readonly backed?: readonly BackedIn[];
  readonly disputesConcludedInvalid?: readonly Hash[];
  /** Para ids of the downward messages sent in this block, one entry per message. */
  readonly downwardMessages?: readonly ParaId[];
}

export interface CollationEvent {
  readonly type: 'collation';
  readonly candidate: CommittedCandidate;
  readonly pvd: PersistedValidationData;
}

export interface BackingVotesEvent {
  readonly type: 'backingVotes';
  readonly candidate: Hash;
  readonly votes: readonly ValidatorIndex[];
}

export interface ParachainBlockOutputs {
  readonly upwardMessageSizes?: readonly number[];
  readonly horizontalMessages?: readonly { readonly recipient: ParaId; readonly bytes: number }[];
  /** Default: the relay-parent number (cumulus sets it there when nothing inbound is left). */
  readonly hrmpWatermark?: number;
  readonly upgradeGoAhead?: 'GoAhead' | 'Abort' | null;
}

export interface ParachainBlockEvent {
  readonly type: 'parachainBlock';
  readonly para: ParaId;
  /** The block's hash: the head data the relay chain records for it. */
  readonly hash: Hash;
  readonly parent: Hash;
  /** Its relay parent: a relay block the oracle has imported. */
  readonly relayParent: Hash;
  /** Relay slot in the relay state proof (default: the relay parent's number; the model's relay slot is its block number). */
  readonly relaySlot?: number;
  /** `pallet_aura::CurrentSlot` (default: the slot derived from the relay slot). */
  readonly paraSlot?: number;
  /** The para's included head in the relay parent's state (default: what the oracle's relay chain says there; null: absent). */
  readonly includedHead?: Hash | null;
  readonly outputs?: ParachainBlockOutputs;
  /**
   * The relay chain's messaging state in the relay state proof (`MessagingStateSnapshot`): the
   * remaining capacity of the para's upward queue and its outbound HRMP channels, which the
   * segment's UMP and HRMP bandwidth is checked against (PS-01, PS-02). Default: unlimited UMP
   * (1,000,000 messages, 1,000,000,000 bytes) and no HRMP channel.
   */
  readonly messagingState?: MessagingStateSnapshot;
}

// Queries: the node's and the runtime's answers to the requests other components send them. A query
// changes nothing; its verdict is the answer. `leaf`/`at` default to the relay block imported last.

/** prospective-parachains `GetBackableCandidates(leaf, para, count, ancestors)`. */
export interface BackableCandidatesQuery {
  readonly type: 'backableCandidates';
  readonly para: ParaId;
  readonly count: number;
  readonly ancestors?: readonly Hash[];
  readonly leaf?: Hash;
}

/** prospective-parachains `GetHypotheticalMembership`: an introduced candidate by hash, or an incomplete one. */
export interface HypotheticalMembershipQuery {
  readonly type: 'hypotheticalMembership';
  readonly candidate: Hash | { readonly para: ParaId; readonly hash: Hash; readonly relayParent: Hash; readonly parentHead: Hash };
  readonly leaf?: Hash;
}

/** prospective-parachains `GetMinimumRelayParents(relay_parent)`. */
export interface MinimumRelayParentsQuery {
  readonly type: 'minimumRelayParents';
  readonly leaf?: Hash;
}

/** prospective-parachains `GetProspectiveValidationData`. */
export interface ProspectiveValidationDataQuery {
  readonly type: 'prospectiveValidationData';
  readonly para: ParaId;
  readonly relayParent: Hash;
  readonly parentHead: Hash;
}

/** The runtime API `backing_state(para)` at a relay block. */
export interface BackingStateQuery {
  readonly type: 'backingState';
  readonly para: ParaId;
  readonly at?: Hash;
}

/** The parachain runtime API `AuraUnincludedSegmentApi::can_build_upon(included, slot)` at a parachain block. */
export interface CanBuildUponQuery {
  readonly type: 'canBuildUpon';
  readonly para: ParaId;
  readonly at: Hash;
  readonly included: Hash;
  readonly relaySlot: number;
}

/** What the para's lookahead collator does at a relay leaf: build (on which parent) or not (why). */
export interface CollatorDecisionQuery {
  readonly type: 'collatorDecision';
  readonly para: ParaId;
  readonly leaf?: Hash;
  /**
   * The Aura authority set at the parent and which authority the deciding collator is: the author
   * of para slot `s` is authority `s mod authorities` (PS-14); `authorities >= 1` and
   * `index < authorities`. Default `{authorities: 1, index: 0}`: the collator authors every slot.
   */
  readonly aura?: { readonly authorities: number; readonly index: number };
}

/**
 * prospective-parachains' view (`View`): its active leaves and the relay parents it keeps fragment
 * chains at (`per_relay_parent`: the active leaves and the earlier leaves the implicit view retains).
 */
export interface RelayParentsInViewQuery {
  readonly type: 'relayParentsInView';
}

/**
 * The provisioner's `GetBackableCandidates` requests for a block built on `leaf` with `bitfields`
 * (`request_backable_candidates`), each with the node's answer.
 */
export interface ProvisionerRequestsQuery {
  readonly type: 'provisionerRequests';
  readonly leaf?: Hash;
  readonly bitfields?: readonly BitfieldIn[];
}

export type OracleQuery =
  | BackableCandidatesQuery
  | HypotheticalMembershipQuery
  | MinimumRelayParentsQuery
  | ProspectiveValidationDataQuery
  | BackingStateQuery
  | CanBuildUponQuery
  | CollatorDecisionQuery
  | RelayParentsInViewQuery
  | ProvisionerRequestsQuery;

export type OracleEvent = RelayBlockEvent | CollationEvent | BackingVotesEvent | ParachainBlockEvent | OracleQuery;
export type OracleEventType = OracleEvent['type'];
export const QUERY_TYPES: readonly OracleQuery['type'][] = [
  'backableCandidates',
  'hypotheticalMembership',
  'minimumRelayParents',
  'prospectiveValidationData',
  'backingState',
  'canBuildUpon',
  'collatorDecision',
  'relayParentsInView',
  'provisionerRequests',
];
export const EVENT_TYPES: readonly OracleEventType[] = ['relayBlock', 'collation', 'backingVotes', 'parachainBlock', ...QUERY_TYPES];

// ---------------------------------------------------------------------------------------------
// JSON Schema (draft 2020-12)

const U32 = { type: 'integer', minimum: 0, maximum: 4294967295 } as const;
const HASH = { type: 'string', pattern: '^([0-9a-f]{16}|[0-9a-f]{64})$' } as const;
const list = (items: object, maxItems = 100_000) => ({ type: 'array', items, maxItems });

export const EVENT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://async-backing-spec.example/schema/event.schema.json',
  title: 'An event of the async-backing oracle (vectors/FORMAT.md)',
  $defs: {
    hash: HASH,
    u32: U32,
    relayBlock: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'hash', 'parent', 'storageRoot'],
      properties: {
        type: { const: 'relayBlock' },
        hash: { $ref: '#/$defs/hash' },
        parent: { $ref: '#/$defs/hash' },
        storageRoot: { $ref: '#/$defs/hash' },
        endsSession: { type: 'boolean' },
        bitfields: list({
          type: 'object',
          additionalProperties: false,
          required: ['validator', 'cores'],
          properties: { validator: { $ref: '#/$defs/u32' }, cores: list({ $ref: '#/$defs/u32' }, 10_000) },
        }),
        backed: list({
          type: 'object',
          additionalProperties: false,
          required: ['candidate', 'votes'],
          properties: { candidate: { $ref: '#/$defs/hash' }, votes: list({ $ref: '#/$defs/u32' }, 10_000) },
        }),
        disputesConcludedInvalid: list({ $ref: '#/$defs/hash' }),
        downwardMessages: list({ $ref: '#/$defs/u32' }),
      },
    },
    candidate: {
      type: 'object',
      additionalProperties: false,
      required: ['hash', 'descriptor', 'commitments'],
      properties: {
        hash: { $ref: '#/$defs/hash' },
        descriptor: {
          type: 'object',
          additionalProperties: false,
          required: ['paraId', 'relayParent', 'coreIndex', 'sessionIndex', 'persistedValidationDataHash', 'paraHead', 'validationCodeHash'],
          properties: {
            paraId: { $ref: '#/$defs/u32' },
            relayParent: { $ref: '#/$defs/hash' },
            coreIndex: { $ref: '#/$defs/u32' },
            sessionIndex: { $ref: '#/$defs/u32' },
            persistedValidationDataHash: { $ref: '#/$defs/hash' },
            paraHead: { $ref: '#/$defs/hash' },
            validationCodeHash: { $ref: '#/$defs/hash' },
          },
        },
        commitments: {
          type: 'object',
          additionalProperties: false,
          required: ['headData', 'upwardMessages', 'horizontalMessages', 'newValidationCode', 'processedDownwardMessages', 'hrmpWatermark'],
          properties: {
            headData: { $ref: '#/$defs/hash' },
            upwardMessages: list({ $ref: '#/$defs/u32' }, 10_000),
            horizontalMessages: list(
              { type: 'object', additionalProperties: false, required: ['recipient', 'bytes'], properties: { recipient: { $ref: '#/$defs/u32' }, bytes: { $ref: '#/$defs/u32' } } },
              10_000,
            ),
            newValidationCode: {
              oneOf: [
                { type: 'null' },
                { type: 'object', additionalProperties: false, required: ['hash', 'size'], properties: { hash: { $ref: '#/$defs/hash' }, size: { $ref: '#/$defs/u32' } } },
              ],
            },
            processedDownwardMessages: { $ref: '#/$defs/u32' },
            hrmpWatermark: { $ref: '#/$defs/u32' },
          },
        },
      },
    },
    pvd: {
      type: 'object',
      additionalProperties: false,
      required: ['parentHead', 'relayParentNumber', 'relayParentStorageRoot', 'maxPovSize'],
      properties: {
        parentHead: { $ref: '#/$defs/hash' },
        relayParentNumber: { $ref: '#/$defs/u32' },
        relayParentStorageRoot: { $ref: '#/$defs/hash' },
        maxPovSize: { $ref: '#/$defs/u32' },
      },
    },
    collation: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'candidate', 'pvd'],
      properties: { type: { const: 'collation' }, candidate: { $ref: '#/$defs/candidate' }, pvd: { $ref: '#/$defs/pvd' } },
    },
    backingVotes: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'candidate', 'votes'],
      properties: { type: { const: 'backingVotes' }, candidate: { $ref: '#/$defs/hash' }, votes: list({ $ref: '#/$defs/u32' }, 10_000) },
    },
    parachainBlock: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'para', 'hash', 'parent', 'relayParent'],
      properties: {
        type: { const: 'parachainBlock' },
        para: { $ref: '#/$defs/u32' },
        hash: { $ref: '#/$defs/hash' },
        parent: { $ref: '#/$defs/hash' },
        relayParent: { $ref: '#/$defs/hash' },
        relaySlot: { $ref: '#/$defs/u32' },
        paraSlot: { $ref: '#/$defs/u32' },
        includedHead: { oneOf: [{ type: 'null' }, { $ref: '#/$defs/hash' }] },
        outputs: {
          type: 'object',
          additionalProperties: false,
          properties: {
            upwardMessageSizes: list({ $ref: '#/$defs/u32' }, 10_000),
            horizontalMessages: list(
              { type: 'object', additionalProperties: false, required: ['recipient', 'bytes'], properties: { recipient: { $ref: '#/$defs/u32' }, bytes: { $ref: '#/$defs/u32' } } },
              10_000,
            ),
            hrmpWatermark: { $ref: '#/$defs/u32' },
            upgradeGoAhead: { enum: ['GoAhead', 'Abort', null] },
          },
        },
        messagingState: {
          type: 'object',
          additionalProperties: false,
          required: ['relayDispatchQueueRemainingCapacity', 'egressChannels'],
          properties: {
            relayDispatchQueueRemainingCapacity: {
              type: 'object',
              additionalProperties: false,
              required: ['remainingCount', 'remainingSize'],
              properties: { remainingCount: { $ref: '#/$defs/u32' }, remainingSize: { $ref: '#/$defs/u32' } },
            },
            egressChannels: list(
              {
                type: 'object',
                additionalProperties: false,
                required: ['recipient', 'maxCapacity', 'maxTotalSize', 'msgCount', 'totalSize'],
                properties: {
                  recipient: { $ref: '#/$defs/u32' },
                  maxCapacity: { $ref: '#/$defs/u32' },
                  maxTotalSize: { $ref: '#/$defs/u32' },
                  msgCount: { $ref: '#/$defs/u32' },
                  totalSize: { $ref: '#/$defs/u32' },
                },
              },
              10_000,
            ),
          },
        },
      },
    },
    backableCandidates: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'para', 'count'],
      properties: { type: { const: 'backableCandidates' }, para: { $ref: '#/$defs/u32' }, count: { $ref: '#/$defs/u32' }, ancestors: list({ $ref: '#/$defs/hash' }, 10_000), leaf: { $ref: '#/$defs/hash' } },
    },
    hypotheticalMembership: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'candidate'],
      properties: {
        type: { const: 'hypotheticalMembership' },
        candidate: {
          oneOf: [
            { $ref: '#/$defs/hash' },
            {
              type: 'object',
              additionalProperties: false,
              required: ['para', 'hash', 'relayParent', 'parentHead'],
              properties: { para: { $ref: '#/$defs/u32' }, hash: { $ref: '#/$defs/hash' }, relayParent: { $ref: '#/$defs/hash' }, parentHead: { $ref: '#/$defs/hash' } },
            },
          ],
        },
        leaf: { $ref: '#/$defs/hash' },
      },
    },
    minimumRelayParents: {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: { type: { const: 'minimumRelayParents' }, leaf: { $ref: '#/$defs/hash' } },
    },
    prospectiveValidationData: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'para', 'relayParent', 'parentHead'],
      properties: { type: { const: 'prospectiveValidationData' }, para: { $ref: '#/$defs/u32' }, relayParent: { $ref: '#/$defs/hash' }, parentHead: { $ref: '#/$defs/hash' } },
    },
    backingState: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'para'],
      properties: { type: { const: 'backingState' }, para: { $ref: '#/$defs/u32' }, at: { $ref: '#/$defs/hash' } },
    },
    canBuildUpon: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'para', 'at', 'included', 'relaySlot'],
      properties: { type: { const: 'canBuildUpon' }, para: { $ref: '#/$defs/u32' }, at: { $ref: '#/$defs/hash' }, included: { $ref: '#/$defs/hash' }, relaySlot: { $ref: '#/$defs/u32' } },
    },
    collatorDecision: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'para'],
      properties: {
        type: { const: 'collatorDecision' },
        para: { $ref: '#/$defs/u32' },
        leaf: { $ref: '#/$defs/hash' },
        aura: {
          type: 'object',
          additionalProperties: false,
          required: ['authorities', 'index'],
          properties: { authorities: { $ref: '#/$defs/u32' }, index: { $ref: '#/$defs/u32' } },
        },
      },
    },
    relayParentsInView: {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: { type: { const: 'relayParentsInView' } },
    },
    provisionerRequests: {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: {
        type: { const: 'provisionerRequests' },
        leaf: { $ref: '#/$defs/hash' },
        bitfields: list({
          type: 'object',
          additionalProperties: false,
          required: ['validator', 'cores'],
          properties: { validator: { $ref: '#/$defs/u32' }, cores: list({ $ref: '#/$defs/u32' }, 10_000) },
        }),
      },
    },
    event: {
      type: 'object',
      required: ['type'],
      properties: { type: { enum: EVENT_TYPES } },
      // Dispatch on `type` so that errors name the fields of the right event.
      allOf: [
        { if: { properties: { type: { const: 'relayBlock' } } }, then: { $ref: '#/$defs/relayBlock' } },
        { if: { properties: { type: { const: 'collation' } } }, then: { $ref: '#/$defs/collation' } },
        { if: { properties: { type: { const: 'backingVotes' } } }, then: { $ref: '#/$defs/backingVotes' } },
        { if: { properties: { type: { const: 'parachainBlock' } } }, then: { $ref: '#/$defs/parachainBlock' } },
        ...QUERY_TYPES.map((q) => ({ if: { properties: { type: { const: q } } }, then: { $ref: `#/$defs/${q}` } })),
      ],
    },
  },
  $ref: '#/$defs/event',
} as const;
