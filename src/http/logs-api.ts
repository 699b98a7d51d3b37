/**
 * /api/logs, /api/logs/:id, /api/logs/stream (SSE live tail) and /api/stats. Every route first
 * resolves who is asking (admin-auth.ts), before its parameters are checked; a proxy-token holder
 * only ever sees that URL's rows.
 */
import { BridgeError } from '../core/errors.ts'
import { errorCodeOf } from '../log/error-code.ts'
import { LogThreadError, type RequestLog } from '../log/index.ts'
import { authorizeLogAccess, type AdminAuthDeps } from './admin-auth.ts'
import { apiModule } from './api-module.ts'
import { coerceQuery } from './coerce-query.ts'
import { COMMON_ERROR_ANSWERS, errorAnswer } from './error-envelope-schema.ts'
import { LogIdParams, LogPageSchema, LogRowSchema, LogStreamSchema, StatsSchema } from './log-schemas.ts'
import { LogsQuery, StatsQuery, toLogFilter, toStatsParams } from './logs-query-schema.ts'
import { toBridgeError } from '../proxy/error-response.ts'
import { streamLogTail } from './stream-log-tail.ts'

export type LogsApiDeps = AdminAuthDeps & { log: RequestLog }

const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' }

const UNAUTHORIZED = errorAnswer('MISSING_TOKEN or INVALID_TOKEN: on a non-loopback bind the log needs the admin key or a proxy URL token (Authorization: Bearer …)')
const UNAVAILABLE = errorAnswer('LOG_UNAVAILABLE: the log database cannot be read right now; proxying is not affected')
const BAD_QUERY = errorAnswer('INVALID_JSON: a query parameter is invalid, unknown or repeated (the message names it)')
const tags = ['logs']

export function logsApi(deps: LogsApiDeps) {
  return apiModule('logs-api')
    // A transform: it runs before the query and path are checked, so a stranger learns nothing from them.
    .derive({ as: 'local' }, async ({ request }) => {
      const access = await authorizeLogAccess(request, deps)
      if (access instanceof BridgeError) throw access
      return { access }
    })
    .get('/api/logs', ({ query, access }) => read(async () => {
      const filter = toLogFilter(query)
      if (access.scope === 'token') filter.tokenId = access.tokenId
      return json(await deps.log.query(filter))
    }), {
      query: LogsQuery,
      transform: coerceQuery(LogsQuery),
      response: { 200: LogPageSchema, 400: BAD_QUERY, 401: UNAUTHORIZED, 503: UNAVAILABLE, ...COMMON_ERROR_ANSWERS },
      detail: { summary: 'A page of the request log, newest first, filtered', tags, operationId: 'listLogs' },
    })
    .get('/api/logs/stream', ({ access, request }) => streamLogTail(deps.log, access, request.signal), {
      response: { 200: LogStreamSchema, 401: UNAUTHORIZED, ...COMMON_ERROR_ANSWERS },
      detail: { summary: 'Live tail of the request log (Server-Sent Events)', tags, operationId: 'streamLogs' },
    })
    .get('/api/logs/:id', ({ params, access }) => read(async () => {
      const row = await deps.log.get(params.id, access.scope === 'token' ? access.tokenId : undefined)
      if (!row) throw new BridgeError({ kind: 'not-found', code: 'NOT_FOUND', status: 404, message: 'No log row with this id' })
      return json(row)
    }), {
      params: LogIdParams,
      response: {
        200: LogRowSchema,
        400: errorAnswer('INVALID_JSON: the id is empty or too long'),
        401: UNAUTHORIZED,
        404: errorAnswer('NOT_FOUND: no row with this id (or not one of this URL token\'s rows)'),
        503: UNAVAILABLE,
        ...COMMON_ERROR_ANSWERS,
      },
      detail: { summary: 'One row of the request log, with its bodies when the server logs them', tags, operationId: 'getLogRow' },
    })
    .get('/api/stats', ({ query, access }) => read(async () => {
      const params = toStatsParams(query, Date.now())
      if (access.scope === 'token') params.tokenId = access.tokenId
      return json(await deps.log.stats(params))
    }), {
      query: StatsQuery,
      transform: coerceQuery(StatsQuery),
      response: { 200: StatsSchema, 400: BAD_QUERY, 401: UNAUTHORIZED, 503: UNAVAILABLE, ...COMMON_ERROR_ANSWERS },
      detail: { summary: 'Totals, time buckets and per-model figures over a window', tags, operationId: 'getStats' },
    })
}

/** Runs a read; any failure is thrown to the error handler as the bridge's error. */
async function read(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler()
  } catch (error) {
    throw error instanceof BridgeError ? error : readFailure(error)
  }
}

/**
 * A broken, locked or vanished database, or a log thread that died, fails the read, not the
 * server: 503 with the error's code (SQLITE_CORRUPT, ENOENT…), which is safe to show, and its
 * message on the server's stderr for the operator; never in the answer, as it may name a file.
 * Anything else is a bug: INTERNAL_ERROR.
 */
function readFailure(error: unknown): BridgeError {
  const code = errorCodeOf(error)
  if (!(error instanceof LogThreadError) && code === undefined) return toBridgeError(error)
  console.error(`llm-bridge: the request log could not be read: ${error instanceof Error ? error.message : String(error)}`)
  const detail = code === undefined ? '' : ` (${code})`
  return new BridgeError({ kind: 'internal', code: 'LOG_UNAVAILABLE', status: 503, message: `The request log cannot be read right now${detail}; proxying is not affected` })
}

/** The rows go out as built by the store (no second pass over them); the tests hold them to the schemas. */
function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { headers: JSON_HEADERS })
}
