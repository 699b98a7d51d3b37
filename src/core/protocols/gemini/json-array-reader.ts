/**
 * `:streamGenerateContent` without `alt=sse` answers ONE JSON array delivered piece by piece
 * (`[{...}\r\n,{...}]`, split anywhere). This reads its elements as they complete, never the
 * whole array: a brace counter that knows strings and escapes, over text from one streaming
 * UTF-8 decoder (a character split across chunks survives). A bare top-level object (an error
 * body) is read as a one-element array.
 * @see ../../../../../shared/protocols/gemini.md §1
 */
import { MAX_SSE_EVENT_BYTES } from '../../framing/sse-decoder.ts'

const OPEN_BRACE = 123
const CLOSE_BRACE = 125
const OPEN_BRACKET = 91
const CLOSE_BRACKET = 93
const QUOTE = 34
const BACKSLASH = 92
const COMMA = 44

export class JsonArrayReader {
  private readonly decoder = new TextDecoder('utf-8')
  /** Text of the element being read, up to the current chunk. */
  private pending = ''
  private depth = 0
  private inString = false
  private escaped = false

  constructor(private readonly maxElementChars = MAX_SSE_EVENT_BYTES) {}

  /** The element texts this chunk completed. Throws on text that is not a JSON array of objects. */
  push(bytes: Uint8Array): string[] {
    return this.scan(this.decoder.decode(bytes, { stream: true }))
  }

  /** The end of the body; throws when an element was cut off. */
  end(): string[] {
    const elements = this.scan(this.decoder.decode())
    if (this.depth > 0) throw new Error('The JSON array ended inside an element')
    return elements
  }

  private scan(text: string): string[] {
    const elements: string[] = []
    let start = this.depth > 0 ? 0 : -1
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (this.depth === 0) {
        if (code === OPEN_BRACE) {
          this.depth = 1
          start = i
        } else if (code !== OPEN_BRACKET && code !== CLOSE_BRACKET && code !== COMMA && !isSpace(code)) {
          throw new Error('The stream is not a JSON array of objects')
        }
        continue
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false
        else if (code === BACKSLASH) this.escaped = true
        else if (code === QUOTE) this.inString = false
        continue
      }
      if (code === QUOTE) this.inString = true
      else if (code === OPEN_BRACE || code === OPEN_BRACKET) this.depth++
      else if ((code === CLOSE_BRACE || code === CLOSE_BRACKET) && --this.depth === 0) {
        elements.push(this.pending + text.slice(start, i + 1))
        this.pending = ''
        start = -1
      }
    }
    if (this.depth > 0) {
      this.pending += text.slice(start)
      if (this.pending.length > this.maxElementChars) throw new Error('A JSON array element is too large')
    }
    return elements
  }
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9 || code === 0xfeff
}
