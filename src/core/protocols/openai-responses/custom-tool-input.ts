/**
 * A custom (freeform) tool's call travels the canonical model as function arguments
 * `{"input":"<raw text>"}` (decode-tools.ts). For a Responses client the raw text goes back as
 * `custom_tool_call.input`, streamed as `response.custom_tool_call_input.delta`: this reads the
 * JSON string value as the argument fragments arrive, so the patch streams instead of arriving
 * in one piece at the end. Arguments of another shape (a model that ignored the schema) are
 * collected and turned into text at the end.
 */
import { isObject } from '../openai/narrow.ts'

/** The raw input of complete arguments: the `input` string, else the arguments as text. */
export function inputOfArguments(args: string): string {
  try {
    const parsed: unknown = JSON.parse(args)
    if (isObject(parsed) && typeof parsed.input === 'string') return parsed.input
    return typeof parsed === 'string' ? parsed : args
  } catch {
    return args
  }
}

const OPENING = '{"input":"'
const OPENING_PATTERN = /^\s*\{\s*"input"\s*:\s*"/
const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

export class CustomInputStream {
  private state: 'opening' | 'string' | 'closed' | 'fallback' = 'opening'
  private buffer = ''
  private escape = ''
  /** Everything emitted so far: the input as the client accumulates it. */
  input = ''

  /** The raw text this fragment adds ('' while it cannot tell yet). */
  push(fragment: string): string {
    if (this.state === 'closed') return ''
    if (this.state === 'string') return this.emit(this.readString(fragment))
    this.buffer += fragment
    if (this.state === 'fallback') return ''
    const match = OPENING_PATTERN.exec(this.buffer)
    if (match !== null) {
      this.state = 'string'
      const rest = this.buffer.slice(match[0].length)
      this.buffer = ''
      return this.emit(this.readString(rest))
    }
    const compact = this.buffer.replace(/\s+/g, '')
    if (compact.length >= OPENING.length || !OPENING.startsWith(compact)) this.state = 'fallback'
    return ''
  }

  /** The arguments ended: the rest of the input, for arguments that were not `{"input":"…"}`. */
  end(): string {
    if (this.state === 'opening' || this.state === 'fallback') {
      const text = inputOfArguments(this.buffer)
      this.state = 'closed'
      return this.emit(text)
    }
    this.state = 'closed'
    return ''
  }

  private emit(text: string): string {
    this.input += text
    return text
  }

  private readString(fragment: string): string {
    let text = ''
    for (const char of fragment) {
      if (this.state !== 'string') break
      if (this.escape !== '') {
        this.escape += char
        text += this.finishEscape()
      } else if (char === '\\') this.escape = '\\'
      else if (char === '"') this.state = 'closed'
      else text += char
    }
    return text
  }

  /** `\n`-style escapes take one character, `\uXXXX` five; '' while one is incomplete. */
  private finishEscape(): string {
    const kind = this.escape[1] ?? ''
    if (kind !== 'u') {
      this.escape = ''
      return SIMPLE_ESCAPES[kind] ?? kind
    }
    if (this.escape.length < 6) return ''
    const code = Number.parseInt(this.escape.slice(2), 16)
    this.escape = ''
    return Number.isNaN(code) ? '' : String.fromCharCode(code)
  }
}
