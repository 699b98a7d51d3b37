/** A client's usage in the matrix's canonical terms: cache counts only where above zero. */
import type { ScriptedUsage } from '../contract.ts'

/** What a client reports when the protocol's total disagrees with its parts: a case then fails naming it. */
export const INCONSISTENT_TOTAL: ScriptedUsage = { input: -1, output: -1 }

/** `usage`, unless the protocol's `total` (where it has one) is not `expected`. */
export function withTotal(usage: ScriptedUsage, total: number | null | undefined, expected: number): ScriptedUsage {
  return total === null || total === undefined || total === expected ? usage : INCONSISTENT_TOTAL
}

export function clientUsage(input: number, output: number, cacheRead: number | null | undefined, cacheWrite: number | null | undefined): ScriptedUsage {
  const usage: ScriptedUsage = { input, output }
  if (cacheRead != null && cacheRead > 0) usage.cacheRead = cacheRead
  if (cacheWrite != null && cacheWrite > 0) usage.cacheWrite = cacheWrite
  return usage
}

/** OpenRouter's `cache_write_tokens`, which the official SDK types do not name. */
export function cacheWriteOf(details: object | null | undefined): number | undefined {
  const value = details === null || details === undefined ? undefined : (details as { cache_write_tokens?: unknown }).cache_write_tokens
  return typeof value === 'number' ? value : undefined
}
