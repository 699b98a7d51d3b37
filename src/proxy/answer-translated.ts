/**
 * The second half of translation: upstream answer → canonical event batches → the client's
 * protocol. A streaming client gets a pull-based stream; a non-streaming client gets the
 * collected events encoded as one response (an in-stream upstream error then becomes an HTTP
 * error). One path for both: the target codec decodes in batches (one per upstream chunk), the
 * preset's stream patches rewrite them, and translateEventBatches guards, seals, redacts and
 * observes them in one step per batch.
 */
import type { BridgeError } from '../core/errors.ts'
import type { ChatResponse, StreamEvent, WarningSink } from '../core/model/index.ts'
import type { EncodeContext, RouteMatch, TranslationPair } from '../core/protocols/codec.ts'
import { applyStreamPatches } from '../core/patches/index.ts'
import { collectEvents } from '../core/stream/collect-stream.ts'
import { responseToEvents, toAsync } from '../core/stream/response-to-events.ts'
import { answerBytes } from './body-capture.ts'
import type { PipelineContext } from './pipeline-context.ts'
import { readWholeAnswer } from './read-whole-answer.ts'
import { translateEventBatches } from './translate-event-batches.ts'
import { streamToClient } from './stream-to-client.ts'
import { readUpstream, withClientKeepalive } from './upstream-body.ts'
import { watchTranslatedGrammar } from './watch-translated-grammar.ts'

export type AnswerOptions = {
  upstreamStream: boolean
  clientStream: boolean
  encodeContext: EncodeContext
  warnings: WarningSink
  /** Encodes a whole answer instead of the client codec's encodeResponse (an emulated operation). */
  encodeWhole?: (response: ChatResponse) => unknown
  /** The framing the client's route asked for instead of its protocol's usual stream. */
  clientFraming?: RouteMatch['clientFraming']
}

export const WARNINGS_HEADER = 'x-llm-bridge-warnings'

export function answerTranslated(context: PipelineContext, pair: TranslationPair, response: Response, options: AnswerOptions): Promise<Response> {
  return answerBatches(context, pair, upstreamBatches(context, pair, response, options.upstreamStream), options)
}

/**
 * An upstream that refused the prompt with an error (BridgeError.refusal): the client gets its own
 * protocol's refusal, an empty answer that ends with content-filter, and the upstream's reason in a warning.
 */
export function answerRefusal(context: PipelineContext, pair: TranslationPair, failure: BridgeError, options: AnswerOptions): Promise<Response> {
  options.warnings.add('upstream-refusal', failure.message, 'content_filter')
  const events: StreamEvent[] = [
    { type: 'response-start', id: `refusal-${context.requestId}`, model: options.encodeContext.clientModel },
    { type: 'response-end', finishReason: { kind: 'content-filter' } },
  ]
  return answerBatches(context, pair, translateEventBatches(toAsync([events]), { context, sealOrigin: undefined }), options)
}

async function answerBatches(context: PipelineContext, pair: TranslationPair, batches: AsyncIterable<StreamEvent[]>, options: AnswerOptions): Promise<Response> {
  const headers = new Headers({ 'x-request-id': context.requestId })
  const alternate = options.clientFraming === undefined ? undefined : pair.source.stream.alternate?.[options.clientFraming]
  if (options.clientStream && alternate !== undefined) {
    // Nothing may go between the elements the client asked for: no keepalive, no SSE grammar.
    headers.set('content-type', alternate.contentType)
    setWarningsHeader(headers, options.warnings)
    return new Response(streamToClient(context, alternate.encodeStream(batches, options.encodeContext), { status: 200 }), { status: 200, headers })
  }
  if (options.clientStream) {
    headers.set('content-type', pair.source.stream.contentType)
    headers.set('cache-control', 'no-cache')
    // Warnings known before the first byte (request translation); stream-time ones reach the log only.
    setWarningsHeader(headers, options.warnings)
    const chunks = pair.source.encodeStream(batches, options.encodeContext)
    // Inside the keepalive: the guard judges what the encoder wrote, pings are not its grammar.
    const watched = watchTranslatedGrammar(pair.source, chunks, options.encodeContext, options.warnings, context.checkGrammar())
    const toClient = withClientKeepalive(context, pair.source, watched)
    return new Response(streamToClient(context, toClient, { status: 200 }), { status: 200, headers })
  }
  const collected = collectEvents(await gather(batches))
  const body = JSON.stringify(options.encodeWhole ? options.encodeWhole(collected) : pair.source.encodeResponse(collected, options.encodeContext))
  headers.set('content-type', 'application/json')
  setWarningsHeader(headers, options.warnings)
  return answerBytes(context, new TextEncoder().encode(body), 200, headers, { status: 200 })
}

function upstreamBatches(context: PipelineContext, pair: TranslationPair, response: Response, upstreamStream: boolean): AsyncIterable<StreamEvent[]> {
  const decoded = upstreamStream && response.body ? pair.target.decodeStream(readUpstream(context, response.body)) : decodeWholeBatch(context, pair, response)
  const patched = applyStreamPatches(context.preset?.patches ?? [], decoded)
  return translateEventBatches(patched, { context, sealOrigin: sealOriginOf(pair) })
}

/** Whose opaque reasoning tokens the bridge seals on the way to this client (none on the same protocol). */
function sealOriginOf(pair: TranslationPair): TranslationPair['target']['id'] | undefined {
  if (pair.target.id === pair.source.id || pair.source.reasoning.carriesRaw.includes(pair.target.id)) return undefined
  return pair.target.id
}

/** A non-streaming upstream answer as one batch; inside the guard, so garbage becomes an upstream error. */
async function* decodeWholeBatch(context: PipelineContext, pair: TranslationPair, response: Response): AsyncGenerator<StreamEvent[]> {
  const json: unknown = JSON.parse(new TextDecoder().decode(await readWholeAnswer(context, response)))
  yield [...responseToEvents(pair.target.decodeResponse(json))]
}

/** Every event up to the terminal one (the batched stage ends the stream there). */
async function gather(batches: AsyncIterable<StreamEvent[]>): Promise<StreamEvent[]> {
  const all: StreamEvent[] = []
  for await (const batch of batches) for (const event of batch) all.push(event)
  return all
}

function setWarningsHeader(headers: Headers, warnings: WarningSink): void {
  const value = warningsHeaderValue(warnings)
  if (value !== undefined) headers.set(WARNINGS_HEADER, value)
}

/** The warnings header: their number and codes only (a warning's message or field could quote client content). */
export function warningsHeaderValue(warnings: WarningSink): string | undefined {
  if (warnings.items.length === 0) return undefined
  const codes = [...new Set(warnings.items.map((warning) => warning.code))]
  return `${warnings.items.length}; ${codes.join(',')}`
}
