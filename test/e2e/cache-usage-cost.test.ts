/**
 * A priced provider's prompt-cache usage through the real server: the openai SDK as the client of
 * an Anthropic upstream (the catalog's claude-sonnet-5: input 2, output 10, cache read 0.2, cache
 * write 2.5 USD per million). Anthropic counts the cache beside input_tokens, OpenAI inside
 * prompt_tokens; the row's cost bills each kind of input at its own price.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import OpenAI from 'openai'
import { CLIENT_KEY, startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { anthropicReply } from '../support/e2e-wire.ts'

let bridge: E2eBridge
beforeAll(async () => {
  bridge = await startE2eBridge()
})
afterAll(async () => {
  await bridge.close()
})

/** Wire counts: 100 uncached input tokens beside 1800 read from the cache and 500 written to it. */
const ANSWER = { blocks: [{ type: 'text' as const, text: 'From the cache.' }], stopReason: 'end_turn' as const, usage: { input: 100, output: 12, cacheRead: 1800, cacheWrite: 500 } }
const EXPECTED_COST = (100 * 2 + 1800 * 0.2 + 500 * 2.5 + 12 * 10) / 1_000_000

async function client(): Promise<{ openai: OpenAI; tokenId: string }> {
  const { proxyUrl, tokenId } = await bridge.mint({
    version: 2, source: { protocol: 'openai' },
    target: { protocol: 'anthropic', provider: 'anthropic', baseUrl: bridge.mock.url, auth: { type: 'x-api-key', token: UPSTREAM_KEY } },
    model: { mode: 'force', force: 'claude-sonnet-5' },
  })
  return { openai: new OpenAI({ apiKey: CLIENT_KEY, baseURL: `${proxyUrl}/v1`, maxRetries: 0 }), tokenId }
}

type CacheUsage = OpenAI.CompletionUsage & { prompt_tokens_details?: { cache_write_tokens?: number } }

function expectOpenaiUsage(usage: CacheUsage | undefined | null): void {
  expect(usage).toMatchObject({ prompt_tokens: 2400, completion_tokens: 12, total_tokens: 2412, prompt_tokens_details: { cached_tokens: 1800, cache_write_tokens: 500 } })
}

for (const streamed of [false, true]) {
  test(`the client gets prompt_tokens with the cache inside, and the row is priced at the cache prices (${streamed ? 'streamed' : 'not streamed'})`, async () => {
    const { openai, tokenId } = await client()
    bridge.mock.script(anthropicReply(ANSWER))
    const messages = [{ role: 'user' as const, content: 'Summarise the cached document' }]
    if (streamed) {
      let usage: CacheUsage | undefined
      for await (const chunk of await openai.chat.completions.create({ model: 'gpt-4o', messages, stream: true, stream_options: { include_usage: true } })) {
        if (chunk.usage) usage = chunk.usage
      }
      expectOpenaiUsage(usage)
    } else {
      expectOpenaiUsage((await openai.chat.completions.create({ model: 'gpt-4o', messages })).usage)
    }
    const [row] = await bridge.rowsFor(tokenId, 1)
    expect(row?.usage).toMatchObject({ inputTokens: 2400, outputTokens: 12, cacheReadTokens: 1800, cacheWriteTokens: 500 })
    expect(row?.costUsd).toBeCloseTo(EXPECTED_COST, 12)
  })
}
