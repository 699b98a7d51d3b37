/**
 * What the bridge can do for a provider today: a preset describes the provider, but nothing can
 * be routed for a protocol whose codec does not exist yet, so every group is then unsupported.
 */
import type { EndpointGroup } from '../protocols/codec.ts'
import type { EndpointSupport, ProviderPreset } from './provider-preset.ts'

export function effectiveEndpointSupport(
  preset: ProviderPreset,
  hasCodec: boolean,
): Partial<Record<EndpointGroup, EndpointSupport>> {
  if (hasCodec) return { ...preset.endpointSupport }
  const downgraded: Partial<Record<EndpointGroup, EndpointSupport>> = {}
  for (const group of Object.keys(preset.endpointSupport) as EndpointGroup[]) downgraded[group] = 'unsupported'
  return downgraded
}
