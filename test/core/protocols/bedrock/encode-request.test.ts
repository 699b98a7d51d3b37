import { describe, expect, test } from 'bun:test'
import type { ChatRequest } from '../../../../src/core/model/index.ts'
import { WarningSink } from '../../../../src/core/model/index.ts'
import { decodeBedrockRequest } from '../../../../src/core/protocols/bedrock/decode-request.ts'
import { encodeBedrockCountTokensRequest, encodeBedrockRequest } from '../../../../src/core/protocols/bedrock/encode-request.ts'
import { encodeContext } from './support.ts'

const CLAUDE = 'anthropic.claude-sonnet-4-5-20250929-v1:0'
const request = (overrides: Partial<ChatRequest>): ChatRequest => ({ model: 'client', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], tools: [], stream: false, ...overrides })
const bodyOf = (chat: ChatRequest, context = encodeContext()) => encodeBedrockRequest(chat, context).body as Record<string, unknown>
const codes = (context: ReturnType<typeof encodeContext>) => context.warnings.items.map((item) => item.code)

describe('encode-request (canonical → Bedrock wire)', () => {
  test('a Bedrock request survives decode → encode unchanged', () => {
    const wire = {
      messages: [
        { role: 'user', content: [
          { text: 'Look', },
          { cachePoint: { type: 'default' } },
          { image: { format: 'png', source: { bytes: 'iVBOR' } } },
          { document: { format: 'pdf', name: 'Q3 report', source: { bytes: 'JVBER' } } },
        ] },
        { role: 'assistant', content: [
          { reasoningContent: { reasoningText: { text: 'hmm', signature: 'EqQB' } } },
          { reasoningContent: { redactedContent: 'EmwK' } },
          { text: 'Calling' },
          { toolUse: { toolUseId: 'tooluse_1', name: 'get', input: { q: 1 } } },
        ] },
        { role: 'user', content: [
          { toolResult: { toolUseId: 'tooluse_1', content: [{ text: 'one' }], status: 'error' } },
          { text: 'and now?' },
        ] },
      ],
      inferenceConfig: { maxTokens: 20000, temperature: 1, stopSequences: ['END'] },
      system: [{ text: 'Be terse.' }, { cachePoint: { type: 'default', ttl: '1h' } }],
      toolConfig: { tools: [{ toolSpec: { name: 'get', description: 'Get it', inputSchema: { json: { type: 'object', properties: {} } } } }, { systemTool: { name: 'nova_grounding' } }], toolChoice: { auto: {} } },
      additionalModelRequestFields: { anthropic_beta: ['x'], thinking: { type: 'enabled', budget_tokens: 4096 } },
      guardrailConfig: { guardrailIdentifier: 'g', guardrailVersion: '1' },
    }
    const warnings = new WarningSink()
    const chat = decodeBedrockRequest(wire, { group: 'chat', pathModel: CLAUDE, pathStream: false }, warnings)
    const context = encodeContext({ upstreamModel: CLAUDE })
    expect(bodyOf(chat, context)).toEqual(wire)
    expect([...warnings.items, ...context.warnings.items]).toEqual([])
  })

  test('the model id goes in the path percent-encoded, ARNs included; streaming picks converse-stream', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc'
    expect(encodeBedrockRequest(request({ stream: true }), encodeContext({ upstreamModel: arn }))).toMatchObject({
      path: 'model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc/converse-stream',
      stream: true,
    })
    expect(encodeBedrockRequest(request({}), encodeContext({ upstreamModel: CLAUDE })).path).toBe('model/anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse')
  })

  test('only Bedrock reasoning goes back; other providers’ reasoning is dropped with a warning', () => {
    const context = encodeContext()
    const body = bodyOf(request({ messages: [
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
      { role: 'assistant', content: [
        { type: 'reasoning', text: 'anthropic', signature: 'sigA', origin: 'anthropic' },
        { type: 'reasoning', text: 'deepseek' },
        { type: 'reasoning', text: 'mine', signature: 'sigB', origin: 'bedrock' },
        { type: 'text', text: 'answer' },
      ] },
    ] }), context)
    expect((body.messages as Array<{ content: unknown[] }>)[1]!.content).toEqual([
      { reasoningContent: { reasoningText: { text: 'mine', signature: 'sigB' } } },
      { text: 'answer' },
    ])
    expect(context.warnings.items.map((item) => [item.code, item.field])).toEqual([
      ['dropped-reasoning', 'messages[1].content[0]'],
      ['dropped-reasoning', 'messages[1].content[1]'],
    ])
  })

  test('built-in tools of other protocols are removed with a warning', () => {
    const context = encodeContext()
    const body = bodyOf(request({ tools: [{ name: 'f', inputSchema: { type: 'object' } }], builtinTools: [{ protocol: 'anthropic', type: 'web_search_20250305', definition: { type: 'web_search_20250305' } }] }), context)
    expect(body.toolConfig).toEqual({ tools: [{ toolSpec: { name: 'f', inputSchema: { json: { type: 'object' } } } }] })
    expect(codes(context)).toEqual(['builtin-tool-removed'])
  })

  test('tool choice none sends no tools, unless the history has tool calls (then tools without a choice)', () => {
    const tools = [{ name: 'f', inputSchema: { type: 'object' } }]
    expect(bodyOf(request({ tools, toolChoice: 'none' })).toolConfig).toBeUndefined()
    const history: ChatRequest['messages'] = [
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'f', arguments: '{}' }] },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'c1', content: [{ type: 'text', text: 'r' }] }] },
    ]
    expect(bodyOf(request({ tools, toolChoice: 'none', messages: history })).toolConfig).toEqual({ tools: [{ toolSpec: { name: 'f', inputSchema: { json: { type: 'object' } } } }] })
  })

  test('a history with tool calls and no tools declares the called tools (Converse requires toolConfig)', () => {
    const context = encodeContext()
    const body = bodyOf(request({ messages: [
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'lookup', arguments: '{"a":1}' }] },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'c1', content: [{ type: 'text', text: 'r' }] }] },
    ] }), context)
    expect(body.toolConfig).toEqual({ tools: [{ toolSpec: { name: 'lookup', inputSchema: { json: { type: 'object', properties: {} } } } }] })
    expect(codes(context)).toEqual(['added-tool-definitions'])
  })

  test('tool choices: required → any, a name → tool; forced choices become auto under thinking', () => {
    const tools = [{ name: 'f', inputSchema: { type: 'object' } }]
    expect((bodyOf(request({ tools, toolChoice: 'required' })).toolConfig as { toolChoice: unknown }).toolChoice).toEqual({ any: {} })
    expect((bodyOf(request({ tools, toolChoice: { name: 'f' } })).toolConfig as { toolChoice: unknown }).toolChoice).toEqual({ tool: { name: 'f' } })
    const context = encodeContext()
    const body = bodyOf(request({ tools, toolChoice: 'required', reasoning: { enabled: true, budgetTokens: 2000 } }), context)
    expect((body.toolConfig as { toolChoice: unknown }).toolChoice).toEqual({ auto: {} })
    expect(codes(context)).toContain('changed-tool-choice')
  })

  test('a tool turn that comes back without its signed reasoning turns Claude thinking off for that request', () => {
    const context = encodeContext()
    const turns: ChatRequest['messages'] = [
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      { role: 'assistant', content: [{ type: 'reasoning', text: 'unsigned' }, { type: 'tool-call', id: 'tooluse_1', name: 'get', arguments: '{}' }] },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'tooluse_1', content: [{ type: 'text', text: 'sunny' }] }] },
    ]
    const tools = [{ name: 'get', inputSchema: { type: 'object' } }]
    const body = bodyOf(request({ messages: turns, tools, reasoning: { enabled: true, effort: 'low' } }), context)
    expect(body.additionalModelRequestFields).toBeUndefined()
    expect((body.messages as Array<{ content: unknown[] }>)[1]?.content).toEqual([{ toolUse: { toolUseId: 'tooluse_1', name: 'get', input: {} } }])
    expect(codes(context)).toContain('disabled-thinking')
  })

  test('Claude thinking: the budget goes in additionalModelRequestFields, maxTokens grows to fit, temperature and top_k are dropped', () => {
    const context = encodeContext()
    const body = bodyOf(request({ maxOutputTokens: 1000, temperature: 0.2, topK: 5, reasoning: { enabled: true, effort: 'high' } }), context)
    expect(body.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 16384 } })
    expect(body.inferenceConfig).toEqual({ maxTokens: 17384 })
    expect(context.warnings.items.map((item) => [item.code, item.field])).toEqual([
      ['raised-max-tokens', 'maxTokens'],
      ['dropped-field', 'temperature'],
      ['dropped-field', 'top_k'],
    ])
  })

  test('Nova: reasoningConfig with an effort, and topK inside additionalModelRequestFields.inferenceConfig', () => {
    const context = encodeContext({ upstreamModel: 'us.amazon.nova-2-lite-v1:0' })
    expect(bodyOf(request({ topK: 20 }), context).additionalModelRequestFields).toEqual({ inferenceConfig: { topK: 20 } })
    expect(bodyOf(request({ reasoning: { enabled: true, effort: 'minimal' } }), context).additionalModelRequestFields).toEqual({ reasoningConfig: { type: 'enabled', maxReasoningEffort: 'low' } })
  })

  test('same-role turns merge, tool results come first, blank text is dropped', () => {
    const body = bodyOf(request({ messages: [
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'f', arguments: '' }] },
      { role: 'user', content: [{ type: 'text', text: 'also this' }, { type: 'text', text: '  ' }] },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'c1', content: [{ type: 'text', text: 'r' }] }] },
    ], tools: [{ name: 'f', inputSchema: { type: 'object' } }] }))
    expect(body.messages).toEqual([
      { role: 'user', content: [{ text: 'q' }] },
      { role: 'assistant', content: [{ toolUse: { toolUseId: 'c1', name: 'f', input: {} } }] },
      { role: 'user', content: [{ toolResult: { toolUseId: 'c1', content: [{ text: 'r' }] } }, { text: 'also this' }] },
    ])
  })

  test('images: data URLs become bytes, web URLs a text placeholder with a warning', () => {
    const context = encodeContext()
    const body = bodyOf(request({ messages: [{ role: 'user', content: [
      { type: 'image', source: { kind: 'url', url: 'data:image/jpeg;base64,/9j/' } },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' } },
      { type: 'text', text: 'what?' },
    ] }] }), context)
    expect((body.messages as Array<{ content: unknown[] }>)[0]!.content).toEqual([
      { image: { format: 'jpeg', source: { bytes: '/9j/' } } },
      { text: '[image: https://example.com/cat.png]' },
      { text: 'what?' },
    ])
    expect(codes(context)).toEqual(['dropped-image'])
  })

  test('a document gets a name Bedrock accepts, and a text block beside it', () => {
    const context = encodeContext()
    const body = bodyOf(request({ messages: [{ role: 'user', content: [{ type: 'document', title: 'report_v2.final.pdf', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBER' } }] }] }), context)
    expect((body.messages as Array<{ content: unknown[] }>)[0]!.content).toEqual([
      { document: { format: 'pdf', name: 'report v2 final pdf', source: { bytes: 'JVBER' } } },
      { text: 'report v2 final pdf' },
    ])
    expect(codes(context)).toEqual(['added-text-block'])
  })

  test('response formats: a JSON Schema goes in outputConfig as a string; JSON mode is an instruction', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } }
    expect(bodyOf(request({ responseFormat: { type: 'json-schema', name: 'out', schema } })).outputConfig).toEqual({
      textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'out' } } },
    })
    const context = encodeContext()
    expect(bodyOf(request({ responseFormat: { type: 'json-object' } }), context).system).toEqual([{ text: 'Respond with a single JSON object.' }])
    expect(codes(context)).toEqual(['emulated-response-format'])
  })

  test('maxTokens is clamped to the catalog cap, and defaults when the client gave none', () => {
    const context = encodeContext({ maxOutputTokensCap: 8192 })
    expect(bodyOf(request({ maxOutputTokens: 64000 }), context).inferenceConfig).toEqual({ maxTokens: 8192 })
    expect(codes(context)).toEqual(['clamped-max-tokens'])
    expect(bodyOf(request({}), encodeContext({ defaultMaxOutputTokens: 1234 })).inferenceConfig).toEqual({ maxTokens: 1234 })
  })

  test('count-tokens wraps the Converse body without inferenceConfig', () => {
    const upstream = encodeBedrockCountTokensRequest(request({ stream: true }), encodeContext({ upstreamModel: CLAUDE }))
    expect(upstream).toEqual({
      path: 'model/anthropic.claude-sonnet-4-5-20250929-v1%3A0/count-tokens',
      body: { input: { converse: { messages: [{ role: 'user', content: [{ text: 'hi' }] }] } } },
      stream: false,
    })
  })
})

test('an empty tool result is filled, since Converse rejects empty and blank results', () => {
  const context = encodeContext()
  const body = bodyOf(request({ tools: [{ name: 'f', inputSchema: { type: 'object' } }], messages: [
    { role: 'user', content: [{ type: 'text', text: 'q' }] },
    { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'f', arguments: '{}' }] },
    { role: 'user', content: [{ type: 'tool-result', toolCallId: 'c1', content: [{ type: 'text', text: ' ' }] }] },
  ] }), context)
  expect((body.messages as Array<{ content: unknown[] }>)[2]!.content).toEqual([{ toolResult: { toolUseId: 'c1', content: [{ text: '(empty)' }] } }])
  expect(codes(context)).toEqual(['filled-empty-tool-result'])
})
