/**
 * Canonical ChatRequest → Responses request, for OpenAI (and Azure, Copilot…) as an upstream.
 * Always stateless: `store: false`, and `include: ["reasoning.encrypted_content"]` so reasoning
 * comes back as a token the next turn can return — except for a model the catalog knows not to
 * reason, which OpenAI answers with 400 "Encrypted content is not supported with this model"
 * (gpt-4o, gpt-4.1, gpt-5-chat: pydantic/pydantic-ai#2865, #3326). `stop` and `top_k` do not
 * exist in Responses and are dropped with a warning.
 * @see ../../../../../shared/protocols/openai-responses.md §2
 * @see ../../../../../shared/protocols/mapping.md §8.1
 */
import type { ChatRequest, ReasoningConfig } from '../../model/index.ts'
import type { EncodeContext, UpstreamRequest } from '../codec.ts'
import { limitUserId } from '../openai/limit-user-id.ts'
import { INTERNAL_KEYS } from './decode-request.ts'
import { encodeInput } from './encode-input.ts'
import { encodeToolChoice, encodeTools } from './encode-tools.ts'
import { readToolOrigins } from './tool-origins.ts'
import type { WireResponsesRequest } from './wire.ts'

const ENCRYPTED_REASONING = 'reasoning.encrypted_content'
/** OpenAI rejects max_output_tokens below 16. */
const MIN_OUTPUT_TOKENS = 16

export function encodeOpenaiResponsesRequest(request: ChatRequest, context: EncodeContext): UpstreamRequest {
  const { warnings } = context
  const origins = readToolOrigins(request)
  const extension = request.extensions?.['openai-responses'] ?? {}
  const body: WireResponsesRequest = { model: context.upstreamModel, input: encodeInput(request.messages, origins, warnings), store: false }
  for (const [key, value] of Object.entries(extension)) if (!INTERNAL_KEYS.has(key)) body[key] = value
  body.store = false
  if (request.system.length > 0) {
    if (request.system.some((part) => part.cacheControl !== undefined)) {
      warnings.add('dropped-field', 'cache_control is not part of the Responses API; it was removed', 'cache_control')
    }
    body.instructions = request.system.map((part) => part.text).join('\n\n')
  }
  const tools = encodeTools(request, origins, warnings)
  if (tools.length > 0) {
    body.tools = tools
    if (request.parallelToolCalls === false) body.parallel_tool_calls = false
  }
  const toolChoice = encodeToolChoice(request, origins, tools.length)
  if (toolChoice !== undefined) body.tool_choice = toolChoice
  const maxTokens = encodeMaxOutputTokens(request, context)
  if (maxTokens !== undefined) body.max_output_tokens = maxTokens
  if (request.temperature !== undefined) body.temperature = request.temperature
  if (request.topP !== undefined) body.top_p = request.topP
  if (request.topK !== undefined) warnings.add('dropped-field', 'top_k is not part of the Responses API; it was dropped', 'top_k')
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) {
    warnings.add('dropped-field', 'The Responses API has no stop sequences; they were dropped', 'stop')
  }
  const reasoning = encodeReasoning(request, context, typeof extension.reasoning_summary === 'string' ? extension.reasoning_summary : undefined)
  if (reasoning !== undefined) body.reasoning = reasoning
  const text = encodeText(request, extension.text_verbosity)
  if (text !== undefined) body.text = text
  // A Responses client's safety_identifier already crossed as itself; only another id goes as user.
  if (request.user !== undefined && request.user !== body.safety_identifier) body.user = limitUserId(request.user, warnings)
  const include = encodeInclude(body.include, context)
  if (include.length > 0) body.include = include
  else delete body.include
  if (request.stream) body.stream = true
  else delete body.stream
  return { path: 'responses', body, stream: request.stream }
}

function encodeInclude(current: unknown, context: EncodeContext): string[] {
  const list = Array.isArray(current) ? current.filter((entry): entry is string => typeof entry === 'string') : []
  if (context.upstreamReasons !== false) return list.includes(ENCRYPTED_REASONING) ? list : [...list, ENCRYPTED_REASONING]
  if (list.includes(ENCRYPTED_REASONING)) {
    context.warnings.add('dropped-field', 'The upstream model does not reason; reasoning.encrypted_content was not requested', 'include')
  }
  return list.filter((entry) => entry !== ENCRYPTED_REASONING)
}

function encodeMaxOutputTokens(request: ChatRequest, context: EncodeContext): number | undefined {
  const requested = request.maxOutputTokens
  if (requested === undefined) return undefined
  const cap = context.maxOutputTokensCap
  if (cap !== undefined && requested > cap) {
    context.warnings.add('clamped-max-tokens', `max tokens ${requested} exceeds the model's output limit and was clamped to ${cap}`, 'max_output_tokens')
    return cap
  }
  if (requested < MIN_OUTPUT_TOKENS) {
    context.warnings.add('clamped-max-tokens', `max tokens ${requested} is below the Responses minimum and was raised to ${MIN_OUTPUT_TOKENS}`, 'max_output_tokens')
    return MIN_OUTPUT_TOKENS
  }
  return requested
}

/**
 * Like the OpenAI Chat encoder: an explicit effort or budget is sent unless the catalog knows the
 * model takes no reasoning control; Claude Code's always-on adaptive thinking only where the
 * model is known to reason. A summary is asked for so the client sees reasoning text.
 */
function encodeReasoning(request: ChatRequest, context: EncodeContext, summary: string | undefined): WireResponsesRequest['reasoning'] {
  const reasoning = request.reasoning
  if (reasoning === undefined) return undefined
  const fromResponsesClient = request.extensions?.['openai-responses'] !== undefined
  if (!reasoning.enabled) return fromResponsesClient && context.upstreamReasons !== false ? { effort: 'none' } : undefined
  const reasons = context.upstreamReasons
  if (reasons === false || (reasons === undefined && reasoning.adaptive === true && reasoning.effort === undefined)) {
    const why = reasons === false ? 'the upstream model takes no reasoning control' : 'adaptive thinking was left to a model not known to reason'
    context.warnings.add('dropped-field', `reasoning was not sent: ${why}`, 'reasoning')
    return undefined
  }
  const wire: NonNullable<WireResponsesRequest['reasoning']> = { summary: summary ?? 'auto' }
  const effort = effortOf(reasoning)
  if (effort !== undefined) wire.effort = effort
  return wire
}

/** @see mapping.md §7.3: budget < 2048 → low, < 16384 → medium, else high. */
function effortOf(reasoning: ReasoningConfig): string | undefined {
  if (reasoning.effort !== undefined) return reasoning.effort
  if (reasoning.budgetTokens !== undefined) return reasoning.budgetTokens < 2048 ? 'low' : reasoning.budgetTokens < 16384 ? 'medium' : 'high'
  return undefined
}

function encodeText(request: ChatRequest, verbosity: unknown): WireResponsesRequest['text'] {
  const text: NonNullable<WireResponsesRequest['text']> = {}
  const format = request.responseFormat
  if (format?.type === 'json-object') text.format = { type: 'json_object' }
  if (format?.type === 'text') text.format = { type: 'text' }
  if (format?.type === 'json-schema') {
    text.format = { type: 'json_schema', name: format.name, schema: format.schema }
    if (format.strict !== undefined) text.format.strict = format.strict
    if (format.description !== undefined) text.format.description = format.description
  }
  if (typeof verbosity === 'string') text.verbosity = verbosity
  return Object.keys(text).length > 0 ? text : undefined
}
