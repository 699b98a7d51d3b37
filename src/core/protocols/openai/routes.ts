/**
 * Paths (relative to the proxy base, no leading slash) served by the OpenAI Chat protocol.
 * OpenAI base URLs come with and without `/v1`, so both `v1/chat/completions` and
 * `chat/completions` match, and so do Azure OpenAI's shapes of the same paths. An OpenAI-family URL also serves `responses`: natively between
 * OpenAI-family protocols (passthrough); translating it is the Responses codec's job.
 * @see ../../../../../shared/protocols/openai-chat.md §1
 */
import type { DocumentedEndpoint, RouteMatch } from '../codec.ts'
import { matchOpenaiFamilyOperation, OPENAI_FAMILY_ENDPOINTS } from './family-routes.ts'

/**
 * Azure OpenAI's client paths (azure-openai.md §2, §3): `openai/deployments/{deployment}/…` with
 * `?api-version=`, and `openai/v1/…`. The AzureOpenAI client of the openai SDK inserts the
 * deployment segment on a v1 base URL too (`openai/v1/deployments/{deployment}/…`).
 */
const AZURE_PREFIX = /^openai\/(v1\/)?(deployments\/[^/]+\/)?/

/** Chat Completions first (the group's usual call), then Responses, the family's endpoints and the stored completions. */
export const OPENAI_ENDPOINTS: readonly DocumentedEndpoint[] = [
  { method: 'POST', path: 'v1/chat/completions', group: 'chat' },
  { method: 'POST', path: 'v1/responses', group: 'responses' },
  { method: 'GET', path: 'v1/responses/resp_abc', group: 'responses' },
  ...OPENAI_FAMILY_ENDPOINTS,
  { method: 'GET', path: 'v1/chat/completions', group: 'other' },
  { method: 'GET', path: 'v1/chat/completions/chatcmpl-abc/messages', group: 'other' },
]

export function matchOpenaiRoute(method: string, path: string): RouteMatch | undefined {
  const bare = path.replace(/^\/+/, '').replace(/\?.*$/, '').replace(/\/+$/, '')
  const operation = bare.replace(AZURE_PREFIX, '')
  const route = matchOperation(method.toUpperCase(), operation.replace(/^v1\//, ''))
  // Passthrough sends the operation without the Azure client's prefix.
  if (route !== undefined && operation !== bare) route.upstreamPath = `v1/${operation}`
  return route
}

function matchOperation(verb: string, relative: string): RouteMatch | undefined {
  if (relative === 'chat/completions') return verb === 'POST' ? { group: 'chat' } : verb === 'GET' ? { group: 'other' } : undefined
  // Stored chat completions (list, retrieve, update, delete, messages): native only.
  if (relative.startsWith('chat/completions/')) return { group: 'other' }
  if (relative === 'models' || relative.startsWith('models/')) {
    if (verb !== 'GET') return undefined
    const model = relative.slice('models/'.length)
    return relative === 'models' || model === '' ? { group: 'models' } : { group: 'models', pathModel: safeDecode(model) }
  }
  if (relative === 'responses' || relative.startsWith('responses/')) return { group: 'responses' }
  return matchOpenaiFamilyOperation(verb, relative)
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
