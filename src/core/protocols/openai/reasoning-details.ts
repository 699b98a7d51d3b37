/**
 * OpenRouter `reasoning_details[]`: reasoning text, summaries, signatures and encrypted blobs.
 * Streams deliver them as fragments keyed by `index` (text pieces, then a signature-only entry,
 * fixture openrouter-reasoning-details-parallel-tools.sse). Merged, they are carried as the
 * reasoning part's signature (JSON text) so that the next turn can send them back unchanged.
 * @see ../../../../../shared/protocols/openai-chat.md §4.1
 */
import { isObject, type JsonObject } from './narrow.ts'

export class ReasoningDetailsAccumulator {
  private readonly items: JsonObject[] = []
  private readonly byIndex = new Map<number, JsonObject>()

  add(details: unknown): void {
    if (!Array.isArray(details)) return
    for (const detail of details) {
      if (!isObject(detail)) continue
      const index = typeof detail.index === 'number' ? detail.index : undefined
      const existing = index === undefined ? undefined : this.byIndex.get(index)
      if (existing === undefined) {
        const copy = { ...detail }
        this.items.push(copy)
        if (index !== undefined) this.byIndex.set(index, copy)
      } else mergeInto(existing, detail)
    }
  }

  get size(): number {
    return this.items.length
  }

  /** Only signed or encrypted details are worth a round trip; plain text rides in reasoning_content. */
  toSignature(): string | undefined {
    const opaque = this.items.some((item) => typeof item.signature === 'string' || typeof item.data === 'string')
    return opaque ? JSON.stringify(this.items) : undefined
  }
}

function mergeInto(target: JsonObject, fragment: JsonObject): void {
  for (const [key, value] of Object.entries(fragment)) {
    if (value === null || value === undefined) continue
    if ((key === 'text' || key === 'summary') && typeof value === 'string' && typeof target[key] === 'string') {
      target[key] = (target[key] as string) + value
    } else target[key] = value
  }
}

/** Readable text inside details, for upstreams that send details without a `reasoning` string. */
export function textOfDetails(details: unknown): string {
  if (!Array.isArray(details)) return ''
  let text = ''
  for (const detail of details) {
    if (!isObject(detail)) continue
    if (typeof detail.text === 'string') text += detail.text
    else if (typeof detail.summary === 'string') text += detail.summary
  }
  return text
}

/** A signature that holds reasoning_details (a JSON array of `reasoning.*` objects), else undefined. */
export function parseReasoningDetails(signature: string | undefined): unknown[] | undefined {
  if (signature === undefined || !signature.startsWith('[')) return undefined
  try {
    const parsed: unknown = JSON.parse(signature)
    if (!Array.isArray(parsed) || parsed.length === 0) return undefined
    const allDetails = parsed.every((item) => isObject(item) && typeof item.type === 'string' && item.type.startsWith('reasoning.'))
    return allDetails ? parsed : undefined
  } catch {
    return undefined
  }
}
