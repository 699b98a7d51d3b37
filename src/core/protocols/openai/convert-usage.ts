/**
 * OpenAI usage ⇄ canonical Usage. Both count cached tokens inside the input total, so
 * inputTokens = prompt_tokens unchanged.
 * Differences handled here:
 * - DeepSeek reports cache hits as top-level `prompt_cache_hit_tokens`;
 * - xAI's `completion_tokens` EXCLUDES reasoning (`total = prompt + completion + reasoning`,
 *   fixture xai-reasoning-tool-call.*): detected from the arithmetic, reasoning added back so
 *   that canonical outputTokens always includes reasoning.
 * @see ../../../../../shared/protocols/openai-chat.md §7.2
 * @see ../../../../../shared/protocols/mapping.md §4.2
 */
import type { Usage } from '../../model/index.ts'
import { isObject, optionalNumber } from './narrow.ts'
import type { WireUsage } from './wire.ts'

export function decodeUsage(raw: unknown): Partial<Usage> | undefined {
  if (!isObject(raw)) return undefined
  const prompt = optionalNumber(raw.prompt_tokens)
  const completion = optionalNumber(raw.completion_tokens)
  if (prompt === undefined && completion === undefined) return undefined
  const promptDetails = isObject(raw.prompt_tokens_details) ? raw.prompt_tokens_details : {}
  const completionDetails = isObject(raw.completion_tokens_details) ? raw.completion_tokens_details : {}
  const usage: Partial<Usage> = { inputTokens: prompt ?? 0, outputTokens: completion ?? 0 }
  const cacheRead = optionalNumber(promptDetails.cached_tokens) ?? optionalNumber(raw.prompt_cache_hit_tokens)
  const cacheWrite = optionalNumber(promptDetails.cache_write_tokens)
  const reasoning = optionalNumber(completionDetails.reasoning_tokens)
  if (cacheRead !== undefined) usage.cacheReadTokens = cacheRead
  if (cacheWrite !== undefined) usage.cacheWriteTokens = cacheWrite
  if (reasoning !== undefined) {
    usage.reasoningTokens = reasoning
    const total = optionalNumber(raw.total_tokens)
    const excludesReasoning = reasoning > 0 && total === (prompt ?? 0) + (completion ?? 0) + reasoning
    if (excludesReasoning) usage.outputTokens = (completion ?? 0) + reasoning
  }
  return usage
}

export function encodeUsage(usage: Usage): WireUsage {
  const wire: WireUsage = {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
  }
  const promptDetails: NonNullable<WireUsage['prompt_tokens_details']> = { cached_tokens: usage.cacheReadTokens ?? 0 }
  if (usage.cacheWriteTokens !== undefined) promptDetails.cache_write_tokens = usage.cacheWriteTokens
  wire.prompt_tokens_details = promptDetails
  if (usage.reasoningTokens !== undefined) wire.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens }
  return wire
}
