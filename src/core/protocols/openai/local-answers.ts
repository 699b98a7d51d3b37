/**
 * OpenAI's model-list shape, for a URL whose target lists models in another format. OpenAI has
 * no token-count endpoint, so there is no local count in its shape.
 * @see ../../../../../shared/protocols/openai-chat.md §1
 */
import type { LocalAnswers } from '../codec.ts'

export const openaiLocalAnswers: LocalAnswers = {
  modelList: (ids, ownedBy) => ({ object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: ownedBy })) }),
}
