/**
 * Which proxied paths speak Anthropic Messages. Claude Code calls `v1/messages?beta=true` and
 * some clients put `/v1` in their base URL, so the `v1/` prefix is optional and any query is ignored.
 * @see ../../../../../shared/protocols/anthropic-messages.md §1
 */
import type { RouteMatch } from '../codec.ts'

export function matchAnthropicRoute(method: string, path: string): RouteMatch | undefined {
  const bare = path.split('?')[0]!.replace(/^\/+/, '').replace(/\/+$/, '').replace(/^v1\//, '')
  const verb = method.toUpperCase()
  if (verb === 'POST' && bare === 'messages') return { group: 'chat' }
  if (verb === 'POST' && bare === 'messages/count_tokens') return { group: 'count_tokens' }
  if (verb === 'GET' && (bare === 'models' || /^models\/[^/]+$/.test(bare))) return { group: 'models' }
  return undefined
}
