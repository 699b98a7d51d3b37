/**
 * Anthropic's own Messages API. Prices per model page: 5-minute cache writes cost 1.25× input;
 * cache reads 0.1× input, except Opus 5.5 (0.05×).
 */
import type { ProviderPreset } from '../provider-preset.ts'

// source: https://platform.claude.com/docs/en/about-claude/models/overview
export const anthropic: ProviderPreset = {
  id: 'anthropic',
  name: 'Anthropic',
  protocol: 'anthropic',
  authType: 'x-api-key',
  defaultBaseUrl: 'https://api.anthropic.com',
  endpointSupport: {
    chat: 'translate', count_tokens: 'passthrough', models: 'passthrough', batches: 'passthrough', files: 'passthrough',
    embeddings: 'unsupported', responses: 'unsupported', completions: 'unsupported',
  },
  docsUrl: 'https://docs.anthropic.com/en/api/messages',
  // The Messages API requires max_tokens; clients of other protocols often send none.
  defaultMaxOutputTokens: 8192,
  modelDefaults: { toolChoice: ['auto', 'none', 'required', 'named'], cacheControl: true, reasoningFormat: { placement: 'thinking-blocks', passBack: 'required' } },
  models: [
    // source: https://platform.claude.com/docs/en/about-claude/models/whats-new-opus-5 (current lineup table)
    // Fable 5.1, Opus 5.5 and Sonnet 5.5 answer forced tool use (tool_choice any or tool) with an
    // error, and their thinking blocks are bound to the model and the conversation.
    // source: https://platform.claude.com/docs/en/models/opus-5-5/overview (breaking changes; Opus 5.5 cache prices)
    // source: https://platform.claude.com/docs/en/models/sonnet-5-5/overview
    // Fable 5.2 (November 2026): $8 / $40 on Anthropic's models overview; 1M context, 128K output.
    // source: https://platform.claude.com/docs/en/models/overview (lineup with Fable 5.2)
    // Cache read $0.20 and 5-minute write $10: third-party copies of the pricing page
    // (https://docs.laozhang.ai/en/announcements/claude-fable-5-2-2026-11.md,
    // https://github.com/archid21/rightsize/releases/tag/v0.10.2), not read on Anthropic's own page.
    // Forced tool use refused as for Fable 5.1: unverified for 5.2, kept conservative.
    { id: 'claude-fable-5-2*', contextWindow: 1_000_000, maxOutputTokens: 128_000, reasoning: true, toolChoice: ['auto', 'none'], reasoningFormat: { placement: 'thinking-blocks', passBack: 'required', alwaysOn: true }, price: { input: 8, output: 40, cacheRead: 0.2, cacheWrite: 10 } },
    { id: 'claude-fable-5-1*', contextWindow: 1_000_000, maxOutputTokens: 128_000, reasoning: true, toolChoice: ['auto', 'none'], reasoningFormat: { placement: 'thinking-blocks', passBack: 'required', alwaysOn: true }, price: { input: 10, output: 50 } },
    { id: 'claude-opus-5-5*', contextWindow: 1_000_000, maxOutputTokens: 128_000, reasoning: true, toolChoice: ['auto', 'none'], reasoningFormat: { placement: 'thinking-blocks', passBack: 'required', alwaysOn: true }, price: { input: 4, output: 20, cacheRead: 0.2, cacheWrite: 5 } },
    { id: 'claude-opus-5', contextWindow: 1_000_000, maxOutputTokens: 128_000, reasoning: true, price: { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 } },
    { id: 'claude-sonnet-5-5*', contextWindow: 1_000_000, maxOutputTokens: 128_000, reasoning: true, toolChoice: ['auto', 'none'], price: { input: 2, output: 10, cacheRead: 0.2, cacheWrite: 2.5 } },
    { id: 'claude-sonnet-5', contextWindow: 1_000_000, maxOutputTokens: 128_000, reasoning: true, price: { input: 2, output: 10, cacheRead: 0.2, cacheWrite: 2.5 } },
    // Haiku 5.5 is priced by prompt size ("from $0.10 / $0.50"; Claude Code 2.1.332's model table
    // adds "$0.50/$2.50 for prompts over 100k"): no single price to record.
    { id: 'claude-haiku-5-5*', contextWindow: 1_000_000, maxOutputTokens: 128_000, reasoning: true },
    // source: https://platform.claude.com/docs/en/models/fable-5/overview (legacy: 1M context, 128K output, $10 / $50)
    { id: 'claude-fable-5', contextWindow: 1_000_000, maxOutputTokens: 128_000, reasoning: true, reasoningFormat: { placement: 'thinking-blocks', passBack: 'required', alwaysOn: true }, price: { input: 10, output: 50 } },
    // source: https://platform.claude.com/docs/en/models/opus-4-5/overview (legacy models, still callable)
    { id: 'claude-opus-4-5*', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: true, price: { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 } },
    { id: 'claude-sonnet-4-5*', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: true, price: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 } },
    { id: 'claude-haiku-4-5*', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: true, price: { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 } },
    { id: 'claude-opus-4-1*', contextWindow: 200_000, maxOutputTokens: 32_000, reasoning: true, price: { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 } },
  ],
}
