/**
 * Canonical settings → generationConfig for a Gemini upstream. Reasoning: Gemini 3 models take an
 * effort as `thinkingLevel`, Gemini 2.5 a `thinkingBudget` (mapping.md §7.3's numbers); never
 * both. Thinking cannot be turned off on Gemini 3 (sent as LOW, with a warning). includeThoughts
 * is set whenever reasoning is on, so the client gets the reasoning it asked for.
 * @see ../../../../../shared/protocols/gemini.md §3.1
 * @see ../../../../../shared/protocols/mapping.md §7.3, §10.1
 */
import type { ChatRequest, ReasoningEffort } from '../../model/index.ts'
import type { EncodeContext } from '../codec.ts'
import { isObject } from './read-json.ts'
import type { WireGenerationConfig, WireThinkingConfig, WireThinkingLevel } from './wire.ts'

const EFFORT_BUDGET: Record<ReasoningEffort, number> = {
  minimal: 1024, low: 2048, medium: 8192, high: 16384, xhigh: 32000, max: 32000,
}
const EFFORT_LEVEL: Record<ReasoningEffort, WireThinkingLevel> = {
  minimal: 'MINIMAL', low: 'LOW', medium: 'MEDIUM', high: 'HIGH', xhigh: 'HIGH', max: 'HIGH',
}
const MAX_STOP_SEQUENCES = 5

/** thinkingBudget ranges Gemini 2.5 enforces (400 outside them): Flash 0–24576, Pro 128–32768. */
function budgetRange(model: string): { min: number; max: number } {
  if (/flash/i.test(model)) return { min: 0, max: 24576 }
  if (/gemini-2\.5-pro/i.test(model)) return { min: 128, max: 32768 }
  return { min: 0, max: 32768 }
}

function encodeBudget(budget: number, context: EncodeContext): number {
  const { min, max } = budgetRange(context.upstreamModel)
  const clamped = Math.min(max, Math.max(min, Math.floor(budget)))
  if (clamped !== Math.floor(budget)) {
    const message = budget === 0 ? 'this model cannot turn thinking off; sent its smallest thinking budget' : `thinking budget ${budget} outside this model's range; sent ${clamped}`
    context.warnings.add(budget === 0 ? 'approximated-reasoning' : 'clamped-reasoning-budget', message, 'thinkingConfig.thinkingBudget')
  }
  return clamped
}

/** Gemini 3 and later take thinkingLevel; earlier and unknown models a budget. */
export function usesThinkingLevel(model: string): boolean {
  const major = /gemini-(\d+)/i.exec(model)?.[1]
  return major !== undefined && Number(major) >= 3
}

function encodeThinking(request: ChatRequest, context: EncodeContext): WireThinkingConfig | undefined {
  const reasoning = request.reasoning
  const includeThoughts = request.extensions?.gemini?.includeThoughts
  if (reasoning === undefined) return typeof includeThoughts === 'boolean' ? { includeThoughts } : undefined
  if (context.upstreamReasons === false) {
    if (reasoning.enabled) context.warnings.add('dropped-reasoning', 'the upstream model does not reason; thinking settings dropped', 'thinkingConfig')
    return undefined
  }
  const levels = usesThinkingLevel(context.upstreamModel)
  if (!reasoning.enabled) {
    if (!levels) return { thinkingBudget: encodeBudget(0, context) }
    context.warnings.add('approximated-reasoning', 'Gemini 3 models cannot turn thinking off; sent the LOW level', 'thinkingConfig')
    return { thinkingLevel: 'LOW' }
  }
  if (reasoning.budgetTokens !== undefined) return { includeThoughts: true, thinkingBudget: encodeBudget(reasoning.budgetTokens, context) }
  if (reasoning.effort === undefined) return { includeThoughts: true }
  if (!levels) return { includeThoughts: true, thinkingBudget: encodeBudget(EFFORT_BUDGET[reasoning.effort], context) }
  if (reasoning.effort === 'xhigh' || reasoning.effort === 'max') {
    context.warnings.add('clamped-reasoning-effort', `reasoning effort ${reasoning.effort} sent as Gemini's highest level, HIGH`, 'thinkingConfig.thinkingLevel')
  }
  return { includeThoughts: true, thinkingLevel: EFFORT_LEVEL[reasoning.effort] }
}

function clampMaxTokens(wanted: number | undefined, context: EncodeContext): number | undefined {
  const cap = context.maxOutputTokensCap
  if (wanted === undefined || cap === undefined || wanted <= cap) return wanted
  context.warnings.add('clamped-max-tokens', `max output tokens ${wanted} exceeds the model's limit; sent ${cap}`, 'maxOutputTokens')
  return cap
}

export function encodeGeneration(request: ChatRequest, context: EncodeContext): WireGenerationConfig | undefined {
  const config: WireGenerationConfig = {}
  const maxOutputTokens = clampMaxTokens(request.maxOutputTokens, context)
  if (maxOutputTokens !== undefined) config.maxOutputTokens = maxOutputTokens
  if (request.temperature !== undefined) config.temperature = request.temperature
  if (request.topP !== undefined) config.topP = request.topP
  if (request.topK !== undefined) config.topK = request.topK
  if (request.stopSequences && request.stopSequences.length > 0) {
    if (request.stopSequences.length > MAX_STOP_SEQUENCES) {
      context.warnings.add('clamped-stop-sequences', `Gemini takes at most ${MAX_STOP_SEQUENCES} stop sequences; the rest were dropped`, 'stopSequences')
    }
    config.stopSequences = request.stopSequences.slice(0, MAX_STOP_SEQUENCES)
  }
  const format = request.responseFormat
  if (format?.type === 'json-object') config.responseMimeType = 'application/json'
  else if (format?.type === 'json-schema') {
    config.responseMimeType = 'application/json'
    config.responseJsonSchema = format.schema
  }
  const thinking = encodeThinking(request, context)
  if (thinking !== undefined) config.thinkingConfig = thinking
  const extra = request.extensions?.gemini?.generationConfig
  if (isObject(extra)) for (const [key, value] of Object.entries(extra)) if (!(key in config)) config[key] = value
  return Object.keys(config).length > 0 ? config : undefined
}
