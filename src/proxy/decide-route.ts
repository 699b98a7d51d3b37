/**
 * The routing table: for a client path, which endpoint group it is and what the bridge does with
 * it. Chat is translated (or passed through when both sides speak the same protocol); other
 * groups pass through only between codecs of one wire family, with two local answers where a
 * client needs an endpoint the target lacks (a token count, LESSONS #6; model lists), in the
 * shapes the source codec knows. Two translate a call to the target's own endpoint instead: its
 * token counter, and its model list where the URL passes model names through.
 */
import { BridgeError } from '../core/errors.ts'
import type { ProviderPreset } from '../core/catalog/provider-preset.ts'
import type { ProtocolId } from '../core/model/index.ts'
import type { EndpointGroup, ProtocolCodec, RouteMatch } from '../core/protocols/codec.ts'
import type { ProxyConfig } from '../core/proxy-config.ts'

export type RouteAction = RouteDecision['action']

/**
 * `target`: the upstream protocol's codec; on passthrough the source's own when the bridge has
 * none for the target (they share a wire family, so its conventions hold).
 */
export type RouteDecision =
  | { action: 'translate' | 'passthrough' | 'translate-embeddings' | 'count-tokens-upstream' | 'list-models-upstream'; route: RouteMatch; source: ProtocolCodec; target: ProtocolCodec }
  | { action: 'count-tokens-locally' | 'list-models-locally'; route: RouteMatch; source: ProtocolCodec }

export type FindCodec = (protocol: ProtocolId) => ProtocolCodec | undefined

export function decideRoute(
  config: ProxyConfig,
  method: string,
  path: string,
  preset: ProviderPreset | undefined,
  findCodec: FindCodec,
  query?: URLSearchParams,
): RouteDecision {
  const { source, route } = matchSourceRoute(config, method, path, findCodec, query)
  return decideAction(config, source, route, preset, findCodec)
}

/** Step 1: which endpoint group the client path is, in the source protocol (404 when none). */
export function matchSourceRoute(config: ProxyConfig, method: string, path: string, findCodec: FindCodec, query?: URLSearchParams): { source: ProtocolCodec; route: RouteMatch } {
  const source = findCodec(config.source.protocol)
  if (!source) throw unsupported(undefined, `The ${config.source.protocol} protocol is not available yet`)
  const route = source.matchRoute(method, path, query)
  if (!route) {
    throw new BridgeError({ kind: 'not-found', code: 'NOT_FOUND', status: 404, message: `No ${config.source.protocol} endpoint at ${method} /${path}` })
  }
  return { source, route }
}

/** Step 2: what the bridge does with that group for this URL's protocols, mode and preset. */
export function decideAction(
  config: ProxyConfig,
  source: ProtocolCodec,
  route: RouteMatch,
  preset: ProviderPreset | undefined,
  findCodec: FindCodec,
): RouteDecision {
  const sourceProtocol = config.source.protocol
  const targetProtocol = config.target.protocol
  const mode = config.endpoints.mode
  const same = sourceProtocol === targetProtocol
  const support = preset?.endpointSupport[route.group]
  const target = same ? source : findCodec(targetProtocol)
  if (route.group === 'chat') {
    if (same) return { action: 'passthrough', route, source, target: source }
    if (mode === 'passthrough' || !target || support === 'unsupported') {
      throw unsupported(route.group, `Chat from ${sourceProtocol} to ${targetProtocol} needs translation, which this URL or target does not offer`, preset)
    }
    return { action: 'translate', route, source: bodyCodec(source, route, findCodec), target }
  }
  // A client's own catalog shape: only its own protocol's upstream has it (a same-family one does not).
  if (route.operation === 'model-catalog' && !same && mode !== 'passthrough' && source.local.modelCatalog !== undefined) {
    return { action: 'list-models-locally', route, source }
  }
  const compatible = same || (target !== undefined && target.wireFamily === source.wireFamily)
  // A preset lists what its provider serves: a group it does not claim is refused up front (with
  // its docs), not sent to die as the provider's 404. A custom upstream is taken at its word.
  const served = preset === undefined || support === 'passthrough' || support === 'translate'
  if (mode !== 'translate' && compatible && served) return { action: 'passthrough', route, source, target: target ?? source }
  // Embeddings between wire families: both codecs speak the canonical embeddings call.
  if (mode !== 'passthrough' && route.group === 'embeddings' && !compatible && target?.embeddings !== undefined && source.embeddings !== undefined && served) {
    return { action: 'translate-embeddings', route, source, target }
  }
  if (mode !== 'passthrough' && route.group === 'count_tokens' && source.local.countTokens !== undefined) {
    // The target's own counter where the preset claims one, or for a custom upstream where such
    // targets usually have one (a 404 then falls back to the local count).
    const counter = target?.upstream.countTokens
    const claimed = preset === undefined ? counter?.assumedWithoutCatalog === true : support === 'passthrough' || support === 'translate'
    if (target !== undefined && counter !== undefined && claimed) {
      return { action: 'count-tokens-upstream', route, source, target }
    }
    return { action: 'count-tokens-locally', route, source }
  }
  if (mode !== 'passthrough' && route.group === 'models' && source.local.modelList !== undefined) {
    // Names that reach the upstream unchanged: its own list is the client's, read and re-shaped
    // (one model by id shares the group's decision, so the plan holds per group, but is answered
    // by the bridge: any name passes upstream, listed or not; list-models-upstream.ts).
    if (config.model.mode === 'passthrough' && route.operation === undefined && target?.upstream.modelList !== undefined && support !== 'unsupported') {
      return { action: 'list-models-upstream', route, source, target }
    }
    // Otherwise (mapped or forced names, a client's own catalog, a target whose list is elsewhere
    // or a provider without one: DeepSeek's Anthropic endpoint) the URL's own names answer (Claude Code's picker).
    return { action: 'list-models-locally', route, source }
  }
  throw unsupported(route.group, `The ${route.group} endpoint is not available from ${sourceProtocol} to ${targetProtocol} (${mode} mode)`, preset)
}

/** The codec that reads and answers the request: the source's, or its wrapper around a foreign body's protocol (RouteMatch.bodyProtocol). */
function bodyCodec(source: ProtocolCodec, route: RouteMatch, findCodec: FindCodec): ProtocolCodec {
  if (route.bodyProtocol === undefined) return source
  const inner = findCodec(route.bodyProtocol)
  if (inner === undefined || source.wrapBodyCodec === undefined) {
    throw unsupported(route.group, `${route.bodyProtocol} bodies on a ${source.id} route are not available yet`)
  }
  return source.wrapBodyCodec(inner)
}

/** Names the group, and the provider's documentation of what it serves when the URL has a preset. */
function unsupported(group: EndpointGroup | undefined, message: string, preset?: ProviderPreset): BridgeError {
  const named = group === undefined ? message : `Unsupported endpoint group '${group}': ${message}`
  return new BridgeError({
    kind: 'unsupported-endpoint',
    code: 'UNSUPPORTED_ENDPOINT',
    status: 400,
    message: preset === undefined ? named : `${named}. What ${preset.name} serves: ${preset.docsUrl}`,
    ...(preset === undefined ? {} : { providerDocsUrl: preset.docsUrl }),
  })
}
