/**
 * What a URL will do with each endpoint group of its client protocol, known before any request:
 * the router's own decision (decideAction) asked once per group, with the source codec's usual
 * call of that group (its first DocumentedEndpoint) as the route. generate-url's notes, the
 * catalog API and the console all read this, so what they say is what the router does.
 */
import { BridgeError } from '../core/errors.ts'
import type { ProviderPreset } from '../core/catalog/provider-preset.ts'
import type { ProtocolId } from '../core/model/index.ts'
import type { EndpointGroup, ProtocolCodec, RouteMatch } from '../core/protocols/codec.ts'
import type { EndpointMode, ModelPolicy, ProxyConfig } from '../core/proxy-config.ts'
import { decideAction, type FindCodec, type RouteAction } from './decide-route.ts'

/** The router's actions, and 'unsupported' (UNSUPPORTED_ENDPOINT, with the router's reason). */
export type PlanAction = RouteAction | 'unsupported'

export type GroupPlan = { group: EndpointGroup; action: PlanAction; reason?: string }

/** `modelMode`: the URL's model policy mode (default passthrough, as a URL without one): where names pass through, model lists come from the target. */
export type PlanInput = { source: ProtocolId; target: ProtocolId; mode: EndpointMode; preset: ProviderPreset | undefined; modelMode?: ModelPolicy['mode'] }

/** Each group of the source protocol, in the order its codec documents them; empty without a source codec. */
export function planEndpoints(input: PlanInput, findCodec: FindCodec): GroupPlan[] {
  const source = findCodec(input.source)
  if (source === undefined) return []
  const config = planConfig(input)
  return representativeRoutes(source).map((route) => planGroup(config, source, route, input.preset, findCodec))
}

/** The first documented call of each group, as the source codec's router matches it. */
export function representativeRoutes(source: ProtocolCodec): RouteMatch[] {
  const routes = new Map<EndpointGroup, RouteMatch>()
  for (const endpoint of source.endpoints) {
    if (routes.has(endpoint.group)) continue
    const [path = '', query = ''] = endpoint.path.split('?', 2)
    const route = source.matchRoute(endpoint.method, path, new URLSearchParams(query))
    if (route !== undefined && route.group === endpoint.group) routes.set(endpoint.group, route)
  }
  return [...routes.values()]
}

function planGroup(config: ProxyConfig, source: ProtocolCodec, route: RouteMatch, preset: ProviderPreset | undefined, findCodec: FindCodec): GroupPlan {
  try {
    return { group: route.group, action: decideAction(config, source, route, preset, findCodec).action }
  } catch (error) {
    if (!(error instanceof BridgeError)) throw error
    return { group: route.group, action: 'unsupported', reason: error.message }
  }
}

/** decideAction reads the protocols, the endpoint mode and the model mode; the rest of a URL's config plays no part. */
function planConfig({ source, target, mode, modelMode }: PlanInput): ProxyConfig {
  return {
    tokenId: 'plan', source: { protocol: source }, target: { protocol: target, baseUrl: 'https://plan.invalid', auth: { type: 'none' } },
    model: { mode: modelMode ?? 'passthrough' }, endpoints: { mode },
  }
}
