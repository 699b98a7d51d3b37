/**
 * Canonical ChatRequest → OpenAI Chat wire body, for Claude Code → Groq/DeepSeek/OpenRouter/...
 * Defaults suit most compatible servers (`max_tokens`, reasoning_content echoed back); named
 * patches (core/patches) adapt the body for upstreams that differ.
 * @see ../../../../../shared/protocols/mapping.md §1, §7.3
 */
import type { ChatRequest, ReasoningConfig } from '../../model/index.ts'
import { builtinToolsFor } from '../builtin-tools.ts'
import type { EncodeContext, UpstreamRequest } from '../codec.ts'
import { dropBreakpoint, textContent, textPart } from './cache-breakpoints.ts'
import { encodeAssistantTurn } from './encode-assistant-turn.ts'
import { encodeUserTurn } from './encode-user-turn.ts'
import { limitUserId } from './limit-user-id.ts'
import type { WireChatRequest, WireMessage, WireTool, WireToolChoice } from './wire.ts'

/** Bridge-internal extension keys that are not wire fields. */
const INTERNAL_EXTENSIONS = new Set(['tool_strict', 'stream_options'])

export function encodeOpenaiRequest(request: ChatRequest, context: EncodeContext): UpstreamRequest {
  const body: WireChatRequest = { model: context.upstreamModel, messages: encodeMessages(request, context) }
  const sameProtocol = request.extensions?.openai ?? {}
  for (const [key, value] of Object.entries(sameProtocol)) if (!INTERNAL_EXTENSIONS.has(key)) body[key] = value
  // OpenAI Chat has no built-in tools a client of another protocol could have sent.
  builtinToolsFor(request, 'openai', context.warnings)
  if (request.tools.length > 0) {
    body.tools = encodeTools(request, context)
    if (request.parallelToolCalls === false) body.parallel_tool_calls = false
  }
  const toolChoice = encodeToolChoice(request)
  if (toolChoice !== undefined) body.tool_choice = toolChoice
  const maxTokens = clampMaxTokens(request, context)
  if (maxTokens !== undefined) body.max_tokens = maxTokens
  if (request.temperature !== undefined) body.temperature = request.temperature
  if (request.topP !== undefined) body.top_p = request.topP
  if (request.topK !== undefined) context.warnings.add('dropped-field', 'top_k is not part of OpenAI Chat; it was dropped', 'top_k')
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) body.stop = encodeStop(request.stopSequences, context)
  const effort = encodeReasoningEffort(request.reasoning)
  if (effort !== undefined && sendsReasoningEffort(request, context)) body.reasoning_effort = effort
  if (request.reasoning?.effort === 'xhigh' || request.reasoning?.effort === 'max') {
    context.warnings.add('clamped-field', `reasoning effort ${request.reasoning.effort} was lowered to high`, 'reasoning_effort')
  }
  const format = request.responseFormat
  if (format?.type === 'json-object') body.response_format = { type: 'json_object' }
  if (format?.type === 'json-schema') {
    const { name, schema, strict, description } = format
    body.response_format = { type: 'json_schema', json_schema: { name, schema, ...(strict === undefined ? {} : { strict }), ...(description === undefined ? {} : { description }) } }
  }
  if (request.user !== undefined) body.user = limitUserId(request.user, context.warnings)
  if (request.stream) {
    body.stream = true
    // Without it OpenAI streams carry no usage at all (LESSONS #10).
    body.stream_options = { include_usage: true }
  }
  return { path: 'chat/completions', body, stream: request.stream }
}

function encodeMessages(request: ChatRequest, context: EncodeContext): WireMessage[] {
  const messages: WireMessage[] = []
  if (request.system.length > 0) {
    const parts = request.system.map((part) => textPart(part, context.cacheControl === true, context.warnings))
    messages.push({ role: 'system', content: textContent(parts, '\n\n') })
  }
  let callOrder: string[] = []
  for (const message of request.messages) {
    if (message.role === 'user') {
      messages.push(...encodeUserTurn(message.content, callOrder, context.warnings, context.cacheControl === true))
      continue
    }
    callOrder = message.content.flatMap((part) => (part.type === 'tool-call' ? [part.id] : []))
    const assistant = encodeAssistantTurn(message.content, context.warnings)
    if (assistant !== undefined) messages.push(assistant)
  }
  return messages
}

function encodeTools(request: ChatRequest, context: EncodeContext): WireTool[] {
  const strict = request.extensions?.openai?.tool_strict as Record<string, boolean> | undefined
  return request.tools.map((tool) => {
    // OpenAI Chat tools have no slot for a breakpoint, even where text parts take one.
    dropBreakpoint(tool.cacheControl, context.warnings)
    const fn: WireTool['function'] = { name: tool.name, parameters: tool.inputSchema }
    if (tool.description !== undefined) fn.description = tool.description
    const isStrict = strict?.[tool.name]
    if (typeof isStrict === 'boolean') fn.strict = isStrict
    return { type: 'function', function: fn }
  })
}

function encodeToolChoice(request: ChatRequest): WireToolChoice | undefined {
  const choice = request.toolChoice
  if (choice === undefined) return undefined
  if (typeof choice === 'string') return request.tools.length === 0 && choice !== 'none' ? undefined : choice
  return { type: 'function', function: { name: choice.name } }
}

function clampMaxTokens(request: ChatRequest, context: EncodeContext): number | undefined {
  // OpenAI Chat does not require max tokens, so no default is invented.
  const requested = request.maxOutputTokens
  const cap = context.maxOutputTokensCap
  if (requested === undefined || cap === undefined || requested <= cap) return requested
  context.warnings.add('clamped-max-tokens', `max tokens ${requested} exceeds the model's output limit and was clamped to ${cap}`, 'max_tokens')
  return cap
}

function encodeStop(stop: string[], context: EncodeContext): string[] {
  if (stop.length <= 4) return stop
  context.warnings.add('clamped-field', `OpenAI accepts at most 4 stop sequences; ${stop.length - 4} were dropped`, 'stop')
  return stop.slice(0, 4)
}

/** @see mapping.md §7.3: budget < 2048 → low, < 16384 → medium, else high. */
function encodeReasoningEffort(reasoning: ReasoningConfig | undefined): string | undefined {
  if (reasoning === undefined || !reasoning.enabled) return undefined
  if (reasoning.effort === 'xhigh' || reasoning.effort === 'max') return 'high'
  if (reasoning.effort !== undefined) return reasoning.effort
  if (reasoning.budgetTokens !== undefined) return reasoning.budgetTokens < 2048 ? 'low' : reasoning.budgetTokens < 16384 ? 'medium' : 'high'
  return undefined
}

/**
 * Non-reasoning models (gpt-4o, Llama on Groq) answer 400 to reasoning_effort. Claude Code turns
 * adaptive thinking on for every request, which only says "the model may think": send the effort
 * only to a model the catalog knows to reason. An explicit thinking budget is the client's own
 * request and is sent unless the catalog knows the model cannot take it.
 */
function sendsReasoningEffort(request: ChatRequest, context: EncodeContext): boolean {
  const reasons = context.upstreamReasons
  const send = reasons === true || (reasons === undefined && request.reasoning?.adaptive !== true)
  if (!send) {
    const why = reasons === false ? 'the upstream model takes no reasoning control' : 'adaptive thinking was left to a model not known to reason'
    context.warnings.add('dropped-field', `reasoning_effort was not sent: ${why}`, 'reasoning_effort')
  }
  return send
}

