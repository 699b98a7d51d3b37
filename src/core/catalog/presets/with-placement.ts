/**
 * One provider's models served on two wires (an OpenAI-compatible and an Anthropic-compatible
 * endpoint) carry their reasoning in that wire's own place: a model entry's reasoningFormat
 * replaces the preset default whole, so the shared list is re-placed for the second wire.
 */
import type { ModelInfo, ReasoningPlacement } from '../provider-preset.ts'

export function withPlacement(models: readonly ModelInfo[], placement: ReasoningPlacement): ModelInfo[] {
  return models.map((model) => (model.reasoningFormat === undefined ? model : { ...model, reasoningFormat: { ...model.reasoningFormat, placement } }))
}
