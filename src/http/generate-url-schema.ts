/**
 * TypeBox schemas of the two POST /api/generate-url body versions. Strict: no unknown field is
 * accepted anywhere, so a typo is a 400 naming the field rather than a silently ignored setting.
 * `expected` annotations give the validation message a human description where TypeBox's own
 * (a regular expression) would not help.
 */
import { Type, type Static } from '@sinclair/typebox'
import { AUTH_TYPES, PROVIDER_ID_PATTERN } from '../core/catalog/provider-preset-schema.ts'
import { PROTOCOL_IDS } from '../core/model/protocol-id.ts'
import { NO_CONTROL_CHARACTERS_PATTERN } from '../core/control-characters.ts'
import type { Snippets } from './snippets.ts'
import type { UrlProbe } from './url-probe.ts'
import { literals, type Same } from '../core/typebox-helpers.ts'

const strict = { additionalProperties: false } as const

/** No control character (CR and LF above all; the rule is shared with the proxy): these values end up in headers. */
const NO_CONTROL_CHARACTERS = NO_CONTROL_CHARACTERS_PATTERN

/** A value sent upstream in a header (key, region, version…) or as a model name. */
export const HeaderSafeString = (maxLength = 4096) =>
  Type.String({
    minLength: 1,
    maxLength,
    pattern: NO_CONTROL_CHARACTERS,
    expected: `a non-empty string without CR, LF or other control characters (at most ${maxLength} characters)`,
  })

const ModelName = HeaderSafeString(256)
const Protocol = literals(PROTOCOL_IDS)
const ProviderId = Type.String({ pattern: PROVIDER_ID_PATTERN, expected: 'a catalog provider id (see GET /api/catalog)' })
const BaseUrl = Type.String({
  minLength: 1,
  maxLength: 2048,
  pattern: NO_CONTROL_CHARACTERS,
  expected: 'an http(s) URL without CR, LF or other control characters',
})

const BearerAuth = Type.Object({ type: Type.Literal('bearer'), token: HeaderSafeString() }, strict)
const XApiKeyAuth = Type.Object({ type: Type.Literal('x-api-key'), token: HeaderSafeString() }, strict)
const AzureAuth = Type.Object(
  {
    type: Type.Literal('azure'),
    apiKey: HeaderSafeString(),
    apiVersion: Type.Optional(HeaderSafeString(64)),
    deployment: Type.Optional(HeaderSafeString(256)),
  },
  strict,
)
const AwsAuth = Type.Object(
  {
    type: Type.Literal('aws'),
    accessKeyId: HeaderSafeString(256),
    secretAccessKey: HeaderSafeString(),
    sessionToken: Type.Optional(HeaderSafeString()),
    region: HeaderSafeString(64),
  },
  strict,
)
const NoAuth = Type.Object({ type: Type.Literal('none') }, strict)

/** Every auth member carries `type`: validation messages use it as the tag (describe-validation-error.ts). */
export const AuthSchema = Type.Union([BearerAuth, XApiKeyAuth, AzureAuth, AwsAuth, NoAuth])
/** With a catalog provider, the key alone is enough: the preset says how it is sent. */
export const TokenOnlyAuthSchema = Type.Object({ token: HeaderSafeString() }, strict)

const ModelPolicySchema = Type.Object(
  {
    mode: literals(['force', 'map', 'passthrough'] as const),
    force: Type.Optional(ModelName),
    map: Type.Optional(Type.Record(Type.String(), ModelName)),
    stripClientSuffix: Type.Optional(Type.Boolean()),
  },
  strict,
)

/** Ten years: long enough for "never" in practice, small enough to stay an exact integer. */
export const MAX_EXPIRES_IN_SECONDS = 10 * 365 * 24 * 3600
export const MAX_RETRY_ATTEMPTS = 10
export const MAX_RETRY_DELAY_MS = 120_000

