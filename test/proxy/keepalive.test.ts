import { afterEach, describe, expect, test } from 'bun:test'
import { ANTHROPIC_END, ANTHROPIC_START, anthropicDelta, eventNames, OPENAI_END, OPENAI_HELLO, startFaultBridge, type FaultBridge } from './fault-harness.ts'

let bridge: FaultBridge | undefined
afterEach(() => bridge?.stop())

const PING = 'event: ping\ndata: {"type": "ping"}\n\n'

describe('keepalive while the upstream is silent on an open stream', () => {
  test('translated: Anthropic pings between the events, then the complete answer', async () => {
    // '' is a pause: the upstream says nothing for two gaps in the middle of the answer.
    bridge = await startFaultBridge([{ events: [...OPENAI_HELLO, '', '', ...OPENAI_END], delayBetweenEventsMs: 80 }], { keepaliveMs: 25 })
    const text = await (await bridge.post(await bridge.translatedToken())).text()
    const names = eventNames(text)
    expect(names.filter((name) => name === 'ping').length).toBeGreaterThanOrEqual(2)
    expect(names.at(-1)).toBe('message_stop')
    // Pings only between whole events: the stream still parses as SSE event by event.
    for (const block of text.split('\n\n').filter((entry) => entry !== '')) expect(block).toMatch(/^event: \w+\ndata: \{/)
  })

  test('turned off (keepaliveMs 0): no ping', async () => {
    bridge = await startFaultBridge([{ events: [...OPENAI_HELLO, '', '', ...OPENAI_END], delayBetweenEventsMs: 80 }], { keepaliveMs: 0 })
    const text = await (await bridge.post(await bridge.translatedToken())).text()
    expect(eventNames(text)).not.toContain('ping')
    expect(eventNames(text).at(-1)).toBe('message_stop')
  })

  test('passthrough: pings only between whole upstream events, never inside one', async () => {
    // The delta event arrives in two pieces with a silence between: no ping may land in that gap.
    const delta = anthropicDelta('Hello')
    const half = delta.length >> 1
    const events = [...ANTHROPIC_START, '', '', delta.slice(0, half), '', '', delta.slice(half), ...ANTHROPIC_END]
    bridge = await startFaultBridge([{ events, delayBetweenEventsMs: 80 }], { keepaliveMs: 25 })
    const text = await (await bridge.post(await bridge.passthroughToken())).text()
    // Remove the pings: what is left is exactly the upstream's bytes.
    expect(text.split(PING).join('')).toBe([...ANTHROPIC_START, delta, ...ANTHROPIC_END].join(''))
    expect(eventNames(text)).toContain('ping')
    expect(text).not.toContain(`${delta.slice(0, half)}${PING}`)
  })
})
