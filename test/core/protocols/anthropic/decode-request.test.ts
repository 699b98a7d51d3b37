import { describe, expect, test } from 'bun:test'
import { BridgeError } from '../../../../src/core/errors.ts'
import { WarningSink } from '../../../../src/core/model/index.ts'
import { decodeAnthropicRequest } from '../../../../src/core/protocols/anthropic/decode-request.ts'

const chat = { group: 'chat' } as const
const decode = (body: unknown, warnings = new WarningSink()) => decodeAnthropicRequest(body, chat, warnings)
const base = { model: 'claude-sonnet-4-5', max_tokens: 1024 }

describe('decode-request (Anthropic wire → canonical)', () => {
  test('system as a string or as text blocks with cache_control', () => {
    expect(decode({ ...base, system: 'Be terse.', messages: [] }).system).toEqual([{ type: 'text', text: 'Be terse.' }])
    const blocks = decode({ ...base, messages: [], system: [{ type: 'text', text: 'Long', cache_control: { type: 'ephemeral', ttl: '1h' } }] })
    expect(blocks.system).toEqual([{ type: 'text', text: 'Long', cacheControl: { type: 'ephemeral', ttl: '1h' } }])
  })

  test('every content block kind of a conversation', () => {
    const request = decode({
      ...base,
      messages: [
        { role: 'user', content: [
          { type: 'text', text: 'Look' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' }, title: 'Q3' },
          { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain doc' } },
        ] },
        { role: 'assistant', content: [
          { type: 'thinking', thinking: 'hmm', signature: 'EqQB' },
          { type: 'redacted_thinking', data: 'EmwK' },
          { type: 'text', text: 'Calling' },
          { type: 'tool_use', id: 'toolu_1', name: 'get', input: { q: 1 } },
        ] },
        { role: 'user', content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', is_error: true, content: [
            { type: 'text', text: 'failed' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAA' } },
          ] },
        ] },
      ],
    })
    expect(request.messages[0]!.content).toEqual([
      { type: 'text', text: 'Look' },
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/a.jpg' } },
      { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBER' }, title: 'Q3' },
      { type: 'document', source: { kind: 'text', text: 'plain doc' } },
    ])
    expect(request.messages[1]!.content).toEqual([
      { type: 'reasoning', text: 'hmm', signature: 'EqQB', origin: 'anthropic' },
      { type: 'reasoning', text: '', redactedData: 'EmwK', origin: 'anthropic' },
      { type: 'text', text: 'Calling' },
      { type: 'tool-call', id: 'toolu_1', name: 'get', arguments: '{"q":1}' },
    ])
    expect(request.messages[2]!.content).toEqual([{
      type: 'tool-result', toolCallId: 'toolu_1', isError: true,
      content: [{ type: 'text', text: 'failed' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAA' } }],
    }])
  })

  test('thinking signed by the bridge gets no origin until its envelope is opened', () => {
    const request = decode({ ...base, messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 't', signature: 'lbr1.abc.def' }] }] })
    expect(request.messages[0]!.content[0]).toEqual({ type: 'reasoning', text: 't', signature: 'lbr1.abc.def' })
  })

  test('custom tools are kept; server tools become built-in tools of the anthropic protocol', () => {
    const warnings = new WarningSink()
    const webSearch = { type: 'web_search_20250305', name: 'web_search', max_uses: 3 }
    const request = decode({
      ...base, messages: [],
      tools: [{ name: 'get', description: 'Get it', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } }, webSearch],
    }, warnings)
    expect(request.tools).toEqual([{ name: 'get', description: 'Get it', inputSchema: { type: 'object' }, cacheControl: { type: 'ephemeral' } }])
    expect(warnings.items).toEqual([])
    expect(request.builtinTools).toEqual([{ protocol: 'anthropic', type: 'web_search_20250305', definition: webSearch }])
  })

  test('tool_choice any/tool/none/auto and disable_parallel_tool_use', () => {
    expect(decode({ ...base, messages: [], tool_choice: { type: 'any', disable_parallel_tool_use: true } }))
      .toMatchObject({ toolChoice: 'required', parallelToolCalls: false })
    expect(decode({ ...base, messages: [], tool_choice: { type: 'tool', name: 'get' } }).toolChoice).toEqual({ name: 'get' })
    expect(decode({ ...base, messages: [], tool_choice: { type: 'none' } }).toolChoice).toBe('none')
    expect(decode({ ...base, messages: [], tool_choice: { type: 'auto' } }).toolChoice).toBe('auto')
  })

  test('sampling, stop sequences, metadata, stream and thinking', () => {
    const request = decode({
      ...base, messages: [], temperature: 0.2, top_p: 0.9, top_k: 5, stop_sequences: ['END'],
      metadata: { user_id: 'u-1' }, stream: true, thinking: { type: 'enabled', budget_tokens: 2048 },
    })
    expect(request).toMatchObject({
      maxOutputTokens: 1024, temperature: 0.2, topP: 0.9, topK: 5, stopSequences: ['END'], user: 'u-1', stream: true,
      reasoning: { enabled: true, budgetTokens: 2048 },
    })
    expect(decode({ ...base, messages: [], thinking: { type: 'adaptive' }, output_config: { effort: 'high' } }).reasoning)
      .toEqual({ enabled: true, adaptive: true, effort: 'high' })
    expect(decode({ ...base, messages: [], thinking: { type: 'disabled' } }).reasoning).toEqual({ enabled: false })
  })

  test('output_config.format becomes a json-schema response format', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } }
    expect(decode({ ...base, messages: [], output_config: { format: { type: 'json_schema', schema } } }).responseFormat)
      .toEqual({ type: 'json-schema', name: 'output', schema })
  })

  test('unknown top-level fields ride in extensions.anthropic', () => {
    const request = decode({ ...base, messages: [], service_tier: 'auto', context_management: { edits: [] } })
    expect(request.extensions?.anthropic?.fields).toEqual({ service_tier: 'auto', context_management: { edits: [] } })
  })

  test('role system inside messages (SDK 1.x) is hoisted into system', () => {
    const request = decode({ ...base, system: 'A', messages: [{ role: 'system', content: 'B' }, { role: 'user', content: 'hi' }] })
    expect(request.system.map((part) => part.text)).toEqual(['A', 'B'])
    expect(request.messages).toHaveLength(1)
  })

  test('count_tokens bodies need no max_tokens and never stream', () => {
    const request = decodeAnthropicRequest({ model: 'm', messages: [], stream: true }, { group: 'count_tokens' }, new WarningSink())
    expect(request.stream).toBe(false)
    expect(request.maxOutputTokens).toBeUndefined()
  })

  test('invalid shapes name the field', () => {
    const attempt = (body: unknown) => {
      try {
        decode(body)
      } catch (error) {
        expect(error).toBeInstanceOf(BridgeError)
        return (error as BridgeError).message
      }
      throw new Error('expected a BridgeError')
    }
    expect(attempt({ ...base, messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: [{ type: 'video' }] }] }))
      .toStartWith('messages[2].content[0].type: expected one of text, image')
    expect(attempt({ model: 'm', messages: [] })).toStartWith('max_tokens')
    expect(attempt({ ...base, messages: 'hi' })).toStartWith('messages: expected an array')
    expect(attempt({ ...base, messages: [], tool_choice: { type: 'sometimes' } })).toStartWith('tool_choice.type')
  })
})
