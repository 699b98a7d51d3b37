/**
 * Deeply nested JSON (SECURITY.md "HTTP hygiene"): a body nesting deeper than the documented limit
 * is refused with 400 INVALID_JSON naming the limit on every route that parses JSON (translation,
 * the local count_tokens answer, passthrough, which reads the model from the body, and
 * /api/generate-url), before any recursive walk could overflow the stack; a body at the limit is
 * served.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { MAX_JSON_NESTING } from '../../src/core/json-nesting.ts'
import { anthropicToOpenaiBody, mintProxyUrl, openaiPassthroughBody, startSecurityBridge, type SecurityBridge } from './support/security-bridge.ts'

let bridge: SecurityBridge
let upstream: ReturnType<typeof Bun.serve>
let translated: string
let passthrough: string
let rewriting: string
const received: string[] = []

const nested = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
const DEEP = 50_000

function messagesWithToolInput(input: string): string {
  return `{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":${input}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"r"}]}]}`
}

function messagesWithSchema(schema: string): string {
  return `{"model":"m","max_tokens":5,"tools":[{"name":"f","description":"d","input_schema":${schema}}],"messages":[{"role":"user","content":"x"}]}`
}

beforeAll(async () => {
  upstream = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: async (request) => {
      received.push(await request.text())
      return Response.json({ id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] })
    },
  })
  bridge = await startSecurityBridge({ allowHosts: [`127.0.0.1:${upstream.port}`] })
  const base = `http://127.0.0.1:${upstream.port}/v1`
  translated = (await mintProxyUrl(bridge.url, anthropicToOpenaiBody(base, 'sk-nesting-test-key'))).proxyUrl
  passthrough = (await mintProxyUrl(bridge.url, openaiPassthroughBody(base, 'sk-nesting-test-key'))).proxyUrl
  rewriting = (await mintProxyUrl(bridge.url, openaiPassthroughBody(base, 'sk-nesting-test-key', { model: { mode: 'force', force: 'forced' } }))).proxyUrl
})

afterAll(async () => {
  await bridge.stop()
  upstream.stop(true)
})

async function post(url: string, body: string, contentType = 'application/json'): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType, 'anthropic-version': '2023-06-01' }, body })
  return { status: response.status, json: (await response.json()) as Record<string, unknown> }
}

function expectTooDeep(answer: { status: number; json: Record<string, unknown> }): void {
  expect(answer.status).toBe(400)
  expect(answer.json.error_code).toBe('INVALID_JSON')
  expect(String(answer.json.message)).toContain(`${MAX_JSON_NESTING} levels`)
}

describe('deeply nested JSON is refused before any recursive walk', () => {
  test(`translation: tool_use.input nested ${DEEP} deep → 400 naming the limit, nothing sent upstream`, async () => {
    const before = received.length
    expectTooDeep(await post(`${translated}/v1/messages`, messagesWithToolInput(nested(DEEP))))
    expect(received.length).toBe(before)
  })

  test(`translation: a tool's input_schema nested ${DEEP} deep → 400 naming the limit`, async () => {
    expectTooDeep(await post(`${translated}/v1/messages`, messagesWithSchema(`{"type":"object","properties":${nested(DEEP)}}`)))
  })

  test('translation: one level over the limit is refused; at the limit the request is served', async () => {
    // The body itself and messages/content/tool_use/input add their levels around the nested value.
    const wrapper = 5
    expectTooDeep(await post(`${translated}/v1/messages`, messagesWithToolInput(nested(MAX_JSON_NESTING - wrapper + 1))))
    const atLimit = await post(`${translated}/v1/messages`, messagesWithToolInput(nested(MAX_JSON_NESTING - wrapper)))
    expect(atLimit.status).toBe(200)
  })

  test('the local count_tokens answer refuses it too', async () => {
    expectTooDeep(await post(`${translated}/v1/messages/count_tokens`, messagesWithToolInput(nested(DEEP))))
  })

  test('a passthrough that rewrites the model parses the body, so it refuses it', async () => {
    expectTooDeep(await post(`${rewriting}/v1/chat/completions`, `{"model":"m","messages":[{"role":"user","content":"x"}],"metadata":${nested(DEEP)}}`))
  })

  test('a plain passthrough reads the model from the body, so the same limit holds there, nothing sent upstream', async () => {
    const before = received.length
    expectTooDeep(await post(`${passthrough}/v1/chat/completions`, `{"model":"m","messages":[{"role":"user","content":"x"}],"metadata":${nested(DEEP)}}`))
    expect(received.length).toBe(before)
  })

  test('/api/generate-url refuses it in the API envelope', async () => {
    const body = JSON.stringify(anthropicToOpenaiBody(`http://127.0.0.1:${upstream.port}/v1`, 'k')).replace(/}$/, `,"label":${nested(DEEP)}}`)
    expectTooDeep(await post(`${bridge.url}/api/generate-url`, body))
  })
})
