/** A PipelineContext for tests of the proxy's stream stages, without a server. */
import { DEFAULT_SERVER_CONFIG } from '../../src/config.ts'
import { deriveReasoningKey } from '../../src/core/reasoning/index.ts'
import { createDrain } from '../../src/proxy-guards/drain.ts'
import type { PipelineContext } from '../../src/proxy/pipeline-context.ts'
import { RequestLogDraft } from '../../src/proxy/request-log-draft.ts'
import type { RequestLogRow } from '../../src/log/request-log-row.ts'

export const TEST_REASONING_KEY = await deriveReasoningKey(new Uint8Array(32).fill(3))

/** `rows` receives the row when the draft finishes. */
export function testPipelineContext(overrides: Partial<PipelineContext> = {}, rows: RequestLogRow[] = []): PipelineContext {
  return {
    request: new Request('http://127.0.0.1/'),
    requestId: 'req_test',
    upstreamPath: 'v1/chat/completions',
    forwardQuery: new URLSearchParams(),
    maxBodyBytes: DEFAULT_SERVER_CONFIG.maxBodyBytes,
    draft: new RequestLogDraft({ record: (row) => rows.push(row) }, { requestId: 'req_test', method: 'POST', path: '/v1/chat/completions' }),
    secretForms: [],
    logBodies: false,
    abort: new AbortController(),
    fetch: undefined,
    checkEgress: async () => {},
    reasoningKey: TEST_REASONING_KEY,
    preset: undefined,
    retry: DEFAULT_SERVER_CONFIG.retry,
    timeouts: DEFAULT_SERVER_CONFIG.timeouts,
    streams: DEFAULT_SERVER_CONFIG.streams,
    checkGrammar: () => false,
    drain: createDrain(),
    ...overrides,
  }
}
