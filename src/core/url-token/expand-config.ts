/**
 * The compact JSON of a token → ProxyConfig, checking its shape field by field. Decrypted bytes
 * are authentic but may come from an older or buggy minter, so nothing is trusted by cast.
 * Returns undefined for any shape error; the caller turns that into the one token error.
 */
import { isProtocolId, type ProtocolId } from '../model/index.ts'
import type { EndpointMode, ModelPolicy, ProxyConfig, UpstreamAuth } from '../proxy-config.ts'
import { CODES, type CompactConfig } from './compact-config.ts'

class ShapeError extends Error {}

export function expandConfig(value: unknown): ProxyConfig | undefined {
  try {
    return expandOrThrow(record(value))
  } catch (error) {
    if (error instanceof ShapeError) return undefined
    throw error
  }
}

function expandOrThrow(c: CompactConfig): ProxyConfig {
  const config: ProxyConfig = {
    tokenId: str(c.i),
    source: { protocol: protocol(c.s) },
    target: { protocol: protocol(c.t), baseUrl: str(c.u), auth: auth(c.a) },
    model: model(c),
    endpoints: { mode: c.e === undefined ? 'auto' : decode(CODES.ENDPOINT_MODE_CODES, c.e) as EndpointMode },
  }
  if (config.tokenId === '') throw new ShapeError()
  if (c.l !== undefined) config.label = str(c.l)
  if (c.sp !== undefined) config.source.provider = str(c.sp)
  if (c.tp !== undefined) config.target.provider = str(c.tp)
  if (c.r !== undefined) config.retry = retry(c.r)
  if (c.x !== undefined) config.expiresAt = int(c.x)
  return config
}

function auth(value: unknown): UpstreamAuth {
  if (value === undefined) return { type: 'none' }
  const a = record(value)
  if (a.b !== undefined) return { type: 'bearer', token: str(a.b) }
  if (a.k !== undefined) return { type: 'x-api-key', token: str(a.k) }
  if (a.z !== undefined) {
    const azure: UpstreamAuth = { type: 'azure', apiKey: str(a.z) }
    if (a.v !== undefined) azure.apiVersion = str(a.v)
    if (a.d !== undefined) azure.deployment = str(a.d)
    return azure
  }
  if (a.w !== undefined) {
    const aws: UpstreamAuth = { type: 'aws', accessKeyId: str(a.w), secretAccessKey: str(a.s), region: str(a.g) }
    if (a.n !== undefined) aws.sessionToken = str(a.n)
    return aws
  }
  throw new ShapeError()
}

function model(c: CompactConfig): ModelPolicy {
  const policy: ModelPolicy = {
    mode: c.m === undefined ? 'passthrough' : decode(CODES.MODEL_MODE_CODES, c.m) as ModelPolicy['mode'],
  }
  if (c.mf !== undefined) policy.force = str(c.mf)
  if (c.mm !== undefined) {
    const map = record(c.mm)
    for (const entry of Object.values(map)) str(entry)
    policy.map = map as Record<string, string>
  }
  if (c.ms !== undefined) {
    if (c.ms !== 0 && c.ms !== 1) throw new ShapeError()
    policy.stripClientSuffix = c.ms === 1
  }
  return policy
}

function retry(value: unknown): { maxAttempts: number; maxDelayMs: number } {
  if (!Array.isArray(value) || value.length !== 2) throw new ShapeError()
  return { maxAttempts: int(value[0]), maxDelayMs: int(value[1]) }
}

function protocol(value: unknown): ProtocolId {
  const code = str(value)
  if (isProtocolId(code)) return code
  return decode(CODES.PROTOCOL_CODES, code) as ProtocolId
}

/** Looks a short code up in a code table (name → code) and returns the name. */
function decode(table: Record<string, string>, value: unknown): string {
  const found = Object.entries(table).find(([, code]) => code === value)
  if (found === undefined) throw new ShapeError()
  return found[0]
}

function record(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ShapeError()
  return value as Record<string, unknown>
}

function str(value: unknown): string {
  if (typeof value !== 'string') throw new ShapeError()
  return value
}

function int(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new ShapeError()
  return value
}
