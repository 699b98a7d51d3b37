/**
 * Issue 3's remaining Anthropic ⇄ OpenAI Chat gaps, at codec level: what Claude Code's own
 * fields become for an OpenAI target, signed thinking for OpenAI clients of Claude (and back),
 * stop sequences both ways, and the count_tokens estimate's coverage.
 */
import { describe, expect, test } from 'bun:test'
import type { ChatRequest } from '../../../src/core/model/index.ts'
import { WarningSink } from '../../../src/core/model/index.ts'
import { decodeAnthropicRequest } from '../../../src/core/protocols/anthropic/decode-request.ts'
import { decodeAnthropicResponse } from '../../../src/core/protocols/anthropic/decode-response.ts'
import { decodeAnthropicStream as decodeAnthropicStreamBatches } from '../../../src/core/protocols/anthropic/decode-stream.ts'
import { eventsAsBatches, flattenBatches } from '../../../src/core/stream/batches.ts'
import type { StreamEvent } from '../../../src/core/model/index.ts'
import type { EncodeContext } from '../../../src/core/protocols/codec.ts'
const decodeAnthropicStream = (body: AsyncIterable<Uint8Array>) => flattenBatches(decodeAnthropicStreamBatches(body))
import { encodeAnthropicRequest } from '../../../src/core/protocols/anthropic/encode-request.ts'
import { encodeStopReason } from '../../../src/core/protocols/anthropic/map-stop-reason.ts'
import { decodeOpenaiRequest } from '../../../src/core/protocols/openai/decode-request.ts'
import { encodeOpenaiRequest } from '../../../src/core/protocols/openai/encode-request.ts'
import { encodeOpenaiResponse } from '../../../src/core/protocols/openai/encode-response.ts'
import { encodeOpenaiStream as encodeOpenaiStreamBatches } from '../../../src/core/protocols/openai/encode-stream.ts'
const encodeOpenaiStream = (events: AsyncIterable<StreamEvent> | Iterable<StreamEvent>, context: EncodeContext) => encodeOpenaiStreamBatches(eventsAsBatches(events), context)
import { sha256Hex } from '../../../src/core/protocols/openai/limit-user-id.ts'
import { decodeFinishReason } from '../../../src/core/protocols/openai/map-stop-reason.ts'
import { collectStream } from '../../../src/core/stream/collect-stream.ts'
import { estimateInputTokens } from '../../../src/core/tokens/estimate-tokens.ts'
import { bytesOf, fixtureWire, readFixtureJson, toArray } from './anthropic/support.ts'

const RECORDED = (await Bun.file(`${import.meta.dir}/../../fixtures/claude-code/request-2.1.332-say-hi.json`).json()) as Record<string, unknown>
const CHAT = { group: 'chat' } as const

function context(extra: Partial<EncodeContext> = {}): EncodeContext {
  return { upstreamModel: 'upstream', clientModel: 'client-model', warnings: new WarningSink(), ...extra }
}

/** The upstream is a reasoning model (the catalog says so), as for deepseek-reasoner or o3. */
function claudeCodeToOpenai(body: Record<string, unknown> = RECORDED) {
  const warnings = new WarningSink()
  const request = decodeAnthropicRequest(body, CHAT, warnings)
  const encodeContext = context({ warnings, upstreamReasons: true })
  const wire = encodeOpenaiRequest(request, encodeContext).body as Record<string, unknown> & {
    messages: Array<{ role: string; content: unknown }>
    tools: Array<{ function: { name: string } }>
  }
  return { request, wire, warnings: warnings.items }
}

