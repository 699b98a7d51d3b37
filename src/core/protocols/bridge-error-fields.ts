/**
 * The bridge's own fields, beside every protocol's native error body (README "Errors"): one
 * contract a client or a script can rely on whatever protocol it speaks.
 */
import type { BridgeError } from '../errors.ts'
import type { ErrorMeta } from './codec.ts'

/** `message`: the text the native body shows, when the protocol words it differently. */
export function bridgeErrorFields(error: BridgeError, meta: ErrorMeta, message = error.message): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    error_code: error.code,
    message,
    provider: meta.provider ?? null,
    endpoint_group: meta.endpointGroup ?? null,
    request_id: meta.requestId,
    docs_url: meta.docsUrl,
  }
  if (error.upstreamStatus !== undefined) fields.upstream_status = error.upstreamStatus
  if (error.providerDocsUrl !== undefined) fields.provider_docs_url = error.providerDocsUrl
  return fields
}
