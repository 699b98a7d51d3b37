/**
 * Anthropic Messages request body → canonical ChatRequest.
 * @see ../../../../../shared/protocols/anthropic-messages.md §4-8
 * @see ../../../../../shared/protocols/mapping.md §1
 */
import type { ChatMessage, ChatRequest, ReasoningConfig, ReasoningEffort, ResponseFormat, TextPart, WarningSink } from '../../model/index.ts'
import type { RouteMatch } from '../codec.ts'
import { splitInternalSystemBlocks } from './anthropic-internal-system.ts'
import { decodeContent, decodeTextBlock } from './decode-content.ts'
import { decodeToolChoice, decodeTools } from './decode-tools.ts'
import { fail, isObject, optionalBoolean, optionalNumber, optionalString, readArray, readObject, readOneOf, readString } from '../read-json.ts'

/** Top-level fields this decoder maps; every other field rides in extensions.anthropic.fields. */
const KNOWN_FIELDS = new Set([
  'model', 'max_tokens', 'messages', 'system', 'stream', 'stop_sequences', 'temperature', 'top_p', 'top_k',
  'tools', 'tool_choice', 'thinking', 'output_config', 'metadata',
])

const EFFORTS: readonly ReasoningEffort[] = ['minimal', 'low', 'medium', 'high', 'xhigh', 'max']

function decodeSystem(value: unknown): TextPart[] {
  if (value === undefined || value === null) return []
  if (typeof value === 'string') return value === '' ? [] : [{ type: 'text', text: value }]
  return readArray(value, 'system').map((block, index) => {
    const path = `system[${index}]`
    const object = readObject(block, path)
    readOneOf(object.type, ['text'], `${path}.type`)
    return decodeTextBlock(object, path)
  })
}

/** SDK 1.x allows role:"system" entries inside messages; they are hoisted into system, in order. */
function decodeMessages(value: unknown, system: TextPart[], warnings: WarningSink): ChatMessage[] {
  const messages: ChatMessage[] = []
  readArray(value, 'messages').forEach((item, index) => {
    const path = `messages[${index}]`
    const message = readObject(item, path)
    const role = readOneOf(message.role, ['user', 'assistant', 'system'], `${path}.role`)
    const content = decodeContent(message.content, `${path}.content`, warnings)
    if (role === 'system') system.push(...content.filter((part): part is TextPart => part.type === 'text'))
    else messages.push({ role, content })
  })
  return messages
}

function decodeReasoning(thinking: unknown, outputConfig: Record<string, unknown>): ReasoningConfig | undefined {
  const effortValue = outputConfig.effort
  const effort = effortValue === undefined || effortValue === null ? undefined : readOneOf(effortValue, EFFORTS, 'output_config.effort')
  let reasoning: ReasoningConfig | undefined
  if (thinking !== undefined && thinking !== null) {
    const config = readObject(thinking, 'thinking')
    const type = readOneOf(config.type, ['enabled', 'adaptive', 'disabled', 'between_tools'], 'thinking.type')
    if (type === 'enabled') {
      reasoning = { enabled: true, budgetTokens: optionalNumber(config.budget_tokens, 'thinking.budget_tokens') ?? fail('thinking.budget_tokens', 'a number') }
    } else if (type === 'disabled') reasoning = { enabled: false }
    else reasoning = { enabled: true, adaptive: true }
  }
  if (effort === undefined) return reasoning
  return { ...(reasoning ?? { enabled: true }), effort }
}

function decodeResponseFormat(outputConfig: Record<string, unknown>): ResponseFormat | undefined {
  if (outputConfig.format === undefined || outputConfig.format === null) return undefined
  const format = readObject(outputConfig.format, 'output_config.format')
  readOneOf(format.type, ['json_schema'], 'output_config.format.type')
  return { type: 'json-schema', name: 'output', schema: readObject(format.schema, 'output_config.format.schema') }
}

function readStopSequences(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined
  return readArray(value, 'stop_sequences').map((item, index) => readString(item, `stop_sequences[${index}]`))
}

export function decodeAnthropicRequest(body: unknown, route: RouteMatch, warnings: WarningSink): ChatRequest {
  const wire = readObject(body, 'body')
  const hoisted = decodeSystem(wire.system)
  const messages = decodeMessages(wire.messages, hoisted, warnings)
  const { system, headers } = splitInternalSystemBlocks(hoisted, warnings)
  const { tools, builtinTools } = decodeTools(wire.tools, warnings)
  const outputConfig = isObject(wire.output_config) ? wire.output_config : {}
  const isChat = route.group !== 'count_tokens'
  const request: ChatRequest = {
    model: readString(wire.model, 'model'),
    system,
    messages,
    tools,
    ...decodeToolChoice(wire.tool_choice),
    stream: isChat && optionalBoolean(wire.stream, 'stream') === true,
  }
  const maxTokens = optionalNumber(wire.max_tokens, 'max_tokens')
  if (maxTokens !== undefined) request.maxOutputTokens = maxTokens
  else if (isChat) fail('max_tokens', 'a number (required)')
  const temperature = optionalNumber(wire.temperature, 'temperature')
  if (temperature !== undefined) request.temperature = temperature
  const topP = optionalNumber(wire.top_p, 'top_p')
  if (topP !== undefined) request.topP = topP
  const topK = optionalNumber(wire.top_k, 'top_k')
  if (topK !== undefined) request.topK = topK
  const stopSequences = readStopSequences(wire.stop_sequences)
  if (stopSequences !== undefined) request.stopSequences = stopSequences
  const reasoning = decodeReasoning(wire.thinking, outputConfig)
  if (reasoning !== undefined) request.reasoning = reasoning
  const responseFormat = decodeResponseFormat(outputConfig)
  if (responseFormat !== undefined) request.responseFormat = responseFormat
  if (builtinTools.length > 0) request.builtinTools = builtinTools
  const user = isObject(wire.metadata) ? optionalString(wire.metadata.user_id, 'metadata.user_id') : undefined
  if (user !== undefined) request.user = user
  const fields = Object.fromEntries(Object.entries(wire).filter(([key]) => !KNOWN_FIELDS.has(key)))
  if (Object.keys(fields).length > 0 || headers.length > 0) {
    request.extensions = { anthropic: { fields, ...(headers.length > 0 ? { systemHeaders: headers } : {}) } }
  }
  return request
}
