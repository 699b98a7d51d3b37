/**
 * Headers every answer carries (SECURITY.md "Exposure"): the request id, no Referer leaking a
 * token-bearing URL, no caching of API answers or proxied traffic, no MIME sniffing or framing.
 */
export type SecurityHeaderContext = {
  /** A function when making the id costs something and the answer usually has one already (proxied answers). */
  requestId: string | (() => string)
  path: string
}

/** For /api JSON answers; the console sets its own, stricter-where-needed CSP. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'"

export function withSecurityHeaders(response: Response, context: SecurityHeaderContext): Response {
  const target = mutable(response)
  const headers = target.headers
  if (!headers.has('x-request-id')) headers.set('x-request-id', typeof context.requestId === 'string' ? context.requestId : context.requestId())
  headers.set('x-content-type-options', 'nosniff')
  if (!headers.has('x-frame-options')) headers.set('x-frame-options', 'DENY')
  const isApi = context.path.startsWith('/api/') || context.path === '/api'
  if (isApi || context.path === '/proxy' || context.path.startsWith('/proxy/')) headers.set('cache-control', 'no-store')
  if (isApi && !headers.has('content-security-policy')) headers.set('content-security-policy', API_CSP)
  return target
}

/**
 * A Response from fetch() has immutable headers; re-wrap it (the body stream is kept, not copied).
 * The first header every answer gets is the probe: no throwaway header set and deleted per answer.
 */
function mutable(response: Response): Response {
  try {
    response.headers.set('referrer-policy', 'no-referrer')
    return response
  } catch {
    const headers = new Headers(response.headers)
    headers.set('referrer-policy', 'no-referrer')
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
  }
}
