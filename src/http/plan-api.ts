/**
 * GET /api/plan?source=…&mode=…[&provider=…|&target=…]: what a URL from that client protocol does
 * with each endpoint group, per provider of the catalog and per custom upstream protocol, as the
 * router decides it (proxy/plan-endpoints.ts). The console's provider tags and its Providers
 * matrix read it.
 */
import { Value } from '@sinclair/typebox/value'
import { Elysia } from 'elysia'
import { findProvider, PROVIDERS } from '../core/catalog/providers.ts'
import { BridgeError } from '../core/errors.ts'
import { PROTOCOL_IDS } from '../core/model/index.ts'
import { findCodec } from '../core/protocols/index.ts'
import { planEndpoints } from '../proxy/plan-endpoints.ts'
import { PlanQuery, type PlanAnswer } from './plan-api-schema.ts'

export function planAnswer(query: PlanQuery): PlanAnswer {
  const mode = query.mode ?? 'auto'
  const { source } = query
  const presets = query.provider !== undefined ? [findProvider(query.provider)!] : query.target !== undefined ? [] : PROVIDERS
  const targets = query.provider !== undefined ? [] : query.target !== undefined ? [query.target] : PROTOCOL_IDS
  const codec = findCodec(source)
  return {
    source,
    mode,
    groups: codec === undefined ? [] : [...new Set(codec.endpoints.map((endpoint) => endpoint.group))],
    providers: presets.map((preset) => ({
      id: preset.id, name: preset.name, protocol: preset.protocol, docsUrl: preset.docsUrl,
      plan: planEndpoints({ source, target: preset.protocol, mode, preset }, findCodec),
    })),
    custom: targets.map((target) => ({ protocol: target, plan: planEndpoints({ source, target, mode, preset: undefined }, findCodec) })),
  }
}

/** The query as the schema allows it; the first wrong parameter is named in the 400. */
export function parsePlanQuery(url: URL): PlanQuery {
  const query = Object.fromEntries(url.searchParams)
  const problem = Value.Errors(PlanQuery, query).First()
  if (problem !== undefined) {
    const field = problem.path.replace(/^\//, '') || 'query'
    throw BridgeError.invalidRequest(`${field}: ${problem.message}`)
  }
  const parsed = query as PlanQuery
  if (parsed.provider !== undefined && findProvider(parsed.provider) === undefined) throw BridgeError.invalidRequest('provider: unknown provider')
  if (parsed.provider !== undefined && parsed.target !== undefined) throw BridgeError.invalidRequest('target: give a provider or a custom target protocol, not both')
  return parsed
}

export function planApi() {
  return new Elysia({ name: 'plan-api' }).get('/api/plan', ({ request }) => planAnswer(parsePlanQuery(new URL(request.url))))
}
