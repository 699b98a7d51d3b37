/**
 * Generation settings for a Bedrock upstream: inferenceConfig, and the model-native extras in
 * additionalModelRequestFields (Claude `thinking` and `top_k`, Nova `reasoningConfig` and
 * `inferenceConfig.topK`, gpt-oss `reasoning_effort`). Every change is a warning.
 * @see ../../../../../shared/protocols/bedrock-converse.md §3
 * @see ../../../../../shared/protocols/mapping.md §7.3, §11
 */
import type { ChatRequest, ReasoningEffort } from '../../model/index.ts'
import type { EncodeContext } from '../codec.ts'
import { modelFamily } from './model-family.ts'
import type { WireInferenceConfig } from './wire.ts'

/** mapping.md §7.3 (convention): effort → budget_tokens for a manual thinking budget. */
const EFFORT_BUDGET: Record<ReasoningEffort, number> = { minimal: 1024, low: 2048, medium: 8192, high: 16384, xhigh: 32000, max: 32000 }
const MIN_BUDGET = 1024
/** Claude on Bedrock has small model defaults; an explicit maxTokens avoids silent truncation. */
export const FALLBACK_MAX_TOKENS = 4096

export type Generation = { inferenceConfig: WireInferenceConfig; extra: Record<string, unknown>; thinkingOn: boolean }

function clampMaxTokens(request: ChatRequest, context: EncodeContext): number {
  const wanted = request.maxOutputTokens ?? context.defaultMaxOutputTokens ?? FALLBACK_MAX_TOKENS
  const cap = context.maxOutputTokensCap
  if (cap !== undefined && wanted > cap) {
    context.warnings.add('clamped-max-tokens', `maxTokens ${wanted} exceeds the model's limit; sent ${cap}`, 'maxTokens')
    return cap
  }
  return wanted
}

/** Claude: budget_tokens ≥ 1024 and < maxTokens; maxTokens is raised (within the cap) to fit it. */
function claudeThinking(request: ChatRequest, generation: Generation, context: EncodeContext): void {
  const reasoning = request.reasoning
  if (!reasoning?.enabled) return
  if (reasoning.adaptive) {
    generation.extra.thinking = { type: 'adaptive' }
    if (reasoning.effort !== undefined) generation.extra.output_config = { effort: reasoning.effort === 'minimal' ? 'low' : reasoning.effort }
    generation.thinkingOn = true
    return
  }
  const maxTokens = generation.inferenceConfig.maxTokens ?? FALLBACK_MAX_TOKENS
  let budget = Math.max(Math.floor(reasoning.budgetTokens ?? EFFORT_BUDGET[reasoning.effort ?? 'medium']), MIN_BUDGET)
  let newMax = maxTokens
  if (budget >= maxTokens) {
    newMax = Math.min(budget + maxTokens, context.maxOutputTokensCap ?? Number.POSITIVE_INFINITY)
    if (budget >= newMax) budget = newMax - 1
    context.warnings.add('raised-max-tokens', `maxTokens raised to ${newMax} to fit a thinking budget of ${budget}`, 'maxTokens')
  }
  if (budget < MIN_BUDGET) {
    context.warnings.add('dropped-reasoning', 'maxTokens leaves no room for the minimum thinking budget (1024)', 'thinking')
    return
  }
  generation.inferenceConfig.maxTokens = newMax
  generation.extra.thinking = { type: 'enabled', budget_tokens: budget }
  generation.thinkingOn = true
}

function lowMediumHigh(effort: ReasoningEffort | undefined): 'low' | 'medium' | 'high' {
  if (effort === 'minimal' || effort === 'low') return 'low'
  return effort === 'high' || effort === 'xhigh' || effort === 'max' ? 'high' : 'medium'
}

function encodeReasoning(request: ChatRequest, generation: Generation, context: EncodeContext): void {
  const family = modelFamily(context.upstreamModel)
  if (family === 'anthropic') claudeThinking(request, generation, context)
  else if (request.reasoning?.enabled && family === 'nova') {
    generation.extra.reasoningConfig = { type: 'enabled', maxReasoningEffort: lowMediumHigh(request.reasoning.effort) }
  } else if (request.reasoning?.enabled && family === 'openai') {
    generation.extra.reasoning_effort = lowMediumHigh(request.reasoning.effort)
  } else if (request.reasoning?.enabled) {
    context.warnings.add('dropped-reasoning', 'no known reasoning control for this Bedrock model', 'additionalModelRequestFields')
  }
}

/** Sampling settings, within the limits Claude's thinking imposes. */
function encodeSampling(request: ChatRequest, generation: Generation, context: EncodeContext): void {
  const { thinkingOn, inferenceConfig } = generation
  if (request.temperature !== undefined) {
    if (thinkingOn && request.temperature !== 1) context.warnings.add('dropped-field', 'temperature must be 1 with thinking; dropped', 'temperature')
    else inferenceConfig.temperature = request.temperature
  }
  if (request.topP !== undefined) {
    if (thinkingOn && request.topP < 0.95) context.warnings.add('dropped-field', 'topP below 0.95 is not allowed with thinking', 'topP')
    else inferenceConfig.topP = request.topP
  }
  if (request.stopSequences && request.stopSequences.length > 0) inferenceConfig.stopSequences = request.stopSequences
  if (request.topK === undefined) return
  const family = modelFamily(context.upstreamModel)
  if (thinkingOn) context.warnings.add('dropped-field', 'top_k is not allowed with thinking', 'top_k')
  else if (family === 'anthropic') generation.extra.top_k = request.topK
  else if (family === 'nova') generation.extra.inferenceConfig = { topK: request.topK }
  else context.warnings.add('dropped-field', 'no known top_k field for this Bedrock model', 'top_k')
}

export function encodeGeneration(request: ChatRequest, context: EncodeContext): Generation {
  const generation: Generation = { inferenceConfig: { maxTokens: clampMaxTokens(request, context) }, extra: {}, thinkingOn: false }
  encodeReasoning(request, generation, context)
  encodeSampling(request, generation, context)
  return generation
}
