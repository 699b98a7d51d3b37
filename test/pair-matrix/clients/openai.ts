/**
 * The official openai SDK as a pair-matrix client: chat.completions.create, without and with
 * `stream: true` (chunks accumulated here, so nothing the SDK helper drops goes unseen). Reasoning
 * is read where OpenAI-compatible providers put it (`reasoning_content`, `reasoning`, OpenRouter's
 * `reasoning_details`), and an assistant turn goes back the way a proxy-aware client sends it:
 * `reasoning_content` plus the `reasoning_details` array unchanged, the one Chat Completions slot
 * that carries an opaque reasoning token.
 * @see ../../../../shared/protocols/openai-chat.md §4.1
 */
import OpenAI from 'openai'
import { CLIENT_KEY } from '../../support/e2e-bridge.ts'
import { openaiGrammarViolations } from '../../support/e2e-grammar.ts'
import type { ClientAnswer, ClientError, ClientOutcome, ClientRequest, ClientTurn, ProtocolClient } from '../contract.ts'
import { brokenStream, errorCodeOf, recordErrorBodies } from './classify-error.ts'
import { cacheWriteOf, clientUsage, withTotal } from './cache-usage.ts'

const FINISH: Record<string, ClientAnswer['finish']> = { stop: 'stop', length: 'length', tool_calls: 'tool-calls' }

type Detail = Record<string, unknown> & { index?: number }
type ReasoningFields = { reasoning_content?: string | null; reasoning?: string | null; reasoning_details?: Detail[] }

function toMessages(turn: ClientTurn): OpenAI.ChatCompletionMessageParam[] {
  if (turn.role === 'assistant') return [turn.answer.echo as OpenAI.ChatCompletionAssistantMessageParam]
  const out: OpenAI.ChatCompletionMessageParam[] = []
  const content: OpenAI.ChatCompletionContentPart[] = []
  for (const part of turn.parts) {
    if (part.type === 'tool-result') out.push({ role: 'tool', tool_call_id: part.callId, content: part.text })
    else if (part.type === 'text') content.push({ type: 'text', text: part.text })
    else content.push({ type: 'image_url', image_url: { url: `data:${part.mediaType};base64,${part.base64}` } })
  }
  if (content.length > 0) out.push({ role: 'user', content })
  return out
}

function toParams(request: ClientRequest): OpenAI.ChatCompletionCreateParamsNonStreaming {
  const params: OpenAI.ChatCompletionCreateParamsNonStreaming = {
    model: 'gpt-4o',
    max_completion_tokens: request.maxTokens,
    messages: request.turns.flatMap(toMessages),
  }
  if (request.tools) params.tools = request.tools.map((tool) => ({ type: 'function', function: { ...tool, parameters: { type: 'object', ...tool.parameters } } }))
  if (request.reasoning) params.reasoning_effort = 'low'
  return params
}

type Accumulated = { text: string; reasoning: string; details: Detail[]; calls: Array<{ id: string; name: string; arguments: string }>; finish: string; usage: OpenAI.CompletionUsage | undefined }

function toAnswer(seen: Accumulated, grammarViolations: string[]): ClientAnswer {
  const tokens = seen.details.flatMap((detail) => [detail.signature, detail.data].filter((token): token is string => typeof token === 'string'))
  const echo: OpenAI.ChatCompletionAssistantMessageParam & ReasoningFields = { role: 'assistant', content: seen.text === '' ? null : seen.text }
  if (seen.calls.length > 0) echo.tool_calls = seen.calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }))
  if (seen.reasoning !== '') echo.reasoning_content = seen.reasoning
  if (seen.details.length > 0) echo.reasoning_details = seen.details
  return {
    text: seen.text,
    toolCalls: seen.calls.map((call) => ({ id: call.id, name: call.name, args: JSON.parse(call.arguments || '{}') as unknown })),
    reasoning: { text: seen.reasoning, tokens },
    // cached_tokens is part of prompt_tokens; cache_write_tokens is OpenRouter's, beside it in the details.
    usage: withTotal(
      clientUsage(seen.usage?.prompt_tokens ?? -1, seen.usage?.completion_tokens ?? -1, seen.usage?.prompt_tokens_details?.cached_tokens, cacheWriteOf(seen.usage?.prompt_tokens_details)),
      seen.usage?.total_tokens, (seen.usage?.prompt_tokens ?? 0) + (seen.usage?.completion_tokens ?? 0),
    ),
    finish: FINISH[seen.finish] ?? seen.finish,
    echo,
    grammarViolations,
  }
}

