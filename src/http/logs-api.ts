/**
 * /api/logs, /api/logs/:id, /api/logs/stream (SSE live tail) and /api/stats. Every route first
 * resolves who is asking (admin-auth.ts); a proxy-token holder only ever sees that URL's rows.
 */
import { Elysia } from 'elysia'
import { BridgeError } from '../core/errors.ts'
import { errorCodeOf } from '../log/error-code.ts'
import { LogThreadError, type RequestLog } from '../log/index.ts'
import { authorizeLogAccess, type AdminAuthDeps, type LogAccess } from './admin-auth.ts'
import { errorResponse, toBridgeError } from '../proxy/error-response.ts'
import { parseLogsQuery, parseStatsQuery } from './logs-query-schema.ts'
import { requestIdOf } from './request-id.ts'
import { streamLogTail } from './stream-log-tail.ts'

export type LogsApiDeps = AdminAuthDeps & { log: RequestLog }

const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' }

export function logsApi(deps: LogsApiDeps) {
  return new Elysia({ name: 'logs-api' })
    .get('/api/logs', ({ request }) => guarded(request, deps, async (access, url) => {
      const filter = parseLogsQuery(url)
      if (filter instanceof BridgeError) return filter
      if (access.scope === 'token') filter.tokenId = access.tokenId
      return json(await deps.log.query(filter))
    }))
    .get('/api/logs/stream', ({ request }) => guarded(request, deps, (access) => streamLogTail(deps.log, access, request.signal)))
    .get('/api/logs/:id', ({ request, params }) => guarded(request, deps, async (access) => {
      const row = await deps.log.get(params.id, access.scope === 'token' ? access.tokenId : undefined)
      if (!row) return new BridgeError({ kind: 'not-found', code: 'NOT_FOUND', status: 404, message: 'No log row with this id' })
      return json(row)
    }))
    .get('/api/stats', ({ request }) => guarded(request, deps, async (access, url) => {
      const params = parseStatsQuery(url, Date.now())
      if (params instanceof BridgeError) return params
      if (access.scope === 'token') params.tokenId = access.tokenId
      return json(await deps.log.stats(params))
    }))
}

type Handler = (access: LogAccess, url: URL) => Response | BridgeError | Promise<Response | BridgeError>

/** Authorises, runs the handler, and renders any failure as the bridge's /api error envelope. */
async function guarded(request: Request, deps: AdminAuthDeps, handler: Handler): Promise<Response> {
  let outcome: Response | BridgeError
  try {
    const access = await authorizeLogAccess(request, deps)
    outcome = access instanceof BridgeError ? access : await handler(access, new URL(request.url))
  } catch (error) {
    outcome = readFailure(error)
  }
  if (outcome instanceof Response) return outcome
  const response = errorResponse(outcome, undefined, { requestId: requestIdOf(request) })
  response.headers.set('cache-control', 'no-store')
  return response
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

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { headers: JSON_HEADERS })
}
