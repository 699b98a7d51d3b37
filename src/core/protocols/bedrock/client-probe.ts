/**
 * The console's test request for a Bedrock URL: Converse, not streamed (ConverseStream answers in
 * AWS event-stream frames, which a browser cannot split without a decoder of its own).
 */
import type { ClientProbe } from '../codec.ts'

export const bedrockClientProbe: ClientProbe = {
  chat: (model) => ({
    path: `model/${encodeURIComponent(model)}/converse`,
    headers: {},
    body: { messages: [{ role: 'user', content: [{ text: 'Say hello in five words.' }] }], inferenceConfig: { maxTokens: 256 } },
    stream: false,
  }),
  text: [{ pointer: '/output/message/content/*/text' }],
  // Bedrock's model list is its control plane (ListFoundationModels); a runtime endpoint may lack it.
  models: { path: 'foundation-models', ids: '/modelSummaries/*/modelId' },
}
