/** What a user of Claude Code or the Anthropic SDKs sets to use a proxy URL. */
import type { ClientSetup } from '../codec.ts'
import { anthropicClientProbe } from './client-probe.ts'

export const anthropicClientSetup: ClientSetup = {
  // Claude Code and the official SDKs read both; AUTH_TOKEN alone avoids Claude Code's conflict warning.
  envVars: (proxyUrl, anyKey) => [`ANTHROPIC_BASE_URL=${proxyUrl}`, `ANTHROPIC_AUTH_TOKEN=${anyKey}`],
  exampleModel: 'claude-sonnet-4-5',
  probe: anthropicClientProbe,
  exampleRequest: (model) => ({
    path: 'v1/messages',
    headers: ['anthropic-version: 2023-06-01'],
    body: { model, max_tokens: 256, messages: [{ role: 'user', content: 'Hello' }] },
  }),
}
