/**
 * Passthrough changes exactly one thing in a request: the model name, per the URL's model policy.
 * In the JSON body for most protocols; in the path for Gemini (`models/{model}:generateContent`)
 * and Bedrock (`model/{modelId}/converse`). An unchanged model leaves the bytes untouched, and
 * so does a body that is not JSON (a multipart file or audio upload, raw bytes): it passes as
 * sent, its model field (if any) unmapped.
 */
import type { RouteMatch, UpstreamConvention } from '../core/protocols/codec.ts'
import type { ModelPolicy } from '../core/proxy-config.ts'
import { mapModel } from './map-model.ts'
import { parseJsonBody } from './read-body.ts'

export type RewrittenRequest = {
  path: string
  body: Uint8Array
  clientModel?: string
  upstreamModel?: string
  /** The body's `stream: true`, or the path's streaming action. */
  stream: boolean
}

/**
 * `pathWithModel`: the target codec's own path rewrite (UpstreamConvention.pathWithModel), tried
 * first. `contentType`: the client's; a body declared as anything but JSON is not parsed.
 */
export function rewriteModel(policy: ModelPolicy, route: RouteMatch, path: string, body: Uint8Array, pathWithModel?: UpstreamConvention['pathWithModel'], contentType?: string | null): RewrittenRequest {
  if (route.pathModel !== undefined) {
    const upstreamModel = mapModel(policy, route.pathModel)
    const swapped = upstreamModel === route.pathModel ? path : (pathWithModel?.(path, upstreamModel) ?? replacePathModel(path, route.pathModel, upstreamModel))
    return {
      path: swapped,
      body,
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
