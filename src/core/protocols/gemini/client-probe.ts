/** The console's test request for a Gemini URL: streamed as SSE (`alt=sse`), text from each chunk's parts. */
import type { ClientProbe } from '../codec.ts'

export const geminiClientProbe: ClientProbe = {
  chat: (model) => ({
    path: `v1beta/models/${encodeURIComponent(model)}:streamGenerateContent?alt=sse`,
    headers: {},
    body: { contents: [{ role: 'user', parts: [{ text: 'Say hello in five words.' }] }] },
    stream: true,
  }),
  text: [{ pointer: '/candidates/0/content/parts/*/text', unless: 'thought' }],
  // Names come as `models/gemini-…`; clients send the bare id.
  models: { path: 'v1beta/models', ids: '/models/*/name', prefix: 'models/' },
}
