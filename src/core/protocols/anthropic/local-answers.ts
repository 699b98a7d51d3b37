/**
 * Anthropic's shapes for the answers the bridge gives itself: a token count (LESSONS #6, the
 * target has no count_tokens), a model list (Claude Code's picker, LESSONS #31) and one model by id.
 * @see ../../../../../shared/protocols/anthropic-messages.md §1
 */
import type { LocalAnswers } from '../codec.ts'

const CREATED = new Date(0).toISOString()

/** A model entry with the fields every answer of the API carries (§12). */
function anthropicModel(id: string): Record<string, unknown> {
  return { type: 'model', id, display_name: id, created_at: CREATED }
}

export const anthropicLocalAnswers: LocalAnswers = {
  countTokens: (inputTokens) => ({ input_tokens: inputTokens }),
  modelList: (ids) => ({ data: ids.map(anthropicModel), has_more: false, first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null }),
  model: anthropicModel,
}
