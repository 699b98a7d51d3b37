import { describe, expect, test } from 'bun:test'
import { BridgeError } from '../../../../src/core/errors.ts'
import { WarningSink } from '../../../../src/core/model/index.ts'
import type { RouteMatch } from '../../../../src/core/protocols/codec.ts'
import { decodeGeminiRequest } from '../../../../src/core/protocols/gemini/decode-request.ts'

const CHAT: RouteMatch = { group: 'chat', pathModel: 'gemini-2.5-flash' }
const STREAM: RouteMatch = { group: 'chat', pathModel: 'gemini-2.5-flash', pathStream: true }

function decode(body: unknown, route: RouteMatch = CHAT, warnings = new WarningSink()) {
  return decodeGeminiRequest(body, route, warnings)
}

const user = (text: string) => ({ role: 'user', parts: [{ text }] })

describe('Gemini request → canonical', () => {
  test('the model and streaming come from the path', () => {
    const request = decode({ contents: [user('Hi')] }, STREAM)
    expect(request.model).toBe('gemini-2.5-flash')
    expect(request.stream).toBe(true)
    expect(decode({ contents: [user('Hi')] }).stream).toBe(false)
  })

  test('systemInstruction, roles and generation settings map to their canonical fields', () => {
    const request = decode({
      systemInstruction: { parts: [{ text: 'Be terse.' }, { text: 'Metric units.' }] },
      contents: [user('Weather?'), { role: 'model', parts: [{ text: 'Where?' }] }, { parts: [{ text: 'Paris' }] }],
      generationConfig: { maxOutputTokens: 100, temperature: 0.3, topP: 0.9, topK: 40, stopSequences: ['END'], seed: 7 },
    })
    expect(request.system).toEqual([{ type: 'text', text: 'Be terse.' }, { type: 'text', text: 'Metric units.' }])
    expect(request.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user'])
    expect(request).toMatchObject({ maxOutputTokens: 100, temperature: 0.3, topP: 0.9, topK: 40, stopSequences: ['END'] })
    expect(request.extensions?.gemini?.generationConfig).toEqual({ seed: 7 })
  })

  test('proto3 snake_case keys are read like camelCase ones', () => {
    const request = decode({
      system_instruction: { parts: [{ text: 'S' }] },
      contents: [{ role: 'user', parts: [{ inline_data: { mime_type: 'image/png', data: 'AAAA' } }] }],
      generation_config: { max_output_tokens: 5 },
    })
    expect(request.system).toEqual([{ type: 'text', text: 'S' }])
    expect(request.messages[0]?.content).toEqual([{ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } }])
    expect(request.maxOutputTokens).toBe(5)
  })

  test('function calls without ids get stable positional ids and responses are matched by name and order', () => {
    const body = {
      contents: [
        user('Weather in Paris and Rome, and the time?'),
        {
          role: 'model',
          parts: [
            { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
            { functionCall: { name: 'get_weather', args: { city: 'Rome' } } },
            { functionCall: { name: 'get.time', args: {} } },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'get.time', response: { output: '12:00' } } },
            { functionResponse: { name: 'get_weather', response: { output: { temp: 15 } } } },
            { functionResponse: { name: 'get_weather', response: { error: 'no data' } } },
          ],
        },
      ],
    }
    const request = decode(body)
    const calls = request.messages[1]!.content
    const results = request.messages[2]!.content
    const ids = calls.map((part) => (part.type === 'tool-call' ? part.id : ''))
    expect(ids).toEqual(['gcall_c1p0_get_weather', 'gcall_c1p1_get_weather', 'gcall_c1p2_get_time'])
    expect(results as unknown).toEqual([
      { type: 'tool-result', toolCallId: ids[2], name: 'get.time', content: [{ type: 'text', text: '12:00' }] },
      { type: 'tool-result', toolCallId: ids[0], name: 'get_weather', content: [{ type: 'text', text: '{"temp":15}' }] },
      { type: 'tool-result', toolCallId: ids[1], name: 'get_weather', content: [{ type: 'text', text: 'no data' }], isError: true },
    ])
    // The client resends the same history next turn: the same ids come out.
    expect(decode(body).messages[1]!.content).toEqual(calls)
  })

  test('function responses are matched by id where the call has one', () => {
    const request = decode({
      contents: [
        { role: 'model', parts: [{ functionCall: { id: 'a1', name: 'f', args: {} } }, { functionCall: { id: 'b2', name: 'f', args: {} } }] },
        { role: 'user', parts: [{ functionResponse: { id: 'b2', name: 'f', response: { output: 'second' } } }, { functionResponse: { id: 'a1', name: 'f', response: { output: 'first' } } }] },
      ],
    })
    expect(request.messages[1]!.content.map((part) => (part.type === 'tool-result' ? part.toolCallId : ''))).toEqual(['b2', 'a1'])
  })

  test('a response whose id its call never had is paired by name and order', () => {
    const request = decode({
      contents: [
        { role: 'model', parts: [{ functionCall: { name: 'read', args: { p: 'a' } } }] },
        { role: 'user', parts: [{ functionResponse: { id: 'read-1712345-abc', name: 'read', response: { output: 'A' } } }] },
      ],
    })
    expect(request.messages[1]!.content[0]).toMatchObject({ type: 'tool-result', toolCallId: 'gcall_c0p0_read' })
  })

  test('thought parts become reasoning with origin gemini; signatures stay with the part that carried them', () => {
    const request = decode({
      contents: [
        user('Q'),
        {
          role: 'model',
          parts: [
            { text: 'Thinking ', thought: true },
            { text: 'harder', thought: true, thoughtSignature: 'sig-thought' },
            { functionCall: { name: 'f', args: { a: 1 } }, thoughtSignature: 'sig-call' },
            { text: 'Answer', thoughtSignature: 'sig-text' },
            { text: '', thoughtSignature: 'sig-trailing' },
          ],
        },
      ],
    })
    expect(request.messages[1]!.content).toEqual([
      { type: 'reasoning', text: 'Thinking harder', origin: 'gemini', signature: 'sig-thought' },
      { type: 'tool-call', id: 'gcall_c1p2_f', name: 'f', arguments: '{"a":1}', signature: 'sig-call' },
      { type: 'text', text: 'Answer' },
      { type: 'reasoning', text: '', signature: 'sig-text', origin: 'gemini' },
      { type: 'reasoning', text: '', signature: 'sig-trailing', origin: 'gemini' },
    ])
  })

  test("the bridge's own sealed signature on a thought is left without an origin, for the proxy to open", () => {
    const request = decode({
      contents: [{ role: 'model', parts: [{ text: 'Claude thought', thought: true }, { text: '', thought: true, thoughtSignature: 'lbr1.payload.tag' }] }],
    })
    expect(request.messages[0]!.content).toEqual([{ type: 'reasoning', text: 'Claude thought', signature: 'lbr1.payload.tag' }])
  })

  test('upper-case OpenAPI schema types are normalised to JSON Schema, with a warning for Gemini-only keywords', () => {
    const warnings = new WarningSink()
    const request = decode({
      contents: [user('x')],
      tools: [{
        functionDeclarations: [
          {
            name: 'lookup',
            description: 'Look up',
            parameters: {
              type: 'OBJECT',
              properties: {
                ids: { type: 'ARRAY', items: { type: 'STRING' }, maxItems: '5' },
                note: { type: 'STRING', nullable: true, example: 'hi' },
              },
              required: ['ids'],
              propertyOrdering: ['ids', 'note'],
            },
          },
          { name: 'json', parametersJsonSchema: { type: 'object', properties: { a: { type: 'integer' } }, additionalProperties: false } },
          { name: 'bare' },
        ],
      }],
    }, CHAT, warnings)
    expect(request.tools).toEqual([
      {
        name: 'lookup',
        description: 'Look up',
        inputSchema: {
          type: 'object',
          properties: { ids: { type: 'array', items: { type: 'string' }, maxItems: 5 }, note: { type: ['string', 'null'], examples: ['hi'] } },
          required: ['ids'],
        },
      },
      { name: 'json', inputSchema: { type: 'object', properties: { a: { type: 'integer' } }, additionalProperties: false } },
      { name: 'bare', inputSchema: { type: 'object', properties: {} } },
    ])
    expect(warnings.items).toEqual([{ code: 'normalized-tool-schema', field: 'tools', message: expect.stringContaining('propertyOrdering') }])
  })

  test('built-in tools are kept as gemini built-ins, in order', () => {
    const request = decode({ contents: [user('x')], tools: [{ googleSearch: {} }, { codeExecution: {} }, { urlContext: {}, functionDeclarations: [{ name: 'f' }] }] })
    expect(request.builtinTools).toEqual([
      { protocol: 'gemini', type: 'googleSearch', definition: { googleSearch: {} } },
      { protocol: 'gemini', type: 'codeExecution', definition: { codeExecution: {} } },
      { protocol: 'gemini', type: 'urlContext', definition: { urlContext: {} } },
    ])
    expect(request.tools.map((tool) => tool.name)).toEqual(['f'])
  })

  test('every toolConfig form maps to a tool choice', () => {
    const choice = (functionCallingConfig: unknown, warnings = new WarningSink()) =>
      decode({ contents: [user('x')], toolConfig: { functionCallingConfig } }, CHAT, warnings).toolChoice
    expect(choice({ mode: 'AUTO' })).toBe('auto')
    expect(choice({ mode: 'VALIDATED' })).toBe('auto')
    expect(choice({ mode: 'NONE' })).toBe('none')
    expect(choice({ mode: 'ANY' })).toBe('required')
    expect(choice({ mode: 'ANY', allowedFunctionNames: ['get_weather'] })).toEqual({ name: 'get_weather' })
    const warnings = new WarningSink()
    expect(choice({ mode: 'ANY', allowedFunctionNames: ['a', 'b'] }, warnings)).toBe('required')
    expect(warnings.items.map((item) => item.code)).toEqual(['approximated-tool-choice'])
    expect(choice({})).toBeUndefined()
  })

  test('candidateCount above 1 is refused with a 400', () => {
    expect(() => decode({ contents: [user('x')], generationConfig: { candidateCount: 2 } })).toThrow(BridgeError)
    try {
      decode({ contents: [user('x')], generationConfig: { candidateCount: 3 } })
    } catch (error) {
      expect((error as BridgeError).status).toBe(400)
      expect((error as BridgeError).message).toContain('candidateCount')
    }
    expect(decode({ contents: [user('x')], generationConfig: { candidateCount: 1 } }).messages).toHaveLength(1)
  })

  test('thinkingConfig maps to reasoning: budget, off, dynamic and level; includeThoughts is kept', () => {
    const reasoning = (thinkingConfig: unknown) => decode({ contents: [user('x')], generationConfig: { thinkingConfig } })
    expect(reasoning({ thinkingBudget: 2048, includeThoughts: true }).reasoning).toEqual({ enabled: true, budgetTokens: 2048 })
    expect(reasoning({ thinkingBudget: 2048, includeThoughts: true }).extensions?.gemini?.includeThoughts).toBe(true)
    expect(reasoning({ thinkingBudget: 0 }).reasoning).toEqual({ enabled: false })
    expect(reasoning({ thinkingBudget: -1 }).reasoning).toEqual({ enabled: true })
    expect(reasoning({ thinkingLevel: 'HIGH' }).reasoning).toEqual({ enabled: true, effort: 'high' })
    expect(reasoning({ thinkingLevel: 'low' }).reasoning).toEqual({ enabled: true, effort: 'low' })
    expect(reasoning({ includeThoughts: true }).reasoning).toBeUndefined()
  })

  test('responseMimeType with a schema becomes a JSON-schema response format', () => {
    const format = (generationConfig: unknown) => decode({ contents: [user('x')], generationConfig }).responseFormat
    expect(format({ responseMimeType: 'application/json', responseJsonSchema: { type: 'object' } })).toEqual({ type: 'json-schema', name: 'response', schema: { type: 'object' } })
    expect(format({ responseMimeType: 'application/json', responseSchema: { type: 'OBJECT', properties: { a: { type: 'NUMBER' } } } }))
      .toEqual({ type: 'json-schema', name: 'response', schema: { type: 'object', properties: { a: { type: 'number' } } } })
    expect(format({ responseMimeType: 'application/json' })).toEqual({ type: 'json-object' })
    expect(format({ responseMimeType: 'text/plain' })).toBeUndefined()
  })

  test('safetySettings and unknown top-level fields ride in extensions.gemini', () => {
    const safetySettings = [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', threshold: 'BLOCK_NONE' }]
    const request = decode({ contents: [user('x')], safetySettings, cachedContent: 'cachedContents/abc' })
    expect(request.extensions?.gemini).toEqual({ safetySettings, fields: { cachedContent: 'cachedContents/abc' } })
  })

  test('images, files and function-response images become canonical media parts', () => {
    const request = decode({
      contents: [
        { role: 'user', parts: [
          { inlineData: { mimeType: 'application/pdf', data: 'JVBE' } },
          { fileData: { mimeType: 'image/png', fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc' } },
        ] },
        { role: 'model', parts: [{ functionCall: { name: 'shot', args: {} } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'shot', response: { output: 'ok' }, parts: [{ inlineData: { mimeType: 'image/png', data: 'iVBO' } }] } }] },
      ],
    })
    expect(request.messages[0]?.content).toEqual([
      { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBE' } },
      { type: 'image', source: { kind: 'url', url: 'https://generativelanguage.googleapis.com/v1beta/files/abc' } },
    ])
    expect(request.messages[2]?.content[0]).toMatchObject({
      content: [{ type: 'text', text: 'ok' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBO' } }],
    })
  })

  test('countTokens takes either {contents} or {generateContentRequest}', () => {
    const route: RouteMatch = { group: 'count_tokens', pathModel: 'gemini-2.5-flash' }
    const wrapped = decode({ generateContentRequest: { model: 'models/gemini-2.5-flash', contents: [user('Hello')], systemInstruction: { parts: [{ text: 'S' }] } } }, route)
    expect(wrapped.messages).toHaveLength(1)
    expect(wrapped.system).toEqual([{ type: 'text', text: 'S' }])
    expect(wrapped.stream).toBe(false)
    expect(decode({ contents: [user('Hello')] }, route).messages).toHaveLength(1)
  })

  test('malformed bodies are refused with the wire path in the message', () => {
    expect(() => decode({ contents: [{ role: 'user', parts: [{ functionCall: { args: {} } }] }] })).toThrow('contents[0].parts[0].functionCall.name')
    expect(() => decode({ contents: [{ role: 'system', parts: [] }] })).toThrow('contents[0].role')
    expect(() => decode('nope')).toThrow('body')
  })
})

describe('Gemini-only settings on their way to another protocol', () => {
  test('safetySettings, cachedContent and unmapped generationConfig fields each become a dropped-field warning', () => {
    const warnings = new WarningSink()
    decodeGeminiRequest({
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
      safetySettings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', threshold: 'BLOCK_NONE' }],
      cachedContent: 'cachedContents/abc',
      generationConfig: { seed: 7, maxOutputTokens: 10 },
    }, { group: 'chat', pathModel: 'gemini-2.5-flash' }, warnings)
    expect(warnings.items.filter((warning) => warning.code === 'dropped-field').map((warning) => warning.field).sort()).toEqual(['cachedContent', 'generationConfig.seed', 'safetySettings'])
  })
})
