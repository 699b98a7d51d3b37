/**
 * The embeddings members of the OpenAI and Gemini codecs: what each client shape decodes to, what
 * they refuse with a 400 naming the field, and the answer shapes (base64 as little-endian float32).
 */
import { describe, expect, test } from 'bun:test'
import { BridgeError } from '../../../src/core/errors.ts'
import { WarningSink } from '../../../src/core/model/index.ts'
import { findCodec } from '../../../src/core/protocols/index.ts'

const openai = findCodec('openai')!.embeddings!
const gemini = findCodec('gemini')!.embeddings!
const route = { group: 'embeddings' as const, pathModel: 'gemini-embedding-001' }

function refusal(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(BridgeError)
    expect((error as BridgeError).status).toBe(400)
    return (error as BridgeError).message
  }
  throw new Error('expected a 400')
}

describe('OpenAI /v1/embeddings', () => {
  test('one string, a list, one token list and several token lists', () => {
    const decode = (input: unknown) => openai.decodeRequest({ model: 'm', input }, route, new WarningSink())
    expect(decode('hi')).toMatchObject({ inputs: [{ type: 'text', text: 'hi' }], single: true, encoding: 'float' })
    expect(decode(['a', 'b'])).toMatchObject({ inputs: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }], single: false })
    expect(decode([1, 2])).toMatchObject({ inputs: [{ type: 'tokens', tokens: [1, 2] }], single: true })
    expect(decode([[1], [2, 3]])).toMatchObject({ inputs: [{ type: 'tokens', tokens: [1] }, { type: 'tokens', tokens: [2, 3] }], single: false })
  })

  test('refuses an empty input, a mixed list and an unknown encoding, naming the field', () => {
    const decode = (body: Record<string, unknown>) => () => openai.decodeRequest({ model: 'm', ...body }, route, new WarningSink())
    expect(refusal(decode({ input: [] }))).toStartWith('input:')
    expect(refusal(decode({ input: ['a', { text: 'b' }] }))).toStartWith('input[1]:')
    expect(refusal(decode({ input: 'a', encoding_format: 'int8' }))).toStartWith('encoding_format:')
  })

  test('base64 answers are the little-endian float32 bytes of each vector', () => {
    const request = openai.decodeRequest({ model: 'client-name', input: 'x', encoding_format: 'base64' }, route, new WarningSink())
    const body = openai.encodeResponse({ vectors: [[0.5, -2, 3.25]], inputTokens: 1 }, request) as { data: Array<{ embedding: string }>; model: string }
    const bytes = Buffer.from(body.data[0]!.embedding, 'base64')
    expect([0, 4, 8].map((offset) => bytes.readFloatLE(offset))).toEqual([0.5, -2, 3.25])
    expect(body.model).toBe('client-name')
  })

  test('an upstream that answers base64 anyway, out of order, is read back in input order', () => {
    const base64 = Buffer.from(new Float32Array([1.5, 2]).buffer).toString('base64')
    const response = openai.decodeResponse({ data: [{ index: 1, embedding: [9] }, { index: 0, embedding: base64 }], usage: { prompt_tokens: 4 } })
    expect(response).toEqual({ vectors: [[1.5, 2], [9]], inputTokens: 4 })
  })
})

describe('Gemini embedContent / batchEmbedContents', () => {
  test('snake_case fields and several text parts', () => {
    const request = gemini.decodeRequest({ content: { parts: [{ text: 'a' }, { text: 'b' }] }, output_dimensionality: 8, task_type: 'RETRIEVAL_QUERY' }, route, new WarningSink())
    expect(request).toEqual({ model: 'gemini-embedding-001', inputs: [{ type: 'text', text: 'a\nb' }], single: true, encoding: 'float', dimensions: 8, taskType: 'RETRIEVAL_QUERY' })
  })

  test('refuses a non-text part and a batch asking for two dimensionalities', () => {
    expect(refusal(() => gemini.decodeRequest({ content: { parts: [{ inlineData: { mimeType: 'image/png', data: 'AA' } }] } }, route, new WarningSink()))).toStartWith('content.parts[0]:')
    const batch = { requests: [{ content: { parts: [{ text: 'a' }] }, outputDimensionality: 8 }, { content: { parts: [{ text: 'b' }] }, outputDimensionality: 16 }] }
    expect(refusal(() => gemini.decodeRequest(batch, route, new WarningSink()))).toContain('outputDimensionality')
  })

  test('token ids cannot go to Gemini: refused, saying why', () => {
    const request = { model: 'gemini-embedding-001', inputs: [{ type: 'tokens' as const, tokens: [1, 2] }], single: true, encoding: 'float' as const }
    expect(refusal(() => gemini.encodeRequest(request, new WarningSink()))).toContain('no tokenizer')
  })

  test('answers one embedding for embedContent, a list for batchEmbedContents, and no invented usage', () => {
    const single = gemini.decodeRequest({ content: { parts: [{ text: 'a' }] } }, route, new WarningSink())
    const batch = gemini.decodeRequest({ requests: [{ model: 'models/x', content: { parts: [{ text: 'a' }] } }] }, route, new WarningSink())
    expect(gemini.encodeResponse({ vectors: [[1]], inputTokens: 3, estimated: true }, single)).toEqual({ embedding: { values: [1] } })
    expect(gemini.encodeResponse({ vectors: [[1]], inputTokens: 3 }, batch)).toEqual({ embeddings: [{ values: [1] }], usageMetadata: { promptTokenCount: 3, totalTokenCount: 3 } })
  })
})
