import { describe, expect, test } from 'bun:test'
import { BridgeError } from '../../../../src/core/errors.ts'
import { WarningSink } from '../../../../src/core/model/index.ts'
import { decodeBedrockRequest } from '../../../../src/core/protocols/bedrock/decode-request.ts'
import type { RouteMatch } from '../../../../src/core/protocols/codec.ts'

const CHAT: RouteMatch = { group: 'chat', pathModel: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', pathStream: false }
const user = (...content: unknown[]) => ({ messages: [{ role: 'user', content }] })
const decode = (body: unknown, route: RouteMatch = CHAT, warnings = new WarningSink()) => decodeBedrockRequest(body, route, warnings)

describe('decode-request (Bedrock wire → canonical)', () => {
  test('the model and streaming come from the path, not the body', () => {
    expect(decode(user({ text: 'hi' }), { ...CHAT, pathStream: true })).toMatchObject({ model: CHAT.pathModel, stream: true })
    expect(() => decode(user({ text: 'hi' }), { group: 'chat' })).toThrow(BridgeError)
  })

  test('a cachePoint becomes the cacheControl of the block before it, in system, messages and tools', () => {
    const request = decode({
      system: [{ text: 'sys' }, { cachePoint: { type: 'default', ttl: '1h' } }],
      messages: [{ role: 'user', content: [{ text: 'a' }, { cachePoint: { type: 'default' } }, { text: 'b' }] }],
      toolConfig: { tools: [{ toolSpec: { name: 't', inputSchema: { json: { type: 'object' } } } }, { cachePoint: { type: 'default' } }] },
    })
    expect(request.system).toEqual([{ type: 'text', text: 'sys', cacheControl: { type: 'ephemeral', ttl: '1h' } }])
    expect(request.messages[0]!.content).toEqual([{ type: 'text', text: 'a', cacheControl: { type: 'ephemeral' } }, { type: 'text', text: 'b' }])
    expect(request.tools[0]!.cacheControl).toEqual({ type: 'ephemeral' })
  })

  test('reasoning gets origin bedrock, redacted content included; the bridge’s own envelopes get none', () => {
    const request = decode({ messages: [{ role: 'assistant', content: [
      { reasoningContent: { reasoningText: { text: 'a', signature: 'EqQB' } } },
      { reasoningContent: { redactedContent: 'AAEC' } },
      { reasoningContent: { reasoningText: { text: 'b', signature: 'lbr1.xyz.tag' } } },
      { reasoningContent: { reasoningText: { text: 'r1 thoughts' } } },
    ] }] })
    expect(request.messages[0]!.content).toEqual([
      { type: 'reasoning', text: 'a', signature: 'EqQB', origin: 'bedrock' },
      { type: 'reasoning', text: '', redactedData: 'AAEC', origin: 'bedrock' },
      { type: 'reasoning', text: 'b', signature: 'lbr1.xyz.tag' },
      { type: 'reasoning', text: 'r1 thoughts', origin: 'bedrock' },
    ])
  })

  test('a toolResult keeps text, json (as text), images and its error status', () => {
    const request = decode(user({ toolResult: { toolUseId: 't1', status: 'error', content: [
      { text: 'oops' }, { json: { code: 7 } }, { image: { format: 'jpeg', source: { bytes: 'AAAA' } } },
    ] } }))
    expect(request.messages[0]!.content[0]).toEqual({ type: 'tool-result', toolCallId: 't1', isError: true, content: [
      { type: 'text', text: 'oops' }, { type: 'text', text: '{"code":7}' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: 'AAAA' } },
    ] })
  })

  test('toolChoice auto / any / tool become auto / required / the named tool', () => {
    const withChoice = (toolChoice: unknown) => decode({ ...user({ text: 'x' }), toolConfig: { tools: [{ toolSpec: { name: 'f', inputSchema: { json: {} } } }], toolChoice } }).toolChoice
    expect(withChoice({ auto: {} })).toBe('auto')
    expect(withChoice({ any: {} })).toBe('required')
    expect(withChoice({ tool: { name: 'f' } })).toEqual({ name: 'f' })
  })

  test('a Bedrock system tool is a built-in tool for a Bedrock target only', () => {
    const request = decode({ ...user({ text: 'x' }), toolConfig: { tools: [{ systemTool: { name: 'nova_grounding' } }] } })
    expect(request.tools).toEqual([])
    expect(request.builtinTools).toEqual([{ protocol: 'bedrock', type: 'nova_grounding', definition: { systemTool: { name: 'nova_grounding' } } }])
  })

  test('inferenceConfig, Claude thinking and top_k map to canonical fields; the rest rides in extensions', () => {
    const request = decode({
      ...user({ text: 'x' }),
      inferenceConfig: { maxTokens: 900, temperature: 0.3, topP: 0.9, stopSequences: ['END'] },
      additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 2048 }, top_k: 40, anthropic_beta: ['x'] },
      guardrailConfig: { guardrailIdentifier: 'g', guardrailVersion: '1' },
    })
    expect(request).toMatchObject({ maxOutputTokens: 900, temperature: 0.3, topP: 0.9, stopSequences: ['END'], topK: 40, reasoning: { enabled: true, budgetTokens: 2048 } })
    expect(request.extensions).toEqual({ bedrock: { fields: { guardrailConfig: { guardrailIdentifier: 'g', guardrailVersion: '1' } }, additionalModelRequestFields: { anthropic_beta: ['x'] } } })
  })

  test('outputConfig: a JSON Schema given as a string becomes a json-schema response format; effort a reasoning effort', () => {
    const request = decode({ ...user({ text: 'x' }), outputConfig: { effort: 'high', textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: '{"type":"object"}', name: 'out' } } } } })
    expect(request.responseFormat).toEqual({ type: 'json-schema', name: 'out', schema: { type: 'object' } })
    expect(request.reasoning).toEqual({ enabled: true, effort: 'high' })
  })

  test('role system messages join the system prompt; video is dropped with a warning', () => {
    const warnings = new WarningSink()
    const request = decode({ messages: [
      { role: 'system', content: [{ text: 'be nice' }] },
      { role: 'user', content: [{ text: 'hi' }, { video: { format: 'mp4', source: { bytes: 'AA' } } }] },
    ] }, CHAT, warnings)
    expect(request.system).toEqual([{ type: 'text', text: 'be nice' }])
    expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }])
    expect(warnings.items.map((item) => item.code)).toEqual(['dropped-content'])
  })

  test('a document keeps its name as title; text sources stay text', () => {
    const request = decode(user(
      { document: { format: 'pdf', name: 'Q3', source: { bytes: 'JVBER' } } },
      { document: { format: 'txt', name: 'notes', source: { text: 'plain' } } },
      { text: 'summarise' },
    ))
    expect(request.messages[0]!.content.slice(0, 2)).toEqual([
      { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBER' }, title: 'Q3' },
      { type: 'document', source: { kind: 'text', text: 'plain' }, title: 'notes' },
    ])
  })

  test('count-tokens unwraps input.converse and is never a stream', () => {
    const request = decode({ input: { converse: user({ text: 'count me' }) } }, { group: 'count_tokens', pathModel: 'm' })
    expect(request).toMatchObject({ model: 'm', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'count me' }] }] })
    expect(() => decode({ input: { invokeModel: { body: 'e30=' } } }, { group: 'count_tokens', pathModel: 'm' })).toThrow('invokeModel')
  })

  test('a malformed block names its wire path', () => {
    expect(() => decode(user({ toolUse: { name: 'f', input: {} } }))).toThrow('messages[0].content[0].toolUse.toolUseId: expected a string')
  })
})

test('an InvokeModel route’s body is not decoded as Converse', () => {
  const route = { group: 'chat', pathModel: 'm', pathStream: false, bodyProtocol: 'anthropic' } as RouteMatch
  expect(() => decode({ messages: [{ role: 'user', content: 'hi' }] }, route)).toThrow('anthropic bodies')
})
