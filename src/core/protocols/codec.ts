/**
 * What every protocol folder exports: everything the bridge knows about one wire protocol. Five
 * protocols through one canonical model: a decoder and an encoder per protocol for requests,
 * responses and streams, plus the protocol's routes, stream shape, local answers, reasoning
 * tokens, upstream conventions, client setup and errors. The proxy, the guards, the log and the
 * HTTP layer ask the codec; none of them names a protocol (test/architecture keeps it so).
 * Adding a protocol: docs/adding-a-protocol.md.
 */
import type { BridgeError } from '../errors.ts'
import type { ChatRequest, ChatResponse, EmbeddingRequest, EmbeddingResponse, ProtocolId, StreamEvent, Usage, WarningSink } from '../model/index.ts'
import type { GrammarCheck } from '../stream/grammar-check.ts'

/**
 * Endpoint groups decide translate / passthrough / unsupported per provider. A group is what an
 * endpoint does, whatever its protocol's path: 'files' holds uploads too (OpenAI's multi-part
 * `uploads` end as a File), 'vector_stores' OpenAI's vector stores and Gemini's file search stores,
 * 'caches' Gemini's explicit context caches (`cachedContents`), 'other' the documented endpoints
 * with no group of their own (fine-tuning, assistants, long-running operations).
 */
export type EndpointGroup =
  | 'chat' | 'count_tokens' | 'models' | 'embeddings' | 'images' | 'audio' | 'files' | 'responses'
  | 'completions' | 'moderations' | 'batches' | 'rerank' | 'vector_stores' | 'caches' | 'other'

/**
 * One endpoint of a protocol's reference documentation, as a client calls it (path relative to
 * the proxy base, the SDK's usual version prefix included). Each codec lists its own: the router
 * must recognise every one as its group, and the first of a group is the one the endpoint plan
 * (proxy/plan-endpoints.ts) asks the router about.
 */
export type DocumentedEndpoint = { method: string; path: string; group: EndpointGroup }

