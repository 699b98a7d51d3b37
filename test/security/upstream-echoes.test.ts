/**
 * Secrets never leave, client side (SECURITY.md): an upstream that echoes the key it was sent — in
 * an error body, an SSE event (even split across chunks), a response header — must not get it to
 * the client through the bridge, on passthrough as on translation. Against `startServer` (the
 * real Bun.serve options) and a raw fault upstream that echoes the Authorization header.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseServerConfig } from '../../src/config-parse.ts'
import { startServer, type RunningServer } from '../../src/main.ts'
import { sse, startFaultUpstream, type FaultReply, type FaultUpstream } from '../support/fault-upstream.ts'
import { anthropicToOpenaiBody, headerText, mintProxyUrl, openaiPassthroughBody, randomHex } from './support/security-bridge.ts'

const KEY = `gap${randomHex(16)}`
let workDir: string
let server: RunningServer
let upstream: FaultUpstream

const chunk = (content: string): string => sse({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'llm-bridge-echoes-'))
  upstream = startFaultUpstream((request): FaultReply => {
    const echo = request.headers.authorization ?? ''
    const model = (JSON.parse(request.body || '{}') as { model?: string }).model
    const echoEvent = sse({ error: { message: `Incorrect API key provided: ${echo}` } })
    if (model === 'echo-401') return { status: 401, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${echo}` } }) }
    if (model === 'echo-sse') return { status: 200, headers: { 'content-type': 'text/event-stream' }, events: [chunk('hi'), echoEvent] }
    // The key cut in three across chunks: a chunk-by-chunk search would miss it.
    if (model === 'echo-sse-split') {
      const at = echoEvent.indexOf(KEY)
      return { status: 200, headers: { 'content-type': 'text/event-stream' }, events: [chunk('hi'), echoEvent.slice(0, at + 5), echoEvent.slice(at + 5, at + 20), echoEvent.slice(at + 20)] }
    }
    return { status: 200, headers: { 'content-type': 'application/json', 'x-upstream-echo': echo, 'x-upstream-plain': 'kept' }, body: JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'pong' }, finish_reason: 'stop' }] }) }
  })
  const parsed = parseServerConfig(['--port', '0', '--data-dir', join(workDir, 'data'), '--allow-host', `127.0.0.1:${upstream.port}`, '--retry-max-attempts', '1'], {})
  if (parsed.kind !== 'run') throw new Error('config did not parse')
  server = await startServer(parsed.config, {}, () => {})
})

afterAll(async () => {
  await server.stop()
  upstream.stop()
  await rm(workDir, { recursive: true, force: true })
})

type Answer = { status: number; headers: Headers; body: string; text: string }

async function answer(url: string, model: string, stream: boolean, anthropic: boolean): Promise<Answer> {
  const response = await fetch(`${url}/v1/${anthropic ? 'messages' : 'chat/completions'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model, stream, max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }),
  })
  const body = await response.text()
  return { status: response.status, headers: response.headers, body, text: `${headerText(response.headers)}\n\n${body}` }
}

describe('upstream echoes of the key never reach the client', () => {
  test('passthrough: an upstream error body echoing the key is redacted, status and the rest kept, length recomputed', async () => {
    const { proxyUrl } = await mintProxyUrl(server.url, openaiPassthroughBody(`${upstream.url}/v1`, KEY))
    const reply = await answer(proxyUrl, 'echo-401', false, false)
    expect(reply.text).not.toContain(KEY)
    expect(reply.status).toBe(401)
    const relayed = JSON.parse(reply.body) as { error: unknown; message: string }
    expect(relayed.error).toEqual({ message: 'Incorrect API key provided: Bearer [redacted]' })
    // The bridge's own message beside it is read from the redacted body.
    expect(relayed.message).toBe('Incorrect API key provided: Bearer [redacted]')
    expect(reply.headers.get('content-length')).toBe(String(new TextEncoder().encode(reply.body).byteLength))
  })

  test('passthrough: an upstream response header echoing the key is dropped, the others kept', async () => {
    const { proxyUrl } = await mintProxyUrl(server.url, openaiPassthroughBody(`${upstream.url}/v1`, KEY))
    const reply = await answer(proxyUrl, 'ok', false, false)
    expect(reply.text).not.toContain(KEY)
    expect(reply.headers.has('x-upstream-echo')).toBe(false)
    expect(reply.headers.get('x-upstream-plain')).toBe('kept')
  })

  for (const model of ['echo-sse', 'echo-sse-split']) {
    test(`passthrough: an SSE event echoing the key is redacted, every other byte passed as sent (${model})`, async () => {
      const { proxyUrl } = await mintProxyUrl(server.url, openaiPassthroughBody(`${upstream.url}/v1`, KEY))
      const reply = await answer(proxyUrl, model, true, false)
      expect(reply.text).not.toContain(KEY)
      expect(reply.body).toBe(`${chunk('hi')}${sse({ error: { message: 'Incorrect API key provided: Bearer [redacted]' } })}`)
    })
  }

  for (const model of ['echo-sse', 'echo-sse-split']) {
    test(`translated: an upstream SSE error message echoing the key is re-encoded redacted (${model})`, async () => {
      const { proxyUrl } = await mintProxyUrl(server.url, anthropicToOpenaiBody(`${upstream.url}/v1`, KEY))
      const reply = await answer(proxyUrl, model, true, true)
      expect(reply.text).not.toContain(KEY)
      // The client still learns what the upstream said, in its own protocol's error event.
      expect(reply.body).toContain('event: error')
      expect(reply.body).toContain('Incorrect API key provided: Bearer [redacted]')
    })
  }
})
