/** Watches the canonical stream for the log: usage (merged, so a cut-off stream keeps what came) and in-stream errors. */
import type { StreamEvent, Usage } from '../core/model/index.ts'
import { mergeUsage } from '../core/model/index.ts'
import type { RequestLogDraft } from './request-log-draft.ts'

/** One event's effect on the row; returns the usage merged so far. */
export function observeEvent(event: StreamEvent, draft: RequestLogDraft, usage: Usage | undefined): Usage | undefined {
  if (event.type === 'usage') {
    const merged = mergeUsage(usage, event.usage)
    draft.setUsage(merged)
    return merged
  }
  if (event.type === 'error') {
    draft.row.errorCode = event.error.code
    draft.row.errorMessage = event.error.message
    if (event.error.upstreamStatus !== undefined) draft.row.upstreamStatus = event.error.upstreamStatus
  }
  return usage
}
