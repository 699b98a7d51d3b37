import { describe, expect, test } from 'bun:test'
import { BridgeError } from '../../src/core/errors.ts'
import type { StreamEvent } from '../../src/core/model/index.ts'
import { findStreamViolations } from '../../src/core/stream/check-stream.ts'
import { guardEvents } from '../../src/proxy/guard-events.ts'

const start: StreamEvent = { type: 'response-start', id: 'r1', model: 'm' }
const text: StreamEvent[] = [{ type: 'text-start', index: 0 }, { type: 'text-delta', index: 0, text: 'Hel' }]

async function* source(events: StreamEvent[], failure?: unknown): AsyncGenerator<StreamEvent> {
  for (const event of events) yield event
  if (failure !== undefined) throw failure
}

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = []
  for await (const event of events) out.push(event)
  return out
}

describe('guardEvents', () => {
  test('a failure mid-stream becomes one error event after what arrived', async () => {
    const timeout = new BridgeError({ kind: 'upstream-timeout', code: 'UPSTREAM_TIMEOUT', status: 504, message: 'silent' })
    const events = await collect(guardEvents(source([start, ...text], timeout), new AbortController().signal))
    expect(events).toEqual([start, ...text, { type: 'error', error: timeout }])
    expect(findStreamViolations(events)).toEqual([])
  })

  test('a stream that stops without response-end gets an error, never a success marker', async () => {
    const events = await collect(guardEvents(source([start, ...text]), new AbortController().signal))
    expect(events.at(-1)?.type).toBe('error')
    expect(events.some((event) => event.type === 'response-end')).toBe(false)
  })

  test('a complete stream passes through unchanged', async () => {
    const complete: StreamEvent[] = [start, ...text, { type: 'text-end', index: 0 }, { type: 'response-end', finishReason: { kind: 'stop' } }]
    expect(await collect(guardEvents(source(complete), new AbortController().signal))).toEqual(complete)
  })

  test('a foreign exception does not leak its text to the client', async () => {
    const events = await collect(guardEvents(source([start], new TypeError('fetch failed for https://x/?key=sk-secret-123456789')), new AbortController().signal))
    const last = events.at(-1)
    expect(last?.type).toBe('error')
    if (last?.type === 'error') {
      expect(last.error.code).toBe('UPSTREAM_ERROR')
      expect(last.error.message).not.toContain('sk-secret')
    }
  })

  test('an error event from the decoder is kept and nothing follows it', async () => {
    const error = new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message: 'bad json' })
    const events = await collect(guardEvents(source([start, { type: 'error', error }, ...text]), new AbortController().signal))
    expect(events).toEqual([start, { type: 'error', error }])
  })
})
