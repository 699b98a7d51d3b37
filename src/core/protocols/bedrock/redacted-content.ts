/**
 * `redactedContent` is a blob: base64 in JSON, and the AWS SDK rejects anything else ("Invalid
 * base64 string"). The bridge's sealed envelope (`lbr1.…`, base64url with dots) is not base64, so
 * it travels to a Bedrock client base64-encoded, and is recognised again when the client sends it
 * back.
 */
import { isReasoningEnvelope } from '../../reasoning/reasoning-signature.ts'

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

function isBase64(text: string): boolean {
  return text.length % 4 === 0 && BASE64.test(text)
}

function base64OfText(text: string): string {
  let binary = ''
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte)
  return btoa(binary)
}

export function toWireRedactedContent(data: string): string {
  return isBase64(data) ? data : base64OfText(data)
}

/** The envelope when the client sent one back base64-encoded; otherwise the data as it came. */
export function fromWireRedactedContent(wire: string): string {
  if (!isBase64(wire)) return wire
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(wire), (char) => char.charCodeAt(0)))
    return isReasoningEnvelope(text) ? text : wire
  } catch {
    return wire
  }
}
