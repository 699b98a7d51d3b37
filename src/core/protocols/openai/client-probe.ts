/** The console's test request for a Chat Completions URL: streamed, text from each chunk's delta. */
import type { ClientProbe } from '../codec.ts'

export const openaiClientProbe: ClientProbe = {
  chat: (model) => ({
    path: 'v1/chat/completions',
    headers: {},
    body: { model, max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'Say hello in five words.' }] },
    stream: true,
  }),
  text: [{ pointer: '/choices/0/delta/content' }],
  models: { path: 'v1/models', ids: '/data/*/id' },
}
