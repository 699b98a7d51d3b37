/**
 * Same-origin JSON calls to the bridge's API. The admin key (needed on a non-loopback bind) lives
 * in sessionStorage only: it is sent as a header, never put in a URL, never logged.
 */
import { isRecord, readString } from './types.ts'
import { sseData } from './sse-data.ts'

const ADMIN_KEY_STORAGE = 'llm-bridge.admin-key'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  get isUnauthorized(): boolean {
    return this.status === 401
  }
}

export function readAdminKey(): string | undefined {
  try {
    return sessionStorage.getItem(ADMIN_KEY_STORAGE) ?? undefined
  } catch {
    return undefined
  }
}

export function saveAdminKey(key: string): void {
  try {
    if (key === '') sessionStorage.removeItem(ADMIN_KEY_STORAGE)
    else sessionStorage.setItem(ADMIN_KEY_STORAGE, key)
  } catch {
    // Storage disabled: the key then lasts only until the next 401.
  }
}

export function buildHeaders(extra: Record<string, string> = {}): Headers {
  const headers = new Headers(extra)
  const key = readAdminKey()
  if (key !== undefined) headers.set('Authorization', `Bearer ${key}`)
  return headers
}

/** The API's error envelope carries `message` (and `error_code`); native shapes nest it in `error`. */
async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown
  try {
    body = await response.json()
  } catch {
    body = undefined
  }
  let message: string | undefined
  let code: string | undefined
  if (isRecord(body)) {
    message = readString(body, 'message')
    code = readString(body, 'error_code')
    if (message === undefined && isRecord(body.error)) message = readString(body.error, 'message')
    if (message === undefined && typeof body.error === 'string') message = body.error
  }
  if (message === undefined) {
    message = response.status === 401 ? 'An admin key is required.' : `Request failed (HTTP ${response.status}).`
  }
  return new ApiError(response.status, code, message)
}

export async function getJson(path: string, signal?: AbortSignal): Promise<unknown> {
  const response = await fetch(path, {
    headers: buildHeaders({ Accept: 'application/json' }),
    cache: 'no-store',
    signal,
  })
  if (!response.ok) throw await toApiError(response)
  return response.json()
}

export async function postJson(path: string, body: unknown): Promise<unknown> {
  const response = await fetch(path, {
    method: 'POST',
    headers: buildHeaders({ 'Content-Type': 'application/json', Accept: 'application/json' }),
    body: JSON.stringify(body),
    cache: 'no-store',
  })
  if (!response.ok) throw await toApiError(response)
  return response.json()
}

export async function deleteJson(path: string): Promise<unknown> {
  const response = await fetch(path, { method: 'DELETE', headers: buildHeaders({ Accept: 'application/json' }), cache: 'no-store' })
  if (!response.ok) throw await toApiError(response)
  return response.json()
}

/**
 * Reads a Server-Sent Events stream with fetch rather than EventSource, because EventSource cannot
 * send the Authorization header that a non-loopback bind requires.
 */
export async function readEventStream(
  path: string,
  onData: (data: string) => void,
  signal: AbortSignal,
  onOpen?: () => void,
): Promise<void> {
  const response = await fetch(path, {
    headers: buildHeaders({ Accept: 'text/event-stream' }),
    cache: 'no-store',
    signal,
  })
  if (!response.ok) throw await toApiError(response)
  if (response.body === null) throw new ApiError(response.status, undefined, 'The live stream has no body.')
  onOpen?.()
  for await (const data of sseData(response.body)) onData(data)
}
