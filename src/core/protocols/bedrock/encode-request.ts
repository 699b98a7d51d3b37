/**
 * Canonical ChatRequest → Bedrock Converse / ConverseStream request (any client talking to a
 * Bedrock model). The model goes in the path, percent-encoded; the body has no model field.
 * @see ../../../../../shared/protocols/bedrock-converse.md §3
 * @see ../../../../../shared/protocols/mapping.md §11, §12
 */
import type { ChatRequest } from '../../model/index.ts'
import type { EncodeContext, UpstreamRequest } from '../codec.ts'
import { cachePointOf } from './encode-content.ts'
import { encodeGeneration } from './encode-generation.ts'
import { encodeMessages, historyTools } from './encode-messages.ts'
import { encodeToolConfig } from './encode-tools.ts'
import { isObject } from './read-json.ts'
import { keepThinkingReplayable } from './replayable-thinking.ts'
import { conversePath } from './routes.ts'
import type { WireConverseRequest, WireSystemBlock } from './wire.ts'

const JSON_OBJECT_INSTRUCTION = 'Respond with a single JSON object.'

function encodeSystem(request: ChatRequest, context: EncodeContext): WireSystemBlock[] {
  const system: WireSystemBlock[] = []
  for (const part of request.system) {
    if (part.text.trim() !== '') system.push({ text: part.text }, ...cachePointOf(part.cacheControl))
  }
  // Converse has no JSON mode flag: an instruction is the closest equivalent.
  if (request.responseFormat?.type === 'json-object') {
    context.warnings.add('emulated-response-format', 'JSON mode emulated with a system instruction', 'response_format')
    system.push({ text: JSON_OBJECT_INSTRUCTION })
  }
  return system
}

function encodeOutputConfig(request: ChatRequest): Record<string, unknown> | undefined {
  const format = request.responseFormat
  if (format?.type !== 'json-schema') return undefined
  const jsonSchema: Record<string, unknown> = { schema: JSON.stringify(format.schema), name: format.name }
  if (format.description !== undefined) jsonSchema.description = format.description
  return { textFormat: { type: 'json_schema', structure: { jsonSchema } } }
}

/** Fields only a Bedrock client sends (guardrailConfig, requestMetadata, …), restored for a Bedrock target. */
function restoreExtensions(body: WireConverseRequest, extra: Record<string, unknown>, request: ChatRequest): Record<string, unknown> {
  const extension = request.extensions?.bedrock
  if (!extension) return extra
  if (isObject(extension.fields)) {
    for (const [key, value] of Object.entries(extension.fields)) if (!(key in body)) body[key] = value
  }
  return isObject(extension.additionalModelRequestFields) ? { ...extension.additionalModelRequestFields, ...extra } : extra
}

export function encodeBedrockRequestBody(original: ChatRequest, context: EncodeContext): WireConverseRequest {
  const messages = encodeMessages(original.messages, context.warnings)
  const request = keepThinkingReplayable(original, context.upstreamModel, messages, context.warnings)
  const generation = encodeGeneration(request, context)
  const body: WireConverseRequest = { messages, inferenceConfig: generation.inferenceConfig }
  const system = encodeSystem(request, context)
  if (system.length > 0) body.system = system
  const toolConfig = encodeToolConfig(request, historyTools(messages), generation.thinkingOn, context)
  if (toolConfig) body.toolConfig = toolConfig
  const outputConfig = encodeOutputConfig(request)
  if (outputConfig) body.outputConfig = outputConfig
  if (request.user !== undefined) context.warnings.add('dropped-field', 'Converse has no end-user field', 'user')
  const extra = restoreExtensions(body, generation.extra, request)
  if (Object.keys(extra).length > 0) body.additionalModelRequestFields = extra
  return body
}

export function encodeBedrockRequest(request: ChatRequest, context: EncodeContext): UpstreamRequest {
  return { path: conversePath(context.upstreamModel, request.stream), body: encodeBedrockRequestBody(request, context), stream: request.stream }
}

/** POST model/{id}/count-tokens takes the Converse body wrapped in {"input": {"converse": …}}. */
export function encodeBedrockCountTokensRequest(request: ChatRequest, context: EncodeContext): UpstreamRequest {
  const { inferenceConfig: _inference, outputConfig: _output, ...converse } = encodeBedrockRequestBody({ ...request, stream: false }, context)
  return { path: `model/${encodeURIComponent(context.upstreamModel)}/count-tokens`, body: { input: { converse } }, stream: false }
}
