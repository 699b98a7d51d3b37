/**
 * The second half of translation: upstream answer → canonical events → the client's protocol.
 * A streaming client gets a pull-based stream; a non-streaming client gets the collected events
 * encoded as one response (an in-stream upstream error then becomes an HTTP error).
 */
import type { EncodeContext } from '../core/protocols/codec.ts'
import type { StreamEvent, WarningSink } from '../core/model/index.ts'
import { applyStreamPatches, hasStreamPatches } from '../core/patches/index.ts'
import { sealForeignReasoning } from '../core/reasoning/index.ts'
import { collectEvents, collectStream } from '../core/stream/collect-stream.ts'
import { responseToEvents, toAsync } from '../core/stream/response-to-events.ts'
import { answerBytes } from './body-capture.ts'
import { guardEvents } from './guard-events.ts'
import { redactEvents } from './redact-events.ts'
import { observeEvents } from './observe-events.ts'
import type { PipelineContext } from './pipeline-context.ts'
import { readWholeAnswer } from './read-whole-answer.ts'
import { translateEventBatches } from './translate-event-batches.ts'
import { withDrain } from '../proxy-guards/index.ts'
import { streamToClient } from './stream-to-client.ts'
import type { TranslationPair } from './translate-chat.ts'
import { readUpstream, readUpstreamText, withClientKeepalive } from './upstream-body.ts'
import { watchTranslatedGrammar } from './watch-translated-grammar.ts'

export type AnswerOptions = { upstreamStream: boolean; clientStream: boolean; encodeContext: EncodeContext; warnings: WarningSink }

export const WARNINGS_HEADER = 'x-llm-bridge-warnings'

export async function answerTranslated(context: PipelineContext, pair: TranslationPair, response: Response, options: AnswerOptions): Promise<Response> {
  const batches = upstreamBatches(context, pair, response, options.upstreamStream)
  const events = batches === undefined ? upstreamEvents(context, pair, response, options.upstreamStream) : flatten(batches)
  const headers = new Headers({ 'x-request-id': context.requestId })
  if (options.clientStream) {
    headers.set('content-type', pair.source.streamContentType)
    headers.set('cache-control', 'no-cache')
    // Warnings known before the first byte (request translation); stream-time ones reach the log only.
    setWarningsHeader(headers, options.warnings)
    const chunks = batches !== undefined && pair.source.encodeStreamBatches !== undefined
      ? pair.source.encodeStreamBatches(batches, options.encodeContext)
      : pair.source.encodeStream(events, options.encodeContext)
    // Inside the keepalive: the guard judges what the encoder wrote, pings are not its grammar.
    const watched = watchTranslatedGrammar(pair.source.id, chunks, options.encodeContext, options.warnings, context.checkGrammar())
    const toClient = withClientKeepalive(context, pair.source.id, watched)
    return new Response(streamToClient(context, toClient, { status: 200 }), { status: 200, headers })
  }
  const collected = batches === undefined ? await collectStream(events) : collectEvents(await gather(batches))
  const body = JSON.stringify(pair.source.encodeResponse(collected, options.encodeContext))
  headers.set('content-type', 'application/json')
  setWarningsHeader(headers, options.warnings)
  return answerBytes(context, new TextEncoder().encode(body), 200, headers, { status: 200 })
}

/**
 * The batched path (translate-event-batches.ts): one async step per upstream chunk instead of one
 * per event and stage. Taken when the target codec decodes in batches and the preset needs no
 * stream patch (those are per-event stages); the per-event path below stays for the rest.
 */
function upstreamBatches(context: PipelineContext, pair: TranslationPair, response: Response, upstreamStream: boolean): AsyncIterable<StreamEvent[]> | undefined {
  if (hasStreamPatches(context.preset?.patches ?? [])) return undefined
  let source: AsyncIterable<StreamEvent[]>
  if (!upstreamStream || !response.body) source = decodeWholeBatch(context, pair, response)
  else if (pair.target.decodeStreamBatches !== undefined) source = pair.target.decodeStreamBatches(readUpstream(context, response.body))
  else return undefined
  return translateEventBatches(source, { context, sealOrigin: pair.target.id !== pair.source.id ? pair.target.id : undefined })
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

async function* flatten(batches: AsyncIterable<StreamEvent[]>): AsyncGenerator<StreamEvent> {
  for await (const batch of batches) yield* batch
}

function upstreamEvents(context: PipelineContext, pair: TranslationPair, response: Response, upstreamStream: boolean): AsyncIterable<StreamEvent> {
  const events = upstreamStream && response.body ? pair.target.decodeStream(readUpstream(context, response.body)) : decodeWhole(context, pair, response)
  const patched = applyStreamPatches(context.preset?.patches ?? [], events)
  let guarded: AsyncIterable<StreamEvent> = guardEvents(patched, context.abort.signal)
  // What the upstream says is re-encoded for the client (text, tool arguments, errors): never with the key in it.
  if (context.secretForms.length > 0) guarded = redactEvents(guarded, context.secretForms)
  if (pair.target.id !== pair.source.id) guarded = sealForeignReasoning(guarded, context.reasoningKey, pair.target.id)
  // Before the log observer, so a stream cut at the end of a drain window shows in its row.
  return observeEvents(withDrain(guarded, context.drain), context.draft)
}

/** A non-streaming upstream answer as events; inside the guard, so garbage becomes an upstream error. */
async function* decodeWhole(context: PipelineContext, pair: TranslationPair, response: Response): AsyncGenerator<StreamEvent> {
  const json: unknown = JSON.parse(await readUpstreamText(context, response))
  yield* toAsync(responseToEvents(pair.target.decodeResponse(json)))
}

function setWarningsHeader(headers: Headers, warnings: WarningSink): void {
  if (warnings.items.length === 0) return
  // Codes only: a warning's message or field could quote client content.
  const codes = [...new Set(warnings.items.map((warning) => warning.code))]
  headers.set(WARNINGS_HEADER, `${warnings.items.length}; ${codes.join(',')}`)
}
