/** RequestLogRow ⇄ request_log columns: usage split into columns, warnings as JSON text. */
import type { TranslationWarning, Usage } from '../../core/model/index.ts'
import type { RequestLogRow } from '../request-log-row.ts'

type Cell = string | number | null

export type ColumnRecord = {
  request_id: string; started_at: number; token_id: string | null; label: string | null
  source_protocol: string | null; target_protocol: string | null; provider: string | null
  endpoint_group: string | null; method: string; path: string; client_model: string | null
  upstream_model: string | null; stream: number; status: number; error_code: string | null
  error_message: string | null; upstream_status: number | null; attempts: number
  duration_ms: number; ttfb_ms: number | null; input_tokens: number | null
  output_tokens: number | null; cache_read_tokens: number | null; cache_write_tokens: number | null
  reasoning_tokens: number | null; usage_estimated: number | null; cost_usd: number | null
  warnings: string; user_agent: string | null; bytes_in: number; bytes_out: number
  request_body: string | null; response_body: string | null; input_tokens_estimate: number | null
}

export const COLUMN_NAMES = [
  'request_id', 'started_at', 'token_id', 'label', 'source_protocol', 'target_protocol', 'provider',
  'endpoint_group', 'method', 'path', 'client_model', 'upstream_model', 'stream', 'status', 'error_code',
  'error_message', 'upstream_status', 'attempts', 'duration_ms', 'ttfb_ms', 'input_tokens', 'output_tokens',
  'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'usage_estimated', 'cost_usd', 'warnings',
  'user_agent', 'bytes_in', 'bytes_out', 'request_body', 'response_body', 'input_tokens_estimate',
] as const satisfies ReadonlyArray<keyof ColumnRecord>

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value)

export function toColumns(row: RequestLogRow): ColumnRecord {
  const usage = row.usage
  return {
    request_id: row.requestId, started_at: row.startedAt, token_id: orNull(row.tokenId), label: orNull(row.label),
    source_protocol: orNull(row.sourceProtocol), target_protocol: orNull(row.targetProtocol),
    provider: orNull(row.provider), endpoint_group: orNull(row.endpointGroup), method: row.method, path: row.path,
    client_model: orNull(row.clientModel), upstream_model: orNull(row.upstreamModel), stream: row.stream ? 1 : 0,
    status: row.status, error_code: orNull(row.errorCode), error_message: orNull(row.errorMessage),
    upstream_status: orNull(row.upstreamStatus), attempts: row.attempts, duration_ms: row.durationMs,
    ttfb_ms: orNull(row.ttfbMs), input_tokens: usage ? usage.inputTokens : null,
    output_tokens: usage ? usage.outputTokens : null, cache_read_tokens: orNull(usage?.cacheReadTokens),
    cache_write_tokens: orNull(usage?.cacheWriteTokens), reasoning_tokens: orNull(usage?.reasoningTokens),
    usage_estimated: usage ? (usage.estimated ? 1 : 0) : null, cost_usd: orNull(row.costUsd),
    warnings: row.warnings.length === 0 ? '[]' : JSON.stringify(row.warnings), user_agent: orNull(row.userAgent), bytes_in: row.bytesIn,
    bytes_out: row.bytesOut, request_body: orNull(row.requestBody), response_body: orNull(row.responseBody),
    input_tokens_estimate: orNull(row.inputTokensEstimate),
  }
}

export function fromColumns(record: ColumnRecord): RequestLogRow {
  const row: RequestLogRow = {
    requestId: record.request_id, startedAt: record.started_at, method: record.method, path: record.path,
    stream: record.stream === 1, status: record.status, attempts: record.attempts, durationMs: record.duration_ms,
    warnings: parseWarnings(record.warnings), bytesIn: record.bytes_in, bytesOut: record.bytes_out,
  }
  const optional: Array<[keyof RequestLogRow, Cell]> = [
    ['tokenId', record.token_id], ['label', record.label], ['sourceProtocol', record.source_protocol],
    ['targetProtocol', record.target_protocol], ['provider', record.provider], ['endpointGroup', record.endpoint_group],
    ['clientModel', record.client_model], ['upstreamModel', record.upstream_model], ['errorCode', record.error_code],
    ['errorMessage', record.error_message], ['upstreamStatus', record.upstream_status], ['ttfbMs', record.ttfb_ms],
    ['costUsd', record.cost_usd], ['userAgent', record.user_agent], ['requestBody', record.request_body],
    ['responseBody', record.response_body], ['inputTokensEstimate', record.input_tokens_estimate],
  ]
  for (const [key, value] of optional) if (value !== null) (row as Record<string, unknown>)[key] = value
  const usage = usageFrom(record)
  if (usage) row.usage = usage
  return row
}

function usageFrom(record: ColumnRecord): Usage | undefined {
  if (record.input_tokens === null && record.output_tokens === null) return undefined
  const usage: Usage = { inputTokens: record.input_tokens ?? 0, outputTokens: record.output_tokens ?? 0 }
  if (record.cache_read_tokens !== null) usage.cacheReadTokens = record.cache_read_tokens
  if (record.cache_write_tokens !== null) usage.cacheWriteTokens = record.cache_write_tokens
  if (record.reasoning_tokens !== null) usage.reasoningTokens = record.reasoning_tokens
  if (record.usage_estimated === 1) usage.estimated = true
  return usage
}

function parseWarnings(text: string): TranslationWarning[] {
  try {
    const value: unknown = JSON.parse(text)
    return Array.isArray(value) ? (value as TranslationWarning[]) : []
  } catch {
    return []
  }
}