function fromCompletion(completion: OpenAI.ChatCompletion): Accumulated {
  const choice = completion.choices[0]
  const message = choice?.message as (OpenAI.ChatCompletionMessage & ReasoningFields) | undefined
  return {
    text: message?.content ?? '',
    reasoning: message?.reasoning_content ?? message?.reasoning ?? '',
    details: message?.reasoning_details ?? [],
    calls: (message?.tool_calls ?? []).flatMap((call) => (call.type === 'function' ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }] : [])),
    finish: choice?.finish_reason ?? '',
    usage: completion.usage,
  }
}

/** Chunk by chunk; reasoning_details fragments merge by index as OpenRouter streams them. */
function addChunk(seen: Accumulated, chunk: OpenAI.ChatCompletionChunk): void {
  if (chunk.usage) seen.usage = chunk.usage
  for (const choice of chunk.choices) {
    const delta = choice.delta as OpenAI.ChatCompletionChunk.Choice.Delta & ReasoningFields
    seen.text += delta.content ?? ''
    seen.reasoning += delta.reasoning_content ?? delta.reasoning ?? ''
    for (const detail of delta.reasoning_details ?? []) mergeDetail(seen.details, detail)
    for (const call of delta.tool_calls ?? []) {
      const known = seen.calls[call.index] ?? (seen.calls[call.index] = { id: '', name: '', arguments: '' })
      if (call.id) known.id = call.id
      if (call.function?.name) known.name = call.function.name
      known.arguments += call.function?.arguments ?? ''
    }
    if (choice.finish_reason) seen.finish = choice.finish_reason
  }
}

function mergeDetail(details: Detail[], fragment: Detail): void {
  const known = details.find((detail) => detail.index === fragment.index)
  if (known === undefined) return void details.push({ ...fragment })
  for (const [key, value] of Object.entries(fragment)) {
    if (key === 'text' && typeof value === 'string') known.text = String(known.text ?? '') + value
    else if (value !== null && value !== undefined) known[key] = value
  }
}

async function ask(proxyUrl: string, request: ClientRequest, streamed: boolean): Promise<ClientOutcome> {
  const recorder = recordErrorBodies()
  const client = new OpenAI({ baseURL: `${proxyUrl}/v1`, apiKey: CLIENT_KEY, maxRetries: 0, fetch: recorder.fetch })
  const seen: Accumulated = { text: '', reasoning: '', details: [], calls: [], finish: '', usage: undefined }
  try {
    if (!streamed) return { ok: true, status: 200, answer: toAnswer(fromCompletion(await client.chat.completions.create(toParams(request))), []) }
    const stream = await client.chat.completions.create({ ...toParams(request), stream: true, stream_options: { include_usage: true } })
    const chunks: OpenAI.ChatCompletionChunk[] = []
    for await (const chunk of stream) {
      chunks.push(chunk)
      addChunk(seen, chunk)
    }
    return { ok: true, status: 200, answer: toAnswer(seen, openaiGrammarViolations(chunks, { usageChunk: true })) }
  } catch (error) {
    // A finish_reason is what makes a streamed answer look complete to an application.
    if (!(error instanceof OpenAI.APIError) || error.status === undefined) return { ok: false, error: brokenStream(error, seen.text, seen.finish !== '') }
    const overflow = error instanceof OpenAI.BadRequestError && error.code === 'context_length_exceeded'
    const kind = overflow ? 'context-overflow' : kindOf(error)
    return { ok: false, error: { status: error.status, kind, errorCode: errorCodeOf(recorder.lastErrorBody()), message: error.message, partialText: seen.text, sawCompletion: false } }
  }
}

/** By the SDK's typed error classes, which is what an application catches. */
function kindOf(error: InstanceType<typeof OpenAI.APIError>): ClientError['kind'] {
  if (error instanceof OpenAI.AuthenticationError) return 'auth'
  if (error instanceof OpenAI.RateLimitError) return 'rate-limit'
  if (error instanceof OpenAI.InternalServerError) return 'server'
  return 'other'
}

// The bridge gives an OpenAI Chat client only Anthropic's raw signatures (reasoning_details).
export const openaiClient: ProtocolClient = { protocol: 'openai', ask }
