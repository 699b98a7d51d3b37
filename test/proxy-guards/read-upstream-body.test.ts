import { afterEach, describe, expect, test } from 'bun:test'
import { BridgeError } from '../../src/core/errors.ts'
import { decodeSse } from '../../src/core/framing/sse-decoder.ts'
import { readUpstreamBody, type UpstreamBodyLimits } from '../../src/proxy-guards/read-upstream-body.ts'
import { INVALID_UTF8, splitInsideCharacter, sse, startFaultUpstream, type FaultReply, type FaultUpstream } from '../support/fault-upstream.ts'

let upstream: FaultUpstream | undefined
afterEach(() => upstream?.stop())

const relaxed: UpstreamBodyLimits = { firstByteMs: 5000, idleMs: 5000, maxBytes: 0 }

async function open(reply: FaultReply): Promise<ReadableStream<Uint8Array>> {
  upstream = startFaultUpstream([reply])
  const response = await fetch(upstream.url, { method: 'POST', body: '{}' })
  if (response.body === null) throw new Error('no body')
  return response.body
}

async function drain(chunks: AsyncIterable<Uint8Array>): Promise<{ text: string; error?: BridgeError }> {
  const decoder = new TextDecoder()
  let text = ''
  try {
    for await (const chunk of chunks) text += decoder.decode(chunk, { stream: true })
    return { text }
  } catch (error) {
    if (!(error instanceof BridgeError)) throw error
    return { text, error }
  }
}

function abortedWithin(ms: number): Promise<boolean> {
  const aborted = upstream?.requests[0]?.aborted ?? Promise.reject(new Error('no request'))
  return Promise.race([aborted.then(() => true), Bun.sleep(ms).then(() => false)])
}

describe('readUpstreamBody', () => {
  test('passes a healthy body through unchanged', async () => {
    const result = await drain(readUpstreamBody(await open({ events: [sse({ n: 1 }), sse({ n: 2 })] }), relaxed))
    expect(result).toEqual({ text: `${sse({ n: 1 })}${sse({ n: 2 })}` })
  })

  test('no first byte within firstByteMs: UPSTREAM_TIMEOUT and the upstream is released', async () => {
    const result = await drain(readUpstreamBody(await open({ events: [], hang: true }), { ...relaxed, firstByteMs: 50 }))
    expect(result.error?.code).toBe('UPSTREAM_TIMEOUT')
    expect(result.error?.message).toContain('first byte')
    expect(await abortedWithin(1000)).toBe(true)
  })

  test('a slow first byte is allowed the long first-byte wait, not the short idle one', async () => {
    const body = await open({ events: ['', sse({ late: true })], delayBetweenEventsMs: 200 })
    const result = await drain(readUpstreamBody(body, { ...relaxed, firstByteMs: 5000, idleMs: 50 }))
    expect(result).toEqual({ text: sse({ late: true }) })
  })

  test('silence after data past idleMs: what arrived, then UPSTREAM_TIMEOUT, upstream released', async () => {
    const result = await drain(readUpstreamBody(await open({ events: [sse({ n: 1 })], hang: true }), { ...relaxed, idleMs: 50 }))
    expect(result.text).toBe(sse({ n: 1 }))
    expect(result.error?.code).toBe('UPSTREAM_TIMEOUT')
    expect(result.error?.message).toContain('silent')
    expect(await abortedWithin(1000)).toBe(true)
  })

  test('a body past maxBytes is cut with an error and the upstream released', async () => {
    // 64 MiB: far more than Bun's fetch reads ahead while the reader takes its 256 KiB, so the
    // upstream is surely still writing when the bound cuts it (at 8 MiB it could finish first).
    const result = await drain(readUpstreamBody(await open({ hugeBodyBytes: 64 * 1024 * 1024 }), { ...relaxed, maxBytes: 256 * 1024 }))
    expect(result.error?.message).toContain('exceeded 262144 bytes')
    expect(result.text.length).toBeLessThanOrEqual(256 * 1024)
    expect(await abortedWithin(1000)).toBe(true)
  })

  test('a connection dropped mid-body: what arrived, then UPSTREAM_ERROR', async () => {
    const result = await drain(readUpstreamBody(await open({ events: [sse({ n: 1 }), sse({ n: 2 }), sse({ n: 3 })], dropAfterEvents: 2 }), relaxed))
    expect(result.text).toBe(`${sse({ n: 1 })}${sse({ n: 2 })}`)
    expect(result.error?.code).toBe('UPSTREAM_ERROR')
    expect(result.error?.message).toContain('dropped mid-answer')
  })

  test('a character split across chunks and invalid UTF-8 reach the SSE decoder intact', async () => {
    const [head, tail] = splitInsideCharacter('data: héllo wörld\n\n')
    const body = await open({ events: [head, tail, INVALID_UTF8], delayBetweenEventsMs: 5 })
    const events = []
    for await (const event of decodeSse(readUpstreamBody(body, relaxed))) events.push(event.data)
    expect(events).toEqual(['héllo wörld', '\uFFFD\uFFFD'])
  })
})
