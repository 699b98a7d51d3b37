/**
 * The running server's JSON routes, fed arbitrary bodies (any JSON value, protocol-shaped with any
 * field wrong, nested past the documented limit up to 60,000 levels, wide, and not JSON at all):
 * the answer is never a 5xx. A real server on port 0 (`startSecurityBridge`), URLs minted through
 * its API to a mock upstream that answers well in both protocols, streamed or not, so a 5xx can
 * only be the bridge's own. FUZZ_RUNS sets the runs (`make fuzz`).
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import fc from 'fast-check'
import { startMockUpstream, type MockReply, type MockUpstream } from '../support/mock-upstream.ts'
import { anthropicToOpenaiBody, mintProxyUrl, openaiPassthroughBody, startSecurityBridge, type SecurityBridge } from '../security/support/security-bridge.ts'
import { anyJson, deepOrWide, FUZZ_RUNS, requestLike, responseLike } from './fuzz-arbitraries.ts'

let bridge: SecurityBridge
let upstream: MockUpstream
type Route = { name: string; url: () => string; method: 'POST' | 'GET' }
const routes: Route[] = []

const sse = (payloads: unknown[]): string[] => payloads.map((payload) => (typeof payload === 'string' ? `data: ${payload}\n\n` : `event: ${(payload as { type?: string }).type ?? 'x'}\ndata: ${JSON.stringify(payload)}\n\n`))

function openaiReply(stream: boolean): MockReply {
  const chunk = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: 'ok' }, finish_reason: null }] }
  const last = { ...chunk, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }
  if (stream) return { chunks: sse([chunk, last, '[DONE]']).map((line) => line.replace(/^event: .*\n/, '')) }
  return { json: { id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } } }
}

function anthropicReply(stream: boolean): MockReply {
  const message = { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [] as unknown[], stop_reason: null, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 0 } }
  if (!stream) return { json: { ...message, content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } } }
  return {
    chunks: sse([
      { type: 'message_start', message },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'ok' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 1 } },
      { type: 'message_stop' },
    ]),
  }
}

beforeAll(async () => {
  upstream = startMockUpstream((request) => {
    const stream = (request.json as { stream?: unknown } | undefined)?.stream === true
    return request.path.endsWith('/messages') ? anthropicReply(stream) : openaiReply(stream)
  })
  bridge = await startSecurityBridge({ allowHosts: [new URL(upstream.url).host] })
  const base = `${upstream.url}/v1`
  const toOpenai = (await mintProxyUrl(bridge.url, anthropicToOpenaiBody(base, 'sk-fuzz-key-0123456789'))).proxyUrl
  const toAnthropic = (await mintProxyUrl(bridge.url, { version: 2, source: { protocol: 'openai' }, target: { protocol: 'anthropic', baseUrl: base, auth: { type: 'x-api-key', token: 'sk-fuzz-key-0123456789' } }, model: { mode: 'passthrough' } })).proxyUrl
  const native = (await mintProxyUrl(bridge.url, openaiPassthroughBody(base, 'sk-fuzz-key-0123456789', { model: { mode: 'force', force: 'forced' } }))).proxyUrl
  routes.push(
    { name: 'anthropic → openai messages', url: () => `${toOpenai}/v1/messages`, method: 'POST' },
    { name: 'anthropic count_tokens (local)', url: () => `${toOpenai}/v1/messages/count_tokens`, method: 'POST' },
    { name: 'openai → anthropic chat', url: () => `${toAnthropic}/v1/chat/completions`, method: 'POST' },
    { name: 'openai passthrough (model rewritten)', url: () => `${native}/v1/chat/completions`, method: 'POST' },
    { name: 'generate-url', url: () => `${bridge.url}/api/generate-url`, method: 'POST' },
  )
})

afterAll(async () => {
  await bridge.stop()
  upstream.stop()
})

/** Nested as text, so building the body needs no recursion either. */
const deepText = fc.tuple(fc.integer({ min: 400, max: 60_000 }), fc.boolean()).map(([depth, inToolInput]) => {
  const nest = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
  return inToolInput ? `{"model":"m","max_tokens":5,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f","input":${nest}}]}]}` : `{"model":"m","messages":${'['.repeat(depth)}${']'.repeat(depth)}}`
})

const bodyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.oneof(anyJson, requestLike, responseLike, deepOrWide(600)).map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: deepText },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
)

test('no route answers a 5xx to any body', async () => {
  expect(routes.length).toBe(5)
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...routes.keys()), bodyText, async (index, body) => {
      const route = routes[index]!
      const response = await fetch(route.url(), { method: route.method, headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body })
      const text = await response.text()
      if (response.status >= 500) throw new Error(`${route.name} answered ${response.status}: ${text.slice(0, 300)}`)
    }),
    { numRuns: FUZZ_RUNS * 5 },
  )
})
