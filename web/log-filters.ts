/** The Requests view's filters: the /api/logs query they make, and the same test for live rows. */
import type { LogRow } from './types.ts'

/** Status classes the /api/logs `status` parameter accepts. */
export const STATUS_CLASSES = ['2xx', '4xx', '5xx'] as const
export type StatusFilter = '' | (typeof STATUS_CLASSES)[number]

/** The period filter: rows from this long ago onwards ('' = all). */
export const PERIODS = [
  { id: '', label: 'All time', ms: 0 },
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
] as const

export type LogFilters = {
  /** Substring of the models, the user agent or the URL's label (the API's `q`). */
  query: string
  status: StatusFilter
  provider: string
  /** A PERIODS id. */
  period: string
  /** Exact client or upstream model. */
  model: string
  /** One proxy URL's rows. */
  tokenId: string
}

export function logsQuery(filters: LogFilters, limit: number, cursor?: string, now: number = Date.now()): string {
  const params = new URLSearchParams({ limit: String(limit) })
  if (filters.query.trim() !== '') params.set('q', filters.query.trim())
  if (filters.status !== '') params.set('status', filters.status)
  if (filters.provider !== '') params.set('provider', filters.provider)
  if (filters.model !== '') params.set('model', filters.model)
  if (filters.tokenId !== '') params.set('tokenId', filters.tokenId)
  const period = PERIODS.find((item) => item.id === filters.period)
  if (period !== undefined && period.ms > 0) params.set('from', String(now - period.ms))
  if (cursor !== undefined) params.set('cursor', cursor)
  return `/api/logs?${params.toString()}`
}

/** Mirrors the server-side filters for rows arriving on the live tail (always inside the period). */
export function matchesFilters(row: LogRow, filters: LogFilters): boolean {
  if (filters.status !== '' && String(row.status ?? 0).charAt(0) !== filters.status.charAt(0)) return false
  if (filters.provider !== '' && row.provider !== filters.provider) return false
  if (filters.model !== '' && row.clientModel !== filters.model && row.upstreamModel !== filters.model) return false
  if (filters.tokenId !== '' && row.tokenId !== filters.tokenId) return false
  const needle = filters.query.trim().toLowerCase()
  if (needle === '') return true
  return [row.clientModel, row.upstreamModel, row.userAgent, row.label]
    .filter((value): value is string => value !== undefined)
    .some((value) => value.toLowerCase().includes(needle))
}

export function isFiltered(filters: LogFilters): boolean {
  return [filters.query.trim(), filters.status, filters.provider, filters.period, filters.model, filters.tokenId].some((value) => value !== '')
}
