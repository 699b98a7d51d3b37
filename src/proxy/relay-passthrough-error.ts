/**
 * A passthrough error answer (status ≥ 400): the upstream's status and its own error fields, with
 * the bridge's fields merged beside them (error_code, message, provider, endpoint_group,
 * request_id, docs_url, upstream_status), like every other error the bridge answers (README
 * "Errors"). A body that is no JSON object (a gateway's HTML page, an empty body) becomes the
 * protocol's native error with those fields. The body is read bounded, within the body timeouts,
 * and redacted by exact value before anything reads it when the URL carries a key: upstreams echo
 * the key in their error bodies ("Incorrect API key provided: sk-…").
 */
import { BridgeError } from '../core/errors.ts'
import { isObject, type JsonObject } from '../core/json-object.ts'
import type { EndpointGroup, ErrorMeta, ProtocolCodec } from '../core/protocols/codec.ts'
import { bridgeFields, DOCS_URL, type ErrorContext } from './error-response.ts'
import { answerBytes } from './body-capture.ts'
import type { PipelineContext } from './pipeline-context.ts'
import { StreamRedactor } from './redact-stream.ts'
import { readUpstream } from './upstream-body.ts'

/** Far above any real error body; a hostile one is cut here instead of buffered without end. */
export const MAX_ERROR_BODY_BYTES = 256 * 1024

/** The upstream's codec reads its message, the client's shapes a non-JSON body; the fields name the provider and group. */
export type PassthroughErrorSource = { client: ProtocolCodec; upstream: ProtocolCodec; provider: string | undefined; group: EndpointGroup }

export async function relayPassthroughError(context: PipelineContext, source: PassthroughErrorSource, response: Response, headers: Headers): Promise<Response> {
  const bytes = response.body === null ? new Uint8Array(0) : await readRedacted(context, response.body, context.secretForms)
  const text = new TextDecoder().decode(bytes)
  const own = parseObject(text)
  const error = describeFailure(source.upstream, response, own ?? text)
  const errorContext: ErrorContext = { requestId: context.requestId, endpointGroup: source.group }
  if (source.provider !== undefined) errorContext.provider = source.provider
  const body = own === undefined ? nativeError(source.client, error, errorContext) : withBridgeFields(own, bridgeFields(error, errorContext))
  headers.set('content-type', 'application/json')
  const finish = { status: response.status, errorCode: error.code, errorMessage: error.message, upstreamStatus: response.status }
  return answerBytes(context, new TextEncoder().encode(JSON.stringify(body)), response.status, headers, finish)
}

/** The upstream's message as its protocol's codec reads it; the status stays the upstream's own. */
function describeFailure(codec: ProtocolCodec, response: Response, body: unknown): BridgeError {
  const decoded = codec.decodeError(response.status, body, response.headers)
  return new BridgeError({
    kind: decoded.kind,
    code: response.status === 429 ? 'RATE_LIMITED' : 'UPSTREAM_ERROR',
    status: response.status,
    message: decoded.message,
    upstreamStatus: response.status,
  })
}

function parseObject(text: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return isObject(value) ? value : undefined
  } catch {
    return undefined
  }
}

/** The upstream's fields first, the bridge's beside them; the upstream's own request id stays, renamed. */
function withBridgeFields(own: JsonObject, fields: JsonObject): JsonObject {
  const merged: JsonObject = { ...own, ...fields }
  if (typeof own.request_id === 'string' && own.request_id !== fields.request_id) merged.upstream_request_id = own.request_id
  return merged
}

function nativeError(codec: ProtocolCodec, error: BridgeError, context: ErrorContext): unknown {
  const meta: ErrorMeta = { requestId: context.requestId, docsUrl: DOCS_URL }
  if (context.provider !== undefined) meta.provider = context.provider
  if (context.endpointGroup !== undefined) meta.endpointGroup = context.endpointGroup
  return codec.encodeError(error, meta).body
}

async function readRedacted(context: PipelineContext, body: ReadableStream<Uint8Array>, forms: readonly string[]): Promise<Uint8Array> {
  const redactor = forms.length > 0 ? new StreamRedactor(forms) : undefined
  const parts: Uint8Array[] = []
  let received = 0
  let whole = false
  try {
    for await (const chunk of readUpstream(context, body)) {
      const room = MAX_ERROR_BODY_BYTES - received
      received += chunk.byteLength
      const kept = chunk.byteLength > room ? chunk.subarray(0, room) : chunk
      parts.push(redactor === undefined ? kept : redactor.push(kept))
      if (received >= MAX_ERROR_BODY_BYTES) break
    }
    whole = received < MAX_ERROR_BODY_BYTES
  } catch {
    // A stalled or dropped error body: the status and what arrived still tell the client why.
  }
  // Only a body that ended may release its held tail: in a cut one it could be a key's first half.
  if (whole && redactor !== undefined) parts.push(redactor.flush())
  return Buffer.concat(parts)
}
