import { afterEach, describe, expect, test } from 'bun:test'
import { eventNames, OPENAI_HELLO, startFaultBridge, upstreamReleasedWithin, type FaultBridge, ANTHROPIC_START, anthropicDelta } from './fault-harness.ts'

let bridge: FaultBridge | undefined
afterEach(() => bridge?.stop())

describe('upstream timeouts through the proxy handler', () => {
  test('no headers within the first-byte timeout: a 504 in the client\'s (Anthropic) error shape', async () => {
    bridge = await startFaultBridge([{ delayBeforeHeadersMs: 5_000, events: OPENAI_HELLO }], { timeouts: { firstByteMs: 150 } })
    const response = await bridge.post(await bridge.translatedToken())
    expect(response.status).toBe(504)
    const body = (await response.json()) as { type: string; error: { type: string; message: string }; error_code: string }
    expect(body.type).toBe('error')
    expect(body.error_code).toBe('UPSTREAM_TIMEOUT')
    expect(body.error.message).toContain('150 ms')
    expect(await upstreamReleasedWithin(bridge.upstream, 0, 1000)).toBe(true)
    expect(await bridge.lastRow()).toMatchObject({ status: 504, errorCode: 'UPSTREAM_TIMEOUT' })
  })

  test('headers, then no first byte: the stream ends with the protocol\'s error event, no success marker', async () => {
    bridge = await startFaultBridge([{ events: [], hang: true }], { timeouts: { firstByteMs: 150 } })
    const response = await bridge.post(await bridge.translatedToken())
    expect(response.status).toBe(200)
    const text = await response.text()
    expect(eventNames(text).at(-1)).toBe('error')
    expect(text).not.toContain('message_stop')
    expect(text).toContain('the first byte of the answer within 150 ms')
    expect(await upstreamReleasedWithin(bridge.upstream, 0, 1000)).toBe(true)
    expect(await bridge.lastRow()).toMatchObject({ errorCode: 'UPSTREAM_TIMEOUT' })
  })

  test('silence mid-stream (translated): what arrived, then the error event naming the idle timeout', async () => {
    bridge = await startFaultBridge([{ events: OPENAI_HELLO, hang: true }], { timeouts: { idleMs: 150 } })
    const response = await bridge.post(await bridge.translatedToken())
    const text = await response.text()
    const names = eventNames(text)
    expect(names).toContain('content_block_delta')
    expect(text).toContain('"text":"Hel"')
    expect(names.at(-1)).toBe('error')
    expect(names).not.toContain('message_stop')
    expect(text).toContain('went silent for more than 150 ms')
    expect(await upstreamReleasedWithin(bridge.upstream, 0, 1000)).toBe(true)
    expect(await bridge.lastRow()).toMatchObject({ status: 200, errorCode: 'UPSTREAM_TIMEOUT' })
  })

  test('silence mid-stream (passthrough): the upstream events, then an Anthropic error event at the event boundary', async () => {
    bridge = await startFaultBridge([{ events: [...ANTHROPIC_START, anthropicDelta('Hel')], hang: true }], { timeouts: { idleMs: 150 } })
    const response = await bridge.post(await bridge.passthroughToken())
    const text = await response.text()
    expect(text.startsWith(ANTHROPIC_START.join(''))).toBe(true)
    expect(eventNames(text)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'error'])
    expect(text).toContain('went silent for more than 150 ms')
    expect(await upstreamReleasedWithin(bridge.upstream, 0, 1000)).toBe(true)
    expect(await bridge.lastRow()).toMatchObject({ status: 200, errorCode: 'UPSTREAM_TIMEOUT' })
  })
})
