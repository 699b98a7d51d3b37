/**
 * An API key in a header. Anthropic reads `x-api-key` and also needs `anthropic-version`; the
 * native Gemini API reads the same kind of key from `x-goog-api-key` (never `?key=`, which would
 * put the key in URLs that proxies and logs keep).
 */
import type { ProtocolId } from '../../core/model/index.ts'

export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01'

export function signXApiKey(token: string, headers: Headers, protocol: ProtocolId | undefined): Headers {
  if (protocol === 'gemini') {
    headers.set('x-goog-api-key', token)
    return headers
  }
  headers.set('x-api-key', token)
  if (!headers.has('anthropic-version')) headers.set('anthropic-version', DEFAULT_ANTHROPIC_VERSION)
  return headers
}
