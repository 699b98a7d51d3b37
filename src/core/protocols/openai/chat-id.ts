/** `chatcmpl-…` ids for answers to OpenAI clients, derived from the upstream id when there is one. */
export function toChatCompletionId(upstreamId: string): string {
  if (upstreamId.startsWith('chatcmpl-')) return upstreamId
  if (upstreamId !== '') return `chatcmpl-${upstreamId}`
  return `chatcmpl-${crypto.randomUUID().replaceAll('-', '')}`
}
