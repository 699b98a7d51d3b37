/**
 * Generation settings for an Anthropic upstream: the required max_tokens, thinking, and the
 * sampling/tool_choice limits thinking imposes. Every change is a warning.
 * @see ../../../../../shared/protocols/mapping.md §7.3, §12
 */
import type { ChatRequest, ReasoningEffort } from '../../model/index.ts'
import type { EncodeContext } from '../codec.ts'
import type { WireMessagesRequest, WireThinkingConfig, WireToolChoice } from './wire.ts'

/** mapping.md §7.3 (convention): effort → budget_tokens for models with a manual budget. */
const EFFORT_BUDGET: Record<ReasoningEffort, number> = {
  minimal: 1024, low: 2048, medium: 8192, high: 16384, xhigh: 32000, max: 32000,
}
const MIN_BUDGET = 1024
export const FALLBACK_MAX_TOKENS = 4096

type Generation = Pick<WireMessagesRequest, 'max_tokens' | 'thinking' | 'temperature' | 'top_p' | 'top_k' | 'output_config'>

function clampMaxTokens(request: ChatRequest, context: EncodeContext): number {
  const wanted = request.maxOutputTokens ?? context.defaultMaxOutputTokens ?? FALLBACK_MAX_TOKENS
  const cap = context.maxOutputTokensCap
  if (cap !== undefined && wanted > cap) {
    context.warnings.add('clamped-max-tokens', `max_tokens ${wanted} exceeds the model's limit; sent ${cap}`, 'max_tokens')
    return cap
  }
  return wanted
}

/** budget_tokens must be ≥ 1024 and < max_tokens; max_tokens is raised (within the cap) to fit it. */
function budgetThinking(budget: number, maxTokens: number, context: EncodeContext): { thinking?: WireThinkingConfig; maxTokens: number } {
  let wantedBudget = Math.max(Math.floor(budget), MIN_BUDGET)
  let newMax = maxTokens
  if (wantedBudget >= maxTokens) {
    newMax = wantedBudget + maxTokens
    const cap = context.maxOutputTokensCap
    if (cap !== undefined && newMax > cap) newMax = cap
    if (wantedBudget >= newMax) wantedBudget = newMax - 1
    context.warnings.add('raised-max-tokens', `max_tokens raised to ${newMax} to fit a thinking budget of ${wantedBudget}`, 'max_tokens')
  }
  if (wantedBudget < MIN_BUDGET) {
    context.warnings.add('dropped-reasoning', 'max_tokens leaves no room for the minimum thinking budget (1024)', 'thinking')
    return { maxTokens }
  }
  return { thinking: { type: 'enabled', budget_tokens: wantedBudget }, maxTokens: newMax }
}

function wireEffort(effort: ReasoningEffort): string {
  return effort === 'minimal' ? 'low' : effort
}

export function encodeGeneration(request: ChatRequest, context: EncodeContext): Generation {
  let maxTokens = clampMaxTokens(request, context)
  const generation: Partial<Generation> = {}
  const reasoning = request.reasoning
  if (reasoning?.enabled === false) generation.thinking = { type: 'disabled' }
  else if (reasoning?.adaptive) {
    generation.thinking = { type: 'adaptive' }
    if (reasoning.effort !== undefined) generation.output_config = { effort: wireEffort(reasoning.effort) }
  } else if (reasoning?.enabled) {
    const budgeted = budgetThinking(reasoning.budgetTokens ?? EFFORT_BUDGET[reasoning.effort ?? 'medium'], maxTokens, context)
    maxTokens = budgeted.maxTokens
    if (budgeted.thinking) generation.thinking = budgeted.thinking
  }
  const thinkingOn = generation.thinking !== undefined && generation.thinking.type !== 'disabled'
  if (request.temperature !== undefined) {
    if (thinkingOn && request.temperature !== 1) {
      context.warnings.add('dropped-field', 'temperature must be 1 with thinking; dropped', 'temperature')
    } else if (request.temperature > 1) {
      context.warnings.add('clamped-field', `temperature ${request.temperature} is above Anthropic's maximum 1`, 'temperature')
      generation.temperature = 1
    } else generation.temperature = request.temperature
  }
  if (request.topP !== undefined) {
    if (thinkingOn && request.topP < 0.95) context.warnings.add('dropped-field', 'top_p below 0.95 is not allowed with thinking', 'top_p')
    else generation.top_p = request.topP
  }
  if (request.topK !== undefined) {
    if (thinkingOn) context.warnings.add('dropped-field', 'top_k is not allowed with thinking', 'top_k')
    else generation.top_k = request.topK
  }
  return { ...generation, max_tokens: maxTokens }
}

export function encodeToolChoice(request: ChatRequest, thinkingOn: boolean, context: EncodeContext): WireToolChoice | undefined {
  let choice: WireToolChoice | undefined
  const wanted = request.toolChoice
  if (wanted === 'none') choice = { type: 'none' }
  else if (wanted === 'auto') choice = { type: 'auto' }
  else if (wanted === 'required') choice = { type: 'any' }
  else if (wanted !== undefined) choice = { type: 'tool', name: wanted.name }
  if (thinkingOn && (choice?.type === 'any' || choice?.type === 'tool')) {
    context.warnings.add('changed-tool-choice', 'forced tool_choice is incompatible with thinking; sent auto', 'tool_choice')
    choice = { type: 'auto' }
  }
  if (request.parallelToolCalls === false && request.tools.length > 0) {
    if (choice?.type === 'none') context.warnings.add('dropped-field', 'disable_parallel_tool_use is not allowed with tool_choice none', 'parallel_tool_calls')
    else choice = { ...(choice ?? { type: 'auto' }), disable_parallel_tool_use: true }
  }
  return choice
}
