/**
 * BridgeError → Bedrock's error shape: a JSON body `{"message": …}` and the exception name in the
 * `x-amzn-errortype` header, which the AWS SDK reads to raise its typed exception
 * (ThrottlingException, ValidationException, …), with the bridge's fields beside `message` in the
 * body. In a stream the same error becomes an exception frame (encode-stream.ts).
 * A context overflow keeps Claude-on-Bedrock's wording, "prompt is too long: …".
 * @see ../../../../../shared/protocols/bedrock-converse.md §5.1, §7
 * @see ../../../../../shared/protocols/mapping.md §9.1
 */
import type { BridgeError, ErrorKind } from '../../errors.ts'
import { bridgeErrorFields } from '../bridge-error-fields.ts'
import type { EncodedError, ErrorMeta } from '../codec.ts'
import type { WireStreamException } from './wire.ts'

const EXCEPTION_OF_KIND: Record<ErrorKind, string> = {
  'invalid-request': 'ValidationException',
  authentication: 'UnrecognizedClientException',
  permission: 'AccessDeniedException',
  'not-found': 'ResourceNotFoundException',
  'request-too-large': 'ValidationException',
  'context-length': 'ValidationException',
  'rate-limit': 'ThrottlingException',
  overloaded: 'ServiceUnavailableException',
  upstream: 'InternalServerException',
  'upstream-timeout': 'ModelTimeoutException',
  'unsupported-endpoint': 'UnknownOperationException',
  internal: 'InternalServerException',
}

/** The exceptions a ConverseStream can carry (`:exception-type`). */
const STREAM_EXCEPTION_OF_KIND: Record<ErrorKind, WireStreamException> = {
  'invalid-request': 'validationException',
  authentication: 'internalServerException',
  permission: 'internalServerException',
  'not-found': 'internalServerException',
  'request-too-large': 'validationException',
  'context-length': 'validationException',
  'rate-limit': 'throttlingException',
  overloaded: 'serviceUnavailableException',
  upstream: 'modelStreamErrorException',
  'upstream-timeout': 'modelStreamErrorException',
  'unsupported-endpoint': 'validationException',
  internal: 'internalServerException',
}

const PROMPT_TOO_LONG = 'prompt is too long: '

export function bedrockErrorMessage(error: BridgeError): string {
  return error.kind === 'context-length' && !error.message.toLowerCase().startsWith(PROMPT_TOO_LONG)
    ? PROMPT_TOO_LONG + error.message
    : error.message
}

export function streamExceptionOf(error: BridgeError): WireStreamException {
  return STREAM_EXCEPTION_OF_KIND[error.kind]
}

export function encodeBedrockError(error: BridgeError, meta: ErrorMeta): EncodedError {
  // AWS's own statuses where they differ from the canonical one: the SDKs raise by the header, but
  // code that checks $metadata.httpStatusCode expects what AWS sends.
  const status = error.kind === 'context-length' ? 400 : error.kind === 'authentication' ? 403 : error.status
  const body = bridgeErrorFields(error, meta, bedrockErrorMessage(error))
  const headers: Record<string, string> = {
    'x-amzn-errortype': EXCEPTION_OF_KIND[error.kind],
    'x-amzn-requestid': meta.requestId,
  }
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds)
  return { status, body, headers }
}
