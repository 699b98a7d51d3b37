/**
 * `content` as an array of parts (Mistral magistral: `{type:"thinking",thinking:[{type:"text",
 * text}]}` and `{type:"text",text}`; fixture mistral-thinking-content-array.*; OpenAI assistant
 * `refusal` parts) → ordered text/reasoning pieces. Unknown part types are skipped.
 */
import { arrayOf, isObject } from './narrow.ts'

export type ContentPiece = { type: 'text' | 'reasoning' | 'refusal'; text: string }

export function convertContentArray(parts: unknown[]): ContentPiece[] {
  const pieces: ContentPiece[] = []
  for (const part of parts) {
    if (typeof part === 'string') pieces.push({ type: 'text', text: part })
    if (!isObject(part)) continue
    if (part.type === 'text' && typeof part.text === 'string') pieces.push({ type: 'text', text: part.text })
    else if (part.type === 'refusal' && typeof part.refusal === 'string') pieces.push({ type: 'refusal', text: part.refusal })
    else if (part.type === 'thinking') {
      const inner = typeof part.thinking === 'string' ? [part.thinking] : arrayOf(part.thinking)
      const text = inner.map((item) => (typeof item === 'string' ? item : isObject(item) && typeof item.text === 'string' ? item.text : '')).join('')
      pieces.push({ type: 'reasoning', text })
    }
  }
  return pieces
}
