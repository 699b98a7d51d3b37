/**
 * Shapes of the API answers the console reads, and narrowing from `unknown`. The server is trusted
 * for structure, never for content: every string here is rendered as text.
 */
import { parseUrlProbe, type UrlProbe } from './url-probe.ts'

export const PROTOCOLS = ['anthropic', 'openai', 'openai-responses', 'gemini', 'bedrock'] as const
export type Protocol = (typeof PROTOCOLS)[number]

export const AUTH_TYPES = ['bearer', 'x-api-key', 'azure', 'aws', 'none'] as const
export type AuthType = (typeof AUTH_TYPES)[number]

export type CatalogProvider = {
  id: string
  name: string
  protocol: Protocol
  authType: AuthType
  defaultBaseUrl: string
  endpointSupport: Record<string, string>
  docsUrl?: string
}

export type GenerateUrlResult = {
  proxyUrl: string
  tokenId?: string
  snippets: { proxyUrl: string; envBlock: string; curlExample: string; notes: string[] }
  /** The console's test request and model list for this URL (web/url-probe.ts). */
  probe?: UrlProbe
}

export type LogUsage = {
  inputTokens?: number
  outputTokens?: number
  cacheReadTokens?: number
  cacheWriteTokens?: number
  reasoningTokens?: number
  estimated?: boolean
}

export type LogWarning = { code: string; field?: string; message: string }

export type LogRow = {
  requestId: string
  startedAt?: number
  tokenId?: string
  label?: string
  sourceProtocol?: string
  targetProtocol?: string
  provider?: string
  endpointGroup?: string
  method?: string
  path?: string
  clientModel?: string
  upstreamModel?: string
  stream?: boolean
  status?: number
  errorCode?: string
  errorMessage?: string
  upstreamStatus?: number
  attempts?: number
  durationMs?: number
  ttfbMs?: number
  usage?: LogUsage
  costUsd?: number
  warnings: LogWarning[]
  userAgent?: string
  bytesIn?: number
  bytesOut?: number
  requestBody?: string
  responseBody?: string
}

export type LogPage = { rows: LogRow[]; nextCursor?: string }

/** The request log's state from /healthz (absent when the server runs without the SQLite log). */
export type LogHealth = { ok: boolean; queued: number; dropped: number; writeErrors: number; lastErrorCode?: string }

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function readString(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key]
  return typeof value === 'string' ? value : undefined
}

export function readNumber(record: Record<string, unknown>, key: string): number | undefined {
  const value = record[key]
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

function readTime(record: Record<string, unknown>, key: string): number | undefined {
  const value = record[key]
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string') {
    const parsed = Date.parse(value)
    return Number.isNaN(parsed) ? undefined : parsed
  }
  return undefined
}

function isProtocol(value: unknown): value is Protocol {
  return typeof value === 'string' && (PROTOCOLS as readonly string[]).includes(value)
}

function isAuthType(value: unknown): value is AuthType {
  return typeof value === 'string' && (AUTH_TYPES as readonly string[]).includes(value)
}

export function parseCatalog(value: unknown): CatalogProvider[] {
  if (!isRecord(value) || !Array.isArray(value.providers)) return []
  const providers: CatalogProvider[] = []
  for (const item of value.providers) {
    if (!isRecord(item)) continue
    const id = readString(item, 'id')
    if (id === undefined || !isProtocol(item.protocol) || !isAuthType(item.authType)) continue
    const support: Record<string, string> = {}
    if (isRecord(item.endpointSupport)) {
      for (const [group, mode] of Object.entries(item.endpointSupport)) {
        if (typeof mode === 'string') support[group] = mode
      }
    }
    providers.push({
      id,
      name: readString(item, 'name') ?? id,
      protocol: item.protocol,
      authType: item.authType,
      defaultBaseUrl: readString(item, 'defaultBaseUrl') ?? '',
      endpointSupport: support,
      docsUrl: readString(item, 'docsUrl'),
    })
  }
  return providers
}

/** The catalog's `protocols` list: protocol id → whether this build has its codec. */
export function parseCodecAvailability(value: unknown): Map<string, boolean> {
  const codecs = new Map<string, boolean>()
  if (!isRecord(value) || !Array.isArray(value.protocols)) return codecs
  for (const item of value.protocols) {
    if (!isRecord(item)) continue
    const id = readString(item, 'id')
    if (id !== undefined && typeof item.codec === 'boolean') codecs.set(id, item.codec)
  }
  return codecs
}

