/**
 * OpenAI user/tool content parts → canonical parts.
 * image_url: a `data:` URL becomes a base64 image; an http(s) URL stays a URL (never inlined here).
 * file: `file_data` (data URL) becomes a document; `file_id` and input_audio have no canonical
 * form and are dropped with a warning.
 * @see ../../../../../shared/protocols/openai-chat.md §4
 */
import { BridgeError } from '../../errors.ts'
import type { DocumentPart, ImagePart, ImageSource, TextPart, WarningSink } from '../../model/index.ts'
import { isObject, optionalString } from './narrow.ts'

export type UserPart = TextPart | ImagePart | DocumentPart

export function decodeUserContent(content: unknown, field: string, warnings: WarningSink): UserPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }]
  if (content === null || content === undefined) return []
  if (!Array.isArray(content)) throw BridgeError.invalidRequest(`${field} must be a string or an array of content parts`)
  const parts: UserPart[] = []
  content.forEach((part, position) => {
    const where = `${field}[${position}]`
    if (!isObject(part)) throw BridgeError.invalidRequest(`${where} must be an object`)
    const decoded = decodeUserPart(part, where, warnings)
    if (decoded !== undefined) parts.push(decoded)
  })
  return parts
}

function decodeUserPart(part: Record<string, unknown>, where: string, warnings: WarningSink): UserPart | undefined {
  switch (part.type) {
    case 'text':
      if (typeof part.text !== 'string') throw BridgeError.invalidRequest(`${where}.text must be a string`)
      return { type: 'text', text: part.text }
    case 'image_url': {
      const url = isObject(part.image_url) ? part.image_url.url : part.image_url
      if (typeof url !== 'string') throw BridgeError.invalidRequest(`${where}.image_url.url must be a string`)
      return { type: 'image', source: sourceFromUrl(url, `${where}.image_url.url`) }
    }
    case 'file': {
      const file = isObject(part.file) ? part.file : {}
      const data = optionalString(file.file_data)
      if (data === undefined) {
        warnings.add('dropped-content', 'A file referenced by file_id cannot be translated; it was dropped', `${where}.file.file_id`)
        return undefined
      }
      const source: ImageSource = data.startsWith('data:')
        ? sourceFromUrl(data, `${where}.file.file_data`)
        : { kind: 'base64', mediaType: 'application/pdf', data }
      const document: DocumentPart = { type: 'document', source }
      const title = optionalString(file.filename)
      if (title !== undefined) document.title = title
      return document
    }
    case 'input_audio':
      warnings.add('dropped-content', 'Audio input has no equivalent in the target protocol; it was dropped', `${where}.input_audio`)
      return undefined
    default:
      warnings.add('dropped-content', `Unknown content part type ${JSON.stringify(part.type)} was dropped`, where)
      return undefined
  }
}

/** `data:<mime>;base64,<data>` → base64 source; anything else is kept as a URL. */
export function sourceFromUrl(url: string, field: string): ImageSource {
  if (!url.startsWith('data:')) return { kind: 'url', url }
  const match = /^data:([^;,]*)(;[^,]*)?,(.*)$/s.exec(url)
  if (match === null || !(match[2] ?? '').includes('base64')) {
    throw BridgeError.invalidRequest(`${field} must be an http(s) URL or a base64 data: URL`)
  }
  return { kind: 'base64', mediaType: match[1] || 'application/octet-stream', data: match[3] ?? '' }
}
