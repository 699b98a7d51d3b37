/**
 * Reasoning from another protocol's upstream on its way to a client: each reasoning block ends
 * with exactly one signature, our envelope around the upstream's own signature (if any), and
 * redacted data is wrapped the same way (text ''). The client echoes them back next turn, where
 * openReasoningEnvelopes restores what the upstream needs (DeepSeek reasoning_content, OpenRouter
 * reasoning_details). Which upstreams' tokens are sealed is their codec's choice
 * (the client codec's `reasoning.carriesRaw`).
 *
 * The state for one stream, event by event: the proxy's batched path (translate-event-batches.ts)
 * calls it only for reasoning events (`touches`) and passes every other event on as it is.
 */
import type { ProtocolId, StreamEvent } from '../model/index.ts'
import { sealReasoningSignature } from './reasoning-signature.ts'

type OpenReasoning = { text: string; signature: string }

export class ReasoningSealer {
  private readonly open = new Map<number, OpenReasoning>()

  constructor(private readonly key: CryptoKey, private readonly origin: ProtocolId) {}

  static touches(event: StreamEvent): boolean {
    return event.type === 'reasoning-start' || event.type === 'reasoning-delta' || event.type === 'reasoning-signature' || event.type === 'reasoning-end'
  }

  /** What replaces `event` downstream (none, itself, or a sealed version plus the event). */
  async seal(event: StreamEvent): Promise<StreamEvent[]> {
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
        const payload = block.signature === '' ? { origin, text: block.text } : { origin, text: block.text, signature: block.signature }
        return [{ type: 'reasoning-signature', index: event.index, signature: await sealReasoningSignature(key, payload) }, event]
      }
      default:
        return [event]
    }
  }
}
