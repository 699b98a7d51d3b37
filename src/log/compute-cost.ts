/** Estimated cost from catalog prices (USD per million tokens), for rows the proxy did not price. */
import type { ModelInfo } from '../core/catalog/provider-preset.ts'
import type { Usage } from '../core/model/index.ts'

export type Price = NonNullable<ModelInfo['price']>

export type PriceLookup = (provider: string | undefined, model: string | undefined) => Price | undefined

/**
 * `inputTokens` includes cache reads and writes (core/model/usage.ts), so only the rest is billed
 * at the input price; cache tokens without a catalog price fall back to the input price.
 */
export function computeCostUsd(usage: Usage, price: Price): number {
  const cacheRead = usage.cacheReadTokens ?? 0
  const cacheWrite = usage.cacheWriteTokens ?? 0
  const uncached = Math.max(usage.inputTokens - cacheRead - cacheWrite, 0)
  const total =
    uncached * price.input +
    cacheRead * (price.cacheRead ?? price.input) +
    cacheWrite * (price.cacheWrite ?? price.input) +
    usage.outputTokens * price.output
  return total / 1_000_000
}

type PresetLike = { models?: ModelInfo[] }

/**
 * Builds a lookup over the catalog: an exact model id wins over `prefix*` entries, longer prefixes
 * over shorter. Answers are cached per (provider, model): the writer prices every row and the
 * catalog is fixed for the life of the process, while the scan over a provider's models is not free.
 */
export function catalogPriceLookup(findProvider: (id: string) => PresetLike | undefined): PriceLookup {
  const cache = new Map<string, Price | undefined>()
  return (provider, model) => {
    if (provider === undefined || model === undefined) return undefined
    const key = `${provider}\n${model}`
    if (cache.has(key)) return cache.get(key)
    const price = findPrice(findProvider(provider)?.models ?? [], model)
    // Bounded: model names come from clients, so a flood of made-up names must not grow memory.
    if (cache.size >= MAX_CACHED_PRICES) cache.clear()
    cache.set(key, price)
    return price
  }
}

const MAX_CACHED_PRICES = 1024

function findPrice(models: readonly ModelInfo[], model: string): Price | undefined {
  const exact = models.find((info) => info.id === model)
  if (exact) return exact.price
  let best: ModelInfo | undefined
  for (const info of models) {
    if (!info.id.endsWith('*') || !model.startsWith(info.id.slice(0, -1))) continue
    if (!best || info.id.length > best.id.length) best = info
  }
  return best?.price
}
