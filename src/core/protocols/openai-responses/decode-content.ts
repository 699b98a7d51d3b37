/**
 * Responses content parts → canonical parts: message content (input_text, input_image,
 * input_file; output_text and refusal in assistant history) and tool outputs. A `file_id`
 * reference and audio have no canonical form: a clear 400 rather than a silently lost file.
 * @see ../../../../../shared/protocols/openai-responses.md §3.1, §3.3
 */
import { BridgeError } from '../../errors.ts'
import type { DocumentPart, ImagePart, TextPart } from '../../model/index.ts'
import { sourceFromUrl } from '../openai/decode-user-parts.ts'
import { isObject, optionalString, type JsonObject } from '../openai/narrow.ts'

export type InputPart = TextPart | ImagePart | DocumentPart

export function decodeContent(content: unknown, field: string): InputPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }]
  if (content === null || content === undefined) return []
  if (!Array.isArray(content)) throw BridgeError.invalidRequest(`${field} must be a string or an array of content parts`)
  return content.map((part, position) => {
    const where = `${field}[${position}]`
    if (!isObject(part)) throw BridgeError.invalidRequest(`${where} must be an object`)
    return decodePart(part, where)
  })
}

function decodePart(part: JsonObject, where: string): InputPart {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
    case 'text':
      if (typeof part.text !== 'string') throw BridgeError.invalidRequest(`${where}.text must be a string`)
      return { type: 'text', text: part.text }
    case 'refusal':
      return { type: 'text', text: optionalString(part.refusal) ?? '' }
    case 'input_image': {
      const url = optionalString(part.image_url)
      if (url === undefined) throw unsupported(`${where}: an image by file_id cannot be translated; send image_url (https or data URL)`)
      return { type: 'image', source: sourceFromUrl(url, `${where}.image_url`) }
    }
    case 'input_file':
      return decodeFile(part, where)
    default:
      throw unsupported(`${where}: content type ${JSON.stringify(part.type)} cannot be translated`)
  }
}

function decodeFile(part: JsonObject, where: string): DocumentPart {
  const data = optionalString(part.file_data)
  const url = optionalString(part.file_url)
  let document: DocumentPart
  if (data !== undefined) {
    const source = data.startsWith('data:') ? sourceFromUrl(data, `${where}.file_data`) : { kind: 'base64' as const, mediaType: 'application/pdf', data }
    document = { type: 'document', source }
  } else if (url !== undefined) document = { type: 'document', source: { kind: 'url', url } }
  else throw unsupported(`${where}: a file by file_id cannot be translated; send file_data or file_url`)
  const title = optionalString(part.filename)
  if (title !== undefined) document.title = title
  return document
}

function unsupported(message: string): BridgeError {
  return BridgeError.invalidRequest(message)
}

/** A tool output: a string, or input_text / input_image / input_file parts. */
export function decodeToolOutput(output: unknown, field: string): InputPart[] {
  if (typeof output === 'string') return [{ type: 'text', text: output }]
  if (output === undefined || output === null) return []
  if (isObject(output)) return [{ type: 'text', text: JSON.stringify(output) }]
  return decodeContent(output, field)
}
