/** The console's test request for a Chat Completions URL: streamed, text from each chunk's delta. */
import type { ClientProbe } from '../codec.ts'

export const openaiClientProbe: ClientProbe = {
  chat: (model) => ({
    path: 'v1/chat/completions',
    headers: {},
    // No max_tokens: reasoning models refuse it (max_completion_tokens) and the answer is short anyway.
    body: { model, stream: true, messages: [{ role: 'user', content: 'Say hello in five words.' }] },
    stream: true,
  }),
  text: [{ pointer: '/choices/0/delta/content' }],
  models: { path: 'v1/models', ids: '/data/*/id' },
}
