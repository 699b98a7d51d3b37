/**
 * Shapes of the API answers the console reads, and narrowing from `unknown`. The shapes are the
 * server's own route schemas (src/http/*-schema.ts, the ones the OpenAPI document is generated
 * from), imported as types only: nothing of the server is bundled into the console. Where the
 * console tolerates a field's absence, its view type says so (Partial). The server is trusted for
 * structure, never for content: every string here is rendered as text.
 */
import { parseUrlProbe, type UrlProbe } from './url-probe.ts'
import type { Static } from '@sinclair/typebox'
import type { AuthTypeSchema, CatalogProviderSchema, ProtocolSchema } from '../src/http/catalog-schema.ts'
import type { GenerateUrlAnswerSchema } from '../src/http/generate-url-schema.ts'
import type { LogHealthSchema } from '../src/http/health-schema.ts'
import type { LogRowSchema, TranslationWarningSchema, UsageSchema } from '../src/http/log-schemas.ts'

export type Protocol = Static<typeof ProtocolSchema>
export type AuthType = Static<typeof AuthTypeSchema>

/** The form's choices, in display order; the checks below fail the type check if the server adds one. */
export const PROTOCOLS = ['anthropic', 'openai', 'openai-responses', 'gemini', 'bedrock'] as const satisfies readonly Protocol[]
export const AUTH_TYPES = ['bearer', 'x-api-key', 'azure', 'aws', 'none'] as const satisfies readonly AuthType[]
const everyProtocolListed: Exclude<Protocol, (typeof PROTOCOLS)[number]> extends never ? true : false = true
const everyAuthTypeListed: Exclude<AuthType, (typeof AUTH_TYPES)[number]> extends never ? true : false = true
void everyProtocolListed
void everyAuthTypeListed

type CatalogProviderAnswer = Static<typeof CatalogProviderSchema>

/** Endpoint support is shown as text per group, whatever groups a newer server names. */
export type CatalogProvider = Omit<CatalogProviderAnswer, 'endpointSupport' | 'docsUrl'> & {
  endpointSupport: Record<string, string>
  docsUrl?: CatalogProviderAnswer['docsUrl']
}

type GenerateUrlAnswer = Static<typeof GenerateUrlAnswerSchema>
/** `probe` as the console reads it (web/url-probe.ts: only what it needs, checked field by field). */
export type GenerateUrlResult = Omit<GenerateUrlAnswer, 'tokenId' | 'probe'> & Partial<Pick<GenerateUrlAnswer, 'tokenId'>> & { probe?: UrlProbe | undefined }

export type LogUsage = Partial<Static<typeof UsageSchema>>

export type LogWarning = Static<typeof TranslationWarningSchema>

type LogRowAnswer = Static<typeof LogRowSchema>

/** A row as the console shows it: only the id is needed, every other field may be missing. */
export type LogRow = Partial<Omit<LogRowAnswer, 'requestId' | 'warnings' | 'usage'>> &
  Pick<LogRowAnswer, 'requestId' | 'warnings'> & { usage?: LogUsage }

export type LogPage = { rows: LogRow[]; nextCursor?: string }

/** The request log's state from /healthz (absent when the server runs without the SQLite log). */
export type LogHealth = Static<typeof LogHealthSchema>

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
  const expiresAt = readNumber(value, 'expiresAt')
  return {
    proxyUrl,
    tokenId: readString(value, 'tokenId'),
    ...(expiresAt === undefined ? {} : { expiresAt }),
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
