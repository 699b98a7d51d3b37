/**
 * A preset's quirk patches reach the wire: a request translated for an Anthropic-compatible
 * endpoint arrives with the fields that endpoint refuses already rewritten, and the URL's log row
 * says what was changed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { anthropicReply } from '../support/e2e-wire.ts'
import { startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'

let bridge: E2eBridge

beforeAll(async () => {
  bridge = await startE2eBridge()
})

afterAll(async () => {
  await bridge.close()
})

async function askWithForcedTool(provider: string): Promise<{ toolChoice: unknown; warnings: Array<{ code: string; field?: string }> }> {
  bridge.mock.script(anthropicReply({ blocks: [{ type: 'text', text: 'ok' }], stopReason: 'end_turn', usage: { input: 5, output: 1 } }))
  const { proxyUrl, tokenId } = await bridge.mint({
    version: 2,
    source: { protocol: 'openai' },
    target: { provider, baseUrl: bridge.mock.url, auth: { token: UPSTREAM_KEY } },
    model: { mode: 'force', force: 'upstream-model' },
  })
  const response = await fetch(`${proxyUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer client' },
    body: JSON.stringify({
      model: 'm',
      messages: [{ role: 'user', content: 'weather?' }],
      tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: {} } } }],
      tool_choice: { type: 'function', function: { name: 'weather' } },
    }),
  })
  expect(response.status).toBe(200)
  const [row] = await bridge.rowsFor(tokenId, 1)
  return { toolChoice: (bridge.mock.requests[0]?.json as { tool_choice?: unknown }).tool_choice, warnings: row?.warnings ?? [] }
}

describe('quirk patches of Anthropic-compatible presets on the wire', () => {
  test.each([['deepseek-anthropic'], ['moonshot-anthropic']])('%s: a forced tool choice arrives as auto, with a warning', async (provider) => {
    const { toolChoice, warnings } = await askWithForcedTool(provider)
    expect(toolChoice).toMatchObject({ type: 'auto' })
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'approximated-field', field: 'tool_choice' }))
  })

  test('a preset without the patch sends the forced choice as the client asked (the check can fail)', async () => {
    const { toolChoice } = await askWithForcedTool('minimax-anthropic')
    expect(toolChoice).toMatchObject({ type: 'tool', name: 'weather' })
  })
})

/** An Anthropic client's own body on passthrough (Claude Code to an Anthropic-compatible endpoint). */
async function passThrough(provider: string, body: Record<string, unknown>): Promise<{ sent: string; received: string; warnings: Array<{ code: string; field?: string }> }> {
  bridge.mock.script(anthropicReply({ blocks: [{ type: 'text', text: 'ok' }], stopReason: 'end_turn', usage: { input: 5, output: 1 } }))
  const { proxyUrl, tokenId } = await bridge.mint({
    version: 2,
    source: { protocol: 'anthropic' },
    target: { provider, baseUrl: bridge.mock.url, auth: { token: UPSTREAM_KEY } },
  })
  const sent = JSON.stringify(body)
  const response = await fetch(`${proxyUrl}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'client', 'anthropic-version': '2023-06-01' },
    body: sent,
  })
  expect(response.status).toBe(200)
  const [row] = await bridge.rowsFor(tokenId, 1)
  return { sent, received: bridge.mock.requests[0]?.text ?? '', warnings: row?.warnings ?? [] }
}

describe('passthrough-safe patches on an Anthropic client\'s own body', () => {
  const subAgent = {
    model: 'deepseek-v4-flash',
    max_tokens: 64,
    thinking: { type: 'disabled' },
    output_config: { effort: 'low' },
    messages: [{ role: 'user', content: 'hi' }],
  }

  test('deepseek-anthropic: an effort beside disabled thinking is dropped on passthrough, with a warning', async () => {
    const { received, warnings } = await passThrough('deepseek-anthropic', subAgent)
    const json = JSON.parse(received) as Record<string, unknown>
    expect(json.output_config).toBeUndefined()
    expect(json.thinking).toEqual({ type: 'disabled' })
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'dropped-field', field: 'output_config.effort' }))
  })

  test('a body no patch changes keeps its bytes exactly', async () => {
    const plain = { model: 'deepseek-v4-flash', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }
    const { sent, received, warnings } = await passThrough('deepseek-anthropic', plain)
    expect(received).toBe(sent)
    expect(warnings).toEqual([])
  })

  test('a preset without the patch passes the effort through (the check can fail)', async () => {
    const { received } = await passThrough('minimax-anthropic', subAgent)
    expect((JSON.parse(received) as Record<string, unknown>).output_config).toEqual({ effort: 'low' })
  })
})
