/**
 * TypeBox schemas of what /api/logs, /api/logs/:id, the live tail and /api/stats answer: the
 * OpenAPI document and the console's types come from them. The type-level checks at the end keep
 * them equal to the log's own types (src/log), so neither can drift alone.
 */
import { Type, type Static } from '@sinclair/typebox'
import type { TranslationWarning, Usage } from '../core/model/index.ts'
import type { LogPage, RequestLogRow, Stats } from '../log/index.ts'
import { type Same } from '../core/typebox-helpers.ts'

const strict = { additionalProperties: false } as const
const Count = Type.Integer({ minimum: 0 })
const Millis = Type.Number({ minimum: 0, description: 'Milliseconds.' })

export const UsageSchema = Type.Object(
  {
    inputTokens: Count,
    outputTokens: Count,
    cacheReadTokens: Type.Optional(Count),
    cacheWriteTokens: Type.Optional(Count),
    reasoningTokens: Type.Optional(Count),
    estimated: Type.Optional(Type.Boolean({ description: 'The bridge estimated the numbers because the upstream gave none.' })),
  },
  strict,
)

export const TranslationWarningSchema = Type.Object(
  {
    code: Type.String({ description: "Stable machine code, e.g. 'dropped-field'." }),
    field: Type.Optional(Type.String({ description: 'The wire field or feature concerned.' })),
    message: Type.String(),
  },
  strict,
)

const optionalText = (description?: string) => Type.Optional(Type.String(description === undefined ? {} : { description }))

export const LogRowSchema = Type.Object(
  {
    requestId: Type.String(),
    startedAt: Type.Integer({ description: 'Unix milliseconds.' }),
    tokenId: optionalText('The proxy URL this request came through (its id, never the token).'),
    label: optionalText(),
    sourceProtocol: optionalText(),
    targetProtocol: optionalText(),
    provider: optionalText(),
    endpointGroup: optionalText(),
    method: Type.String(),
    path: Type.String({ description: 'Upstream path, secrets removed.' }),
    clientModel: optionalText(),
    upstreamModel: optionalText(),
    stream: Type.Boolean(),
    status: Type.Integer(),
    errorCode: optionalText(),
    errorMessage: optionalText(),
    upstreamStatus: Type.Optional(Type.Integer()),
    attempts: Count,
    durationMs: Millis,
    ttfbMs: Type.Optional(Millis),
    usage: Type.Optional(UsageSchema),
    costUsd: Type.Optional(Type.Number({ minimum: 0 })),
    warnings: Type.Array(TranslationWarningSchema),
    userAgent: optionalText(),
    bytesIn: Count,
    bytesOut: Count,
    requestBody: optionalText('Only on GET /api/logs/{id}, when the server logs bodies (redacted, capped).'),
    responseBody: optionalText('Only on GET /api/logs/{id}, when the server logs bodies (redacted, capped).'),
  },
  strict,
)

export const LogPageSchema = Type.Object(
  {
    rows: Type.Array(LogRowSchema, { description: 'Newest first; without bodies.' }),
    nextCursor: Type.Optional(Type.String({ description: "Pass as `cursor` for the next page; absent on the last page." })),
  },
  strict,
)

export const LogIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, expected: 'a request id of 1 to 200 characters', description: 'A row\'s requestId.' }) }, strict)

const figures = {
  requests: Count,
  errors: Type.Integer({ minimum: 0, description: 'Rows with a status of 400 or more.' }),
  latencyP50Ms: Type.Union([Type.Number(), Type.Null()]),
  latencyP95Ms: Type.Union([Type.Number(), Type.Null()]),
  ttfbP50Ms: Type.Union([Type.Number(), Type.Null()]),
  ttfbP95Ms: Type.Union([Type.Number(), Type.Null()]),
  inputTokens: Count,
  outputTokens: Count,
  cacheReadTokens: Count,
  cacheWriteTokens: Count,
  reasoningTokens: Count,
  costUsd: Type.Number({ minimum: 0, description: 'Over the rows with a known price.' }),
  unpricedRequests: Type.Integer({ minimum: 0, description: 'Rows whose model has no known price.' }),
}

const StatsBucketSchema = Type.Union([Type.Literal('minute'), Type.Literal('hour'), Type.Literal('day')])

export const StatsSchema = Type.Object(
  {
    from: Type.Integer(),
    to: Type.Integer(),
    bucket: StatsBucketSchema,
    totals: Type.Object(figures, strict),
    buckets: Type.Array(Type.Object({ ...figures, start: Type.Integer({ description: 'Unix ms.' }) }, strict), { description: 'Only buckets that hold rows, oldest first.' }),
    models: Type.Array(
      Type.Object({ ...figures, provider: Type.Union([Type.String(), Type.Null()]), model: Type.Union([Type.String(), Type.Null()]) }, strict),
      { description: 'Per provider and upstream model (the client\'s when none is known).' },
    ),
  },
  strict,
)

export const LogStreamSchema = Type.String({
  contentMediaType: 'text/event-stream',
  description: 'Server-Sent Events: one `row` event per stored row the caller may see (a log row without bodies, as JSON), and keep-alive comments.',
})

// Compile-time: the schemas describe exactly the log's own types.
const rowMatches: Same<Static<typeof LogRowSchema>, RequestLogRow> = true
const usageMatches: Same<Static<typeof UsageSchema>, Usage> = true
const warningMatches: Same<Static<typeof TranslationWarningSchema>, TranslationWarning> = true
const pageMatches: Same<Static<typeof LogPageSchema>, LogPage> = true
const statsMatches: Same<Static<typeof StatsSchema>, Stats> = true
void [rowMatches, usageMatches, warningMatches, pageMatches, statsMatches]
