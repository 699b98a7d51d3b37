/**
 * Remote compaction (`POST /v1/responses/compact`, LESSONS #26) emulated for targets that have
 * none: the bridge has the target summarise the conversation, and answers with what OpenAI
 * returns, a `response.compaction` object whose output is the conversation's user messages
 * followed by one `compaction` item. OpenAI's compaction item is opaque; the bridge's carries its
 * summary as `lbc1.` + base64url(UTF-8 text), so the next request (which sends the item back)
 * reads it as a user message. It needs no seal: it holds only text the client could send as text.
 * @see ../../../../../shared/protocols/openai-responses.md §1
 */
import type { ChatRequest, TextPart, Usage, WarningSink } from '../../model/index.ts'
import { encodeUsage } from './convert-usage.ts'
import { encodeContentPart } from './encode-input.ts'
import { newItemId } from './response-object.ts'
import type { WireInputContent, WireUsage } from './wire.ts'

export const COMPACTION_PREFIX = 'lbc1.'

export type CompactedResponse = {
  id: string
  object: 'response.compaction'
  created_at: number
  output: Array<{ type: 'message'; role: 'user'; content: WireInputContent[] } | { type: 'compaction'; id: string; encrypted_content: string }>
  usage: WireUsage
}

export function encodeCompactedResponse(request: ChatRequest, summary: string, usage: Usage | undefined, warnings: WarningSink): CompactedResponse {
  const output: CompactedResponse['output'] = []
  for (const message of request.messages) {
    if (message.role !== 'user') continue
    const content = message.content.flatMap((part) => (part.type === 'text' || part.type === 'image' || part.type === 'document' ? (encodeContentPart(part, warnings) ?? []) : []))
    if (content.length > 0) output.push({ type: 'message', role: 'user', content })
  }
  output.push({ type: 'compaction', id: newItemId('msg').replace(/^msg_/, 'cmp_'), encrypted_content: COMPACTION_PREFIX + toBase64Url(summary) })
  return { id: newItemId('msg').replace(/^msg_/, 'resp_'), object: 'response.compaction', created_at: Math.floor(Date.now() / 1000), output, usage: encodeUsage(usage) }
}

/** The summary inside a compaction item the bridge made; undefined for anyone else's. */
export function readCompactionSummary(encrypted: unknown): TextPart | undefined {
  if (typeof encrypted !== 'string' || !encrypted.startsWith(COMPACTION_PREFIX)) return undefined
  const text = fromBase64Url(encrypted.slice(COMPACTION_PREFIX.length))
  return text === undefined ? undefined : { type: 'text', text: `Summary of the conversation so far:\n\n${text}` }
}

function toBase64Url(text: string): string {
  let binary = ''
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64Url(text: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)))
  } catch {
    return undefined
  }
}
