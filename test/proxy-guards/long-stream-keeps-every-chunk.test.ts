/**
 * Symptom: a long stream held every chunk it had already forwarded until it ended. The drain
 * guard raced each read against one never-settling "window expired" promise, and every race left
 * a reaction on that promise pointing at its (settled) result: memory grew with the length of
 * the answer, ~74 MiB for 200,000 chunks in a quick measurement. Forwarded chunks must be
 * collectable while the stream is still open.
 */
import { describe, expect, test } from 'bun:test'
import { DEFAULT_SERVER_CONFIG } from '../../src/config.ts'
import type { StreamEvent } from '../../src/core/model/index.ts'
import { createDrain, drainChunks } from '../../src/proxy-guards/drain.ts'
import type { PipelineContext } from '../../src/proxy/pipeline-context.ts'
import { RequestLogDraft } from '../../src/proxy/request-log-draft.ts'
import { translateEventBatches } from '../../src/proxy/translate-event-batches.ts'

const CHUNKS = 200

/** Yields CHUNKS fresh objects (registered as weak references), then stays open. */
function source<T extends object>(make: (i: number) => T, refs: WeakRef<T>[]): AsyncGenerator<T> {
  return (async function* () {
    for (let i = 0; i < CHUNKS; i++) {
      const item = make(i)
      refs.push(new WeakRef(item))
      yield item
    }
    await new Promise(() => {})
  })()
}

/** Reads CHUNKS items without keeping them, then collects garbage while the stream is still open. */
async function collectedWhileOpen<T extends object>(stream: AsyncIterable<unknown>, refs: WeakRef<T>[]): Promise<number> {
  const iterator = stream[Symbol.asyncIterator]()
  for (let i = 0; i < CHUNKS; i++) await iterator.next()
  // WeakRef targets live at least until the current job ends.
  await Bun.sleep(0)
  Bun.gc(true)
  await Bun.sleep(0)
  Bun.gc(true)
  void iterator.return?.(undefined)
  return refs.filter((ref) => ref.deref() === undefined).length
}

const text = (i: number): StreamEvent => ({ type: 'text-delta', index: 0, text: `token ${i} `.repeat(8) })

function context(): PipelineContext {
  return {
    request: new Request('http://127.0.0.1/'),
    requestId: 'req_test',
    upstreamPath: 'v1/chat/completions',
    forwardQuery: new URLSearchParams(),
    maxBodyBytes: DEFAULT_SERVER_CONFIG.maxBodyBytes,
    draft: new RequestLogDraft({ record: () => {} }, { requestId: 'req_test', method: 'POST', path: '/v1/chat/completions' }),
    secretForms: [],
    logBodies: false,
    abort: new AbortController(),
    fetch: undefined,
    checkEgress: async () => {},
    reasoningKey: undefined as unknown as CryptoKey,
    preset: undefined,
    retry: DEFAULT_SERVER_CONFIG.retry,
    timeouts: DEFAULT_SERVER_CONFIG.timeouts,
    streams: DEFAULT_SERVER_CONFIG.streams,
    checkGrammar: () => false,
    drain: createDrain(),
  }
}

describe('a long stream does not keep the chunks it has forwarded', () => {
  // Conservative stack scanning may keep one or two alive; a leak keeps all of them.
  const MOST = CHUNKS * 0.9

  test('passthrough bytes through the drain guard', async () => {
    const refs: WeakRef<Uint8Array>[] = []
    const stream = drainChunks(source((i) => new TextEncoder().encode(`data: ${i}\n\n`), refs), createDrain())
    expect(await collectedWhileOpen(stream, refs)).toBeGreaterThan(MOST)
  })

  test('translated event batches', async () => {
    const refs: WeakRef<StreamEvent[]>[] = []
    const stream = translateEventBatches(source((i) => [text(i)], refs), { context: context(), sealOrigin: undefined })
    expect(await collectedWhileOpen(stream, refs)).toBeGreaterThan(MOST)
  })
})
