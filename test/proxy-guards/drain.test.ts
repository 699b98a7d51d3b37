import { describe, expect, test } from 'bun:test'
import type { StreamEvent } from '../../src/core/model/index.ts'
import { createDrain, type Drain } from '../../src/proxy-guards/drain.ts'
import { translateEventBatches } from '../../src/proxy/translate-event-batches.ts'
import { testPipelineContext } from '../support/pipeline-context.ts'

const start: StreamEvent = { type: 'response-start', id: 'r1', model: 'm' }
const end: StreamEvent = { type: 'response-end', finishReason: { kind: 'stop' } }

async function* paced(events: StreamEvent[], gapMs: number, thenHang = false): AsyncGenerator<StreamEvent> {
  for (const event of events) {
    await Bun.sleep(gapMs)
    yield event
  }
  if (thenHang) await new Promise(() => {})
}

async function collect(batches: AsyncIterable<StreamEvent[]>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = []
  for await (const batch of batches) out.push(...batch)
  return out
}

/** A translated stream under `drain` (translate-event-batches.ts), one event per batch. */
async function* withDrain(events: AsyncIterable<StreamEvent>, drain: Drain): AsyncGenerator<StreamEvent[]> {
  async function* single(): AsyncGenerator<StreamEvent[]> {
    for await (const event of events) yield [event]
  }
  yield* translateEventBatches(single(), { context: testPipelineContext({ drain }), sealOrigin: undefined })
}

describe('drain on shutdown', () => {
  test('a stream that finishes within the drain window is untouched', async () => {
    const drain = createDrain()
    const running = collect(withDrain(paced([start, end], 20), drain))
    drain.begin(1000)
    expect(await running).toEqual([start, end])
    expect(drain.inFlight()).toBe(0)
  })

  test('a stream still open when the window ends gets an error event and stops', async () => {
    const drain = createDrain()
    const running = collect(withDrain(paced([start], 0, true), drain))
    await Bun.sleep(10)
    expect(drain.inFlight()).toBe(1)
    drain.begin(50)
    const events = await running
    expect(events[0]).toEqual(start)
    const last = events.at(-1)
    expect(last?.type).toBe('error')
    if (last?.type === 'error') expect(last.error.message).toContain('shutting down')
    expect(drain.expired.aborted).toBe(true)
  })

  test('enter(onExpired) runs the callback once when the window ends, never after leaving, at once when already over', async () => {
    const drain = createDrain()
    const calls: string[] = []
    drain.enter(() => calls.push('open'))
    const leave = drain.enter(() => calls.push('left'))
    leave()
    drain.begin(10)
    await Bun.sleep(40)
    expect(calls).toEqual(['open'])
    drain.enter(() => calls.push('late'))
    expect(calls).toEqual(['open', 'late'])
  })

  test('idle() resolves when the last stream in flight ends', async () => {
    const drain = createDrain()
    await drain.idle()
    const running = collect(withDrain(paced([start, end], 50), drain))
    await Bun.sleep(5)
    let idle = false
    const waiting = drain.idle().then(() => (idle = true))
    expect(idle).toBe(false)
    await running
    await waiting
    expect(idle).toBe(true)
  })

  test('the drain window expiry can release the upstream through its signal', async () => {
    const drain = createDrain()
    const upstreamSignal = AbortSignal.any([new AbortController().signal, drain.expired])
    drain.begin(10)
    await Bun.sleep(50)
    expect(upstreamSignal.aborted).toBe(true)
  })
})
