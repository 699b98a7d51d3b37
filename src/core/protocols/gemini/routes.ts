/**
 * Which proxied paths speak Gemini generateContent. `@google/genai` 3.x defaults to `/v1/…`,
 * Gemini CLI and the Vercel AI SDK use `/v1beta/…` (CLIENTS.md), so both versions match; the
 * model is in the path (`models/{model}:generateContent`) and so is streaming
 * (`:streamGenerateContent`, with `?alt=sse` for SSE or without it for one streamed JSON array).
 * The path may carry its query (`?alt=sse`, `?key=…`).
 * @see ../../../../../shared/protocols/gemini.md §1, §10
 */
import type { EndpointGroup, RouteMatch } from '../codec.ts'

const ACTIONS: Record<string, { group: EndpointGroup; stream?: true }> = {
  generateContent: { group: 'chat' },
  streamGenerateContent: { group: 'chat', stream: true },
  countTokens: { group: 'count_tokens' },
  embedContent: { group: 'embeddings' },
  batchEmbedContents: { group: 'embeddings' },
}

function splitPath(path: string): { bare: string; query: URLSearchParams } {
  const question = path.indexOf('?')
  const rawPath = question === -1 ? path : path.slice(0, question)
  const query = new URLSearchParams(question === -1 ? '' : path.slice(question + 1))
  const bare = safeDecode(rawPath.replace(/^\/+/, '').replace(/\/+$/, '')).replace(/^(v1beta|v1)\//, '')
  return { bare, query }
}

export function matchGeminiRoute(method: string, path: string, query?: URLSearchParams): RouteMatch | undefined {
  const verb = method.toUpperCase()
  const { bare, query: inPath } = splitPath(path)
  const alt = query?.get('alt') ?? inPath.get('alt')
  if (bare === 'models') return verb === 'GET' ? { group: 'models' } : undefined
  if (bare === 'files' || bare.startsWith('files/')) return { group: 'files' }
  const match = /^models\/([^/:]+)(?::([A-Za-z]+))?$/.exec(bare)
  if (!match) return undefined
  const model = match[1]!
  const actionName = match[2]
  if (actionName === undefined) return verb === 'GET' ? { group: 'models', pathModel: model } : undefined
  const action = ACTIONS[actionName]
  if (action === undefined || verb !== 'POST') return undefined
  if (!action.stream) return { group: action.group, pathModel: model }
  // Without alt=sse the client reads one JSON array (what Gemini answers then).
  return alt === 'sse' ? { group: action.group, pathModel: model, pathStream: true } : { group: action.group, pathModel: model, pathStream: true, clientFraming: 'json-array' }
}

/**
 * `:streamGenerateContent` without `alt=sse` answers one JSON array delivered piece by piece
 * (application/json) instead of SSE: the client expects that form back.
 */
export function wantsJsonArrayStream(path: string): boolean {
  const { bare, query } = splitPath(path)
  return bare.endsWith(':streamGenerateContent') && query.get('alt') !== 'sse'
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
