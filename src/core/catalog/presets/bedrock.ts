/** Amazon Bedrock's Converse API, signed with AWS SigV4. */
import type { ProviderPreset } from '../provider-preset.ts'

// source: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
export const bedrock: ProviderPreset = {
  id: 'bedrock',
  name: 'Amazon Bedrock',
  protocol: 'bedrock',
  authType: 'aws',
  // The region must match the one the request is signed for.
  defaultBaseUrl: 'https://bedrock-runtime.{region}.amazonaws.com',
  baseUrlPlaceholders: ['region'],
  // Model listing lives on another host (bedrock.{region}.amazonaws.com): not reachable through this base URL.
  endpointSupport: { chat: 'translate', count_tokens: 'passthrough', models: 'unsupported', embeddings: 'unsupported' },
  docsUrl: 'https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference.html',
  modelDefaults: { toolChoice: ['auto', 'required', 'named'] },
}
