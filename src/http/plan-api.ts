/**
 * GET /api/plan?source=…&mode=…[&modelMode=…][&provider=…|&target=…]: what a URL from that client
 * protocol does with each endpoint group, per provider of the catalog and per custom upstream
 * protocol, as the router decides it (proxy/plan-endpoints.ts). The console's provider tags and
 * its Providers matrix read it.
 */
import { findProvider, PROVIDERS } from '../core/catalog/providers.ts'
import { BridgeError } from '../core/errors.ts'
import { PROTOCOL_IDS } from '../core/model/index.ts'
import { findCodec } from '../core/protocols/index.ts'
import { planEndpoints } from '../proxy/plan-endpoints.ts'
import { apiModule } from './api-module.ts'
import { coerceQuery } from './coerce-query.ts'
import { COMMON_ERROR_ANSWERS, errorAnswer } from './error-envelope-schema.ts'
import { PlanAnswer, PlanQuery } from './plan-api-schema.ts'

export function planAnswer(query: PlanQuery): PlanAnswer {
  const mode = query.mode ?? 'auto'
  const { source, modelMode } = query
  const presets = query.provider !== undefined ? [findProvider(query.provider)!] : query.target !== undefined ? [] : PROVIDERS
  const targets = query.provider !== undefined ? [] : query.target !== undefined ? [query.target] : PROTOCOL_IDS
  const codec = findCodec(source)
  return {
    source,
    mode,
    groups: codec === undefined ? [] : [...new Set(codec.endpoints.map((endpoint) => endpoint.group))],
    providers: presets.map((preset) => ({
      id: preset.id, name: preset.name, protocol: preset.protocol, docsUrl: preset.docsUrl,
      plan: planEndpoints({ source, target: preset.protocol, mode, preset, modelMode }, findCodec),
    })),
    custom: targets.map((target) => ({ protocol: target, plan: planEndpoints({ source, target, mode, preset: undefined, modelMode }, findCodec) })),
  }
}

/** What the schema cannot say: a known provider, and not both a provider and a custom target. */
export function checkPlanQuery(query: PlanQuery): PlanQuery {
  if (query.provider !== undefined && findProvider(query.provider) === undefined) throw BridgeError.invalidRequest(`Query parameter 'provider': unknown provider`)
  if (query.provider !== undefined && query.target !== undefined) throw BridgeError.invalidRequest(`Query parameter 'target': give a provider or a custom target protocol, not both`)
  return query
}

export function planApi() {
  return apiModule('plan-api').get('/api/plan', ({ query }) => planAnswer(checkPlanQuery(query)), {
    query: PlanQuery,
    transform: coerceQuery(PlanQuery),
    response: { 200: PlanAnswer, 400: errorAnswer('INVALID_JSON: a parameter is missing, unknown or out of range (the message names it)'), ...COMMON_ERROR_ANSWERS },
    detail: { summary: 'What a URL from a client protocol does with each endpoint group, per provider', tags: ['catalog'], operationId: 'getEndpointPlan' },
  })
}
