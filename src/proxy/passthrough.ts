/**
 * Same wire format on both sides: forward the client's bytes (only the model name rewritten, and
 * what a preset's passthrough-safe quirk patches must change: patch-passthrough-body.ts) and
 * stream the upstream's answer back byte for byte, observing it for the log. The body guards
 * apply as on translation: timeouts and size bound, the drain window, and for SSE answers an
 * error event when they fail and keepalives while the upstream is silent, both only at event
 * boundaries (sse-boundary.ts), never inside a half-forwarded event. An AWS event stream gets its
 * exception frame the same way (between frames) and no keepalive; a JSON array the client chose
 * (Gemini without alt=sse) is relayed chunk by chunk with nothing inserted.
 * What the upstream echoes of the key is redacted on the way (headers dropped, error bodies and
 * 2xx bodies redacted by exact value); with no key (auth none) the bytes pass untouched, zero copy.
 * An error answer keeps the upstream's status and error, with the bridge's fields beside it
 * (relay-passthrough-error.ts).
 */
import type { ProxyConfig } from '../core/proxy-config.ts'
import type { ProtocolCodec, RouteMatch, StreamShape } from '../core/protocols/codec.ts'
import { signRequest } from '../upstream/auth/index.ts'
import { buildUpstreamUrl } from '../upstream/build-upstream-url.ts'
import { callUpstream } from '../upstream/call-upstream.ts'
import { forwardResponseHeaders, passthroughRequestHeaders } from '../upstream/forward-headers.ts'
import type { PipelineContext } from './pipeline-context.ts'
import { readBodyCapped } from './read-body.ts'
import { upstreamCallOptions } from './upstream-call-options.ts'
import { leavesInOtherWire } from './leaves-in-other-wire.ts'
import { translateChat } from './translate-chat.ts'
import { rewriteModel } from './rewrite-model.ts'
import { patchPassthroughBody } from './patch-passthrough-body.ts'
import { drainChunks, endWithErrorEvent, EventStreamBoundary, shuttingDownError, SseBoundary, type StreamBoundary } from '../proxy-guards/index.ts'
import { answerBytes, bodyText } from './body-capture.ts'
import { observeAnswerUsage, observeStreamUsage } from './observe-passthrough-usage.ts'
import { encodeErrorEvent } from './encode-error-event.ts'
import { redactBytes, redactStream } from './redact-stream.ts'
import { readWholeAnswer } from './read-whole-answer.ts'
import type { RowFinish } from './request-log-draft.ts'
import { relayPassthroughError } from './relay-passthrough-error.ts'
import { streamToClient } from './stream-to-client.ts'
import { readUpstream, withClientKeepalive } from './upstream-body.ts'

/**
 * `codec`: the client's protocol codec (it renders errors for the client and reads the answer
 * for the log); `target`: the upstream's, of the same wire family (URL and auth conventions).
 */
