/**
 * Which proxied paths speak Gemini generateContent. `@google/genai` 3.x defaults to `/v1/…`,
 * Gemini CLI and the Vercel AI SDK use `/v1beta/…` (CLIENTS.md), so both versions match; the
 * model is in the path (`models/{model}:generateContent`) and so is streaming
 * (`:streamGenerateContent`, with `?alt=sse` for SSE or without it for one streamed JSON array).
 * The path may carry its query (`?alt=sse`, `?key=…`). Beside generation, the API's other
 * documented endpoints are recognised as their groups: files (and their uploads under
 * `upload/v1beta/files`), batches (`models/{model}:batchGenerateContent`, `batches/…`), context
 * caches (`cachedContents`), file search stores ('vector_stores'); tuned models and long-running
 * operations are 'other'.
 * @see ../../../../../shared/protocols/gemini.md §1, §10
 */
import type { DocumentedEndpoint, EndpointGroup, RouteMatch } from '../codec.ts'

/** The API reference's endpoints (ai.google.dev/api), each group's usual call first. */
export const GEMINI_ENDPOINTS: readonly DocumentedEndpoint[] = [
  { method: 'POST', path: 'v1beta/models/gemini-2.5-flash:generateContent', group: 'chat' },
  { method: 'POST', path: 'v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', group: 'chat' },
  { method: 'POST', path: 'v1beta/models/gemini-2.5-flash:countTokens', group: 'count_tokens' },
  { method: 'GET', path: 'v1beta/models', group: 'models' },
  { method: 'GET', path: 'v1beta/models/gemini-2.5-flash', group: 'models' },
  { method: 'POST', path: 'v1beta/models/gemini-embedding-001:embedContent', group: 'embeddings' },
  { method: 'POST', path: 'v1beta/models/gemini-embedding-001:batchEmbedContents', group: 'embeddings' },
  { method: 'POST', path: 'upload/v1beta/files', group: 'files' },
  { method: 'GET', path: 'v1beta/files', group: 'files' },
  { method: 'GET', path: 'v1beta/files/abc-123', group: 'files' },
  { method: 'DELETE', path: 'v1beta/files/abc-123', group: 'files' },
  { method: 'POST', path: 'v1beta/models/gemini-2.5-flash:batchGenerateContent', group: 'batches' },
  { method: 'POST', path: 'v1beta/models/gemini-embedding-001:asyncBatchEmbedContent', group: 'batches' },
  { method: 'GET', path: 'v1beta/batches', group: 'batches' },
  { method: 'GET', path: 'v1beta/batches/batch-abc', group: 'batches' },
  { method: 'POST', path: 'v1beta/batches/batch-abc:cancel', group: 'batches' },
  { method: 'DELETE', path: 'v1beta/batches/batch-abc', group: 'batches' },
  { method: 'POST', path: 'v1beta/cachedContents', group: 'caches' },
  { method: 'GET', path: 'v1beta/cachedContents', group: 'caches' },
  { method: 'GET', path: 'v1beta/cachedContents/abc-123', group: 'caches' },
  { method: 'PATCH', path: 'v1beta/cachedContents/abc-123', group: 'caches' },
  { method: 'DELETE', path: 'v1beta/cachedContents/abc-123', group: 'caches' },
  { method: 'POST', path: 'v1beta/fileSearchStores', group: 'vector_stores' },
  { method: 'POST', path: 'upload/v1beta/fileSearchStores/store-abc:uploadToFileSearchStore', group: 'vector_stores' },
  { method: 'POST', path: 'v1beta/models/imagen-4.0-generate-001:predict', group: 'images' },
  { method: 'POST', path: 'v1beta/models/veo-3.0-generate-001:predictLongRunning', group: 'other' },
  { method: 'GET', path: 'v1beta/operations/abc', group: 'other' },
  { method: 'GET', path: 'v1beta/tunedModels', group: 'other' },
]

/** Collections whose items are read, created, changed or deleted under their own path (`name` or `name:action`). */
const COLLECTIONS: Record<string, EndpointGroup> = {
  files: 'files',
  batches: 'batches',
  cachedContents: 'caches',
  fileSearchStores: 'vector_stores',
  tunedModels: 'other',
  operations: 'other',
}

const ACTIONS: Record<string, { group: EndpointGroup; stream?: true }> = {
  generateContent: { group: 'chat' },
  streamGenerateContent: { group: 'chat', stream: true },
  countTokens: { group: 'count_tokens' },
  embedContent: { group: 'embeddings' },
  batchEmbedContents: { group: 'embeddings' },
  batchGenerateContent: { group: 'batches' },
  asyncBatchEmbedContent: { group: 'batches' },
  predict: { group: 'images' },
  predictLongRunning: { group: 'other' },
}

function splitPath(path: string): { bare: string; query: URLSearchParams } {
  const question = path.indexOf('?')
  const rawPath = question === -1 ? path : path.slice(0, question)
  const query = new URLSearchParams(question === -1 ? '' : path.slice(question + 1))
  // Media uploads go to `upload/{version}/…` (resumable or multipart), the rest to `{version}/…`.
  const bare = safeDecode(rawPath.replace(/^\/+/, '').replace(/\/+$/, '')).replace(/^(upload\/)?(v1beta|v1)\//, '')
  return { bare, query }
}

export function matchGeminiRoute(method: string, path: string, query?: URLSearchParams): RouteMatch | undefined {
  const verb = method.toUpperCase()
  const { bare, query: inPath } = splitPath(path)
  const alt = query?.get('alt') ?? inPath.get('alt')
  if (bare === 'models') return verb === 'GET' ? { group: 'models' } : undefined
  const collection = COLLECTIONS[bare.split(/[/:]/, 1)[0]!]
  if (collection !== undefined) return verb === 'PUT' ? undefined : { group: collection }
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
