/**
 * End to end: the official Anthropic SDK → the real bridge (createServer, port 0, SQLite log) →
 * an OpenAI Chat mock upstream. Every scenario runs with messages.create and with
 * messages.stream(...).finalMessage() (whose raw events are checked for stream grammar), and
 * asserts what the client got, what the upstream received and the request's one log row.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import type Anthropic from '@anthropic-ai/sdk'
import { CLIENT_KEY, openaiTargetBody, startE2eBridge, UPSTREAM_KEY, type E2eBridge } from '../support/e2e-bridge.ts'
import { ANTHROPIC_MODES, anthropicClient, askAnthropic, type AnthropicMode } from '../support/e2e-clients.ts'
import { fixtureReply, openaiReply, readFixtureJson } from '../support/e2e-wire.ts'
import type { ReceivedRequest } from '../support/mock-upstream.ts'

let bridge: E2eBridge
beforeAll(async () => {
  bridge = await startE2eBridge()
})
afterAll(async () => {
  await bridge.close()
})

type WireMessage = { role: string; content?: unknown; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>; tool_call_id?: string; reasoning_content?: string }
type WireBody = {
  model: string
  messages: WireMessage[]
  max_tokens?: number
  stream?: boolean
  stream_options?: { include_usage?: boolean }
  stop?: string[]
  tools?: Array<{ type: string; function: { name: string; parameters: unknown } }>
  tool_choice?: unknown
}

const body = (request: ReceivedRequest | undefined): WireBody => request?.json as WireBody

/** Mints a URL for one scenario: its own token id keeps its log rows apart. */
async function connect(): Promise<{ client: Anthropic; tokenId: string }> {
  const { proxyUrl, tokenId } = await bridge.mint(openaiTargetBody(bridge))
  return { client: anthropicClient(proxyUrl), tokenId }
}

/** What every translated request must look like upstream, whatever the scenario. */
function expectUpstreamBasics(seen: ReceivedRequest, mode: AnthropicMode): void {
  expect(seen.method).toBe('POST')
  expect(seen.path).toBe('/v1/chat/completions')
  expect(seen.headers.get('authorization')).toBe(`Bearer ${UPSTREAM_KEY}`)
  expect(seen.headers.has('x-api-key')).toBe(false)
  expect(seen.headers.has('anthropic-version')).toBe(false)
  for (const [, value] of seen.headers) expect(value).not.toContain(CLIENT_KEY)
  expect(seen.text).not.toContain(CLIENT_KEY)
  expect(body(seen).model).toBe('gpt-4o')
  if (mode === 'stream') {
    expect(body(seen).stream).toBe(true)
    expect(body(seen).stream_options).toEqual({ include_usage: true })
  } else {
    expect(body(seen).stream).toBeUndefined()
  }
}

async function expectOneRow(tokenId: string, expected: { status: number; stream: boolean; usage?: { inputTokens: number; outputTokens: number } }): Promise<void> {
  const rows = await bridge.rowsFor(tokenId, 1)
  expect(rows).toHaveLength(1)
  const row = rows[0]!
  expect(row).toMatchObject({ status: expected.status, stream: expected.stream, sourceProtocol: 'anthropic', targetProtocol: 'openai', provider: 'openai', endpointGroup: 'chat', upstreamModel: 'gpt-4o' })
  if (expected.usage) expect(row.usage).toMatchObject(expected.usage)
}

const textFixture = await readFixtureJson<{ choices: Array<{ message: { content: string } }> }>('openai-chat/openai-text.json')
const textChunksFile = await Bun.file(`${import.meta.dir}/../fixtures/openai-chat/openai-text.chunks.txt`).text()
const streamedText = textChunksFile.split('\n').filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { choices: Array<{ delta?: { content?: string } }> }).choices[0]?.delta?.content ?? '').join('')

for (const mode of ANTHROPIC_MODES) {
  const stream = mode === 'stream'
  describe(`Anthropic SDK ${mode} → OpenAI Chat upstream`, () => {
    test('text: the answer, end_turn and usage arrive; the upstream got the mapped model, its own key and a usage request', async () => {
      bridge.mock.script(await fixtureReply({ json: 'openai-chat/openai-text.json', stream: 'openai-chat/openai-text.chunks.txt' }))
      const { client, tokenId } = await connect()
      const message = await askAnthropic(client, mode, {
        model: 'claude-sonnet-4-5[1m]', max_tokens: 200, system: 'Be festive.', messages: [{ role: 'user', content: 'Invent a holiday' }],
      })
      expect(message.type).toBe('message')
      expect(message.role).toBe('assistant')
      expect(message.model).toBe('claude-sonnet-4-5[1m]')
      expect(message.content).toHaveLength(1)
      expect(message.content[0]).toMatchObject({ type: 'text', text: stream ? streamedText : textFixture.choices[0]!.message.content })
      expect(message.stop_reason).toBe('end_turn')
      expect(message.stop_sequence).toBeNull()
      expect(message.usage).toMatchObject({ input_tokens: 16, output_tokens: stream ? 300 : 363 })

      expect(bridge.mock.requests).toHaveLength(1)
      const seen = bridge.mock.requests[0]!
      expectUpstreamBasics(seen, mode)
      expect(body(seen).max_tokens).toBe(200)
      expect(body(seen).messages).toEqual([{ role: 'system', content: 'Be festive.' }, { role: 'user', content: 'Invent a holiday' }])
      await expectOneRow(tokenId, { status: 200, stream, usage: { inputTokens: 16, outputTokens: stream ? 300 : 363 } })
    })
  })
}
