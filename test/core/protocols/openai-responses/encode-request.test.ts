import { describe, expect, test } from 'bun:test'
import type { ChatRequest } from '../../../../src/core/model/index.ts'
import { WarningSink } from '../../../../src/core/model/index.ts'
import type { EncodeContext } from '../../../../src/core/protocols/codec.ts'
import { decodeOpenaiResponsesRequest } from '../../../../src/core/protocols/openai-responses/decode-request.ts'
import { encodeOpenaiResponsesRequest } from '../../../../src/core/protocols/openai-responses/encode-request.ts'

function context(extra: Partial<EncodeContext> = {}): EncodeContext {
  return { upstreamModel: 'gpt-5.1', clientModel: 'client', warnings: new WarningSink(), ...extra }
}

const base: ChatRequest = { model: 'claude-sonnet-4-5', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], tools: [], stream: true }

function body(request: ChatRequest, ctx = context()): Record<string, unknown> {
  return encodeOpenaiResponsesRequest(request, ctx).body as Record<string, unknown>
}

describe('encode-request: a stateless Responses request', () => {
  test('always store false and encrypted reasoning included, on the responses path', () => {
    const encoded = encodeOpenaiResponsesRequest(base, context())
    expect(encoded.path).toBe('responses')
    expect(encoded.stream).toBe(true)
    expect(encoded.body).toEqual({
      model: 'gpt-5.1',
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }],
      store: false,
      include: ['reasoning.encrypted_content'],
      stream: true,
    })
  })

  test('a Responses client that asked for store:false keeps its include list, with encrypted reasoning added once', () => {
    const request = decodeOpenaiResponsesRequest({ model: 'm', input: 'hi', include: ['web_search_call.action.sources'], store: false }, { group: 'chat' }, new WarningSink())
    expect(body(request).include).toEqual(['web_search_call.action.sources', 'reasoning.encrypted_content'])
    expect(body(request).store).toBe(false)
  })

  test('system becomes instructions; max tokens, sampling, reasoning and the JSON schema format map across', () => {
    const encoded = body({
      ...base,
      system: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }],
      maxOutputTokens: 2000,
      temperature: 0.5,
      topP: 0.9,
      reasoning: { enabled: true, budgetTokens: 8000 },
      responseFormat: { type: 'json-schema', name: 'w', schema: { type: 'object' }, strict: true },
      user: 'u-1',
    })
    expect(encoded).toMatchObject({
      instructions: 'A\n\nB',
      max_output_tokens: 2000,
      temperature: 0.5,
      top_p: 0.9,
      reasoning: { effort: 'medium', summary: 'auto' },
      text: { format: { type: 'json_schema', name: 'w', schema: { type: 'object' }, strict: true } },
      user: 'u-1',
    })
  })

  test('stop sequences and top_k are dropped with warnings; max tokens below 16 are raised', () => {
    const ctx = context()
    const encoded = body({ ...base, stopSequences: ['END'], topK: 5, maxOutputTokens: 1 }, ctx)
    expect(encoded.max_output_tokens).toBe(16)
    expect(ctx.warnings.items.map((item) => item.code).sort()).toEqual(['clamped-max-tokens', 'dropped-field', 'dropped-field'])
  })

  test('a model the catalog knows not to reason gets no reasoning and no encrypted-content include', () => {
    const encoded = body({ ...base, reasoning: { enabled: true, effort: 'high' } }, context({ upstreamReasons: false }))
    expect(encoded.reasoning).toBeUndefined()
    expect(encoded.include).toBeUndefined()
  })

  test("a Responses client's own encrypted-content include is removed for such a model, with a warning", () => {
    const ctx = context({ upstreamReasons: false })
    const request = decodeOpenaiResponsesRequest({ model: 'm', input: 'hi', include: ['reasoning.encrypted_content', 'message.output_text.logprobs'] }, { group: 'chat' }, new WarningSink())
    expect(body(request, ctx).include).toEqual(['message.output_text.logprobs'])
    expect(ctx.warnings.items.map((item) => item.field)).toEqual(['include'])
  })
})

