/**
 * Paths (relative to the proxy base, no leading slash) served by the OpenAI Chat protocol.
 * OpenAI base URLs come with and without `/v1`, so both `v1/chat/completions` and
 * `chat/completions` match. An OpenAI-family URL also serves `responses`: natively between
 * OpenAI-family protocols (passthrough); translating it is the Responses codec's job.
 * @see ../../../../../shared/protocols/openai-chat.md §1
 */
import type { RouteMatch } from '../codec.ts'

export function matchOpenaiRoute(method: string, path: string): RouteMatch | undefined {
  const verb = method.toUpperCase()
  const relative = path.replace(/^\/+/, '').replace(/\?.*$/, '').replace(/\/+$/, '').replace(/^v1\//, '')
  if (relative === 'chat/completions') return verb === 'POST' ? { group: 'chat' } : undefined
  if (relative === 'models' || relative.startsWith('models/')) {
    if (verb !== 'GET') return undefined
    const model = relative.slice('models/'.length)
    return relative === 'models' || model === '' ? { group: 'models' } : { group: 'models', pathModel: safeDecode(model) }
  }
  if (relative === 'embeddings') return verb === 'POST' ? { group: 'embeddings' } : undefined
  if (relative.startsWith('images/')) return { group: 'images' }
  if (relative.startsWith('audio/')) return { group: 'audio' }
  if (relative === 'files' || relative.startsWith('files/')) return { group: 'files' }
  if (relative === 'responses' || relative.startsWith('responses/')) return { group: 'responses' }
  return undefined
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
