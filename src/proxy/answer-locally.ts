/**
 * Endpoints answered by the bridge itself when the target has no equivalent, in the shapes the
 * source codec gives (`codec.local`): model lists built from the URL's model policy (a client's
 * own catalog shape with the catalog's facts about each upstream model). Token counts are
 * count-tokens.ts's; they share the local answer's form and its estimated marker.
 */
import { BridgeError } from '../core/errors.ts'
import type { CatalogModel, LocalAnswers, ProtocolCodec, RouteMatch } from '../core/protocols/codec.ts'
import type { ProxyConfig } from '../core/proxy-config.ts'
import { findModelInfo } from './find-model-info.ts'
import { mapModel } from './map-model.ts'
import type { PipelineContext } from './pipeline-context.ts'

export const ESTIMATED_HEADER = 'x-llm-bridge-estimated'

/**
 * The list, or one model when the path names it (any name: the URL's model policy maps it), or a
 * client's own catalog. `extra`: headers of the answer (the warnings of a fallback).
 */
export function listModelsLocally(context: PipelineContext, config: ProxyConfig, source: ProtocolCodec, route: RouteMatch, extra: Record<string, string> = {}): Response {
  if (route.operation === 'model-catalog') return localJson(context, answer(source, 'modelCatalog')(catalogModels(context, config)), extra)
  const ownedBy = config.target.provider ?? 'llm-bridge'
  if (route.pathModel !== undefined && source.local.model !== undefined) return localJson(context, source.local.model(route.pathModel, ownedBy), extra)
  return localJson(context, answer(source, 'modelList')(advertisedModels(config), ownedBy), extra)
}

/** Each advertised name with the catalog's facts about the upstream model it maps to. */
function catalogModels(context: PipelineContext, config: ProxyConfig): CatalogModel[] {
  return advertisedModels(config).map((id) => {
    const info = findModelInfo(context.preset, mapModel(config.model, id))
    const model: CatalogModel = { id }
    if (info?.contextWindow !== undefined) model.contextWindow = info.contextWindow
    if (info?.reasoning !== undefined) model.reasoning = info.reasoning
    return model
  })
}

/** The codec's shape for a local answer; the router only picks these actions where it has one. */
function answer<Kind extends keyof LocalAnswers>(source: ProtocolCodec, kind: Kind): NonNullable<LocalAnswers[Kind]> {
  const shape = source.local[kind]
  if (shape === undefined) {
    throw new BridgeError({ kind: 'unsupported-endpoint', code: 'UNSUPPORTED_ENDPOINT', status: 400, message: `No local ${kind} answer in the ${source.id} format` })
  }
  return shape
}

/** The names a client may ask for: the forced model, or the exact keys of the model map. */
function advertisedModels(config: ProxyConfig): string[] {
  if (config.model.mode === 'force' && config.model.force) return [config.model.force]
  if (config.model.mode === 'map') return Object.keys(config.model.map ?? {}).filter((key) => !key.includes('*'))
  return []
}

/** A JSON answer the bridge gives itself, with the row finished as answered. */
export function localJson(context: PipelineContext, body: unknown, extra: Record<string, string> = {}): Response {
  const bytes = new TextEncoder().encode(JSON.stringify(body))
  context.draft.markFirstByte()
  context.draft.addBytesOut(bytes.byteLength)
  context.draft.finish({ status: 200 })
  return new Response(bytes, {
    status: 200,
    headers: { 'content-type': 'application/json', 'x-request-id': context.requestId, ...extra },
  })
}
