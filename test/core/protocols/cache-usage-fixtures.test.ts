/**
 * Prompt-cache counts in recorded upstream answers, decoded into canonical usage: `inputTokens`
 * is all input, cache included, whether the protocol counts the cache beside its input
 * (Anthropic, Bedrock) or inside it (OpenAI Chat and Responses, Gemini); DeepSeek's
 * prompt_cache_hit_tokens is a cache read. The pair matrix's "cache usage" scenario covers the
 * way back to every client protocol.
 */
import { expect, test } from 'bun:test'
import { mergeUsage, type ProtocolId, type Usage } from '../../../src/core/model/index.ts'
import { findCodec } from '../../../src/core/protocols/index.ts'
import { fixtureSse } from '../../lessons/support.ts'

async function streamUsage(protocol: ProtocolId, relative: string): Promise<Usage | undefined> {
  const codec = findCodec(protocol)
  if (codec === undefined) throw new Error(`no codec for ${protocol}`)
  const bytes = new TextEncoder().encode(await fixtureSse(relative))
  async function* body(): AsyncGenerator<Uint8Array> {
    yield bytes
  }
  let usage: Usage | undefined
  for await (const batch of codec.decodeStream(body())) for (const event of batch) if (event.type === 'usage') usage = mergeUsage(usage, event.usage)
  return usage
}

async function responseUsage(protocol: ProtocolId, relative: string): Promise<Usage | undefined> {
  const json: unknown = await Bun.file(`${import.meta.dir}/../../fixtures/${relative}`).json()
  return findCodec(protocol)?.decodeResponse(json).usage
}

const STREAMS: Array<[ProtocolId, string, Partial<Usage>]> = [
  ['openai', 'openai-chat/openai-cached-tokens.sse', { inputTokens: 4597, cacheReadTokens: 4480 }],
  // DeepSeek: prompt_cache_hit_tokens 320 + prompt_cache_miss_tokens 19 = prompt_tokens 339.
  ['openai', 'openai-chat/deepseek-reasoning-tool-call.chunks.txt', { inputTokens: 339, cacheReadTokens: 320 }],
  // Anthropic: input_tokens 3 beside cache_read_input_tokens 4562.
  ['anthropic', 'anthropic-messages/anthropic-prompt-cache-read.sse', { inputTokens: 4565, cacheReadTokens: 4562, cacheWriteTokens: 0 }],
  ['anthropic', 'anthropic-messages/anthropic-code-execution-cache-write.chunks.txt', { inputTokens: 6 + 3337 + 6289, cacheReadTokens: 6289, cacheWriteTokens: 3337 }],
]

for (const [protocol, fixture, expected] of STREAMS) {
  test(`${fixture}: the streamed cache counts and the input total that includes them`, async () => {
    expect(await streamUsage(protocol, fixture)).toMatchObject(expected)
  })
}

test('bedrock-nova-cache-read.json: inputTokens 0 on a cache hit still counts the 27 cached tokens as input', async () => {
  expect(await responseUsage('bedrock', 'bedrock-converse/bedrock-nova-cache-read.json')).toMatchObject({ inputTokens: 27, cacheReadTokens: 27 })
})

test('a DeepSeek answer with only the top-level prompt_cache_hit_tokens: a cache read inside prompt_tokens', () => {
  const usage = findCodec('openai')?.decodeResponse({
    id: 'x', object: 'chat.completion', created: 1, model: 'deepseek-chat',
    choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 339, completion_tokens: 5, total_tokens: 344, prompt_cache_hit_tokens: 320, prompt_cache_miss_tokens: 19 },
  }).usage
  expect(usage).toMatchObject({ inputTokens: 339, outputTokens: 5, cacheReadTokens: 320 })
})
