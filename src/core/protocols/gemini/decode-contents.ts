/**
 * Gemini `contents` → canonical messages. Roles: `model` → assistant, `user` (or none, or the
 * legacy `function`) → user. Thought parts become reasoning (origin gemini); a thoughtSignature on
 * a text part becomes an empty reasoning part right after it, so an encoder can put it back on
 * the same part. Function calls without ids get positional ids (tool-call-id.ts) and function
 * responses are paired by id where present, otherwise by name in call order (gemini.md §4.1).
 * @see ../../../../../shared/protocols/gemini.md §4
 * @see ../../../../../shared/protocols/mapping.md §10.6
 */
import type { ChatMessage, ContentPart, DocumentPart, ImagePart, ReasoningPart, TextPart, ToolCallPart, ToolResultPart, WarningSink } from '../../model/index.ts'
import { isReasoningEnvelope } from '../../reasoning/reasoning-signature.ts'
import { positionalCallId } from './tool-call-id.ts'
import { fail, field, optionalArray, optionalObject, optionalString, readArray, readObject, readString, type JsonObject } from './read-json.ts'

type PendingCall = { id: string; name: string }

type Place = { contentIndex: number; partIndex: number; path: string }

class ContentDecoder {
  /** Calls not answered yet, in order: responses without an id take the first of their name. */
  private readonly pending: PendingCall[] = []

  constructor(private readonly warnings: WarningSink) {}

  decodePart(value: unknown, place: Place, out: ContentPart[]): void {
    const part = readObject(value, place.path)
    const signature = optionalString(field(part, 'thoughtSignature'), `${place.path}.thoughtSignature`) || undefined
    const text = optionalString(part.text, `${place.path}.text`)
    if (text !== undefined && part.thought === true) return this.addThought(text, signature, out)
    const call = field(part, 'functionCall')
    if (call !== undefined) {
      out.push(this.decodeCall(readObject(call, `${place.path}.functionCall`), signature, place))
      return
    }
    const response = field(part, 'functionResponse')
    if (response !== undefined) out.push(this.decodeResponse(readObject(response, `${place.path}.functionResponse`), place))
    else if (text !== undefined) {
      if (text !== '') out.push({ type: 'text', text })
    } else {
      const media = decodeMedia(part, place.path)
      if (media !== undefined) out.push(media)
      else this.warnings.add('dropped-content', `a part with ${Object.keys(part).join(', ')} has no equivalent outside Gemini`, place.path)
    }
    if (signature !== undefined) out.push(withOrigin({ type: 'reasoning', text: '', signature }))
  }

  /** Consecutive thought parts are one reasoning block until a signature closes it. */
  private addThought(text: string, signature: string | undefined, out: ContentPart[]): void {
    const last = out.at(-1)
    const open = last?.type === 'reasoning' && last.signature === undefined && last.redactedData === undefined ? last : undefined
    const block: ReasoningPart = open ?? { type: 'reasoning', text: '' }
    if (open === undefined) out.push(block)
    block.text += text
    if (signature !== undefined) block.signature = signature
    if (block.signature !== undefined && isReasoningEnvelope(block.signature)) delete block.origin
    else block.origin = 'gemini'
  }

  private decodeCall(call: JsonObject, signature: string | undefined, place: Place): ContentPart {
    const name = readString(call.name, `${place.path}.functionCall.name`)
    const id = optionalString(call.id, `${place.path}.functionCall.id`) || positionalCallId(place.contentIndex, place.partIndex, name)
    this.pending.push({ id, name })
    const args = optionalObject(call.args, `${place.path}.functionCall.args`) ?? {}
    const part: ToolCallPart = { type: 'tool-call', id, name, arguments: JSON.stringify(args) }
    if (signature !== undefined) part.signature = signature
    return part
  }

