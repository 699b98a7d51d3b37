import { describe, expect, test } from 'bun:test'
import { BridgeError } from '../../../../src/core/errors.ts'
import { WarningSink } from '../../../../src/core/model/index.ts'
import { decodeOpenaiResponsesRequest } from '../../../../src/core/protocols/openai-responses/decode-request.ts'
import { COMPACT_ROUTE } from '../../../../src/core/protocols/openai-responses/routes.ts'

const chat = { group: 'chat' as const }

function decode(body: Record<string, unknown>, warnings = new WarningSink()) {
  return decodeOpenaiResponsesRequest({ model: 'gpt-5', ...body }, chat, warnings)
}

function rejection(body: Record<string, unknown>): BridgeError {
  try {
    decode(body)
  } catch (error) {
    if (error instanceof BridgeError) return error
    throw error
  }
  throw new Error('expected a rejection')
}

/** Codex's apply_patch: a freeform tool constrained by a Lark grammar. */
const applyPatch = {
  type: 'custom',
  name: 'apply_patch',
  description: 'Use the `apply_patch` tool to edit files.',
  format: { type: 'grammar', syntax: 'lark', definition: 'start: begin_patch hunk+ end_patch' },
}

describe('decode-request: input and instructions', () => {
  test('a string input is one user message and instructions become the system prompt', () => {
    const request = decode({ input: 'Hello', instructions: 'Be terse.' })
    expect(request.system).toEqual([{ type: 'text', text: 'Be terse.' }])
    expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }])
  })

  test('developer messages join the system prompt after instructions; images and files keep their sources', () => {
    const request = decode({
      instructions: 'A',
      input: [
        { role: 'developer', content: 'B' },
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is this?' },
            { type: 'input_image', image_url: 'data:image/png;base64,iVBOR', detail: 'auto' },
            { type: 'input_image', image_url: 'https://example.com/a.png', detail: 'low' },
            { type: 'input_file', filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBER' },
          ],
        },
      ],
    })
    expect(request.system.map((part) => part.text)).toEqual(['A', 'B'])
    expect(request.messages[0]?.content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } },
      { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBER' }, title: 'a.pdf' },
    ])
  })

  test('reasoning, message and function calls form one assistant turn; outputs and the next user text one user turn', () => {
    const request = decode({
      input: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Two cities.' }], encrypted_content: 'gAAAA1' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.', annotations: [] }] },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call', call_id: 'call_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
        { type: 'function_call_output', call_id: 'call_1', output: '15°C' },
        { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: '18°C' }] },
        { role: 'user', content: 'Thanks' },
      ],
    })
    expect(request.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user'])
    expect(request.messages[1]?.content).toEqual([
      { type: 'reasoning', text: 'Two cities.', signature: 'gAAAA1', origin: 'openai-responses' },
      { type: 'text', text: 'Checking.' },
      { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'tool-call', id: 'call_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
    ])
    expect(request.messages[2]?.content).toEqual([
      { type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: '15°C' }] },
      { type: 'tool-result', toolCallId: 'call_2', content: [{ type: 'text', text: '18°C' }] },
      { type: 'text', text: 'Thanks' },
    ])
  })

  test("an echoed reasoning item holding the bridge's envelope gets no origin: the envelope stage restores it", () => {
    const request = decode({ input: [{ type: 'reasoning', summary: [], encrypted_content: 'lbr1.abc.def' }, { type: 'message', role: 'assistant', content: 'x' }] })
    expect(request.messages[0]?.content[0]).toEqual({ type: 'reasoning', text: '', signature: 'lbr1.abc.def' })
  })

  test('item_reference is refused: a stateless bridge cannot resolve it', () => {
    const error = rejection({ input: [{ type: 'item_reference', id: 'msg_1' }] })
    expect(error.status).toBe(400)
    expect(error.message).toContain('resend the whole conversation')
  })

  test('items of built-in tools are dropped with a warning', () => {
    const warnings = new WarningSink()
    const request = decode({ input: [{ role: 'user', content: 'hi' }, { type: 'web_search_call', id: 'ws_1', status: 'completed' }] }, warnings)
    expect(request.messages).toHaveLength(1)
    expect(warnings.items.map((item) => item.code)).toEqual(['dropped-item'])
  })
})

describe('decode-request: stateless bridge', () => {
  for (const [field, value] of [['store', true], ['previous_response_id', 'resp_1'], ['conversation', 'conv_1'], ['background', true]] as const) {
    test(`${field} is refused with a 400 telling the client to resend the whole input`, () => {
      const error = rejection({ input: 'hi', [field]: value })
      expect(error.kind).toBe('invalid-request')
      expect(error.status).toBe(400)
      expect(error.message).toContain(field)
      expect(error.message).toContain('stateless')
    })
  }

  test('store: false is accepted', () => {
    expect(decode({ input: 'hi', store: false }).messages).toHaveLength(1)
  })
})

