import { describe, expect, test } from 'bun:test'
import type { ChatMessage, ChatRequest } from '../../../../src/core/model/index.ts'
import { WarningSink } from '../../../../src/core/model/index.ts'
import { decodeGeminiRequest } from '../../../../src/core/protocols/gemini/decode-request.ts'
import { SKIP_THOUGHT_SIGNATURE } from '../../../../src/core/protocols/gemini/encode-contents.ts'
import { encodeGeminiCountTokensRequest, encodeGeminiRequest } from '../../../../src/core/protocols/gemini/encode-request.ts'
import type { WireGenerateContentRequest } from '../../../../src/core/protocols/gemini/wire.ts'
import { encodeContext } from './support.ts'

function request(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'client', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], tools: [], stream: false, ...overrides }
}

function encode(chat: ChatRequest, overrides: Parameters<typeof encodeContext>[0] = {}) {
  const context = encodeContext(overrides)
  const upstream = encodeGeminiRequest(chat, context)
  return { upstream, body: upstream.body as WireGenerateContentRequest, warnings: context.warnings.items }
}

describe('canonical → Gemini request', () => {
  test('the path names the upstream model; streams always ask for SSE', () => {
    expect(encode(request()).upstream).toMatchObject({ path: 'v1beta/models/gemini-2.5-flash:generateContent', stream: false })
    expect(encode(request({ stream: true })).upstream).toMatchObject({ path: 'v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', stream: true })
    expect(encode(request(), { upstreamModel: 'models/gemini-3-pro-preview' }).upstream.path).toBe('v1beta/models/gemini-3-pro-preview:generateContent')
  })

  test('system, roles and settings: one systemInstruction, model role, merged consecutive turns', () => {
    const { body } = encode(request({
      system: [{ type: 'text', text: 'Be terse.' }, { type: 'text', text: '  ' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'A' }] },
        { role: 'user', content: [{ type: 'text', text: 'B' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'C' }] },
      ],
      maxOutputTokens: 500,
      temperature: 0.2,
      stopSequences: ['1', '2', '3', '4', '5', '6'],
    }))
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be terse.' }] })
    expect(body.contents).toEqual([{ role: 'user', parts: [{ text: 'A' }, { text: 'B' }] }, { role: 'model', parts: [{ text: 'C' }] }])
    expect(body.generationConfig).toEqual({ maxOutputTokens: 500, temperature: 0.2, stopSequences: ['1', '2', '3', '4', '5'] })
  })

  test('tool schemas lose the keywords Gemini rejects, $ref is resolved inline, with one warning naming them', () => {
    const { body, warnings } = encode(request({
      tools: [
        {
          name: 'create',
          description: 'Create things',
          inputSchema: {
            $schema: 'http://json-schema.org/draft-07/schema#',
            type: 'object',
            additionalProperties: false,
            properties: {
              item: { $ref: '#/$defs/Item' },
              tags: { type: 'object', propertyNames: { pattern: '^[a-z]+$' }, additionalProperties: { type: 'string' } },
              mode: { const: 'fast' },
              when: { type: ['string', 'null'], format: 'date-time' },
              url: { type: 'string', format: 'uri' },
              either: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
            },
            required: ['item', 'ghost'],
            $defs: { Item: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false } },
          },
        },
        { name: 'noop', inputSchema: { type: 'object', properties: {}, additionalProperties: false } },
      ],
    }))
    expect(body.tools).toEqual([{
      functionDeclarations: [
        {
          name: 'create',
          description: 'Create things',
          parameters: {
            type: 'object',
            properties: {
              item: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
              tags: { type: 'object' },
              mode: { enum: ['fast'], type: 'string' },
              when: { type: 'string', nullable: true, format: 'date-time' },
              url: { type: 'string' },
              either: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
            },
            required: ['item'],
          },
        },
        { name: 'noop' },
      ],
    }])
    expect(warnings).toEqual([{
      code: 'sanitized-tool-schema',
      field: 'tools',
      message: expect.stringContaining('$schema, additionalProperties, format, oneOf (sent as anyOf), propertyNames'),
    }])
  })

  test('a recursive $ref ends in an open object instead of looping', () => {
    const { body, warnings } = encode(request({
      tools: [{ name: 'tree', inputSchema: { type: 'object', properties: { node: { $ref: '#/definitions/Node' } }, definitions: { Node: { type: 'object', properties: { child: { $ref: '#/definitions/Node' } } } } } }],
    }))
    expect(body.tools?.[0]?.functionDeclarations?.[0]?.parameters?.properties).toEqual({ node: { type: 'object', properties: { child: { type: 'object' } } } })
    expect(warnings[0]?.message).toContain('$ref (recursive)')
  })

  test('tool choices map to functionCallingConfig', () => {
    const tools = [{ name: 'f', inputSchema: { type: 'object', properties: { a: { type: 'string' } } } }]
    const config = (toolChoice: ChatRequest['toolChoice']) => encode(request({ tools, toolChoice })).body.toolConfig
    expect(config('auto')).toEqual({ functionCallingConfig: { mode: 'AUTO' } })
    expect(config('none')).toEqual({ functionCallingConfig: { mode: 'NONE' } })
    expect(config('required')).toEqual({ functionCallingConfig: { mode: 'ANY' } })
    expect(config({ name: 'f' })).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['f'] } })
    expect(config(undefined)).toBeUndefined()
  })

  test('built-in tools of other protocols are removed with a warning; Gemini ones are restored', () => {
    const { body, warnings } = encode(request({
      builtinTools: [
        { protocol: 'anthropic', type: 'web_search_20250305', definition: { type: 'web_search_20250305', name: 'web_search' } },
        { protocol: 'gemini', type: 'googleSearch', definition: { googleSearch: {} } },
      ],
    }))
    expect(body.tools).toEqual([{ googleSearch: {} }])
    expect(warnings).toEqual([{ code: 'builtin-tool-removed', field: 'web_search_20250305', message: expect.stringContaining('anthropic') }])
  })

  test('a Gemini conversation round-trips its thought signatures onto the same parts', () => {
    const contents = [
      { role: 'user', parts: [{ text: 'Q' }] },
      {
        role: 'model',
        parts: [
          { text: 'Thinking', thought: true, thoughtSignature: 'sig-thought' },
          { functionCall: { id: 'call-1', name: 'f', args: { a: 1 } }, thoughtSignature: 'sig-call' },
          { functionCall: { id: 'call-2', name: 'f', args: { a: 2 } } },
        ],
      },
      { role: 'user', parts: [{ functionResponse: { id: 'call-1', name: 'f', response: { output: 'one' } } }, { functionResponse: { id: 'call-2', name: 'f', response: { output: 'two' } } }] },
      { role: 'model', parts: [{ text: 'Done' }, { text: '', thoughtSignature: 'sig-text' }] },
    ]
    const decoded = decodeGeminiRequest({ contents }, { group: 'chat', pathModel: 'gemini-3-pro-preview' }, new WarningSink())
    const { body, warnings } = encode(decoded, { upstreamModel: 'gemini-3-pro-preview' })
    expect(body.contents as unknown).toEqual([
      contents[0],
      contents[1],
      contents[2],
      { role: 'model', parts: [{ text: 'Done', thoughtSignature: 'sig-text' }] },
    ])
    expect(warnings).toEqual([])
  })

  test('function calls with made-up ids go back without an id and pair with their responses by order', () => {
    const contents = [
      { role: 'model', parts: [{ functionCall: { name: 'f', args: {} }, thoughtSignature: 's' }] },
      { role: 'user', parts: [{ functionResponse: { name: 'f', response: { output: 'r' } } }] },
    ]
    const decoded = decodeGeminiRequest({ contents }, { group: 'chat', pathModel: 'gemini-2.5-flash' }, new WarningSink())
    expect(encode(decoded).body.contents as unknown).toEqual(contents)
  })

  test('calls from another provider get the documented placeholder signature, with a warning, never in the id', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      { role: 'assistant', content: [
        { type: 'reasoning', text: 'Claude thought', signature: 'anthropic-sig', origin: 'anthropic' },
        { type: 'tool-call', id: 'toolu_01', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'tool-call', id: 'toolu_02', name: 'get_weather', arguments: '{"city":"Rome"}' },
      ] },
      { role: 'user', content: [
        { type: 'tool-result', toolCallId: 'toolu_01', content: [{ type: 'text', text: '15°C' }] },
        { type: 'tool-result', toolCallId: 'toolu_02', content: [{ type: 'text', text: 'failed' }], isError: true },
      ] },
    ]
    const { body, warnings } = encode(request({ messages }))
    expect(body.contents[1]).toEqual({ role: 'model', parts: [
      { functionCall: { name: 'get_weather', args: { city: 'Paris' }, id: 'toolu_01' }, thoughtSignature: SKIP_THOUGHT_SIGNATURE },
      { functionCall: { name: 'get_weather', args: { city: 'Rome' }, id: 'toolu_02' } },
    ] })
    expect(body.contents[2]).toEqual({ role: 'user', parts: [
      { functionResponse: { name: 'get_weather', response: { output: '15°C' }, id: 'toolu_01' } },
      { functionResponse: { name: 'get_weather', response: { error: 'failed' }, id: 'toolu_02' } },
    ] })
    expect(SKIP_THOUGHT_SIGNATURE).toBe('skip_thought_signature_validator')
    expect(warnings.map((warning) => warning.code).sort()).toEqual(['dropped-reasoning', 'placeholder-thought-signature'])
  })

  test('only the current turn gets the placeholder: Gemini validates no earlier turn', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'First question' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'old', name: 'f', arguments: '{}' }] },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'old', content: [{ type: 'text', text: 'r' }] }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Answer' }] },
      { role: 'user', content: [{ type: 'text', text: 'Second question' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'new', name: 'f', arguments: '{}' }] },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'new', content: [{ type: 'text', text: 'r' }] }] },
    ]
    const contents = encode(request({ messages })).body.contents
    expect(contents[1]?.parts[0]?.thoughtSignature).toBeUndefined()
    expect(contents[5]?.parts[0]?.thoughtSignature).toBe(SKIP_THOUGHT_SIGNATURE)
  })

  test('a sealed bridge envelope is never sent to Gemini as a signature', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'Q' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'c', name: 'f', arguments: '{}', signature: 'lbr1.abc.def' }] },
    ]
    expect(encode(request({ messages })).body.contents[1]?.parts[0]?.thoughtSignature).toBe(SKIP_THOUGHT_SIGNATURE)
  })

  test('reasoning maps to thinkingBudget for Gemini 2.5 and thinkingLevel for Gemini 3', () => {
    const thinking = (reasoning: ChatRequest['reasoning'], upstreamModel: string) => encode(request({ reasoning }), { upstreamModel })
    expect(thinking({ enabled: true, effort: 'medium' }, 'gemini-2.5-flash').body.generationConfig?.thinkingConfig).toEqual({ includeThoughts: true, thinkingBudget: 8192 })
    expect(thinking({ enabled: true, effort: 'medium' }, 'gemini-3-flash-preview').body.generationConfig?.thinkingConfig).toEqual({ includeThoughts: true, thinkingLevel: 'MEDIUM' })
    expect(thinking({ enabled: true, budgetTokens: 3000 }, 'gemini-3-pro-preview').body.generationConfig?.thinkingConfig).toEqual({ includeThoughts: true, thinkingBudget: 3000 })
    expect(thinking({ enabled: false }, 'gemini-2.5-flash').body.generationConfig?.thinkingConfig).toEqual({ thinkingBudget: 0 })
    const off3 = thinking({ enabled: false }, 'gemini-3-pro-preview')
    expect(off3.body.generationConfig?.thinkingConfig).toEqual({ thinkingLevel: 'LOW' })
    expect(off3.warnings.map((warning) => warning.code)).toEqual(['approximated-reasoning'])
    const max = thinking({ enabled: true, effort: 'max' }, 'gemini-3-pro-preview')
    expect(max.body.generationConfig?.thinkingConfig?.thinkingLevel).toBe('HIGH')
    expect(max.warnings.map((warning) => warning.code)).toEqual(['clamped-reasoning-effort'])
    const none = encode(request({ reasoning: { enabled: true, effort: 'high' } }), { upstreamReasons: false })
    expect(none.body.generationConfig).toBeUndefined()
    expect(none.warnings.map((warning) => warning.code)).toEqual(['dropped-reasoning'])
  })

  test('thinking budgets stay inside the Gemini 2.5 ranges, with a warning', () => {
    const flash = encode(request({ reasoning: { enabled: true, effort: 'xhigh' } }), { upstreamModel: 'gemini-2.5-flash' })
    expect(flash.body.generationConfig?.thinkingConfig).toEqual({ includeThoughts: true, thinkingBudget: 24576 })
    expect(flash.warnings.map((warning) => warning.code)).toEqual(['clamped-reasoning-budget'])
    const proOff = encode(request({ reasoning: { enabled: false } }), { upstreamModel: 'gemini-2.5-pro' })
    expect(proOff.body.generationConfig?.thinkingConfig).toEqual({ thinkingBudget: 128 })
    expect(proOff.warnings.map((warning) => warning.code)).toEqual(['approximated-reasoning'])
  })

  test('response formats, the output cap, media and dropped fields', () => {
    const { body, warnings } = encode(request({
      responseFormat: { type: 'json-schema', name: 'out', schema: { type: 'object', properties: { a: { type: 'string' } } } },
      maxOutputTokens: 100000,
      user: 'user-1',
      parallelToolCalls: false,
      tools: [{ name: 'f', inputSchema: { type: 'object', properties: { a: { type: 'string' } } } }],
      messages: [{ role: 'user', content: [
        { type: 'image', source: { kind: 'url', url: 'data:image/png;base64,iVBO' } },
        { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.webp' } },
        { type: 'document', source: { kind: 'text', text: 'Body' }, title: 'Doc' },
        { type: 'text', text: 'Look', cacheControl: { type: 'ephemeral' } },
      ] }],
    }), { maxOutputTokensCap: 65536 })
    expect(body.generationConfig).toEqual({ maxOutputTokens: 65536, responseMimeType: 'application/json', responseJsonSchema: { type: 'object', properties: { a: { type: 'string' } } } })
    expect(body.contents[0]?.parts).toEqual([
      { inlineData: { mimeType: 'image/png', data: 'iVBO' } },
      { fileData: { mimeType: 'image/webp', fileUri: 'https://example.com/cat.webp' } },
      { text: 'Doc\n\nBody' },
      { text: 'Look' },
    ])
    expect(warnings.map((warning) => warning.code).sort()).toEqual(['clamped-max-tokens', 'dropped-field', 'dropped-field', 'dropped-field'])
  })

  test('a Gemini client request re-encoded for Gemini keeps safetySettings and its other fields', () => {
    const safetySettings = [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }]
    const decoded = decodeGeminiRequest(
      { contents: [{ role: 'user', parts: [{ text: 'x' }] }], safetySettings, cachedContent: 'cachedContents/c', generationConfig: { seed: 3 } },
      { group: 'chat', pathModel: 'g' },
      new WarningSink(),
    )
    expect(encode(decoded).body).toMatchObject({ safetySettings, cachedContent: 'cachedContents/c', generationConfig: { seed: 3 } })
  })

  test('countTokens counts the whole request through generateContentRequest', () => {
    const upstream = encodeGeminiCountTokensRequest(request({ system: [{ type: 'text', text: 'S' }], stream: true }), encodeContext())
    expect(upstream.path).toBe('v1beta/models/gemini-2.5-flash:countTokens')
    expect(upstream.body).toEqual({
      generateContentRequest: { model: 'models/gemini-2.5-flash', contents: [{ role: 'user', parts: [{ text: 'Hi' }] }], systemInstruction: { parts: [{ text: 'S' }] } },
    })
  })
})
