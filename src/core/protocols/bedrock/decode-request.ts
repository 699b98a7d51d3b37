/**
 * Bedrock Converse / ConverseStream request body → canonical ChatRequest. The model and streaming
 * come from the path (RouteMatch); the body has neither. Claude's thinking and top_k ride in
 * additionalModelRequestFields; what is left of it, and every top-level field without a canonical
 * form (guardrailConfig, performanceConfig, requestMetadata, …), rides in extensions.bedrock for
 * a Bedrock target.
 * @see ../../../../../shared/protocols/bedrock-converse.md §3
 */
import type { ChatMessage, ChatRequest, ReasoningConfig, ReasoningEffort, ResponseFormat, TextPart, WarningSink } from '../../model/index.ts'
import type { RouteMatch } from '../codec.ts'
import { decodeCachePoint, decodeContent } from './decode-content.ts'
import { decodeToolConfig } from './decode-tools.ts'
import { fail, isObject, optionalNumber, optionalString, readArray, readObject, readString, unionKey, type JsonObject } from './read-json.ts'

const KNOWN_FIELDS = new Set(['modelId', 'messages', 'system', 'inferenceConfig', 'toolConfig', 'additionalModelRequestFields', 'outputConfig'])
const EFFORTS: readonly ReasoningEffort[] = ['minimal', 'low', 'medium', 'high', 'xhigh', 'max']

function isEffort(value: unknown): value is ReasoningEffort {
  return typeof value === 'string' && (EFFORTS as readonly string[]).includes(value)
}

function decodeSystem(value: unknown, warnings: WarningSink): TextPart[] {
  const system: TextPart[] = []
  if (value === undefined || value === null) return system
  readArray(value, 'system').forEach((item, index) => {
    const path = `system[${index}]`
    const block = readObject(item, path)
    const key = unionKey(block)
    if (key === 'text') system.push({ type: 'text', text: readString(block.text, `${path}.text`) })
    else if (key === 'cachePoint') {
      const previous = system.at(-1)
      if (previous) previous.cacheControl = decodeCachePoint(block.cachePoint, `${path}.cachePoint`)
    } else if (key === 'guardContent' && isObject(block.guardContent) && isObject(block.guardContent.text) && typeof block.guardContent.text.text === 'string') {
      warnings.add('approximated-field', 'guardContent became plain text', path)
      system.push({ type: 'text', text: block.guardContent.text.text })
    } else warnings.add('dropped-content', `system block ${key ?? '?'} has no canonical form`, path)
  })
  return system
}

/** Newer SDKs allow role "system" messages; their text joins the system prompt, in order. */
function decodeMessages(value: unknown, system: TextPart[], warnings: WarningSink): ChatMessage[] {
  const messages: ChatMessage[] = []
  readArray(value ?? [], 'messages').forEach((item, index) => {
    const path = `messages[${index}]`
    const message = readObject(item, path)
    const role = readString(message.role, `${path}.role`)
    const content = decodeContent(message.content, `${path}.content`, warnings)
    if (role === 'system') system.push(...content.filter((part): part is TextPart => part.type === 'text'))
    else if (role === 'user' || role === 'assistant') messages.push({ role, content })
    else fail(`${path}.role`, 'one of user, assistant, system')
  })
  return messages
}

/** Claude `thinking`, Nova `reasoningConfig`, and outputConfig.effort → one reasoning control. */
function decodeReasoning(extra: JsonObject, outputConfig: JsonObject): ReasoningConfig | undefined {
  let reasoning: ReasoningConfig | undefined
  if (isObject(extra.thinking)) {
    const type = readString(extra.thinking.type, 'additionalModelRequestFields.thinking.type')
    if (type === 'disabled') reasoning = { enabled: false }
    else if (type === 'adaptive') reasoning = { enabled: true, adaptive: true }
    else {
      const budget = optionalNumber(extra.thinking.budget_tokens, 'additionalModelRequestFields.thinking.budget_tokens')
      reasoning = budget === undefined ? { enabled: true } : { enabled: true, budgetTokens: budget }
    }
  } else if (isObject(extra.reasoningConfig)) {
    const effort = extra.reasoningConfig.maxReasoningEffort
    reasoning = extra.reasoningConfig.type === 'disabled' ? { enabled: false } : { enabled: true }
    if (isEffort(effort)) reasoning.effort = effort
  }
  const effort = optionalString(outputConfig.effort, 'outputConfig.effort')
  if (!isEffort(effort)) return reasoning
  return { ...(reasoning ?? { enabled: true }), effort }
}

