/**
 * Passthrough rows carry usage and cost like translated ones: Claude Code straight to Anthropic
 * and an OpenAI SDK straight to OpenAI are the most common configurations. The answer still
 * reaches the client byte for byte and, when streamed, chunk by chunk as it arrives.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { computeCostUsd } from '../../src/log/compute-cost.ts'
import { findProvider } from '../../src/core/catalog/providers.ts'
import { startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { ANTHROPIC_MODES, anthropicClient, askAnthropic, askOpenAi, OPENAI_MODES, openaiClient } from '../support/e2e-clients.ts'
import { anthropicReply, openaiReply } from '../support/e2e-wire.ts'

let bridge: E2eBridge
beforeAll(async () => {
  bridge = await startE2eBridge()
})
afterAll(async () => {
  await bridge.close()
})

/** The catalog's price for a model, so the expected cost is the log's own arithmetic on the upstream's numbers. */
function priceOf(provider: string, model: string) {
  const price = findProvider(provider)?.models?.find((info) => model.startsWith(info.id.replace(/\*$/, '')))?.price
  if (price === undefined) throw new Error(`no catalog price for ${provider} ${model}`)
  return price
}

describe('anthropic → anthropic passthrough rows carry usage and cost', () => {
  for (const mode of ANTHROPIC_MODES) {
    test(`messages ${mode}: the upstream's token counts and the catalog cost are in the row`, async () => {
      const { proxyUrl, tokenId } = await bridge.mint({
        version: 2,
        source: { protocol: 'anthropic' },
        target: { protocol: 'anthropic', provider: 'anthropic', baseUrl: bridge.mock.url, auth: { type: 'x-api-key', token: UPSTREAM_KEY } },
        model: { mode: 'passthrough' },
      })
      bridge.mock.script(anthropicReply({ blocks: [{ type: 'text', text: 'pong' }], stopReason: 'end_turn', usage: { input: 1234, output: 56 }, model: 'claude-sonnet-4-5' }))
      const answer = await askAnthropic(anthropicClient(proxyUrl), mode, { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'ping' }] })
      expect(answer.content).toEqual([expect.objectContaining({ type: 'text', text: 'pong' })])

      const [row] = await bridge.rowsFor(tokenId, 1)
      expect(row).toMatchObject({ sourceProtocol: 'anthropic', targetProtocol: 'anthropic', status: 200, stream: mode === 'stream' })
      expect(row?.usage).toMatchObject({ inputTokens: 1234, outputTokens: 56 })
      const expected = computeCostUsd({ inputTokens: 1234, outputTokens: 56 }, priceOf('anthropic', 'claude-sonnet-4-5'))
      expect(row?.costUsd).toBeCloseTo(expected, 12)
      expect(row?.costUsd).toBeGreaterThan(0)
    })
  }
})

describe('openai → openai passthrough rows carry usage and cost', () => {
  for (const mode of OPENAI_MODES) {
    test(`chat.completions ${mode}: the upstream's token counts and the catalog cost are in the row`, async () => {
      const { proxyUrl, tokenId } = await bridge.mint({
        version: 2,
        source: { protocol: 'openai' },
        target: { protocol: 'openai', provider: 'openai', baseUrl: `${bridge.mock.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } },
        model: { mode: 'passthrough' },
      })
      bridge.mock.script(openaiReply({ content: 'pong', finish: 'stop', usage: { prompt: 900, completion: 70 }, model: 'gpt-4o' }))
      const answer = await askOpenAi(openaiClient(proxyUrl), mode, { model: 'gpt-4o', messages: [{ role: 'user', content: 'ping' }] })
      expect(answer.content).toBe('pong')

      const [row] = await bridge.rowsFor(tokenId, 1)
      expect(row).toMatchObject({ sourceProtocol: 'openai', targetProtocol: 'openai', status: 200, stream: mode !== 'create' })
      expect(row?.usage).toMatchObject({ inputTokens: 900, outputTokens: 70 })
      const expected = computeCostUsd({ inputTokens: 900, outputTokens: 70 }, priceOf('openai', 'gpt-4o'))
      expect(row?.costUsd).toBeCloseTo(expected, 12)
    })
  }
})

describe('observing usage holds nothing back', () => {
  test('a streamed passthrough answer reaches the client while the upstream is still sending', async () => {
    const { proxyUrl, tokenId } = await bridge.mint({
      version: 2,
      source: { protocol: 'openai' },
      target: { protocol: 'openai', provider: 'openai', baseUrl: `${bridge.mock.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } },
      model: { mode: 'passthrough' },
    })
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    const chunk = (delta: object, finish: string | null) =>
      `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`
    bridge.mock.script(() => ({
      headers: { 'content-type': 'text/event-stream' },
      chunks: [
        chunk({ role: 'assistant', content: 'first' }, null),
        // The rest waits until the client has its first chunk: a bridge that held bytes back to read usage would hang here.
        { data: chunk({}, 'stop'), after: held },
        `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [], usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } })}\n\n`,
        'data: [DONE]\n\n',
      ],
    }))
    const stream = await openaiClient(proxyUrl).chat.completions.create({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'ping' }] })
    const iterator = stream[Symbol.asyncIterator]()
    const first = await iterator.next()
    expect(first.done === false && first.value.choices[0]?.delta.content).toBe('first')
    release()
    while (!(await iterator.next()).done) {
      // drain the rest
    }
    const [row] = await bridge.rowsFor(tokenId, 1)
    expect(row?.usage).toMatchObject({ inputTokens: 5, outputTokens: 1 })
  })
})
