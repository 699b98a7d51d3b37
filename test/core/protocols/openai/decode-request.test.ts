import { describe, expect, test } from 'bun:test'
import { BridgeError } from '../../../../src/core/errors.ts'
import { WarningSink } from '../../../../src/core/model/index.ts'
import { decodeOpenaiRequest as decodeRequest } from '../../../../src/core/protocols/openai/decode-request.ts'

const route = { group: 'chat' as const }
const decode = (body: Record<string, unknown>, warnings = new WarningSink()) => decodeRequest({ model: 'gpt-4.1', messages: [], ...body }, route, warnings)

function rejection(body: Record<string, unknown>): BridgeError {
  try {
    decode(body)
  } catch (error) {
    if (error instanceof BridgeError) return error
    throw error
  }
  throw new Error('expected a rejection')
}

describe('messages', () => {
  test('system and developer messages anywhere become request.system in order', () => {
    const request = decode({
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'Hi' },
        { role: 'developer', content: [{ type: 'text', text: 'Style guide.' }] },
      ],
    })
    expect(request.system).toEqual([{ type: 'text', text: 'Be terse.' }, { type: 'text', text: 'Style guide.' }])
    expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }])
  })

  test('data: image URLs become base64 images and http URLs stay URLs', () => {
    const request = decode({
      messages: [{
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'high' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
        ],
      }],
    })
    expect(request.messages[0]?.content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
      { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' }, title: 'a.pdf' },
    ])
  })

  test('audio input and file ids are dropped with a warning, not silently', () => {
    const warnings = new WarningSink()
    const request = decode({
      messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAA', format: 'wav' } }, { type: 'file', file: { file_id: 'file-1' } }, { type: 'text', text: 'hi' }] }],
    }, warnings)
    expect(request.messages[0]?.content).toEqual([{ type: 'text', text: 'hi' }])
    expect(warnings.items.map((item) => item.code)).toEqual(['dropped-content', 'dropped-content'])
  })

  test('assistant text, reasoning_content and tool calls stay together in one turn', () => {
    const request = decode({
      messages: [{
        role: 'assistant',
        content: 'Checking.',
        reasoning_content: 'Need weather.',
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
      }],
    })
    expect(request.messages).toEqual([{
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Need weather.', origin: 'openai' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      ],
    }])
  })

  test('consecutive tool messages merge into one user turn in call order, and the next user text joins it', () => {
    const request = decode({
      messages: [
        { role: 'assistant', content: null, tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'a', arguments: '{}' } },
          { id: 'call_b', type: 'function', function: { name: 'b', arguments: '{}' } },
        ] },
        { role: 'tool', tool_call_id: 'call_b', content: 'B result' },
        { role: 'tool', tool_call_id: 'call_a', content: [{ type: 'text', text: 'A result' }] },
        { role: 'user', content: 'Thanks' },
      ],
    })
    expect(request.messages[1]).toEqual({
      role: 'user',
      content: [
        { type: 'tool-result', toolCallId: 'call_a', content: [{ type: 'text', text: 'A result' }] },
        { type: 'tool-result', toolCallId: 'call_b', content: [{ type: 'text', text: 'B result' }] },
        { type: 'text', text: 'Thanks' },
      ],
    })
    expect(request.messages).toHaveLength(2)
  })

  test('legacy functions and the function role become tools and tool results with warnings', () => {
    const warnings = new WarningSink()
    const request = decode({
      functions: [{ name: 'lookup', parameters: { type: 'object', properties: {} } }],
      function_call: { name: 'lookup' },
      messages: [
        { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '{"q":1}' } },
        { role: 'function', name: 'lookup', content: 'found' },
      ],
    }, warnings)
    expect(request.tools.map((tool) => tool.name)).toEqual(['lookup'])
    expect(request.toolChoice).toEqual({ name: 'lookup' })
    const call = request.messages[0]?.content[0]
    const result = request.messages[1]?.content[0]
    expect(call?.type === 'tool-call' && result?.type === 'tool-result' && call.id === result.toolCallId).toBe(true)
    expect(warnings.items.every((item) => item.code === 'deprecated-field')).toBe(true)
    expect(warnings.items.length).toBeGreaterThan(0)
  })
})

describe('parameters', () => {
  test('tools, tool_choice, parallel_tool_calls, limits, stop, effort, response_format, user, stream options', () => {
    const request = decode({
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true } }],
      tool_choice: 'required',
      parallel_tool_calls: false,
      max_completion_tokens: 900,
      max_tokens: 100,
      temperature: 0.2,
      top_p: 0.9,
      stop: 'END',
      reasoning_effort: 'low',
      response_format: { type: 'json_schema', json_schema: { name: 'w', schema: { type: 'object' }, strict: true } },
      user: 'u-1',
      stream: true,
      stream_options: { include_usage: true },
      seed: 7,
    })
    expect(request.tools).toEqual([{ name: 'get_weather', description: 'Weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }])
    expect(request.toolChoice).toBe('required')
    expect(request.parallelToolCalls).toBe(false)
    expect(request.maxOutputTokens).toBe(900)
    expect([request.temperature, request.topP]).toEqual([0.2, 0.9])
    expect(request.stopSequences).toEqual(['END'])
    expect(request.reasoning).toEqual({ enabled: true, effort: 'low' })
    expect(request.responseFormat).toEqual({ type: 'json-schema', name: 'w', schema: { type: 'object' }, strict: true })
    expect(request.user).toBe('u-1')
    expect(request.stream).toBe(true)
    expect(request.extensions?.openai).toEqual({ stream_options: { include_usage: true }, seed: 7, tool_strict: { get_weather: true } })
  })

  test('tool_choice forms and reasoning_effort none', () => {
    expect(decode({ tool_choice: { type: 'function', function: { name: 'x' } } }).toolChoice).toEqual({ name: 'x' })
    expect(decode({ tool_choice: 'none' }).toolChoice).toBe('none')
    expect(decode({ reasoning_effort: 'none' }).reasoning).toEqual({ enabled: false })
    expect(decode({ response_format: { type: 'json_object' } }).responseFormat).toEqual({ type: 'json-object' })
  })

  test('n > 1 is rejected instead of silently returning one choice', () => {
    expect(rejection({ n: 2 }).message).toContain('n must be 1')
    expect(decode({ n: 1 }).messages).toEqual([])
  })

  test('invalid shapes are rejected naming the field', () => {
    expect(rejection({ messages: 'hi' }).message).toContain('messages')
    expect(rejection({ temperature: 'hot' }).message).toContain('temperature')
    expect(rejection({ messages: [{ role: 'robot', content: 'x' }] }).message).toContain('messages[0].role')
    expect(rejection({ messages: [{ role: 'tool', content: 'x' }] }).message).toContain('messages[0].tool_call_id')
    expect(rejection({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] }).message).toContain('messages[0].content[0].image_url.url')
    expect(rejection({ tool_choice: 'any' }).message).toContain('tool_choice')
    expect(rejection({ stop: [1] }).message).toContain('stop')
    expect(rejection({ model: '' }).status).toBe(400)
  })
})
