/**
 * Translation re-encodes what the upstream says, so an upstream that echoes the key — in a
 * successful answer's text, in tool arguments, in reasoning, in an error message — would hand it
 * to the client unless the canonical events are redacted. Deltas of one block may split the key
 * anywhere: per block, only the tail that may begin a match (or a match that runs to the end of
 * what arrived) is held back, and released with the next delta of that block or just before its
 * end event, so the text reaches the client as it would redacted in one piece. Errors are redacted
 * whole. A stage of translate-event-batches.ts; skipped when the URL carries no key.
 */
import type { SecretMatcher } from '../core/secret-matcher.ts'
import type { StreamEvent } from '../core/model/index.ts'
import { redactBridgeError } from './redact-error-events.ts'
import { matcherOf, REDACTED_MARK } from './secret-forms.ts'

type DeltaEvent = Extract<StreamEvent, { type: 'text-delta' | 'reasoning-delta' | 'tool-call-delta' }>

export class EventRedactor {
  private readonly matcher: SecretMatcher
  /** Held text per open block index, with the delta type it belongs to. */
  private readonly held = new Map<number, { type: DeltaEvent['type']; text: string }>()

  constructor(private readonly forms: readonly string[]) {
    this.matcher = matcherOf(forms)
  }

  /** Appends to `out` what `event` becomes: zero or one redacted delta, or held text then the event. */
  push(event: StreamEvent, out: StreamEvent[]): void {
    switch (event.type) {
      case 'text-delta':
        return this.delta(event, event.text, out)
      case 'reasoning-delta':
        return this.delta(event, event.text, out)
      case 'tool-call-delta':
        return this.delta(event, event.argumentsDelta, out)
      case 'text-end':
      case 'reasoning-end':
      case 'tool-call-end':
        this.release(event.index, out)
        out.push(event)
        return
      case 'error':
        for (const index of [...this.held.keys()]) this.release(index, out)
        out.push({ ...event, error: redactBridgeError(event.error, this.forms) })
        return
      case 'response-end':
        for (const index of [...this.held.keys()]) this.release(index, out)
        out.push(event)
        return
      default:
        out.push(event)
    }
  }

  private delta(event: DeltaEvent, text: string, out: StreamEvent[]): void {
    const before = this.held.get(event.index)
    const joined = before === undefined ? text : before.text + text
    const ranges = this.matcher.find(joined)
    let cut = this.matcher.holdFrom(joined, ranges)
    for (const [start, end] of ranges) if (start < cut && cut < end) cut = start
    if (cut < joined.length) this.held.set(event.index, { type: event.type, text: joined.slice(cut) })
    else if (before !== undefined) this.held.delete(event.index)
    // The common case: nothing held, nothing found — the very event.
    if (cut === joined.length && before === undefined && ranges.length === 0) {
      out.push(event)
      return
    }
    const ready = redactRanges(joined, ranges.filter(([, end]) => end <= cut), cut)
    if (ready !== '') out.push(withText(event, ready))
  }

  /** Held text of a block, redacted (the stream or the block ends: nothing can extend it now). */
  private release(index: number, out: StreamEvent[]): void {
    const held = this.held.get(index)
    if (held === undefined) return
    this.held.delete(index)
    const text = this.matcher.redact(held.text, REDACTED_MARK)
    out.push(held.type === 'tool-call-delta' ? { type: held.type, index, argumentsDelta: text } : { type: held.type, index, text })
  }
}

function withText(event: DeltaEvent, text: string): DeltaEvent {
  return event.type === 'tool-call-delta' ? { ...event, argumentsDelta: text } : { ...event, text }
}

function redactRanges(text: string, ranges: readonly [number, number][], end: number): string {
  let out = ''
  let at = 0
  for (const [start, stop] of ranges) {
    out += text.slice(at, start) + REDACTED_MARK
    at = stop
  }
  return out + text.slice(at, end)
}
