/**
 * generate-url's notes on endpoints, read from the URL's endpoint plan (proxy/plan-endpoints.ts),
 * so they say in advance what the router will do: which groups the bridge answers itself, and
 * which answer UNSUPPORTED_ENDPOINT.
 */
import type { ProviderPreset } from '../core/catalog/provider-preset.ts'
import type { ProxyConfig } from '../core/proxy-config.ts'
import type { EndpointGroup } from '../core/protocols/codec.ts'
import { findCodec } from '../core/protocols/index.ts'
import { planEndpoints, type GroupPlan } from '../proxy/plan-endpoints.ts'

export function endpointNotes(config: ProxyConfig, preset: ProviderPreset | undefined): string[] {
  const plan = planEndpoints({ source: config.source.protocol, target: config.target.protocol, mode: config.endpoints.mode, preset, modelMode: config.model.mode }, findCodec)
  const notes: string[] = []
  const chat = plan.find((entry) => entry.group === 'chat')
  if (chat?.action === 'unsupported') notes.push(`Chat requests answer UNSUPPORTED_ENDPOINT: ${withoutGroupPrefix(chat)}`)
  if (plan.some((entry) => entry.action === 'translate-embeddings')) notes.push('Embeddings are translated to the provider\'s own embeddings call.')
  if (plan.some((entry) => entry.action === 'count-tokens-upstream')) notes.push('Token counts are translated to the provider\'s own counter.')
  if (plan.some((entry) => entry.action === 'list-models-upstream')) notes.push('Model lists are the provider\'s own list, translated to this client\'s format.')
  const local = plan.filter((entry) => entry.action === 'count-tokens-locally' || entry.action === 'list-models-locally').map(localAnswer)
  if (local.length > 0) notes.push(`Answered by the bridge itself: ${local.join(', ')}.`)
  const refused = plan.filter((entry) => entry.action === 'unsupported' && entry.group !== 'chat').map((entry) => entry.group)
  if (refused.length > 0) notes.push(`These endpoints answer UNSUPPORTED_ENDPOINT on this URL: ${refused.map(groupName).join(', ')}${docsHint(preset)}.`)
  return notes
}

function localAnswer(entry: GroupPlan): string {
  return entry.action === 'count-tokens-locally' ? `${entry.group} (counted by the bridge: exact for OpenAI models, an estimate otherwise)` : `${entry.group} (the model names this URL accepts)`
}

const GROUP_NAMES: Partial<Record<EndpointGroup, string>> = { other: 'other (fine-tuning, assistants, …)' }

function groupName(group: EndpointGroup): string {
  return GROUP_NAMES[group] ?? group
}

function docsHint(preset: ProviderPreset | undefined): string {
  return preset === undefined ? '' : ` (what ${preset.name} serves: ${preset.docsUrl})`
}

function withoutGroupPrefix(entry: GroupPlan): string {
  return (entry.reason ?? '').replace(/^Unsupported endpoint group '[^']+': /, '')
}
