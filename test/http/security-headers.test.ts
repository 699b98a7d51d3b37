import { describe, expect, test } from 'bun:test'
import { withSecurityHeaders } from '../../src/http/security-headers.ts'

/** Headers that refuse changes, like a fetch() answer's in runtimes that guard them. */
function immutable(response: Response): Response {
  const frozen = new Headers(response.headers)
  const refuse = (): never => {
    throw new TypeError('immutable')
  }
  Object.defineProperty(frozen, 'set', { value: refuse })
  Object.defineProperty(frozen, 'delete', { value: refuse })
  Object.defineProperty(response, 'headers', { value: frozen })
  return response
}

describe('withSecurityHeaders', () => {
  test('every answer gets the headers; a proxied answer keeps its own id and no second one is made', () => {
    let made = 0
    const answer = new Response('{}', { headers: { 'x-request-id': 'req_proxy' } })
    const out = withSecurityHeaders(answer, { requestId: () => `req_${++made}`, path: '/proxy/t/v1/messages' })
    expect(out.headers.get('x-request-id')).toBe('req_proxy')
    expect(made).toBe(0)
    expect(out.headers.get('referrer-policy')).toBe('no-referrer')
    expect(out.headers.get('x-content-type-options')).toBe('nosniff')
    expect(out.headers.get('x-frame-options')).toBe('DENY')
    expect(out.headers.get('cache-control')).toBe('no-store')
  })

  test('an answer without an id gets one (made lazily or given)', () => {
    expect(withSecurityHeaders(new Response('x'), { requestId: () => 'req_lazy', path: '/healthz' }).headers.get('x-request-id')).toBe('req_lazy')
    expect(withSecurityHeaders(new Response('x'), { requestId: 'req_given', path: '/api/x' }).headers.get('content-security-policy')).toContain("default-src 'none'")
  })

  test('an answer with immutable headers is re-wrapped with all of them, body kept', async () => {
    const out = withSecurityHeaders(immutable(new Response('body', { status: 201, headers: { 'content-type': 'text/plain' } })), { requestId: 'req_1', path: '/api/logs' })
    expect(out.status).toBe(201)
    expect(await out.text()).toBe('body')
    expect(out.headers.get('content-type')).toBe('text/plain')
    expect(out.headers.get('referrer-policy')).toBe('no-referrer')
    expect(out.headers.get('x-request-id')).toBe('req_1')
    expect(out.headers.get('cache-control')).toBe('no-store')
  })
})
