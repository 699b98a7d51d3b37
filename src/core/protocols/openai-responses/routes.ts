/**
 * Paths (relative to the proxy base, no leading slash) served by the Responses protocol. OpenAI
 * base URLs come with and without `/v1`, so `v1/responses` and `responses` both match; the model
 * list and the other OpenAI-family endpoints are the same wire as OpenAI Chat's.
 *
 * `models?client_version=…` is Codex's model catalog, answered in its own shape (model-catalog.ts).
 * `responses/compact` (Codex remote compaction, LESSONS #26) is a chat call the bridge answers by
 * emulation where the target has no compaction: its match says `operation: 'compact'`, and
 * `pathStream: false` (compaction never streams).
 * @see ../../../../../shared/protocols/openai-responses.md §1
 */
import type { DocumentedEndpoint, RouteMatch } from '../codec.ts'
import { matchOpenaiFamilyOperation, OPENAI_FAMILY_ENDPOINTS } from '../openai/family-routes.ts'

export const COMPACT_ROUTE: RouteMatch = Object.freeze({ group: 'chat', pathStream: false, operation: 'compact' })

/** Responses first (the chat group's usual call), then the stored-response endpoints and the family's. */
export const OPENAI_RESPONSES_ENDPOINTS: readonly DocumentedEndpoint[] = [
  { method: 'POST', path: 'v1/responses', group: 'chat' },
  { method: 'POST', path: 'v1/responses/compact', group: 'chat' },
  { method: 'POST', path: 'v1/responses/input_tokens', group: 'count_tokens' },
  { method: 'GET', path: 'v1/responses/resp_abc', group: 'responses' },
  { method: 'DELETE', path: 'v1/responses/resp_abc', group: 'responses' },
  { method: 'POST', path: 'v1/responses/resp_abc/cancel', group: 'responses' },
  { method: 'GET', path: 'v1/responses/resp_abc/input_items', group: 'responses' },
  ...OPENAI_FAMILY_ENDPOINTS,
]

export function matchOpenaiResponsesRoute(method: string, path: string, query?: URLSearchParams): RouteMatch | undefined {
  const verb = method.toUpperCase()
  const relative = normalizePath(path)
  if (relative === 'responses') return verb === 'POST' ? { group: 'chat' } : undefined
  if (relative === 'responses/compact') return verb === 'POST' ? { ...COMPACT_ROUTE } : undefined
  // Counted natively by a Responses upstream, estimated locally for any other.
  if (relative === 'responses/input_tokens') return verb === 'POST' ? { group: 'count_tokens' } : undefined
  if (relative === 'models' || relative.startsWith('models/')) {
    if (verb !== 'GET') return undefined
    const model = relative.slice('models/'.length)
    if (relative !== 'models' && model !== '') return { group: 'models', pathModel: safeDecode(model) }
    // Codex asks for its own catalog shape (model-catalog.ts), naming its version.
    return query?.has('client_version') === true ? { group: 'models', operation: 'model-catalog' } : { group: 'models' }
  }
  // Stored-response endpoints (retrieve, cancel, input_items): native only.
  if (relative.startsWith('responses/')) return { group: 'responses' }
  return matchOpenaiFamilyOperation(verb, relative)
}

/** The compaction route: a chat call whose answer is a compacted item list, not a response. */
export function isCompactRoute(route: RouteMatch): boolean {
  return route.group === 'chat' && route.operation === 'compact'
}

function normalizePath(path: string): string {
  return path.replace(/^\/+/, '').replace(/\?.*$/, '').replace(/\/+$/, '').replace(/^v1\//, '')
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
