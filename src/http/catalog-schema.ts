/**
 * What GET /api/catalog answers, built from the provider preset schema's own fields. The check at
 * the end keeps it equal to what catalog-api.ts really returns: a new field there fails the type
 * check here until the schema (and so the OpenAPI document) says it too.
 */
import { Type, type Static } from '@sinclair/typebox'
import { ProviderPresetSchema } from '../core/catalog/provider-preset-schema.ts'
import { PROTOCOL_IDS } from '../core/model/protocol-id.ts'
import type { catalogAnswer } from './catalog-api.ts'
import { type Same } from '../core/typebox-helpers.ts'

const strict = { additionalProperties: false } as const
const preset = ProviderPresetSchema.properties

export const ProtocolSchema = Type.Union(PROTOCOL_IDS.map((id) => Type.Literal(id)))
export const AuthTypeSchema = preset.authType

export const CatalogProviderSchema = Type.Object(
  {
    id: preset.id,
    name: preset.name,
    protocol: preset.protocol,
    authType: preset.authType,
    defaultBaseUrl: Type.String({ description: 'May hold {placeholders} (Azure\'s {resource}) the user fills in.' }),
    endpointSupport: Type.Object(preset.endpointSupport.properties, {
      ...strict,
      description: 'Per endpoint group: translated, passed through or unsupported by this build.',
    }),
    docsUrl: preset.docsUrl,
  },
  strict,
)

export const CatalogAnswerSchema = Type.Object(
  {
    protocols: Type.Array(
      Type.Object({ id: ProtocolSchema, codec: Type.Boolean({ description: 'Whether this build can translate this protocol.' }) }, strict),
    ),
    providers: Type.Array(CatalogProviderSchema),
  },
  strict,
)

const answerMatches: Same<Static<typeof CatalogAnswerSchema>, ReturnType<typeof catalogAnswer>> = true
void answerMatches
