/**
 * Request patches for OpenAI-compatible upstreams (wire bodies made by protocols/openai).
 * @see ../../../../shared/protocols/openai-chat.md §3, §4.1
 */
import { assistantMessages, type RequestPatch } from './patch.ts'

/** OpenAI reasoning models (o-series, gpt-5) reject `max_tokens` (openai-error-400-unsupported-parameter.json). */
export const maxCompletionTokens: RequestPatch = {
  kind: 'request',
  wire: 'openai',
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
  wire: 'openai',
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
  wire: 'openai',
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
  wire: 'openai',
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
export const noStreamOptions = dropFieldPatch({
  name: 'no-stream-options',
  field: 'stream_options',
  description: 'Do not send stream_options (the upstream rejects it; streamed usage may then be missing)',
  warning: () => 'stream_options is not accepted by this upstream; streamed usage may be missing',
})

/** Models without reasoning controls reject reasoning_effort. */
export const noReasoningEffort = dropFieldPatch({
  name: 'no-reasoning-effort',
  field: 'reasoning_effort',
  description: 'Do not send reasoning_effort',
  warning: () => 'reasoning_effort is not accepted by this upstream',
})

/** deepseek-reasoner rejects tool_choice (LESSONS #5): drop it only where a preset says so. */
export const noToolChoice = dropFieldPatch({
  name: 'no-tool-choice',
  field: 'tool_choice',
  description: 'Do not send tool_choice (the model decides)',
  // Dropping 'auto' changes nothing the client asked for: the model decides either way.
  warning: (value) => (value === 'auto' ? undefined : `tool_choice ${JSON.stringify(value)} is not accepted by this upstream`),
})

/** A patch that removes one top-level field an upstream rejects, recording what was dropped. */
function dropFieldPatch(spec: { name: string; field: string; description: string; warning: (value: unknown) => string | undefined }): RequestPatch {
  return {
    kind: 'request',
    wire: 'openai',
    name: spec.name,
    description: spec.description,
    apply(body, { warnings }) {
      const value = body[spec.field]
      if (value === undefined) return
      delete body[spec.field]
      const message = spec.warning(value)
      if (message !== undefined) warnings.add('dropped-field', message, spec.field)
    },
  }
}