export const GenerateUrlV2Schema = Type.Object(
  {
    version: Type.Literal(2),
    source: Type.Object({ protocol: Protocol, provider: Type.Optional(ProviderId) }, strict),
    target: Type.Object(
      {
        protocol: Type.Optional(Protocol),
        provider: Type.Optional(ProviderId),
        baseUrl: Type.Optional(BaseUrl),
        auth: Type.Optional(Type.Union([AuthSchema, TokenOnlyAuthSchema])),
      },
      strict,
    ),
    model: Type.Optional(ModelPolicySchema),
    endpoints: Type.Optional(Type.Object({ mode: literals(['auto', 'translate', 'passthrough'] as const) }, strict)),
    expiresInSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_EXPIRES_IN_SECONDS })),
    label: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, pattern: NO_CONTROL_CHARACTERS, expected: 'a label of 1 to 100 characters without control characters' }),
    ),
    // Per-URL override of the server's retry policy; maxAttempts 1 disables retries.
    retry: Type.Optional(
      Type.Object(
        {
          maxAttempts: Type.Integer({ minimum: 1, maximum: MAX_RETRY_ATTEMPTS }),
          maxDelayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_RETRY_DELAY_MS })),
        },
        strict,
      ),
    ),
  },
  strict,
)

export const GenerateUrlV1Schema = Type.Object(
  {
    version: Type.Literal(1),
    sourceProtocol: Protocol,
    targetProtocol: Protocol,
    targetBaseUrl: BaseUrl,
    auth: AuthSchema,
    modelMap: Type.Optional(Type.Record(Type.String(), ModelName)),
  },
  strict,
)

/** The route's body: either version, told apart by `version` (validation messages name it first). */
export const GenerateUrlBodySchema = Type.Union([GenerateUrlV1Schema, GenerateUrlV2Schema], {
  expected: 'a JSON object',
  description: 'Version 1, the original, or version 2 (catalog providers, model policy, expiry, retries).',
})

export type GenerateUrlV2Body = Static<typeof GenerateUrlV2Schema>
export type GenerateUrlV1Body = Static<typeof GenerateUrlV1Schema>
export type GenerateUrlBody = Static<typeof GenerateUrlBodySchema>

export const SnippetsSchema = Type.Object(
  {
    proxyUrl: Type.String({ description: 'The proxy URL again, for copying.' }),
    envBlock: Type.String({ description: 'Environment lines the usual clients of the source protocol read.' }),
    curlExample: Type.String({ description: 'A curl command that works as pasted.' }),
    notes: Type.Array(Type.String(), { description: 'Caveats about this configuration.' }),
  },
  strict,
)

const TextPointerSchema = Type.Object(
  { pointer: Type.String(), type: Type.Optional(Type.String()), unless: Type.Optional(Type.String()) },
  { ...strict, description: 'Where answer text sits: a JSON pointer whose * segment stands for every element; type keeps only events of that type; unless skips objects with that flag true.' },
)

/** The console's test request for a new URL (url-probe.ts). */
export const UrlProbeSchema = Type.Object(
  {
    chat: Type.Object({
      method: Type.Literal('POST'),
      path: Type.String(),
      headers: Type.Record(Type.String(), Type.String()),
      body: Type.Unknown(),
      stream: Type.Boolean(),
      text: Type.Array(TextPointerSchema),
      model: Type.String({ description: 'A name the client would send; the URL\'s model policy applies to it.' }),
      modelSlot: Type.String({ description: 'The placeholder in path and body the model goes into.' }),
    }, strict),
    models: Type.Optional(Type.Object({ path: Type.String(), ids: Type.String(), prefix: Type.Optional(Type.String()) }, strict)),
    modelsUnavailable: Type.Optional(Type.String({ description: 'Why the upstream\'s model list is not reachable through this URL.' })),
  },
  { ...strict, description: 'One short chat request (and the model list) the console sends through the new URL to test it.' },
)

export const GenerateUrlAnswerSchema = Type.Object(
  {
    proxyUrl: Type.String({ description: 'The base URL to give the client: it carries the sealed configuration.' }),
    tokenId: Type.String({ description: 'Names this URL in the request log; not a secret.' }),
    expiresAt: Type.Optional(Type.Integer({ description: 'Unix seconds after which the URL is refused (when expiresInSeconds was given).' })),
    snippets: SnippetsSchema,
    probe: Type.Optional(UrlProbeSchema),
  },
  strict,
)

const snippetsMatch: Same<Static<typeof SnippetsSchema>, Snippets> = true
void snippetsMatch
const probeMatch: Same<Static<typeof UrlProbeSchema>, UrlProbe> = true
void probeMatch
