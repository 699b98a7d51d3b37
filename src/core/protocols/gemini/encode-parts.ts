/**
 * Canonical answer parts → Gemini response parts, shared by encode-response and encode-stream.
 * Reasoning goes out as thought parts only when the client asked for thoughts (includeThoughts),
 * as Gemini itself does; its signature rides on the thought part. A tool call carries its id (the
 * client echoes it in functionResponse.id, so the next turn pairs by id) and its signature.
 * @see ../../../../../shared/protocols/mapping.md §10.5
 */
import type { EncodeContext } from '../codec.ts'
import { isObject } from './read-json.ts'
import type { WirePart } from './wire.ts'

/** Thoughts are sent unless the decoded client request says it did not ask for them. */
export function wantsThoughts(context: EncodeContext): boolean {
  if (context.clientRequest === undefined) return true
  return context.clientRequest.extensions?.gemini?.includeThoughts === true
}

export function functionCallPart(id: string, name: string, argumentsText: string, signature: string | undefined): WirePart {
  let args: unknown
  try {
    args = JSON.parse(argumentsText || '{}')
  } catch {
    args = undefined
  }
  // Gemini's args is always an object; text that is not one is kept, not lost.
  const object = isObject(args) ? args : { arguments: argumentsText }
  const part: WirePart = { functionCall: { name, args: object, id } }
  if (signature !== undefined && signature !== '') part.thoughtSignature = signature
  return part
}

export function thoughtPart(text: string, signature: string | undefined): WirePart {
  return signature === undefined || signature === '' ? { text, thought: true } : { text, thought: true, thoughtSignature: signature }
}

/** Appends text to the last part when it is text of the same kind, so a batch makes few parts. */
export function pushText(parts: WirePart[], text: string, thought: boolean): void {
  const last = parts.at(-1)
  if (last !== undefined && typeof last.text === 'string' && (last.thought === true) === thought && last.thoughtSignature === undefined) {
    last.text += text
    return
  }
  parts.push(thought ? { text, thought: true } : { text })
}
