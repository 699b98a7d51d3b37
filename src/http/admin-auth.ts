/**
 * Who may read the request log. On a loopback bind everyone on the machine may (the owner's
 * own computer); on any other bind the full log needs the admin key, and the holder of a proxy
 * URL may read that URL's rows by presenting its token. Shared by /api/logs, /api/stats and /metrics.
 */
import { timingSafeEqual } from 'node:crypto'
import { BridgeError } from '../core/errors.ts'

export type LogAccess = { scope: 'all' } | { scope: 'token'; tokenId: string }

export type AdminAuthDeps = {
  isLoopbackBind: boolean
  adminKey: string
  /** Opens a proxy URL token (core/url-token openToken with the server's key ring); throws when invalid. */
  openToken: (token: string) => Promise<{ tokenId: string }>
}

const TOKEN_PREFIX = 'lb1_'

export async function authorizeLogAccess(request: Request, deps: AdminAuthDeps): Promise<LogAccess | BridgeError> {
  if (deps.isLoopbackBind) return { scope: 'all' }
  const credential = presentedCredential(request)
  if (credential === undefined) {
    return unauthorized('MISSING_TOKEN', 'The request log needs the admin key (Authorization: Bearer <admin key>) or a proxy URL token')
  }
  if (isAdminKey(credential, deps.adminKey)) return { scope: 'all' }
  if (credential.startsWith(TOKEN_PREFIX)) {
    try {
      const config = await deps.openToken(credential)
      return { scope: 'token', tokenId: config.tokenId }
    } catch {
      // Same answer for every failure, as for the proxy itself.
    }
  }
  return unauthorized('INVALID_TOKEN', 'Invalid admin key or proxy URL token')
}

/** Admin-only views (the metrics, the minted URLs): a URL token is not enough there. */
export async function authorizeAdmin(request: Request, deps: AdminAuthDeps): Promise<BridgeError | undefined> {
  if (deps.isLoopbackBind) return undefined
  const credential = presentedCredential(request)
  if (credential === undefined) return unauthorized('MISSING_TOKEN', 'This view needs the admin key (Authorization: Bearer <admin key>)')
  return isAdminKey(credential, deps.adminKey) ? undefined : unauthorized('INVALID_TOKEN', 'This view needs the admin key')
}

export function presentedCredential(request: Request): string | undefined {
  const adminHeader = request.headers.get('x-admin-key')?.trim()
  if (adminHeader) return adminHeader
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')
  return match?.[1]
}

/** Compares digests so neither the content nor the length of the key leaks through timing. */
export function isAdminKey(candidate: string, adminKey: string): boolean {
  if (adminKey.length === 0) return false
  const digest = (value: string): Buffer => Buffer.from(new Bun.CryptoHasher('sha256').update(value).digest())
  return timingSafeEqual(digest(candidate), digest(adminKey))
}

function unauthorized(code: 'MISSING_TOKEN' | 'INVALID_TOKEN', message: string): BridgeError {
  return new BridgeError({ kind: 'authentication', code, status: 401, message })
}
