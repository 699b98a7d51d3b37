/**
 * Endpoints answered by the bridge itself when the target has no equivalent: Anthropic
 * count_tokens as a local estimate over the whole request (LESSONS #6, marked as estimated), and
 * model lists built from the URL's model policy in the client's list format.
 */
import { BridgeError } from '../core/errors.ts'
import { WarningSink } from '../core/model/index.ts'
import type { ProtocolCodec, RouteMatch } from '../core/protocols/codec.ts'
import type { ProxyConfig } from '../core/proxy-config.ts'
import { estimateInputTokens } from '../core/tokens/estimate-tokens.ts'
import type { PipelineContext } from './pipeline-context.ts'
import { parseJsonBody, readBodyCapped } from './read-body.ts'

export const ESTIMATED_HEADER = 'x-llm-bridge-estimated'

export async function countTokensLocally(context: PipelineContext, source: ProtocolCodec, route: RouteMatch): Promise<Response> {
  const bytes = await readBodyCapped(context.request, context.maxBodyBytes)
  context.draft.row.bytesIn = bytes.byteLength
  const json = parseJsonBody(bytes) as Record<string, unknown>
  // count_tokens bodies carry no max_tokens; decoders may insist on one for messages.
  const request = source.decodeRequest({ max_tokens: 1, ...json }, route, new WarningSink())
  context.draft.row.clientModel = request.model
  return localJson(context, { input_tokens: estimateInputTokens(request) }, { [ESTIMATED_HEADER]: 'true' })
}

export function listModelsLocally(context: PipelineContext, config: ProxyConfig): Response {
  const ids = advertisedModels(config)
  if (config.source.protocol === 'anthropic') {
    const created = new Date(0).toISOString()
    const data = ids.map((id) => ({ type: 'model', id, display_name: id, created_at: created }))
    return localJson(context, { data, has_more: false, first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null })
  }
  if (config.source.protocol === 'openai' || config.source.protocol === 'openai-responses') {
    const data = ids.map((id) => ({ id, object: 'model', created: 0, owned_by: config.target.provider ?? 'llm-bridge' }))
    return localJson(context, { object: 'list', data })
  }
  throw new BridgeError({
    kind: 'unsupported-endpoint', code: 'UNSUPPORTED_ENDPOINT', status: 400,
    message: `Unsupported endpoint group 'models': no local model list in the ${config.source.protocol} format`,
  })
}

/** The names a client may ask for: the forced model, or the exact keys of the model map. */
function advertisedModels(config: ProxyConfig): string[] {
  if (config.model.mode === 'force' && config.model.force) return [config.model.force]
  if (config.model.mode === 'map') return Object.keys(config.model.map ?? {}).filter((key) => !key.includes('*'))
  return []
}

function localJson(context: PipelineContext, body: unknown, extra: Record<string, string> = {}): Response {
  const bytes = new TextEncoder().encode(JSON.stringify(body))
  context.draft.markFirstByte()
  context.draft.addBytesOut(bytes.byteLength)
  context.draft.finish({ status: 200 })
  return new Response(bytes, {
    status: 200,
    headers: { 'content-type': 'application/json', 'x-request-id': context.requestId, ...extra },
  })
}
