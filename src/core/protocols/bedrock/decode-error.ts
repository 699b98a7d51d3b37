/**
 * Upstream Bedrock error → BridgeError with the upstream's own message. The body is only
 * `{"message": …}` (sometimes `Message`); the exception name is in the `x-amzn-errortype` header
 * with a `:namespace` tail (bedrock-error-404-end-of-life.json), or `__type` in some bodies. In a
 * stream the name is the frame's `:exception-type` in lower camel case.
 * @see ../../../../../shared/protocols/bedrock-converse.md §5.1, §7
 * @see ../../../../../shared/protocols/mapping.md §9
 */
import { BridgeError, type ErrorCode, type ErrorKind } from '../../errors.ts'
import { isObject, stringOrUndefined } from './read-json.ts'

type Meaning = { kind: ErrorKind; status: number; retryable: boolean }

const MEANING_OF_EXCEPTION: Record<string, Meaning> = {
  ValidationException: { kind: 'invalid-request', status: 400, retryable: false },
  ConflictException: { kind: 'invalid-request', status: 400, retryable: false },
  // A quota (tokens per day, account limits): a retry does not help.
  ServiceQuotaExceededException: { kind: 'rate-limit', status: 400, retryable: false },
  AccessDeniedException: { kind: 'permission', status: 403, retryable: false },
  UnrecognizedClientException: { kind: 'authentication', status: 403, retryable: false },
  InvalidSignatureException: { kind: 'authentication', status: 403, retryable: false },
  ExpiredTokenException: { kind: 'authentication', status: 403, retryable: false },
  ResourceNotFoundException: { kind: 'not-found', status: 404, retryable: false },
  ModelTimeoutException: { kind: 'upstream-timeout', status: 408, retryable: true },
  ModelErrorException: { kind: 'upstream', status: 424, retryable: true },
  ModelStreamErrorException: { kind: 'upstream', status: 424, retryable: true },
  ModelNotReadyException: { kind: 'overloaded', status: 429, retryable: true },
  ThrottlingException: { kind: 'rate-limit', status: 429, retryable: true },
  InternalServerException: { kind: 'upstream', status: 500, retryable: true },
  ServiceUnavailableException: { kind: 'overloaded', status: 503, retryable: true },
}

/** Claude on Bedrock: "prompt is too long: …"; other models: "Input is too long for requested model." */
const CONTEXT_LENGTH = /prompt is too long|input is too long|context window|context length|too many input tokens/i

function meaningOfStatus(status: number): Meaning {
  const retryable = status === 408 || status === 429 || status >= 500
  if (status === 401) return { kind: 'authentication', status, retryable }
  if (status === 403) return { kind: 'permission', status, retryable }
  if (status === 404) return { kind: 'not-found', status, retryable }
  if (status === 413) return { kind: 'request-too-large', status, retryable }
  if (status === 429) return { kind: 'rate-limit', status, retryable }
  if (status === 503) return { kind: 'overloaded', status, retryable }
  if (status === 408 || status === 504) return { kind: 'upstream-timeout', status, retryable }
  if (status >= 500) return { kind: 'upstream', status, retryable }
  if (status >= 400) return { kind: 'invalid-request', status, retryable }
  return { kind: 'upstream', status: 502, retryable: true }
}

function codeOf(kind: ErrorKind): ErrorCode {
  if (kind === 'rate-limit') return 'RATE_LIMITED'
  if (kind === 'upstream-timeout') return 'UPSTREAM_TIMEOUT'
  return 'UPSTREAM_ERROR'
}

/** `ValidationException:http://internal.amazon.com/coral/…` or `validationException` → `ValidationException`. */
export function exceptionName(raw: string | undefined): string | undefined {
  const name = raw?.split(':')[0]?.trim()
  if (!name) return undefined
  const short = name.includes('#') ? name.slice(name.lastIndexOf('#') + 1) : name
  return short.charAt(0).toUpperCase() + short.slice(1)
}

/** A Bedrock exception by name and message; `status` 200 = inside a stream. */
export function bedrockError(name: string | undefined, message: string, status: number): BridgeError {
  const known = name !== undefined ? MEANING_OF_EXCEPTION[name] : undefined
  const meaning = known ?? meaningOfStatus(status)
  const kind = meaning.kind === 'invalid-request' && CONTEXT_LENGTH.test(message) ? 'context-length' : meaning.kind
  const init: ConstructorParameters<typeof BridgeError>[0] = {
    kind,
    code: codeOf(kind),
    status: status >= 400 ? status : meaning.status,
    message,
    retryable: meaning.retryable,
  }
  if (status >= 400) init.upstreamStatus = status
  return new BridgeError(init)
}

export function decodeBedrockError(status: number, body: unknown, headers: Headers): BridgeError {
  const object = isObject(body) ? body : {}
  const fromText = typeof body === 'string' && body.trim() !== '' ? body.slice(0, 2000) : undefined
  const message = stringOrUndefined(object.message) ?? stringOrUndefined(object.Message) ?? fromText ?? `Upstream error (HTTP ${status})`
  const name = exceptionName(headers.get('x-amzn-errortype') ?? stringOrUndefined(object.__type))
  return bedrockError(name, message, status)
}
