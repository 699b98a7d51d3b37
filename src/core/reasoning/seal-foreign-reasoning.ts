/**
 * Reasoning from another protocol's upstream on its way to a client: each reasoning block ends
 * with exactly one signature, our envelope around the upstream's own signature (if any), and
 * redacted data is wrapped the same way (text ''). The client echoes them back next turn, where
 * openReasoningEnvelopes restores what the upstream needs (DeepSeek reasoning_content, OpenRouter
 * reasoning_details). Which upstreams' tokens are sealed is their codec's choice
 * (the client codec's `reasoning.carriesRaw`).
 *
 * A token the upstream put on a tool call (Gemini's thoughtSignature on a functionCall) has no
 * slot on another protocol's tool call: it goes into the envelope of the reasoning block that
 * ends in the same batch before the call (Gemini closes its thoughts when the call arrives), or,
 * with no such block, into a signature-only block of its own right before the call. The envelope
 * names the call, and openReasoningEnvelopes puts the token back on it.
 *
 * The state for one stream, batch by batch (translate-event-batches.ts): reasoning events and
 * signed tool calls are rewritten, every other event passes on as it is.
 */
import type { ProtocolId, StreamEvent } from '../model/index.ts'
import { sealReasoningSignature } from './reasoning-signature.ts'

type OpenReasoning = { text: string; signature: string }
type ToolCallEnd = Extract<StreamEvent, { type: 'tool-call-end' }>

/**
 * Index of a signature-only block put before the call at `callIndex`: decoders number blocks with
 * integers, so a half step never collides and still sorts right before its call.
 */
const beforeCall = (callIndex: number): number => callIndex - 0.5

export class ReasoningSealer {
  private readonly open = new Map<number, OpenReasoning>()
  /** Tool-call ids by block index, for a call whose token arrives in a later batch than its start. */
  private readonly callIds = new Map<number, string>()

  constructor(private readonly key: CryptoKey, private readonly origin: ProtocolId) {}

  static touches(event: StreamEvent): boolean {
    return event.type === 'reasoning-start' || event.type === 'reasoning-delta' || event.type === 'reasoning-signature' || event.type === 'reasoning-end'
  }

  /** One batch with its reasoning sealed and the tool calls' own tokens moved into envelopes. */
  async sealBatch(events: readonly StreamEvent[]): Promise<StreamEvent[]> {
    const out: StreamEvent[] = []
    const callIds = this.callIds
    /** Calls whose token is already in an envelope. */
    const sealed = new Set<number>()
    for (let at = 0; at < events.length; at++) {
      const event = events[at]!
      if (event.type === 'reasoning-end') {
        out.push(...(await this.seal(event, this.callTokensAfter(events, at + 1, sealed))))
      } else if (event.type === 'tool-call-start') {
        callIds.set(event.index, event.id)
        const end = events.slice(at + 1).find((later): later is ToolCallEnd => later.type === 'tool-call-end' && later.index === event.index)
        if (end?.signature !== undefined && !sealed.has(event.index)) {
          sealed.add(event.index)
          out.push(...(await this.callTokenBlock(beforeCall(event.index), event.id, end.signature)))
        }
        out.push(event)
      } else if (event.type === 'tool-call-end' && event.signature !== undefined) {
        const { signature, ...bare } = event
        out.push(bare)
        // A call begun in an earlier batch (arguments streamed): its token follows it.
        const id = callIds.get(event.index)
        if (!sealed.has(event.index) && id !== undefined) out.push(...(await this.callTokenBlock(event.index + 0.5, id, signature)))
      } else if (ReasoningSealer.touches(event)) out.push(...(await this.seal(event)))
      else out.push(event)
    }
    return out
  }

  /** Tokens of the calls that follow in this batch, up to the next reasoning block. */
  private callTokensAfter(events: readonly StreamEvent[], from: number, sealed: Set<number>): Record<string, string> {
    const ids = new Map<number, string>()
    const tokens: Record<string, string> = {}
    for (const event of events.slice(from)) {
      if (event.type === 'reasoning-start') break
      if (event.type === 'tool-call-start') ids.set(event.index, event.id)
      const id = event.type === 'tool-call-end' && event.signature !== undefined ? ids.get(event.index) : undefined
      if (id !== undefined && event.type === 'tool-call-end' && event.signature !== undefined) {
        tokens[id] = event.signature
        sealed.add(event.index)
      }
    }
    return tokens
  }

  private async callTokenBlock(index: number, callId: string, token: string): Promise<StreamEvent[]> {
    const signature = await sealReasoningSignature(this.key, { origin: this.origin, text: '', calls: { [callId]: token } })
    return [{ type: 'reasoning-start', index }, { type: 'reasoning-signature', index, signature }, { type: 'reasoning-end', index }]
  }

  /** What replaces `event` downstream (none, itself, or a sealed version plus the event). */
  async seal(event: StreamEvent, calls: Record<string, string> = {}): Promise<StreamEvent[]> {
    const { key, origin, open } = this
    switch (event.type) {
      case 'reasoning-start': {
        open.set(event.index, { text: '', signature: '' })
        if (event.redactedData === undefined) return [event]
        const sealed = await sealReasoningSignature(key, { origin, text: '', signature: event.redactedData })
        return [{ ...event, redactedData: sealed }]
      }
      case 'reasoning-delta': {
        const block = open.get(event.index)
        if (block) block.text += event.text
        return [event]
      }
      case 'reasoning-signature': {
        // Held back: the envelope must cover the whole upstream signature, emitted once at the end.
        const block = open.get(event.index)
        if (block) {
          block.signature += event.signature
          return []
        }
        return [event]
      }
      case 'reasoning-end': {
        const block = open.get(event.index)
        open.delete(event.index)
        if (!block) return [event]
        const payload = block.signature === '' ? { origin, text: block.text, calls } : { origin, text: block.text, signature: block.signature, calls }
        return [{ type: 'reasoning-signature', index: event.index, signature: await sealReasoningSignature(key, payload) }, event]
      }
      default:
        return [event]
    }
  }
}
