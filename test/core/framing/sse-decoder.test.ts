/**
 * The SSE parser against the WHATWG event-stream rules it implements, including the fast path
 * for `data:` and `event:` lines: every field spelling, line ending and chunk split gives the
 * events the spec's algorithm gives.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
import { describe, expect, test } from 'bun:test'
import { MAX_SSE_EVENT_BYTES, SseEventTooLargeError, SseParser, type SseEvent } from '../../../src/core/framing/sse-decoder.ts'

const bytes = (text: string) => new TextEncoder().encode(text)

function parse(text: string, splits: number[] = []): SseEvent[] {
  const parser = new SseParser()
  const data = bytes(text)
  const events: SseEvent[] = []
  let at = 0
  for (const cut of [...splits, data.length]) {
    events.push(...parser.push(data.subarray(at, cut)))
    at = cut
  }
  return [...events, ...parser.end()]
}

describe('SseParser', () => {
  test('data and event fields with and without the space after the colon', () => {
    expect(parse('event: a\ndata: one\n\nevent:b\ndata:two\n\n')).toEqual([{ event: 'a', data: 'one' }, { event: 'b', data: 'two' }])
    // Only one leading space is removed; the rest belongs to the value.
    expect(parse('data:  two spaces\n\n')).toEqual([{ data: ' two spaces' }])
  })

  test('a field without a colon has an empty value; unknown fields and names that merely start like data/event are ignored', () => {
    expect(parse('data\ndata\n\n')).toEqual([{ data: '\n' }])
    expect(parse('dataX: no\ndata: yes\neventful: no\nretry: 5\n\n')).toEqual([{ data: 'yes' }])
    expect(parse('event\ndata: x\n\n')).toEqual([{ event: '', data: 'x' }])
  })

  test('several data lines join with a line feed; an event name lasts one event; comments are skipped', () => {
    expect(parse(': ping\nevent: e\ndata: a\ndata: b\n\ndata: c\n\n')).toEqual([{ event: 'e', data: 'a\nb' }, { data: 'c' }])
  })

  test('an event without data is not dispatched', () => {
    expect(parse('event: lonely\n\ndata: x\n\n')).toEqual([{ data: 'x' }])
  })

  test('the last id is carried, an id holding NUL is ignored', () => {
    expect(parse('id: 7\ndata: a\n\ndata: b\n\nid: bad\0\ndata: c\n\n')).toEqual([
      { data: 'a', id: '7' }, { data: 'b', id: '7' }, { data: 'c', id: '7' },
    ])
  })

  test('CRLF, CR and LF line endings give the same events, at every split point', () => {
    const lf = 'event: delta\ndata: {"t":"é😀"}\n\n: c\ndata: two\n\n'
    const expected = parse(lf)
    for (const ending of ['\r\n', '\r']) {
      const text = lf.replaceAll('\n', ending)
      expect(parse(text)).toEqual(expected)
      const length = bytes(text).length
      for (let cut = 1; cut < length; cut++) expect(parse(text, [cut])).toEqual(expected)
    }
    for (let cut = 1; cut < bytes(lf).length; cut++) expect(parse(lf, [cut])).toEqual(expected)
  })

  test('a last event without its blank line is dispatched at the end', () => {
    expect(parse('data: tail')).toEqual([{ data: 'tail' }])
  })

  test('an event larger than the bound throws, whether its data comes in one line or many', () => {
    const small = new SseParser(16)
    expect(() => small.push(bytes(`data: ${'x'.repeat(17)}\n`))).toThrow(SseEventTooLargeError)
    const lines = new SseParser(16)
    expect(() => lines.push(bytes('data: 12345678\ndata: 12345678\ndata: 1\n'))).toThrow(SseEventTooLargeError)
    expect(MAX_SSE_EVENT_BYTES).toBeGreaterThan(1024 * 1024)
  })
})
