/**
 * What the bridge remembers of a URL it minted: who it is for and where it goes, never the token
 * nor the key. `settings` is the generate-url body with every credential removed, so a URL can be
 * minted again from it once a key is typed in ("duplicate").
 */
import type { EndpointMode, ModelPolicy, ProxyConfig, RetryPolicy } from '../core/proxy-config.ts'
import type { ProtocolId } from '../core/model/index.ts'

/** The auth fields that name how to authenticate, not with what: no key, secret or key id. */
export type MintedAuth = { type: ProxyConfig['target']['auth']['type']; region?: string; apiVersion?: string; deployment?: string }

/** A v2 generate-url body minus its credentials. */
export type MintedSettings = {
  version: 2
  source: { protocol: ProtocolId; provider?: string }
  target: { protocol: ProtocolId; provider?: string; baseUrl?: string; auth: MintedAuth }
  model: ModelPolicy
  endpoints: { mode: EndpointMode }
  label?: string
  expiresInSeconds?: number
  retry?: RetryPolicy
}

export type MintedToken = {
  tokenId: string
  label?: string
  sourceProtocol: ProtocolId
  targetProtocol: ProtocolId
  /** Catalog preset id, absent for a custom endpoint. */
  provider?: string
  /** Host (and port) of the target base URL. */
  targetHost: string
  modelMode: ModelPolicy['mode']
  /** Ring key that sealed the URL: retiring that key ends the URL. */
  keyId: number
  /** Unix milliseconds. */
  createdAt: number
  /** Unix milliseconds; absent = never expires. */
  expiresAt?: number
  settings: MintedSettings
}

/** A registry entry as listed: the mint plus what the request log and revocation say about it. */
export type MintedTokenView = MintedToken & {
  /** Unix milliseconds. */
  revokedAt?: number
  /** Unix milliseconds of the newest logged request; absent when never used (or not recorded). */
  lastUsedAt?: number
  /** Logged requests (rows still in the log after retention); absent when the log is off. */
  requestCount?: number
}

/**
 * The registry entry of a freshly minted config. `baseUrlGiven` is false when a catalog preset
 * supplied the base URL, so a duplicate keeps following the preset instead of pinning its URL.
 */
export function describeMint(config: ProxyConfig, options: { keyId: number; nowMs: number; baseUrlGiven: boolean }): MintedToken {
  const { target } = config
  const settings: MintedSettings = {
    version: 2,
    source: { ...config.source },
    target: { protocol: target.protocol, auth: mintedAuth(target.auth) },
    model: structuredClone(config.model),
    endpoints: { mode: config.endpoints.mode },
  }
  if (target.provider !== undefined) settings.target.provider = target.provider
  if (target.provider === undefined || options.baseUrlGiven) settings.target.baseUrl = target.baseUrl
  if (config.label !== undefined) settings.label = config.label
  if (config.retry !== undefined) settings.retry = { ...config.retry }
  const expiresAt = config.expiresAt === undefined ? undefined : config.expiresAt * 1000
  if (expiresAt !== undefined) settings.expiresInSeconds = Math.max(1, Math.round((expiresAt - options.nowMs) / 1000))
  const minted: MintedToken = {
    tokenId: config.tokenId,
    sourceProtocol: config.source.protocol,
    targetProtocol: target.protocol,
    targetHost: new URL(target.baseUrl).host,
    modelMode: config.model.mode,
    keyId: options.keyId,
    createdAt: options.nowMs,
    settings,
  }
  if (config.label !== undefined) minted.label = config.label
  if (target.provider !== undefined) minted.provider = target.provider
  if (expiresAt !== undefined) minted.expiresAt = expiresAt
  return minted
}

/** Listed field by field, so a credential added to an auth type later cannot slip in. */
function mintedAuth(auth: ProxyConfig['target']['auth']): MintedAuth {
  switch (auth.type) {
    case 'azure':
      return { type: 'azure', ...(auth.apiVersion === undefined ? {} : { apiVersion: auth.apiVersion }), ...(auth.deployment === undefined ? {} : { deployment: auth.deployment }) }
    case 'aws':
      return { type: 'aws', region: auth.region }
    default:
      return { type: auth.type }
  }
}
