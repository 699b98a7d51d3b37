/** Watches the canonical stream for the log: usage (merged, so a cut-off stream keeps what came) and in-stream errors. */
import type { StreamEvent, Usage } from '../core/model/index.ts'
import { mergeUsage } from '../core/model/index.ts'
import type { RequestLogDraft } from './request-log-draft.ts'

export async function* observeEvents(events: AsyncIterable<StreamEvent>, draft: RequestLogDraft): AsyncGenerator<StreamEvent> {
  let usage: Usage | undefined
  for await (const event of events) {
    if (event.type === 'usage') {
      usage = mergeUsage(usage, event.usage)
      draft.setUsage(usage)
    } else if (event.type === 'error') {
      draft.row.errorCode = event.error.code
      draft.row.errorMessage = event.error.message
      if (event.error.upstreamStatus !== undefined) draft.row.upstreamStatus = event.error.upstreamStatus
    }
    yield event
  }
}
