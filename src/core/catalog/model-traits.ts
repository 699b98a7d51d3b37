/**
 * The request-shaping traits of one model: the preset's defaults, overridden field by field by
 * the model's own entry (a model's reasoningFormat replaces the default one whole).
 */
import type { ModelInfo, ModelTraits, ProviderPreset } from './provider-preset.ts'

export function modelTraits(preset: ProviderPreset | undefined, info: ModelInfo | undefined): ModelTraits {
  const traits: ModelTraits = { ...preset?.modelDefaults }
  if (info === undefined) return traits
  if (info.maxTokensField !== undefined) traits.maxTokensField = info.maxTokensField
  if (info.toolChoice !== undefined) traits.toolChoice = info.toolChoice
  if (info.cacheControl !== undefined) traits.cacheControl = info.cacheControl
  if (info.toolCallId !== undefined) traits.toolCallId = info.toolCallId
  if (info.reasoningFormat !== undefined) traits.reasoningFormat = info.reasoningFormat
  return traits
}