describe('encode-request: tools', () => {
  test('function tools are flat with strict sent explicitly; tool choice by name', () => {
    const encoded = body({ ...base, tools: [{ name: 'get_weather', description: 'Weather', inputSchema: { type: 'object' } }], toolChoice: { name: 'get_weather' }, parallelToolCalls: false })
    expect(encoded.tools).toEqual([{ type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object' }, strict: false }])
    expect(encoded.tool_choice).toEqual({ type: 'function', name: 'get_weather' })
    expect(encoded.parallel_tool_calls).toBe(false)
  })

  test("another protocol's built-in tools are removed with a builtin-tool-removed warning", () => {
    const ctx = context()
    const encoded = body({ ...base, builtinTools: [{ protocol: 'anthropic', type: 'web_search_20250305', definition: { type: 'web_search_20250305', name: 'web_search' } }] }, ctx)
    expect(encoded.tools).toBeUndefined()
    expect(ctx.warnings.items).toEqual([expect.objectContaining({ code: 'builtin-tool-removed', field: 'tools (web_search_20250305)' })])
  })

  test("a Responses client's custom and built-in tools and its raw tool_choice go out as they came", () => {
    const applyPatch = { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: x' } }
    const request = decodeOpenaiResponsesRequest(
      { model: 'm', input: [{ type: 'custom_tool_call', call_id: 'c1', name: 'apply_patch', input: 'PATCH' }, { type: 'custom_tool_call_output', call_id: 'c1', output: 'ok' }], tools: [applyPatch, { type: 'web_search' }], tool_choice: { type: 'web_search_preview' } },
      { group: 'chat' },
      new WarningSink(),
    )
    const encoded = body(request)
    expect(encoded.tools).toEqual([applyPatch, { type: 'web_search' }])
    expect(encoded.tool_choice).toEqual({ type: 'web_search_preview' })
    expect(encoded.input).toEqual([
      { type: 'custom_tool_call', call_id: 'c1', name: 'apply_patch', input: 'PATCH' },
      { type: 'custom_tool_call_output', call_id: 'c1', output: 'ok' },
    ])
  })
})

describe('encode-request: history', () => {
  test('an assistant turn becomes reasoning, message and function_call items in order; tool results come first in the user turn', () => {
    const encoded = body({
      ...base,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Need the tool.', signature: 'gAAAA-enc', origin: 'openai-responses' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'and?' },
            { type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: 'boom' }], isError: true },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } },
          ],
        },
      ],
    })
    expect(encoded.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Weather?' }] },
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Need the tool.' }], encrypted_content: 'gAAAA-enc' },
      { type: 'message', role: 'assistant', content: 'Checking.' },
      { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'Error: boom' },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'and?' }, { type: 'input_image', image_url: 'data:image/png;base64,iVBOR', detail: 'auto' }] },
    ])
  })

  test('reasoning minted by another upstream is dropped with a warning, never sent as encrypted content', () => {
    const ctx = context()
    const encoded = body(
      { ...base, messages: [{ role: 'assistant', content: [{ type: 'reasoning', text: 'thinking', signature: 'EqQBCkYI', origin: 'anthropic' }, { type: 'text', text: 'ok' }] }] },
      ctx,
    )
    expect(encoded.input).toEqual([{ type: 'message', role: 'assistant', content: 'ok' }])
    expect(ctx.warnings.items.map((item) => item.code)).toEqual(['dropped-reasoning'])
  })

  test('encrypted_content round-trips: a Responses client echo comes back out unchanged', () => {
    const client = {
      model: 'm',
      input: [
        { role: 'user', content: 'q' },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'S1' }, { type: 'summary_text', text: 'S2' }], encrypted_content: 'gAAAAABpPDIU' },
        { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'r' },
      ],
      tools: [{ type: 'function', name: 'f', parameters: {} }],
    }
    const encoded = body(decodeOpenaiResponsesRequest(client, { group: 'chat' }, new WarningSink()))
    expect(encoded.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'q' }] },
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'S1\n\nS2' }], encrypted_content: 'gAAAAABpPDIU' },
      { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'r' },
    ])
  })
})
