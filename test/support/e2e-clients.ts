/**
 * The official SDKs as end-to-end clients, in every way a scenario can call them. Streamed calls
 * also check the stream grammar of what the SDK received, so every streamed scenario checks it.
 */
import { expect } from 'bun:test'
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { CLIENT_KEY } from './e2e-bridge.ts'
import { anthropicGrammarViolations, openaiGrammarViolations } from './e2e-grammar.ts'

export function anthropicClient(proxyUrl: string): Anthropic {
  return new Anthropic({ baseURL: proxyUrl, apiKey: CLIENT_KEY, maxRetries: 0 })
}

export function openaiClient(proxyUrl: string): OpenAI {
  return new OpenAI({ baseURL: `${proxyUrl}/v1`, apiKey: CLIENT_KEY, maxRetries: 0 })
}

// ---------------------------------------------------------------- Anthropic SDK

/** `create`: messages.create without streaming; `stream`: messages.stream(...).finalMessage(). */
export type AnthropicMode = 'create' | 'stream'
export const ANTHROPIC_MODES: readonly AnthropicMode[] = ['create', 'stream']

export async function askAnthropic(client: Anthropic, mode: AnthropicMode, params: Anthropic.MessageCreateParamsNonStreaming): Promise<Anthropic.Message> {
  if (mode === 'create') return client.messages.create(params)
  const stream = client.messages.stream(params)
  const events: Anthropic.RawMessageStreamEvent[] = []
  for await (const event of stream) events.push(event)
  expect(anthropicGrammarViolations(events)).toEqual([])
  return stream.finalMessage()
}

// ---------------------------------------------------------------- OpenAI SDK

/**
 * `create`: chat.completions.create; `create-stream`: the same with stream: true, read chunk by
 * chunk; `stream-helper`: chat.completions.stream(...).finalChatCompletion().
 */
export type OpenAiMode = 'create' | 'create-stream' | 'stream-helper'
export const OPENAI_MODES: readonly OpenAiMode[] = ['create', 'create-stream', 'stream-helper']

export type OpenAiAnswerSeen = {
  id: string
  model: string
  content: string | null
  /** reasoning_content, joined over the chunks when streamed (the SDK helper keeps only the last one). */
  reasoning: string
  toolCalls: Array<{ id: string; name: string; arguments: string }>
  finishReason: string
  usage: OpenAI.CompletionUsage | undefined
}

type ReasoningFields = { reasoning_content?: string | null }

export async function askOpenAi(client: OpenAI, mode: OpenAiMode, params: OpenAI.ChatCompletionCreateParamsNonStreaming): Promise<OpenAiAnswerSeen> {
  if (mode === 'create') return fromCompletion(await client.chat.completions.create(params), undefined)
  const streamed = { ...params, stream: true as const, stream_options: { include_usage: true } }
  const chunks: OpenAI.ChatCompletionChunk[] = []
  if (mode === 'create-stream') {
    for await (const chunk of await client.chat.completions.create(streamed)) chunks.push(chunk)
    expect(openaiGrammarViolations(chunks, { usageChunk: true })).toEqual([])
    return fromChunks(chunks)
  }
  const stream = client.chat.completions.stream(streamed)
  for await (const chunk of stream) chunks.push(chunk)
  expect(openaiGrammarViolations(chunks, { usageChunk: true })).toEqual([])
  return fromCompletion(await stream.finalChatCompletion(), joinReasoning(chunks))
}

function joinReasoning(chunks: OpenAI.ChatCompletionChunk[]): string {
  return chunks.map((chunk) => (chunk.choices[0]?.delta as ReasoningFields | undefined)?.reasoning_content ?? '').join('')
}

function fromCompletion(completion: OpenAI.ChatCompletion, streamedReasoning: string | undefined): OpenAiAnswerSeen {
  const choice = completion.choices[0]
  if (choice === undefined) throw new Error('a completion without choices')
  const message = choice.message as OpenAI.ChatCompletionMessage & ReasoningFields
  return {
    id: completion.id,
    model: completion.model,
    content: message.content,
    reasoning: streamedReasoning ?? message.reasoning_content ?? '',
    toolCalls: (message.tool_calls ?? []).flatMap((call) => (call.type === 'function' ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }] : [])),
    finishReason: choice.finish_reason,
    usage: completion.usage,
  }
}

/** A plain accumulator for `create-stream`, independent of the SDK's helper. */
function fromChunks(chunks: OpenAI.ChatCompletionChunk[]): OpenAiAnswerSeen {
  let content: string | null = null
  let finishReason = ''
  let usage: OpenAI.CompletionUsage | undefined
  const calls: Array<{ id: string; name: string; arguments: string }> = []
  for (const chunk of chunks) {
    if (chunk.usage) usage = chunk.usage
    for (const choice of chunk.choices) {
      if (choice.delta.content) content = (content ?? '') + choice.delta.content
      for (const call of choice.delta.tool_calls ?? []) {
        const known = calls[call.index] ?? (calls[call.index] = { id: '', name: '', arguments: '' })
        if (call.id) known.id = call.id
        if (call.function?.name) known.name = call.function.name
        known.arguments += call.function?.arguments ?? ''
      }
      if (choice.finish_reason) finishReason = choice.finish_reason
    }
  }
  return { id: chunks[0]?.id ?? '', model: chunks[0]?.model ?? '', content, reasoning: joinReasoning(chunks), toolCalls: calls, finishReason, usage }
}
