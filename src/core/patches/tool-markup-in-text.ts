/**
 * 'tool-markup-in-text' (LESSONS #20): open-weight models served without a tool parser leak
 * tool calls as text — Hermes/Qwen `<tool_call>{"name":…,"arguments":…}</tool_call>` — with
 * `finish_reason: stop`. This stream patch parses that markup back into tool-call blocks, as the
 * text streams (a possible marker prefix at a chunk end is held back, nothing else), re-indexes
 * all blocks so the split text keeps indices unique, and turns the stop into a tool-calls finish.
 * Markup that does not parse stays text.
 */
import type { StreamEvent } from '../model/index.ts'
import type { StreamPatch } from './patch.ts'

const OPEN = '<tool_call>'
const CLOSE = '</tool_call>'

class MarkupParser {
  private readonly indexMap = new Map<number, number>()
  private nextIndex = 0
  private openText: number | undefined
  private heldWhitespace = ''
  private buffer = ''
  private inCall = false
  callsFound = 0

  constructor(private readonly out: StreamEvent[]) {}

  remap(index: number, isStart: boolean): number {
    if (isStart) this.indexMap.set(index, this.nextIndex++)
    return this.indexMap.get(index) ?? index
  }

  feed(text: string): void {
    this.buffer += text
    for (;;) {
      if (!this.inCall) {
        const at = this.buffer.indexOf(OPEN)
        if (at === -1) {
          const keep = heldPrefixLength(this.buffer)
          this.emitText(this.buffer.slice(0, this.buffer.length - keep))
          this.buffer = this.buffer.slice(this.buffer.length - keep)
          return
        }
        this.emitText(this.buffer.slice(0, at))
        this.buffer = this.buffer.slice(at + OPEN.length)
        this.inCall = true
      }
      const end = this.buffer.indexOf(CLOSE)
      if (end === -1) return
      this.emitCall(this.buffer.slice(0, end))
      this.buffer = this.buffer.slice(end + CLOSE.length)
      this.inCall = false
    }
  }

  /** The text block ended: whatever is buffered (an unterminated call included) is text. */
  flush(): void {
    this.emitText(this.inCall ? OPEN + this.buffer : this.buffer)
    this.buffer = ''
    this.inCall = false
    this.heldWhitespace = ''
    this.closeText()
  }

  private emitText(text: string): void {
    if (text === '') return
    // Whitespace around markup is layout, not content: it opens no text block of its own.
    if (this.openText === undefined && text.trim() === '') {
      this.heldWhitespace += text
      return
    }
    if (this.openText === undefined) {
      this.openText = this.nextIndex++
      this.out.push({ type: 'text-start', index: this.openText })
    }
    this.out.push({ type: 'text-delta', index: this.openText, text: this.heldWhitespace + text })
    this.heldWhitespace = ''
  }

  private emitCall(body: string): void {
    const call = parseCall(body)
    if (call === undefined) {
      this.emitText(OPEN + body + CLOSE)
      return
    }
    this.closeText()
    this.heldWhitespace = ''
    const index = this.nextIndex++
    this.callsFound++
    this.out.push({ type: 'tool-call-start', index, id: `call_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`, name: call.name })
    this.out.push({ type: 'tool-call-delta', index, argumentsDelta: call.arguments })
    this.out.push({ type: 'tool-call-end', index })
  }

  private closeText(): void {
    if (this.openText === undefined) return
    this.out.push({ type: 'text-end', index: this.openText })
    this.openText = undefined
  }
}

function heldPrefixLength(text: string): number {
  for (let length = Math.min(OPEN.length - 1, text.length); length > 0; length--) {
    if (OPEN.startsWith(text.slice(text.length - length))) return length
  }
  return 0
}

function parseCall(body: string): { name: string; arguments: string } | undefined {
  try {
    const parsed: unknown = JSON.parse(body.trim())
    if (typeof parsed !== 'object' || parsed === null) return undefined
    const { name, arguments: args, parameters } = parsed as Record<string, unknown>
    if (typeof name !== 'string' || name === '') return undefined
    const value = args ?? parameters ?? {}
    return { name, arguments: typeof value === 'string' ? value : JSON.stringify(value) }
  } catch {
    return undefined
  }
}

async function* parseToolMarkup(batches: AsyncIterable<readonly StreamEvent[]>): AsyncGenerator<StreamEvent[]> {
  const out: StreamEvent[] = []
  const parser = new MarkupParser(out)
  for await (const batch of batches) {
    for (const event of batch) {
      // The parser opens its own text blocks lazily, so text may split around the calls.
      if (event.type === 'text-start') continue
      if (event.type === 'text-delta') parser.feed(event.text)
      else if (event.type === 'text-end') parser.flush()
      else if (event.type === 'response-end' && parser.callsFound > 0 && event.finishReason.kind === 'stop') {
        out.push({ type: 'response-end', finishReason: { ...event.finishReason, kind: 'tool-calls' } })
      } else if ('index' in event) {
        out.push({ ...event, index: parser.remap(event.index, event.type.endsWith('-start')) })
      } else out.push(event)
    }
    // A batch of held-back text alone yields nothing: batches are never empty.
    if (out.length > 0) yield out.splice(0, out.length)
  }
}

export const toolMarkupInText: StreamPatch = {
  kind: 'stream',
  wire: 'any',
  name: 'tool-markup-in-text',
  description: 'Parse <tool_call>{…}</tool_call> text markup back into tool calls',
  apply: parseToolMarkup,
}
