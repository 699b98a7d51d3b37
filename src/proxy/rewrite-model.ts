/**
 * Passthrough changes exactly one thing in a request: the model name, per the URL's model policy.
 * In the JSON body for most protocols; in the path for Gemini (`models/{model}:generateContent`)
 * and Bedrock (`model/{modelId}/converse`). An unchanged model leaves the bytes untouched, and
 * so does a body declared as something other than JSON (a multipart file or audio upload): it
 * passes as sent, its model field (if any) unmapped. A body declared JSON (or undeclared) must be
 * a JSON object: anything else is the client's 400.
 */
import type { RouteMatch, UpstreamConvention } from '../core/protocols/codec.ts'
import type { ModelPolicy } from '../core/proxy-config.ts'
import { mapModel } from './map-model.ts'
import { parseJsonBody } from './read-body.ts'
import { parseJsonOrUndefined } from '../core/protocols/read-json.ts'

export type RewrittenRequest = {
  path: string
  body: Uint8Array
  clientModel?: string
  upstreamModel?: string
  /** The body's `stream: true`, or the path's streaming action. */
  stream: boolean
}

export type RewriteOptions = {
  /** The target codec's own path rewrite (UpstreamConvention.pathWithModel), tried first. */
  pathWithModel?: UpstreamConvention['pathWithModel']
  /** The target codec's rewrite of a model a non-chat body repeats (UpstreamConvention.bodyWithModel). */
  bodyWithModel?: UpstreamConvention['bodyWithModel']
  /** The client's content type: a body declared as anything but JSON is not parsed. */
  contentType?: string | null
}

export function rewriteModel(policy: ModelPolicy, route: RouteMatch, path: string, body: Uint8Array, options: RewriteOptions = {}): RewrittenRequest {
  const { pathWithModel, bodyWithModel, contentType } = options
  if (route.pathModel !== undefined) {
    const upstreamModel = mapModel(policy, route.pathModel)
    const same = upstreamModel === route.pathModel
    const swapped = same ? path : (pathWithModel?.(path, upstreamModel) ?? replacePathModel(path, route.pathModel, upstreamModel))
    return {
      path: swapped,
      // Chat bodies never repeat the model: only the small bodies of other groups are read for it.
      body: same || route.group === 'chat' ? body : swapBodyModel(body, upstreamModel, bodyWithModel),
      clientModel: route.pathModel,
      upstreamModel,
      stream: route.pathStream ?? false,
    }
  }
  if (body.byteLength === 0 || !mayBeJson(contentType)) return { path, body, stream: false }
  const json = parseJsonBody(body) as Record<string, unknown>
  const stream = json.stream === true
  if (typeof json.model !== 'string') return { path, body, stream }
  const upstreamModel = mapModel(policy, json.model)
  if (upstreamModel === json.model) return { path, body, clientModel: json.model, upstreamModel, stream }
  // Re-serialising is the price of a changed model; key order and values survive JSON.parse.
  const rewritten = new TextEncoder().encode(JSON.stringify({ ...json, model: upstreamModel }))
  return { path, body: rewritten, clientModel: json.model, upstreamModel, stream }
}

/** JSON bodies come as application/json (or a `+json` type), from a few clients untyped or as text/plain. */
function mayBeJson(contentType: string | null | undefined): boolean {
  if (contentType === null || contentType === undefined || contentType === '') return true
  const type = contentType.toLowerCase()
  return type.includes('json') || type.startsWith('text/plain')
}

/** The body with the model it repeats swapped too, where the target codec says it repeats one. */
function swapBodyModel(body: Uint8Array, model: string, bodyWithModel: UpstreamConvention['bodyWithModel']): Uint8Array {
  if (bodyWithModel === undefined || body.byteLength === 0) return body
  // Not JSON: the upstream judges the bytes as they came.
  const json = parseJsonOrUndefined(new TextDecoder().decode(body))
  if (json === undefined) return body
  const rewritten = bodyWithModel(json, model)
  return rewritten === undefined ? body : new TextEncoder().encode(JSON.stringify(rewritten))
}

/** Replaces the path segment naming the model, whether sent raw or percent-encoded. */
function replacePathModel(path: string, clientModel: string, upstreamModel: string): string {
  const segments = path.split('/')
  const encodedClient = encodeURIComponent(clientModel)
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!
    for (const spelling of [encodedClient, clientModel]) {
      // Gemini puts the action after a colon in the same segment: `gemini-2.5-flash:generateContent`.
      if (segment === spelling || segment.startsWith(`${spelling}:`)) {
        segments[i] = encodeURIComponent(upstreamModel) + segment.slice(spelling.length)
        return segments.join('/')
      }
    }
  }
  return path
}
