/**
 * The egress check at use, with an allowed verdict reused for half a second per upstream origin
 * and policy. Checking on every call parsed, resolved and classified the same host again for
 * each request (a visible share of a proxied request's CPU in the bench profile).
 *
 * Reuse changes nothing the check relies on by more than a moment: it applies only with the
 * default resolver and interface reader, whose answers are themselves reused for a second
 * (resolve-host.ts, local-addresses.ts), so a verdict is at most 1.5 s behind DNS and the
 * interfaces. The key holds everything else the verdict depends on (scheme, user info, host, port,
 * the allow list, the bridge's own ports), so a policy change applies at once. Denials are never
 * reused: they throw again from a fresh check.
 */
import { checkEgress, type EgressPolicy } from './check-egress.ts'

export const VERDICT_REUSE_MS = 500
const MAX_ORIGINS = 512

type Check = (url: URL, policy: EgressPolicy) => Promise<unknown>

export function reuseEgressVerdict(
  check: Check = (url, policy) => checkEgress(url, policy, 'use'),
  now: () => number = () => performance.now(),
): (url: URL, policy: EgressPolicy) => Promise<void> {
  const allowedAt = new Map<string, number>()
  return async (url, policy) => {
    if (policy.resolve !== undefined || policy.localAddresses !== undefined) {
      await check(url, policy)
      return
    }
    const key = `${url.protocol}//${url.username}:${url.password}@${url.host}|${policy.allowHosts.join(' ')}|${policy.ownPorts.join(' ')}`
    const at = allowedAt.get(key)
    if (at !== undefined && now() - at < VERDICT_REUSE_MS) return
    await check(url, policy)
    if (allowedAt.size >= MAX_ORIGINS) allowedAt.clear()
    allowedAt.set(key, now())
  }
}
