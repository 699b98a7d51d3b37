/**
 * Bedrock TokenUsage ⇄ canonical Usage. Bedrock reports cache reads and writes BESIDE inputTokens
 * (bedrock-nova-cache-read.json: inputTokens 0, cacheReadInputTokens 27, totalTokens 75 = 0 + 27
 * + 48), as Anthropic does; canonical inputTokens counts all input, so decoding adds them and
 * encoding subtracts them. Reasoning tokens are inside outputTokens with no separate count.
 * @see ../../../../../shared/protocols/mapping.md §4.2
 */
import type { Usage } from '../../model/index.ts'
import { isObject, numberOrUndefined } from './read-json.ts'
import type { WireUsage } from './wire.ts'

export function decodeUsage(wire: unknown): Partial<Usage> {
  if (!isObject(wire)) return {}
  const input = numberOrUndefined(wire.inputTokens)
  const output = numberOrUndefined(wire.outputTokens)
  const cacheRead = numberOrUndefined(wire.cacheReadInputTokens) ?? numberOrUndefined(wire.cacheReadInputTokenCount)
  const cacheWrite = numberOrUndefined(wire.cacheWriteInputTokens) ?? numberOrUndefined(wire.cacheWriteInputTokenCount)
  const usage: Partial<Usage> = {}
  if (input !== undefined) usage.inputTokens = input + (cacheRead ?? 0) + (cacheWrite ?? 0)
  if (output !== undefined) usage.outputTokens = output
  if (cacheRead !== undefined) usage.cacheReadTokens = cacheRead
  if (cacheWrite !== undefined) usage.cacheWriteTokens = cacheWrite
  return usage
}

export function encodeUsage(usage: Partial<Usage> | undefined): WireUsage {
  const cacheRead = usage?.cacheReadTokens ?? 0
  const cacheWrite = usage?.cacheWriteTokens ?? 0
  const allInput = usage?.inputTokens ?? 0
  const output = usage?.outputTokens ?? 0
  const wire: WireUsage = {
    inputTokens: Math.max(allInput - cacheRead - cacheWrite, 0),
    outputTokens: output,
    totalTokens: Math.max(allInput, cacheRead + cacheWrite) + output,
  }
  if (usage?.cacheReadTokens !== undefined) wire.cacheReadInputTokens = cacheRead
  if (usage?.cacheWriteTokens !== undefined) wire.cacheWriteInputTokens = cacheWrite
  return wire
}
