/**
 * TypeBox schemas of GET /api/plan: the query (a client protocol, an endpoint mode, optionally one
 * provider or one custom target protocol) and the answer (per provider, what a URL does with each
 * endpoint group of that client protocol: proxy/plan-endpoints.ts).
 */
import { Type, type Static } from '@sinclair/typebox'
import { ENDPOINT_GROUPS } from '../core/catalog/provider-preset-schema.ts'
import { PROTOCOL_IDS } from '../core/model/index.ts'
import { literals } from '../core/typebox-helpers.ts'


export const PLAN_ACTIONS = ['translate', 'translate-embeddings', 'passthrough', 'count-tokens-upstream', 'count-tokens-locally', 'list-models-upstream', 'list-models-locally', 'unsupported'] as const
export const ENDPOINT_MODES = ['auto', 'translate', 'passthrough'] as const
export const MODEL_MODES = ['passthrough', 'map', 'force'] as const

const Protocol = literals(PROTOCOL_IDS)
const Group = literals(ENDPOINT_GROUPS)

export const PlanQuery = Type.Object({
  source: Protocol,
  mode: Type.Optional(literals(ENDPOINT_MODES)),
  /** The URL's model policy mode (default passthrough): mapped or forced names are listed by the bridge, passed-through ones by the target. */
  modelMode: Type.Optional(literals(MODEL_MODES)),
  /** Only this provider (and no custom targets). */
  provider: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  /** Only a custom target of this protocol (and no providers). */
  target: Type.Optional(Protocol),
}, { additionalProperties: false })
export type PlanQuery = Static<typeof PlanQuery>

export const GroupPlanSchema = Type.Object({
  group: Group,
  /** translate / passthrough / answered by the bridge (a token estimate, a model list) / UNSUPPORTED_ENDPOINT. */
  action: literals(PLAN_ACTIONS),
  /** For 'unsupported': the message the router answers with (it names the group and the provider's docs). */
  reason: Type.Optional(Type.String()),
})

export const PlanAnswer = Type.Object({
  source: Protocol,
  mode: literals(ENDPOINT_MODES),
  /** The client protocol's endpoint groups, in the order its codec documents them. */
  groups: Type.Array(Group),
  providers: Type.Array(Type.Object({
    id: Type.String(),
    name: Type.String(),
    protocol: Protocol,
    docsUrl: Type.String(),
    plan: Type.Array(GroupPlanSchema),
  })),
  /** A custom endpoint (no preset) of each upstream protocol. */
  custom: Type.Array(Type.Object({ protocol: Protocol, plan: Type.Array(GroupPlanSchema) })),
})
export type PlanAnswer = Static<typeof PlanAnswer>
