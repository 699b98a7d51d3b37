/**
 * The egress check at use, with an allowed verdict reused for half a second per upstream origin
 * and policy. Checking on every call parsed, resolved and classified the same host again for
 * each request (a visible share of a proxied request's CPU in the bench profile).
 *
 * Reuse changes nothing the check relies on by more than a moment: it applies only with the
 * default resolver and interface reader, whose answers are themselves reused for a second
 * (resolve-host.ts, local-addresses.ts), so a verdict is at most 1.5 s behind DNS and the
 * interfaces. The key holds everything else the verdict depends on (scheme, host, port,
 * the allow list, the bridge's own ports), so a policy change applies at once. Denials are never
 * reused: they throw again from a fresh check, and URLs with user info are always checked afresh.
 * A reused verdict hands back the addresses that were checked, and the call connects to those:
 * being a moment behind DNS never means connecting somewhere unchecked.
 */
import { checkEgress, type EgressPolicy, type EgressVerdict } from './check-egress.ts'

export const VERDICT_REUSE_MS = 500
const MAX_ORIGINS = 512

type Check = (url: URL, policy: EgressPolicy) => Promise<EgressVerdict>

export function reuseEgressVerdict(
  check: Check = (url, policy) => checkEgress(url, policy, 'use'),
  now: () => number = () => performance.now(),
): (url: URL, policy: EgressPolicy) => Promise<EgressVerdict> {
  const allowed = new Map<string, { at: number; verdict: EgressVerdict }>()
  const policyKey = policyKeyCache()
  return async (url, policy) => {
    // URLs with user info are rare and always checked afresh (they are not part of the key).
    if (policy.resolve !== undefined || policy.localAddresses !== undefined || url.username !== '' || url.password !== '') {
      return check(url, policy)
    }
    const key = `${url.origin}|${policyKey(policy)}`
    const known = allowed.get(key)
    if (known !== undefined && now() - known.at < VERDICT_REUSE_MS) return known.verdict
    const verdict = await check(url, policy)
    if (allowed.size >= MAX_ORIGINS) allowed.clear()
    allowed.set(key, { at: now(), verdict })
    return verdict
  }
}

/**
 * The allow list and own ports as one string, rebuilt only when their contents change (they are
 * mutated in place: the real port once listening): joined on every request before, for nothing.
 */
function policyKeyCache(): (policy: EgressPolicy) => string {
  let allowHosts: string[] = []
  let ownPorts: number[] = []
  let key = '|'
  return (policy) => {
    if (!sameItems(allowHosts, policy.allowHosts) || !sameItems(ownPorts, policy.ownPorts)) {
      allowHosts = [...policy.allowHosts]
      ownPorts = [...policy.ownPorts]
      key = `${allowHosts.join(' ')}|${ownPorts.join(' ')}`
    }
    return key
  }
}

function sameItems<T>(kept: readonly T[], current: readonly T[]): boolean {
  if (kept.length !== current.length) return false
  for (let i = 0; i < kept.length; i++) if (kept[i] !== current[i]) return false
  return true
}
