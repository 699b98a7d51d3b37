/**
 * Pipeline stage for every translated request: reasoning parts whose signature (or redacted data)
 * is our envelope get back their origin and the upstream's own signature; an envelope that does
 * not verify (tampered, edited text, other server) is dropped, so nothing forged is forwarded.
 * Any other opaque token keeps the origin its decoder gave it (a codec marks the tokens its own
 * protocol's upstreams mint); the bridge never guesses one, and encoders send a token only to the
 * protocol it came from.
 */
import type { ChatMessage, ChatRequest, ContentPart, ReasoningPart } from '../model/index.ts'
import { isReasoningEnvelope, openReasoningSignature } from './reasoning-signature.ts'

async function openPart(part: ReasoningPart, key: CryptoKey): Promise<ReasoningPart | undefined> {
  if (part.redactedData !== undefined && isReasoningEnvelope(part.redactedData)) {
    const envelope = await openReasoningSignature(key, part.redactedData, '')
    if (!envelope?.signature) return undefined
    const { signature: _signature, ...rest } = part
    return { ...rest, redactedData: envelope.signature, origin: envelope.origin }
  }
  if (part.signature !== undefined && isReasoningEnvelope(part.signature)) {
    const envelope = await openReasoningSignature(key, part.signature, part.text)
    if (!envelope) return undefined
    const { signature: _signature, ...rest } = part
    return envelope.signature === undefined
      ? { ...rest, origin: envelope.origin }
      : { ...rest, origin: envelope.origin, signature: envelope.signature }
  }
  return part
}

async function openMessage(message: ChatMessage, key: CryptoKey): Promise<ChatMessage> {
  if (!message.content.some((part) => part.type === 'reasoning')) return message
  const content: ContentPart[] = []
  for (const part of message.content) {
    if (part.type !== 'reasoning') content.push(part)
    else {
      const opened = await openPart(part, key)
      if (opened) content.push(opened)
    }
  }
  return { ...message, content }
}

export async function openReasoningEnvelopes(request: ChatRequest, key: CryptoKey): Promise<ChatRequest> {
  const messages: ChatMessage[] = []
  for (const message of request.messages) messages.push(await openMessage(message, key))
  return { ...request, messages }
}
