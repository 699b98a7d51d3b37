/**
 * Pipeline stage for a non-Anthropic upstream feeding an Anthropic client: each reasoning block
 * ends with exactly one signature, our envelope around the upstream's own signature (if any), and
 * redacted data is wrapped the same way (text ''). The client echoes them back next turn, where
 * openReasoningEnvelopes restores what the upstream needs (DeepSeek reasoning_content, OpenRouter
 * reasoning_details).
 */
import type { ProtocolId, StreamEvent } from '../model/index.ts'
import { sealReasoningSignature } from './reasoning-signature.ts'

type OpenReasoning = { text: string; signature: string }

export async function* sealForeignReasoning(
  events: AsyncIterable<StreamEvent>,
  key: CryptoKey,
  origin: ProtocolId,
): AsyncGenerator<StreamEvent> {
  if (origin === 'anthropic') {
    yield* events
    return
  }
  const open = new Map<number, OpenReasoning>()
  for await (const event of events) {
    switch (event.type) {
      case 'reasoning-start': {
        open.set(event.index, { text: '', signature: '' })
        if (event.redactedData === undefined) yield event
        else {
          const sealed = await sealReasoningSignature(key, { origin, text: '', signature: event.redactedData })
          yield { ...event, redactedData: sealed }
        }
        break
      }
      case 'reasoning-delta': {
        const block = open.get(event.index)
        if (block) block.text += event.text
        yield event
        break
      }
      case 'reasoning-signature': {
        // Held back: the envelope must cover the whole upstream signature, emitted once at the end.
        const block = open.get(event.index)
        if (block) block.signature += event.signature
        else yield event
        break
      }
      case 'reasoning-end': {
        const block = open.get(event.index)
        open.delete(event.index)
        if (block) {
          const payload = block.signature === '' ? { origin, text: block.text } : { origin, text: block.text, signature: block.signature }
          yield { type: 'reasoning-signature', index: event.index, signature: await sealReasoningSignature(key, payload) }
        }
        yield event
        break
      }
      default:
        yield event
    }
  }
}
