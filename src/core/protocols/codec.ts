/**
 * What every protocol folder exports. Five protocols through one canonical model: a decoder and an
 * encoder per protocol for requests, responses and streams, plus routes and errors.
 */
import type { BridgeError } from '../errors.ts'
import type { ChatRequest, ChatResponse, ProtocolId, StreamEvent, WarningSink } from '../model/index.ts'

/** Endpoint groups decide translate / passthrough / unsupported per provider. */
export type EndpointGroup = 'chat' | 'count_tokens' | 'models' | 'embeddings' | 'images' | 'audio' | 'files' | 'responses' | 'other'

export type RouteMatch = {
  group: EndpointGroup
  /** Model named in the path (Gemini, Bedrock) rather than the body. */
  pathModel?: string
  /** Streaming decided by the path (Gemini :streamGenerateContent, Bedrock converse-stream). */
  pathStream?: boolean
}

/** Per-request facts an encoder needs. */
export type EncodeContext = {
  /** The model name sent upstream (after mapping). */
  upstreamModel: string
  /** The model name the client asked for; answers echo it. */
  clientModel: string
  warnings: WarningSink
  /** Catalog output cap for the upstream model, when known. */
  maxOutputTokensCap?: number
  /** Default max tokens when the target requires one and the client gave none. */
  defaultMaxOutputTokens?: number
  /** Catalog: whether the upstream model takes a reasoning control; undefined when unknown. */
  upstreamReasons?: boolean
  /** The decoded client request, for choices that depend on it (e.g. stream_options.include_usage). */
  clientRequest?: ChatRequest
}

/** A request ready to send upstream. `path` is relative to the target base URL. */
export type UpstreamRequest = {
  path: string
  body: unknown
  headers?: Record<string, string>
  stream: boolean
}

export type ErrorMeta = {
  requestId: string
  provider?: string
  endpointGroup?: EndpointGroup
  docsUrl: string
}

export type EncodedError = { status: number; body: unknown; headers: Record<string, string> }

export interface ProtocolCodec {
  id: ProtocolId
  /** Which paths (relative to the proxy base, e.g. 'v1/messages') this protocol serves. */
  matchRoute(method: string, path: string): RouteMatch | undefined

  decodeRequest(body: unknown, route: RouteMatch, warnings: WarningSink): ChatRequest
  encodeRequest(request: ChatRequest, context: EncodeContext): UpstreamRequest

  decodeResponse(body: unknown): ChatResponse
  encodeResponse(response: ChatResponse, context: EncodeContext): unknown

  /** Upstream body bytes → canonical events. Owns its framing (SSE, AWS event stream). */
  decodeStream(body: AsyncIterable<Uint8Array>): AsyncIterable<StreamEvent>
  /** Canonical events → client wire chunks (SSE text, or bytes for binary framings). */
  encodeStream(events: AsyncIterable<StreamEvent>, context: EncodeContext): AsyncIterable<string | Uint8Array>
  /** decodeStream as one array of events per upstream body chunk (the proxy's batched hot path). */
  decodeStreamBatches?(body: AsyncIterable<Uint8Array>): AsyncIterable<StreamEvent[]>
  /** encodeStream as one wire chunk per batch of events. */
  encodeStreamBatches?(batches: AsyncIterable<readonly StreamEvent[]>, context: EncodeContext): AsyncIterable<string | Uint8Array>
  /** Response content type of a stream in this protocol. */
  streamContentType: string

  /** Upstream error body (already parsed JSON or text) → BridgeError with the upstream message. */
  decodeError(status: number, body: unknown, headers: Headers): BridgeError
  /** BridgeError → this protocol's error body, with the bridge fields beside it. */
  encodeError(error: BridgeError, meta: ErrorMeta): EncodedError
}
