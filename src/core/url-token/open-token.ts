import type { ProxyConfig } from '../proxy-config.ts'
import { decodeBase64Url } from './base64url.ts'
import { deriveTokenKey } from './derive-token-key.ts'
import { expandConfig } from './expand-config.ts'
import type { KeyRing } from './key-ring.ts'
import { cachedOpen, rememberOpen } from './opened-token-cache.ts'
import { unpackPlaintext } from './pack-plaintext.ts'
import { invalidTokenError } from './token-error.ts'
import { splitToken, TOKEN_PREFIX } from './token-format.ts'

/** Tolerated clock difference between the minting and the serving clock. */
export const EXPIRY_SKEW_SECONDS = 60

/** Longest token worth decoding: the plaintext cap plus headroom for base64 and the envelope. */
const MAX_TOKEN_CHARS = 8192

/**
 * Opens a URL token. Every failure throws the same invalidTokenError(); the key named in the
 * header is the only one tried, never the others in the ring.
 */
export async function openToken(token: string, ring: KeyRing, nowSeconds = Math.floor(Date.now() / 1000)): Promise<ProxyConfig> {
  // The cache replaces only the decryption: expiry and revocation below run on every call.
  const config = cachedOpen(token, ring) ?? (await tryOpen(token, ring))
  if (config === undefined) throw invalidTokenError()
  if (config.expiresAt !== undefined && nowSeconds > config.expiresAt + EXPIRY_SKEW_SECONDS) throw invalidTokenError()
  if (ring.revokedTokenIds?.has(config.tokenId)) throw invalidTokenError()
  return config
}

async function tryOpen(token: string, ring: KeyRing): Promise<ProxyConfig | undefined> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > MAX_TOKEN_CHARS) return undefined
  const bytes = decodeBase64Url(token.slice(TOKEN_PREFIX.length))
  const parts = bytes && splitToken(bytes)
  if (!parts) return undefined
  const secret = ring.keys.get(parts.keyId)
  if (secret === undefined) return undefined
  let plaintext: Uint8Array
  try {
    const key = await deriveTokenKey(secret, parts.salt, parts.header)
    const iv = parts.iv as Uint8Array<ArrayBuffer>
    const data = parts.sealed as Uint8Array<ArrayBuffer>
    const aad = parts.header as Uint8Array<ArrayBuffer>
    plaintext = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, data))
  } catch {
    return undefined
  }
  const json = await unpackPlaintext(plaintext)
  if (json === undefined) return undefined
  let config: ProxyConfig | undefined
  try {
    config = expandConfig(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json)))
  } catch {
    return undefined
  }
  return config === undefined ? undefined : rememberOpen(token, ring, parts.keyId, secret, config)
}

/** True when a header value (e.g. an API key) is a proxy token rather than a real key. */
export function looksLikeToken(value: string): boolean {
  return value.startsWith(TOKEN_PREFIX) && value.length > TOKEN_PREFIX.length
}
