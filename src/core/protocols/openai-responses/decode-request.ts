/**
 * Responses client request → canonical ChatRequest. The bridge is stateless: `store: true`,
 * `previous_response_id`, `conversation` and `background` need responses kept on a server, so
 * they are refused with a 400 that tells the client to resend the whole input (Codex over HTTP
 * already does: store false, full history with encrypted reasoning).
 * Fields the canonical model lacks ride in `extensions['openai-responses']`, with what the
 * encoders need to answer this client in its own terms (tool-origins.ts).
 * @see ../../../../../shared/protocols/openai-responses.md §2
 * @see ../../../../../shared/CLIENTS.md (Codex CLI)
 */
import { BridgeError } from '../../errors.ts'
import type { ChatRequest, ReasoningEffort, WarningSink } from '../../model/index.ts'
import type { RouteMatch } from '../codec.ts'
import { isObject } from '../openai/narrow.ts'
import { decodeInput, STATELESS_HINT } from './decode-input.ts'
import { decodeTextFormat, decodeToolChoice, decodeTools, emptyTools } from './decode-tools.ts'
import { isCompactRoute } from './routes.ts'
import { CUSTOM_TOOLS_KEY, NAMESPACED_TOOLS_KEY } from './tool-origins.ts'

/** Fields this decoder maps; everything else goes to the extension as it came. */
const MAPPED = new Set([
  'model', 'input', 'instructions', 'tools', 'tool_choice', 'parallel_tool_calls', 'max_output_tokens', 'temperature',
  'top_p', 'reasoning', 'text', 'user', 'stream', 'store', 'previous_response_id', 'conversation', 'background',
])

const EFFORTS: readonly string[] = ['minimal', 'low', 'medium', 'high', 'xhigh', 'max']

/** Extension keys that are the bridge's own notes, not wire fields. */
export const INTERNAL_KEYS = new Set([CUSTOM_TOOLS_KEY, NAMESPACED_TOOLS_KEY, 'tool_strict', 'tool_choice_raw', 'reasoning_summary', 'text_verbosity', 'operation'])

export function decodeOpenaiResponsesRequest(body: unknown, route: RouteMatch, warnings: WarningSink): ChatRequest {
  if (!isObject(body)) throw BridgeError.invalidRequest('The request body must be a JSON object')
  if (typeof body.model !== 'string' || body.model === '') throw BridgeError.invalidRequest('model must be a non-empty string')
  refuseStoredState(body)
  const tools = emptyTools()
  decodeTools(body.tools, 'tools', tools)
  const { system, messages } = decodeInput(body.input ?? [], tools, warnings)
  if (typeof body.instructions === 'string' && body.instructions !== '') system.unshift({ type: 'text', text: body.instructions })
  const compact = isCompactRoute(route)
  const request: ChatRequest = { model: body.model, system, messages, tools: tools.definitions, stream: !compact && body.stream === true }
  if (tools.builtins.length > 0) request.builtinTools = tools.builtins
  const extension: Record<string, unknown> = {}
  const toolChoice = decodeToolChoice(body.tool_choice, tools, warnings)
  if (toolChoice.choice !== undefined) request.toolChoice = toolChoice.choice
  if (toolChoice.raw !== undefined) extension.tool_choice_raw = toolChoice.raw
  if (typeof body.parallel_tool_calls === 'boolean') request.parallelToolCalls = body.parallel_tool_calls
  assignNumber(body, 'max_output_tokens', (value) => (request.maxOutputTokens = value))
  assignNumber(body, 'temperature', (value) => (request.temperature = value))
  assignNumber(body, 'top_p', (value) => (request.topP = value))
  decodeReasoning(body.reasoning, request, extension)
  const responseFormat = decodeTextFormat(body.text)
  if (responseFormat !== undefined) request.responseFormat = responseFormat
  if (isObject(body.text) && typeof body.text.verbosity === 'string') extension.text_verbosity = body.text.verbosity
  const user = typeof body.user === 'string' ? body.user : typeof body.safety_identifier === 'string' ? body.safety_identifier : undefined
  if (user !== undefined && user !== '') request.user = user
  for (const [key, value] of Object.entries(body)) if (!MAPPED.has(key)) extension[key] = value
  if (Object.keys(tools.strict).length > 0) extension.tool_strict = tools.strict
  if (Object.keys(tools.custom).length > 0) extension[CUSTOM_TOOLS_KEY] = tools.custom
  if (Object.keys(tools.namespaced).length > 0) extension[NAMESPACED_TOOLS_KEY] = tools.namespaced
  if (compact) extension.operation = 'compact'
  if (Object.keys(extension).length > 0) request.extensions = { 'openai-responses': extension }
  return request
}

function refuseStoredState(body: Record<string, unknown>): void {
  if (body.store === true) throw BridgeError.invalidRequest(`store: true is not supported: ${STATELESS_HINT}`)
  if (body.previous_response_id !== undefined && body.previous_response_id !== null) {
    throw BridgeError.invalidRequest(`previous_response_id is not supported: ${STATELESS_HINT}`)
  }
  if (body.conversation !== undefined && body.conversation !== null) {
    throw BridgeError.invalidRequest(`conversation is not supported: ${STATELESS_HINT}`)
  }
  if (body.background === true) throw BridgeError.invalidRequest(`background: true is not supported: ${STATELESS_HINT}`)
}

function assignNumber(body: Record<string, unknown>, field: string, assign: (value: number) => void): void {
  const value = body[field]
  if (value === undefined || value === null) return
  if (typeof value !== 'number' || !Number.isFinite(value)) throw BridgeError.invalidRequest(`${field} must be a number`)
  assign(value)
}

function decodeReasoning(value: unknown, request: ChatRequest, extension: Record<string, unknown>): void {
  if (value === undefined || value === null) return
  if (!isObject(value)) throw BridgeError.invalidRequest('reasoning must be an object')
  const summary = value.summary ?? value.generate_summary
  if (typeof summary === 'string') extension.reasoning_summary = summary
  const effort = value.effort
  if (effort === undefined || effort === null) return
  if (effort === 'none') {
    request.reasoning = { enabled: false }
    return
  }
  if (typeof effort !== 'string' || !EFFORTS.includes(effort)) {
    throw BridgeError.invalidRequest('reasoning.effort must be one of none, minimal, low, medium, high, xhigh, max')
  }
  request.reasoning = { enabled: true, effort: effort as ReasoningEffort }
}
