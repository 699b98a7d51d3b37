/** The wire protocols llm-bridge speaks, as clients (source) and as upstreams (target). */
export const PROTOCOL_IDS = ['anthropic', 'openai', 'openai-responses', 'gemini', 'bedrock'] as const
export type ProtocolId = (typeof PROTOCOL_IDS)[number]

export function isProtocolId(value: unknown): value is ProtocolId {
  return typeof value === 'string' && (PROTOCOL_IDS as readonly string[]).includes(value)
}
