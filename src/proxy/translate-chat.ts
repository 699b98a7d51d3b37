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
import { WarningSink } from '../core/model/index.ts'
import { applyRequestPatches } from '../core/patches/index.ts'
import { signRequest } from '../upstream/auth/index.ts'
import { buildUpstreamUrl } from '../upstream/build-upstream-url.ts'
import { callUpstream } from '../upstream/call-upstream.ts'
import { translatedRequestHeaders } from '../upstream/forward-headers.ts'
import { answerRefusal, answerTranslated } from './answer-translated.ts'
import { bodyText } from './body-capture.ts'
import { findModelInfo } from './find-model-info.ts'
import { mapModel } from './map-model.ts'
import type { PipelineContext } from './pipeline-context.ts'
import { parseJsonBody, readBodyCapped } from './read-body.ts'
import { readUpstreamFailure } from './relay-upstream-error.ts'
import { upstreamCallOptions } from './upstream-call-options.ts'
import { isObject } from '../core/json-object.ts'

export async function translateChat(context: PipelineContext, config: ProxyConfig, route: RouteMatch, pair: TranslationPair): Promise<Response> {
  const { draft } = context
  const warnings = new WarningSink()
  // The row shares the sink's array, so warnings added while streaming are logged too.
  draft.setWarnings(warnings.items)
  const bytes = await readBodyCapped(context.request, context.maxBodyBytes)
  draft.row.bytesIn = bytes.byteLength
  if (context.logBodies) draft.row.requestBody = bodyText(bytes)
  const decoded = pair.source.decodeRequest(parseJsonBody(bytes), route, warnings)
  draft.row.stream = decoded.stream
  // Checked (mapModel refuses control characters) before the client's name goes into the row.
  const upstreamModel = mapModel(config.model, decoded.model)
  draft.row.clientModel = decoded.model
  const request = await openReasoningEnvelopes(decoded, context.reasoningKey)
  draft.row.upstreamModel = upstreamModel
  const encodeContext = buildEncodeContext(context, request.model, upstreamModel, warnings)
  encodeContext.clientRequest = request
  const upstream = pair.target.encodeRequest({ ...request, model: upstreamModel }, encodeContext)
  // Provider quirks are data: the preset names the patches (ARCHITECTURE §2, core/patches).
  const patches = context.preset?.patches ?? []
  if (patches.length > 0 && isObject(upstream.body)) applyRequestPatches(patches, upstream.body, { request, warnings })

  const url = buildUpstreamUrl(config.target, pair.target.upstream, upstream.path)
  const body = JSON.stringify(upstream.body)
  const headers = await signRequest(config.target.auth, {
    method: 'POST', url, headers: translatedRequestHeaders(context.request.headers, upstream.headers, upstream.stream), body,
    apiKeyHeader: pair.target.upstream.apiKeyHeader,
  })
  const { response, attempts } = await callUpstream({
    url, method: 'POST', headers, body, ...upstreamCallOptions(context, config, pair.target),
  })
  draft.row.attempts = attempts
  const plain = { upstreamStream: upstream.stream, clientStream: request.stream, encodeContext, warnings }
  const options = route.clientFraming === undefined ? plain : { ...plain, clientFraming: route.clientFraming }
  if (!response.ok) {
    const failure = await readUpstreamFailure(pair.target, response, context.secretForms, context.timeouts.idleMs)
    // A refusal by policy is an answer in the client's protocol, as the same refusal would be mid-answer.
    if (failure.refusal === true) return answerRefusal(context, pair, failure, options)
    throw failure
  }
  return answerTranslated(context, pair, response, options)
}

function buildEncodeContext(context: PipelineContext, clientModel: string, upstreamModel: string, warnings: WarningSink): EncodeContext {
  const encodeContext: EncodeContext = { upstreamModel, clientModel, warnings }
  const info = findModelInfo(context.preset, upstreamModel)
  if (info?.maxOutputTokens !== undefined) encodeContext.maxOutputTokensCap = info.maxOutputTokens
  // The catalog knows whether the model takes a reasoning control: a gpt-4o rejects reasoning_effort.
  if (info?.reasoning !== undefined) encodeContext.upstreamReasons = info.reasoning
  if (context.preset?.defaultMaxOutputTokens !== undefined) encodeContext.defaultMaxOutputTokens = context.preset.defaultMaxOutputTokens
  return encodeContext
}
