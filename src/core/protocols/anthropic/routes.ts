/**
 * Which proxied paths speak Anthropic Messages. Claude Code calls `v1/messages?beta=true` and
 * some clients put `/v1` in their base URL, so the `v1/` prefix is optional and any query is ignored.
 * Beside Messages, the API's other documented endpoints (message batches, files, models by id)
 * are recognised as their groups: the router passes them through to an Anthropic upstream and
 * names the group when the target cannot serve them.
 * @see ../../../../../shared/protocols/anthropic-messages.md §1
 */
import type { DocumentedEndpoint, EndpointGroup, RouteMatch } from '../codec.ts'

/** The API reference's endpoints (docs.anthropic.com/en/api), each group's usual call first. */
export const ANTHROPIC_ENDPOINTS: readonly DocumentedEndpoint[] = [
  { method: 'POST', path: 'v1/messages', group: 'chat' },
  { method: 'POST', path: 'v1/messages/count_tokens', group: 'count_tokens' },
  { method: 'GET', path: 'v1/models', group: 'models' },
  { method: 'GET', path: 'v1/models/claude-sonnet-4-5', group: 'models' },
  { method: 'POST', path: 'v1/messages/batches', group: 'batches' },
  { method: 'GET', path: 'v1/messages/batches', group: 'batches' },
  { method: 'GET', path: 'v1/messages/batches/msgbatch_01', group: 'batches' },
  { method: 'GET', path: 'v1/messages/batches/msgbatch_01/results', group: 'batches' },
  { method: 'POST', path: 'v1/messages/batches/msgbatch_01/cancel', group: 'batches' },
  { method: 'DELETE', path: 'v1/messages/batches/msgbatch_01', group: 'batches' },
  { method: 'POST', path: 'v1/files', group: 'files' },
  { method: 'GET', path: 'v1/files', group: 'files' },
  { method: 'GET', path: 'v1/files/file_01', group: 'files' },
  { method: 'GET', path: 'v1/files/file_01/content', group: 'files' },
  { method: 'DELETE', path: 'v1/files/file_01', group: 'files' },
]

/** Collections whose items are read, created, cancelled or deleted under their own path. */
const RESOURCES: Array<{ prefix: string; group: EndpointGroup }> = [
  { prefix: 'messages/batches', group: 'batches' },
  { prefix: 'files', group: 'files' },
]

export function matchAnthropicRoute(method: string, path: string): RouteMatch | undefined {
  const bare = path.split('?')[0]!.replace(/^\/+/, '').replace(/\/+$/, '').replace(/^v1\//, '')
  const verb = method.toUpperCase()
  if (verb === 'POST' && bare === 'messages') return { group: 'chat' }
  if (verb === 'POST' && bare === 'messages/count_tokens') return { group: 'count_tokens' }
  if (verb === 'GET' && bare === 'models') return { group: 'models' }
  // One model by id: named, so a mapped name is swapped on passthrough and answered as one model locally.
  if (verb === 'GET' && /^models\/[^/]+$/.test(bare)) return { group: 'models', pathModel: safeDecode(bare.slice('models/'.length)) }
  if (verb !== 'GET' && verb !== 'POST' && verb !== 'DELETE') return undefined
  const resource = RESOURCES.find(({ prefix }) => bare === prefix || (bare.startsWith(`${prefix}/`) && bare.length > prefix.length + 1))
  return resource === undefined ? undefined : { group: resource.group }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
