/**
 * The TypeBox schema of a provider preset: the single source of truth that the catalog test
 * validates every preset against. The hand-written ProviderPreset type (provider-preset.ts) is
 * checked against it at the bottom of this file, so the two cannot drift apart silently.
 */
import { Type, type Static } from '@sinclair/typebox'
import { PROTOCOL_IDS } from '../model/protocol-id.ts'
import type { EndpointGroup } from '../protocols/codec.ts'
import type { ProviderPreset } from './provider-preset.ts'
import { literals } from '../typebox-helpers.ts'


export const ENDPOINT_GROUPS = [
  'chat', 'responses', 'count_tokens', 'models', 'embeddings', 'completions', 'images', 'audio',
  'moderations', 'files', 'batches', 'rerank', 'vector_stores', 'caches', 'other',
] as const satisfies readonly EndpointGroup[]
export const ENDPOINT_SUPPORT_VALUES = ['translate', 'passthrough', 'unsupported'] as const
export const AUTH_TYPES = ['bearer', 'x-api-key', 'azure', 'aws', 'none'] as const
export const TOOL_CHOICE_VALUES = ['auto', 'none', 'required', 'named'] as const
export const REASONING_PLACEMENTS = ['reasoning_content', 'reasoning', 'reasoning_details', 'thinking-blocks', 'thought-parts', 'think-tags'] as const

/** Catalog ids travel in tokens and log rows: short, lowercase, URL-safe. */
export const PROVIDER_ID_PATTERN = '^[a-z0-9][a-z0-9._-]{0,63}$'

const URL_PATTERN = '^https?://[^\\s/?#]+(/[^\\s?#]*)?$'
const EndpointSupportSchema = literals(ENDPOINT_SUPPORT_VALUES)
const PositiveInteger = Type.Integer({ minimum: 1 })
const NonNegative = Type.Number({ minimum: 0 })

const PriceSchema = Type.Object(
  { input: NonNegative, output: NonNegative, cacheRead: Type.Optional(NonNegative), cacheWrite: Type.Optional(NonNegative) },
  { additionalProperties: false },
)

const ReasoningFormatSchema = Type.Object(
  {
    placement: Type.Optional(literals(REASONING_PLACEMENTS)),
    passBack: Type.Optional(literals(['required', 'optional', 'rejected'] as const)),
    alwaysOn: Type.Optional(Type.Boolean()),
    toolsNeedResponses: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)

const traitProperties = {
  maxTokensField: Type.Optional(literals(['max_tokens', 'max_completion_tokens'] as const)),
  toolChoice: Type.Optional(Type.Array(literals(TOOL_CHOICE_VALUES), { minItems: 1, uniqueItems: true })),
  cacheControl: Type.Optional(Type.Boolean()),
  toolCallId: Type.Optional(Type.Object({ pattern: Type.String({ minLength: 1 }), length: Type.Optional(PositiveInteger) }, { additionalProperties: false })),
  reasoningFormat: Type.Optional(ReasoningFormatSchema),
}

export const ModelTraitsSchema = Type.Object(traitProperties, { additionalProperties: false })

export const ModelInfoSchema = Type.Object(
  {
    ...traitProperties,
    id: Type.String({ minLength: 1, pattern: '^[^\\r\\n]+$' }),
    contextWindow: Type.Optional(PositiveInteger),
    maxOutputTokens: Type.Optional(PositiveInteger),
    defaultOutputTokens: Type.Optional(PositiveInteger),
    reasoning: Type.Optional(Type.Boolean()),
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
    defaultBaseUrl: Type.String({ pattern: URL_PATTERN }),
    baseUrlPlaceholders: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z][a-z0-9-]*$' }), { minItems: 1, uniqueItems: true })),
    alternateBaseUrls: Type.Optional(Type.Array(
      Type.Object({ name: Type.String({ minLength: 1 }), url: Type.String({ pattern: URL_PATTERN }) }, { additionalProperties: false }),
    )),
    endpointSupport: Type.Partial(
      Type.Object(Object.fromEntries(ENDPOINT_GROUPS.map((group) => [group, EndpointSupportSchema])) as Record<
        (typeof ENDPOINT_GROUPS)[number],
        typeof EndpointSupportSchema
      >, { additionalProperties: false }),
    ),
    docsUrl: Type.String({ pattern: '^https://' }),
    patches: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    modelDefaults: Type.Optional(ModelTraitsSchema),
    models: Type.Optional(Type.Array(ModelInfoSchema)),
    defaultMaxOutputTokens: Type.Optional(PositiveInteger),
  },
  { additionalProperties: false },
)

export type ProviderPresetFromSchema = Static<typeof ProviderPresetSchema>

// Type-level agreement: each type must be assignable to the other, or this fails to compile.
type Agrees<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const presetTypesAgree: Agrees<ProviderPreset, ProviderPresetFromSchema> = true
void presetTypesAgree
// Every endpoint group of the codec type has a key in the schema, and no other key.
const groupsAgree: Agrees<EndpointGroup, (typeof ENDPOINT_GROUPS)[number]> = true
void groupsAgree