/** outputConfig.textFormat carries the JSON Schema as a string. */
function decodeResponseFormat(outputConfig: JsonObject): ResponseFormat | undefined {
  if (!isObject(outputConfig.textFormat)) return undefined
  const structure = readObject(outputConfig.textFormat.structure, 'outputConfig.textFormat.structure')
  const jsonSchema = readObject(structure.jsonSchema, 'outputConfig.textFormat.structure.jsonSchema')
  let schema: unknown
  try {
    schema = JSON.parse(readString(jsonSchema.schema, 'outputConfig.textFormat.structure.jsonSchema.schema'))
  } catch {
    return fail('outputConfig.textFormat.structure.jsonSchema.schema', 'a JSON Schema as a JSON string')
  }
  const format: ResponseFormat = { type: 'json-schema', name: optionalString(jsonSchema.name, 'jsonSchema.name') ?? 'output', schema: readObject(schema, 'jsonSchema.schema') }
  const description = optionalString(jsonSchema.description, 'jsonSchema.description')
  if (description !== undefined) format.description = description
  return format
}

function decodeInference(value: unknown, request: ChatRequest): void {
  if (value === undefined || value === null) return
  const config = readObject(value, 'inferenceConfig')
  const maxTokens = optionalNumber(config.maxTokens, 'inferenceConfig.maxTokens')
  if (maxTokens !== undefined) request.maxOutputTokens = maxTokens
  const temperature = optionalNumber(config.temperature, 'inferenceConfig.temperature')
  if (temperature !== undefined) request.temperature = temperature
  const topP = optionalNumber(config.topP, 'inferenceConfig.topP')
  if (topP !== undefined) request.topP = topP
  if (config.stopSequences !== undefined && config.stopSequences !== null) {
    request.stopSequences = readArray(config.stopSequences, 'inferenceConfig.stopSequences').map((item, index) => readString(item, `inferenceConfig.stopSequences[${index}]`))
  }
}

/** count-tokens wraps the Converse body: {"input": {"converse": {...}}}. */
function unwrapCountTokens(wire: JsonObject): JsonObject {
  const input = readObject(wire.input, 'input')
  if (input.converse === undefined) return fail('input', 'converse (invokeModel input is not supported by the bridge)')
  return readObject(input.converse, 'input.converse')
}

export function decodeBedrockRequest(body: unknown, route: RouteMatch, warnings: WarningSink): ChatRequest {
  const bodyProtocol = route.bodyProtocol
  if (bodyProtocol !== undefined) fail('body', `a Converse body (this route carries ${bodyProtocol} bodies: see invoke-model.ts)`)
  const outer = readObject(body, 'body')
  const wire = route.group === 'count_tokens' ? unwrapCountTokens(outer) : outer
  const system = decodeSystem(wire.system, warnings)
  const messages = decodeMessages(wire.messages, system, warnings)
  const toolConfig = decodeToolConfig(wire.toolConfig, warnings)
  const model = route.pathModel ?? optionalString(wire.modelId, 'modelId') ?? fail('model', 'a model id in the path (model/{modelId}/converse)')
  const request: ChatRequest = { model, system, messages, tools: toolConfig.tools, stream: route.pathStream === true && route.group === 'chat' }
  if (toolConfig.builtinTools.length > 0) request.builtinTools = toolConfig.builtinTools
  if (toolConfig.toolChoice !== undefined) request.toolChoice = toolConfig.toolChoice
  decodeInference(wire.inferenceConfig, request)
  const { thinking, top_k: topK, reasoningConfig, ...restExtra } = isObject(wire.additionalModelRequestFields) ? wire.additionalModelRequestFields : {}
  const outputConfig = isObject(wire.outputConfig) ? wire.outputConfig : {}
  const reasoning = decodeReasoning({ thinking, reasoningConfig }, outputConfig)
  if (reasoning !== undefined) request.reasoning = reasoning
  const k = optionalNumber(topK, 'additionalModelRequestFields.top_k')
  if (k !== undefined) request.topK = k
  const responseFormat = decodeResponseFormat(outputConfig)
  if (responseFormat !== undefined) request.responseFormat = responseFormat
  const fields = Object.fromEntries(Object.entries(wire).filter(([key]) => !KNOWN_FIELDS.has(key)))
  const extension: Record<string, unknown> = {}
  if (Object.keys(fields).length > 0) extension.fields = fields
  if (Object.keys(restExtra).length > 0) extension.additionalModelRequestFields = restExtra
  if (Object.keys(extension).length > 0) request.extensions = { bedrock: extension }
  return request
}
