/**
 * Hostile strings in the log reach the API as data, never as markup: with rows seeded through the
 * real proxy (model names and user agents carrying HTML, script-closing and javascript: payloads),
 * every /api answer is `application/json` with nosniff and parses as JSON holding the payload as a
 * plain string, and the live tail emits only SSE fields whose data lines are JSON. How the console
 * renders the same payloads (no dialog, no request, text only) is test/console/console-real.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts'
import { openLogTail, type LogTail } from './support/log-tail.ts'
import { mintProxyUrl, openaiPassthroughBody, randomHex, startSecurityBridge, type SecurityBridge } from './support/security-bridge.ts'

const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(1)</script>',
  'javascript:alert(document.cookie)',
  '"><svg onload=alert(1)>',
  'line\u2028separator\u2029para',
]
const OK = { id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'pong' }, finish_reason: 'stop' }] }

let bridge: SecurityBridge
let upstream: MockUpstream
let tail: LogTail

beforeAll(async () => {
  upstream = startMockUpstream(() => ({ json: OK }))
  bridge = await startSecurityBridge({ allowHosts: [`127.0.0.1:${upstream.port}`] })
  tail = await openLogTail(bridge.url)
  expect(tail.headers.get('content-type')).toBe('text/event-stream')
  const { proxyUrl } = await mintProxyUrl(bridge.url, openaiPassthroughBody(`${upstream.url}/v1`, `xss${randomHex(8)}`))
  for (const payload of PAYLOADS) {
    const response = await fetch(`${proxyUrl}/v1/chat/completions`, {
      method: 'POST',
      // Header values cannot carry U+2028 (fetch refuses non-Latin-1); the model name can.
      headers: { 'content-type': 'application/json', 'user-agent': payload.replace(/[^\x20-\x7e]/g, '?') },
      body: JSON.stringify({ model: payload, messages: [{ role: 'user', content: payload }] }),
    })
    await response.arrayBuffer()
  }
  for (let tries = 0; tries < 200 && (tail.text().match(/^event: row$/gm) ?? []).length < PAYLOADS.length; tries++) await Bun.sleep(10)
})

afterAll(async () => {
  await tail?.stop()
  await bridge.stop()
  upstream.stop()
})

async function jsonAnswer(path: string): Promise<{ status: number; value: unknown; text: string }> {
  const response = await fetch(`${bridge.url}${path}`)
  const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim()
  expect({ path, mediaType }).toEqual({ path, mediaType: 'application/json' })
  expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  const text = await response.text()
  return { status: response.status, value: JSON.parse(text) as unknown, text }
}

describe('log answers are JSON data', () => {
  test('/api/logs, each row, /api/stats and error answers are application/json, and the payloads come back as strings', async () => {
    const list = await jsonAnswer('/api/logs?limit=200')
    const rows = (list.value as { rows: { requestId: string; clientModel?: string; userAgent?: string }[] }).rows
    expect(rows.map((row) => row.clientModel).sort()).toEqual([...PAYLOADS].sort())
    for (const row of rows) {
      const one = await jsonAnswer(`/api/logs/${encodeURIComponent(row.requestId)}`)
      expect((one.value as { clientModel: string }).clientModel).toBe(row.clientModel as string)
    }
    for (const path of ['/api/stats', '/api/catalog', '/api/logs/no-such-row', '/api/logs?limit=nope', '/api/nope']) await jsonAnswer(path)
  })

  test('the live tail emits only SSE comments, event, id and JSON data lines, one row per request', () => {
    const lines = tail.text().split('\n').filter((line) => line !== '')
    const rows: { clientModel?: string }[] = []
    for (const line of lines) {
      if (line.startsWith(': ')) continue
      if (line === 'event: row') continue
      if (line.startsWith('id: ')) {
        expect(line).toMatch(/^id: [\w.:-]{1,200}$/)
        continue
      }
      expect(line.startsWith('data: ')).toBe(true)
      rows.push(JSON.parse(line.slice('data: '.length)) as { clientModel?: string })
    }
    expect(rows.map((row) => row.clientModel).sort()).toEqual([...PAYLOADS].sort())
    // SSE frames on CR and LF only; a payload's U+2028 stays inside its JSON string.
    expect(tail.text()).not.toContain('\r')
  })
})
