/**
 * Canonical ChatRequest → Anthropic Messages request (an OpenAI/Gemini/… client talking to Claude).
 * @see ../../../../../shared/protocols/mapping.md §2, §7, §12
 */
import type { ChatRequest, TextPart, WarningSink } from '../../model/index.ts'
import { builtinToolsFor } from '../builtin-tools.ts'
import { declareHistoryTools } from './declare-history-tools.ts'
import type { EncodeContext, UpstreamRequest } from '../codec.ts'
import { encodePart, encodeText } from './encode-content.ts'
import { encodeGeneration, encodeToolChoice } from './encode-generation.ts'
import { isObject } from '../read-json.ts'
import { normalizeMessages } from './normalize-messages.ts'
import { keepThinkingReplayable } from './replayable-thinking.ts'
import type { WireMessage, WireMessagesRequest, WireRequestBlock, WireTool } from './wire.ts'

const JSON_OBJECT_INSTRUCTION = 'Respond with a single JSON object.'

function encodeMessages(request: ChatRequest, context: EncodeContext): WireMessage[] {
  const messages = request.messages.map((message, messageIndex): WireMessage => {
    const content: WireRequestBlock[] = []
    message.content.forEach((part, partIndex) => {
      content.push(...encodePart(part, `messages[${messageIndex}].content[${partIndex}]`, context.warnings))
    })
    return { role: message.role, content }
  })
  return normalizeMessages(messages, context.warnings)
}

function encodeTools(request: ChatRequest): WireTool[] {
  return request.tools.map((tool) => {
    // Anthropic requires input_schema.type "object"; OpenAI clients may send {} for no parameters.
    const schema = tool.inputSchema.type === undefined ? { type: 'object', properties: {}, ...tool.inputSchema } : tool.inputSchema
    const wire: WireTool = { name: tool.name, input_schema: schema }
    if (tool.description !== undefined) wire.description = tool.description
    if (tool.cacheControl) wire.cache_control = tool.cacheControl
    return wire
  })
}

function encodeSystem(request: ChatRequest, context: EncodeContext): TextPart[] {
  const headers = request.extensions?.anthropic?.systemHeaders
  const restored = Array.isArray(headers) ? (headers as TextPart[]) : []
  const system = [...restored, ...request.system].filter((part) => part.text.trim() !== '')
  // Anthropic has no JSON mode flag: the instruction is the closest equivalent (mapping.md §2).
  if (request.responseFormat?.type === 'json-object') {
    context.warnings.add('emulated-response-format', 'JSON mode emulated with a system instruction', 'response_format')
    system.push({ type: 'text', text: JSON_OBJECT_INSTRUCTION })
  }
  return system
}

/** Fields only an Anthropic client sends (service_tier, container…) and its server tools, restored for an Anthropic target. */
function restoreExtensions(body: WireMessagesRequest, request: ChatRequest, warnings: WarningSink): void {
  const serverTools = builtinToolsFor(request, 'anthropic', warnings)
  if (serverTools.length > 0) body.tools = [...(body.tools ?? []), ...serverTools]
  const extension = request.extensions?.anthropic
  if (extension !== undefined && isObject(extension.fields)) {
    for (const [key, value] of Object.entries(extension.fields)) if (!(key in body)) body[key] = value
  }
}

export function encodeAnthropicRequestBody(original: ChatRequest, context: EncodeContext): WireMessagesRequest {
  const messages = encodeMessages(original, context)
  const request = keepThinkingReplayable(original, messages, context.warnings)
  const generation = encodeGeneration(request, context)
  const body: WireMessagesRequest = { model: context.upstreamModel, messages, ...generation }
  const system = encodeSystem(request, context)
  if (system.length > 0) body.system = system.map(encodeText)
  if (request.stopSequences && request.stopSequences.length > 0) body.stop_sequences = request.stopSequences
  if (request.tools.length > 0) body.tools = encodeTools(request)
  const thinkingOn = body.thinking !== undefined && body.thinking.type !== 'disabled'
  const toolChoice = encodeToolChoice(request, thinkingOn, context)
  if (toolChoice) body.tool_choice = toolChoice
  const declared = declareHistoryTools(request, context.warnings)
  if (declared !== undefined) {
    body.tools = declared.tools
    body.tool_choice = declared.choice
  }
  if (request.responseFormat?.type === 'json-schema') {
    body.output_config = { ...body.output_config, format: { type: 'json_schema', schema: request.responseFormat.schema } }
  }
  if (request.user !== undefined) body.metadata = { user_id: request.user }
  if (request.stream) body.stream = true
  restoreExtensions(body, request, context.warnings)
  return body
}

export function encodeAnthropicRequest(request: ChatRequest, context: EncodeContext): UpstreamRequest {
  return { path: 'v1/messages', body: encodeAnthropicRequestBody(request, context), stream: request.stream }
}

/** POST v1/messages/count_tokens takes the request without max_tokens and stream (anthropic-messages.md §11). */
export function encodeAnthropicCountTokensRequest(request: ChatRequest, context: EncodeContext): UpstreamRequest {
  const { max_tokens: _maxTokens, stream: _stream, metadata: _metadata, ...body } = encodeAnthropicRequestBody({ ...request, stream: false }, context)
  return { path: 'v1/messages/count_tokens', body, stream: false }
}
