/**
 * Bytes → SSE events, per the WHATWG EventSource parsing rules: one streaming UTF-8 decoder per
 * stream (multi-byte characters split across chunks survive), lines end in \n, \r\n or \r
 * (a CRLF split across chunks is handled), an empty line dispatches, `:` lines are comments.
 *
 * SseParser is synchronous (chunk in, events out) so a protocol decoder can loop over its events
 * without an async generator step per event: on the translated hot path each extra generator
 * layer costs about as much as parsing the event (see docs/performance.md).
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

const NO_EVENTS: SseEvent[] = []

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8')
  private pending = ''
  private sawCarriageReturn = false
  private data: string[] = []
  private dataLength = 0
  private eventName: string | undefined
  private lastId: string | undefined
  /** Events completed by the current push; events before an oversized one are kept (see push). */
  private out: SseEvent[] = NO_EVENTS

  constructor(private readonly maxEventBytes = MAX_SSE_EVENT_BYTES) {}

  /**
   * Events completed by this chunk. On an oversized event it throws SseEventTooLargeError; the
   * events completed before it in the same chunk are then in `takeCompleted()`.
   */
  push(chunk: Uint8Array): SseEvent[] {
    this.out = []
    this.feed(this.decoder.decode(chunk, { stream: true }))
    return this.takeCompleted()
  }

  /** The end of the body: the decoder's tail, and a last event without its blank line. */
  end(): SseEvent[] {
    this.out = []
    this.feed(this.decoder.decode())
    if (this.pending !== '') this.takeLine(this.pending)
    this.pending = ''
    this.takeLine('')
    return this.takeCompleted()
  }

  takeCompleted(): SseEvent[] {
    const events = this.out
    this.out = NO_EVENTS
    return events
  }

  private feed(text: string): void {
    // Nearly every upstream ends lines with \n only: then native indexOf finds the line ends
    // instead of a charCodeAt test per character (the parser's main cost per event).
    if (!this.sawCarriageReturn && !text.includes('\r')) return this.feedLf(text)
    let start = 0
    // A \r at the end of the previous chunk may be the first half of a CRLF.
    if (this.sawCarriageReturn && text.charCodeAt(0) === 10) start = 1
    this.sawCarriageReturn = false
    for (let i = start; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code !== 10 && code !== 13) continue
      const piece = text.slice(start, i)
      const line = this.pending === '' ? piece : this.pending + piece
      this.pending = ''
      this.takeLine(line)
      if (code === 13) {
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === 10) i++
        } else this.sawCarriageReturn = true
      }
      start = i + 1
    }
    if (start < text.length) this.pending += text.slice(start)
    if (this.pending.length > this.maxEventBytes) throw new SseEventTooLargeError()
  }

  /** feed() for text without \r: the same lines, found with indexOf. */
  private feedLf(text: string): void {
    let start = 0
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      const piece = text.slice(start, end)
      const line = this.pending === '' ? piece : this.pending + piece
      this.pending = ''
      this.takeLine(line)
      start = end + 1
    }
    if (start < text.length) this.pending += text.slice(start)
    if (this.pending.length > this.maxEventBytes) throw new SseEventTooLargeError()
  }

  private takeLine(line: string): void {
    if (line === '') {
      if (this.data.length > 0) {
        const event: SseEvent = { data: this.data.length === 1 ? this.data[0]! : this.data.join('\n') }
        if (this.eventName !== undefined) event.event = this.eventName
        if (this.lastId !== undefined) event.id = this.lastId
        this.out.push(event)
      }
      this.data = []
      this.dataLength = 0
      this.eventName = undefined
      return
    }
    const first = line.charCodeAt(0)
    if (first === 58 /* ':' */) return
    // The two fields every upstream sends, read without slicing out and comparing the field name
    // (this method runs for every line of every upstream stream).
    if (first === 100 /* 'd' */ && line.startsWith('data:')) return this.addData(fieldValue(line, 5))
    if (first === 101 /* 'e' */ && line.startsWith('event:')) {
      this.eventName = fieldValue(line, 6)
      return
    }
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.charCodeAt(0) === 32 /* ' ' */) value = value.slice(1)
    if (field === 'data') this.addData(value)
    else if (field === 'event') this.eventName = value
    else if (field === 'id' && !value.includes('\0')) this.lastId = value
  }

  private addData(value: string): void {
    this.dataLength += value.length
    if (this.dataLength > this.maxEventBytes) throw new SseEventTooLargeError()
    this.data.push(value)
  }
}

/** A field's value: the line from `start` (just past the colon), less one leading space. */
function fieldValue(line: string, start: number): string {
  return line.charCodeAt(start) === 32 /* ' ' */ ? line.slice(start + 1) : line.slice(start)
}

/**
 * The events of each body chunk as one array: one async step per chunk instead of one per event
 * (a burst of 50 events usually arrives in one or two chunks).
 */
export async function* decodeSseBatches(
  body: AsyncIterable<Uint8Array>,
  maxEventBytes = MAX_SSE_EVENT_BYTES,
): AsyncGenerator<SseEvent[]> {
  const parser = new SseParser(maxEventBytes)
  for await (const chunk of body) {
    let events: SseEvent[]
    try {
      events = parser.push(chunk)
    } catch (error) {
      // The events before the oversized one still count, as they would one by one.
      const completed = parser.takeCompleted()
      if (completed.length > 0) yield completed
      throw error
    }
    if (events.length > 0) yield events
  }
  const last = parser.end()
  if (last.length > 0) yield last
}

/** One event at a time, for callers that are not on the hot path. */
export async function* decodeSse(
  body: AsyncIterable<Uint8Array>,
  maxEventBytes = MAX_SSE_EVENT_BYTES,
): AsyncGenerator<SseEvent> {
  for await (const events of decodeSseBatches(body, maxEventBytes)) yield* events
}
