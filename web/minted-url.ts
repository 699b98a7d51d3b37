/**
 * The minted URLs from GET /api/tokens, narrowed from `unknown`, and their stored settings turned
 * back into a New URL form draft ("Duplicate"). The settings hold no credential; the draft's key
 * fields start empty, except the non-secret ones (Azure API version and deployment, AWS region).
 */
import { CATCH_ALL, emptyModelDraft, type ModelDraft } from './model-policy.ts'
import { isRecord, readString, type AuthType, type Protocol } from './types.ts'
import { EXPIRY_CHOICES, isAuthType, isProtocol } from './url-form-choices.ts'

export type MintedUrlSettings = {
  source: { protocol: Protocol; provider?: string }
  target: { protocol: Protocol; provider?: string; baseUrl?: string; auth: Record<string, string> & { type: AuthType } }
  model: { mode: 'force' | 'map' | 'passthrough'; force?: string; map?: Record<string, string>; stripClientSuffix?: boolean }
  endpoints: { mode: 'auto' | 'translate' | 'passthrough' }
  label?: string
  expiresInSeconds?: number
}

export type MintedUrl = {
  tokenId: string
  label?: string
  sourceProtocol: string
  targetProtocol: string
  provider?: string
  targetHost: string
  createdAt: number
  expiresAt?: number
  revokedAt?: number
  lastUsedAt?: number
  requestCount?: number
  settings?: MintedUrlSettings
}

export type MintedUrlList = { tokens: MintedUrl[]; usageRecorded: boolean }

/** What the New URL form takes from a duplicated URL. */
export type UrlFormDraft = {
  sourceProtocol: Protocol
  /** '' = custom endpoint. */
  providerId: string
  customProtocol: Protocol
  customAuthType: AuthType
  baseUrl: string
  auth: Record<string, string>
  model: ModelDraft
  endpointsMode: 'auto' | 'translate' | 'passthrough'
  expiresInSeconds: number
  label: string
}

const NON_SECRET_AUTH_FIELDS = ['apiVersion', 'deployment', 'region'] as const

const readNumber = (record: Record<string, unknown>, key: string): number | undefined =>
  typeof record[key] === 'number' && Number.isFinite(record[key]) ? record[key] : undefined

export function parseMintedUrlList(value: unknown): MintedUrlList {
  if (!isRecord(value) || !Array.isArray(value.tokens)) return { tokens: [], usageRecorded: false }
  const tokens = value.tokens.flatMap((item): MintedUrl[] => {
    const token = parseMintedUrl(item)
    return token === undefined ? [] : [token]
  })
  return { tokens, usageRecorded: value.usageRecorded === true }
}

function parseMintedUrl(value: unknown): MintedUrl | undefined {
  if (!isRecord(value)) return undefined
  const tokenId = readString(value, 'tokenId')
  const createdAt = readNumber(value, 'createdAt')
  if (tokenId === undefined || createdAt === undefined) return undefined
  const token: MintedUrl = {
    tokenId,
    sourceProtocol: readString(value, 'sourceProtocol') ?? '?',
    targetProtocol: readString(value, 'targetProtocol') ?? '?',
    targetHost: readString(value, 'targetHost') ?? '',
    createdAt,
  }
  const label = readString(value, 'label')
  const provider = readString(value, 'provider')
  if (label !== undefined) token.label = label
  if (provider !== undefined) token.provider = provider
  for (const key of ['expiresAt', 'revokedAt', 'lastUsedAt', 'requestCount'] as const) {
    const number = readNumber(value, key)
    if (number !== undefined) token[key] = number
  }
  const settings = parseSettings(value.settings)
  if (settings !== undefined) token.settings = settings
  return token
}

function parseSettings(value: unknown): MintedUrlSettings | undefined {
  if (!isRecord(value) || !isRecord(value.source) || !isRecord(value.target) || !isRecord(value.model) || !isRecord(value.target.auth)) return undefined
  const source = readString(value.source, 'protocol') ?? ''
  const target = readString(value.target, 'protocol') ?? ''
  const authType = readString(value.target.auth, 'type') ?? ''
  const mode = readString(value.model, 'mode')
  if (!isProtocol(source) || !isProtocol(target) || !isAuthType(authType)) return undefined
  if (mode !== 'force' && mode !== 'map' && mode !== 'passthrough') return undefined
  const auth: Record<string, string> & { type: AuthType } = { type: authType }
  for (const key of NON_SECRET_AUTH_FIELDS) {
    const field = readString(value.target.auth, key)
    if (field !== undefined) auth[key] = field
  }
  const settings: MintedUrlSettings = {
    source: { protocol: source, ...optional('provider', readString(value.source, 'provider')) },
    target: { protocol: target, auth, ...optional('provider', readString(value.target, 'provider')), ...optional('baseUrl', readString(value.target, 'baseUrl')) },
    model: { mode, ...optional('force', readString(value.model, 'force')) },
    endpoints: { mode: endpointsMode(isRecord(value.endpoints) ? readString(value.endpoints, 'mode') : undefined) },
  }
  if (isRecord(value.model.map)) {
    settings.model.map = Object.fromEntries(Object.entries(value.model.map).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
  }
  if (value.model.stripClientSuffix === true) settings.model.stripClientSuffix = true
  const label = readString(value, 'label')
  const expires = readNumber(value, 'expiresInSeconds')
  if (label !== undefined) settings.label = label
  if (expires !== undefined) settings.expiresInSeconds = expires
  return settings
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>)
}

function endpointsMode(value: string | undefined): 'auto' | 'translate' | 'passthrough' {
  return value === 'translate' || value === 'passthrough' ? value : 'auto'
}

/** The form draft for a duplicate: same pair, provider, models and options; the key left empty. */
export function toUrlFormDraft(settings: MintedUrlSettings): UrlFormDraft {
  const model = emptyModelDraft(settings.model.stripClientSuffix === true)
  model.mode = settings.model.mode
  model.force = settings.model.force ?? ''
  const entries = Object.entries(settings.model.map ?? {})
  const rows = entries.filter(([client]) => client !== CATCH_ALL).map(([client, upstream]) => ({ client, upstream }))
  if (rows.length > 0) model.rows = rows
  model.fallback = settings.model.map?.[CATCH_ALL] ?? ''
  const { type: authType, ...auth } = settings.target.auth
  return {
    sourceProtocol: settings.source.protocol,
    providerId: settings.target.provider ?? '',
    customProtocol: settings.target.protocol,
    customAuthType: authType,
    baseUrl: settings.target.baseUrl ?? '',
    auth,
    model,
    endpointsMode: settings.endpoints.mode,
    expiresInSeconds: expiryChoice(settings.expiresInSeconds),
    label: settings.label ?? '',
  }
}

/** The form offers fixed lifetimes: the shortest one not shorter than the original (or the longest). */
function expiryChoice(seconds: number | undefined): number {
  if (seconds === undefined) return 0
  const longer = EXPIRY_CHOICES.filter((choice) => choice.seconds >= seconds).sort((a, b) => a.seconds - b.seconds)[0]
  return longer?.seconds ?? Math.max(...EXPIRY_CHOICES.map((choice) => choice.seconds))
}
