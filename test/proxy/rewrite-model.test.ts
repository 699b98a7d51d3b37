import { describe, expect, test } from 'bun:test'
import { extractToken, forwardableQuery } from '../../src/proxy/extract-token.ts'
import { bedrockCodec } from '../../src/core/protocols/bedrock/index.ts'
import { geminiCodec } from '../../src/core/protocols/gemini/index.ts'
import { rewriteModel } from '../../src/proxy/rewrite-model.ts'

const policy = { mode: 'map' as const, map: { 'gemini-pro': 'gemini-2.5-pro', 'anthropic.claude-3-haiku-20240307-v1:0': 'us.anthropic.claude-3-haiku-20240307-v1:0' } }

describe('passthrough model rewrite', () => {
  test('Gemini: the model in the path is mapped, the action kept', () => {
    const out = rewriteModel(policy, { group: 'chat', pathModel: 'gemini-pro', pathStream: true }, 'v1beta/models/gemini-pro:streamGenerateContent', new Uint8Array())
    expect(out.path).toBe('v1beta/models/gemini-2.5-pro:streamGenerateContent')
    expect(out.stream).toBe(true)
  })

  test('Bedrock: a percent-encoded model id segment is mapped and stays encoded', () => {
    const out = rewriteModel(policy, { group: 'chat', pathModel: 'anthropic.claude-3-haiku-20240307-v1:0' }, 'model/anthropic.claude-3-haiku-20240307-v1%3A0/converse', new Uint8Array())
    expect(out.path).toBe('model/us.anthropic.claude-3-haiku-20240307-v1%3A0/converse')
  })

  test('Bedrock: an ARN whose slashes arrive unencoded is swapped whole by the codec’s own path rewrite', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123'
    const route = { group: 'chat' as const, pathModel: arn }
    const path = `model/${arn}/converse-stream`
    const forced = { mode: 'force' as const, force: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' }
    expect(rewriteModel(forced, route, path, new Uint8Array(), { pathWithModel: bedrockCodec.upstream.pathWithModel }).path).toBe('model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream')
    // Without it, no single segment names the model and the path would go out unmapped.
    expect(rewriteModel(forced, route, path, new Uint8Array()).path).toBe(path)
  })

  test('a body declared as anything but JSON (a multipart upload) is forwarded untouched, never parsed', () => {
    const multipart = new TextEncoder().encode('--b\r\ncontent-disposition: form-data; name="model"\r\n\r\nwhisper-1\r\n--b--\r\n')
    const out = rewriteModel({ mode: 'force', force: 'other' }, { group: 'audio' }, 'v1/audio/transcriptions', multipart, { contentType: 'multipart/form-data; boundary=b' })
    expect(out.body).toBe(multipart)
    expect(out.upstreamModel).toBeUndefined()
    const json = rewriteModel({ mode: 'force', force: 'other' }, { group: 'embeddings' }, 'v1/embeddings', new TextEncoder().encode('{"model":"a"}'), { contentType: 'application/json; charset=utf-8' })
    expect(json.upstreamModel).toBe('other')
  })

  test('Gemini: the model a batchEmbedContents or countTokens body repeats is mapped with the path', () => {
    const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))
    const read = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as unknown
    const { pathWithModel, bodyWithModel } = geminiCodec.upstream
    const batch = encode({ requests: [{ model: 'models/gemini-pro', content: { parts: [{ text: 'a' }] } }] })
    const embedded = rewriteModel(policy, { group: 'embeddings', pathModel: 'gemini-pro' }, 'v1beta/models/gemini-pro:batchEmbedContents', batch, { pathWithModel, bodyWithModel })
    expect(read(embedded.body)).toEqual({ requests: [{ model: 'models/gemini-2.5-pro', content: { parts: [{ text: 'a' }] } }] })
    const count = encode({ generateContentRequest: { model: 'models/gemini-pro', contents: [] } })
    const counted = rewriteModel(policy, { group: 'count_tokens', pathModel: 'gemini-pro' }, 'v1beta/models/gemini-pro:countTokens', count, { pathWithModel, bodyWithModel })
    expect(read(counted.body)).toEqual({ generateContentRequest: { model: 'models/gemini-2.5-pro', contents: [] } })
    // A chat body is never read for it, and bytes that are not JSON go as they came.
    const chat = encode({ contents: [], model: 'models/gemini-pro' })
    expect(rewriteModel(policy, { group: 'chat', pathModel: 'gemini-pro' }, 'v1beta/models/gemini-pro:generateContent', chat, { pathWithModel, bodyWithModel }).body).toBe(chat)
    const garbage = new TextEncoder().encode('{not json')
    expect(rewriteModel(policy, { group: 'embeddings', pathModel: 'gemini-pro' }, 'v1beta/models/gemini-pro:embedContent', garbage, { pathWithModel, bodyWithModel }).body).toBe(garbage)
  })

  test('a body without a model is forwarded untouched', () => {
    const body = new TextEncoder().encode('{"input":"x"}')
    expect(rewriteModel(policy, { group: 'embeddings' }, 'v1/embeddings', body).body).toBe(body)
  })
})

describe('token location', () => {
  test('?key= carries the token for Gemini clients and never travels upstream', () => {
    const url = new URL('http://bridge/proxy/v1beta/models/x:generateContent?key=lb1_abc&alt=sse')
    expect(extractToken(url, new Headers())).toEqual({ token: 'lb1_abc', upstreamPath: 'v1beta/models/x:generateContent' })
    expect(forwardableQuery(url).toString()).toBe('alt=sse')
  })

  test('a token-looking value wins over a dummy key in another header', () => {
    const url = new URL('http://bridge/proxy/v1/messages')
    expect(extractToken(url, new Headers({ 'x-api-key': 'dummy', authorization: 'Bearer lb1_tok' })).token).toBe('lb1_tok')
  })
})
