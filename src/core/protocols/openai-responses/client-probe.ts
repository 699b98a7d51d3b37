/** The console's test request for a Responses URL: streamed, text from `response.output_text.delta`. */
import type { ClientProbe } from '../codec.ts'

export const openaiResponsesClientProbe: ClientProbe = {
  chat: (model) => ({
    path: 'v1/responses',
    headers: {},
    // No output cap: a reasoning model could spend a small one thinking and answer nothing.
    body: { model, stream: true, input: 'Say hello in five words.' },
    stream: true,
  }),
  // Other events carry a `delta` too (reasoning summaries, tool arguments): the type keeps the answer's.
  text: [{ pointer: '/delta', type: 'response.output_text.delta' }],
  models: { path: 'v1/models', ids: '/data/*/id' },
}
