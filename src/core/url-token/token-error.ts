import { BridgeError } from '../errors.ts'

/**
 * The one answer to every bad token. Bad base64, unknown version or key id, failed tag, expiry,
 * revocation and malformed JSON all look the same, so a client learns nothing about which check
 * failed (and an attacker gets no oracle).
 */
export function invalidTokenError(): BridgeError {
  return new BridgeError({
    kind: 'authentication',
    code: 'INVALID_TOKEN',
    status: 401,
    message: 'The proxy token is invalid or expired',
  })
}
