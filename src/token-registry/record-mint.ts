/** The mint's entry in the registry, stored before the URL is handed out. */
import { BridgeError } from '../core/errors.ts'
import type { ProxyConfig } from '../core/proxy-config.ts'
import type { GenerateUrlBody } from '../http/generate-url-schema.ts'
import { describeMint } from './minted-token.ts'
import type { TokenRegistry } from './token-registry.ts'

/**
 * A URL the registry could not store could not be listed or revoked later: then nothing is minted
 * (503), rather than a URL that only a key rotation could end.
 */
export function recordMint(registry: TokenRegistry, config: ProxyConfig, body: GenerateUrlBody, keyId: number, nowMs = Date.now()): void {
  const baseUrlGiven = body.version === 1 || body.target.baseUrl !== undefined
  try {
    registry.record(describeMint(config, { keyId, nowMs, baseUrlGiven }))
  } catch (error) {
    console.error(`llm-bridge: a minted URL could not be recorded: ${error instanceof Error ? error.message : String(error)}`)
    throw new BridgeError({ kind: 'internal', code: 'INTERNAL_ERROR', status: 503, retryable: true, message: 'The URL could not be recorded in the data directory, so none was minted; check the disk and its file' })
  }
}
