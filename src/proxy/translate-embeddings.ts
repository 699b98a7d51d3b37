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
import { ESTIMATED_HEADER } from './answer-locally.ts'
import { answerBytes, bodyText } from './body-capture.ts'
import { mapModel } from './map-model.ts'
import type { PipelineContext } from './pipeline-context.ts'
import { parseJsonBody, readBodyCapped } from './read-body.ts'
import { estimateTextTokens } from '../core/tokens/estimate-text-tokens.ts'
import { askUpstreamJson, warningHeaders } from './ask-upstream-json.ts'

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

  const reply = await askUpstreamJson(context, config, pair.target, { method: 'POST', path: upstream.path, headers: upstream.headers, body: upstream.body })
  if ('missing' in reply) {
    throw new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, upstreamStatus: reply.missing, message: `The upstream has no embeddings endpoint for this model (HTTP ${reply.missing})` })
  }
  if (reply.json === undefined) throw new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message: 'The upstream answered embeddings that are not JSON' })
  const answer = withInputTokens(target.decodeResponse(reply.json), request)
  if (answer.vectors.length !== request.inputs.length) {
    throw new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message: `The upstream answered ${answer.vectors.length} embeddings for ${request.inputs.length} inputs` })
  }
  draft.setUsage({ inputTokens: answer.inputTokens ?? 0, outputTokens: 0, ...(answer.estimated === true ? { estimated: true } : {}) })
  const out = new Headers({ 'content-type': 'application/json', 'x-request-id': context.requestId, ...warningHeaders(warnings) })
  if (answer.estimated === true) out.set(ESTIMATED_HEADER, 'true')
  const body = new TextEncoder().encode(JSON.stringify(source.encodeResponse(answer, request)))
  return answerBytes(context, body, 200, out, { status: 200 })
}

function embeddingCodec(codec: TranslationPair['source']): EmbeddingCodec {
  if (codec.embeddings !== undefined) return codec.embeddings
  throw new BridgeError({ kind: 'unsupported-endpoint', code: 'UNSUPPORTED_ENDPOINT', status: 400, message: `The ${codec.id} protocol has no embeddings endpoint` })
}

/** Gemini's embedding answers count no tokens: the bridge's estimate then, marked, rather than a zero (LESSONS #10). */
function withInputTokens(response: EmbeddingResponse, request: EmbeddingRequest): EmbeddingResponse {
  if (response.inputTokens !== undefined) return response
  const tokens = request.inputs.reduce((sum, input) => sum + (input.type === 'text' ? estimateTextTokens(input.text) : input.tokens.length), 0)
  return { ...response, inputTokens: tokens, estimated: true }
}
