import { describe, expect, test } from 'bun:test'
import { redactSecrets } from '../../src/upstream/redact-secrets.ts'
import { backoffDelayMs, DEFAULT_RETRY_SETTINGS, isQuotaError, readRetryAfterMs, resolveRetrySettings } from '../../src/upstream/retry-policy.ts'

describe('retry policy', () => {
  test('defaults suit interactive agents: 3 attempts, waits capped at 30 s', () => {
    expect(resolveRetrySettings(undefined, undefined)).toMatchObject({ maxAttempts: 3, maxDelayMs: 30_000 })
  })

  test('a URL retry object overrides the server setting', () => {
    const settings = resolveRetrySettings({ maxAttempts: 5, maxDelayMs: 10_000, deadlineMs: 60_000 }, { maxAttempts: 1, maxDelayMs: 2000 })
    expect(settings).toEqual({ maxAttempts: 1, maxDelayMs: 2000, baseDelayMs: 500, deadlineMs: 60_000 })
  })

  test('invalid override values fall back instead of disabling the call', () => {
    expect(resolveRetrySettings(undefined, { maxAttempts: 0, maxDelayMs: -1 }).maxAttempts).toBe(1)
    expect(resolveRetrySettings(undefined, { maxDelayMs: Number.NaN }).maxDelayMs).toBe(30_000)
  })

  test('retry-after hints: milliseconds, seconds, HTTP date, garbage', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(readRetryAfterMs(new Headers({ 'retry-after-ms': '250' }), now)).toBe(250)
    expect(readRetryAfterMs(new Headers({ 'retry-after': '1.5' }), now)).toBe(1500)
    expect(readRetryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:04 GMT' }), now)).toBe(4000)
    expect(readRetryAfterMs(new Headers({ 'retry-after': 'Wed, 31 Dec 2025 00:00:00 GMT' }), now)).toBe(0)
    expect(readRetryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined()
    expect(readRetryAfterMs(new Headers({ 'retry-after': '-3' }), now)).toBeUndefined()
  })

  test('the backoff window doubles per attempt and never exceeds the cap', () => {
    const settings = { ...DEFAULT_RETRY_SETTINGS, maxDelayMs: 3000 }
    expect([1, 2, 3, 4, 10].map((attempt) => backoffDelayMs(attempt, settings, () => 0.999999))).toEqual([499, 999, 1999, 2999, 2999])
    expect(backoffDelayMs(3, settings, () => 0)).toBe(0)
  })

  test('quota and billing errors are recognised by their type', () => {
    expect(isQuotaError('{"error":{"type":"insufficient_quota"}}')).toBe(true)
    expect(isQuotaError('{"type":"error","error":{"type":"billing_error","message":"credit"}}')).toBe(true)
    expect(isQuotaError('{"error":{"type":"rate_limit_exceeded"}}')).toBe(false)
  })
})

describe('redactSecrets', () => {
  test('removes exact secret values and common key shapes', () => {
    const text = 'bad key my-custom-secret-123 and sk-proj-abcdefghijklmnop and AKIAABCDEFGHIJKLMNOP'
    const redacted = redactSecrets(text, ['my-custom-secret-123'])
    expect(redacted).not.toContain('my-custom-secret-123')
    expect(redacted).not.toContain('sk-proj-abcdefghijklmnop')
    expect(redacted).not.toContain('AKIAABCDEFGHIJKLMNOP')
    expect(redacted).toContain('bad key')
  })
})
