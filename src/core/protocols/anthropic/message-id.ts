/** Anthropic clients expect `msg_…` ids; other upstreams' ids are kept inside for tracing. */
export function toMessageId(id: string): string {
  if (id.startsWith('msg_')) return id
  const clean = id.replace(/[^a-zA-Z0-9_-]/g, '')
  return clean === '' ? `msg_${crypto.randomUUID().replace(/-/g, '')}` : `msg_${clean}`
}
