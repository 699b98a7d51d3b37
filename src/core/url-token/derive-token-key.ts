import { HKDF_INFO_LABEL } from './token-format.ts'

/** HKDF base keys per ring secret, so each token costs one deriveKey and not an importKey too. */
const baseKeys = new WeakMap<Uint8Array, Promise<CryptoKey>>()

function baseKey(secret: Uint8Array): Promise<CryptoKey> {
  let key = baseKeys.get(secret)
  if (key === undefined) {
    key = crypto.subtle.importKey('raw', secret as Uint8Array<ArrayBuffer>, 'HKDF', false, ['deriveKey'])
    baseKeys.set(secret, key)
  }
  return key
}

/** The per-token AES-256-GCM key: HKDF-SHA256(ring secret, salt, label ‖ header). */
export async function deriveTokenKey(secret: Uint8Array, salt: Uint8Array, header: Uint8Array): Promise<CryptoKey> {
  const label = new TextEncoder().encode(HKDF_INFO_LABEL)
  const info = new Uint8Array(label.length + header.length)
  info.set(label)
  info.set(header, label.length)
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, info },
    await baseKey(secret),
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  )
}
