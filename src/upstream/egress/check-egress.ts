/**
 * The egress policy, checked when a URL is minted and again before every upstream call.
 * Resolved addresses are classified, never host strings (see classify-address.ts).
 *
 * DNS rebinding: at use, every answer of one lookup must pass, so a name that mixes a public and a
 * private answer is refused (rather than connecting to its allowed answers only: such a record is
 * either a misconfiguration or an attack, and a refusal names it). The checked addresses are the
 * verdict: callUpstream connects to them and never lets fetch resolve the name again
 * (pin-address.ts), so no second lookup can answer differently. Redirects are never followed
 * (callUpstream uses redirect: 'manual'), so a checked host cannot hand the request on.
 */
import { BridgeError } from '../../core/errors.ts'
import { addressFacts, parseIpMemo } from './address-facts.ts'
import { allowEntriesOf } from './allow-entries.ts'
import { NEVER_ALLOWED } from './classify-address.ts'
import { cidrContains } from './cidr.ts'
import { allowableMessage, neverAllowedMessage, ownPortMessage } from './egress-messages.ts'
import { localAddresses as readLocalAddresses } from './local-addresses.ts'
import { type AllowEntry, stripTrailingDot } from './parse-allow-host.ts'
import { type IpAddress, sameIp } from './parse-ip.ts'
import { cachedResolve, isLocalhostName, type Resolve } from './resolve-host.ts'

export type EgressPolicy = {
  /** `--allow-host` entries: host, host:port or CIDR. */
  allowHosts: string[]
  /** Ports the bridge listens on; never reachable on a local address, allow entries or not. */
  ownPorts: number[]
  resolve?: Resolve
  /** Addresses of this machine; injected in tests, read from the interfaces otherwise. */
  localAddresses?: () => string[]
}

export type EgressPhase = 'mint' | 'use'

/** What an allowed check hands on: the addresses it checked, in the resolver's order. */
export type EgressVerdict = { addresses: readonly string[] }

type Target = { hostname: string; port: number; display: string; isLiteral: boolean }

export async function checkEgress(url: URL, policy: EgressPolicy, phase: EgressPhase): Promise<EgressVerdict> {
  const deny = (message: string) =>
    new BridgeError({ kind: 'permission', code: 'EGRESS_DENIED', status: phase === 'mint' ? 400 : 403, message })
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw deny('Upstream URL must use http or https')
  if (url.username !== '' || url.password !== '') throw deny('Upstream URL must not contain a user name or password')
  const hostname = stripTrailingDot(url.hostname)
  const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80
  const target: Target = { hostname, port, display: `${hostname}:${port}`, isLiteral: parseIpMemo(hostname) !== undefined }
  const addresses = await addressesOf(target, policy.resolve ?? cachedResolve, phase)
  const entries = allowEntriesOf(policy.allowHosts)
  const locals = (policy.localAddresses ?? readLocalAddresses)().flatMap((text) => parseIpMemo(text) ?? [])
  for (const address of addresses) {
    const message = denial(target, address, entries, policy.ownPorts, locals)
    if (message !== undefined) throw deny(message)
  }
  return { addresses }
}

/** The reason to refuse one resolved address, or undefined when it may be called. */
function denial(target: Target, address: string, entries: AllowEntry[], ownPorts: number[], locals: IpAddress[]): string | undefined {
  const facts = addressFacts(address)
  if (facts === undefined) return neverAllowedMessage(target.display, target.isLiteral, 'invalid')
  const { ip, kind, embedded } = facts
  if (NEVER_ALLOWED.has(kind)) return neverAllowedMessage(target.display, target.isLiteral, kind)
  const isLocal = kind === 'loopback' || locals.some((local) => sameIp(local, ip) || (embedded !== undefined && sameIp(local, embedded)))
  if (ownPorts.includes(target.port) && isLocal) return ownPortMessage(target.display)
  if (kind === 'public') return undefined
  if (entries.some((entry) => allows(entry, target, ip) || (embedded !== undefined && allows(entry, target, embedded)))) return undefined
  return allowableMessage(target.display, target.isLiteral, kind)
}

function allows(entry: AllowEntry, target: Target, ip: IpAddress): boolean {
  if (entry.kind === 'cidr') return cidrContains(entry.range, ip)
  if (entry.port !== undefined && entry.port !== target.port) return false
  return entry.host === target.hostname || (entry.ip !== undefined && sameIp(entry.ip, ip))
}

/**
 * IP literals are their own answer. A name that does not resolve is accepted at mint (URLs can be
 * minted on a machine without the upstream's network) and checked again at use, where a failed
 * lookup is an upstream error.
 */
async function addressesOf(target: Target, resolve: Resolve, phase: EgressPhase): Promise<string[]> {
  if (target.isLiteral) return [target.hostname.replace(/^\[|\]$/g, '')]
  if (isLocalhostName(target.hostname)) return ['127.0.0.1', '::1']
  let answers: string[] = []
  try {
    answers = await resolve(target.hostname)
  } catch {
    answers = []
  }
  if (answers.length > 0 || phase === 'mint') return answers
  throw new BridgeError({
    kind: 'upstream',
    code: 'UPSTREAM_ERROR',
    status: 502,
    retryable: true,
    message: `Could not resolve the upstream host ${target.hostname}`,
  })
}
