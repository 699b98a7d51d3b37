/** Azure OpenAI through its v1 API, which the plain OpenAI client reaches with a base URL change. */
import type { ProviderPreset } from '../provider-preset.ts'

// source: https://learn.microsoft.com/en-us/azure/foundry/openai/api-version-lifecycle (the v1 API: no dated api-version, OpenAI clients work with a base URL change)
// source: https://raw.githubusercontent.com/openai/openai-node/HEAD/azure.md (base {endpoint}/openai/v1/, model = deployment name)
// Batches: Azure's data-plane spec has /batches
// (https://d3axxy9bcycpv7.cloudfront.net/azure/azure-rest-api-specs/src/main/specification/cognitiveservices/data-plane/AzureOpenAI/authoring/preview/2025-03-01-preview/azureopenai.yaml.html);
// that the v1 path serves them is stated by https://docs.litellm.ai/docs/providers/azure and denied by
// https://docs.getbifrost.ai/providers/supported-providers/azure (both third party): unverified, kept.
export const azureOpenai: ProviderPreset = {
  id: 'azure-openai',
  name: 'Azure OpenAI',
  protocol: 'openai',
  // The key travels in the api-key header; the v1 API needs no dated api-version.
  authType: 'azure',
  defaultBaseUrl: 'https://{resource}.openai.azure.com/openai/v1',
  baseUrlPlaceholders: ['resource'],
  endpointSupport: {
    chat: 'translate', responses: 'passthrough', count_tokens: 'unsupported', models: 'passthrough', embeddings: 'passthrough',
    images: 'passthrough', audio: 'passthrough', files: 'passthrough', batches: 'passthrough', moderations: 'unsupported', rerank: 'unsupported',
  },
  docsUrl: 'https://learn.microsoft.com/en-us/azure/foundry/openai/api-version-lifecycle',
  // Azure serves OpenAI's models under deployment names; the request model names the deployment.
  patches: ['max-completion-tokens', 'strip-reasoning-content'],
  modelDefaults: { maxTokensField: 'max_completion_tokens', toolChoice: ['auto', 'none', 'required', 'named'], cacheControl: false },
}
