/**
 * An authenticated envelope in a thinking block's signature. Anthropic clients (Claude Code) send
 * thinking blocks back with their signature; when the reasoning came from another upstream
 * (DeepSeek reasoning_content, OpenRouter reasoning_details) the bridge mints the signature, so on
 * the next turn it can tell its own blocks from Anthropic's, restore the upstream's own opaque
 * signature, and never forward a forged or edited block (LESSONS #3, #4; mapping.md §7.2).
 *
 * Format: `lbr1.` + base64url(JSON {o, s?, c?, h}) + `.` + base64url(HMAC-SHA256(key, prefix+payload)),
 * where h = base64url(SHA-256(text)): the envelope only verifies with the text it was minted for.
 * `c` maps tool-call ids to the tokens their upstream put on the call itself (Gemini's
 * thoughtSignature on a functionCall), which no other protocol has a slot for on a tool call.
 */
import { isProtocolId, type ProtocolId } from '../model/index.ts'

export const REASONING_ENVELOPE_PREFIX = 'lbr1.'

export type ReasoningEnvelope = { origin: ProtocolId; signature?: string; calls?: Record<string, string> }

const encoder = new TextEncoder()

export function isReasoningEnvelope(signature: string): boolean {
  return signature.startsWith(REASONING_ENVELOPE_PREFIX)
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
    return Uint8Array.from(binary, (char) => char.charCodeAt(0))
  } catch {
    return undefined
  }
}

async function hashText(text: string): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))))
}

export async function sealReasoningSignature(
  key: CryptoKey,
  payload: { origin: ProtocolId; text: string; signature?: string; calls?: Record<string, string> },
): Promise<string> {
  const body: { o: ProtocolId; s?: string; c?: Record<string, string>; h: string } = { o: payload.origin, h: await hashText(payload.text) }
  if (payload.signature !== undefined && payload.signature !== '') body.s = payload.signature
  if (payload.calls !== undefined && Object.keys(payload.calls).length > 0) body.c = payload.calls
  const signed = REASONING_ENVELOPE_PREFIX + toBase64Url(encoder.encode(JSON.stringify(body)))
  const tag = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(signed)))
  return `${signed}.${toBase64Url(tag)}`
}

/** undefined when the signature is not ours, was tampered with, or was minted for another text. */
export async function openReasoningSignature(key: CryptoKey, signature: string, text: string): Promise<ReasoningEnvelope | undefined> {
  if (!isReasoningEnvelope(signature)) return undefined
  const dot = signature.lastIndexOf('.')
  if (dot <= REASONING_ENVELOPE_PREFIX.length) return undefined
  const signed = signature.slice(0, dot)
  const tag = fromBase64Url(signature.slice(dot + 1))
  const payloadBytes = fromBase64Url(signed.slice(REASONING_ENVELOPE_PREFIX.length))
  if (!tag || !payloadBytes) return undefined
  // verify() compares in constant time.
  if (!(await crypto.subtle.verify('HMAC', key, tag, encoder.encode(signed)))) return undefined
  let body: unknown
  try {
    body = JSON.parse(new TextDecoder().decode(payloadBytes))
  } catch {
    return undefined
  }
  if (typeof body !== 'object' || body === null) return undefined
  const { o, s, c, h } = body as Record<string, unknown>
  if (!isProtocolId(o) || typeof h !== 'string' || h !== (await hashText(text))) return undefined
  const envelope: ReasoningEnvelope = typeof s === 'string' ? { origin: o, signature: s } : { origin: o }
  const calls = readCalls(c)
  if (calls !== undefined) envelope.calls = calls
  return envelope
}

function readCalls(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const entries = Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
  return entries.length > 0 ? Object.fromEntries(entries) : undefined
}