describe('decode-request: tools', () => {
  test('a custom tool becomes a function with one string parameter input, remembered as custom', () => {
    const request = decode({ input: 'hi', tools: [applyPatch] })
    expect(request.tools).toHaveLength(1)
    const tool = request.tools[0]!
    expect(tool.name).toBe('apply_patch')
    expect(tool.inputSchema).toMatchObject({ type: 'object', required: ['input'], properties: { input: { type: 'string' } } })
    expect(JSON.stringify(tool.inputSchema)).toContain('start: begin_patch hunk+ end_patch')
    expect(request.extensions?.['openai-responses']?.custom_tools).toEqual({ apply_patch: applyPatch })
  })

  test('a custom tool call in history becomes arguments {"input": raw}', () => {
    const request = decode({ input: [{ type: 'custom_tool_call', call_id: 'call_9', name: 'apply_patch', input: '*** Begin Patch\n' }], tools: [applyPatch] })
    expect(request.messages[0]?.content[0]).toEqual({ type: 'tool-call', id: 'call_9', name: 'apply_patch', arguments: '{"input":"*** Begin Patch\\n"}' })
  })

  test('namespace members are flattened and their names remembered; the functions namespace stays flat', () => {
    const request = decode({
      input: [{ type: 'function_call', call_id: 'c1', namespace: 'mcp__docs', name: 'search', arguments: '{}' }],
      tools: [
        { type: 'namespace', name: 'mcp__docs', description: 'Docs server', tools: [{ type: 'function', name: 'search', parameters: { type: 'object' } }] },
        { type: 'namespace', name: 'functions', description: 'Codex', tools: [{ type: 'function', name: 'shell', parameters: { type: 'object' } }] },
      ],
    })
    expect(request.tools.map((tool) => tool.name)).toEqual(['mcp__docs__search', 'shell'])
    expect(request.extensions?.['openai-responses']?.namespaced_tools).toEqual({ mcp__docs__search: { namespace: 'mcp__docs', name: 'search' } })
    expect(request.messages[0]?.content[0]).toMatchObject({ type: 'tool-call', name: 'mcp__docs__search' })
  })

  test('built-in tools become builtinTools of protocol openai-responses, in order', () => {
    const tools = [{ type: 'web_search' }, { type: 'image_generation' }, { type: 'tool_search' }, { type: 'local_shell' }, { type: 'function', name: 'f', parameters: {} }]
    const request = decode({ input: 'hi', tools })
    expect(request.tools.map((tool) => tool.name)).toEqual(['f'])
    expect(request.builtinTools).toEqual(tools.slice(0, 4).map((definition) => ({ protocol: 'openai-responses', type: definition.type, definition })))
  })

  test('additional_tools input items add their tools', () => {
    const request = decode({ input: [{ type: 'additional_tools', role: 'developer', tools: [{ type: 'function', name: 'late', parameters: {} }] }] })
    expect(request.tools.map((tool) => tool.name)).toEqual(['late'])
  })
})

describe('decode-request: tool_choice in every form', () => {
  const tools = [{ type: 'function', name: 'get_weather', parameters: {} }, applyPatch, { type: 'namespace', name: 'mcp__docs', description: '', tools: [{ type: 'function', name: 'search' }] }]
  const cases: Array<[unknown, unknown, boolean]> = [
    ['auto', 'auto', false],
    ['none', 'none', false],
    ['required', 'required', false],
    [{ type: 'function', name: 'get_weather' }, { name: 'get_weather' }, false],
    [{ type: 'custom', name: 'apply_patch' }, { name: 'apply_patch' }, false],
    [{ type: 'function', name: 'search' }, { name: 'mcp__docs__search' }, false],
    [{ type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'get_weather' }] }, 'required', true],
    [{ type: 'web_search_preview' }, 'auto', true],
    [{ type: 'mcp', server_label: 'deepwiki' }, 'auto', true],
  ]
  for (const [wire, canonical, keepsRaw] of cases) {
    test(`${JSON.stringify(wire)} → ${JSON.stringify(canonical)}`, () => {
      const request = decode({ input: 'hi', tools, tool_choice: wire })
      expect(request.toolChoice).toEqual(canonical as never)
      expect(request.extensions?.['openai-responses']?.tool_choice_raw).toEqual(keepsRaw ? wire : undefined)
    })
  }
})

describe('decode-request: settings', () => {
  test('max_output_tokens, reasoning, text.format, parallel_tool_calls, user and the rest', () => {
    const request = decode({
      input: 'hi',
      max_output_tokens: 4096,
      temperature: 0.2,
      top_p: 0.9,
      parallel_tool_calls: false,
      reasoning: { effort: 'high', summary: 'auto' },
      text: { format: { type: 'json_schema', name: 'weather', schema: { type: 'object' }, strict: true }, verbosity: 'low' },
      safety_identifier: 'user-42',
      metadata: { run: '1' },
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: 'k',
      stream: true,
    })
    expect(request).toMatchObject({
      maxOutputTokens: 4096,
      temperature: 0.2,
      topP: 0.9,
      parallelToolCalls: false,
      reasoning: { enabled: true, effort: 'high' },
      responseFormat: { type: 'json-schema', name: 'weather', schema: { type: 'object' }, strict: true },
      user: 'user-42',
      stream: true,
    })
    expect(request.extensions?.['openai-responses']).toMatchObject({
      reasoning_summary: 'auto',
      text_verbosity: 'low',
      metadata: { run: '1' },
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: 'k',
      safety_identifier: 'user-42',
    })
  })

  test('reasoning effort none turns reasoning off', () => {
    expect(decode({ input: 'hi', reasoning: { effort: 'none' } }).reasoning).toEqual({ enabled: false })
  })

  test('the compact route decodes the same input, never streams, and is marked for emulation', () => {
    const request = decodeOpenaiResponsesRequest({ model: 'gpt-5', input: 'long history', stream: true }, { ...COMPACT_ROUTE }, new WarningSink())
    expect(request.stream).toBe(false)
    expect(request.extensions?.['openai-responses']?.operation).toBe('compact')
  })
})
