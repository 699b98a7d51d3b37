/**
 * additionalModelRequestFields is the model's own format, so what goes there (thinking, top_k,
 * reasoning effort) depends on the model family behind the id. Ids come bare
 * (`anthropic.claude-…`), as inference profiles (`us.anthropic.claude-…`, `global.…`) or as ARNs
 * naming either; application-inference-profile ARNs hide the model, and count as 'other'.
 */
export type BedrockModelFamily = 'anthropic' | 'nova' | 'openai' | 'other'

export function modelFamily(modelId: string): BedrockModelFamily {
  const id = modelId.toLowerCase()
  if (/(^|[./:])anthropic\.|claude/.test(id)) return 'anthropic'
  if (/(^|[./:])amazon\.nova|nova-/.test(id)) return 'nova'
  if (/(^|[./:])openai\./.test(id)) return 'openai'
  return 'other'
}
