/**
 * The probe the generate-url answer carries (src/http/url-probe.ts): the request that tries a new
 * URL and where text and model ids sit in the answers. The console knows no protocol: it sends
 * what the server describes and reads the pointers it names.
 */
import { isRecord, readString } from './types.ts'

export type TextPointer = { pointer: string; type?: string; unless?: string }

export type UrlProbe = {
  /** The request names the model as `modelSlot`; `model` is the one to try unless the user names another. */
  chat: { path: string; headers: Record<string, string>; body: unknown; stream: boolean; text: TextPointer[]; model: string; modelSlot: string }
  models?: { path: string; ids: string; prefix?: string }
  modelsUnavailable?: string
}

export function parseUrlProbe(value: unknown): UrlProbe | undefined {
  if (!isRecord(value) || !isRecord(value.chat)) return undefined
  const chat = value.chat
  const path = readString(chat, 'path')
  if (path === undefined || !Array.isArray(chat.text)) return undefined
  const headers: Record<string, string> = {}
  if (isRecord(chat.headers)) for (const [name, text] of Object.entries(chat.headers)) if (typeof text === 'string') headers[name] = text
  const text: TextPointer[] = []
  for (const item of chat.text) {
    const pointer = isRecord(item) ? readString(item, 'pointer') : undefined
    if (pointer === undefined || !isRecord(item)) continue
    const found: TextPointer = { pointer }
    const type = readString(item, 'type')
    const unless = readString(item, 'unless')
    if (type !== undefined) found.type = type
    if (unless !== undefined) found.unless = unless
    text.push(found)
  }
  const model = readString(chat, 'model') ?? ''
  const modelSlot = readString(chat, 'modelSlot') ?? ''
  const probe: UrlProbe = { chat: { path, headers, body: chat.body, stream: chat.stream === true, text, model, modelSlot } }
  if (isRecord(value.models)) {
    const modelsPath = readString(value.models, 'path')
    const ids = readString(value.models, 'ids')
    const prefix = readString(value.models, 'prefix')
    if (modelsPath !== undefined && ids !== undefined) probe.models = prefix === undefined ? { path: modelsPath, ids } : { path: modelsPath, ids, prefix }
  }
  const unavailable = readString(value, 'modelsUnavailable')
  if (unavailable !== undefined) probe.modelsUnavailable = unavailable
  return probe
}

/** Every value at a JSON pointer (RFC 6901) whose `*` segment stands for each element of an array. */
export function readPointer(value: unknown, pointer: string): unknown[] {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
  let current: unknown[] = [value]
  for (const segment of segments) {
    const next: unknown[] = []
    for (const item of current) {
      if (segment === '*' && Array.isArray(item)) next.push(...item)
      else if (Array.isArray(item) && /^\d+$/.test(segment)) next.push(item[Number(segment)])
      else if (isRecord(item) && Object.hasOwn(item, segment)) next.push(item[segment])
    }
    current = next.filter((item) => item !== undefined)
  }
  return current
}

/** The text an answer or a streamed event holds, joined, per the probe's pointers. */
export function textOf(value: unknown, pointers: readonly TextPointer[]): string {
  let text = ''
  for (const { pointer, type, unless } of pointers) {
    if (type !== undefined && !(isRecord(value) && value.type === type)) continue
    const cut = pointer.lastIndexOf('/')
    const key = pointer.slice(cut + 1)
    for (const holder of readPointer(value, pointer.slice(0, cut))) {
      if (!isRecord(holder) || (unless !== undefined && holder[unless] === true)) continue
      const found = holder[key]
      if (typeof found === 'string') text += found
    }
  }
  return text
}

/** The probe's path and body naming `model` where they hold the slot (percent-encoded in the path). */
export function withModel(chat: UrlProbe['chat'], model: string): { path: string; body: unknown } {
  const slot = chat.modelSlot
  if (slot === '') return { path: chat.path, body: chat.body }
  const path = chat.path.replaceAll(encodeURIComponent(slot), encodeURIComponent(model)).replaceAll(slot, model)
  return { path, body: replaceSlot(chat.body, slot, model) }
}

function replaceSlot(value: unknown, slot: string, model: string): unknown {
  if (value === slot) return model
  if (Array.isArray(value)) return value.map((item) => replaceSlot(item, slot, model))
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceSlot(item, slot, model)]))
  return value
}

/** The whole URL's path (the token inside), sent to this origin: the console's CSP allows nothing else. */
export function sameOriginPath(proxyUrl: string, relative: string): string {
  const base = new URL(proxyUrl).pathname.replace(/\/+$/, '')
  return `${base}/${relative}`
}
