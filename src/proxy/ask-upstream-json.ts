/**
 * One JSON call the bridge makes on a client's behalf to the URL's upstream, beside chat: a token
 * count, a model list, an embeddings request. Signed and sent with the shared call options
 * (egress, retries, timeouts) and counted in the row's attempts. A 404, 405 or 501 says the
 * upstream has no such endpoint: the caller then answers itself. Any other failure is the
 * upstream's error, decoded by the target codec.
 */
import type { WarningSink } from '../core/model/index.ts'
import type { ProtocolCodec } from '../core/protocols/codec.ts'
import { parseJsonOrUndefined } from '../core/protocols/read-json.ts'
import type { ProxyConfig } from '../core/proxy-config.ts'
import { signRequest } from '../upstream/auth/index.ts'
import { buildUpstreamUrl } from '../upstream/build-upstream-url.ts'
import { callUpstream } from '../upstream/call-upstream.ts'
import { translatedRequestHeaders } from '../upstream/forward-headers.ts'
import { WARNINGS_HEADER, warningsHeaderValue } from './answer-translated.ts'
import type { PipelineContext } from './pipeline-context.ts'
import { readWholeAnswer } from './read-whole-answer.ts'
import { readUpstreamFailure } from './relay-upstream-error.ts'
import { upstreamCallOptions } from './upstream-call-options.ts'

export type UpstreamJsonCall =
  | { method: 'GET'; path: string; headers?: Record<string, string> | undefined }
  | { method: 'POST'; path: string; headers?: Record<string, string> | undefined; body: unknown }

/** `missing`: the endpoint does not exist upstream (its status); `json`: the answer, undefined when not JSON. */
export type UpstreamJsonAnswer = { missing: number } | { json: unknown }

const NO_ENDPOINT = new Set([404, 405, 501])

export async function askUpstreamJson(context: PipelineContext, config: ProxyConfig, target: ProtocolCodec, call: UpstreamJsonCall): Promise<UpstreamJsonAnswer> {
  const url = buildUpstreamUrl(config.target, target.upstream, call.path)
  const body = call.method === 'POST' ? JSON.stringify(call.body) : undefined
  const unsigned = translatedRequestHeaders(context.request.headers, call.headers, false)
  // A GET has no body to type.
  if (body === undefined) unsigned.delete('content-type')
  const headers = await signRequest(config.target.auth, { method: call.method, url, headers: unsigned, body, apiKeyHeader: target.upstream.apiKeyHeader })
  const { response, attempts } = await callUpstream({ url, method: call.method, headers, ...(body === undefined ? {} : { body }), ...upstreamCallOptions(context, config, target) })
  context.draft.row.attempts = attempts
  if (NO_ENDPOINT.has(response.status)) {
    await response.body?.cancel().catch(() => {})
    return { missing: response.status }
  }
  if (!response.ok) throw await readUpstreamFailure(target, response, context.secretForms, context.timeouts.idleMs)
  return { json: parseJsonOrUndefined(new TextDecoder().decode(await readWholeAnswer(context, response))) }
}

/** The `x-llm-bridge-warnings` header of a local answer, when there are warnings. */
export function warningHeaders(warnings: WarningSink): Record<string, string> {
  const value = warningsHeaderValue(warnings)
  return value === undefined ? {} : { [WARNINGS_HEADER]: value }
}
