/** What a user of the OpenAI SDKs and OpenAI-compatible tools sets to use a proxy URL. */
import type { ClientSetup } from '../codec.ts'
import { openaiClientProbe } from './client-probe.ts'

export const openaiClientSetup: ClientSetup = {
  envVars: (proxyUrl, anyKey) => [`OPENAI_BASE_URL=${proxyUrl}/v1`, `OPENAI_API_KEY=${anyKey}`],
  exampleModel: 'gpt-4o-mini',
  probe: openaiClientProbe,
  exampleRequest: (model) => ({ path: 'v1/chat/completions', headers: [], body: { model, messages: [{ role: 'user', content: 'Hello' }] } }),
}
