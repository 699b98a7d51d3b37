/**
 * What the client-stream grammar checks share: an encoded SSE frame, a checker fed one frame at a
 * time (so the proxy can run it as the stream goes, and tests can run it over a whole capture),
 * and a splitter from encoder output text to frames.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
import { isObject } from '../json-object.ts'

/** One SSE event as a client reads it: the optional `event:` name and the joined `data:` lines. */
export type SseFrame = { event?: string; data: string }

export interface GrammarCheck {
  /** Every violation found so far, in order, each naming the frame position. */
  readonly violations: readonly string[]
  push(frame: SseFrame): void
  /** The stream ended: adds what an unfinished stream lacks and returns all violations. */
  end(): readonly string[]
}

/**
 * Encoder output → frames. Encoders emit whole frames, but a chunk may hold several and the
 * splitter keeps a remainder anyway, so any chunking of the text gives the same frames.
 * Comment lines (`: keepalive`) are skipped, as a client would.
 */
export class SseFrameSplitter {
  private pending = ''

  push(text: string): SseFrame[] {
    this.pending += text
    const frames: SseFrame[] = []
    for (;;) {
      const match = /\r\n\r\n|\n\n|\r\r/.exec(this.pending)
      if (match === null) return frames
      const frame = parseFrame(this.pending.slice(0, match.index))
      this.pending = this.pending.slice(match.index + match[0].length)
      if (frame !== undefined) frames.push(frame)
    }
  }
}

function parseFrame(block: string): SseFrame | undefined {
  let event: string | undefined
  const data: string[] = []
  for (const line of block.split(/\r\n|\r|\n/)) {
    if (line === '' || line.startsWith(':')) continue
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
    if (field === 'event') event = value
    else if (field === 'data') data.push(value)
  }
  if (data.length === 0) return undefined
  return event === undefined ? { data: data.join('\n') } : { event, data: data.join('\n') }
}

/** Whole SSE text → frames (tests, captures). */
export function splitSseText(text: string): SseFrame[] {
  return new SseFrameSplitter().push(text.endsWith('\n\n') ? text : `${text}\n\n`)
}

export function parseJsonObject(data: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data)
    return isObject(value) ? value : undefined
  } catch {
    return undefined
  }
}

export function isJsonText(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}
