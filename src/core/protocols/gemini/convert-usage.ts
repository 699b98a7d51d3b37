/**
 * usageMetadata ⇄ canonical Usage. Gemini counts cache hits inside promptTokenCount (as the
 * canonical model does) but reports thoughts BESIDE candidatesTokenCount, so output adds them;
 * server-side tool results (toolUsePromptTokenCount) are input the user pays for. Streams send
 * running totals, which is what `usage` events mean too.
 * @see ../../../../../shared/protocols/gemini.md §7.2
 * @see ../../../../../shared/protocols/mapping.md §4.2
 */
import type { Usage } from '../../model/index.ts'
import { isObject, numberOrUndefined } from './read-json.ts'
import type { WireUsageMetadata } from './wire.ts'

export function decodeUsage(raw: unknown): Partial<Usage> | undefined {
  if (!isObject(raw)) return undefined
  const prompt = numberOrUndefined(raw.promptTokenCount)
  const candidates = numberOrUndefined(raw.candidatesTokenCount)
  const thoughts = numberOrUndefined(raw.thoughtsTokenCount)
  // Vertex chunks carry usageMetadata with only trafficType: nothing to report yet.
  if (prompt === undefined && candidates === undefined && thoughts === undefined) return undefined
  const toolUse = numberOrUndefined(raw.toolUsePromptTokenCount) ?? 0
  const usage: Partial<Usage> = { inputTokens: (prompt ?? 0) + toolUse, outputTokens: (candidates ?? 0) + (thoughts ?? 0) }
  const cached = numberOrUndefined(raw.cachedContentTokenCount)
  if (cached !== undefined) usage.cacheReadTokens = cached
  if (thoughts !== undefined) usage.reasoningTokens = thoughts
  return usage
}

export function encodeUsage(usage: Usage): WireUsageMetadata {
  const reasoning = Math.min(usage.reasoningTokens ?? 0, usage.outputTokens)
  const wire: WireUsageMetadata = {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: usage.outputTokens - reasoning,
    totalTokenCount: usage.inputTokens + usage.outputTokens,
  }
  if (usage.cacheReadTokens !== undefined && usage.cacheReadTokens > 0) wire.cachedContentTokenCount = usage.cacheReadTokens
  if (reasoning > 0) wire.thoughtsTokenCount = reasoning
  return wire
}
