/**
 * Binary layout of a token, after the `lb1_` prefix and base64url:
 *
 *   version (1 byte) | key id (2 bytes, big-endian) | salt (16) | iv (12) | AES-256-GCM ciphertext+tag
 *
 * The 3 header bytes are the associated data, so changing the version or key id fails the tag.
 * The per-token key is HKDF-SHA256(ring key, salt, info = label ‖ header): a fresh key per token
 * means a random 96-bit IV never meets the GCM nonce-reuse bound however many URLs are minted.
 * The version is also in the prefix so a reader can tell token generations apart at a glance.
 */
export const TOKEN_PREFIX = 'lb1_'
export const TOKEN_VERSION = 1
export const HEADER_BYTES = 3
export const SALT_BYTES = 16
export const IV_BYTES = 12
export const TAG_BYTES = 16
export const BODY_OFFSET = HEADER_BYTES + SALT_BYTES + IV_BYTES
/** Plaintext cap (the compact JSON), so URLs stay usable behind reverse proxies. */
export const MAX_PLAINTEXT_BYTES = 4096
export const HKDF_INFO_LABEL = 'llm-bridge url token v1'

export function encodeHeader(keyId: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array([TOKEN_VERSION, (keyId >> 8) & 0xff, keyId & 0xff])
}

export type TokenParts = { header: Uint8Array; keyId: number; salt: Uint8Array; iv: Uint8Array; sealed: Uint8Array }

export function splitToken(bytes: Uint8Array): TokenParts | undefined {
  if (bytes.length < BODY_OFFSET + TAG_BYTES + 1) return undefined
  if (bytes[0] !== TOKEN_VERSION) return undefined
  return {
    header: bytes.subarray(0, HEADER_BYTES),
    keyId: ((bytes[1] ?? 0) << 8) | (bytes[2] ?? 0),
    salt: bytes.subarray(HEADER_BYTES, HEADER_BYTES + SALT_BYTES),
    iv: bytes.subarray(HEADER_BYTES + SALT_BYTES, BODY_OFFSET),
    sealed: bytes.subarray(BODY_OFFSET),
  }
}
