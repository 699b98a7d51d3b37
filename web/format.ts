/** Display formatting for numbers in the request log. Every result is plain text. */

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`
  return `${Math.floor(ms / 60_000)} m ${Math.round((ms % 60_000) / 1000)} s`
}

export function formatTokens(count: number | undefined): string {
  if (count === undefined) return '—'
  if (count < 1000) return String(count)
  if (count < 1_000_000) return `${(count / 1000).toFixed(count < 10_000 ? 1 : 0)}k`
  return `${(count / 1_000_000).toFixed(2)}M`
}

export function formatCost(usd: number | undefined): string {
  if (usd === undefined) return '—'
  if (usd === 0) return '$0'
  if (usd < 0.01) return `$${usd.toFixed(4)}`
  return `$${usd.toFixed(2)}`
}

export function formatTime(ms: number | undefined, now: number = Date.now()): string {
  if (ms === undefined) return '—'
  const date = new Date(ms)
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
  if (new Date(now).toDateString() === date.toDateString()) return time
  return `${date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${time}`
}

export function formatTimestamp(ms: number | undefined): string {
  return ms === undefined ? '—' : new Date(ms).toISOString()
}

export type StatusTone = 'ok' | 'client-error' | 'server-error' | 'pending'

export function statusTone(status: number | undefined): StatusTone {
  if (status === undefined || status === 0) return 'pending'
  if (status < 400) return 'ok'
  if (status < 500) return 'client-error'
  return 'server-error'
}
