/**
 * Pipeline stage for every translated request: reasoning parts whose signature (or redacted data)
 * is our envelope get back their origin and the upstream's own signature, and the tool calls it
 * names get back the tokens their upstream put on them; an envelope that does
 * not verify (tampered, edited text, other server) is dropped, so nothing forged is forwarded.
 * Any other opaque token keeps the origin its decoder gave it (a codec marks the tokens its own
 * protocol's upstreams mint); the bridge never guesses one, and encoders send a token only to the
 * protocol it came from.
 */
import type { ChatMessage, ChatRequest, ContentPart, ReasoningPart } from '../model/index.ts'
import { isReasoningEnvelope, openReasoningSignature } from './reasoning-signature.ts'

/** Tokens that belonged on tool calls (envelope `calls`), by call id, gathered while opening. */
type CallTokens = Map<string, string>

async function openPart(part: ReasoningPart, key: CryptoKey, callTokens: CallTokens): Promise<ReasoningPart | undefined> {
  if (part.redactedData !== undefined && isReasoningEnvelope(part.redactedData)) {
    const envelope = await openReasoningSignature(key, part.redactedData, '')
    if (!envelope?.signature) return undefined
    const { signature: _signature, ...rest } = part
    return { ...rest, redactedData: envelope.signature, origin: envelope.origin }
  }
  if (part.signature !== undefined && isReasoningEnvelope(part.signature)) {
    const envelope = await openReasoningSignature(key, part.signature, part.text)
    if (!envelope) return undefined
    for (const [id, token] of Object.entries(envelope.calls ?? {})) callTokens.set(id, token)
    const { signature: _signature, ...rest } = part
    return envelope.signature === undefined
      ? { ...rest, origin: envelope.origin }
      : { ...rest, origin: envelope.origin, signature: envelope.signature }
  }
  return part
}

async function openMessage(message: ChatMessage, key: CryptoKey): Promise<ChatMessage> {
  if (!message.content.some((part) => part.type === 'reasoning')) return message
  const callTokens: CallTokens = new Map()
  const content: ContentPart[] = []
  for (const part of message.content) {
    if (part.type !== 'reasoning') content.push(part)
    else {
      const opened = await openPart(part, key, callTokens)
      if (opened) content.push(opened)
    }
  }
  if (callTokens.size === 0) return { ...message, content }
  // Each call gets back the token its upstream put on it (only where the client sent none).
  return {
    ...message,
    content: content.map((part) => {
      const token = part.type === 'tool-call' && part.signature === undefined ? callTokens.get(part.id) : undefined
      return token === undefined ? part : { ...part, signature: token }
    }),
  }
}

export async function openReasoningEnvelopes(request: ChatRequest, key: CryptoKey): Promise<ChatRequest> {
  const messages: ChatMessage[] = []
  for (const message of request.messages) messages.push(await openMessage(message, key))
  return { ...request, messages }
}
