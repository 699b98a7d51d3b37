/**
 * The client's model name → the upstream's, per the URL's model policy. Claude Code appends
 * `[1m]` to ask for a 1M context window; forwarded verbatim that is a 404 (LESSONS #17).
 */
import { hasControlCharacter } from '../core/control-characters.ts'
import { BridgeError } from '../core/errors.ts'
import type { ModelPolicy } from '../core/proxy-config.ts'

const CLIENT_SUFFIX = /\[[^\]]*\]$/

export function mapModel(policy: ModelPolicy, clientModel: string): string {
  // A model name ends up in URLs (Gemini, Bedrock), headers and the log: the mint's rule holds at use.
  if (hasControlCharacter(clientModel)) throw BridgeError.invalidRequest('The model name contains a control character')
  const model = policy.stripClientSuffix ? clientModel.replace(CLIENT_SUFFIX, '') : clientModel
  const mapped = pick(policy, model)
  if (hasControlCharacter(mapped)) throw BridgeError.invalidRequest('The mapped model name contains a control character')
  return mapped
}

function pick(policy: ModelPolicy, model: string): string {
  switch (policy.mode) {
    case 'force':
      return policy.force ?? model
    case 'passthrough':
      return model
    case 'map':
      return lookup(policy.map ?? {}, model) ?? model
  }
}

/** Exact key first, then the longest `prefix*` key that matches. */
function lookup(map: Record<string, string>, model: string): string | undefined {
  if (Object.hasOwn(map, model) && !model.endsWith('*')) return map[model]
  let best: string | undefined
  for (const key of Object.keys(map)) {
    if (!key.endsWith('*')) continue
    const prefix = key.slice(0, -1)
    if (model.startsWith(prefix) && (best === undefined || prefix.length > best.length - 1)) best = key
  }
  return best === undefined ? undefined : map[best]
}
