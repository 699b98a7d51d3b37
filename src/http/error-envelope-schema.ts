/**
 * The bridge's own error envelope, as every /api error answers it (proxy/error-response.ts without
 * a source protocol): the OpenAI-like `error` object and the bridge's fields beside it
 * (core/protocols/bridge-error-fields.ts). The type-level checks below keep the literals in step
 * with core/errors.ts.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import type { ErrorCode, ErrorKind } from '../core/errors.ts'
import { literals } from '../core/typebox-helpers.ts'


const ERROR_KINDS = [
  'invalid-request', 'authentication', 'permission', 'not-found', 'request-too-large', 'context-length',
  'rate-limit', 'overloaded', 'upstream', 'upstream-timeout', 'unsupported-endpoint', 'internal',
] as const satisfies readonly ErrorKind[]

const ERROR_CODES = [
  'INVALID_JSON', 'MISSING_TOKEN', 'INVALID_TOKEN', 'UNSUPPORTED_ENDPOINT', 'PAYLOAD_TOO_LARGE', 'NOT_FOUND', 'FORBIDDEN',
  'EGRESS_DENIED', 'RATE_LIMITED', 'UPSTREAM_ERROR', 'UPSTREAM_TIMEOUT', 'RETRY_EXHAUSTED', 'INTERNAL_ERROR',
  'LOG_UNAVAILABLE', 'CLIENT_STALLED',
] as const satisfies readonly ErrorCode[]

// Compile-time: every kind and code of core/errors.ts is listed (a new one fails the type check here).
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : Exclude<All, Listed>
const everyKindListed: Missing<ErrorKind, (typeof ERROR_KINDS)[number]> = true
const everyCodeListed: Missing<ErrorCode, (typeof ERROR_CODES)[number]> = true
void everyKindListed
void everyCodeListed

const ErrorCodeSchema = literals(ERROR_CODES)

export const ErrorEnvelopeSchema = Type.Object(
  {
    error: Type.Object(
      { message: Type.String(), type: literals(ERROR_KINDS), code: ErrorCodeSchema },
      { additionalProperties: false },
    ),
    error_code: ErrorCodeSchema,
    message: Type.String({ description: 'Names the field or parameter at fault; never echoes a secret.' }),
    provider: Type.Union([Type.String(), Type.Null()]),
    endpoint_group: Type.Union([Type.String(), Type.Null()]),
    request_id: Type.String({ description: 'Also in the x-request-id header.' }),
    docs_url: Type.String(),
    upstream_status: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
)

export type ErrorEnvelope = Static<typeof ErrorEnvelopeSchema>

/** The envelope for one status, with what that status means on this route. */
export function errorAnswer(description: string): TSchema {
  return Type.Object(ErrorEnvelopeSchema.properties, { additionalProperties: false, description })
}

/** Statuses every /api route may answer before its handler runs (request guards, body cap, bugs). */
export const COMMON_ERROR_ANSWERS = {
  403: errorAnswer('FORBIDDEN: a foreign Host or Origin (DNS rebinding, cross-site request)'),
  500: errorAnswer('INTERNAL_ERROR: a bug in the bridge; the message never carries details'),
}
