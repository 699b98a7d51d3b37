import { afterEach, expect, test } from 'bun:test'
import { readUpstreamBody } from '../../src/proxy-guards/read-upstream-body.ts'
import { withKeepalive } from '../../src/proxy-guards/with-keepalive.ts'
import { startFaultUpstream, type FaultUpstream } from '../support/fault-upstream.ts'

let upstream: FaultUpstream | undefined
afterEach(() => upstream?.stop())

/** The proxy's edge, as it must be built: pull-based, one upstream read per client read. */
function toClientStream(chunks: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]()
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await iterator.next()
        if (next.done) controller.close()
        else controller.enqueue(next.value)
      },
      cancel() {
        void iterator.return?.()
      },
    },
    { highWaterMark: 0 },
  )
}

test('a slow client slows the upstream: the bridge never buffers the whole answer', async () => {
  const total = 256 * 1024 * 1024
  upstream = startFaultUpstream([{ hugeBodyBytes: total }])
  const response = await fetch(upstream.url, { method: 'POST', body: '{}' })
  const body = response.body
  if (body === null) throw new Error('no body')
  const guarded = readUpstreamBody(body, { firstByteMs: 5000, idleMs: 5000, maxBytes: 0 })
  const reader = toClientStream(withKeepalive(guarded, { intervalMs: 60_000, keepalive: new Uint8Array(0) })).getReader()
  let read = 0
  for (let i = 0; i < 4; i++) read += (await reader.read()).value?.byteLength ?? 0
  // The client stalls; give a greedy pipeline ample time to pull everything it could.
  await Bun.sleep(500)
  const written = upstream.requests[0]?.bytesWritten ?? 0
  expect(read).toBeGreaterThan(0)
  expect(written).toBeLessThan(64 * 1024 * 1024)
  await reader.cancel()
  const released = await Promise.race([upstream.requests[0]?.aborted.then(() => true), Bun.sleep(1000).then(() => false)])
  expect(released).toBe(true)
})
