/**
 * The translation pipeline for chat: decode the client's request into the canonical model, encode
 * it for the target, call the upstream, and turn its answer (stream or not) back into the
 * client's protocol. Each stage is an async generator, so backpressure is pull-based and a client
 * that leaves closes the whole chain (and aborts the upstream).
 * @see ../../../shared/protocols/mapping.md §0
 */
import type { EncodeContext, RouteMatch, TranslationPair } from '../core/protocols/codec.ts'
import type { ProxyConfig } from '../core/proxy-config.ts'
import { openReasoningEnvelopes } from '../core/reasoning/index.ts'
import { type ChatRequest, type ChatResponse, WarningSink } from '../core/model/index.ts'
import { BridgeError } from '../core/errors.ts'
import { applyRequestPatches } from '../core/patches/index.ts'
import { signRequest } from '../upstream/auth/index.ts'
import { buildUpstreamUrl } from '../upstream/build-upstream-url.ts'
import { callUpstream } from '../upstream/call-upstream.ts'
import { translatedRequestHeaders } from '../upstream/forward-headers.ts'
import { answerRefusal, answerTranslated } from './answer-translated.ts'
import { bodyText } from './body-capture.ts'
import { modelTraits } from '../core/catalog/model-traits.ts'
import { findModelInfo } from './find-model-info.ts'
import { mapModel } from './map-model.ts'
import type { PipelineContext } from './pipeline-context.ts'
import { parseJsonBody, readBodyCapped } from './read-body.ts'
import { readUpstreamFailure } from './relay-upstream-error.ts'
import { summaryRequest } from './summary-request.ts'
import { teachCalibration } from './count-tokens.ts'
import { chatWireFor, patchesFor } from './chat-wire.ts'
import { upstreamCallOptions } from './upstream-call-options.ts'
import { isObject } from '../core/json-object.ts'

/** `body`: the client's body when a caller has read it already (passthrough turned translation). */
export async function translateChat(context: PipelineContext, config: ProxyConfig, route: RouteMatch, pair: TranslationPair, body?: Uint8Array): Promise<Response> {
  const { draft } = context
  const warnings = new WarningSink()
  // The row shares the sink's array, so warnings added while streaming are logged too.
  draft.setWarnings(warnings.items)
  const bytes = body ?? (await readBodyCapped(context.request, context.maxBodyBytes))
  draft.row.bytesIn = bytes.byteLength
  if (context.logBodies) draft.row.requestBody = bodyText(bytes)
  const decoded = pair.source.decodeRequest(parseJsonBody(bytes), route, warnings)
  draft.row.stream = decoded.stream
  // Checked (mapModel refuses control characters) before the client's name goes into the row.
  const upstreamModel = mapModel(config.model, decoded.model)
  draft.row.clientModel = decoded.model
  const request = await openReasoningEnvelopes(decoded, context.reasoningKey)
  draft.row.upstreamModel = upstreamModel
  // The wire chat goes out in: the target's, or the one the catalog names for this model.
  const target = chatWireFor(pair.target, findModelInfo(context.preset, upstreamModel), request)
  if (target !== pair.target) draft.row.targetProtocol = target.id
  const encodeContext = buildEncodeContext(context, request.model, upstreamModel, warnings)
  encodeContext.clientRequest = request
  const compaction = compactionOf(route, pair, request, warnings)
  const outgoing = compaction === undefined ? request : summaryRequest(request)
  const upstream = target.encodeRequest({ ...outgoing, model: upstreamModel }, encodeContext)
  teachCalibration(context, outgoing, upstreamModel)
  // Provider quirks are data: the preset names the patches (ARCHITECTURE §2, core/patches).
  const patches = patchesFor(context.preset?.patches ?? [], target)
  if (patches.length > 0 && isObject(upstream.body)) applyRequestPatches(patches, upstream.body, { request, warnings })

  const url = buildUpstreamUrl(config.target, target.upstream, upstream.path)
  const upstreamBody = JSON.stringify(upstream.body)
  const headers = await signRequest(config.target.auth, {
    method: 'POST', url, headers: translatedRequestHeaders(context.request.headers, upstream.headers, upstream.stream), body: upstreamBody,
    apiKeyHeader: target.upstream.apiKeyHeader,
  })
  const { response, attempts } = await callUpstream({
    url, method: 'POST', headers, body: upstreamBody, ...upstreamCallOptions(context, config, target),
  })
  draft.row.attempts = attempts
  const plain = { upstreamStream: upstream.stream, clientStream: request.stream, encodeContext, warnings }
  const options = route.clientFraming === undefined ? plain : { ...plain, clientFraming: route.clientFraming }
  const wirePair: TranslationPair = { source: pair.source, target }
  if (!response.ok) {
    const failure = await readUpstreamFailure(target, response, context.secretForms, context.timeouts.idleMs)
    // A refusal by policy is an answer in the client's protocol, as the same refusal would be mid-answer.
    if (failure.refusal === true) return answerRefusal(context, wirePair, failure, options)
    throw failure
  }
  return answerTranslated(context, wirePair, response, compaction === undefined ? options : { ...options, encodeWhole: compaction })
}

/**
 * A 'compact' operation the target has no endpoint for: emulated from the target's summary, in
 * the shape the client's codec gives it (LESSONS #26).
 */
function compactionOf(route: RouteMatch, pair: TranslationPair, request: ChatRequest, warnings: WarningSink): ((response: ChatResponse) => unknown) | undefined {
  if (route.operation !== 'compact') return undefined
  const compacted = pair.source.local.compacted
  if (compacted === undefined) {
    throw new BridgeError({ kind: 'unsupported-endpoint', code: 'UNSUPPORTED_ENDPOINT', status: 400, message: `The ${pair.source.id} protocol has no compaction answer` })
  }
  warnings.add('emulated-compaction', 'The target has no compaction: the conversation was summarised by the target model', 'compact')
  return (response) => compacted(request, textOf(response), response.usage, warnings)
}

function textOf(response: ChatResponse): string {
  return response.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('')
}

function buildEncodeContext(context: PipelineContext, clientModel: string, upstreamModel: string, warnings: WarningSink): EncodeContext {
  const encodeContext: EncodeContext = { upstreamModel, clientModel, warnings }
  const info = findModelInfo(context.preset, upstreamModel)
  if (info?.maxOutputTokens !== undefined) encodeContext.maxOutputTokensCap = info.maxOutputTokens
  // The catalog knows whether the model takes a reasoning control: a gpt-4o rejects reasoning_effort.
  if (info?.reasoning !== undefined) encodeContext.upstreamReasons = info.reasoning
  // Anthropic-style cache breakpoints, where the catalog says an upstream of another protocol takes them (LESSONS #9).
  if (modelTraits(context.preset, info).cacheControl === true) encodeContext.cacheControl = true
  if (context.preset?.defaultMaxOutputTokens !== undefined) encodeContext.defaultMaxOutputTokens = context.preset.defaultMaxOutputTokens
  return encodeContext
}
