import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { startMockUpstream, type MockReply, type MockUpstream } from '../support/mock-upstream.ts'
import { anthropicBody, CLIENT_KEY, createHarness, type Harness, UPSTREAM_KEY, waitForRows } from './proxy-harness.ts'

const SSE = [
  'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5-20250929","stop_reason":null,"usage":{"input_tokens":5,"output_tokens":1}}}\n\n',
  'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hé"}}\n\n',
  'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
  'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":3}}\n\n',
  'event: message_stop\ndata: {"type":"message_stop"}\n\n',
]

let upstream: MockUpstream
let harness: Harness

beforeAll(async () => {
  upstream = startMockUpstream((request): MockReply => {
    if (request.path === '/v1/models') return { json: { data: [{ id: 'claude-x', type: 'model' }], has_more: false } }
    if (request.path === '/v1/messages/count_tokens') return { json: { input_tokens: 12 } }
    const body = request.json as { stream?: boolean; max_tokens?: number }
    if (body.max_tokens === 1) return { status: 401, headers: { 'request-id': 'up_1', 'set-cookie': 'a=b' }, json: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } } }
    if (body.stream) return { headers: { 'content-type': 'text/event-stream', 'anthropic-ratelimit-requests-remaining': '99' }, chunks: SSE }
    return { json: { id: 'msg_1', type: 'message', content: [{ type: 'text', text: 'Hello' }], model: 'claude-sonnet-4-5-20250929', usage: { input_tokens: 5, output_tokens: 1 } } }
  })
  harness = await createHarness(upstream.url)
})
afterAll(() => upstream.stop())

