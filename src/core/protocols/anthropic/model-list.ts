/**
 * Anthropic's model list as an upstream: GET /v1/models answers `data[].id` a page at a time;
 * `limit=1000` is its largest page, more than any provider serves, so one page is read and
 * `has_more` is not followed.
 * @see ../../../../../shared/protocols/anthropic-messages.md §12
 */
import type { UpstreamModelList } from '../codec.ts'
import { readModelIds } from '../read-model-ids.ts'

/** `version`: the anthropic-version header, sent whatever the auth type (a bearer-keyed compatible server still reads it). */
export function anthropicModelList(version: string): UpstreamModelList {
  return {
    path: 'v1/models?limit=1000',
    headers: { 'anthropic-version': version },
    readIds: (body) => readModelIds(body, 'data', 'id'),
  }
}
