/**
 * One rule for control characters in a model name, at mint (a forced or mapped name) and at use
 * (the client's name): C0 controls except TAB, DEL and C1 controls are refused at both points, by
 * the same function, so ESC sequences or a C1 CSI never reach the upstream or the log.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { hasControlCharacter } from '../../src/core/control-characters.ts'
import { validateGenerateUrlBody } from '../../src/http/validate-generate-url.ts'
import { mapModel } from '../../src/proxy/map-model.ts'
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts'
import { anthropicToOpenaiBody, mintProxyUrl, mintRaw, openaiPassthroughBody, startSecurityBridge, type SecurityBridge } from './support/security-bridge.ts'

const REFUSED = ['\u001b[31m', '\u0000', '\u0001', '\r', '\n', '\u007f', '\u0085', '\u009b']

function mintAccepts(model: string): boolean {
  try {
    validateGenerateUrlBody(openaiPassthroughBody('https://api.example/v1', 'k', { model: { mode: 'force', force: model } }))
    return true
  } catch {
    return false
  }
}

function useAccepts(model: string): boolean {
  try {
    mapModel({ mode: 'passthrough' }, model)
    return true
  } catch {
    return false
  }
}

describe('the rule', () => {
  test('mint and use agree on every code point of U+0000-U+02FF, the general punctuation block, BOM and U+FFFD', () => {
    const points = [...Array.from({ length: 0x300 }, (_, i) => i), ...Array.from({ length: 0x40 }, (_, i) => 0x2000 + i), 0xfeff, 0xfffd]
    for (const point of points) {
      const model = `gpt${String.fromCodePoint(point)}x`
      expect({ point, mint: mintAccepts(model), use: useAccepts(model) }).toEqual({ point, mint: !hasControlCharacter(model), use: !hasControlCharacter(model) })
    }
  })

  test('TAB and ordinary names pass; every refused character is a control by the rule', () => {
    for (const ok of ['line\u2028separator', 'gpt-4o', 'claude-sonnet-4-5[1m]', 'a\tb', 'modèle-ü', 'qwen/qwen3:32b']) expect(hasControlCharacter(ok)).toBe(false)
    for (const bad of REFUSED) expect({ bad, refused: hasControlCharacter(`m${bad}`) }).toEqual({ bad, refused: true })
  })
})

describe('at use, through the server', () => {
  let bridge: SecurityBridge
  let upstream: MockUpstream
  let passthrough: string
  let translated: string

  beforeAll(async () => {
    upstream = startMockUpstream(() => ({ json: { id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] } }))
    bridge = await startSecurityBridge({ allowHosts: [`127.0.0.1:${upstream.port}`] })
    passthrough = (await mintProxyUrl(bridge.url, openaiPassthroughBody(`${upstream.url}/v1`, 'k'))).proxyUrl
    translated = (await mintProxyUrl(bridge.url, anthropicToOpenaiBody(`${upstream.url}/v1`, 'k'))).proxyUrl
  })

  afterAll(async () => {
    await bridge.stop()
    upstream.stop()
  })

  test('ESC, C1 and DEL in the client model are 400 on passthrough and translation; nothing reaches the upstream', async () => {
    for (const [url, path] of [[passthrough, '/v1/chat/completions'], [translated, '/v1/messages']] as const) {
      for (const bad of REFUSED) {
        const model = `gpt${bad}x`
        const response = await fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
          body: JSON.stringify({ model, max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }),
        })
        const body = (await response.json()) as { error_code?: string }
        expect({ path, model, status: response.status, code: body.error_code }).toEqual({ path, model, status: 400, code: 'INVALID_JSON' })
      }
    }
    expect(upstream.requests).toHaveLength(0)
    // Nor the log: no row keeps the refused name (rows are written shortly after the answer).
    let rows: Array<{ clientModel?: string; errorCode?: string }> = []
    for (let attempt = 0; attempt < 100 && rows.length < REFUSED.length * 2; attempt++) {
      await Bun.sleep(20)
      rows = ((await (await fetch(`${bridge.url}/api/logs?limit=200`)).json()) as { rows: typeof rows }).rows
    }
    expect(rows.length).toBe(REFUSED.length * 2)
    for (const row of rows) expect({ model: row.clientModel, controls: hasControlCharacter(row.clientModel ?? '') }).toEqual({ model: row.clientModel, controls: false })
  })

  test('the same characters are refused at mint as a forced model', async () => {
    for (const bad of REFUSED) {
      const answer = await mintRaw(bridge.url, openaiPassthroughBody(`${upstream.url}/v1`, 'k', { model: { mode: 'force', force: `gpt${bad}x` } }))
      expect({ bad, status: answer.status }).toEqual({ bad, status: 400 })
    }
  })
})
