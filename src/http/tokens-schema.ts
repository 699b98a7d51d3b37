/**
 * TypeBox schemas of /api/tokens. The answer is built from these fields only (Elysia checks and
 * normalises the response against them): a token or a key has no field to travel in.
 */
import { t } from 'elysia'

const Protocol = t.String()

const MintedAuthSchema = t.Object({
  type: t.Union([t.Literal('bearer'), t.Literal('x-api-key'), t.Literal('azure'), t.Literal('aws'), t.Literal('none')]),
  region: t.Optional(t.String()),
  apiVersion: t.Optional(t.String()),
  deployment: t.Optional(t.String()),
})

const ModelMode = t.Union([t.Literal('force'), t.Literal('map'), t.Literal('passthrough')])

/** A generate-url v2 body without credentials: POST it with a key added to mint the same URL again. */
export const MintedSettingsSchema = t.Object({
  version: t.Literal(2),
  source: t.Object({ protocol: Protocol, provider: t.Optional(t.String()) }),
  target: t.Object({ protocol: Protocol, provider: t.Optional(t.String()), baseUrl: t.Optional(t.String()), auth: MintedAuthSchema }),
  model: t.Object({
    mode: ModelMode,
    force: t.Optional(t.String()),
    map: t.Optional(t.Record(t.String(), t.String())),
    stripClientSuffix: t.Optional(t.Boolean()),
  }),
  endpoints: t.Object({ mode: t.Union([t.Literal('auto'), t.Literal('translate'), t.Literal('passthrough')]) }),
  label: t.Optional(t.String()),
  expiresInSeconds: t.Optional(t.Integer()),
  retry: t.Optional(t.Object({ maxAttempts: t.Integer(), maxDelayMs: t.Integer() })),
})

export const MintedTokenSchema = t.Object({
  tokenId: t.String(),
  label: t.Optional(t.String()),
  sourceProtocol: Protocol,
  targetProtocol: Protocol,
  provider: t.Optional(t.String({ description: 'catalog preset id; absent for a custom endpoint' })),
  targetHost: t.String({ description: 'host[:port] of the target base URL' }),
  modelMode: ModelMode,
  keyId: t.Integer({ description: 'key ring id that sealed the URL' }),
  createdAt: t.Integer({ description: 'Unix milliseconds' }),
  expiresAt: t.Optional(t.Integer({ description: 'Unix milliseconds' })),
  revokedAt: t.Optional(t.Integer({ description: 'Unix milliseconds' })),
  lastUsedAt: t.Optional(t.Integer({ description: 'Unix milliseconds of the newest logged request' })),
  requestCount: t.Optional(t.Integer({ description: 'logged requests (absent when the request log is off)' })),
  settings: MintedSettingsSchema,
})

export const TokenListSchema = t.Object({
  tokens: t.Array(MintedTokenSchema, { description: 'newest first' }),
  /** False with --request-log off: no last use or request count is known. */
  usageRecorded: t.Boolean(),
})

export const RevokeAnswerSchema = t.Object({
  tokenId: t.String(),
  revoked: t.Literal(true),
  /** False when it was already revoked (DELETE is idempotent). */
  changed: t.Boolean(),
})


export const TokenIdParamsSchema = t.Object({ id: t.String({ minLength: 1, maxLength: 64 }) })
