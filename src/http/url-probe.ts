/**
 * What the console needs to try a freshly minted URL from the browser ("Test this URL", the
 * upstream model picker) without protocol code of its own: the source codec's probe request and
 * where the text and model ids sit in the answers. The model list is offered only when this URL's
 * models endpoint reaches the upstream (passed through, or the target's own list translated where
 * names pass through); otherwise the bridge would answer it itself, with the client-side names of
 * the URL's model policy rather than the upstream's.
 */
import { BridgeError } from '../core/errors.ts'
import { findProvider } from '../core/catalog/providers.ts'
import type { TextPointer } from '../core/protocols/codec.ts'
import { findCodec } from '../core/protocols/index.ts'
import type { ProxyConfig } from '../core/proxy-config.ts'
import { decideAction } from '../proxy/decide-route.ts'

/**
 * `chat` names the model as MODEL_SLOT (percent-encoded where the path holds it): the console puts
 * in the model the user tries, `model` (a name the client would send) unless they change it.
 */
export const MODEL_SLOT = '{model}'

export type UrlProbe = {
  chat: { method: 'POST'; path: string; headers: Record<string, string>; body: unknown; stream: boolean; text: TextPointer[]; model: string; modelSlot: string }
  models?: { path: string; ids: string; prefix?: string }
  /** Why there is no model list to pick from, when there is none. */
  modelsUnavailable?: string
}

/** `model`: a name the client would send (the curl example's), so the URL's model policy applies. */
export function buildUrlProbe(config: ProxyConfig, model: string): UrlProbe | undefined {
  const source = findCodec(config.source.protocol)
  const probe = source?.client.probe
  if (source === undefined || probe === undefined) return undefined
  const chat = probe.chat(MODEL_SLOT)
  const answer: UrlProbe = { chat: { method: 'POST', ...chat, text: [...probe.text], model, modelSlot: MODEL_SLOT } }
  const reason = modelsUnavailable(config, probe.models?.path)
  if (probe.models !== undefined && reason === undefined) answer.models = { ...probe.models }
  else answer.modelsUnavailable = reason ?? `A ${config.source.protocol} client has no model list endpoint.`
  return answer
}

function modelsUnavailable(config: ProxyConfig, path: string | undefined): string | undefined {
  const source = findCodec(config.source.protocol)
  if (source === undefined || path === undefined) return undefined
  const route = source.matchRoute('GET', path)
  if (route === undefined) return `This URL has no model list at /${path}.`
  const preset = config.target.provider === undefined ? undefined : findProvider(config.target.provider)
  try {
    const decision = decideAction(config, source, route, preset, findCodec)
    if (decision.action === 'passthrough' || decision.action === 'list-models-upstream') return undefined
    const listed = findCodec(config.target.protocol)?.upstream.modelList !== undefined && config.model.mode !== 'passthrough'
    return `Between ${config.source.protocol} and ${config.target.protocol} this URL answers model lists itself (the names of its model policy), so the upstream's list is not reachable through it: type the upstream names${listed ? ' (a URL that passes model names through lists them)' : ''}.`
  } catch (error) {
    if (error instanceof BridgeError) return `The upstream's model list is not reachable through this URL: ${error.message}.`
    throw error
  }
}