  private decodeResponse(response: JsonObject, place: Place): ToolResultPart {
    const path = `${place.path}.functionResponse`
    const name = readString(response.name, `${path}.name`)
    const id = optionalString(response.id, `${path}.id`) || undefined
    // By id first; a client may also give a response an id its call never had (Gemini CLI makes
    // one up for a call without id), and then name and order pair them.
    let position = id === undefined ? -1 : this.pending.findIndex((call) => call.id === id)
    if (position === -1) position = this.pending.findIndex((call) => call.name === name)
    const matched = position === -1 ? undefined : this.pending.splice(position, 1)[0]
    const toolCallId = matched?.id ?? id ?? positionalCallId(place.contentIndex, place.partIndex, name)
    const body = optionalObject(response.response, `${path}.response`) ?? {}
    const isError = body.error !== undefined && body.error !== null && body.output === undefined
    const result: ToolResultPart = { type: 'tool-result', toolCallId, name, content: [{ type: 'text', text: resultText(body, isError) }] }
    if (isError) result.isError = true
    optionalArray(response.parts, `${path}.parts`).forEach((item, index) => {
      const media = decodeMedia(readObject(item, `${path}.parts[${index}]`), `${path}.parts[${index}]`)
      if (media?.type === 'image') result.content.push(media)
    })
    return result
  }
}

/**
 * A signature Gemini minted is Gemini's; one that is the bridge's own envelope (reasoning from
 * another upstream, sealed for this client) gets its origin when the proxy opens it.
 */
function withOrigin(part: ReasoningPart): ReasoningPart {
  return part.signature !== undefined && isReasoningEnvelope(part.signature) ? part : { ...part, origin: 'gemini' }
}

/** `{output: "15°C"}` → `15°C`; any other response object as JSON (mapping.md §10.6). */
function resultText(body: JsonObject, isError: boolean): string {
  const value = isError ? body.error : (body.output ?? body)
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function decodeMedia(part: JsonObject, path: string): ImagePart | DocumentPart | undefined {
  const inline = field(part, 'inlineData')
  if (inline !== undefined) {
    const blob = readObject(inline, `${path}.inlineData`)
    const mediaType = readString(field(blob, 'mimeType'), `${path}.inlineData.mimeType`)
    const source = { kind: 'base64' as const, mediaType, data: readString(blob.data, `${path}.inlineData.data`) }
    return mediaType.startsWith('image/') ? { type: 'image', source } : { type: 'document', source }
  }
  const file = field(part, 'fileData')
  if (file === undefined) return undefined
  const data = readObject(file, `${path}.fileData`)
  const source = { kind: 'url' as const, url: readString(field(data, 'fileUri'), `${path}.fileData.fileUri`) }
  const mediaType = optionalString(field(data, 'mimeType'), `${path}.fileData.mimeType`) ?? ''
  return mediaType.startsWith('image/') ? { type: 'image', source } : { type: 'document', source }
}

export function decodeContents(value: unknown, warnings: WarningSink): ChatMessage[] {
  const decoder = new ContentDecoder(warnings)
  const messages: ChatMessage[] = []
  readArray(value, 'contents').forEach((item, contentIndex) => {
    const path = `contents[${contentIndex}]`
    const content = readObject(item, path)
    const role = optionalString(content.role, `${path}.role`) ?? 'user'
    if (role !== 'user' && role !== 'model' && role !== 'function') fail(`${path}.role`, 'user or model')
    const parts: ContentPart[] = []
    optionalArray(content.parts, `${path}.parts`).forEach((part, partIndex) => {
      decoder.decodePart(part, { contentIndex, partIndex, path: `${path}.parts[${partIndex}]` }, parts)
    })
    messages.push({ role: role === 'model' ? 'assistant' : 'user', content: parts })
  })
  return messages
}

/** systemInstruction is a Content (its role ignored); the SDK also allows a bare string. */
export function decodeSystemInstruction(value: unknown): TextPart[] {
  if (value === undefined || value === null) return []
  if (typeof value === 'string') return value === '' ? [] : [{ type: 'text', text: value }]
  const content = readObject(value, 'systemInstruction')
  return optionalArray(content.parts, 'systemInstruction.parts').flatMap((item, index) => {
    const text = readString(readObject(item, `systemInstruction.parts[${index}]`).text, `systemInstruction.parts[${index}].text`)
    return text === '' ? [] : [{ type: 'text' as const, text }]
  })
}
