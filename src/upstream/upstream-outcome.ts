/**
 * What the client hears when retries ran out: the last answer 429 → RATE_LIMITED with the
 * upstream's retry-after; anything else → RETRY_EXHAUSTED naming the attempts and the last outcome.
 * Messages carry the upstream's own words (via describeError), with secrets removed.
 */
import { BridgeError, type ErrorKind } from '../core/errors.ts'
import { redactSecrets } from './redact-secrets.ts'
import { readRetryAfterMs } from './retry-policy.ts'

export type LastOutcome =
  | { kind: 'status'; status: number; bodyText: string; headers: Headers }
  | { kind: 'failure'; detail: string }

export type ExhaustedContext = {
  attempts: number
  host: string
  secrets: readonly string[]
  describeError: ((status: number, bodyText: string, headers: Headers) => BridgeError) | undefined
  deadlineReached: boolean
  now: number
}

export function exhaustedError(last: LastOutcome, context: ExhaustedContext): BridgeError {
  const tries = `${context.attempts} attempt${context.attempts === 1 ? '' : 's'}`
  const why = context.deadlineReached ? `gave up after ${tries} (retry deadline reached)` : `gave up after ${tries}`
  if (last.kind === 'failure') {
    const message = `Could not reach the upstream at ${context.host}: ${why}; the last failed with ${last.detail}`
    return noteAttempts(exhausted(redactSecrets(message, context.secrets)), context.attempts)
  }
  const upstreamMessage = redactSecrets(describe(last, context).message, context.secrets)
  if (last.status === 429) {
    const retryAfterMs = readRetryAfterMs(last.headers, context.now)
    const error = new BridgeError({
      kind: 'rate-limit',
      code: 'RATE_LIMITED',
      status: 429,
      retryable: true,
      upstreamStatus: 429,
      message: `${upstreamMessage} (${why})`,
      ...(retryAfterMs === undefined ? {} : { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) }),
    })
    return noteAttempts(error, context.attempts)
  }
  const message = `The upstream ${why}; the last answered ${last.status}: ${upstreamMessage}`
  return noteAttempts(exhausted(message, exhaustedKind(last), last.status), context.attempts)
}

/**
 * What the upstream last did, for the client's native error type (the status stays 503): overloaded
 * only when the upstream said so (529, or "overloaded" in its answer), a timeout when it timed out,
 * otherwise a failure (Anthropic `api_error`): an upstream 500 is not "overloaded".
 */
function exhaustedKind(last: Extract<LastOutcome, { kind: 'status' }>): ErrorKind {
  if (last.status === 529 || /overloaded/i.test(last.bodyText)) return 'overloaded'
  if (last.status === 408 || last.status === 504) return 'upstream-timeout'
  return 'upstream'
}

function exhausted(message: string, kind: ErrorKind = 'upstream', upstreamStatus?: number): BridgeError {
  return new BridgeError({
    kind,
    code: 'RETRY_EXHAUSTED',
    status: 503,
    retryable: true,
    message,
    ...(upstreamStatus === undefined ? {} : { upstreamStatus }),
  })
}

function describe(last: Extract<LastOutcome, { kind: 'status' }>, context: ExhaustedContext): { message: string } {
  if (context.describeError) return context.describeError(last.status, last.bodyText, last.headers)
  const text = last.bodyText.trim()
  return { message: text === '' ? `HTTP ${last.status} with an empty body` : text.slice(0, 500) }
}

/** How many attempts an error from callUpstream took (for the request log). */
const attemptCounts = new WeakMap<object, number>()

export function noteAttempts<T extends object>(error: T, attempts: number): T {
  attemptCounts.set(error, attempts)
  return error
}

export function attemptsOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null ? attemptCounts.get(error) : undefined
}
