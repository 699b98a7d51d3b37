/**
 * Bedrock names media by `format` (png, pdf, …); the canonical model by MIME type.
 * @see ../../../../../shared/protocols/bedrock-converse.md §3.1
 */
const IMAGE_FORMATS = ['png', 'jpeg', 'gif', 'webp'] as const

const DOCUMENT_MEDIA_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  csv: 'text/csv',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html',
  txt: 'text/plain',
  md: 'text/markdown',
}

export function imageMediaType(format: string): string {
  return `image/${format === 'jpg' ? 'jpeg' : format}`
}

/** undefined for image types Bedrock does not take. */
export function imageFormat(mediaType: string): string | undefined {
  const subtype = mediaType.toLowerCase().split(';')[0]!.trim().replace(/^image\//, '')
  const format = subtype === 'jpg' ? 'jpeg' : subtype
  return (IMAGE_FORMATS as readonly string[]).includes(format) ? format : undefined
}

export function documentMediaType(format: string | undefined): string {
  return DOCUMENT_MEDIA_TYPES[format ?? ''] ?? 'application/octet-stream'
}

/** undefined for document types Bedrock does not take. */
export function documentFormat(mediaType: string): string | undefined {
  const bare = mediaType.toLowerCase().split(';')[0]!.trim()
  return Object.entries(DOCUMENT_MEDIA_TYPES).find(([, type]) => type === bare)?.[0]
}

/**
 * Bedrock document names allow letters, digits, single spaces, hyphens, parentheses and square
 * brackets; anything else is replaced so a title from another protocol is accepted.
 */
export function documentName(title: string | undefined, fallback: string): string {
  const clean = (title ?? '').replace(/[^A-Za-z0-9\s\-()[\]]/g, ' ').replace(/\s+/g, ' ').trim()
  return clean === '' ? fallback : clean.slice(0, 200)
}
