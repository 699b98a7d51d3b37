/** Request-log rows shaped like the proxy's, for the log benchmarks (log-cost.ts, log-reads.ts). */
import { newRequestId } from '../../src/proxy/new-request-id.ts'
import type { RequestLogRow } from '../../src/log/index.ts'
import { SqliteLogStore } from '../../src/log/sqlite/sqlite-store.ts'

export const UPSTREAM_KEY = 'sk-proj-bench0123456789abcdefghijklmnopqrstuvwxyzABCDEF'
const USER_AGENTS = ['claude-cli/1.0.83 (external, cli)', 'OpenAI/Python 1.54.3', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36', 'wrk']
const PROVIDERS = [['openai', 'gpt-4.1'], ['anthropic', 'claude-sonnet-4-20250514'], ['openrouter', 'openai/gpt-4o-mini']] as const

let serial = 0

/** Random ids (UUIDv4), to show what ascending ids spare the log's unique index (log-cost --ids random). */
export const randomId = (): string => `req_${crypto.randomUUID().replaceAll('-', '')}`

/** Like a row the proxy records for a translated, answered request, with the proxy's own request ids. */
export function proxyRow(requestId: () => string = newRequestId, startedAt = Date.now()): RequestLogRow {
  serial += 1
  const [provider, model] = PROVIDERS[serial % PROVIDERS.length]!
  return {
    requestId: requestId(),
    startedAt, tokenId: 'tok_8f2a91c3', label: 'laptop', sourceProtocol: 'anthropic', targetProtocol: 'openai',
    provider, endpointGroup: 'chat', method: 'POST', path: '/v1/chat/completions', clientModel: 'claude-sonnet-4', upstreamModel: model,
    stream: serial % 2 === 0, status: 200, attempts: 1, durationMs: 820 + (serial % 400), ttfbMs: 190 + (serial % 90),
    usage: { inputTokens: 1200 + (serial % 50), outputTokens: 230, cacheReadTokens: 1024, reasoningTokens: serial % 3 === 0 ? 64 : 0 },
    warnings: serial % 4 === 0 ? [] : [
      { code: 'dropped-field', field: 'cache_control', message: 'cache_control has no equivalent in the target protocol' },
      { code: 'clamped-max-tokens', field: 'max_tokens', message: 'max_tokens 64000 clamped to 32768' },
    ],
    userAgent: USER_AGENTS[serial % USER_AGENTS.length]!, bytesIn: 1480, bytesOut: 1024 + (serial % 200),
  }
}

/**
 * Fills a log file with `count` rows, written the way the writer thread writes them; with
 * `spanMs` their start times spread evenly over that much time up to now (else all are now).
 */
export function grow(path: string, count: number, options: { batch?: number; requestId?: () => string; spanMs?: number } = {}): void {
  if (count === 0) return
  const batch = options.batch ?? 1000
  const store = new SqliteLogStore(path)
  const now = Date.now()
  const step = (options.spanMs ?? 0) / count
  for (let written = 0; written < count; written += batch) {
    const size = Math.min(batch, count - written)
    store.insertBatch(Array.from({ length: size }, (_, index) => proxyRow(options.requestId, Math.round(now - (count - written - index) * step))))
  }
  store.close()
}
