/**
 * GET /api/catalog: the provider presets and the protocols this build has codecs for, as the
 * console and scripts need them; GET /api/plan beside it: what a URL does with each endpoint
 * group, per provider (plan-api.ts).
 */
import { effectiveEndpointSupport } from '../core/catalog/effective-endpoint-support.ts'
import { PROVIDERS } from '../core/catalog/providers.ts'
import { PROTOCOL_IDS } from '../core/model/index.ts'
import { findCodec } from '../core/protocols/index.ts'
import { planApi } from './plan-api.ts'
import { apiModule } from './api-module.ts'
import { CatalogAnswerSchema } from './catalog-schema.ts'
import { COMMON_ERROR_ANSWERS } from './error-envelope-schema.ts'

export function catalogAnswer() {
  return {
    /** Which protocols this build can decode and encode: a client protocol without a codec cannot be translated. */
    protocols: PROTOCOL_IDS.map((id) => ({ id, codec: findCodec(id) !== undefined })),
    providers: PROVIDERS.map((preset) => ({
      id: preset.id,
      name: preset.name,
      protocol: preset.protocol,
      authType: preset.authType,
      defaultBaseUrl: preset.defaultBaseUrl,
      endpointSupport: effectiveEndpointSupport(preset, findCodec(preset.protocol) !== undefined),
      docsUrl: preset.docsUrl,
    })),
  }
}

export function catalogApi() {
  return apiModule('catalog-api').get('/api/catalog', () => catalogAnswer(), {
    response: { 200: CatalogAnswerSchema, ...COMMON_ERROR_ANSWERS },
    detail: { summary: 'Provider presets and the protocols this build translates', tags: ['catalog'], operationId: 'getCatalog' },
  }).use(planApi())
}
