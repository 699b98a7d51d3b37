/**
 * ProxyConfig ⇄ the compact JSON sealed in a token. Short keys and dropped defaults keep URLs
 * short (a URL is pasted into client settings and passes reverse proxies with length limits).
 * The codes below are part of the token format: never reuse or change one, only add.
 */
import type { ProtocolId } from '../model/index.ts'
import type { EndpointMode, ModelPolicy, ProxyConfig, UpstreamAuth } from '../proxy-config.ts'

/** Short protocol codes; a protocol missing here travels under its full id. */
const PROTOCOL_CODES: Record<ProtocolId, string> = {
  anthropic: 'a',
  openai: 'o',
  'openai-responses': 'r',
  gemini: 'g',
  bedrock: 'b',
}
const MODEL_MODE_CODES: Record<ModelPolicy['mode'], string> = { force: 'f', map: 'm', passthrough: 'p' }
const ENDPOINT_MODE_CODES: Record<EndpointMode, string> = { auto: 'a', translate: 't', passthrough: 'p' }

export type CompactConfig = Record<string, unknown>

export function compactConfig(config: ProxyConfig): CompactConfig {
  const out: CompactConfig = { i: config.tokenId }
  if (config.label !== undefined) out.l = config.label
  out.s = PROTOCOL_CODES[config.source.protocol] ?? config.source.protocol
  if (config.source.provider !== undefined) out.sp = config.source.provider
  out.t = PROTOCOL_CODES[config.target.protocol] ?? config.target.protocol
  if (config.target.provider !== undefined) out.tp = config.target.provider
  out.u = config.target.baseUrl
  const auth = compactAuth(config.target.auth)
  if (auth !== undefined) out.a = auth
  Object.assign(out, compactModel(config.model))
  if (config.endpoints.mode !== 'auto') out.e = ENDPOINT_MODE_CODES[config.endpoints.mode]
  if (config.retry !== undefined) out.r = [config.retry.maxAttempts, config.retry.maxDelayMs]
  if (config.expiresAt !== undefined) out.x = config.expiresAt
  return out
}

/** Auth 'none' is the default and is omitted. */
function compactAuth(auth: UpstreamAuth): CompactConfig | undefined {
  switch (auth.type) {
    case 'bearer':
      return { b: auth.token }
    case 'x-api-key':
      return { k: auth.token }
    case 'azure':
      return withOptional({ z: auth.apiKey }, { v: auth.apiVersion, d: auth.deployment })
    case 'aws':
      return withOptional(
        { w: auth.accessKeyId, s: auth.secretAccessKey, g: auth.region },
        { n: auth.sessionToken },
      )
    case 'none':
      return undefined
  }
}

/** Mode 'passthrough' is the default and is omitted. */
function compactModel(model: ModelPolicy): CompactConfig {
  const out: CompactConfig = {}
  if (model.mode !== 'passthrough') out.m = MODEL_MODE_CODES[model.mode]
  if (model.force !== undefined) out.mf = model.force
  if (model.map !== undefined) out.mm = model.map
  if (model.stripClientSuffix !== undefined) out.ms = model.stripClientSuffix ? 1 : 0
  return out
}

function withOptional(base: CompactConfig, optional: Record<string, string | undefined>): CompactConfig {
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) base[key] = value
  return base
}

export const CODES = { PROTOCOL_CODES, MODEL_MODE_CODES, ENDPOINT_MODE_CODES }
