/**
 * Embeddings between protocols of different wire families (an OpenAI client toward Gemini, a
 * Gemini client toward an OpenAI-compatible server): decode the client's call into the canonical
 * embeddings request, map the model, encode it for the target, call the upstream, and answer in
 * the client's shape. Never streamed. The row gets the models, the input tokens (estimated and
 * marked so when the upstream counts none) and the warnings.
 */
import { BridgeError } from '../core/errors.ts'
import { type EmbeddingRequest, type EmbeddingResponse, WarningSink } from '../core/model/index.ts'
import type { EmbeddingCodec, RouteMatch, TranslationPair } from '../core/protocols/codec.ts'
import type { ProxyConfig } from '../core/proxy-config.ts'
import { signRequest } from '../upstream/auth/index.ts'
import { buildUpstreamUrl } from '../upstream/build-upstream-url.ts'
import { callUpstream } from '../upstream/call-upstream.ts'
import { translatedRequestHeaders } from '../upstream/forward-headers.ts'
import { ESTIMATED_HEADER } from './answer-locally.ts'
import { WARNINGS_HEADER } from './answer-translated.ts'
import { answerBytes, bodyText } from './body-capture.ts'
import { mapModel } from './map-model.ts'
import type { PipelineContext } from './pipeline-context.ts'
import { parseJsonBody, readBodyCapped } from './read-body.ts'
import { readWholeAnswer } from './read-whole-answer.ts'
import { readUpstreamFailure } from './relay-upstream-error.ts'
import { upstreamCallOptions } from './upstream-call-options.ts'
import { estimateTextTokens } from '../core/tokens/estimate-text-tokens.ts'

export async function translateEmbeddings(context: PipelineContext, config: ProxyConfig, route: RouteMatch, pair: TranslationPair): Promise<Response> {
  const { draft } = context
  const source = embeddingCodec(pair.source)
  const target = embeddingCodec(pair.target)
  const warnings = new WarningSink()
  draft.setWarnings(warnings.items)
  const bytes = await readBodyCapped(context.request, context.maxBodyBytes)
  draft.row.bytesIn = bytes.byteLength
  if (context.logBodies) draft.row.requestBody = bodyText(bytes)
  const request = source.decodeRequest(parseJsonBody(bytes), route, warnings)
  const upstreamModel = mapModel(config.model, request.model)
  draft.row.clientModel = request.model
  draft.row.upstreamModel = upstreamModel
  const upstream = target.encodeRequest({ ...request, model: upstreamModel }, warnings)

  const url = buildUpstreamUrl(config.target, pair.target.upstream, upstream.path)
  const upstreamBody = JSON.stringify(upstream.body)
  const headers = await signRequest(config.target.auth, {
    method: 'POST', url, headers: translatedRequestHeaders(context.request.headers, upstream.headers, false), body: upstreamBody,
    apiKeyHeader: pair.target.upstream.apiKeyHeader,
  })
  const { response, attempts } = await callUpstream({ url, method: 'POST', headers, body: upstreamBody, ...upstreamCallOptions(context, config, pair.target) })
  draft.row.attempts = attempts
  if (!response.ok) throw await readUpstreamFailure(pair.target, response, context.secretForms, context.timeouts.idleMs)
  const answer = withInputTokens(target.decodeResponse(parseAnswer(await readWholeAnswer(context, response))), request)
  if (answer.vectors.length !== request.inputs.length) {
    throw new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message: `The upstream answered ${answer.vectors.length} embeddings for ${request.inputs.length} inputs` })
  }
  draft.setUsage({ inputTokens: answer.inputTokens ?? 0, outputTokens: 0, ...(answer.estimated === true ? { estimated: true } : {}) })
  const out = new Headers({ 'content-type': 'application/json', 'x-request-id': context.requestId })
  if (answer.estimated === true) out.set(ESTIMATED_HEADER, 'true')
  if (warnings.items.length > 0) out.set(WARNINGS_HEADER, `${warnings.items.length}; ${[...new Set(warnings.items.map((warning) => warning.code))].join(',')}`)
  const body = new TextEncoder().encode(JSON.stringify(source.encodeResponse(answer, request)))
  return answerBytes(context, body, 200, out, { status: 200 })
}

function embeddingCodec(codec: TranslationPair['source']): EmbeddingCodec {
  if (codec.embeddings !== undefined) return codec.embeddings
  throw new BridgeError({ kind: 'unsupported-endpoint', code: 'UNSUPPORTED_ENDPOINT', status: 400, message: `The ${codec.id} protocol has no embeddings endpoint` })
}

function parseAnswer(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    throw new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message: 'The upstream answered embeddings that are not JSON' })
  }
}

/** Gemini's embedding answers count no tokens: the bridge's estimate then, marked, rather than a zero (LESSONS #10). */
function withInputTokens(response: EmbeddingResponse, request: EmbeddingRequest): EmbeddingResponse {
  if (response.inputTokens !== undefined) return response
  const tokens = request.inputs.reduce((sum, input) => sum + (input.type === 'text' ? estimateTextTokens(input.text) : input.tokens.length), 0)
  return { ...response, inputTokens: tokens, estimated: true }
}
