/**
 * Embedding upstreams faithful to their wire formats, for the mock of the e2e bridge:
 * - Gemini (gemini.md §10): `models/{m}:embedContent` takes one `content`, `:batchEmbedContents`
 *   takes `requests[]` whose every `model` must be the path's; like the real API, a field it does
 *   not know is a 400 INVALID_ARGUMENT ("Unknown name"), and its answers count no tokens.
 * - OpenAI (openai-chat.md §9): `/v1/embeddings`, floats or little-endian float32 base64 as asked,
 *   with usage.
 * Vectors are derived from the text (float32-exact values), so a test can tell every input apart.
 */
import type { MockReply, ReceivedRequest } from './mock-upstream.ts'

/** The vector either mock answers for `text`, `dimensions` long (3 by default). */
export function vectorFor(text: string, dimensions = 3): number[] {
  return Array.from({ length: dimensions }, (_, index) => (text.length + index) / 8 - (index % 2 === 1 ? 4 : 0))
}

const GEMINI_REQUEST_FIELDS = new Set(['model', 'content', 'taskType', 'title', 'outputDimensionality'])

function geminiError(status: number, message: string): MockReply {
  const code = status === 404 ? 'NOT_FOUND' : 'INVALID_ARGUMENT'
  return { status, json: { error: { code: status, message, status: code } } }
}

type GeminiOne = { text: string; dimensions: number | undefined }

/** One EmbedContentRequest, or the error the API gives for it. */
function readGeminiOne(item: unknown, pathModel: string, where: string): GeminiOne | MockReply {
  if (typeof item !== 'object' || item === null) return geminiError(400, `Invalid value at '${where}'`)
  const record = item as Record<string, unknown>
  for (const key of Object.keys(record)) {
    if (!GEMINI_REQUEST_FIELDS.has(key)) return geminiError(400, `Invalid JSON payload received. Unknown name "${key}" at '${where}': Cannot find field.`)
  }
  if (record.model !== undefined && record.model !== `models/${pathModel}`) {
    return geminiError(400, `Model name in the request (${String(record.model)}) does not match the model in the URL (models/${pathModel})`)
  }
  const content = record.content as { parts?: Array<{ text?: unknown }> } | undefined
  const texts = content?.parts?.map((part) => part.text)
  if (texts === undefined || texts.length === 0 || texts.some((text) => typeof text !== 'string')) return geminiError(400, `* ${where}.content: contents are required.`)
  const dimensions = record.outputDimensionality
  return { text: texts.join(''), dimensions: typeof dimensions === 'number' ? dimensions : undefined }
}

export function geminiEmbeddingUpstream(request: ReceivedRequest): MockReply {
  const match = /^\/v1beta\/models\/([^/:]+):(embedContent|batchEmbedContents)$/.exec(request.path)
  if (request.method !== 'POST' || match === null) return geminiError(404, `No route for ${request.method} ${request.path}`)
  const [, model = '', action] = match
  const body = (request.json ?? {}) as Record<string, unknown>
  if (action === 'embedContent') {
    const one = readGeminiOne(body, model, 'embed_content_request')
    return 'text' in one ? { json: { embedding: { values: vectorFor(one.text, one.dimensions) } } } : one
  }
  for (const key of Object.keys(body)) {
    if (key !== 'requests') return geminiError(400, `Invalid JSON payload received. Unknown name "${key}": Cannot find field.`)
  }
  const items = Array.isArray(body.requests) ? body.requests : []
  const read = items.map((item, index) => readGeminiOne(item, model, `requests[${index}]`))
  const failure = read.find((one): one is MockReply => !('text' in one))
  if (failure !== undefined) return failure
  // Every request in a batch must name its model (the SDK always does).
  if (items.some((item) => (item as Record<string, unknown>).model === undefined)) return geminiError(400, '* BatchEmbedContentsRequest.requests[0].model: required field')
  return { json: { embeddings: (read as GeminiOne[]).map((one) => ({ values: vectorFor(one.text, one.dimensions) })) } }
}

function openaiError(status: number, message: string, param: string | null): MockReply {
  return { status, json: { error: { message, type: 'invalid_request_error', param, code: null } } }
}

function float32Base64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64')
}

export function openaiEmbeddingUpstream(request: ReceivedRequest): MockReply {
  if (request.method !== 'POST' || request.path !== '/v1/embeddings') return openaiError(404, `Unknown request URL: ${request.method} ${request.path}`, null)
  const body = (request.json ?? {}) as Record<string, unknown>
  const allowed = new Set(['model', 'input', 'dimensions', 'encoding_format', 'user'])
  const unknown = Object.keys(body).find((key) => !allowed.has(key))
  if (unknown !== undefined) return openaiError(400, `Unrecognized request argument supplied: ${unknown}`, unknown)
  if (typeof body.model !== 'string') return openaiError(400, "you must provide a model parameter", 'model')
  const inputs = typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) && body.input.every((item) => typeof item === 'string') ? (body.input as string[]) : undefined
  if (inputs === undefined || inputs.length === 0) return openaiError(400, "'input' must be a string or an array of strings", 'input')
  const encoding = body.encoding_format ?? 'float'
  if (encoding !== 'float' && encoding !== 'base64') return openaiError(400, "'encoding_format' must be 'float' or 'base64'", 'encoding_format')
  const dimensions = typeof body.dimensions === 'number' ? body.dimensions : undefined
  const tokens = inputs.reduce((sum, text) => sum + text.split(/\s+/).filter(Boolean).length, 0)
  return {
    json: {
      object: 'list',
      data: inputs.map((text, index) => {
        const vector = vectorFor(text, dimensions)
        return { object: 'embedding', index, embedding: encoding === 'base64' ? float32Base64(vector) : vector }
      }),
      model: body.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
  }
}
