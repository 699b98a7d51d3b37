import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts'
import { anthropicBody, createHarness, type Harness, UPSTREAM_KEY } from './proxy-harness.ts'

let upstream: MockUpstream
let harness: Harness

beforeAll(async () => {
  upstream = startMockUpstream([{ json: { id: 'msg_ok', type: 'message', content: [] } }])
  harness = await createHarness(upstream.url, { maxBodyBytes: 1024 })
})
afterAll(() => upstream.stop())

const post = (path: string, init: RequestInit = {}) =>
  harness.handle(new Request(`http://bridge${path}`, { method: 'POST', body: anthropicBody(), ...init }))

describe('where the token comes from', () => {
  test('from the path, from x-api-key, from Authorization: Bearer, from x-goog-api-key', async () => {
    const token = await harness.mint()
    const tries = [
      post(`/proxy/${token}/v1/messages`),
      post('/proxy/v1/messages', { headers: { 'x-api-key': token } }),
      post('/proxy/v1/messages', { headers: { authorization: `Bearer ${token}`, 'x-api-key': 'dummy' } }),
      post('/proxy/v1/messages', { headers: { 'x-goog-api-key': token } }),
    ]
    for (const response of await Promise.all(tries)) expect(response.status).toBe(200)
    for (const seen of upstream.requests.slice(-4)) expect(seen.headers.get('x-api-key')).toBe(UPSTREAM_KEY)
  })

  test('no token at all → 400 MISSING_TOKEN with a request id', async () => {
    const response = await post('/proxy/v1/messages')
    expect(response.status).toBe(400)
    const body = (await response.json()) as Record<string, unknown>
    expect(body.error_code).toBe('MISSING_TOKEN')
    expect(body.request_id).toBe(response.headers.get('x-request-id'))
  })

  test('every bad token gets the same 401 INVALID_TOKEN bytes (apart from the request id) and is never echoed', async () => {
    const token = await harness.mint()
    const flipped = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1)
    const variants = [`/proxy/${flipped}/v1/messages`, '/proxy/lb1_garbage/v1/messages', `/proxy/${token}x/v1/messages`]
    const bodies: string[] = []
    for (const path of variants) {
      const response = await post(path)
      expect(response.status).toBe(401)
      const text = await response.text()
      expect(text).not.toContain('lb1_')
      bodies.push(text.replace(/req_[0-9a-f]+/g, 'req'))
    }
    const viaHeader = await post('/proxy/v1/messages', { headers: { 'x-api-key': 'sk-not-a-token' } })
    bodies.push((await viaHeader.text()).replace(/req_[0-9a-f]+/g, 'req'))
    expect(new Set(bodies).size).toBe(1)
    expect(JSON.parse(bodies[0]!)).toMatchObject({ error_code: 'INVALID_TOKEN' })
  })
})

describe('errors the proxy produces itself', () => {
  test('unknown path → 404 NOT_FOUND in the source protocol shape', async () => {
    const token = await harness.mint()
    const response = await post(`/proxy/${token}/v1/completions`)
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' }, error_code: 'NOT_FOUND' })
  })

  test('body over maxBodyBytes → 413 PAYLOAD_TOO_LARGE, also without a content-length', async () => {
    const token = await harness.mint()
    const big = anthropicBody({ messages: [{ role: 'user', content: 'x'.repeat(2000) }] })
    const response = await post(`/proxy/${token}/v1/messages`, { body: big })
    expect(response.status).toBe(413)
    const chunked = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(big)); c.close() } })
    const streamed = await post(`/proxy/${token}/v1/messages`, { body: chunked })
    expect(streamed.status).toBe(413)
    expect(((await streamed.json()) as { error_code: string }).error_code).toBe('PAYLOAD_TOO_LARGE')
  })

  test('invalid JSON → 400 INVALID_JSON naming the problem', async () => {
    const token = await harness.mint()
    const response = await post(`/proxy/${token}/v1/messages`, { body: '{"model": ' })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error_code: string; message: string }
    expect(body.error_code).toBe('INVALID_JSON')
    expect(body.message).toContain('not valid JSON')
  })

  test('a model name with a newline → 400 INVALID_JSON', async () => {
    const token = await harness.mint()
    const response = await post(`/proxy/${token}/v1/messages`, { body: anthropicBody({ model: 'claude\r\nx-evil: 1' }) })
    expect(response.status).toBe(400)
  })

  test('endpoints.mode passthrough with different protocols → 400 UNSUPPORTED_ENDPOINT naming the group', async () => {
    const token = await harness.mint({
      target: { protocol: 'openai', baseUrl: upstream.url, auth: { type: 'bearer', token: UPSTREAM_KEY } },
      endpoints: { mode: 'passthrough' },
    })
    const response = await post(`/proxy/${token}/v1/messages`)
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error_code: string; message: string; endpoint_group: string }
    expect(body.error_code).toBe('UNSUPPORTED_ENDPOINT')
    expect(body.endpoint_group).toBe('chat')
  })

  test('an upstream outside the egress policy → EGRESS_DENIED, and nothing is sent', async () => {
    const token = await harness.mint({
      target: { protocol: 'anthropic', baseUrl: 'http://169.254.169.254', auth: { type: 'x-api-key', token: UPSTREAM_KEY } },
    })
    const response = await post(`/proxy/${token}/v1/messages`)
    expect(response.status).toBe(403)
    const text = await response.text()
    expect(JSON.parse(text)).toMatchObject({ error_code: 'EGRESS_DENIED' })
    expect(text).not.toContain(UPSTREAM_KEY)
  })

  test('every error answer leaves one log row without the token', async () => {
    const token = await harness.mint()
    const before = harness.rows.length
    await post(`/proxy/${token}/v1/nope`)
    expect(harness.rows.length).toBe(before + 1)
    expect(harness.rows.at(-1)).toMatchObject({ status: 404, errorCode: 'NOT_FOUND', tokenId: 'tok_test_1', path: '/v1/nope' })
    expect(JSON.stringify(harness.rows)).not.toContain(token)
  })
})

describe('log redaction', () => {
  test('every row is recorded with the upstream key as an exact value to redact', async () => {
    const seen: Array<readonly string[] | undefined> = []
    const { createProxyHandler } = await import('../../src/proxy/handle-proxy.ts')
    const { deriveReasoningKey } = await import('../../src/core/reasoning/index.ts')
    const { DEFAULT_SERVER_CONFIG } = await import('../../src/config.ts')
    const { sealToken } = await import('../../src/core/url-token/index.ts')
    const { baseConfig, UPSTREAM_KEY } = await import('./proxy-harness.ts')
    const ring = { current: 1, keys: new Map([[1, crypto.getRandomValues(new Uint8Array(32))]]) }
    const handle = createProxyHandler({
      keyRing: ring,
      config: DEFAULT_SERVER_CONFIG,
      log: { record: (_row, options) => void seen.push(options?.redact) },
      reasoningKey: await deriveReasoningKey(crypto.getRandomValues(new Uint8Array(32))),
      egress: { allowHosts: [], ownPorts: [], localAddresses: () => [] },
    })
    const token = await sealToken(baseConfig('http://127.0.0.1:9'), ring)
    // An unknown path fails after the token is opened: the row still knows which key to hide.
    await handle(new Request(`http://bridge/proxy/${token}/v1/nowhere`, { method: 'POST', body: '{}' }))
    expect(seen).toEqual([[UPSTREAM_KEY]])
  })
})
