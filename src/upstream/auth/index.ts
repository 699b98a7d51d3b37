/**
 * Adds the upstream credentials sealed in the URL token to an outgoing request. One signer per
 * auth type; the client's own credential headers never reach here (forward-headers drops them).
 */
import type { UpstreamAuth } from '../../core/proxy-config.ts'
import { signAwsSigV4 } from './sign-aws-sigv4.ts'
import { signAzure } from './sign-azure.ts'
import { signBearer } from './sign-bearer.ts'
import { signNone } from './sign-none.ts'
import { type ApiKeyHeader, signXApiKey } from './sign-x-api-key.ts'

export type SignInput = {
  method: string
  url: URL
  headers: Headers
  /** The exact bytes that will be sent (SigV4 hashes them). */
  body: Uint8Array | string | undefined
  /** The target protocol's header for an API key (auth type x-api-key): its codec's convention. */
  apiKeyHeader?: ApiKeyHeader
  /** Injected in tests (SigV4 timestamp). */
  now?: Date
}

/**
 * Adds the credentials to `input.headers` and returns that same object. The callers build those
 * headers for this one request (forward-headers.ts), so a copy here was a second Headers per
 * request for nothing.
 */
export async function signRequest(auth: UpstreamAuth, input: SignInput): Promise<Headers> {
  const headers = input.headers
  switch (auth.type) {
    case 'bearer':
      return signBearer(auth.token, headers)
    case 'x-api-key':
      return signXApiKey(auth.token, headers, input.apiKeyHeader)
    case 'azure':
      return signAzure(auth.apiKey, headers)
    case 'aws': {
      const sigInput = { method: input.method, url: input.url, headers, body: input.body }
      return signAwsSigV4(auth, input.now === undefined ? sigInput : { ...sigInput, now: input.now })
    }
    case 'none':
      return signNone(headers)
  }
}

/** Every secret value in an auth config, so callers can redact them by exact value. */
export function authSecrets(auth: UpstreamAuth): string[] {
  switch (auth.type) {
    case 'bearer':
    case 'x-api-key':
      return [auth.token]
    case 'azure':
      return [auth.apiKey]
    case 'aws':
      return auth.sessionToken ? [auth.secretAccessKey, auth.sessionToken] : [auth.secretAccessKey]
    case 'none':
      return []
  }
}
