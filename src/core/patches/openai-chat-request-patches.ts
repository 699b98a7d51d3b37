/**
 * Request patches for OpenAI-compatible upstreams (wire bodies made by protocols/openai).
 * @see ../../../../shared/protocols/openai-chat.md §3, §4.1
 */
import { assistantMessages, type RequestPatch } from './patch.ts'

/** OpenAI reasoning models (o-series, gpt-5) reject `max_tokens` (openai-error-400-unsupported-parameter.json). */
export const maxCompletionTokens: RequestPatch = {
  kind: 'request',
  name: 'max-completion-tokens',
  description: 'Send max_completion_tokens instead of max_tokens',
  apply(body) {
    if (body.max_tokens === undefined) return
    body.max_completion_tokens = body.max_tokens
    delete body.max_tokens
  },
}

/** OpenAI itself, Groq and Mistral reject unknown message fields; DeepSeek needs them (default on). */
export const stripReasoningContent: RequestPatch = {
  kind: 'request',
  name: 'strip-reasoning-content',
  description: 'Do not send reasoning_content / reasoning_details back on assistant messages',
  apply(body) {
    for (const message of assistantMessages(body)) {
      delete message.reasoning_content
      delete message.reasoning_details
    }
  },
}

/** OpenRouter and vLLM (late 2025 on) name the echoed reasoning `reasoning`. */
export const reasoningField: RequestPatch = {
  kind: 'request',
  name: 'reasoning-field',
  description: 'Send echoed reasoning as `reasoning` instead of `reasoning_content`',
  apply(body) {
    for (const message of assistantMessages(body)) {
      if (message.reasoning_content === undefined) continue
      message.reasoning = message.reasoning_content
      delete message.reasoning_content
    }
  },
}

/** vLLM, Together, OpenRouter and others accept top_k as an extension. */
export const passTopK: RequestPatch = {
  kind: 'request',
  name: 'top-k',
  description: 'Send top_k, which OpenAI Chat lacks but this upstream accepts',
  apply(body, { request, warnings }) {
    if (request.topK === undefined) return
    body.top_k = request.topK
    const dropped = warnings.items.findIndex((item) => item.code === 'dropped-field' && item.field === 'top_k')
    if (dropped !== -1) warnings.items.splice(dropped, 1)
  },
}

/** Older compatible servers reject stream_options with 400. */
export const noStreamOptions: RequestPatch = {
  kind: 'request',
  name: 'no-stream-options',
  description: 'Do not send stream_options (the upstream rejects it; streamed usage may then be missing)',
  apply(body, { warnings }) {
    if (body.stream_options === undefined) return
    delete body.stream_options
    warnings.add('dropped-field', 'stream_options is not accepted by this upstream; streamed usage may be missing', 'stream_options')
  },
}

/** Models without reasoning controls reject reasoning_effort. */
export const noReasoningEffort: RequestPatch = {
  kind: 'request',
  name: 'no-reasoning-effort',
  description: 'Do not send reasoning_effort',
  apply(body, { warnings }) {
    if (body.reasoning_effort === undefined) return
    delete body.reasoning_effort
    warnings.add('dropped-field', 'reasoning_effort is not accepted by this upstream', 'reasoning_effort')
  },
}

/** deepseek-reasoner rejects tool_choice (LESSONS #5): drop it only where a preset says so. */
export const noToolChoice: RequestPatch = {
  kind: 'request',
  name: 'no-tool-choice',
  description: 'Do not send tool_choice (the model decides)',
  apply(body, { warnings }) {
    if (body.tool_choice === undefined) return
    if (body.tool_choice !== 'auto') warnings.add('dropped-field', `tool_choice ${JSON.stringify(body.tool_choice)} is not accepted by this upstream`, 'tool_choice')
    delete body.tool_choice
  },
}
