import { describe, expect, test } from 'bun:test'
import type { Usage } from '../../../../src/core/model/index.ts'
import { decodeUsage, encodeUsage } from '../../../../src/core/protocols/gemini/convert-usage.ts'
import { geminiCodec, wantsJsonArrayStream } from '../../../../src/core/protocols/gemini/index.ts'
import { decodeFinishReason, encodeFinishReason } from '../../../../src/core/protocols/gemini/map-stop-reason.ts'

describe('routes', () => {
  test('generateContent, streamGenerateContent (with or without alt=sse), countTokens and embeddings under v1beta and v1', () => {
    for (const version of ['v1beta', 'v1', '/v1beta']) {
      expect(geminiCodec.matchRoute('POST', `${version}/models/gemini-2.5-flash:generateContent`)).toEqual({ group: 'chat', pathModel: 'gemini-2.5-flash' })
      expect(geminiCodec.matchRoute('POST', `${version}/models/gemini-2.5-flash:streamGenerateContent?alt=sse`)).toEqual({ group: 'chat', pathModel: 'gemini-2.5-flash', pathStream: true })
      expect(geminiCodec.matchRoute('POST', `${version}/models/gemini-2.5-flash:streamGenerateContent`)).toEqual({ group: 'chat', pathModel: 'gemini-2.5-flash', pathStream: true, clientFraming: 'json-array' })
      expect(geminiCodec.matchRoute('POST', `${version}/models/gemini-2.5-flash:streamGenerateContent`, new URLSearchParams('alt=sse'))).toEqual({ group: 'chat', pathModel: 'gemini-2.5-flash', pathStream: true })
      expect(geminiCodec.matchRoute('POST', `${version}/models/gemini-2.5-flash:countTokens`)).toEqual({ group: 'count_tokens', pathModel: 'gemini-2.5-flash' })
      expect(geminiCodec.matchRoute('POST', `${version}/models/text-embedding-004:embedContent`)).toEqual({ group: 'embeddings', pathModel: 'text-embedding-004' })
      expect(geminiCodec.matchRoute('POST', `${version}/models/text-embedding-004:batchEmbedContents`)).toEqual({ group: 'embeddings', pathModel: 'text-embedding-004' })
      expect(geminiCodec.matchRoute('GET', `${version}/models`)).toEqual({ group: 'models' })
      expect(geminiCodec.matchRoute('GET', `${version}/models/gemini-2.5-flash`)).toEqual({ group: 'models', pathModel: 'gemini-2.5-flash' })
    }
  })

  test('an encoded colon, a key in the query, and paths that are not Gemini', () => {
    expect(geminiCodec.matchRoute('POST', 'v1beta/models/gemini-2.5-flash%3AgenerateContent?key=abc')).toEqual({ group: 'chat', pathModel: 'gemini-2.5-flash' })
    expect(geminiCodec.matchRoute('GET', 'v1beta/models/gemini-2.5-flash:generateContent')).toBeUndefined()
    expect(geminiCodec.matchRoute('POST', 'v1beta/models/gemini-2.5-flash:unknownAction')).toBeUndefined()
    expect(geminiCodec.matchRoute('POST', 'v1/chat/completions')).toBeUndefined()
    expect(geminiCodec.matchRoute('POST', 'v1/messages')).toBeUndefined()
  })

  test('the JSON-array stream is what a client gets when it leaves out alt=sse', () => {
    expect(wantsJsonArrayStream('v1beta/models/m:streamGenerateContent')).toBe(true)
    expect(wantsJsonArrayStream('v1beta/models/m:streamGenerateContent?key=k')).toBe(true)
    expect(wantsJsonArrayStream('v1beta/models/m:streamGenerateContent?alt=sse')).toBe(false)
    expect(wantsJsonArrayStream('v1beta/models/m:generateContent')).toBe(false)
  })
})

