/**
 * OpenAI's model-list shape, for a URL whose target lists models in another format. OpenAI has
 * no token-count endpoint, so there is no local count in its shape.
 * @see ../../../../../shared/protocols/openai-chat.md §1
 */
import type { LocalAnswers } from '../codec.ts'

/** A Model object (§10); the OpenAI family's clients read one by id at GET /v1/models/{id}. */
export function openaiModel(id: string, ownedBy: string): Record<string, unknown> {
  return { id, object: 'model', created: 0, owned_by: ownedBy }
}

export const openaiLocalAnswers: LocalAnswers = {
  modelList: (ids, ownedBy) => ({ object: 'list', data: ids.map((id) => openaiModel(id, ownedBy)) }),
  model: openaiModel,
}
