/**
 * Responses usage ⇄ canonical Usage. Same convention as canonical: `input_tokens` includes cached
 * tokens (`input_tokens_details.cached_tokens` is the cached subset) and `output_tokens` includes
 * `output_tokens_details.reasoning_tokens`. The encoder always writes both detail objects: Codex
 * reconnects and replays the turn when `response.completed` lacks them (LESSONS #27).
 * @see ../../../../../shared/protocols/openai-responses.md §7.1
 * @see ../../../../../shared/protocols/mapping.md §4.2
 */
import type { Usage } from '../../model/index.ts'
import { isObject, optionalNumber } from '../openai/narrow.ts'
import type { WireUsage } from './wire.ts'

export function decodeUsage(raw: unknown): Partial<Usage> | undefined {
  if (!isObject(raw)) return undefined
  const input = optionalNumber(raw.input_tokens)
  const output = optionalNumber(raw.output_tokens)
  if (input === undefined && output === undefined) return undefined
  const usage: Partial<Usage> = { inputTokens: input ?? 0, outputTokens: output ?? 0 }
  const inputDetails = isObject(raw.input_tokens_details) ? raw.input_tokens_details : {}
  const outputDetails = isObject(raw.output_tokens_details) ? raw.output_tokens_details : {}
  const cacheRead = optionalNumber(inputDetails.cached_tokens)
  const cacheWrite = optionalNumber(inputDetails.cache_write_tokens)
  const reasoning = optionalNumber(outputDetails.reasoning_tokens)
  if (cacheRead !== undefined) usage.cacheReadTokens = cacheRead
  if (cacheWrite !== undefined) usage.cacheWriteTokens = cacheWrite
  if (reasoning !== undefined) usage.reasoningTokens = reasoning
  return usage
}

export function encodeUsage(usage: Usage | undefined): WireUsage {
  const input = usage?.inputTokens ?? 0
  const output = usage?.outputTokens ?? 0
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage?.cacheReadTokens ?? 0, cache_write_tokens: usage?.cacheWriteTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage?.reasoningTokens ?? 0 },
    total_tokens: input + output,
  }
}
