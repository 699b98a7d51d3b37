import { describe, expect, test } from 'bun:test'
import { SseParser } from '../../../src/core/framing/sse-decoder.ts'
import { encodeSseEvent, encodeSseJson } from '../../../src/core/framing/sse-encoder.ts'

const decodeAll = (text: string) => {
  const parser = new SseParser()
  return [...parser.push(new TextEncoder().encode(text)), ...parser.end()]
}

describe('SSE encoder', () => {
  test('JSON with line breaks, carriage returns and separators inside strings stays one data line', () => {
    const value = { text: 'a\nb\r\nc\rd\u2028e\u2029f', nested: [{ s: '\n\n' }] }
    const wire = encodeSseJson(value, 'content_block_delta')
    expect(wire.split('\n').filter((line) => line.startsWith('data: ')).length).toBe(1)
    const [event] = decodeAll(wire)
    expect(event?.event).toBe('content_block_delta')
    expect(JSON.parse(event!.data)).toEqual(value)
  })

  test('every string survives the round trip, with and without an event name', () => {
    const alphabet = ['a', ' ', '\n', '\r', '"', '\\', 'é', '😀', '\u0000', ':', 'data: ']
    for (let seed = 1; seed < 300; seed++) {
      let text = ''
      for (let i = 0, x = seed; i < 12; i++, x = (x * 1103515245 + 12345) % 2 ** 31) text += alphabet[x % alphabet.length]
      const named = seed % 2 === 0 ? 'message_delta' : undefined
      const [event] = decodeAll(encodeSseJson({ text }, named))
      expect(event?.event).toBe(named)
      expect((JSON.parse(event!.data) as { text: string }).text).toBe(text)
    }
  })

  test('encodeSseJson writes the same bytes as encodeSseEvent of the JSON text', () => {
    const value = { type: 'ping', n: 1 }
    expect(encodeSseJson(value)).toBe(encodeSseEvent(JSON.stringify(value)))
    expect(encodeSseJson(value, 'ping')).toBe(encodeSseEvent(JSON.stringify(value), 'ping'))
  })

  test('raw text with line breaks is split into data lines that decode back to it', () => {
    const [event] = decodeAll(encodeSseEvent('one\ntwo\r\nthree'))
    expect(event?.data).toBe('one\ntwo\nthree')
  })
})
