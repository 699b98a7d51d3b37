/**
 * Upstream non-streamed Responses answer → canonical ChatResponse. A `failed` response (which
 * some gateways return with HTTP 200) becomes the BridgeError its `error` describes.
 * @see ../../../../../shared/protocols/openai-responses.md §7
 */
import { BridgeError } from '../../errors.ts'
import type { ChatResponse } from '../../model/index.ts'
import { mergeUsage } from '../../model/index.ts'
import { isObject, optionalNumber, optionalString } from '../openai/narrow.ts'
import { decodeUsage } from './convert-usage.ts'
import { decodeStreamFailure } from './decode-error.ts'
import { decodeOutput } from './decode-output.ts'
import { decodeFinishReason } from './map-stop-reason.ts'

export function decodeOpenaiResponsesResponse(body: unknown): ChatResponse {
  if (!isObject(body)) {
    throw new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message: 'The upstream answer is not a JSON object' })
  }
  const status = optionalString(body.status)
  if (status === 'failed' || (status === undefined && isObject(body.error))) {
    throw decodeStreamFailure(body.error, 'The upstream response failed')
  }
  const { parts, facts } = decodeOutput(body.output)
  const incomplete = isObject(body.incomplete_details) ? optionalString(body.incomplete_details.reason) : undefined
  const response: ChatResponse = {
    id: optionalString(body.id) ?? `resp_${crypto.randomUUID().replace(/-/g, '')}`,
    model: optionalString(body.model) ?? '',
    content: parts,
    finishReason: decodeFinishReason(status, incomplete, facts),
  }
  const usage = decodeUsage(body.usage)
  if (usage !== undefined) response.usage = mergeUsage(undefined, usage)
  const created = optionalNumber(body.created_at)
  if (created !== undefined && created > 0) response.created = created
  return response
}
