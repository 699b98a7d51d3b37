/**
 * The server's token keys. `current` seals new tokens; every key still in `keys` opens the tokens
 * it sealed, so the secret can be rotated while old URLs keep working until their key is removed.
 */
export type KeyRing = {
  current: number
  keys: Map<number, Uint8Array>
  /** Token ids refused although their token is otherwise valid. */
  revokedTokenIds?: Set<string>
}

/** Key ids travel in two header bytes. */
export const MAX_KEY_ID = 0xffff

export function isValidKeyId(id: number): boolean {
  return Number.isInteger(id) && id >= 0 && id <= MAX_KEY_ID
}
