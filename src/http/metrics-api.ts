/** GET /metrics in the Prometheus text format; admin-only on a LAN bind when access rules are given. */
import { Type } from '@sinclair/typebox'
import type { RequestLog } from '../log/index.ts'
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from '../log/prometheus-text.ts'
import { authorizeAdmin, type AdminAuthDeps } from './admin-auth.ts'
import { apiModule } from './api-module.ts'
import { COMMON_ERROR_ANSWERS, errorAnswer } from './error-envelope-schema.ts'
import { errorResponse } from '../proxy/error-response.ts'
import { requestIdOf } from './request-id.ts'

export type MetricsApiDeps = {
  log: Pick<RequestLog, 'metrics'>
  /** Without it /metrics is open (a scraper on the same host); with it, the log's access rules apply. */
  access?: AdminAuthDeps
}

export function metricsApi(deps: MetricsApiDeps) {
  return apiModule('metrics-api').get('/metrics', async ({ request }) => {
    if (deps.access) {
      const denied = await authorizeAdmin(request, deps.access)
      if (denied) {
        // Like every admin view's answer: a shared cache must not keep it (the 200 says so too).
        const response = errorResponse(denied, undefined, { requestId: requestIdOf(request) })
        response.headers.set('cache-control', 'no-store')
        return response
      }
    }
    return new Response(renderPrometheus(deps.log.metrics.families()), {
      headers: { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' },
    })
  }, {
    response: {
      200: Type.String({ contentMediaType: PROMETHEUS_CONTENT_TYPE, description: 'Request, token, cost and log-health metrics in the Prometheus text format.' }),
      401: errorAnswer('MISSING_TOKEN or INVALID_TOKEN: on a non-loopback bind the metrics need the admin key'),
      ...COMMON_ERROR_ANSWERS,
    },
    detail: { summary: 'Prometheus metrics', tags: ['metrics'], operationId: 'getMetrics' },
  })
}
