/**
 * A reasoning item → a canonical reasoning part. Its summaries are the readable text (joined as
 * the stream decoder joins summary parts); `encrypted_content` is the opaque token the next turn
 * needs, kept as the part's signature with origin 'openai-responses'. A token that is the
 * bridge's own envelope (foreign reasoning a Responses client echoed back) gets no origin: the
 * envelope stage restores the real one.
 * @see ../../../../../shared/protocols/openai-responses.md §3.4
 */
import type { ReasoningPart } from '../../model/index.ts'
import { isReasoningEnvelope } from '../../reasoning/index.ts'
import { arrayOf, isObject, optionalString } from '../openai/narrow.ts'

/** Between summary parts, in responses and streams alike. */
export const SUMMARY_SEPARATOR = '\n\n'

export function decodeReasoningItem(item: Record<string, unknown>): ReasoningPart {
  const summaries = texts(item.summary, 'summary_text')
  const text = (summaries.length > 0 ? summaries : texts(item.content, 'reasoning_text')).join(SUMMARY_SEPARATOR)
  const part: ReasoningPart = { type: 'reasoning', text }
  const encrypted = optionalString(item.encrypted_content)
  if (encrypted !== undefined && encrypted !== '') {
    part.signature = encrypted
    if (!isReasoningEnvelope(encrypted)) part.origin = 'openai-responses'
  }
  return part
}

function texts(list: unknown, type: string): string[] {
  return arrayOf(list).flatMap((entry) => (isObject(entry) && entry.type === type && typeof entry.text === 'string' ? [entry.text] : []))
}
