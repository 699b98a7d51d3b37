/**
 * `models/{model}:embedContent` (one content) and `:batchEmbedContents` (several; what
 * @google/genai always sends) ⇄ the canonical embeddings call, for translation toward and from
 * OpenAI-compatible upstreams. Only text parts are embedded: a content's texts are joined.
 * @see ../../../../../shared/protocols/gemini.md §10
 */
import { BridgeError } from '../../errors.ts'
import type { EmbeddingInput, EmbeddingRequest, EmbeddingResponse, WarningSink } from '../../model/index.ts'
import type { EmbeddingCodec, RouteMatch, UpstreamRequest } from '../codec.ts'
import { modelPath } from './encode-request.ts'
import { arrayOrEmpty, fail, field, isObject, numberOrUndefined, optionalNumber, optionalString, readArray, readObject, type JsonObject } from './read-json.ts'

type OneRequest = { input: EmbeddingInput; taskType?: string; title?: string; dimensions?: number }

function decodeRequest(raw: unknown, route: RouteMatch): EmbeddingRequest {
  const body = readObject(raw, 'body')
  const batch = body.requests !== undefined
  const items = batch ? readArray(body.requests, 'requests').map((item, index) => decodeOne(readObject(item, `requests[${index}]`), `requests[${index}].`)) : [decodeOne(body, '')]
  if (items.length === 0) fail('requests', 'at least one request')
  const dimensions = new Set(items.map((item) => item.dimensions))
  // One upstream call carries one dimensionality.
  if (dimensions.size > 1) throw BridgeError.invalidRequest('requests: every request must ask for the same outputDimensionality')
  const request: EmbeddingRequest = { model: route.pathModel ?? '', inputs: items.map((item) => item.input), single: !batch, encoding: 'float' }
  const first = items[0]!
  if (first.dimensions !== undefined) request.dimensions = first.dimensions
  const taskType = items.find((item) => item.taskType !== undefined)?.taskType
  if (taskType !== undefined) request.taskType = taskType
  const title = items.find((item) => item.title !== undefined)?.title
  if (title !== undefined) request.title = title
  return request
}

function decodeOne(item: JsonObject, path: string): OneRequest {
  const content = readObject(item.content, `${path}content`)
  const texts = arrayOrEmpty(content.parts).map((part, index) => {
    const text = isObject(part) ? part.text : undefined
    return typeof text === 'string' ? text : fail(`${path}content.parts[${index}]`, 'a text part (only text can be embedded across protocols)')
  })
  const one: OneRequest = { input: { type: 'text', text: texts.join('\n') } }
  const taskType = optionalString(field(item, 'taskType'), `${path}taskType`)
  if (taskType !== undefined) one.taskType = taskType
  const title = optionalString(item.title, `${path}title`)
  if (title !== undefined) one.title = title
  const dimensions = optionalNumber(field(item, 'outputDimensionality'), `${path}outputDimensionality`)
  if (dimensions !== undefined) one.dimensions = dimensions
  return one
}

function encodeRequest(request: EmbeddingRequest, warnings: WarningSink): UpstreamRequest {
  const model = modelPath(request.model)
  const requests = request.inputs.map((input) => {
    if (input.type === 'tokens') {
      throw BridgeError.invalidRequest('Gemini embeds text only and the bridge has no tokenizer to turn token ids back into text: send the input as strings')
    }
    const one: Record<string, unknown> = { model, content: { parts: [{ text: input.text }] } }
    if (request.taskType !== undefined) one.taskType = request.taskType
    if (request.title !== undefined) one.title = request.title
    if (request.dimensions !== undefined) one.outputDimensionality = request.dimensions
    return one
  })
  if (request.user !== undefined) warnings.add('dropped-field', 'Gemini has no end-user id field', 'user')
  if (requests.length === 1) {
    // embedContent takes the model from its path.
    const { model: _model, ...single } = requests[0]!
    return { path: `v1beta/${model}:embedContent`, body: single, stream: false }
  }
  return { path: `v1beta/${model}:batchEmbedContents`, body: { requests }, stream: false }
}

function decodeResponse(raw: unknown): EmbeddingResponse {
  const body = isObject(raw) ? raw : {}
  const embeddings = isObject(body.embedding) ? [body.embedding] : arrayOrEmpty(body.embeddings)
  const vectors = embeddings.map((embedding, index) => {
    const values = isObject(embedding) ? embedding.values : undefined
    if (Array.isArray(values) && values.every((value) => typeof value === 'number')) return values as number[]
    throw new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message: `The upstream's embedding ${index} has no values` })
  })
  const response: EmbeddingResponse = { vectors }
  const usage = isObject(body.usageMetadata) ? body.usageMetadata : {}
  const tokens = numberOrUndefined(usage.promptTokenCount) ?? numberOrUndefined(usage.totalTokenCount)
  if (tokens !== undefined) response.inputTokens = tokens
  return response
}

function encodeResponse(response: EmbeddingResponse, request: EmbeddingRequest): unknown {
  const body: Record<string, unknown> = request.single ? { embedding: { values: response.vectors[0] ?? [] } } : { embeddings: response.vectors.map((values) => ({ values })) }
  // A count the upstream gave; Gemini's own answers often have none, so an estimate is left out.
  if (response.inputTokens !== undefined && response.estimated !== true) body.usageMetadata = { promptTokenCount: response.inputTokens, totalTokenCount: response.inputTokens }
  return body
}

/**
 * Bodies that repeat the path's model, which Gemini refuses to see differ: batchEmbedContents in
 * every request, countTokens in its generateContentRequest. A mapped model goes there too.
 */
export function bodyWithModel(body: unknown, model: string): unknown {
  if (!isObject(body)) return undefined
  const named = modelPath(model)
  const inner = body.generateContentRequest
  if (isObject(inner) && inner.model !== undefined) return { ...body, generateContentRequest: { ...inner, model: named } }
  if (!Array.isArray(body.requests)) return undefined
  return { ...body, requests: body.requests.map((item: unknown) => (isObject(item) && item.model !== undefined ? { ...item, model: named } : item)) }
}

export const geminiEmbeddings: EmbeddingCodec = { decodeRequest, encodeRequest, decodeResponse, encodeResponse }
