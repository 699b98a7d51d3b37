/**
 * Bytes → SSE events, per the WHATWG EventSource parsing rules: one streaming UTF-8 decoder per
 * stream (multi-byte characters split across chunks survive), lines end in \n, \r\n or \r
 * (a CRLF split across chunks is handled), an empty line dispatches, `:` lines are comments.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
export type SseEvent = { event?: string; data: string; id?: string }

/** Upper bound of one event's data; a hostile upstream cannot make the bridge buffer without end. */
export const MAX_SSE_EVENT_BYTES = 16 * 1024 * 1024

export class SseEventTooLargeError extends Error {
  constructor() {
    super(`SSE event larger than ${MAX_SSE_EVENT_BYTES} bytes`)
  }
}

export async function* decodeSse(
  body: AsyncIterable<Uint8Array>,
  maxEventBytes = MAX_SSE_EVENT_BYTES,
): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder('utf-8')
  let pending = ''
  let sawCarriageReturn = false
  let data: string[] = []
  let dataLength = 0
  let eventName: string | undefined
  let lastId: string | undefined

  function* takeLine(line: string): Generator<SseEvent> {
    if (line === '') {
      if (data.length > 0) {
        const event: SseEvent = { data: data.join('\n') }
        if (eventName !== undefined) event.event = eventName
        if (lastId !== undefined) event.id = lastId
        yield event
      }
      data = []
      dataLength = 0
      eventName = undefined
      return
    }
    if (line.charCodeAt(0) === 58 /* ':' */) return
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.charCodeAt(0) === 32 /* ' ' */) value = value.slice(1)
    if (field === 'data') {
      dataLength += value.length
      if (dataLength > maxEventBytes) throw new SseEventTooLargeError()
      data.push(value)
    } else if (field === 'event') eventName = value
    else if (field === 'id' && !value.includes('\0')) lastId = value
  }

  function* feed(text: string): Generator<SseEvent> {
    let start = 0
    // A \r at the end of the previous chunk may be the first half of a CRLF.
    if (sawCarriageReturn && text.charCodeAt(0) === 10) start = 1
    sawCarriageReturn = false
    for (let i = start; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code !== 10 && code !== 13) continue
      const line = pending + text.slice(start, i)
      pending = ''
      yield* takeLine(line)
      if (code === 13) {
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === 10) i++
        } else sawCarriageReturn = true
      }
      start = i + 1
    }
    pending += text.slice(start)
    if (pending.length > maxEventBytes) throw new SseEventTooLargeError()
  }

  for await (const chunk of body) yield* feed(decoder.decode(chunk, { stream: true }))
  yield* feed(decoder.decode())
  // A stream that ends without the final blank line still delivers its last event.
  if (pending !== '') yield* takeLine(pending)
  pending = ''
  yield* takeLine('')
}
