/** Deterministic generator of varied ProxyConfigs (every auth type, optional fields on and off). */
import { PROTOCOL_IDS } from '../../../src/core/model/index.ts'
import type { ProxyConfig, UpstreamAuth } from '../../../src/core/proxy-config.ts'

function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x9e3779b9) >>> 0
    return state / 2 ** 32
  }
}

const STRINGS = ['', 'x', 'sk-ant-api03-abc', 'ünïcödé ✓ 🚀', 'quote " backslash \\ newline \n', 'a'.repeat(300)]

export function generateConfigs(count: number, seed = 1): ProxyConfig[] {
  const random = seeded(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const maybe = <T>(value: T): T | undefined => (random() < 0.5 ? value : undefined)
  const auths = (): UpstreamAuth[] => [
    { type: 'bearer', token: pick(STRINGS) },
    { type: 'x-api-key', token: pick(STRINGS) },
    { type: 'azure', apiKey: pick(STRINGS) },
    { type: 'azure', apiKey: pick(STRINGS), apiVersion: '2024-10-21', deployment: pick(STRINGS) },
    { type: 'aws', accessKeyId: 'AKIA' + pick(STRINGS), secretAccessKey: pick(STRINGS), region: 'eu-west-1' },
    { type: 'aws', accessKeyId: 'AKIA', secretAccessKey: pick(STRINGS), region: 'us-east-1', sessionToken: pick(STRINGS) },
    { type: 'none' },
  ]
  const configs: ProxyConfig[] = []
  for (let i = 0; i < count; i++) {
    const config: ProxyConfig = {
      tokenId: `id${i}_${Math.floor(random() * 1e6)}`,
      source: { protocol: pick(PROTOCOL_IDS) },
      target: { protocol: pick(PROTOCOL_IDS), baseUrl: pick(['https://api.openai.com/v1', 'http://127.0.0.1:11434']), auth: auths()[i % 7] as UpstreamAuth },
      model: { mode: pick(['force', 'map', 'passthrough'] as const) },
      endpoints: { mode: pick(['auto', 'translate', 'passthrough'] as const) },
    }
    const label = maybe(pick(STRINGS))
    if (label !== undefined) config.label = label
    if (random() < 0.5) config.source.provider = pick(STRINGS)
    if (random() < 0.5) config.target.provider = pick(STRINGS)
    if (random() < 0.5) config.model.force = pick(STRINGS)
    if (random() < 0.5) config.model.map = { 'claude-*': pick(STRINGS), [pick(STRINGS)]: 'm' }
    if (random() < 0.5) config.model.stripClientSuffix = random() < 0.5
    if (random() < 0.5) config.retry = { maxAttempts: Math.floor(random() * 5), maxDelayMs: Math.floor(random() * 60_000) }
    if (random() < 0.5) config.expiresAt = 4_000_000_000 + Math.floor(random() * 1e6)
    configs.push(config)
  }
  return configs
}
