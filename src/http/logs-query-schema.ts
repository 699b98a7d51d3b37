/**
 * TypeBox schemas of the /api/logs and /api/stats query strings, and their parsing: the first
 * invalid parameter is named in the 400 answer.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { BridgeError } from '../core/errors.ts'
import { decodeCursor } from '../log/cursor.ts'
import type { LogFilter, StatsParams } from '../log/index.ts'

const Millis = Type.Integer({ minimum: 0, maximum: 8_640_000_000_000_000 })
const Text = Type.String({ minLength: 1, maxLength: 200 })

export const LogsQuery = Type.Object({
  from: Type.Optional(Millis),
  to: Type.Optional(Millis),
  tokenId: Type.Optional(Text),
  provider: Type.Optional(Text),
  model: Type.Optional(Text),
  status: Type.Optional(Type.String({ pattern: '^([1-5][0-9]{2}|[1-5]xx)$' })),
  errorCode: Type.Optional(Text),
  q: Type.Optional(Text),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
}, { additionalProperties: false })

export const StatsQuery = Type.Object({
  from: Type.Optional(Millis),
  to: Type.Optional(Millis),
  bucket: Type.Optional(Type.Union([Type.Literal('minute'), Type.Literal('hour'), Type.Literal('day')])),
}, { additionalProperties: false })

const DAY_MS = 86_400_000
/**
 * Minute buckets over a longer window would be answers of tens of thousands of buckets (30 days:
 * 43,200), each copied from the reader thread and serialised on the proxy's thread.
 */
const MAX_MINUTE_WINDOW_MS = 7 * DAY_MS

export function parseLogsQuery(url: URL): LogFilter | BridgeError {
  const parsed = parse(LogsQuery, url)
  if (parsed instanceof BridgeError) return parsed
  if (parsed.cursor !== undefined && !decodeCursor(parsed.cursor)) return badParam('cursor', 'is not a cursor from a previous page')
  const { status, ...rest } = parsed
  const filter: LogFilter = { ...rest }
  if (status !== undefined) filter.status = /xx$/.test(status) ? (status as `${1 | 2 | 3 | 4 | 5}xx`) : Number(status)
  return filter
}

export function parseStatsQuery(url: URL, now: number): StatsParams | BridgeError {
  const parsed = parse(StatsQuery, url)
  if (parsed instanceof BridgeError) return parsed
  const to = parsed.to ?? now
  const from = parsed.from ?? to - DAY_MS
  if (from >= to) return badParam('from', 'must be before to')
  const bucket = parsed.bucket ?? 'hour'
  if (bucket === 'minute' && to - from > MAX_MINUTE_WINDOW_MS) return badParam('bucket', 'minute covers windows of up to 7 days: use hour or day')
  return { from, to, bucket }
}

function parse<Schema extends TSchema>(schema: Schema, url: URL): Static<Schema> | BridgeError {
  const raw: Record<string, string> = {}
  for (const [name, value] of url.searchParams) {
    if (name in raw) return badParam(name, 'is given more than once')
    raw[name] = value
  }
  const value: unknown = Value.Convert(schema, raw)
  const first = Value.Errors(schema, value).First()
  if (first) return badParam(first.path.replace(/^\//, '') || 'query', first.message.toLowerCase())
  return value as Static<Schema>
}

function badParam(name: string, problem: string): BridgeError {
  // Names only the parameter, never echoes its value: a value may be a pasted key.
  return BridgeError.invalidRequest(`Query parameter '${name}' ${problem}`)
}
