/**
 * Revocation = a row in the registry (survives restarts) + the token id in the running key ring's
 * revokedTokenIds, which openToken checks on every request, after its opened-token cache: a URL
 * already opened and cached is refused from the next request on.
 */
import type { KeyRing } from '../core/url-token/index.ts'
import type { RevokeOutcome, TokenRegistry } from './token-registry.ts'

/** At start: every revocation stored so far applies to the ring the proxy opens tokens with. */
export function loadRevocations(ring: KeyRing, registry: TokenRegistry): void {
  const revoked = (ring.revokedTokenIds ??= new Set())
  for (const id of registry.revokedIds()) revoked.add(id)
}

/** Stored first: an id refused in memory but lost on restart would quietly come back to life. */
export function revokeToken(ring: KeyRing, registry: TokenRegistry, tokenId: string, nowMs = Date.now()): RevokeOutcome {
  const outcome = registry.revoke(tokenId, nowMs)
  if (outcome !== 'unknown') (ring.revokedTokenIds ??= new Set()).add(tokenId)
  return outcome
}
