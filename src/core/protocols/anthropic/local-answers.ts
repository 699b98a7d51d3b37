/**
 * Anthropic's shapes for the answers the bridge gives itself: a token count (LESSONS #6, the
 * target has no count_tokens) and a model list (Claude Code's picker, LESSONS #31).
 * @see ../../../../../shared/protocols/anthropic-messages.md §1
 */
import type { LocalAnswers } from '../codec.ts'

export const anthropicLocalAnswers: LocalAnswers = {
  countTokens: (inputTokens) => ({ input_tokens: inputTokens }),
  modelList: (ids) => {
    const created = new Date(0).toISOString()
    const data = ids.map((id) => ({ type: 'model', id, display_name: id, created_at: created }))
    return { data, has_more: false, first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null }
  },
}
