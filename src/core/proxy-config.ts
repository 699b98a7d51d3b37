/**
 * The configuration sealed inside a proxy URL token: everything the server needs to serve a
 * request, so that it keeps no per-user state. Both generate-url body versions normalise to it.
 */
import type { ProtocolId } from './model/index.ts'

export type UpstreamAuth =
  | { type: 'bearer'; token: string }
  | { type: 'x-api-key'; token: string }
  | { type: 'azure'; apiKey: string; apiVersion?: string; deployment?: string }
  | { type: 'aws'; accessKeyId: string; secretAccessKey: string; sessionToken?: string; region: string }
  | { type: 'none' }

export type ModelPolicy = {
  mode: 'force' | 'map' | 'passthrough'
  force?: string
  /** Keys may end in `*` (prefix match); exact keys win over prefixes, longer prefixes over shorter. */
  map?: Record<string, string>
  /** Remove a trailing bracketed suffix such as Claude Code's `[1m]` before mapping. */
  stripClientSuffix?: boolean
}

export type EndpointMode = 'auto' | 'translate' | 'passthrough'

export type RetryPolicy = { maxAttempts: number; maxDelayMs: number }

export type ProxyConfig = {
  /** Random id inside the token: the log and revocation name a URL by it, never by the token. */
  tokenId: string
  /** Optional human label shown in the log. */
  label?: string
  source: { protocol: ProtocolId; provider?: string }
  target: { protocol: ProtocolId; provider?: string; baseUrl: string; auth: UpstreamAuth }
  model: ModelPolicy
  endpoints: { mode: EndpointMode }
  retry?: RetryPolicy
  /** Unix seconds; absent = never expires. */
  expiresAt?: number
}
