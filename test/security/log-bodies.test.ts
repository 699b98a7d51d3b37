/**
 * --log-bodies (SECURITY.md "Secrets never leave"; config --log-bodies): with it on, every row —
 * passthrough and translated, whole and streamed answers, error answers — holds the request and
 * the answer the client got, with the upstream key redacted by the log; with it off, no row holds
 * a body. The canary key is in the client's prompt and in the upstream's answer text, so only
 * the log's redaction keeps it out of the stored bodies.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import type { RequestLogRow } from '../../src/log/index.ts'
import { startMockUpstream, type MockReply, type MockUpstream } from '../support/mock-upstream.ts'
import { anthropicToOpenaiBody, mintProxyUrl, openaiPassthroughBody, randomHex, startSecurityBridge, type SecurityBridge } from './support/security-bridge.ts'

const KEY = `bodycanary${randomHex(16)}`
let upstream: MockUpstream
let withBodies: SecurityBridge
let withoutBodies: SecurityBridge

const chunk = (content: string): string => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`

beforeAll(async () => {
  upstream = startMockUpstream((request): MockReply => {
    const body = request.json as { model: string; stream?: boolean }
    // An answer that quotes the key it was sent: only the log's redaction can keep it out of the row.
    const answer = `pong-marker ${request.headers.get('authorization') ?? ''}`
    if (body.model === 'fail') return { status: 400, json: { error: { message: 'bad-marker', type: 'invalid_request_error' } } }
    if (body.stream) return { chunks: [chunk(answer), 'data: [DONE]\n\n'] }
    return { json: { id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }] } }
  })
  const allowHosts = [`127.0.0.1:${upstream.port}`]
  withBodies = await startSecurityBridge({ allowHosts, logBodies: true, config: { logBodies: true } })
  withoutBodies = await startSecurityBridge({ allowHosts })
})

afterAll(async () => {
  await withBodies?.stop()
  await withoutBodies?.stop()
  upstream?.stop()
})

type Case = { name: string; translated: boolean; stream: boolean; model: string }
const CASES: Case[] = [
  { name: 'passthrough, whole answer', translated: false, stream: false, model: 'gpt-test' },
  { name: 'passthrough, streamed', translated: false, stream: true, model: 'gpt-test' },
  { name: 'passthrough, error answer', translated: false, stream: false, model: 'fail' },
  { name: 'translated, whole answer', translated: true, stream: false, model: 'gpt-test' },
  { name: 'translated, streamed', translated: true, stream: true, model: 'gpt-test' },
]

async function send(bridge: SecurityBridge, item: Case): Promise<RequestLogRow> {
  const mint = item.translated ? anthropicToOpenaiBody : openaiPassthroughBody
  const { proxyUrl } = await mintProxyUrl(bridge.url, mint(`${upstream.url}/v1`, KEY))
  const prompt = `prompt-marker my key is ${KEY}`
  const response = await fetch(`${proxyUrl}/v1/${item.translated ? 'messages' : 'chat/completions'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: item.model, stream: item.stream, max_tokens: 16, messages: [{ role: 'user', content: prompt }] }),
  })
  await response.text()
  const requestId = response.headers.get('x-request-id') as string
  for (let tries = 0; tries < 200; tries++) {
    const row = await bridge.log.get(requestId)
    if (row !== undefined) return row
    await Bun.sleep(10)
  }
  throw new Error(`no log row for ${requestId}`)
}

describe('--log-bodies on: the row holds both bodies, redacted', () => {
  for (const item of CASES) {
    test(item.name, async () => {
      const row = await send(withBodies, item)
      expect(row.requestBody).toContain('prompt-marker')
      expect(row.responseBody).toContain(item.model === 'fail' ? 'bad-marker' : 'pong-marker')
      expect(JSON.stringify(row)).not.toContain(KEY)
    })
  }
})

describe('--log-bodies off: no row holds a body', () => {
  for (const item of CASES) {
    test(item.name, async () => {
      const row = await send(withoutBodies, item)
      expect(row.requestBody).toBeUndefined()
      expect(row.responseBody).toBeUndefined()
    })
  }
})
