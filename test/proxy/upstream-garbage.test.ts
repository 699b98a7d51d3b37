import { afterEach, describe, expect, test } from 'bun:test'
import { INVALID_UTF8, MALFORMED_JSON_EVENT } from '../support/fault-upstream.ts'
import { ANTHROPIC_START, anthropicDelta, eventNames, OPENAI_END, OPENAI_HELLO, openaiChunk, startFaultBridge, type FaultBridge } from './fault-harness.ts'

let bridge: FaultBridge | undefined
afterEach(() => bridge?.stop())

/** Anthropic stream events a client may legitimately receive. */
const ANTHROPIC_EVENTS = new Set(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop', 'ping', 'error'])

async function translatedText(bridge: FaultBridge): Promise<string> {
  const response = await bridge.post(await bridge.translatedToken())
  expect(response.status).toBe(200)
  return response.text()
}

describe('upstream garbage mid-stream (translated)', () => {
  test.each([
    ['invalid JSON', MALFORMED_JSON_EVENT],
    ['invalid UTF-8', INVALID_UTF8],
    ['an event that is not an object', 'data: [1,2,3]\n\n'],
  ] as const)('%s: what arrived, then an error event; never a control event or the garbage itself', async (_name, garbage) => {
    bridge = await startFaultBridge([{ events: [...OPENAI_HELLO, garbage, openaiChunk({ content: 'LATE' }), ...OPENAI_END] }])
    const text = await translatedText(bridge)
    const names = eventNames(text)
    expect(names.every((name) => ANTHROPIC_EVENTS.has(name))).toBe(true)
    expect(text).toContain('"text":"Hel"')
    expect(names.at(-1)).toBe('error')
    expect(names).not.toContain('message_stop')
    expect(text).not.toContain('LATE')
    expect(text).not.toContain('unterminated')
    expect(text).not.toContain('\uFFFD')
  })

  test('a healthy request after garbage is answered normally (the bridge did not crash)', async () => {
    bridge = await startFaultBridge([{ events: [...OPENAI_HELLO, MALFORMED_JSON_EVENT] }, { events: [...OPENAI_HELLO, ...OPENAI_END] }])
    await translatedText(bridge)
    const second = await translatedText(bridge)
    expect(eventNames(second).at(-1)).toBe('message_stop')
  })
})

describe('an upstream answer larger than the bound', () => {
  const many = (count: number) => Array.from({ length: count }, (_, index) => openaiChunk({ content: `word${index} `.padEnd(200, '.') }))

  test('streamed and translated: the error event after what arrived, naming the bound', async () => {
    bridge = await startFaultBridge([{ events: [...OPENAI_HELLO, ...many(2000), ...OPENAI_END] }], { maxUpstreamBytes: 64 * 1024 })
    const text = await translatedText(bridge)
    expect(eventNames(text).at(-1)).toBe('error')
    expect(text).not.toContain('message_stop')
    expect(text).toContain(`exceeded ${64 * 1024} bytes`)
  })

  test('whole (non-streamed) answer: a 502 in the client\'s error shape, never buffered whole', async () => {
    const huge = JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model: 'gpt-4o', choices: [{ index: 0, message: { role: 'assistant', content: 'x'.repeat(4 * 1024 * 1024) }, finish_reason: 'stop' }] })
    bridge = await startFaultBridge([{ status: 200, headers: { 'content-type': 'application/json' }, body: huge }], { maxUpstreamBytes: 64 * 1024 })
    const response = await bridge.post(await bridge.translatedToken(), { stream: false })
    expect(response.status).toBe(502)
    const body = (await response.json()) as { type: string; error: { message: string } }
    expect(body.type).toBe('error')
    expect(body.error.message).toContain(`exceeded ${64 * 1024} bytes`)
  })

  test('passthrough SSE: the upstream events, then an Anthropic error event', async () => {
    const deltas = Array.from({ length: 2000 }, (_, index) => anthropicDelta(`w${index} `.padEnd(100, '.')))
    bridge = await startFaultBridge([{ events: [...ANTHROPIC_START, ...deltas] }], { maxUpstreamBytes: 64 * 1024 })
    const response = await bridge.post(await bridge.passthroughToken())
    const text = await response.text()
    const errorAt = text.indexOf('event: error\n')
    expect(errorAt).toBeGreaterThanOrEqual(0)
    // Before it: whole upstream events only (how many depends on how the reads were cut).
    const forwarded = text.slice(0, errorAt)
    expect([...ANTHROPIC_START, ...deltas].join('').startsWith(forwarded)).toBe(true)
    expect(forwarded === '' || forwarded.endsWith('\n\n')).toBe(true)
    expect(eventNames(text.slice(errorAt))).toEqual(['error'])
    expect(text).toContain(`exceeded ${64 * 1024} bytes`)
  })
})
