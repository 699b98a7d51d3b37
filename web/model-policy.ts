/** The model-mapping part of the generate-url form, as edited, and its v2 body. */
import type { FieldErrors } from './field-errors.ts'

export type ModelMode = 'force' | 'map' | 'passthrough'

export type ModelMapRow = { client: string; upstream: string }

export type ModelDraft = {
  mode: ModelMode
  force: string
  rows: ModelMapRow[]
  /** Upstream model for every client name no row matches: the catch-all `*` key. Empty: sent unchanged. */
  fallback: string
  stripClientSuffix: boolean
}

export type ModelBody = {
  mode: ModelMode
  force?: string
  map?: Record<string, string>
  stripClientSuffix?: boolean
}

/** The map key that catches every client model no other key matches (the bridge's lowest priority). */
export const CATCH_ALL = '*'

export function emptyModelDraft(stripClientSuffix: boolean): ModelDraft {
  return { mode: 'force', force: '', rows: [{ client: '', upstream: '' }], fallback: '', stripClientSuffix }
}

/** Returns the body part, or messages for the fields at fault (force-model, model-map). */
export function toModelBody(draft: ModelDraft): { body: ModelBody } | { errors: FieldErrors } {
  const strip = draft.stripClientSuffix ? { stripClientSuffix: true } : {}
  if (draft.mode === 'passthrough') return { body: { mode: 'passthrough', ...strip } }
  if (draft.mode === 'force') {
    const force = draft.force.trim()
    if (force === '') return { errors: { 'force-model': 'Enter the upstream model every request should use.' } }
    return { body: { mode: 'force', force, ...strip } }
  }
  const map: Record<string, string> = {}
  for (const row of draft.rows) {
    const client = row.client.trim()
    const upstream = row.upstream.trim()
    if (client === '' && upstream === '') continue
    if (client === '' || upstream === '') {
      return { errors: { 'model-map': 'Each mapping row needs both a client model and an upstream model.' } }
    }
    map[client] = upstream
  }
  const fallback = draft.fallback.trim()
  if (fallback !== '') map[CATCH_ALL] = fallback
  if (Object.keys(map).length === 0) return { errors: { 'model-map': 'Add at least one mapping row or a default model.' } }
  return { body: { mode: 'map', map, ...strip } }
}
