/**
 * Renders a BridgeError as an HTTP response in the client's (source) protocol shape, with the
 * bridge's own fields beside it. Used by the proxy and, without a protocol, by /api and the
 * server's own answers.
 */
import { BridgeError } from '../core/errors.ts'
import type { ProtocolId } from '../core/model/index.ts'
import type { EndpointGroup, ErrorMeta } from '../core/protocols/codec.ts'
import { bridgeErrorFields } from '../core/protocols/bridge-error-fields.ts'
import { findCodec } from '../core/protocols/index.ts'

export const DOCS_URL = 'https://github.com/llm-bridge/llm-bridge#errors'

export type ErrorContext = { requestId: string; provider?: string; endpointGroup?: EndpointGroup }

export function bridgeFields(error: BridgeError, context: ErrorContext): Record<string, unknown> {
  return bridgeErrorFields(error, errorMeta(context))
}

function errorMeta(context: ErrorContext): ErrorMeta {
  const meta: ErrorMeta = { requestId: context.requestId, docsUrl: DOCS_URL }
  if (context.provider !== undefined) meta.provider = context.provider
  if (context.endpointGroup !== undefined) meta.endpointGroup = context.endpointGroup
  return meta
}

export function errorResponse(error: BridgeError, protocol: ProtocolId | undefined, context: ErrorContext): Response {
  const meta = errorMeta(context)
  const codec = protocol === undefined ? undefined : findCodec(protocol)
  let status = error.status
  let body: unknown
  const headers: Record<string, string> = {}
  if (codec) {
    const encoded = codec.encodeError(error, meta)
    status = encoded.status
    body = encoded.body
    Object.assign(headers, encoded.headers)
  } else {
    // /api, and a protocol without a codec in this build: the bridge's own envelope.
    body = { error: { message: error.message, type: error.kind, code: error.code }, ...bridgeFields(error, context) }
  }
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds)
  headers['content-type'] = 'application/json'
  headers['x-request-id'] = context.requestId
  return new Response(JSON.stringify(body), { status, headers })
}

export function toBridgeError(error: unknown): BridgeError {
  if (error instanceof BridgeError) return error
  // Never echo an internal exception's text: it may carry a key or a stack.
  return new BridgeError({ kind: 'internal', code: 'INTERNAL_ERROR', status: 500, message: 'Internal error in the bridge' })
}