export function parseGenerateUrlResult(value: unknown): GenerateUrlResult | undefined {
  if (!isRecord(value)) return undefined
  const proxyUrl = readString(value, 'proxyUrl')
  if (proxyUrl === undefined) return undefined
  const snippets = isRecord(value.snippets) ? value.snippets : {}
  const notes = Array.isArray(snippets.notes)
    ? snippets.notes.filter((note): note is string => typeof note === 'string')
    : []
  return {
    proxyUrl,
    tokenId: readString(value, 'tokenId'),
    snippets: {
      proxyUrl: readString(snippets, 'proxyUrl') ?? proxyUrl,
      envBlock: readString(snippets, 'envBlock') ?? '',
      curlExample: readString(snippets, 'curlExample') ?? '',
      notes,
    },
    probe: parseUrlProbe(value.probe),
  }
}

function parseUsage(value: unknown): LogUsage | undefined {
  if (!isRecord(value)) return undefined
  return {
    inputTokens: readNumber(value, 'inputTokens'),
    outputTokens: readNumber(value, 'outputTokens'),
    cacheReadTokens: readNumber(value, 'cacheReadTokens'),
    cacheWriteTokens: readNumber(value, 'cacheWriteTokens'),
    reasoningTokens: readNumber(value, 'reasoningTokens'),
    estimated: value.estimated === true,
  }
}

function parseWarnings(value: unknown): LogWarning[] {
  if (!Array.isArray(value)) return []
  const warnings: LogWarning[] = []
  for (const item of value) {
    if (typeof item === 'string') warnings.push({ code: 'warning', message: item })
    else if (isRecord(item)) {
      warnings.push({
        code: readString(item, 'code') ?? 'warning',
        field: readString(item, 'field'),
        message: readString(item, 'message') ?? '',
      })
    }
  }
  return warnings
}

export function parseLogRow(value: unknown): LogRow | undefined {
  if (!isRecord(value)) return undefined
  const requestId = readString(value, 'requestId') ?? readString(value, 'id')
  if (requestId === undefined) return undefined
  const stream = value.stream
  return {
    requestId,
    startedAt: readTime(value, 'startedAt'),
    tokenId: readString(value, 'tokenId'),
    label: readString(value, 'label'),
    sourceProtocol: readString(value, 'sourceProtocol'),
    targetProtocol: readString(value, 'targetProtocol'),
    provider: readString(value, 'provider'),
    endpointGroup: readString(value, 'endpointGroup'),
    method: readString(value, 'method'),
    path: readString(value, 'path'),
    clientModel: readString(value, 'clientModel'),
    upstreamModel: readString(value, 'upstreamModel'),
    stream: typeof stream === 'boolean' ? stream : stream === 1 ? true : stream === 0 ? false : undefined,
    status: readNumber(value, 'status'),
    errorCode: readString(value, 'errorCode'),
    errorMessage: readString(value, 'errorMessage'),
    upstreamStatus: readNumber(value, 'upstreamStatus'),
    attempts: readNumber(value, 'attempts'),
    durationMs: readNumber(value, 'durationMs'),
    ttfbMs: readNumber(value, 'ttfbMs'),
    usage: parseUsage(value.usage),
    costUsd: readNumber(value, 'costUsd'),
    warnings: parseWarnings(value.warnings),
    userAgent: readString(value, 'userAgent'),
    bytesIn: readNumber(value, 'bytesIn'),
    bytesOut: readNumber(value, 'bytesOut'),
    requestBody: readString(value, 'requestBody'),
    responseBody: readString(value, 'responseBody'),
  }
}

export function parseLogPage(value: unknown): LogPage {
  if (!isRecord(value) || !Array.isArray(value.rows)) return { rows: [] }
  const rows: LogRow[] = []
  for (const item of value.rows) {
    const row = parseLogRow(item)
    if (row !== undefined) rows.push(row)
  }
  const nextCursor = readString(value, 'nextCursor')
  return nextCursor === undefined || nextCursor === '' ? { rows } : { rows, nextCursor }
}

export function parseLogHealth(value: unknown): LogHealth | undefined {
  if (!isRecord(value) || !isRecord(value.log) || typeof value.log.ok !== 'boolean') return undefined
  const log = value.log
  const health: LogHealth = {
    ok: log.ok === true,
    queued: readNumber(log, 'queued') ?? 0,
    dropped: readNumber(log, 'dropped') ?? 0,
    writeErrors: readNumber(log, 'writeErrors') ?? 0,
  }
  const code = readString(log, 'lastErrorCode')
  if (code !== undefined) health.lastErrorCode = code
  return health
}
