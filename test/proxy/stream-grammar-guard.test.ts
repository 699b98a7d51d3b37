/**
 * The client-stream grammar guard on translated streams: a well-formed translation records no
 * violation; a stream that breaks the client's grammar is recorded in the log row as
 * 'stream-grammar-violation' warnings, and reaches the client exactly as it would without the guard.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { WarningSink } from '../../src/core/model/index.ts'
import { DEFAULT_SERVER_CONFIG } from '../../src/config.ts'
import { anthropicCodec } from '../../src/core/protocols/anthropic/index.ts'
import { everyNth, STREAM_GRAMMAR_VIOLATION, watchTranslatedGrammar } from '../../src/proxy/watch-translated-grammar.ts'
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts'
import { createHarness, type Harness, UPSTREAM_KEY, waitForRows } from './proxy-harness.ts'

const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`

const TEXT = [chunk({ role: 'assistant', content: 'Hel' }), chunk({ content: 'lo' }), chunk({}, 'stop'), 'data: [DONE]\n\n']
// The upstream's tool arguments do not parse: passed on as they came, the client's tool_use JSON is broken.
const BROKEN_TOOL = [
  chunk({ role: 'assistant', tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":' } }] }),
  chunk({}, 'tool_calls'),
  'data: [DONE]\n\n',
]

let upstream: MockUpstream
let harness: Harness
let token: string

beforeAll(async () => {
  upstream = startMockUpstream((request) => ({ chunks: JSON.stringify(request.json).includes('broken') ? BROKEN_TOOL : TEXT }))
  // Every stream checked here; the default samples 1 in 16 (tested below).
  harness = await createHarness(upstream.url, { streams: { ...DEFAULT_SERVER_CONFIG.streams, grammarCheckEvery: 1 } })
  token = await harness.mint({ target: { protocol: 'openai', provider: 'openai', baseUrl: `${upstream.url}/v1`, auth: { type: 'bearer', token: UPSTREAM_KEY } }, model: { mode: 'force', force: 'gpt-4o' } })
})
afterAll(() => upstream.stop())

async function streamFor(content: string): Promise<{ text: string; violations: string[] }> {
  const rows = harness.rows.length
  const body = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 100, stream: true, messages: [{ role: 'user', content }] })
  const response = await harness.handle(new Request(`http://bridge/proxy/${token}/v1/messages`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' } }))
  const text = await response.text()
  await waitForRows(harness.rows, rows + 1)
  const row = harness.rows.at(-1)!
  return { text, violations: row.warnings.filter((warning) => warning.code === STREAM_GRAMMAR_VIOLATION).map((warning) => warning.message) }
}

describe('client-stream grammar guard (translated)', () => {
  test('a well-formed translated stream records no violation', async () => {
    const { text, violations } = await streamFor('hi')
    expect(text).toContain('event: message_stop')
    expect(violations).toEqual([])
  })

  test('a stream that breaks the client grammar is recorded in the row, and still reaches the client whole', async () => {
    const { text, violations } = await streamFor('broken')
    expect(violations.length).toBeGreaterThan(0)
    expect(violations.join('\n')).toMatch(/json|parse/i)
    expect(text).toContain('"partial_json":"{\\"a\\":"')
    expect(text).toContain('event: message_stop')
  })

  test('the watcher passes every chunk unchanged and reports through the warning sink', async () => {
    const warnings = new WarningSink()
    // message_stop without message_start: an Anthropic grammar violation.
    const broken = ['event: message_stop\ndata: {"type":"message_stop"}\n\n']
    const out: string[] = []
    for await (const piece of watchTranslatedGrammar(anthropicCodec, toAsync(broken), { upstreamModel: 'm', clientModel: 'm', warnings }, warnings)) out.push(piece)
    expect(out).toEqual(broken)
    expect(warnings.items.map((warning) => warning.code)).toContain(STREAM_GRAMMAR_VIOLATION)
  })
})

async function* toAsync<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item
}

describe('grammar check sampling', () => {
  test('1 stream in N is checked, starting with the first; 1 checks all, 0 none', () => {
    const take = (every: number, count: number) => {
      const sample = everyNth(every)
      return Array.from({ length: count }, () => sample())
    }
    expect(take(4, 9)).toEqual([true, false, false, false, true, false, false, false, true])
    expect(take(1, 3)).toEqual([true, true, true])
    expect(take(0, 3)).toEqual([false, false, false])
  })

  test('a stream outside the sample is passed on untouched and records nothing', async () => {
    const warnings = new WarningSink()
    const chunks = ['event: content_block_delta\ndata: {"type":"content_block_delta","index":7}\n\n']
    async function* source() {
      yield* chunks
    }
    const seen: string[] = []
    for await (const chunk of watchTranslatedGrammar(anthropicCodec, source(), { upstreamModel: 'u', clientModel: 'c', warnings }, warnings, false)) seen.push(chunk)
    expect(seen).toEqual(chunks)
    expect(warnings.items).toEqual([])
  })
})

