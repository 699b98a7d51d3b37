/**
 * Opened tokens, remembered per key ring so a client's second request skips HKDF + AES-GCM +
 * inflate + JSON (tens of µs, the largest fixed cost of a proxied request before this cache).
 *
 * Safe because the cache only replaces the decryption, never a check:
 * - keyed by the exact token string (the whole ciphertext), so only the same bytes can hit;
 * - an entry remembers the ring secret that opened it and is used only while the ring still holds
 *   that very secret under that key id (a rotated-out key stops its tokens at once);
 * - expiry and revocation are checked by openToken on every call, hit or miss;
 * - failures are never cached (a stream of bad tokens only costs what it cost before);
 * - what it hands out is deeply frozen (first open and hits alike), so no caller can alter what the
 *   next request sees: a write throws in our strict-mode modules instead of leaking (a per-hit
 *   structuredClone cost as much as 3 % of a translated request).
 * Bounded: least recently used entries go first; a token is at most 8 KiB, so the cap bounds memory.
 */
import type { ProxyConfig } from '../proxy-config.ts'
import type { KeyRing } from './key-ring.ts'

export const OPENED_TOKEN_CACHE_SIZE = 1024

type Entry = { keyId: number; secret: Uint8Array; config: ProxyConfig }

const caches = new WeakMap<KeyRing, Map<string, Entry>>()

export function cachedOpen(token: string, ring: KeyRing): ProxyConfig | undefined {
  const cache = caches.get(ring)
  const entry = cache?.get(token)
  if (cache === undefined || entry === undefined) return undefined
  if (ring.keys.get(entry.keyId) !== entry.secret) {
    cache.delete(token)
    return undefined
  }
  // Map keeps insertion order: moving a hit to the end makes the first key the least recent.
  cache.delete(token)
  cache.set(token, entry)
  return entry.config
}

/** Remembers a freshly opened config and returns it frozen (the caller hands out this same object). */
export function rememberOpen(token: string, ring: KeyRing, keyId: number, secret: Uint8Array, opened: ProxyConfig): ProxyConfig {
  const config = deepFreeze(opened)
  let cache = caches.get(ring)
  if (cache === undefined) {
    cache = new Map()
    caches.set(ring, cache)
  }
  cache.set(token, { keyId, secret, config })
  if (cache.size > OPENED_TOKEN_CACHE_SIZE) {
    const oldest = cache.keys().next()
    if (!oldest.done) cache.delete(oldest.value)
  }
  return config
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}
