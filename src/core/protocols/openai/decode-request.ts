/**
 * OpenAI Chat client request → canonical ChatRequest. Invalid shapes → BridgeError naming the
 * field; fields the canonical model lacks ride in `extensions.openai` for a same-protocol encode.
 * `n > 1` is rejected: the bridge yields one choice, and a client that asked for several would
 * silently index a missing `choices[1]`.
 * @see ../../../../../shared/protocols/openai-chat.md §3
 * @see ../../../../../shared/protocols/mapping.md §2
 */
import { BridgeError } from '../../errors.ts'
import type { ChatRequest, ReasoningEffort, WarningSink } from '../../model/index.ts'
import type { RouteMatch } from '../codec.ts'
import { decodeMessages } from './decode-messages.ts'
import { decodeResponseFormat, decodeToolChoice, decodeTools } from './decode-tools.ts'
import { isObject } from './narrow.ts'

/** Fields this decoder maps; everything else goes to extensions.openai. */
const MAPPED = new Set([
  'model', 'messages', 'tools', 'functions', 'tool_choice', 'function_call', 'parallel_tool_calls', 'max_tokens',
  'max_completion_tokens', 'temperature', 'top_p', 'stop', 'reasoning_effort', 'response_format', 'user', 'stream', 'n',
])

const EFFORTS: readonly string[] = ['minimal', 'low', 'medium', 'high', 'xhigh', 'max']

export function decodeOpenaiRequest(body: unknown, _route: RouteMatch, warnings: WarningSink): ChatRequest {
  if (!isObject(body)) throw BridgeError.invalidRequest('The request body must be a JSON object')
  if (typeof body.model !== 'string' || body.model === '') throw BridgeError.invalidRequest('model must be a non-empty string')
  const n = numberField(body, 'n')
  if (n !== undefined && n !== 1) throw BridgeError.invalidRequest('n must be 1: the bridge returns a single choice')
  const { system, messages } = decodeMessages(body.messages, warnings)
  const tools = decodeTools(body, warnings)
  const request: ChatRequest = { model: body.model, system, messages, tools: tools.definitions, stream: body.stream === true }
  const toolChoice = decodeToolChoice(body, warnings)
  if (toolChoice !== undefined) request.toolChoice = toolChoice
  if (typeof body.parallel_tool_calls === 'boolean') request.parallelToolCalls = body.parallel_tool_calls
  const maxTokens = numberField(body, 'max_completion_tokens') ?? numberField(body, 'max_tokens')
  if (maxTokens !== undefined) request.maxOutputTokens = maxTokens
  const temperature = numberField(body, 'temperature')
  if (temperature !== undefined) request.temperature = temperature
  const topP = numberField(body, 'top_p')
  if (topP !== undefined) request.topP = topP
  const stop = decodeStop(body.stop)
  if (stop !== undefined) request.stopSequences = stop
  const reasoning = decodeReasoningEffort(body.reasoning_effort)
  if (reasoning !== undefined) request.reasoning = reasoning
  const responseFormat = decodeResponseFormat(body.response_format)
  if (responseFormat !== undefined) request.responseFormat = responseFormat
  if (typeof body.user === 'string') request.user = body.user
  const extensions: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(body)) if (!MAPPED.has(key)) extensions[key] = value
  if (tools.strict !== undefined) extensions.tool_strict = tools.strict
  if (Object.keys(extensions).length > 0) request.extensions = { openai: extensions }
  return request
}

function numberField(body: Record<string, unknown>, field: string): number | undefined {
  const value = body[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value)) throw BridgeError.invalidRequest(`${field} must be a number`)
  return value
}

function decodeStop(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return [value]
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[]
  throw BridgeError.invalidRequest('stop must be a string or an array of strings')
}

function decodeReasoningEffort(value: unknown): ChatRequest['reasoning'] {
  if (value === undefined || value === null) return undefined
  if (value === 'none') return { enabled: false }
  if (typeof value !== 'string' || !EFFORTS.includes(value)) {
    throw BridgeError.invalidRequest('reasoning_effort must be one of none, minimal, low, medium, high, xhigh, max')
  }
  return { enabled: true, effort: value as ReasoningEffort }
}
