/**
 * `POST /v1/embeddings` ⇄ the canonical embeddings call, for translation toward and from Gemini
 * (OpenAI-family upstreams take it by passthrough). The bridge always asks the upstream for
 * floats and encodes base64 itself when the client asked for it.
 * @see ../../../../../shared/protocols/openai-chat.md §9
 */
import { BridgeError } from '../../errors.ts'
import type { EmbeddingInput, EmbeddingRequest, EmbeddingResponse, WarningSink } from '../../model/index.ts'
import type { EmbeddingCodec } from '../codec.ts'
import { fail, numberOrUndefined, optionalNumber, optionalString, readObject, readOneOf, readString } from '../read-json.ts'
import { decodeFloat32Base64, encodeFloat32Base64 } from './float32-base64.ts'
import { limitUserId } from './limit-user-id.ts'
import { isObject } from './narrow.ts'

function decodeRequest(raw: unknown): EmbeddingRequest {
  const body = readObject(raw, 'body')
  const { inputs, single } = decodeInput(body.input)
  const request: EmbeddingRequest = { model: readString(body.model, 'model'), inputs, single, encoding: 'float' }
  if (body.encoding_format !== undefined && body.encoding_format !== null) request.encoding = readOneOf(body.encoding_format, ['float', 'base64'], 'encoding_format')
  const dimensions = optionalNumber(body.dimensions, 'dimensions')
  if (dimensions !== undefined) request.dimensions = dimensions
  const user = optionalString(body.user, 'user')
  if (user !== undefined) request.user = user
  return request
}

/** string | string[] | number[] (one token list) | number[][]. */
function decodeInput(input: unknown): { inputs: EmbeddingInput[]; single: boolean } {
  if (typeof input === 'string') return { inputs: [{ type: 'text', text: input }], single: true }
  if (!Array.isArray(input) || input.length === 0) return fail('input', 'a string, or a non-empty array of strings or token ids')
  if (input.every((item) => typeof item === 'number')) return { inputs: [{ type: 'tokens', tokens: input as number[] }], single: true }
  const inputs = input.map((item, index): EmbeddingInput => {
    if (typeof item === 'string') return { type: 'text', text: item }
    if (Array.isArray(item) && item.every((token) => typeof token === 'number')) return { type: 'tokens', tokens: item as number[] }
    return fail(`input[${index}]`, 'a string or an array of token ids')
  })
  return { inputs, single: false }
}

function encodeRequest(request: EmbeddingRequest, warnings: WarningSink): { path: string; body: unknown; stream: false } {
  const texts = request.inputs.map((input) => (input.type === 'text' ? input.text : undefined))
  if (texts.some((text) => text === undefined)) throw BridgeError.invalidRequest('Token-id inputs cannot be translated: send text')
  const body: Record<string, unknown> = { model: request.model, input: request.single ? texts[0] : texts, encoding_format: 'float' }
  if (request.dimensions !== undefined) body.dimensions = request.dimensions
  if (request.user !== undefined) body.user = limitUserId(request.user, warnings)
  if (request.taskType !== undefined) warnings.add('dropped-field', 'OpenAI embeddings have no task type', 'taskType')
  if (request.title !== undefined) warnings.add('dropped-field', 'OpenAI embeddings have no document title', 'title')
  return { path: 'embeddings', body, stream: false }
}

function decodeResponse(raw: unknown): EmbeddingResponse {
  const body = isObject(raw) ? raw : {}
  const data = Array.isArray(body.data) ? body.data : []
  const items = data.map((item, position) => {
    const entry = isObject(item) ? item : {}
    return { index: numberOrUndefined(entry.index) ?? position, vector: readVector(entry.embedding, position) }
  })
  const response: EmbeddingResponse = { vectors: items.sort((a, b) => a.index - b.index).map((item) => item.vector) }
  const usage = isObject(body.usage) ? body.usage : {}
  const tokens = numberOrUndefined(usage.prompt_tokens) ?? numberOrUndefined(usage.total_tokens)
  if (tokens !== undefined) response.inputTokens = tokens
  return response
}

/** Floats as asked; a server that answers base64 anyway is read too. */
function readVector(value: unknown, position: number): number[] {
  if (Array.isArray(value) && value.every((number) => typeof number === 'number')) return value as number[]
  const decoded = typeof value === 'string' ? decodeFloat32Base64(value) : undefined
  if (decoded !== undefined) return decoded
  throw new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message: `The upstream's embedding ${position} is not a vector` })
}

function encodeResponse(response: EmbeddingResponse, request: EmbeddingRequest): unknown {
  const tokens = response.inputTokens ?? 0
  return {
    object: 'list',
    data: response.vectors.map((vector, index) => ({ object: 'embedding', index, embedding: request.encoding === 'base64' ? encodeFloat32Base64(vector) : vector })),
    model: request.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  }
}

export const openaiEmbeddings: EmbeddingCodec = { decodeRequest, encodeRequest, decodeResponse, encodeResponse }
