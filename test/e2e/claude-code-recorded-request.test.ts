/**
 * Claude Code's real first request (recorded from 2.1.332: adaptive thinking, effort, context
 * management, metadata.user_id, 12 tools one of which is deferred, cache_control, a system-role
 * message, 128k max_tokens), replayed byte for byte with its beta header through the real bridge
 * to an OpenAI Chat mock. Runs without Claude Code installed: it pins what the upstream receives.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { openaiTargetBody, startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { anthropicGrammarViolations } from '../support/e2e-grammar.ts'
import { openaiReply } from '../support/e2e-wire.ts'
import type Anthropic from '@anthropic-ai/sdk'

const RECORDED = await Bun.file(`${import.meta.dir}/../fixtures/claude-code/request-2.1.332-say-hi.json`).text()
const recorded = JSON.parse(RECORDED) as { tools: Array<{ name: string; defer_loading?: boolean }>; system: Array<{ text: string }> }
const BETA = 'claude-code-20250219,oauth-2025-04-20,interleaved-thinking-2025-05-14,context-management-2025-06-27,prompt-caching-scope-2026-01-05'

type ChatBody = {
  model: string
  messages: Array<{ role: string; content: unknown }>
  tools: Array<{ type: string; function: { name: string; parameters: unknown } }>
  max_tokens?: number
  max_completion_tokens?: number
  stream?: boolean
  stream_options?: unknown
  reasoning_effort?: string
}

let bridge: E2eBridge
beforeAll(async () => {
  bridge = await startE2eBridge()
})
afterAll(async () => {
  await bridge.close()
})

/** The stream as raw SSE events, parsed: Claude Code reads it with the same grammar. */
function parseSse(text: string): Anthropic.RawMessageStreamEvent[] {
  return text.split('\n\n').filter((frame) => frame.includes('data: '))
    .map((frame) => JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as Anthropic.RawMessageStreamEvent)
}

describe("Claude Code's recorded request → OpenAI Chat upstream", () => {
  test('is translated: model mapped, max_tokens clamped, tools without Anthropic-only fields, no beta header or cache_control upstream', async () => {
    bridge.mock.script(openaiReply({ content: 'Hi!', finish: 'stop', usage: { prompt: 5000, completion: 2 } }))
    const { proxyUrl, tokenId } = await bridge.mint(openaiTargetBody(bridge))
    const response = await fetch(`${proxyUrl}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-claude-code-own', 'anthropic-version': '2023-06-01', 'anthropic-beta': BETA },
      body: RECORDED,
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toStartWith('text/event-stream')
    const events = parseSse(await response.text())
    expect(anthropicGrammarViolations(events)).toEqual([])
    expect(events.filter((event) => event.type === 'content_block_delta').map((event) => (event.delta as { text?: string }).text).join('')).toBe('Hi!')

    const seen = bridge.mock.requests[0]!
    const body = seen.json as ChatBody
    expect(seen.path).toBe('/v1/chat/completions')
    expect(seen.headers.get('authorization')).toBe(`Bearer ${UPSTREAM_KEY}`)
    expect(seen.headers.has('anthropic-beta')).toBe(false)
    expect(seen.text).not.toContain('sk-ant-claude-code-own')
    expect(body.model).toBe('gpt-4o')
    expect(body.max_completion_tokens).toBe(16_384)
    expect(body.stream).toBe(true)
    expect(body.stream_options).toEqual({ include_usage: true })
    for (const field of ['cache_control', 'defer_loading', 'context_management', 'output_config', 'thinking', 'metadata']) expect(Object.keys(body)).not.toContain(field)
    expect(seen.text).not.toContain('cache_control')
    expect(seen.text).not.toContain('defer_loading')
    // Every real tool arrives as a function with its schema.
    const names = body.tools.map((tool) => tool.function.name)
    for (const tool of recorded.tools.filter((entry) => entry.defer_loading !== true)) expect(names).toContain(tool.name)
    for (const tool of body.tools) expect(tool.type).toBe('function')
    // The system prompt comes first, as one system message.
    expect(body.messages[0]!.role).toBe('system')
    expect(JSON.stringify(body.messages[0]!.content)).toContain(recorded.system[1]!.text)
    // Claude Code's system-role message inside `messages` (its environment block) joins the system prompt.
    expect(JSON.stringify(body.messages[0]!.content)).toContain('# Environment')
    expect(body.messages.filter((message) => message.role === 'system')).toHaveLength(1)
    expect(body.messages.some((message) => message.role === 'user')).toBe(true)

    const rows = await bridge.rowsFor(tokenId, 1)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ status: 200, stream: true, clientModel: 'claude-opus-5-5', upstreamModel: 'gpt-4o' })
    expect(rows[0]!.warnings.map((warning) => warning.code)).toContain('clamped-max-tokens')
  })
})