describe('codec members', () => {
  test('stream shape: SSE out; a JSON answer on a streaming route is a stream', () => {
    const { stream } = geminiCodec
    expect(stream.contentType).toBe('text/event-stream')
    expect(stream.framing).toBe('sse')
    const streaming = { group: 'chat' as const, pathModel: 'm', pathStream: true }
    const whole = { group: 'chat' as const, pathModel: 'm' }
    expect(stream.isStreamedAnswer('text/event-stream; charset=utf-8', whole)).toBe(true)
    expect(stream.isStreamedAnswer('application/json; charset=UTF-8', streaming)).toBe(true)
    expect(stream.isStreamedAnswer('application/json', whole)).toBe(false)
    expect(stream.keepalive?.startsWith(':')).toBe(true)
  })

  test('local answers, reasoning, upstream conventions and client setup', () => {
    expect(geminiCodec.wireFamily).toBe('gemini')
    expect(geminiCodec.local.countTokens?.(42)).toEqual({ totalTokens: 42 })
    expect(geminiCodec.local.modelList?.(['gemini-2.5-flash'], 'google')).toEqual({
      models: [{ name: 'models/gemini-2.5-flash', displayName: 'gemini-2.5-flash', supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'] }],
    })
    expect(geminiCodec.reasoning.carriesRaw).toEqual([])
    expect(geminiCodec.upstream.upstreamPath('v1beta/models/m:generateContent', '')).toBe('v1beta/models/m:generateContent')
    expect(geminiCodec.upstream.upstreamPath('v1beta/models/m:generateContent', 'v1beta')).toBe('models/m:generateContent')
    expect(geminiCodec.upstream.apiKeyHeader).toEqual({ name: 'x-goog-api-key' })
    expect(geminiCodec.upstream.passthroughHeaders).toContain('x-goog-api-client')
    expect(geminiCodec.upstream.passthroughHeaders).toContain('x-goog-upload-protocol')
    expect(geminiCodec.client.envVars('http://proxy/p', 'k')).toEqual(['GOOGLE_GEMINI_BASE_URL=http://proxy/p', 'GEMINI_API_KEY=k'])
    const example = geminiCodec.client.exampleRequest('gemini-2.5-flash')
    expect(example.path).toBe('v1beta/models/gemini-2.5-flash:generateContent')
    expect(geminiCodec.matchRoute('POST', example.path)).toEqual({ group: 'chat', pathModel: 'gemini-2.5-flash' })
  })
})

describe('finish reasons and usage', () => {
  test('finishReason → kind, tool calls decided by the parts', () => {
    const kind = (raw: string | undefined, calls = false) => decodeFinishReason(raw, calls).kind
    expect([kind('STOP'), kind('STOP', true), kind('MAX_TOKENS'), kind(undefined)]).toEqual(['stop', 'tool-calls', 'length', 'stop'])
    expect([kind('SAFETY'), kind('RECITATION'), kind('PROHIBITED_CONTENT'), kind('SPII')]).toEqual(['content-filter', 'content-filter', 'content-filter', 'content-filter'])
    expect([kind('MALFORMED_FUNCTION_CALL'), kind('UNEXPECTED_TOOL_CALL'), kind('OTHER'), kind('SOMETHING_NEW')]).toEqual(['error', 'error', 'other', 'other'])
    expect(kind('MAX_TOKENS', true)).toBe('length')
  })

  test('every Gemini finishReason survives a round trip', () => {
    for (const raw of ['STOP', 'MAX_TOKENS', 'SAFETY', 'RECITATION', 'BLOCKLIST', 'MALFORMED_FUNCTION_CALL', 'TOO_MANY_TOOL_CALLS', 'LANGUAGE', 'OTHER']) {
      expect(encodeFinishReason(decodeFinishReason(raw, false))).toBe(raw)
    }
    expect(encodeFinishReason(decodeFinishReason('STOP', true))).toBe('STOP')
  })

  test('usage: thoughts are output, cache hits and tool-use prompts are input', () => {
    expect(decodeUsage({ promptTokenCount: 100, cachedContentTokenCount: 60, candidatesTokenCount: 20, thoughtsTokenCount: 5, toolUsePromptTokenCount: 10 }))
      .toEqual({ inputTokens: 110, outputTokens: 25, cacheReadTokens: 60, reasoningTokens: 5 })
    expect(decodeUsage({ trafficType: 'ON_DEMAND' })).toBeUndefined()
    const usage: Usage = { inputTokens: 100, outputTokens: 25, cacheReadTokens: 60, reasoningTokens: 5 }
    expect(encodeUsage(usage)).toEqual({ promptTokenCount: 100, candidatesTokenCount: 20, totalTokenCount: 125, cachedContentTokenCount: 60, thoughtsTokenCount: 5 })
    expect(decodeUsage(encodeUsage(usage))).toEqual(usage)
  })
})
