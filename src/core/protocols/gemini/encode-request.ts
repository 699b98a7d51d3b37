/**
 * Canonical ChatRequest → Gemini generateContent request (a client of another protocol talking to
 * Gemini). Streams are always asked as SSE (`?alt=sse`): the JSON-array form is only for Gemini
 * clients that ask for it. The path is relative to a base URL without a version.
 * @see ../../../../../shared/protocols/gemini.md §1, §3
 * @see ../../../../../shared/protocols/mapping.md §10.1, §12
 */
import type { ChatRequest } from '../../model/index.ts'
import type { EncodeContext, UpstreamRequest } from '../codec.ts'
import { encodeContents } from './encode-contents.ts'
import { encodeGeneration } from './encode-generation.ts'
import { encodeToolConfig, encodeTools } from './encode-tools.ts'
import { isObject } from './read-json.ts'
import type { WireGenerateContentRequest } from './wire.ts'

export function encodeGeminiRequestBody(request: ChatRequest, context: EncodeContext): WireGenerateContentRequest {
  const body: WireGenerateContentRequest = { contents: encodeContents(request.messages, context.warnings) }
  const system = request.system.filter((part) => part.text.trim() !== '')
  if (system.length > 0) body.systemInstruction = { parts: system.map((part) => ({ text: part.text })) }
  const tools = encodeTools(request, context)
  if (tools !== undefined) body.tools = tools
  const toolConfig = encodeToolConfig(request, context)
  if (toolConfig !== undefined) body.toolConfig = toolConfig
  const generationConfig = encodeGeneration(request, context)
  if (generationConfig !== undefined) body.generationConfig = generationConfig
  if (request.user !== undefined) context.warnings.add('dropped-field', 'Gemini has no end-user id field', 'user')
  const extension = request.extensions?.gemini
  if (Array.isArray(extension?.safetySettings)) body.safetySettings = extension.safetySettings
  if (isObject(extension?.fields)) for (const [key, value] of Object.entries(extension.fields)) if (!(key in body)) body[key] = value
  return body
}

/** `models/x`, `tunedModels/x` or a bare id → the path segment before `:generateContent`. */
export function modelPath(model: string): string {
  if (/^(models|tunedModels)\//.test(model)) return model
  return `models/${model}`
}

export function encodeGeminiRequest(request: ChatRequest, context: EncodeContext): UpstreamRequest {
  const action = request.stream ? 'streamGenerateContent?alt=sse' : 'generateContent'
  return {
    path: `v1beta/${modelPath(context.upstreamModel)}:${action}`,
    body: encodeGeminiRequestBody(request, context),
    stream: request.stream,
  }
}

/** countTokens counting the whole request: system instruction and tools included (gemini.md §10). */
export function encodeGeminiCountTokensRequest(request: ChatRequest, context: EncodeContext): UpstreamRequest {
  const path = modelPath(context.upstreamModel)
  const generateContentRequest = { model: path, ...encodeGeminiRequestBody({ ...request, stream: false }, context) }
  return { path: `v1beta/${path}:countTokens`, body: { generateContentRequest }, stream: false }
}
