/** What the New URL form offers: protocol names and their usual clients, expiry choices, and guards. */
import { AUTH_TYPES, PROTOCOLS, type AuthType, type Protocol } from './types.ts'

export type ProtocolInfo = {
  name: string
  clients: string
  /** What the one-line environment form starts. */
  command: string
  /** Which model names the usual client sends, shown beside the model map. */
  modelHint?: string
  /** Map keys worth a row each for that client. */
  families?: string[]
}

export const PROTOCOL_NAMES: Record<Protocol, ProtocolInfo> = {
  anthropic: {
    name: 'Anthropic Messages',
    clients: 'Claude Code, Anthropic SDKs',
    command: 'claude',
    modelHint:
      'Claude Code sends several names: claude-opus-… or claude-sonnet-… for the main conversation, and claude-haiku-… for background work (titles, summaries, quick checks). Map each family, or set a default below.',
    families: ['claude-opus-*', 'claude-sonnet-*', 'claude-haiku-*'],
  },
  openai: { name: 'OpenAI Chat Completions', clients: 'OpenAI SDKs and most tools', command: 'your-client' },
  'openai-responses': { name: 'OpenAI Responses', clients: 'Codex CLI, Responses API', command: 'codex' },
  gemini: { name: 'Gemini', clients: 'Gemini CLI, Google GenAI SDK', command: 'gemini' },
  bedrock: { name: 'Bedrock Converse', clients: 'AWS SDK', command: 'your-client' },
}

export const EXPIRY_CHOICES: { seconds: number; label: string }[] = [
  { seconds: 0, label: 'Never' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86_400, label: '1 day' },
  { seconds: 7 * 86_400, label: '7 days' },
  { seconds: 30 * 86_400, label: '30 days' },
  { seconds: 90 * 86_400, label: '90 days' },
]

export function isProtocol(value: string): value is Protocol {
  return (PROTOCOLS as readonly string[]).includes(value)
}

export function isAuthType(value: string): value is AuthType {
  return (AUTH_TYPES as readonly string[]).includes(value)
}

/** Only http(s) links from the catalog become anchors; anything else is shown as text. */
export function safeHttpUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined
  } catch {
    return undefined
  }
}
