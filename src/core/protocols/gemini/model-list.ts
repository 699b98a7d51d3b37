/**
 * Gemini's model list as an upstream: GET /v1beta/models answers `models[].name` as
 * `models/{id}`; clients send the bare id. `pageSize=1000` is the largest page, so one page is
 * read and `nextPageToken` is not followed.
 * @see ../../../../../shared/protocols/gemini.md §10
 */
import type { UpstreamModelList } from '../codec.ts'
import { readModelIds } from '../read-model-ids.ts'

export const geminiModelList: UpstreamModelList = {
  path: 'v1beta/models?pageSize=1000',
  readIds: (body) => readModelIds(body, 'models', 'name', 'models/'),
}