export type RouteMatch = {
  group: EndpointGroup
  /** Model named in the path (Gemini, Bedrock) rather than the body. */
  pathModel?: string
  /** Streaming decided by the path (Gemini :streamGenerateContent, Bedrock converse-stream). */
  pathStream?: boolean
  /**
   * A call whose answer is not the group's usual one. 'compact' (chat): the conversation compacted
   * (Codex's POST /v1/responses/compact, which fails the turn on a 404); the same protocol passes
   * it through, a translating bridge has the target summarise and answers with `local.compacted`.
   * 'model-catalog' (models): a client's own catalog shape (Codex's GET /models?client_version=…,
   * whose metadata decides the tools it offers); answered with `local.modelCatalog` unless the
   * target speaks the client's protocol.
   */
  operation?: 'compact' | 'model-catalog'
  /**
   * The protocol of the body when it is not this codec's own: Bedrock's InvokeModel carries the
   * model's native body (Anthropic Messages for Claude, as Claude Code's Bedrock mode sends it).
   * Translation then decodes and answers with `wrapBodyCodec` around that protocol's codec.
   */
  bodyProtocol?: ProtocolId
  /**
   * The operation's path for passthrough when the client's path and query are in a shape of their
   * own that the upstream must not get (the AzureOpenAI client's `openai/deployments/{deployment}/`
   * and `?api-version=`): sent instead, without the client's query.
   */
  upstreamPath?: string
  /**
   * A stream framing the client asked for instead of the protocol's usual one (Gemini's
   * :streamGenerateContent without alt=sse answers one JSON array): translation encodes it with
   * the codec's `stream.alternate`, passthrough relays it without the SSE guards.
   */
  clientFraming?: 'json-array'
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
  /**
   * Catalog (model traits): whether the upstream takes Anthropic-style cache_control breakpoints
   * in a protocol that has none of its own (OpenRouter on OpenAI Chat); undefined: it does not.
   */
  cacheControl?: boolean
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

/** What a streamed answer looks like in this protocol. */
export type StreamShape = {
  /** Content type of a stream the bridge encodes for a client of this protocol. */
  contentType: string
  /**
   * How events are framed. Passthrough applies the SSE guards (a keepalive while silent, an
   * error event when the stream breaks, both only between events) to 'sse' streams; other
   * framings are relayed chunk by chunk as they arrive, with no inserted frame.
   */
  framing: 'sse' | 'json-array' | 'aws-event-stream'
  /**
   * Whether an upstream answer is a stream (relayed chunk by chunk, never read whole), judged by
   * its content type and the route that asked for it (Gemini streams a JSON array as
   * application/json; Bedrock streams application/vnd.amazon.eventstream).
   */
  isStreamedAnswer(contentType: string, route: RouteMatch): boolean
  /** Frame sent while an open stream is silent; undefined where the framing has none. */
  keepalive?: string
  /** A checker of the stream the bridge sends a client of this protocol; undefined: none yet. */
  grammarCheck?(context: EncodeContext): GrammarCheck
  /** How the bridge encodes each framing a route may ask for (RouteMatch.clientFraming). */
  alternate?: Partial<Record<NonNullable<RouteMatch['clientFraming']>, AlternateFraming>>
}

/** A client-chosen framing: no keepalive and no grammar check (nothing may go between its elements). */
export type AlternateFraming = {
  contentType: string
  encodeStream(batches: AsyncIterable<readonly StreamEvent[]>, context: EncodeContext): AsyncIterable<string | Uint8Array>
}

/** A model name a URL accepts, with what the catalog knows of the upstream model it maps to. */
export type CatalogModel = { id: string; contextWindow?: number; reasoning?: boolean }

/** Answers the bridge gives itself, in this protocol's shape, when the target has no equivalent. */
export type LocalAnswers = {
  /** A count_tokens answer; absent where the protocol has no token-count endpoint. */
  countTokens?(inputTokens: number): unknown
  /** A model list naming `ids`; absent where the protocol has no model-list endpoint. */
  modelList?(ids: readonly string[], ownedBy: string): unknown
  /** The answer to a 'model-catalog' operation naming `models` (the names this URL accepts). */
  modelCatalog?(models: readonly CatalogModel[]): unknown
  /**
   * The answer to a 'compact' operation built from the target's summary of `request`, for targets
   * with no compaction of their own; absent where the protocol has no such operation.
   */
  compacted?(request: ChatRequest, summary: string, usage: Usage | undefined, warnings: WarningSink): unknown
  /** One model's entry, where the protocol's clients read a model by id (Gemini `GET models/{id}`). */
  model?(id: string, ownedBy: string): unknown
}

/**
 * Opaque reasoning tokens (signatures, encrypted content, thought signatures) are only valid at
 * the upstream that minted them. Each decoder sets `origin` on the reasoning parts (and
 * tool-call signatures) whose tokens its protocol's upstreams produce; the bridge never guesses.
 */
export type ReasoningTokens = {
  /**
   * Upstream protocols whose tokens this protocol's clients carry raw, in a slot its decoder
   * recognises on the way back (OpenAI Chat: Anthropic signatures in OpenRouter's
   * reasoning_details format). Every other upstream's tokens reach these clients sealed in the
   * bridge's authenticated envelope (core/reasoning), so the bridge can tell them from the
   * client's own when they come back.
   */
  carriesRaw: readonly ProtocolId[]
}

/** How this protocol is reached upstream. */
export type UpstreamConvention = {
  /**
   * The path to join to a target base URL, following the protocol's SDK convention for what the
   * base contains (OpenAI's includes /v1, Anthropic's does not). `baseLastSegment` is the base
   * URL path's last segment ('' for none).
   */
  upstreamPath(relative: string, baseLastSegment: string): string
  /** Where an API key goes for auth type 'x-api-key', and headers that must come with it. */
  apiKeyHeader: { name: string; with?: Readonly<Record<string, string>> }
  /** Client headers that mean something to this protocol and cross on passthrough. */
  passthroughHeaders: readonly string[]
  /**
   * A passthrough path naming another model, where the model is in the path and a segment swap
   * would miss it (a Bedrock ARN whose slashes arrive unencoded); undefined: not such a path.
   */
  pathWithModel?(path: string, model: string): string | undefined
  /**
   * A passthrough body that names the path's model again (Gemini's batchEmbedContents repeats it
   * in every request, and refuses a mismatch) with `model` there instead; undefined: the body
   * names no model.
   */
  bodyWithModel?(body: unknown, model: string): unknown
  /**
   * The protocol of this family that takes function tools with reasoning where this one refuses
   * them for the models the catalog marks `reasoningFormat.toolsNeedResponses` (OpenAI Chat →
   * Responses, LESSONS #28): such requests go out in it, same base URL and auth.
   */
  toolsWithReasoningWire?: ProtocolId
  /** This protocol's own token-count endpoint, where its upstreams have one (LESSONS #6). */
  countTokens?: UpstreamTokenCounter
  /**
   * This protocol's model list on its upstream's base URL, read when a client of another protocol
   * lists the models of a URL whose names pass through unchanged; absent where the list is not on
   * the base URL (Bedrock's is on its control plane), so those clients get the URL's own names.
   */
  modelList?: UpstreamModelList
}

/** One GET of an upstream's model list, and the model ids in its answer. */
export type UpstreamModelList = {
  /** Relative to the target base URL, with the query that asks for its longest page: one page is read. */
  path: string
  /** Headers the endpoint needs beside the auth (a version header). */
  headers?: Readonly<Record<string, string>>
  /** The ids as a client sends them in a request (no resource prefix); undefined when the body is not this list. */
  readIds(body: unknown): string[] | undefined
}

/**
 * A native token count: a client's count request of any protocol, decoded into the canonical
 * request, is encoded for this endpoint, and its answer is read back as a number of input tokens.
 */
export type UpstreamTokenCounter = {
  /** The count request; `context.upstreamModel` is the mapped model. */
  encodeRequest(request: ChatRequest, context: EncodeContext): UpstreamRequest
  /** The count answer → input tokens; undefined when the body holds no count. */
  decodeResponse(body: unknown): number | undefined
  /** Whether the endpoint counts for this upstream model (undefined: every model). */
  countsModel?(upstreamModel: string): boolean
  /**
   * Whether an upstream the catalog does not describe is taken to have the endpoint. Servers that
   * copy a protocol's chat route often lack its count route; a 404 then falls back to an estimate.
   */
  assumedWithoutCatalog: boolean
}

/** What a user of this protocol's clients pastes after minting a URL (generate-url's snippets). */
export type ClientSetup = {
  /** Environment lines the usual clients read; `proxyUrl` has no trailing slash. */
  envVars(proxyUrl: string, anyKey: string): string[]
  /** A minimal chat request that works as pasted into curl. `path` is relative to the proxy URL. */
  exampleRequest(model: string): { path: string; headers: string[]; body: unknown }
  /** A model name the usual clients send (the curl example's, when the URL's policy names none). */
  exampleModel?: string
  /** What the console's "Test this URL" and model picker send through a new URL; absent: no test. */
  probe?: ClientProbe
}

/**
 * Where text sits in a JSON answer or in each streamed event: a JSON pointer whose `*` segment
 * stands for every element; `type` keeps only events whose `type` field is that; `unless` skips a
 * text whose object has that flag true (Gemini's `thought` parts hold reasoning, not the answer).
 */
export type TextPointer = { pointer: string; type?: string; unless?: string }

/** A request the browser can send and read without protocol code of its own. */
export type ClientProbe = {
  /**
   * One short chat request. `stream` true: the answer is SSE whose events are JSON (non-JSON data
   * such as `[DONE]` is skipped); false where the protocol streams in a framing a browser cannot
   * split simply (AWS event-stream): the whole answer is one JSON.
   */
  chat(model: string): { path: string; headers: Record<string, string>; body: unknown; stream: boolean }
  text: readonly TextPointer[]
  /** The protocol's model list: its path, the pointer to the ids, a prefix the ids carry (`models/`). */
  models?: { path: string; ids: string; prefix?: string }
}

/**
 * The embeddings call in this protocol, for translation toward a protocol of another wire family
 * (same-family embeddings pass through). Absent where the protocol has no embeddings endpoint.
 */
export type EmbeddingCodec = {
  decodeRequest(body: unknown, route: RouteMatch, warnings: WarningSink): EmbeddingRequest
  /** `request.model` is the upstream model (after mapping). */
  encodeRequest(request: EmbeddingRequest, warnings: WarningSink): UpstreamRequest
  decodeResponse(body: unknown): EmbeddingResponse
  /** The answer for a client whose request was `request` (its model name, encoding and shape). */
  encodeResponse(response: EmbeddingResponse, request: EmbeddingRequest): unknown
}

export interface ProtocolCodec {
  id: ProtocolId
  /**
   * Codecs of one family share a wire format for the endpoint groups beside chat (OpenAI Chat
   * and Responses share /models, /embeddings, /files), so those pass through between them.
   */
  wireFamily: string
  /**
   * Which paths (relative to the proxy base, e.g. 'v1/messages') this protocol serves; `query` is
   * the client's query string, for routes it shapes (Gemini's `alt=sse`).
   */
  matchRoute(method: string, path: string, query?: URLSearchParams): RouteMatch | undefined
  /** The protocol's documented endpoints, each group's usual call first (test/core/protocols/documented-endpoints.test.ts). */
  endpoints: readonly DocumentedEndpoint[]

  decodeRequest(body: unknown, route: RouteMatch, warnings: WarningSink): ChatRequest
  encodeRequest(request: ChatRequest, context: EncodeContext): UpstreamRequest

  decodeResponse(body: unknown): ChatResponse
  encodeResponse(response: ChatResponse, context: EncodeContext): unknown

  /**
   * Upstream body bytes → canonical events, one array per upstream body chunk (never empty), so
   * the proxy handles a chunk's events in one step. Owns its framing (SSE, JSON array, AWS event
   * stream). Upstream garbage never throws out of it: it ends with an `error` event.
   */
  decodeStream(body: AsyncIterable<Uint8Array>): AsyncIterable<StreamEvent[]>
  /**
   * Canonical event batches → client wire chunks, one chunk per batch holding whole events only
   * (so a keepalive between two chunks lands between events). Ends after the terminal event.
   */
  encodeStream(batches: AsyncIterable<readonly StreamEvent[]>, context: EncodeContext): AsyncIterable<string | Uint8Array>
  stream: StreamShape

  local: LocalAnswers
  embeddings?: EmbeddingCodec
  reasoning: ReasoningTokens
  upstream: UpstreamConvention
  client: ClientSetup

  /**
   * For routes with a `bodyProtocol`: the codec that reads and answers such a request, built
   * around the body protocol's codec (`inner`) in this protocol's envelope (InvokeModel: the body
   * without its Bedrock fields, the answer's stream in AWS event-stream frames). Absent where no
   * route carries a foreign body.
   */
  wrapBodyCodec?(inner: ProtocolCodec): ProtocolCodec

  /** Upstream error body (already parsed JSON or text) → BridgeError with the upstream message. */
  decodeError(status: number, body: unknown, headers: Headers): BridgeError
  /**
   * BridgeError → this protocol's error body, with the bridge's fields beside it. The status is
   * the error's own (the seed's status for each code) whatever the protocol.
   */
  encodeError(error: BridgeError, meta: ErrorMeta): EncodedError
}

/** A chat translation: the client's protocol and the upstream's. */
export type TranslationPair = { source: ProtocolCodec; target: ProtocolCodec }
