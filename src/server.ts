/**
 * Composes the appliance: `/proxy/*` goes straight to the proxy handler (no framework on the hot
 * path: passthrough must see the exact bytes), everything else to the Elysia app. Request guards
 * run first and security headers are added last, for both.
 */
import pkg from '../package.json'
import type { ServerConfig } from './config.ts'
import { BridgeError } from './core/errors.ts'
import { deriveReasoningKey } from './core/reasoning/index.ts'
import type { KeyRing } from './core/url-token/index.ts'
import { apiErrorResponse } from './http/api-error-handler.ts'
import { buildApiApp, INTERNAL_ORIGIN } from './http/api-app.ts'
import { errorResponse, toBridgeError } from './proxy/error-response.ts'
import { guardPolicyFor, guardRequest } from './http/request-guards.ts'
import { assignRequestId, requestIdOf } from './http/request-id.ts'
import { withSecurityHeaders } from './http/security-headers.ts'
import type { RequestLog } from './log/index.ts'
import type { RequestLogSink } from './log/request-log-row.ts'
import { createProxyHandler } from './proxy/handle-proxy.ts'
import { calibrationSeed } from './proxy/seed-calibration.ts'
import { TokenCalibration } from './core/tokens/calibrate-tokens.ts'
import { createDrain, type Drain } from './proxy-guards/index.ts'
import { readBodyCapped } from './proxy/read-body.ts'
import { loadRevocations, type TokenRegistry } from './token-registry/index.ts'

export const VERSION: string = pkg.version

export type ServerDeps = {
  config: ServerConfig
  keyRing: KeyRing
  serverSecret: Uint8Array
  adminKey: string
  /** The SQLite request log (then /api/logs, /api/stats and /metrics are served), or any sink (tests). */
  log: RequestLog | (RequestLogSink & { close?: () => Promise<void> })
  /** Upstream fetch, injected in tests. */
  fetch?: typeof fetch
  /** Minted URLs and revocations (the data dir's SQLite file); its revocations apply to keyRing. */
  tokens?: TokenRegistry
}

export type BridgeServer = {
  fetch: (request: Request, server?: unknown) => Promise<Response>
  setDraining: (draining: boolean) => void
  isDraining: () => boolean
  /**
   * Graceful shutdown: healthz turns 503, new proxied requests are refused, and streams in flight
   * get `windowMs` before they end with their protocol's error event. `drain.idle()` resolves once
   * every proxied request has recorded its log row.
   */
  beginDrain: (windowMs: number) => void
  readonly drain: Drain
  /** After listening on port 0: the real port joins the egress policy's own ports and the config. */
  setListeningPort: (port: number) => void
}

function isProxyPath(path: string): boolean {
  return path === '/proxy' || path.startsWith('/proxy/')
}

type TimeoutControl = { timeout: (request: Request, seconds: number) => void }

function canSetTimeout(server: unknown): server is TimeoutControl {
  return typeof server === 'object' && server !== null && typeof (server as Partial<TimeoutControl>).timeout === 'function'
}

/**
 * Bun builds request.url from the Host header; a malformed one ("evil host", "a:999999") leaves
 * a URL that does not parse. Undefined then: the request is answered 400, never with an exception.
 */
function parseRequestUrl(request: Request): URL | undefined {
  try {
    return new URL(request.url)
  } catch {
    return undefined
  }
}

/** The path is unknown (it could be /proxy or /api): the strictest headers, those of /api, apply. */
function malformedHostResponse(request: Request): Response {
  const requestId = requestIdOf(request)
  return withSecurityHeaders(errorResponse(BridgeError.invalidRequest('Host header: malformed'), undefined, { requestId }), { requestId, path: '/api' })
}

/**
 * Bun.serve's last resort, for an exception that escaped every handler: the JSON envelope, never
 * Bun's HTML error page or a stack (either could carry a path or a secret's neighbourhood).
 */
export function unhandledErrorResponse(): Response {
  const requestId = `req_${crypto.randomUUID().replaceAll('-', '')}`
  return withSecurityHeaders(errorResponse(toBridgeError(undefined), undefined, { requestId }), { requestId, path: '/api' })
}

export async function createServer(deps: ServerDeps): Promise<BridgeServer> {
  const { config } = deps
  let draining = false
  // Shared by reference with the proxy's egress policy, so setListeningPort reaches it.
  const ownPorts = [config.port]
  const drain = createDrain()
  if (deps.tokens !== undefined) loadRevocations(deps.keyRing, deps.tokens)
  // Local token counts are corrected per model by what translated requests taught, this run and the last ones (the log).
  const tokenCalibration = new TokenCalibration()
  const log = deps.log
  const proxy = createProxyHandler({
    drain,
    tokenCalibration,
    ...('query' in log ? { seedCalibration: calibrationSeed(tokenCalibration, log) } : {}),
    keyRing: deps.keyRing,
    config,
    log: deps.log,
    reasoningKey: await deriveReasoningKey(deps.serverSecret),
    ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
    egress: { allowHosts: config.allowHosts, ownPorts },
  })
  const app = await buildApiApp({
    config, keyRing: deps.keyRing, adminKey: deps.adminKey, log: deps.log, version: VERSION, isDraining: () => draining,
    ...(deps.tokens === undefined ? {} : { tokens: deps.tokens }),
  })
  const currentPolicy = guardPolicyFor(config)

  const handle = async (request: Request, url: URL): Promise<Response> => {
    try {
      const refused = guardRequest(request, url, currentPolicy())
      if (refused !== undefined) return errorResponse(refused, undefined, { requestId: requestIdOf(request) })
      if (isProxyPath(url.pathname)) return await proxy(request, url)
      const requestId = requestIdOf(request)
      // The cap holds for chunked bodies too (Content-Length was checked by the guard).
      const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
      const body = hasBody ? new Blob([(await readBodyCapped(request, config.maxBodyBytes)) as Uint8Array<ArrayBuffer>]) : null
      // The client's abort signal goes along: the live log tail ends when its client leaves.
      const internal = new Request(new URL(url.pathname + url.search, INTERNAL_ORIGIN), {
        method: request.method,
        headers: request.headers,
        body,
        signal: request.signal,
      })
      assignRequestId(internal, requestId)
      return await app.handle(internal)
    } catch (error) {
      return apiErrorResponse({ code: 'UNKNOWN', error, request })
    }
  }

  return {
    fetch: async (request, server) => {
      // Parsed once for the whole request (guards, routing, the proxy): this is the hot path.
      const url = parseRequestUrl(request)
      if (url === undefined) return malformedHostResponse(request)
      if (isProxyPath(url.pathname) && canSetTimeout(server)) {
        // LESSONS #24: Bun's idle timeout must not kill a slow first token; the proxy has deadlines.
        server.timeout(request, 0)
      }
      const response = await handle(request, url)
      // Proxied answers carry the proxy's own id: no second id is made for them.
      return withSecurityHeaders(response, { requestId: () => requestIdOf(request), path: url.pathname })
    },
    setDraining: (value) => {
      draining = value
    },
    isDraining: () => draining,
    beginDrain: (windowMs) => {
      draining = true
      drain.begin(windowMs)
    },
    drain,
    setListeningPort: (port) => {
      config.port = port
      ownPorts.splice(0, ownPorts.length, port)
    },
  }
}
