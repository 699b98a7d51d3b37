import { afterEach, describe, expect, test } from 'bun:test'
import { startFaultBridge, upstreamReleasedWithin, type FaultBridge } from './fault-harness.ts'

let bridge: FaultBridge | undefined
afterEach(() => bridge?.stop())

const HUGE = 256 * 1024 * 1024

async function readSome(response: Response, chunks: number): Promise<{ reader: ReadableStreamDefaultReader<Uint8Array>; read: number }> {
  const reader = response.body!.getReader()
  let read = 0
  for (let i = 0; i < chunks; i++) read += (await reader.read()).value?.byteLength ?? 0
  return { reader, read }
}

describe('a client that reads slowly or not at all', () => {
  test('the bridge pulls from the upstream only as the client reads: bounded, not the whole answer', async () => {
    bridge = await startFaultBridge([{ hugeBodyBytes: HUGE }], { maxUpstreamBytes: 0, clientStallMs: 0 })
    const response = await bridge.post(await bridge.passthroughToken())
    const { reader, read } = await readSome(response, 4)
    // The client stalls; give a greedy pipeline ample time to pull everything it could.
    await Bun.sleep(500)
    const written = bridge.upstream.requests[0]!.bytesWritten
    expect(read).toBeGreaterThan(0)
    // Socket buffers on both hops hold a few MiB at most; a buffering bridge would take all 256.
    expect(written).toBeLessThan(64 * 1024 * 1024)
    await reader.cancel()
    expect(await upstreamReleasedWithin(bridge.upstream, 0, 1000)).toBe(true)
  })

  test('a client that stops reading for clientStallMs is dropped: upstream released, row 499 CLIENT_STALLED', async () => {
    bridge = await startFaultBridge([{ hugeBodyBytes: HUGE }], { maxUpstreamBytes: 0, clientStallMs: 200 })
    const response = await bridge.post(await bridge.passthroughToken())
    const { reader } = await readSome(response, 2)
    expect(await upstreamReleasedWithin(bridge.upstream, 0, 3000)).toBe(true)
    expect(await bridge.lastRow()).toMatchObject({ status: 499, errorCode: 'CLIENT_STALLED' })
    // The client's connection was closed too: reading on finds the end or an error, not a hang.
    const outcome = await Promise.race([
      (async () => {
        try {
          while (!(await reader.read()).done);
          return 'ended'
        } catch {
          return 'ended'
        }
      })(),
      Bun.sleep(3000).then(() => 'hanging'),
    ])
    expect(outcome).toBe('ended')
  })
})
