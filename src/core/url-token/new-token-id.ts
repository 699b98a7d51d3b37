import { encodeBase64Url } from './base64url.ts'

/** 9 random bytes → 12 base64url characters (72 bits): unguessable, short enough for a log column. */
export function newTokenId(): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(9)))
}
