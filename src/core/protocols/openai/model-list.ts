/**
 * The OpenAI family's model list as an upstream (Chat Completions and Responses share it): GET
 * /v1/models answers every model at once in `data[].id` (no pagination).
 * @see ../../../../../shared/protocols/openai-chat.md §10
 */
import type { UpstreamModelList } from '../codec.ts'
import { readModelIds } from '../read-model-ids.ts'

export const openaiModelList: UpstreamModelList = {
  path: 'v1/models',
  readIds: (body) => readModelIds(body, 'data', 'id'),
}
