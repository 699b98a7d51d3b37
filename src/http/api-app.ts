/**
 * Everything outside /proxy: the Elysia app with the health, catalog, URL minting and console
 * modules, and the log API and /metrics when the request log is the SQLite one. Compiled and
 * warmed before the server listens.
 */
import { Elysia } from 'elysia'
import type { ServerConfig } from '../config.ts'
import { assertJsonNesting } from '../core/json-nesting.ts'
import { openToken, type KeyRing } from '../core/url-token/index.ts'
import type { RequestLog } from '../log/index.ts'
import type { RequestLogSink } from '../log/request-log-row.ts'
import { apiErrorResponse } from './api-error-handler.ts'
import { API_ELYSIA_CONFIG } from './api-module.ts'
import { catalogApi } from './catalog-api.ts'
import { consoleApi } from './console.ts'
import { generateUrlApi } from './generate-url-api.ts'
import { healthApi } from './health-api.ts'
import { isLoopbackHost } from './loopback-host.ts'
import { logsApi } from './logs-api.ts'
import { metricsApi } from './metrics-api.ts'
import { tokensApi } from './tokens-api.ts'
import type { TokenRegistry } from '../token-registry/index.ts'
import { openApiApi } from './openapi-api.ts'

/** Elysia routes on its own parse of request.url: the server hands it URLs on this origin. */
export const INTERNAL_ORIGIN = 'http://llm-bridge.internal'

export type ApiAppDeps = {
  config: ServerConfig
  keyRing: KeyRing
  adminKey: string
  log: RequestLog | RequestLogSink
  version: string
  isDraining: () => boolean
  /** The minted-URL registry: mints are recorded and /api/tokens is served when present. */
  tokens?: TokenRegistry
}

/** `routes`: what the app serves (the OpenAPI document's tests compare it with the document). */
export type ApiApp = {
  handle: (request: Request) => Promise<Response>
  routes: ReadonlyArray<{ method: string; path: string; hooks: { detail?: { hide?: boolean } } }>
}

export async function buildApiApp(deps: ApiAppDeps): Promise<ApiApp> {
  const { config } = deps
  const app = new Elysia(API_ELYSIA_CONFIG)
    // Registered before the modules so it covers their routes and the 404 of unknown paths.
    .onError(({ code, error, request }) => apiErrorResponse({ code, error, request }))
    // After Elysia's (iterative) JSON.parse, before any schema validation walks the body.
    .onTransform(({ body }) => assertJsonNesting(body))
    .use(healthApi({ version: deps.version, isDraining: deps.isDraining, ...(config.requestLog ? logHealthOf(deps.log) : {}) }))
    .use(catalogApi())
    .use(generateUrlApi({ config, keyRing: deps.keyRing, adminKey: deps.adminKey, ...(deps.tokens ? { tokens: deps.tokens } : {}) }))
    .use(consoleApi({ config }))
  const access = {
    isLoopbackBind: isLoopbackHost(config.host),
    adminKey: deps.adminKey,
    openToken: (token: string) => openToken(token, deps.keyRing),
  }
  if (deps.tokens !== undefined) app.use(tokensApi({ access, tokens: deps.tokens, keyRing: deps.keyRing }))
  if (isRequestLog(deps.log)) {
    app.use(logsApi({ ...access, log: deps.log })).use(metricsApi({ log: deps.log, access }))
  }
  // Last: the document is generated from every route registered before it.
  app.use(openApiApi({ app: () => app, version: deps.version }))
  // Elysia compiles its router and handlers on the first request; doing it here, before anyone
  // can connect, takes that cost off the first real answer (target: binary first answer ≤ 50 ms).
  app.compile()
  await (await app.handle(new Request(`${INTERNAL_ORIGIN}/healthz`))).arrayBuffer()
  return app
}

function logHealthOf(log: RequestLog | RequestLogSink): { logHealth?: RequestLog['health'] } {
  return isRequestLog(log) ? { logHealth: () => log.health() } : {}
}


function isRequestLog(log: RequestLog | RequestLogSink): log is RequestLog {
  return 'query' in log && typeof log.query === 'function'
}
