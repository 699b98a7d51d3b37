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