describe('same-protocol passthrough', () => {
  test('forwards the exact bytes with the mapped model, the target key and never the client key', async () => {
    const token = await harness.mint()
    const body = anthropicBody({ model: 'claude-sonnet-4-5[1m]' })
    const response = await harness.handle(new Request(`http://bridge/proxy/${token}/v1/messages?beta=true`, {
      method: 'POST', body,
      headers: { 'content-type': 'application/json', 'x-api-key': CLIENT_KEY, 'anthropic-version': '2023-06-01', 'anthropic-beta': 'tools-2024', cookie: 'session=1' },
    }))
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ id: 'msg_1', content: [{ text: 'Hello' }] })
    const seen = upstream.requests.at(-1)!
    expect(seen.path).toBe('/v1/messages')
    expect(seen.search).toBe('?beta=true')
    expect((seen.json as { model: string }).model).toBe('claude-sonnet-4-5-20250929')
    expect(seen.headers.get('x-api-key')).toBe(UPSTREAM_KEY)
    expect(seen.headers.get('anthropic-beta')).toBe('tools-2024')
    expect(seen.headers.has('cookie')).toBe(false)
    expect(seen.text).not.toContain(CLIENT_KEY)
    expect([...seen.headers.values()].join(' ')).not.toContain(CLIENT_KEY)
    expect(response.headers.get('x-request-id')).toStartWith('req_')
  })

  test('an unchanged model leaves the request bytes untouched (whitespace and all)', async () => {
    const token = await harness.mint({ model: { mode: 'passthrough' } })
    const body = '{ "model" : "claude-x",\n  "max_tokens": 10.0, "messages": [{"role":"user","content":"Hi"}] }'
    await harness.handle(new Request(`http://bridge/proxy/${token}/v1/messages`, { method: 'POST', body, headers: { 'content-type': 'application/json' } }))
    expect(upstream.requests.at(-1)!.text).toBe(body)
  })

  test('a stream reaches the client byte for byte, and the log row records it', async () => {
    const token = await harness.mint()
    const before = harness.rows.length
    const response = await harness.handle(new Request(`http://bridge/proxy/${token}/v1/messages`, {
      method: 'POST', body: anthropicBody({ stream: true }), headers: { 'content-type': 'application/json', 'user-agent': 'claude-cli/2' },
    }))
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    expect(response.headers.get('anthropic-ratelimit-requests-remaining')).toBe('99')
    const received = new Uint8Array(await response.arrayBuffer())
    expect(received).toEqual(new TextEncoder().encode(SSE.join('')))
    await waitForRows(harness.rows, before + 1)
    const row = harness.rows.at(-1)!
    expect(row).toMatchObject({
      status: 200, stream: true, tokenId: 'tok_test_1', label: 'test url', sourceProtocol: 'anthropic', targetProtocol: 'anthropic',
      endpointGroup: 'chat', method: 'POST', path: '/v1/messages', clientModel: 'claude-sonnet-4-5', upstreamModel: 'claude-sonnet-4-5-20250929',
      userAgent: 'claude-cli/2', attempts: 1, bytesOut: received.byteLength,
    })
    expect(row.ttfbMs).toBeGreaterThanOrEqual(0)
    expect(JSON.stringify(row)).not.toContain(token)
  })

  test("an upstream error keeps the upstream's status and error, gains the bridge's fields beside them, and loses its cookies", async () => {
    const token = await harness.mint()
    const response = await harness.handle(new Request(`http://bridge/proxy/${token}/v1/messages`, {
      method: 'POST', body: anthropicBody({ max_tokens: 1 }), headers: { 'content-type': 'application/json' },
    }))
    expect(response.status).toBe(401)
    expect(response.headers.has('set-cookie')).toBe(false)
    expect(response.headers.get('request-id')).toBe('up_1')
    const body = (await response.json()) as Record<string, unknown>
    expect({ type: body.type, error: body.error }).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } })
    expect(body).toMatchObject({ error_code: 'UPSTREAM_ERROR', message: 'invalid x-api-key', endpoint_group: 'chat', upstream_status: 401, request_id: response.headers.get('x-request-id') })
    await waitForRows(harness.rows, 1)
    expect(harness.rows.at(-1)).toMatchObject({ status: 401, errorCode: 'UPSTREAM_ERROR', upstreamStatus: 401 })
  })

  test('count_tokens and models pass through natively between the same protocol', async () => {
    const token = await harness.mint()
    const count = await harness.handle(new Request(`http://bridge/proxy/${token}/v1/messages/count_tokens`, {
      method: 'POST', body: JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }] }),
    }))
    expect(await count.json()).toEqual({ input_tokens: 12 })
    const models = await harness.handle(new Request(`http://bridge/proxy/${token}/v1/models`, { method: 'GET' }))
    expect(((await models.json()) as { data: unknown[] }).data).toHaveLength(1)
    expect(upstream.requests.at(-1)!.method).toBe('GET')
    expect(upstream.requests.at(-1)!.text).toBe('')
  })

  test('an OpenAI-family URL also serves /v1/responses natively, with the model mapped', async () => {
    const token = await harness.mint({
      source: { protocol: 'openai' },
      target: { protocol: 'openai', baseUrl: `${upstream.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } },
      model: { mode: 'force', force: 'gpt-5' },
    })
    const response = await harness.handle(new Request(`http://bridge/proxy/${token}/v1/responses`, {
      method: 'POST', body: JSON.stringify({ model: 'gpt-4o', input: 'Hi' }), headers: { 'content-type': 'application/json', authorization: `Bearer ${CLIENT_KEY}` },
    }))
    expect(response.status).toBe(200)
    const seen = upstream.requests.at(-1)!
    expect(seen.path).toBe('/v1/responses')
    expect(seen.json).toEqual({ model: 'gpt-5', input: 'Hi' })
    expect(seen.headers.get('authorization')).toBe(`Bearer ${UPSTREAM_KEY}`)
  })

  test('/v1/responses from an OpenAI client to an Anthropic target answers UNSUPPORTED_ENDPOINT naming the group', async () => {
    const token = await harness.mint({ source: { protocol: 'openai' } })
    const response = await harness.handle(new Request(`http://bridge/proxy/${token}/v1/responses`, { method: 'POST', body: '{"model":"x","input":"Hi"}' }))
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error_code: string; message: string }
    expect(body.error_code).toBe('UNSUPPORTED_ENDPOINT')
    expect(body.message).toContain("'responses'")
  })
})

