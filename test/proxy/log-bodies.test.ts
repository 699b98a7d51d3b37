/**
 * --log-bodies at the proxy: the handler hands the row the bodies only when the setting is on
 * (the log's writer redacts them: test/security/log-bodies.test.ts); off, it captures nothing.
 * A streamed answer is observed, never buffered: the row holds its first bytes, capped.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { BODY_CAP_CHARS } from '../../src/log/sanitize-row.ts'
import { startMockUpstream, type MockReply, type MockUpstream } from '../support/mock-upstream.ts'
import { anthropicBody, createHarness, waitForRows } from './proxy-harness.ts'

const LONG_TEXT = 'x'.repeat(100 * 1024)
let upstream: MockUpstream

beforeAll(() => {
  upstream = startMockUpstream((request): MockReply => {
    const body = request.json as { stream?: boolean; max_tokens?: number }
    const text = body.max_tokens === 7 ? LONG_TEXT : 'pong-marker'
    if (!body.stream) return { json: { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'text', text }], model: 'm', stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } } }
    return {
      chunks: [
        `event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"m","usage":{"input_tokens":1,"output_tokens":1}}}\n\n`,
        `event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n`,
        `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${JSON.stringify(text)}}}\n\n`,
        `event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n`,
        `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}}\n\n`,
        `event: message_stop\ndata: {"type":"message_stop"}\n\n`,
      ],
    }
  })
})
afterAll(() => upstream.stop())

async function rowFor(logBodies: boolean, body: string, translated: boolean) {
  const harness = await createHarness(upstream.url, { logBodies })
  // Translated: an OpenAI client on the Anthropic upstream (the mock speaks Anthropic).
  const token = await harness.mint(translated ? { source: { protocol: 'openai' } } : {})
  const path = translated ? 'v1/chat/completions' : 'v1/messages'
  const response = await harness.handle(new Request(`http://bridge/proxy/${token}/${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' } }))
  const answer = await response.text()
  await waitForRows(harness.rows, 1)
  return { row: harness.rows[0]!, answer }
}

describe('--log-bodies at the proxy', () => {
  for (const translated of [false, true]) {
    for (const stream of [false, true]) {
      const name = `${translated ? 'translated' : 'passthrough'}, ${stream ? 'streamed' : 'whole'}`
      test(`on: the row holds the request and the answer the client got (${name})`, async () => {
        const body = anthropicBody({ stream, messages: [{ role: 'user', content: 'prompt-marker' }] })
        const { row, answer } = await rowFor(true, body, translated)
        // Passthrough logs the bytes it forwarded (model mapped); translation what the client sent.
        expect(row.requestBody).toBe(translated ? body : upstream.requests.at(-1)!.text)
        expect(row.responseBody).toBe(answer)
        expect(answer).toContain('pong-marker')
      })

      test(`off: no body is captured (${name})`, async () => {
        const { row } = await rowFor(false, anthropicBody({ stream }), translated)
        expect(row.requestBody).toBeUndefined()
        expect(row.responseBody).toBeUndefined()
      })
    }
  }

  test('a long streamed answer is captured up to the cap only, with the total noted', async () => {
    const { row, answer } = await rowFor(true, anthropicBody({ stream: true, max_tokens: 7 }), false)
    expect(answer.length).toBeGreaterThan(BODY_CAP_CHARS)
    expect(row.responseBody!.length).toBeLessThanOrEqual(BODY_CAP_CHARS)
    expect(row.responseBody).toStartWith(answer.slice(0, 1000))
    expect(row.responseBody).toEndWith(`…[truncated, ${new TextEncoder().encode(answer).byteLength} bytes in total]`)
  })
})
