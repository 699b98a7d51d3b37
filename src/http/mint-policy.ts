/**
 * Who may mint a proxy URL. A minted URL makes the bridge send traffic, with a key, to an upstream
 * the minter chooses (within the egress policy): on a non-loopback bind anyone on the LAN could do
 * that, so minting needs the admin key there unless the operator says `--mint anyone`; on a
 * loopback bind the machine's owner mints freely unless `--mint admin`.
 */
import type { ServerConfig } from '../config.ts'
import { BridgeError } from '../core/errors.ts'
import { isAdminKey, presentedCredential } from './admin-auth.ts'
import { isLoopbackHost } from './loopback-host.ts'

export type MintPolicy = 'admin' | 'anyone'

export function mintPolicyOf(config: Pick<ServerConfig, 'mint' | 'host'>): MintPolicy {
  if (config.mint !== 'auto') return config.mint
  return isLoopbackHost(config.host) ? 'anyone' : 'admin'
}

/** The line said at start. */
export function describeMintPolicy(config: Pick<ServerConfig, 'mint' | 'host'>): string {
  const policy = mintPolicyOf(config)
  const chosen = config.mint === 'auto' ? `, the default on a ${isLoopbackHost(config.host) ? 'loopback' : 'non-loopback'} bind` : ''
  return policy === 'admin'
    ? `llm-bridge: minting URLs needs the admin key (--mint admin${chosen}; --mint anyone opens it to every client of the API)`
    : `llm-bridge: anyone who reaches the API can mint URLs (--mint anyone${chosen})`
}

/** undefined when this request may mint; the 401 otherwise (a URL token is not the admin key). */
export function refuseMint(request: Request, policy: MintPolicy, adminKey: string): BridgeError | undefined {
  if (policy === 'anyone') return undefined
  const credential = presentedCredential(request)
  if (credential === undefined) {
    return new BridgeError({ kind: 'authentication', code: 'MISSING_TOKEN', status: 401, message: 'Minting URLs needs the admin key (Authorization: Bearer <admin key>); the server runs with --mint admin' })
  }
  if (isAdminKey(credential, adminKey)) return undefined
  return new BridgeError({ kind: 'authentication', code: 'INVALID_TOKEN', status: 401, message: 'Invalid admin key' })
}
