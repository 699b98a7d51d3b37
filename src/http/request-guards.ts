/**
 * Checks made before any handler runs (SECURITY.md, "Exposure" and "HTTP hygiene"): a malformed
 * Host, a body over the cap, ambiguous framing, a foreign Host on the console/API (DNS rebinding),
 * and a non-JSON or cross-origin state-changing API call (CSRF). Each returns the error to answer
 * with, or undefined to let the request through.
 */
import type { ServerConfig } from '../config.ts'
import { BridgeError } from '../core/errors.ts'
import { isLoopbackHost } from './loopback-host.ts'

export type GuardPolicy = {
  /** Host names (lowercase, without port) under which the console and the API are served. */
  allowedHostNames: Set<string>
  /** Origin of --public-url: behind a TLS reverse proxy the browser's Origin is https while we see http. */
  publicOrigin: string
  maxBodyBytes: number
  /**
   * A loopback bind: /metrics needs no key there, so only the server's own names may read it (a
   * rebound name could otherwise); on a LAN bind the admin key guards it and a scraper may use any name.
   */
  loopbackBind: boolean
}

/** Always allowed: the machine itself. A rebinding attack needs a name the attacker controls. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]']

export function allowedHostNames(publicUrl: string, bindHost: string): Set<string> {
  const names = new Set(LOOPBACK_NAMES)
  names.add(new URL(publicUrl).hostname.toLowerCase())
  const wildcard = bindHost === '0.0.0.0' || bindHost === '::' || bindHost === ''
  if (!wildcard) names.add(bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost.toLowerCase()}]` : bindHost.toLowerCase())
  return names
}

/** A DNS name (underscores tolerated, as Docker uses them) or a bracketed IPv6 literal, with an optional port. */
const HOST_HEADER = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,252}))(?::\d{1,5})?$/

const forbidden = (message: string) => new BridgeError({ kind: 'permission', code: 'FORBIDDEN', status: 403, message })
const badRequest = (message: string) => BridgeError.invalidRequest(message)

/** Paths outside the console/API: clients reach them under any name; scrapers too on a LAN bind. */
function isHostExempt(path: string, policy: GuardPolicy): boolean {
  if (path === '/metrics') return !policy.loopbackBind
  return path === '/proxy' || path.startsWith('/proxy/') || path === '/healthz'
}

/**
 * The policy for a config, rebuilt only when one of its inputs changes (tests and main.ts set the
 * public URL after listening); the server reads it on every request.
 */
export function guardPolicyFor(config: Pick<ServerConfig, 'publicUrl' | 'host' | 'maxBodyBytes'>): () => GuardPolicy {
  let cached: { key: string; policy: GuardPolicy } | undefined
  return () => {
    const key = `${config.publicUrl}|${config.host}|${config.maxBodyBytes}`
    if (cached?.key !== key) {
      const policy = {
        allowedHostNames: allowedHostNames(config.publicUrl, config.host),
        publicOrigin: new URL(config.publicUrl).origin,
        maxBodyBytes: config.maxBodyBytes,
        loopbackBind: isLoopbackHost(config.host),
      }
      cached = { key, policy }
    }
    return cached.policy
  }
}

export function guardRequest(request: Request, url: URL, policy: GuardPolicy): BridgeError | undefined {
  const hostHeader = request.headers.get('host') ?? url.host
  if (!HOST_HEADER.test(hostHeader)) return badRequest('Host header: malformed')
  const framing = checkFraming(request.headers, policy.maxBodyBytes)
  if (framing !== undefined) return framing
  if (!isHostExempt(url.pathname, policy)) {
    const name = hostNameOf(hostHeader)
    if (!policy.allowedHostNames.has(name)) {
      return forbidden(`Host ${name} is not a name of this server; start llm-bridge with --public-url set to the URL you use to reach it`)
    }
  }
  if (url.pathname.startsWith('/api/')) return checkStateChangingApiCall(request, [`${url.protocol}//${hostHeader}`, policy.publicOrigin])
  return undefined
}

function hostNameOf(hostHeader: string): string {
  const lower = hostHeader.toLowerCase()
  return lower.startsWith('[') ? lower.slice(0, lower.indexOf(']') + 1) : lower.replace(/:\d+$/, '').replace(/\.$/, '')
}

function checkFraming(headers: Headers, maxBodyBytes: number): BridgeError | undefined {
  const length = headers.get('content-length')
  if (length === null) return undefined
  // A duplicated Content-Length arrives comma-joined; with Transfer-Encoding it is a smuggling attempt.
  if (!/^\d{1,16}$/.test(length.trim()) || headers.has('transfer-encoding')) return badRequest('Content-Length: malformed or ambiguous')
  if (Number(length) > maxBodyBytes) return payloadTooLarge(maxBodyBytes)
  return undefined
}

export function payloadTooLarge(maxBodyBytes: number): BridgeError {
  return new BridgeError({
    kind: 'request-too-large',
    code: 'PAYLOAD_TOO_LARGE',
    status: 413,
    message: `The request body is larger than ${maxBodyBytes} bytes (--max-body-bytes)`,
  })
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
/** DELETE cannot be sent cross-site without a CORS preflight, so it needs only the Origin check. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH'])

/**
 * CSRF: a cross-site form or fetch without preflight can send POST only with a "simple" content
 * type, so requiring application/json closes that door; a present Origin must be this server.
 */
function checkStateChangingApiCall(request: Request, sameOrigins: string[]): BridgeError | undefined {
  if (SAFE_METHODS.has(request.method)) return undefined
  const origin = request.headers.get('origin')?.toLowerCase()
  if (origin !== undefined && !sameOrigins.some((allowed) => allowed.toLowerCase() === origin)) {
    return forbidden('Origin: cross-origin requests to the API are refused')
  }
  if (BODY_METHODS.has(request.method)) {
    const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase()
    if (mediaType !== 'application/json') {
      return new BridgeError({ kind: 'invalid-request', code: 'INVALID_JSON', status: 415, message: 'content-type: expected application/json' })
    }
  }
  return undefined
}
