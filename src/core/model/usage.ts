/**
 * One meaning of usage everywhere: `inputTokens` is ALL input, cache reads and writes included
 * (OpenAI's convention); Anthropic reports cache tokens beside input_tokens, so its
 * convert-usage adds them. `outputTokens` includes reasoning tokens.
 */
export type Usage = {
  inputTokens: number
  outputTokens: number
  cacheReadTokens?: number
  cacheWriteTokens?: number
  reasoningTokens?: number
  /** True when the bridge estimated the numbers because the upstream gave none. */
  estimated?: boolean
}

/** Later reports override earlier ones field by field: upstreams send running or final totals. */
export function mergeUsage(base: Usage | undefined, update: Partial<Usage>): Usage {
  const merged: Usage = { inputTokens: 0, outputTokens: 0, ...base }
  for (const [key, value] of Object.entries(update) as Array<[keyof Usage, Usage[keyof Usage]]>) {
    if (value !== undefined) (merged as Record<keyof Usage, unknown>)[key] = value
  }
  return merged
}