export async function forwardPassthrough(context: PipelineContext, config: ProxyConfig, route: RouteMatch, codec: ProtocolCodec, target: ProtocolCodec): Promise<Response> {
  const { request, draft } = context
  const clientBody = await readBodyCapped(request, context.maxBodyBytes)
  draft.row.bytesIn = clientBody.byteLength
  const rewritten = rewriteModel(config.model, route, route.upstreamPath ?? context.upstreamPath, clientBody, {
    pathWithModel: target.upstream.pathWithModel, bodyWithModel: target.upstream.bodyWithModel, contentType: request.headers.get('content-type'),
  })
  // A request the catalog's model refuses on this wire goes out translated to another (chat-wire.ts).
  if (leavesInOtherWire(context, config, route, codec, target, rewritten.upstreamModel, clientBody)) {
    return translateChat(context, config, route, { source: codec, target }, clientBody)
  }
  if (rewritten.clientModel !== undefined) draft.row.clientModel = rewritten.clientModel
  if (rewritten.upstreamModel !== undefined) draft.row.upstreamModel = rewritten.upstreamModel
  draft.row.stream = rewritten.stream

  // A client-shaped path (RouteMatch.upstreamPath) leaves its query behind too.
  const query = route.upstreamPath === undefined ? context.forwardQuery : undefined
  const url = buildUpstreamUrl(config.target, target.upstream, rewritten.path, query)
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
  const body = hasBody ? patchPassthroughBody(context, route, target, rewritten.body) : undefined
  if (context.logBodies && body !== undefined) draft.row.requestBody = bodyText(body)
  const headers = await signRequest(config.target.auth, {
    method: request.method, url, headers: passthroughRequestHeaders(request.headers, target.upstream.passthroughHeaders), body,
    apiKeyHeader: target.upstream.apiKeyHeader,
  })
  const { response, attempts } = await callUpstream({
    url, method: request.method, headers, body: body as BodyInit | undefined,
    ...upstreamCallOptions(context, config, codec),
  })
  draft.row.attempts = attempts
  const responseHeaders = forwardResponseHeaders(response.headers, context.secretForms)
  responseHeaders.set('x-request-id', context.requestId)
  if (response.status >= 400) {
    return relayPassthroughError(context, { client: codec, upstream: target, provider: config.target.provider, group: route.group }, response, responseHeaders)
  }
  if (!response.body) {
    draft.finish({ status: response.status })
    return new Response(null, { status: response.status, headers: responseHeaders })
  }
  // Usage for the row: chat answers only (other groups carry none).
  const usageFrom = route.group === 'chat' ? codec : undefined
  if (!codec.stream.isStreamedAnswer(response.headers.get('content-type') ?? '', route)) {
    return answerWhole(context, response, responseHeaders, { status: response.status }, usageFrom)
  }
  const body$ = streamToClient(context, guardedBody(context, codec, route, response.body, usageFrom), { status: response.status })
  return new Response(body$, { status: response.status, headers: responseHeaders })
}

/**
 * A non-SSE answer (JSON) goes back in one piece: read whole within the body limits, redacted
 * when the URL carries a key, and sent with its length. A failure while reading it becomes the
 * protocol's error answer (nothing was sent yet), instead of a connection cut after a 200.
 */
async function answerWhole(context: PipelineContext, response: Response, headers: Headers, finish: RowFinish, usageFrom: ProtocolCodec | undefined): Promise<Response> {
  const read = await readWholeAnswer(context, response)
  const bytes = context.secretForms.length > 0 ? redactBytes(read, context.secretForms) : read
  if (context.drain.expired.aborted) throw shuttingDownError()
  if (usageFrom !== undefined) observeAnswerUsage(bytes, usageFrom, context.draft)
  return answerBytes(context, bytes, response.status, headers, finish)
}

function guardedBody(context: PipelineContext, codec: ProtocolCodec, route: RouteMatch, body: ReadableStream<Uint8Array>, usageFrom: ProtocolCodec | undefined): AsyncIterable<string | Uint8Array> {
  const read = readUpstream(context, body)
  // Before the SSE guards, so their event boundaries are those of the bytes the client gets.
  const redacted = context.secretForms.length > 0 ? redactStream(read, context.secretForms) : read
  const observed = usageFrom === undefined ? redacted : observeStreamUsage(redacted, usageFrom, context.draft)
  const bytes = drainChunks(observed, context.drain)
  // The guards follow what is relayed: a framing the client chose (a JSON array) gets none.
  const framing = route.clientFraming ?? codec.stream.framing
  const boundary = boundaryOf(framing)
  if (boundary === undefined) return bytes
  const ended = endWithErrorEvent(bytes, boundary, (error) => {
    // The status is already sent; the row still says why the answer ended early.
    context.draft.row.errorCode = error.code
    context.draft.row.errorMessage = error.message
    return encodeErrorEvent(codec, error)
  }, context.request.signal)
  // Binary framings have no harmless keepalive frame.
  return framing === 'sse' ? withClientKeepalive(context, codec, ended, new SseBoundary()) : ended
}

/** Where an error event may be appended in this framing; undefined where the bridge appends none. */
function boundaryOf(framing: StreamShape['framing']): StreamBoundary | undefined {
  if (framing === 'sse') return new SseBoundary()
  if (framing === 'aws-event-stream') return new EventStreamBoundary()
  return undefined
}

