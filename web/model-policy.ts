/** The model-mapping part of the generate-url form, as edited, and its v2 body. */
export type ModelMode = 'force' | 'map' | 'passthrough'

export type ModelMapRow = { client: string; upstream: string }

export type ModelDraft = {
  mode: ModelMode
  force: string
  rows: ModelMapRow[]
  stripClientSuffix: boolean
}

export type ModelBody = {
  mode: ModelMode
  force?: string
  map?: Record<string, string>
  stripClientSuffix?: boolean
}

export function emptyModelDraft(stripClientSuffix: boolean): ModelDraft {
  return { mode: 'force', force: '', rows: [{ client: '', upstream: '' }], stripClientSuffix }
}

/** Returns the body part, or a message naming what is missing. */
export function toModelBody(draft: ModelDraft): { body: ModelBody } | { error: string } {
  const strip = draft.stripClientSuffix ? { stripClientSuffix: true } : {}
  if (draft.mode === 'passthrough') return { body: { mode: 'passthrough', ...strip } }
  if (draft.mode === 'force') {
    const force = draft.force.trim()
    if (force === '') return { error: 'Enter the upstream model every request should use.' }
    return { body: { mode: 'force', force, ...strip } }
  }
  const map: Record<string, string> = {}
  for (const row of draft.rows) {
    const client = row.client.trim()
    const upstream = row.upstream.trim()
    if (client === '' && upstream === '') continue
    if (client === '' || upstream === '') return { error: 'Each mapping row needs both a client model and an upstream model.' }
    map[client] = upstream
  }
  if (Object.keys(map).length === 0) return { error: 'Add at least one model mapping row.' }
  return { body: { mode: 'map', map, ...strip } }
}
