/**
 * The one error type of the bridge. Each codec's encode-error renders it in the SOURCE protocol's
 * shape, with the bridge's own fields beside it, so the client's SDK raises its typed error.
 */
export type ErrorKind =
  | 'invalid-request'
  | 'authentication'
  | 'permission'
  | 'not-found'
  | 'request-too-large'
  | 'context-length'
  | 'rate-limit'
  | 'overloaded'
  | 'upstream'
  | 'upstream-timeout'
  | 'unsupported-endpoint'
  | 'internal'

/** The bridge's public error codes (README lists them). */
export type ErrorCode =
  | 'INVALID_JSON'
  | 'MISSING_TOKEN'
  | 'INVALID_TOKEN'
  | 'UNSUPPORTED_ENDPOINT'
  | 'PAYLOAD_TOO_LARGE'
  | 'NOT_FOUND'
  /** 403: a foreign Host or Origin on the console/API (DNS rebinding, CSRF). */
  | 'FORBIDDEN'
  | 'EGRESS_DENIED'
  | 'RATE_LIMITED'
  | 'UPSTREAM_ERROR'
  | 'UPSTREAM_TIMEOUT'
  | 'RETRY_EXHAUSTED'
  | 'INTERNAL_ERROR'
  /** 503 on the log API: the log's database cannot be read (locked, full, broken); proxying goes on. */
  | 'LOG_UNAVAILABLE'
  /** Log rows only (the client is gone): a streaming client stopped reading and was dropped (499). */
  | 'CLIENT_STALLED'

export type BridgeErrorInit = {
  kind: ErrorKind
  code: ErrorCode
  status: number
  message: string
  retryable?: boolean
  upstreamStatus?: number
  /** Seconds, passed on to the client as Retry-After. */
  retryAfterSeconds?: number
  /**
   * The upstream refused the prompt by policy with an error (Azure's `content_filter` 400): a
   * translated answer gives the client its own refusal (finish content-filter), not an error.
   */
  refusal?: boolean
  /** UNSUPPORTED_ENDPOINT: the provider's own documentation of what it serves (its preset's docsUrl). */
  providerDocsUrl?: string
}

export class BridgeError extends Error {
  readonly kind: ErrorKind
  readonly code: ErrorCode
  readonly status: number
  readonly retryable: boolean
  readonly upstreamStatus?: number
  readonly retryAfterSeconds?: number
  readonly refusal?: boolean
  readonly providerDocsUrl?: string

  constructor(init: BridgeErrorInit) {
    super(init.message)
    this.name = 'BridgeError'
    this.kind = init.kind
    this.code = init.code
    this.status = init.status
    this.retryable = init.retryable ?? false
    if (init.upstreamStatus !== undefined) this.upstreamStatus = init.upstreamStatus
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds
    if (init.refusal === true) this.refusal = true
    if (init.providerDocsUrl !== undefined) this.providerDocsUrl = init.providerDocsUrl
  }

  static invalidRequest(message: string): BridgeError {
    return new BridgeError({ kind: 'invalid-request', code: 'INVALID_JSON', status: 400, message })
  }

  /** An upstream stream that broke its own protocol: a 502 the retry policy may retry before the first byte. */
  static brokenUpstreamStream(message: string): BridgeError {
    return new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, retryable: true, message })
  }
}
