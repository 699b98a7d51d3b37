import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test'
import { startFaultBridge, upstreamReleasedWithin, type FaultBridge } from './fault-harness.ts'
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts'
import { anthropicBody, createHarness, type Harness, serveHandler, UPSTREAM_KEY, waitForRows } from './proxy-harness.ts'

const FIRST_ANTHROPIC = 'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"m","stop_reason":null,"usage":{"input_tokens":5,"output_tokens":1}}}\n\n'
const FIRST_OPENAI = 'data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}\n\n'

let upstream: MockUpstream
let harness: Harness
let bridge: { url: string; stop: () => void }

beforeAll(async () => {
  // Sends one event, then keeps the stream open until the caller goes away.
  upstream = startMockUpstream((request) => ({
    chunks: [request.path.endsWith('chat/completions') ? FIRST_OPENAI : FIRST_ANTHROPIC],
    hang: true,
  }))
  harness = await createHarness(upstream.url)
  bridge = serveHandler(harness.handle)
})
afterAll(() => {
  bridge.stop()
  upstream.stop()
})

async function openAndLeave(token: string): Promise<void> {
  const client = new AbortController()
  const response = await fetch(`${bridge.url}/proxy/${token}/v1/messages`, {
    method: 'POST', body: anthropicBody({ stream: true }), headers: { 'content-type': 'application/json' }, signal: client.signal,
  })
  const reader = response.body!.getReader()
  const first = await reader.read()
  expect(first.done).toBe(false)
  client.abort()
  await reader.cancel().catch(() => {})
}

describe('a client that leaves mid-stream', () => {
  test('aborts the upstream request on passthrough and logs 499', async () => {
    const token = await harness.mint()
    const before = upstream.requests.length
    const rowsBefore = harness.rows.length
    await openAndLeave(token)
    await upstream.requests[before]!.aborted
    expect(upstream.requests[before]!.wasAborted()).toBe(true)
    await waitForRows(harness.rows, rowsBefore + 1)
    expect(harness.rows.at(-1)).toMatchObject({ status: 499, endpointGroup: 'chat' })
  })

  test('aborts the upstream request on translation (Anthropic client → OpenAI upstream)', async () => {
    const token = await harness.mint({
      target: { protocol: 'openai', provider: 'openai', baseUrl: `${upstream.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } },
      model: { mode: 'force', force: 'gpt-4o' },
    })
    const before = upstream.requests.length
    const rowsBefore = harness.rows.length
    await openAndLeave(token)
    await upstream.requests[before]!.aborted
    expect(upstream.requests[before]!.wasAborted()).toBe(true)
    await waitForRows(harness.rows, rowsBefore + 1)
    expect(harness.rows.at(-1)).toMatchObject({ status: 499, targetProtocol: 'openai' })
  })
})

describe('a client that leaves before the answer starts', () => {
  let faulty: FaultBridge | undefined
  afterEach(() => faulty?.stop())

  const modes = [
    ['passthrough', (bridge: FaultBridge) => bridge.passthroughToken()],
    ['translation', (bridge: FaultBridge) => bridge.translatedToken()],
  ] as const

  test.each(modes)('while waiting for the upstream\'s headers (%s): upstream aborted, 499', async (_mode, token) => {
    faulty = await startFaultBridge([{ delayBeforeHeadersMs: 30_000, events: [] }])
    const client = new AbortController()
    const pending = faulty.post(await token(faulty), { stream: true }, client.signal).catch(() => undefined)
    await waitFor(() => faulty!.upstream.requests.length === 1)
    client.abort()
    await pending
    expect(await upstreamReleasedWithin(faulty.upstream, 0, 1000)).toBe(true)
    expect(await faulty.lastRow()).toMatchObject({ status: 499 })
  })

  test.each(modes)('after the headers, while waiting for the first token (%s): upstream aborted, 499', async (_mode, token) => {
    faulty = await startFaultBridge([{ events: [], hang: true }])
    const client = new AbortController()
    // Bun sends the bridge's headers with the first body chunk, so the client's fetch is still
    // pending here although the bridge has the upstream's headers and waits for its first byte.
    const pending = faulty.post(await token(faulty), { stream: true }, client.signal).catch(() => undefined)
    await waitFor(() => faulty!.upstream.requests.length === 1)
    await Bun.sleep(100)
    client.abort()
    await pending
    expect(await upstreamReleasedWithin(faulty.upstream, 0, 1000)).toBe(true)
    expect(await faulty.lastRow()).toMatchObject({ status: 499 })
  })
})

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await Bun.sleep(5)
}