describe("Claude Code's own fields, for an OpenAI target", () => {
  test('the x-anthropic-billing-header system block is Anthropic-internal: removed, with a warning', () => {
    const { wire, warnings } = claudeCodeToOpenai()
    expect(JSON.stringify(wire.messages[0])).not.toContain('x-anthropic-billing-header')
    expect(String(wire.messages[0]!.content)).toStartWith("You are a Claude agent, built on Anthropic's Claude Agent SDK.")
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'dropped-field', field: 'system (x-anthropic-billing-header)' }))
  })

  test('an Anthropic target gets the billing header back, first', () => {
    const request = decodeAnthropicRequest(RECORDED, CHAT, new WarningSink())
    const body = encodeAnthropicRequest(request, context()).body as { system: Array<{ text: string }> }
    expect(body.system[0]!.text).toStartWith('x-anthropic-billing-header:')
  })

  test('defer_loading tools stay callable functions (ToolSearch shows their schema later); the flag is dropped with a warning', () => {
    const { wire, warnings } = claudeCodeToOpenai()
    expect(wire.tools.map((tool) => tool.function.name)).toContain('DeferredToolPlaceholder')
    expect(JSON.stringify(wire)).not.toContain('defer_loading')
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'approximated-field', field: 'tools[10].defer_loading' }))
  })

  test('metadata.user_id (a 150-character JSON string) becomes a stable SHA-256 user within OpenAI\'s 128 characters', () => {
    const userId = (RECORDED.metadata as { user_id: string }).user_id
    expect(userId.length).toBeGreaterThan(128)
    const { wire, warnings } = claudeCodeToOpenai()
    expect(wire.user).toBe(`sha256-${sha256Hex(userId)}`)
    expect(String(wire.user).length).toBeLessThanOrEqual(128)
    expect(String(wire.user)).not.toContain('device_id')
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'hashed-field', field: 'user' }))
    // A short id passes unchanged.
    expect(claudeCodeToOpenai({ ...RECORDED, metadata: { user_id: 'user-42' } }).wire.user).toBe('user-42')
  })

  test('the hash is SHA-256 (checked against WebCrypto)', async () => {
    for (const text of ['', 'abc', 'é🌍'.repeat(100)]) {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
      expect(sha256Hex(text)).toBe(Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join(''))
    }
  })

  test("thinking {type:'adaptive', display:'omitted'} with output_config.effort medium → reasoning_effort medium for a reasoning model; no thinking/output_config upstream", () => {
    const { wire } = claudeCodeToOpenai()
    expect(wire.reasoning_effort).toBe('medium')
    for (const field of ['thinking', 'output_config', 'context_management', 'metadata']) expect(wire).not.toHaveProperty(field)
  })

  test('effort max/xhigh are lowered to high with a warning; adaptive without effort sends no reasoning_effort; budget_tokens buckets', () => {
    const withThinking = (thinking: unknown, outputConfig?: unknown) =>
      claudeCodeToOpenai({ ...RECORDED, thinking, output_config: outputConfig })
    const max = withThinking({ type: 'adaptive' }, { effort: 'max' })
    expect(max.wire.reasoning_effort).toBe('high')
    expect(max.warnings).toContainEqual(expect.objectContaining({ code: 'clamped-field', field: 'reasoning_effort' }))
    expect(withThinking({ type: 'adaptive' })).not.toHaveProperty('wire.reasoning_effort')
    expect(withThinking({ type: 'enabled', budget_tokens: 1024 }).wire.reasoning_effort).toBe('low')
    expect(withThinking({ type: 'enabled', budget_tokens: 8000 }).wire.reasoning_effort).toBe('medium')
    expect(withThinking({ type: 'enabled', budget_tokens: 32000 }).wire.reasoning_effort).toBe('high')
    expect(withThinking({ type: 'disabled' })).not.toHaveProperty('wire.reasoning_effort')
  })
})

