import { describe, expect, test } from 'bun:test'
import { decodeAnthropicResponse } from '../../../../src/core/protocols/anthropic/decode-response.ts'
import { encodeAnthropicResponse } from '../../../../src/core/protocols/anthropic/encode-response.ts'
import { matchAnthropicRoute } from '../../../../src/core/protocols/anthropic/routes.ts'
import { encodeContext, readFixtureJson } from './support.ts'

describe('non-streaming responses', () => {
  test('recorded messages decode with their blocks, stop reason and usage', () => {
    const tools = decodeAnthropicResponse(readFixtureJson('anthropic-parallel-tool-use.json'))
    expect(tools.content.map((part) => part.type)).toEqual(['text', 'tool-call', 'tool-call'])
    expect(tools.finishReason).toMatchObject({ kind: 'tool-calls', raw: 'tool_use' })
    expect(tools.usage).toMatchObject({ inputTokens: 700, outputTokens: 70 })
    const thinking = decodeAnthropicResponse(readFixtureJson('anthropic-thinking-tokens-details.json'))
    expect(thinking.content[0]).toMatchObject({ type: 'reasoning', origin: 'anthropic' })
    expect((thinking.content[0] as { signature?: string }).signature?.length).toBeGreaterThan(10)
    expect(thinking.usage?.reasoningTokens).toBeGreaterThan(0)
    const refusal = decodeAnthropicResponse(readFixtureJson('anthropic-refusal-stop-details.json'))
    expect(refusal.finishReason).toMatchObject({ kind: 'content-filter', raw: 'refusal' })
    const redacted = decodeAnthropicResponse(readFixtureJson('anthropic-redacted-thinking.json'))
    expect(redacted.content[0]).toMatchObject({ type: 'reasoning', redactedData: expect.any(String) })
    const noArgs = decodeAnthropicResponse(readFixtureJson('anthropic-tool-no-args.json'))
    expect(noArgs.content.find((part) => part.type === 'tool-call')).toMatchObject({ arguments: '{}' })
  })

  test('server-tool blocks are skipped in a web-search answer', () => {
    const response = decodeAnthropicResponse(readFixtureJson('anthropic-web-search-citations.json'))
    expect(response.content.every((part) => part.type === 'text')).toBe(true)
    expect(response.content.length).toBeGreaterThan(0)
  })

  test('encode gives a full Message with the client model and Anthropic usage', () => {
    const context = encodeContext()
    const message = encodeAnthropicResponse({
      id: 'chatcmpl-1', model: 'llama-3', created: 1,
      content: [
        { type: 'reasoning', text: 'think', signature: 'lbr1.x' },
        { type: 'text', text: 'Hi' },
        { type: 'tool-call', id: 'call.1', name: 'f', arguments: '' },
      ],
      finishReason: { kind: 'stop', raw: 'stop', protocol: 'openai' },
      usage: { inputTokens: 30, cacheReadTokens: 10, outputTokens: 5, reasoningTokens: 2 },
    }, context)
    expect(message).toEqual({
      id: 'msg_chatcmpl-1', type: 'message', role: 'assistant', model: 'claude-client-model',
      content: [
        { type: 'thinking', thinking: 'think', signature: 'lbr1.x' },
        { type: 'text', text: 'Hi' },
        { type: 'tool_use', id: 'call_1', name: 'f', input: {} },
      ],
      stop_reason: 'tool_use', stop_sequence: null,
      usage: { input_tokens: 20, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 10, output_tokens_details: { thinking_tokens: 2 } },
    })
  })

  test('finish reasons map exactly (truncation stays visible)', () => {
    const encode = (kind: 'length' | 'content-filter' | 'stop-sequence' | 'context-window') =>
      encodeAnthropicResponse({ id: 'x', model: 'm', content: [], finishReason: { kind, stopSequence: 'END' } }, encodeContext())
    expect(encode('length').stop_reason).toBe('max_tokens')
    expect(encode('content-filter').stop_reason).toBe('refusal')
    expect(encode('context-window').stop_reason).toBe('model_context_window_exceeded')
    expect(encode('stop-sequence')).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'END' })
  })
})

describe('routes', () => {
  test('messages with or without v1/, any query; count_tokens; models, one model named by its path', () => {
    expect(matchAnthropicRoute('POST', 'v1/messages')).toEqual({ group: 'chat' })
    expect(matchAnthropicRoute('POST', 'messages')).toEqual({ group: 'chat' })
    expect(matchAnthropicRoute('POST', 'v1/messages?beta=true')).toEqual({ group: 'chat' })
    expect(matchAnthropicRoute('POST', 'v1/messages/count_tokens')).toEqual({ group: 'count_tokens' })
    expect(matchAnthropicRoute('GET', 'v1/models')).toEqual({ group: 'models' })
    expect(matchAnthropicRoute('GET', 'v1/models/claude-sonnet-4-5')).toEqual({ group: 'models', pathModel: 'claude-sonnet-4-5' })
    expect(matchAnthropicRoute('GET', 'v1/models/claude%3Aodd')).toEqual({ group: 'models', pathModel: 'claude:odd' })
    expect(matchAnthropicRoute('GET', 'v1/messages')).toBeUndefined()
    expect(matchAnthropicRoute('POST', 'v1/chat/completions')).toBeUndefined()
  })
})
