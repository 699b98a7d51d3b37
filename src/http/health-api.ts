/**
 * GET /healthz: 200 while serving, 503 once draining so load balancers stop sending traffic. It
 * also says how the request log is doing: a degraded log (disk full, broken file) keeps the
 * answer 200, because proxying goes on; the console shows the log's state from here.
 */
import type { LogHealth } from '../log/index.ts'
import { apiModule } from './api-module.ts'
import { COMMON_ERROR_ANSWERS } from './error-envelope-schema.ts'
import { DrainingSchema, HealthSchema } from './health-schema.ts'

/** Counts and SQLite's error code only: the message can name a path, and this answer is public. */
export type LogHealthSummary = Pick<LogHealth, 'ok' | 'queued' | 'dropped' | 'writeErrors' | 'lastErrorCode'>

/** Without logHealth (the request log is off) the answer has no `log` part. */
export type HealthDeps = { version: string; isDraining: () => boolean; logHealth?: () => LogHealth }

export function healthApi(deps: HealthDeps) {
  return apiModule('health-api').get('/healthz', ({ status }) => {
    if (deps.isDraining()) return status(503, { status: 'draining' as const })
    if (deps.logHealth === undefined) return { status: 'ok' as const, version: deps.version }
    return { status: 'ok' as const, version: deps.version, log: summarize(deps.logHealth()) }
  }, {
    response: { 200: HealthSchema, 503: DrainingSchema, ...COMMON_ERROR_ANSWERS },
    detail: { summary: 'Liveness, version and the request log\'s state', tags: ['health'], operationId: 'getHealth' },
  })
}

function summarize(health: LogHealth): LogHealthSummary {
  const summary: LogHealthSummary = { ok: health.ok, queued: health.queued, dropped: health.dropped, writeErrors: health.writeErrors }
  if (health.lastErrorCode !== undefined) summary.lastErrorCode = health.lastErrorCode
  return summary
}