describe('OpenAI client → Anthropic target with thinking: the signed block of the last tool-use turn (mapping.md §7.1)', () => {
  const toolTurn = (extra: Record<string, unknown> = {}) => ({
    model: 'gpt-x', reasoning_effort: 'high', max_tokens: 20000,
    messages: [
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: null, reasoning_content: 'I should call the tool.', tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }], ...extra },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'sunny' },
    ],
    tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
  })
  function toAnthropic(body: unknown) {
    const encodeContext = context()
    const wire = encodeAnthropicRequest(decodeOpenaiRequest(body, CHAT, encodeContext.warnings), encodeContext).body as {
      thinking?: { type: string }
      messages: Array<{ role: string; content: Array<Record<string, unknown>> }>
    }
    return { wire, warnings: encodeContext.warnings.items }
  }

  test('without a signature the request goes with thinking off (not a 400 from Anthropic), and says so', () => {
    const { wire, warnings } = toAnthropic(toolTurn())
    expect(wire.thinking).toEqual({ type: 'disabled' })
    const assistant = wire.messages.find((message) => message.role === 'assistant')!
    expect(assistant.content.map((block) => block.type)).toEqual(['tool_use'])
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'disabled-thinking', field: 'thinking' }))
  })

  test('reasoning_details from a proxy-aware client restore the signed thinking block first, and thinking stays on', () => {
    const details = [{ type: 'reasoning.text', text: 'I should call the tool.', signature: 'EqQBsig', format: 'anthropic-claude-v1', index: 0 }, { type: 'reasoning.encrypted', data: 'EmwKred', format: 'anthropic-claude-v1', index: 1 }]
    const { wire, warnings } = toAnthropic(toolTurn({ reasoning_details: details }))
    expect(wire.thinking).toMatchObject({ type: 'enabled' })
    const assistant = wire.messages.find((message) => message.role === 'assistant')!
    expect(assistant.content).toEqual([
      { type: 'thinking', thinking: 'I should call the tool.', signature: 'EqQBsig' },
      { type: 'redacted_thinking', data: 'EmwKred' },
      { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Paris' } },
    ])
    expect(warnings.map((warning) => warning.code)).not.toContain('disabled-thinking')
  })

  test("another vendor's reasoning_details are never sent to Anthropic: thinking goes off instead", () => {
    const details = [{ type: 'reasoning.encrypted', data: 'gAAAA', format: 'openai-responses-v1', index: 0 }]
    const { wire } = toAnthropic(toolTurn({ reasoning_details: details }))
    expect(wire.thinking).toEqual({ type: 'disabled' })
    expect(JSON.stringify(wire)).not.toContain('gAAAA')
  })

  test('a finished turn (last assistant message without tool calls) keeps thinking on', () => {
    const body = { model: 'gpt-x', reasoning_effort: 'high', max_tokens: 20000, messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }, { role: 'user', content: 'More' }] }
    expect(toAnthropic(body).wire.thinking).toMatchObject({ type: 'enabled' })
  })

  test('Claude\'s signed thinking reaches the OpenAI client as reasoning_details, and comes back as the same signed block', async () => {
    const forStream = await toArray(decodeAnthropicStream(bytesOf(fixtureWire('anthropic-thinking-signature.chunks.txt'))))
    const streamed = (await toArray(encodeOpenaiStream((async function* () { yield* forStream })(), context()))).join('')
    const detailChunks = streamed.split('\n\n').filter((frame) => frame.includes('reasoning_details'))
    expect(detailChunks).toHaveLength(1)
    const signature = forStream.find((event) => event.type === 'reasoning-signature')
    expect(signature?.type).toBe('reasoning-signature')
    const sent = JSON.parse(detailChunks[0]!.slice(6)).choices[0].delta.reasoning_details[0]
    const thinkingText = forStream.flatMap((event) => (event.type === 'reasoning-delta' ? [event.text] : [])).join('')
    expect(sent).toEqual({ type: 'reasoning.text', text: thinkingText, signature: (signature as { signature: string }).signature, format: 'anthropic-claude-v1', index: 0 })

    // Non-streaming: the same details on the message; echoed back, they become the signed block again.
    const response = await collectStream((async function* () { yield* forStream })())
    const message = encodeOpenaiResponse(response, context()).choices[0]!.message
    expect(message.reasoning_details).toEqual([sent])
    const next = { model: 'gpt-x', reasoning_effort: 'high', max_tokens: 20000, messages: [{ role: 'user', content: 'q' }, { ...message, tool_calls: [{ id: 'toolu_9', type: 'function', function: { name: 'weather', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'toolu_9', content: 'ok' }], tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object' } } }] }
    const assistant = toAnthropic(next).wire.messages.find((entry) => entry.role === 'assistant')!
    expect(assistant.content[0]).toEqual({ type: 'thinking', thinking: thinkingText, signature: sent.signature })
  })

  test('redacted thinking reaches the OpenAI client as a reasoning.encrypted detail', () => {
    const response = decodeAnthropicResponse(readFixtureJson('anthropic-redacted-thinking.json'))
    const message = encodeOpenaiResponse(response, context()).choices[0]!.message
    expect(message.reasoning_details).toContainEqual(expect.objectContaining({ type: 'reasoning.encrypted', format: 'anthropic-claude-v1' }))
  })
})

describe('stop sequences both ways', () => {
  test('OpenAI upstream says stop although the client sent stop_sequences: end_turn (which sequence matched is unknowable; OpenAI strips it)', () => {
    const reason = decodeFinishReason('stop', { hadToolCalls: false, hadRefusal: false })
    expect(encodeStopReason(reason, false)).toEqual({ stop_reason: 'end_turn', stop_sequence: null })
  })

  test("Anthropic upstream's stop_sequence reaches an OpenAI client as finish_reason stop, streamed and not", async () => {
    const events = await toArray(decodeAnthropicStream(bytesOf(fixtureWire('anthropic-stop-sequence.sse'))))
    expect(events.at(-1)).toMatchObject({ type: 'response-end', finishReason: { kind: 'stop-sequence' } })
    const streamed = (await toArray(encodeOpenaiStream((async function* () { yield* events })(), context()))).join('')
    expect(streamed).toContain('"finish_reason":"stop"')
    const response = await collectStream((async function* () { yield* events })())
    expect(encodeOpenaiResponse(response, context()).choices[0]!.finish_reason).toBe('stop')
  })
})

describe('count_tokens estimate coverage (LESSONS #6)', () => {
  const base: ChatRequest = { model: 'm', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], tools: [], stream: false }

  test('system, tools, images and built-in tools all add to the estimate', () => {
    const plain = estimateInputTokens(base)
    // 405 characters of prose: 91 tokens in o200k.
    const prose = 'The quick brown fox jumps over the lazy dog. '.repeat(9)
    expect(estimateInputTokens({ ...base, system: [{ type: 'text', text: prose }] })).toBeGreaterThanOrEqual(plain + 85)
    expect(estimateInputTokens({ ...base, tools: [{ name: 't', inputSchema: { type: 'object', description: prose } }] })).toBeGreaterThanOrEqual(plain + 85)
    expect(estimateInputTokens({ ...base, messages: [{ role: 'user', content: [{ type: 'image', source: { kind: 'url', url: 'https://x/y.png' } }] }] })).toBeGreaterThan(plain + 1000)
    const webSearch = { type: 'web_search_20250305', name: 'web_search', max_uses: 5 }
    expect(estimateInputTokens({ ...base, builtinTools: [{ protocol: 'anthropic', type: webSearch.type, definition: webSearch }] })).toBeGreaterThan(plain)
  })

  test("Claude Code's recorded request is not undercounted: at least one token per 4.5 characters of its text", () => {
    const request = decodeAnthropicRequest(RECORDED, { group: 'count_tokens' }, new WarningSink())
    const estimate = estimateInputTokens(request)
    const text = JSON.stringify([RECORDED.system, RECORDED.messages, RECORDED.tools])
    expect(estimate).toBeGreaterThan(text.length / 4.5)
  })
})
