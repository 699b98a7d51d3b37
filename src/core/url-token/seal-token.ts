import { BridgeError } from '../errors.ts'
import type { ProxyConfig } from '../proxy-config.ts'
import { encodeBase64Url } from './base64url.ts'
import { compactConfig } from './compact-config.ts'
import { deriveTokenKey } from './derive-token-key.ts'
import { expandConfig } from './expand-config.ts'
import { isValidKeyId, type KeyRing } from './key-ring.ts'
import { newTokenId } from './new-token-id.ts'
import { packPlaintext } from './pack-plaintext.ts'
import { BODY_OFFSET, encodeHeader, HEADER_BYTES, IV_BYTES, MAX_PLAINTEXT_BYTES, SALT_BYTES, TOKEN_PREFIX } from './token-format.ts'

/**
 * Seals a config into a URL token with the ring's current key. A missing tokenId is generated.
 * Throws INVALID_JSON 400 when the config is too large for a URL or would not open again.
 */
export async function sealToken(config: ProxyConfig, ring: KeyRing): Promise<string> {
  const secret = ring.keys.get(ring.current)
  // A ring without its current key is a server bug, not a client error.
  if (!isValidKeyId(ring.current) || secret === undefined) throw new Error('Key ring has no current key')
  const withId: ProxyConfig = config.tokenId ? config : { ...config, tokenId: newTokenId() }
  const compact = compactConfig(withId)
  // Refuse to mint what openToken would refuse to open (e.g. a non-integer expiry).
  if (expandConfig(compact) === undefined) throw BridgeError.invalidRequest('The proxy configuration is malformed')
  const json = new TextEncoder().encode(JSON.stringify(compact))
  if (json.length > MAX_PLAINTEXT_BYTES) throw BridgeError.invalidRequest('configuration too large for a URL')

  const header = encodeHeader(ring.current)
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES))
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES))
  const key = await deriveTokenKey(secret, salt, header)
  const plaintext = await packPlaintext(json)
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: header }, key, plaintext as Uint8Array<ArrayBuffer>),
  )
  const bytes = new Uint8Array(BODY_OFFSET + sealed.length)
  bytes.set(header, 0)
  bytes.set(salt, HEADER_BYTES)
  bytes.set(iv, HEADER_BYTES + SALT_BYTES)
  bytes.set(sealed, BODY_OFFSET)
  return TOKEN_PREFIX + encodeBase64Url(bytes)
}
