import { describe, expect, test } from 'bun:test'
import { anthropicCodec } from '../../src/core/protocols/anthropic/index.ts'
import { openaiCodec } from '../../src/core/protocols/openai/index.ts'
import { withKeepalive } from '../../src/proxy-guards/with-keepalive.ts'

async function* timed(items: { after: number; value: string }[]): AsyncGenerator<string> {
  for (const item of items) {
    await Bun.sleep(item.after)
    yield item.value
  }
}

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = []
  for await (const chunk of chunks) out.push(chunk)
  return out
}

describe('withKeepalive', () => {
  test('sends keepalives while the upstream is silent, then the data', async () => {
    const chunks = await collect(withKeepalive(timed([{ after: 0, value: 'a' }, { after: 300, value: 'b' }]), { intervalMs: 50, keepalive: 'K' }))
    expect(chunks[0]).toBe('a')
    expect(chunks.at(-1)).toBe('b')
    expect(chunks.filter((chunk) => chunk === 'K').length).toBeGreaterThanOrEqual(2)
  })

  test('sends no keepalive while data flows', async () => {
    const items = Array.from({ length: 10 }, (_, index) => ({ after: 5, value: String(index) }))
    const chunks = await collect(withKeepalive(timed(items), { intervalMs: 1000, keepalive: 'K' }))
    expect(chunks).toEqual(items.map((item) => item.value))
  })

  test('a client that leaves during silence is released at once', async () => {
    const forever = (async function* (): AsyncGenerator<string> {
      yield 'a'
      await new Promise(() => {})
    })()
    const started = Date.now()
    for await (const chunk of withKeepalive(forever, { intervalMs: 20, keepalive: 'K' })) {
      if (chunk === 'K') break
    }
    expect(Date.now() - started).toBeLessThan(1000)
  })

  test('Anthropic clients get a ping event, OpenAI clients an SSE comment', () => {
    expect(anthropicCodec.stream.keepalive).toBe('event: ping\ndata: {"type": "ping"}\n\n')
    expect(openaiCodec.stream.keepalive).toBe(': keepalive\n\n')
  })
})
