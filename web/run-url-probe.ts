/**
 * Sends a probe through a minted URL from the browser (same origin, /proxy/<token>/…) and reads
 * the answer: streamed text as it arrives, or the bridge's error fields. No admin key goes with
 * it: the URL's token is the credential, and the admin key is not the proxy's to see.
 */
import type { ProbeError } from './error-hints.ts'
import { isRecord, readNumber, readString } from './types.ts'
import { readPointer, sameOriginPath, textOf, withModel, type UrlProbe } from './url-probe.ts'
import { sseData } from './sse-data.ts'

export type ProbeOutcome = { ok: true; text: string } | { ok: false; error: ProbeError }

/** The bridge's error fields beside every native error body; the native message when they are missing. */
export function errorFrom(status: number, body: unknown): ProbeError | undefined {
  if (!isRecord(body)) return undefined
  const nested = isRecord(body.error) ? body.error : undefined
  const message = readString(body, 'message') ?? (nested === undefined ? undefined : readString(nested, 'message'))
  const code = readString(body, 'error_code')
  if (code === undefined && nested === undefined) return undefined
  const error: ProbeError = { status, message: message ?? `HTTP ${status}` }
  if (code !== undefined) error.code = code
  const upstreamStatus = readNumber(body, 'upstream_status')
  if (upstreamStatus !== undefined) error.upstreamStatus = upstreamStatus
  return error
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** `model`: the client model name to try (the URL's policy maps it as it would a client's). */
export async function runChatProbe(proxyUrl: string, probe: UrlProbe, model: string, onText: (text: string) => void, signal: AbortSignal): Promise<ProbeOutcome> {
  const { chat } = probe
  const request = withModel(chat, model)
  let response: Response
  try {
    response = await fetch(sameOriginPath(proxyUrl, request.path), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...chat.headers },
      body: JSON.stringify(request.body),
      cache: 'no-store',
      credentials: 'omit',
      signal,
    })
  } catch (cause) {
    return { ok: false, error: { status: 0, message: cause instanceof Error ? cause.message : String(cause) } }
  }
  const contentType = response.headers.get('content-type') ?? ''
  if (!response.ok || !contentType.includes('text/event-stream') || response.body === null) {
    const body = parseJson(await response.text())
    const error = errorFrom(response.status, body)
    if (!response.ok || error !== undefined) return { ok: false, error: error ?? { status: response.status, message: `HTTP ${response.status}` } }
    const text = textOf(body, chat.text)
    onText(text)
    return { ok: true, text }
  }
  return readSse(response.body, probe, onText, response.status)
}

async function readSse(body: NonNullable<Response['body']>, probe: UrlProbe, onText: (text: string) => void, status: number): Promise<ProbeOutcome> {
  let text = ''
  for await (const data of sseData(body)) {
    const json = parseJson(data)
    const error = errorFrom(status, json)
    if (error !== undefined) return { ok: false, error }
    const piece = textOf(json, probe.chat.text)
    if (piece !== '') {
      text += piece
      onText(text)
    }
  }
  return { ok: true, text }
}

export type ModelListOutcome = { ok: true; ids: string[] } | { ok: false; error: ProbeError }

/** The upstream's model ids through the URL's own models endpoint, sorted, without the protocol's prefix. */
export async function listUpstreamModels(proxyUrl: string, probe: UrlProbe, signal: AbortSignal): Promise<ModelListOutcome> {
  const models = probe.models
  if (models === undefined) return { ok: false, error: { status: 0, message: probe.modelsUnavailable ?? 'No model list for this URL.' } }
  let response: Response
  try {
    response = await fetch(sameOriginPath(proxyUrl, models.path), { headers: { accept: 'application/json' }, cache: 'no-store', credentials: 'omit', signal })
  } catch (cause) {
    return { ok: false, error: { status: 0, message: cause instanceof Error ? cause.message : String(cause) } }
  }
  const body = parseJson(await response.text())
  if (!response.ok) return { ok: false, error: errorFrom(response.status, body) ?? { status: response.status, message: `HTTP ${response.status}` } }
  const prefix = models.prefix ?? ''
  const ids = readPointer(body, models.ids)
    .filter((id): id is string => typeof id === 'string')
    .map((id) => (prefix !== '' && id.startsWith(prefix) ? id.slice(prefix.length) : id))
  return { ok: true, ids: [...new Set(ids)].sort() }
}
