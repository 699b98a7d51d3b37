/** The console's test request for a Messages URL: streamed, text from each `content_block_delta`. */
import type { ClientProbe } from '../codec.ts'

export const anthropicClientProbe: ClientProbe = {
  chat: (model) => ({
    path: 'v1/messages',
    headers: { 'anthropic-version': '2023-06-01' },
    body: { model, max_tokens: 256, stream: true, messages: [{ role: 'user', content: 'Say hello in five words.' }] },
    stream: true,
  }),
  // Thinking deltas carry `thinking`, not `text`: only the answer's text is shown.
  text: [{ pointer: '/delta/text', type: 'content_block_delta' }],
  models: { path: 'v1/models', ids: '/data/*/id' },
}
