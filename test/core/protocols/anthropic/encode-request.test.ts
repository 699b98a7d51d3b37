import { describe, expect, test } from 'bun:test'
import type { ChatRequest } from '../../../../src/core/model/index.ts'
import { WarningSink } from '../../../../src/core/model/index.ts'
import { decodeAnthropicRequest } from '../../../../src/core/protocols/anthropic/decode-request.ts'
import { encodeAnthropicCountTokensRequest, encodeAnthropicRequest } from '../../../../src/core/protocols/anthropic/encode-request.ts'
import { encodeContext } from './support.ts'

const request = (overrides: Partial<ChatRequest>): ChatRequest => ({ model: 'gpt-x', system: [], messages: [], tools: [], stream: false, ...overrides })
const bodyOf = (chat: ChatRequest, context = encodeContext()) => encodeAnthropicRequest(chat, context).body as Record<string, unknown>
const warningCodes = (context: ReturnType<typeof encodeContext>) => context.warnings.items.map((item) => item.code)

describe('encode-request (canonical → Anthropic wire)', () => {
  test('an Anthropic request survives decode → encode unchanged', () => {
    const wire = {
      model: 'upstream-model',
      messages: [
        { role: 'user', content: [
          { type: 'text', text: 'Look', cache_control: { type: 'ephemeral' } },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' }, title: 'Q3' },
        ] },
        { role: 'assistant', content: [
          { type: 'thinking', thinking: 'hmm', signature: 'EqQB' },
          { type: 'redacted_thinking', data: 'EmwK' },
          { type: 'text', text: 'Calling' },
          { type: 'tool_use', id: 'toolu_1', name: 'get', input: { q: 1 } },
          { type: 'tool_use', id: 'toolu_2', name: 'get', input: {} },
        ] },
        { role: 'user', content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'one' }] },
          { type: 'tool_result', tool_use_id: 'toolu_2', is_error: true, content: [{ type: 'text', text: 'two' }] },
          { type: 'text', text: 'and now?' },
        ] },
      ],
      max_tokens: 20000,
      system: [{ type: 'text', text: 'Be terse.' }],
      stop_sequences: ['END'],
      tools: [{ name: 'get', input_schema: { type: 'object', properties: {} }, description: 'Get it' }],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      thinking: { type: 'enabled', budget_tokens: 4096 },
      metadata: { user_id: 'u-1' },
      stream: true,
      service_tier: 'auto',
    }
    const decoded = decodeAnthropicRequest(wire, { group: 'chat' }, new WarningSink())
    const context = encodeContext()
    const encoded = encodeAnthropicRequest(decoded, context)
    expect(encoded.path).toBe('v1/messages')
    expect(encoded.stream).toBe(true)
    expect(encoded.body).toEqual(wire)
    expect(context.warnings.items).toEqual([])
  })

  test('consecutive tool results merge into one user turn, in call order, before the user text', () => {
    const body = bodyOf(request({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'go' }] },
        { role: 'assistant', content: [
          { type: 'text', text: 'Both:' },
          { type: 'tool-call', id: 'call_a', name: 'f', arguments: '{"x":1}' },
          { type: 'tool-call', id: 'call_b', name: 'g', arguments: '' },
        ] },
        { role: 'user', content: [{ type: 'tool-result', toolCallId: 'call_b', content: [{ type: 'text', text: 'B' }] }] },
        { role: 'user', content: [{ type: 'tool-result', toolCallId: 'call_a', content: [{ type: 'text', text: 'A' }] }] },
        { role: 'user', content: [{ type: 'text', text: 'next' }] },
      ],
    }))
    const messages = body.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user'])
    expect(messages[1]!.content).toEqual([
      { type: 'text', text: 'Both:' },
      { type: 'tool_use', id: 'call_a', name: 'f', input: { x: 1 } },
      { type: 'tool_use', id: 'call_b', name: 'g', input: {} },
    ])
    expect(messages[2]!.content.map((block) => block.tool_use_id ?? block.text)).toEqual(['call_a', 'call_b', 'next'])
  })

  test('a tool call without a result gets an error result; ids are sanitised on both sides', () => {
    const context = encodeContext()
    const body = bodyOf(request({
      messages: [
        { role: 'assistant', content: [{ type: 'tool-call', id: 'functions.Bash:0', name: 'Bash', arguments: '{}' }, { type: 'tool-call', id: 'call_2', name: 'f', arguments: '{}' }] },
        { role: 'user', content: [{ type: 'tool-result', toolCallId: 'functions.Bash:0', content: [{ type: 'text', text: 'ok' }] }] },
      ],
    }), context)
    const messages = body.messages as Array<{ content: Array<Record<string, unknown>> }>
    expect(messages[0]!.content[0]!.id).toBe('functions_Bash_0')
    expect(messages[1]!.content).toEqual([
      { type: 'tool_result', tool_use_id: 'functions_Bash_0', content: [{ type: 'text', text: 'ok' }] },
      { type: 'tool_result', tool_use_id: 'call_2', content: '(no result)', is_error: true },
    ])
    expect(warningCodes(context)).toContain('missing-tool-result')
  })

  test('max_tokens defaults, and is clamped to the catalog cap with a warning', () => {
    expect(bodyOf(request({})).max_tokens).toBe(4096)
    expect(bodyOf(request({}), encodeContext({ defaultMaxOutputTokens: 8000 })).max_tokens).toBe(8000)
    const context = encodeContext({ maxOutputTokensCap: 8192 })
    expect(bodyOf(request({ maxOutputTokens: 32000 }), context).max_tokens).toBe(8192)
    expect(warningCodes(context)).toContain('clamped-max-tokens')
  })

  test('reasoning effort becomes a thinking budget below max_tokens, dropping what thinking forbids', () => {
    const context = encodeContext()
    const body = bodyOf(request({
      maxOutputTokens: 1000, temperature: 0.3, topK: 4, toolChoice: 'required',
      tools: [{ name: 'f', inputSchema: { type: 'object' } }], reasoning: { enabled: true, effort: 'high' },
    }), context)
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 16384 })
    expect(body.max_tokens as number).toBeGreaterThan(16384)
    expect(body.temperature).toBeUndefined()
    expect(body.top_k).toBeUndefined()
    expect(body.tool_choice).toEqual({ type: 'auto' })
    expect(warningCodes(context)).toEqual(expect.arrayContaining(['raised-max-tokens', 'dropped-field', 'changed-tool-choice']))
  })

  test('reasoning parts: only Anthropic-signed ones are replayed', () => {
    const context = encodeContext()
    const body = bodyOf(request({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        { role: 'assistant', content: [
          { type: 'reasoning', text: 'mine', signature: 'EqQB', origin: 'anthropic' },
          { type: 'reasoning', text: 'deepseek thoughts', origin: 'openai' },
          { type: 'reasoning', text: 'gemini', signature: 'gsig', origin: 'gemini' },
          { type: 'reasoning', text: '', redactedData: 'EmwK', origin: 'anthropic' },
          { type: 'text', text: 'answer' },
        ] },
      ],
    }), context)
    const messages = body.messages as Array<{ content: unknown[] }>
    expect(messages[1]!.content).toEqual([
      { type: 'thinking', thinking: 'mine', signature: 'EqQB' },
      { type: 'redacted_thinking', data: 'EmwK' },
      { type: 'text', text: 'answer' },
    ])
    expect(warningCodes(context)).toContain('dropped-reasoning')
  })

  test('tool_choice mapping and parallel tool calls', () => {
    const tools = [{ name: 'f', inputSchema: {} }]
    expect(bodyOf(request({ tools, toolChoice: 'required' })).tool_choice).toEqual({ type: 'any' })
    expect(bodyOf(request({ tools, toolChoice: { name: 'f' } })).tool_choice).toEqual({ type: 'tool', name: 'f' })
    expect(bodyOf(request({ tools, toolChoice: 'none' })).tool_choice).toEqual({ type: 'none' })
    expect(bodyOf(request({ tools, parallelToolCalls: false })).tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true })
    // OpenAI clients may send parameters {} — Anthropic requires type object.
    expect((bodyOf(request({ tools })).tools as Array<{ input_schema: unknown }>)[0]!.input_schema).toEqual({ type: 'object', properties: {} })
  })

  test('response formats, user, temperature above 1', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } }
    expect(bodyOf(request({ responseFormat: { type: 'json-schema', name: 'x', schema } })).output_config).toEqual({ format: { type: 'json_schema', schema } })
    const context = encodeContext()
    const body = bodyOf(request({ responseFormat: { type: 'json-object' }, user: 'u-9', temperature: 1.6 }), context)
    expect(body.system).toEqual([{ type: 'text', text: 'Respond with a single JSON object.' }])
    expect(body.metadata).toEqual({ user_id: 'u-9' })
    expect(body.temperature).toBe(1)
    expect(warningCodes(context)).toEqual(expect.arrayContaining(['emulated-response-format', 'clamped-field']))
  })

  test('empty text blocks and empty turns are never sent', () => {
    const body = bodyOf(request({
      system: [{ type: 'text', text: '  ' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        { role: 'assistant', content: [{ type: 'text', text: '' }] },
        { role: 'user', content: [{ type: 'text', text: 'again' }] },
      ],
    }))
    expect(body.system).toBeUndefined()
    expect(body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'text', text: 'again' }] }])
  })

  test('count_tokens request has no max_tokens or stream', () => {
    const encoded = encodeAnthropicCountTokensRequest(request({ stream: true, messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] }), encodeContext())
    expect(encoded.path).toBe('v1/messages/count_tokens')
    expect(encoded.body).not.toHaveProperty('max_tokens')
    expect(encoded.body).not.toHaveProperty('stream')
  })
})
