/** The catalog's facts about an upstream model: exact id first, then the longest `prefix*` entry. */
import type { ModelInfo, ProviderPreset } from '../core/catalog/provider-preset.ts'

export function findModelInfo(preset: ProviderPreset | undefined, model: string): ModelInfo | undefined {
  const models = preset?.models ?? []
  const exact = models.find((info) => info.id === model)
  if (exact) return exact
  let best: ModelInfo | undefined
  for (const info of models) {
    if (!info.id.endsWith('*')) continue
    const prefix = info.id.slice(0, -1)
    if (model.startsWith(prefix) && (best === undefined || prefix.length >= best.id.length)) best = info
  }
  return best
}
