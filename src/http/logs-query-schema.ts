/**
 * TypeBox schemas of the /api/logs and /api/stats query strings (the routes check them: a wrong
 * parameter is a 400 naming it), and what a schema cannot say: the cursor is one of ours, the
 * window is ordered, minute buckets stay small.
 */
import { Type, type Static } from '@sinclair/typebox'
import { BridgeError } from '../core/errors.ts'
import { decodeCursor } from '../log/cursor.ts'
import type { LogFilter, StatsParams } from '../log/index.ts'

const Millis = Type.Integer({ minimum: 0, maximum: 8_640_000_000_000_000, description: 'Unix milliseconds.' })
const Text = Type.String({ minLength: 1, maxLength: 200, expected: 'a non-empty string of at most 200 characters' })

export const LogsQuery = Type.Object({
  from: Type.Optional({ ...Millis, description: 'Unix milliseconds, inclusive.' }),
  to: Type.Optional({ ...Millis, description: 'Unix milliseconds, exclusive.' }),
  tokenId: Type.Optional({ ...Text, description: 'Rows of one proxy URL (ignored for a URL token: its own rows only).' }),
  provider: Type.Optional(Text),
  model: Type.Optional({ ...Text, description: "The client's or the upstream model, exactly." }),
  status: Type.Optional(Type.String({ pattern: '^([1-5][0-9]{2}|[1-5]xx)$', expected: 'a status such as 404 or a class such as 4xx' })),
  errorCode: Type.Optional(Text),
  q: Type.Optional({ ...Text, description: "Substring of the models, the user agent or the URL's label." }),
  cursor: Type.Optional(Type.String({ maxLength: 100, description: "A previous page's nextCursor." })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, description: 'Rows per page, 50 by default.' })),
}, { additionalProperties: false })

export const StatsQuery = Type.Object({
  from: Type.Optional({ ...Millis, description: 'Unix milliseconds; 24 hours before `to` by default.' }),
  to: Type.Optional({ ...Millis, description: 'Unix milliseconds; now by default.' }),
  bucket: Type.Optional(Type.Union([Type.Literal('minute'), Type.Literal('hour'), Type.Literal('day')], { description: 'hour by default; minute for windows of up to 7 days.' })),
}, { additionalProperties: false })

const DAY_MS = 86_400_000
/**
 * Minute buckets over a longer window would be answers of tens of thousands of buckets (30 days:
 * 43,200), each copied from the reader thread and serialised on the proxy's thread.
 */
const MAX_MINUTE_WINDOW_MS = 7 * DAY_MS

export function toLogFilter(query: Static<typeof LogsQuery>): LogFilter {
  if (query.cursor !== undefined && !decodeCursor(query.cursor)) throw badParam('cursor', 'is not a cursor from a previous page')
  const { status, ...rest } = query
  const filter: LogFilter = { ...rest }
  if (status !== undefined) filter.status = /xx$/.test(status) ? (status as `${1 | 2 | 3 | 4 | 5}xx`) : Number(status)
  return filter
}

export function toStatsParams(query: Static<typeof StatsQuery>, now: number): StatsParams {
  const to = query.to ?? now
  const from = query.from ?? to - DAY_MS
  if (from >= to) throw badParam('from', 'must be before to')
  const bucket = query.bucket ?? 'hour'
  if (bucket === 'minute' && to - from > MAX_MINUTE_WINDOW_MS) throw badParam('bucket', 'minute covers windows of up to 7 days: use hour or day')
  return { from, to, bucket }
}

function badParam(name: string, problem: string): BridgeError {
  // Names only the parameter, never echoes its value: a value may be a pasted key.
  return BridgeError.invalidRequest(`Query parameter '${name}' ${problem}`)
}
