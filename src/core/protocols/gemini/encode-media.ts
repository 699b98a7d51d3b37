/**
 * Images and documents → Gemini parts: base64 (and data: URLs) as inlineData, other URLs as
 * fileData. Gemini fetches Files-API, GCS and public http(s) URIs itself; the mime type is
 * guessed from the extension when the source does not say.
 * @see ../../../../../shared/protocols/gemini.md §4.1
 */
import type { DocumentPart, ImagePart, ImageSource } from '../../model/index.ts'
import type { WirePart } from './wire.ts'

const EXTENSION_TYPES: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', heic: 'image/heic',
  pdf: 'application/pdf', txt: 'text/plain', md: 'text/markdown', csv: 'text/csv', html: 'text/html',
  mp3: 'audio/mpeg', wav: 'audio/wav', mp4: 'video/mp4',
}

export function encodeMedia(part: ImagePart | DocumentPart): WirePart {
  const source = part.source
  if (source.kind === 'text') return { text: part.type === 'document' && part.title ? `${part.title}\n\n${source.text}` : source.text }
  return encodeSource(source, part.type === 'image' ? 'image/jpeg' : 'application/pdf')
}

function encodeSource(source: ImageSource, fallbackType: string): WirePart {
  if (source.kind === 'base64') return { inlineData: { mimeType: source.mediaType, data: source.data } }
  const dataUrl = /^data:([^;,]+);base64,(.*)$/s.exec(source.url)
  if (dataUrl) return { inlineData: { mimeType: dataUrl[1]!, data: dataUrl[2]! } }
  return { fileData: { mimeType: guessType(source.url) ?? fallbackType, fileUri: source.url } }
}

function guessType(url: string): string | undefined {
  const extension = /\.([A-Za-z0-9]+)(?:[?#].*)?$/.exec(url)?.[1]?.toLowerCase()
  return extension === undefined ? undefined : EXTENSION_TYPES[extension]
}
