/**
 * Exposure on a LAN bind (configured host 0.0.0.0; the test socket still listens on 127.0.0.1
 * only and every request goes to 127.0.0.1): the admin views need the admin key, state-changing
 * API calls need a same-origin Origin, a foreign Host is refused (DNS rebinding), /api and /proxy
 * answers are never cached, nothing sends a Referer, and the console runs under a strict CSP.
 * Module-level access rules are in test/http/logs-api.test.ts and test/http/metrics-api.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts'
import { mintProxyUrl, openaiPassthroughBody, rawHttp, randomHex, startSecurityBridge, type SecurityBridge } from './support/security-bridge.ts'

const KEY = `lan${randomHex(12)}`
const OK = { id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'pong' }, finish_reason: 'stop' }] }

let bridge: SecurityBridge
let upstream: MockUpstream
let proxyUrl: string
let requestId: string

beforeAll(async () => {
  upstream = startMockUpstream(() => ({ json: OK }))
  bridge = await startSecurityBridge({ host: '0.0.0.0', allowHosts: [`127.0.0.1:${upstream.port}`] })
  // A LAN bind mints with the admin key (--mint admin by default there; mint-policy.test.ts).
  proxyUrl = (await mintProxyUrl(bridge.url, openaiPassthroughBody(`${upstream.url}/v1`, KEY), bridge.data.adminKey)).proxyUrl
  const response = await fetch(`${proxyUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }) })
  expect(response.status).toBe(200)
  requestId = response.headers.get('x-request-id') ?? ''
  await bridge.log.flush()
})

afterAll(async () => {
  await bridge.stop()
  upstream.stop()
})

const admin = (): Record<string, string> => ({ authorization: `Bearer ${bridge.data.adminKey}` })

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  const controller = new AbortController()
  const response = await fetch(`${bridge.url}${path}`, { headers, signal: controller.signal })
  // The live tail never ends by itself: read the status and headers, then leave.
  if ((response.headers.get('content-type') ?? '').startsWith('text/event-stream')) controller.abort()
  return response
}

describe('admin views on a LAN bind', () => {
  const views = () => ['/api/logs', `/api/logs/${requestId}`, '/api/logs/stream', '/api/stats', '/metrics']

  test('without a credential, or with a wrong one, every admin view is 401 and shows no row', async () => {
    for (const path of views()) {
      const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-admin-key-0123456789' }, { 'x-admin-key': `${bridge.data.adminKey}x` }]
      for (const headers of attempts) {
        const response = await get(path, headers)
        const text = await response.text()
        expect({ path, status: response.status }).toEqual({ path, status: 401 })
        expect(response.headers.get('cache-control')).toBe('no-store')
        expect(text).not.toContain(requestId)
      }
    }
  })

  test('with the admin key (bearer or x-admin-key) every admin view answers 200', async () => {
    for (const path of views()) {
      for (const headers of [admin(), { 'x-admin-key': bridge.data.adminKey }]) {
        const response = await get(path, headers)
        expect({ path, status: response.status }).toEqual({ path, status: 200 })
        if (path === `/api/logs/${requestId}`) expect(((await response.json()) as { requestId: string }).requestId).toBe(requestId)
      }
    }
  })
})

describe('CSRF and DNS rebinding', () => {
  const mintBody = (): string => JSON.stringify(openaiPassthroughBody(`${upstream.url}/v1`, KEY))

  test('a foreign Origin on POST /api/generate-url is 403 and mints nothing; the same origin mints', async () => {
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${bridge.port + 1}`, 'https://127.0.0.1']) {
      const response = await fetch(`${bridge.url}/api/generate-url`, { method: 'POST', headers: { ...admin(), 'content-type': 'application/json', origin }, body: mintBody() })
      const text = await response.text()
      expect({ origin, status: response.status }).toEqual({ origin, status: 403 })
      expect(text).not.toContain('lb1_')
    }
    const same = await fetch(`${bridge.url}/api/generate-url`, { method: 'POST', headers: { ...admin(), 'content-type': 'application/json', origin: bridge.url }, body: mintBody() })
    expect(same.status).toBe(200)
  })

  test('a simple (form) content type cannot post cross-site: 415', async () => {
    const response = await fetch(`${bridge.url}/api/generate-url`, { method: 'POST', headers: { ...admin(), 'content-type': 'text/plain' }, body: mintBody() })
    expect(response.status).toBe(415)
  })

  test('a foreign Host on the console and the API is refused, even with the admin key', async () => {
    for (const [method, path] of [['GET', '/'], ['GET', '/api/logs'], ['GET', '/api/catalog'], ['POST', '/api/generate-url']] as const) {
      const body = method === 'POST' ? mintBody() : ''
      const request = `${method} ${path} HTTP/1.1\r\nHost: rebind.attacker.example:${bridge.port}\r\nAuthorization: Bearer ${bridge.data.adminKey}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
      const answer = await rawHttp(bridge.port, request)
      expect({ path, status: answer.status }).toEqual({ path, status: 403 })
      expect(answer.body).not.toContain('lb1_')
      expect(answer.body).not.toContain(requestId)
    }
  })
})

describe('headers on every kind of answer', () => {
  test('/api and /proxy answers are never cached, whatever their status; no answer sends a Referer', async () => {
    const token = proxyUrl.slice(proxyUrl.indexOf('/proxy/') + '/proxy/'.length)
    const chat = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })
    const answers: [string, Response][] = [
      ['api 200', await get('/api/catalog')],
      ['api 401', await get('/api/logs')],
      ['api 404', await get('/api/nope')],
      ['api 200 logs', await get('/api/logs', admin())],
      ['api 400', await fetch(`${bridge.url}/api/generate-url`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' })],
      ['proxy 200', await fetch(`${proxyUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chat })],
      ['proxy 401', await fetch(`${bridge.url}/proxy/lb1_AAAA/v1/chat/completions`, { method: 'POST', body: chat })],
      ['proxy 400', await fetch(`${bridge.url}/proxy/v1/chat/completions`, { method: 'POST', body: chat })],
      ['proxy 404', await fetch(`${bridge.url}/proxy/${token}/v1/unknown`, { method: 'POST', body: chat })],
    ]
    for (const [what, response] of answers) {
      await response.arrayBuffer()
      expect({ what, cache: response.headers.get('cache-control') }).toEqual({ what, cache: 'no-store' })
      expect({ what, referrer: response.headers.get('referrer-policy') }).toEqual({ what, referrer: 'no-referrer' })
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    }
    for (const path of ['/', '/healthz', '/assets/app.js']) {
      const response = await get(path)
      await response.arrayBuffer()
      expect({ path, referrer: response.headers.get('referrer-policy') }).toEqual({ path, referrer: 'no-referrer' })
    }
  })

  test('the console page and its script carry a strict CSP: self only, no inline or eval, no framing, no base', async () => {
    for (const path of ['/', '/assets/app.js']) {
      const response = await get(path)
      expect(response.status).toBe(200)
      await response.arrayBuffer()
      const csp = response.headers.get('content-security-policy') ?? ''
      const directives = new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).filter((words) => words[0]).map(([name, ...values]) => [name as string, values]))
      expect(directives.get('default-src')).toEqual(["'self'"])
      expect(directives.get('script-src')).toEqual(["'self'"])
      expect(directives.get('frame-ancestors')).toEqual(["'none'"])
      expect(directives.get('base-uri')).toEqual(["'none'"])
      expect(csp).not.toMatch(/unsafe-|\*|https?:|blob:/)
      expect(response.headers.get('x-frame-options')).toBe('DENY')
    }
    // No inline script that a strict CSP would have to allow.
    const html = await (await get('/')).text()
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i)
  })
})
