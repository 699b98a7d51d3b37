/**
 * The request log turned off (`--request-log off`, for measuring what the log costs): rows are
 * counted for /metrics and then dropped: nothing is sanitised, queued or written, so /api/logs
 * and /api/stats answer with empty results. The read side keeps its shape, so nothing above the
 * log needs to know.
 */
import { createRequestLog, type RequestLog } from './index.ts'
import { EmptyStore } from './empty-store.ts'
import type { RequestLogRow } from './request-log-row.ts'

export function openMetricsOnlyLog(): RequestLog {
  const inner = createRequestLog(new EmptyStore(), { logBodies: false })
  return {
    ...inner,
    record(row: RequestLogRow): void {
      try {
        inner.metrics.observe(row)
      } catch {
        // Like the real sink, never throws into the proxy.
      }
    },
  }
}
