/**
 * The TypeBox schema of a provider preset: the single source of truth that the catalog test
 * validates every preset against. The hand-written ProviderPreset type (provider-preset.ts) is
 * checked against it at the bottom of this file, so the two cannot drift apart silently.
 */
import { Type, type Static } from '@sinclair/typebox'
import { PROTOCOL_IDS } from '../model/protocol-id.ts'
import type { ProviderPreset } from './provider-preset.ts'

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((value) => Type.Literal(value)))

export const ENDPOINT_GROUPS = ['chat', 'count_tokens', 'models', 'embeddings', 'images', 'audio', 'files', 'responses', 'other'] as const
export const ENDPOINT_SUPPORT_VALUES = ['translate', 'passthrough', 'unsupported'] as const
export const AUTH_TYPES = ['bearer', 'x-api-key', 'azure', 'aws', 'none'] as const

/** Catalog ids travel in tokens and log rows: short, lowercase, URL-safe. */
export const PROVIDER_ID_PATTERN = '^[a-z0-9][a-z0-9._-]{0,63}$'

const EndpointSupportSchema = literals(ENDPOINT_SUPPORT_VALUES)

const PriceSchema = Type.Object(
  {
    input: Type.Number({ minimum: 0 }),
    output: Type.Number({ minimum: 0 }),
    cacheRead: Type.Optional(Type.Number({ minimum: 0 })),
    cacheWrite: Type.Optional(Type.Number({ minimum: 0 })),
  },
  { additionalProperties: false },
)

export const ModelInfoSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, pattern: '^[^\\r\\n]+$' }),
    contextWindow: Type.Optional(Type.Integer({ minimum: 1 })),
    maxOutputTokens: Type.Optional(Type.Integer({ minimum: 1 })),
    reasoning: Type.Optional(Type.Boolean()),
    chatProtocol: Type.Optional(literals(PROTOCOL_IDS)),
    price: Type.Optional(PriceSchema),
  },
  { additionalProperties: false },
)

export const ProviderPresetSchema = Type.Object(
  {
    id: Type.String({ pattern: PROVIDER_ID_PATTERN }),
    name: Type.String({ minLength: 1 }),
    protocol: literals(PROTOCOL_IDS),
    authType: literals(AUTH_TYPES),
    defaultBaseUrl: Type.String({ pattern: '^https?://[^\\s/?#]+(/[^\\s?#]*)?$' }),
    endpointSupport: Type.Partial(
      Type.Object(Object.fromEntries(ENDPOINT_GROUPS.map((group) => [group, EndpointSupportSchema])) as Record<
        (typeof ENDPOINT_GROUPS)[number],
        typeof EndpointSupportSchema
      >, { additionalProperties: false }),
    ),
    docsUrl: Type.String({ pattern: '^https://' }),
    patches: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    models: Type.Optional(Type.Array(ModelInfoSchema)),
    defaultMaxOutputTokens: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
)

export type ProviderPresetFromSchema = Static<typeof ProviderPresetSchema>

// Type-level agreement: each type must be assignable to the other, or this fails to compile.
type Agrees<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const presetTypesAgree: Agrees<ProviderPreset, ProviderPresetFromSchema> = true
void presetTypesAgree
