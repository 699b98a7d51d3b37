/**
 * Anthropic usage ⇄ canonical Usage. Anthropic reports cache reads and writes BESIDE
 * input_tokens; canonical inputTokens counts all input, so decoding adds them and encoding
 * subtracts them. Null or missing cache fields mean 0 (OpenRouter sends null).
 * @see ../../../../../shared/protocols/mapping.md §4.2
 */
import type { Usage } from '../../model/index.ts'
import { isObject, numberOrUndefined } from '../read-json.ts'
import type { WireUsage } from './wire.ts'

/** The raw counters, merged across message_start and message_delta (later non-null wins). */
export type RawAnthropicUsage = {
  input?: number
  output?: number
  cacheRead?: number
  cacheWrite?: number
  thinking?: number
}

export function mergeRawUsage(base: RawAnthropicUsage, wire: unknown): RawAnthropicUsage {
  if (!isObject(wire)) return base
  const details = isObject(wire.output_tokens_details) ? wire.output_tokens_details : {}
  const next: RawAnthropicUsage = { ...base }
  const input = numberOrUndefined(wire.input_tokens)
  const output = numberOrUndefined(wire.output_tokens)
  const cacheRead = numberOrUndefined(wire.cache_read_input_tokens)
  const cacheWrite = numberOrUndefined(wire.cache_creation_input_tokens)
  const thinking = numberOrUndefined(details.thinking_tokens)
  if (input !== undefined) next.input = input
  if (output !== undefined) next.output = output
  if (cacheRead !== undefined) next.cacheRead = cacheRead
  if (cacheWrite !== undefined) next.cacheWrite = cacheWrite
  if (thinking !== undefined) next.thinking = thinking
  return next
}

export function toCanonicalUsage(raw: RawAnthropicUsage): Partial<Usage> {
  const usage: Partial<Usage> = {}
  if (raw.input !== undefined) usage.inputTokens = raw.input + (raw.cacheRead ?? 0) + (raw.cacheWrite ?? 0)
  if (raw.output !== undefined) usage.outputTokens = raw.output
  if (raw.cacheRead !== undefined) usage.cacheReadTokens = raw.cacheRead
  if (raw.cacheWrite !== undefined) usage.cacheWriteTokens = raw.cacheWrite
  if (raw.thinking !== undefined) usage.reasoningTokens = raw.thinking
  return usage
}

export function decodeUsage(wire: unknown): Partial<Usage> {
  return toCanonicalUsage(mergeRawUsage({}, wire))
}

export function encodeUsage(usage: Partial<Usage> | undefined): WireUsage {
  const cacheRead = usage?.cacheReadTokens ?? 0
  const cacheWrite = usage?.cacheWriteTokens ?? 0
  const wire: WireUsage = {
    input_tokens: Math.max((usage?.inputTokens ?? 0) - cacheRead - cacheWrite, 0),
    output_tokens: usage?.outputTokens ?? 0,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  }
  if (usage?.reasoningTokens !== undefined) wire.output_tokens_details = { thinking_tokens: usage.reasoningTokens }
  return wire
}
