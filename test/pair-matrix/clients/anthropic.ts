/**
 * The official @anthropic-ai/sdk as a pair-matrix client: messages.create, or
 * messages.stream(...).finalMessage() with its raw events watched (text before a failure, and
 * whether message_stop ever arrived). An assistant turn goes back exactly as the SDK returned its
 * content, thinking signatures included, as Claude Code does.
 */
import Anthropic from '@anthropic-ai/sdk'
import { CLIENT_KEY } from '../../support/e2e-bridge.ts'
import { anthropicGrammarViolations } from '../../support/e2e-grammar.ts'
import type { ClientAnswer, ClientError, ClientOutcome, ClientRequest, ClientTurn, ProtocolClient } from '../contract.ts'
import { brokenStream, errorCodeOf, recordErrorBodies } from './classify-error.ts'
import { clientUsage } from './cache-usage.ts'

const FINISH: Record<string, ClientAnswer['finish']> = { end_turn: 'stop', max_tokens: 'length', tool_use: 'tool-calls' }

function toMessage(turn: ClientTurn): Anthropic.MessageParam {
  if (turn.role === 'assistant') return turn.answer.echo as Anthropic.MessageParam
  const content = turn.parts.map((part): Anthropic.ContentBlockParam => {
    if (part.type === 'text') return { type: 'text', text: part.text }
    if (part.type === 'image') return { type: 'image', source: { type: 'base64', media_type: part.mediaType, data: part.base64 } }
    return { type: 'tool_result', tool_use_id: part.callId, content: part.text }
  })
  return { role: 'user', content }
}

function toParams(request: ClientRequest): Anthropic.MessageCreateParamsNonStreaming {
  const params: Anthropic.MessageCreateParamsNonStreaming = {
    model: 'claude-sonnet-4-6',
    max_tokens: request.maxTokens,
    messages: request.turns.map(toMessage),
  }
  if (request.tools) {
    params.tools = request.tools.map((tool) => ({ name: tool.name, description: tool.description, input_schema: { type: 'object', ...tool.parameters } }))
  }
  if (request.reasoning) params.thinking = { type: 'enabled', budget_tokens: 1024 }
  return params
}

function toAnswer(message: Anthropic.Message, grammarViolations: string[]): ClientAnswer {
  const answer: ClientAnswer = {
    text: '',
    toolCalls: [],
    reasoning: { text: '', tokens: [] },
    // Anthropic counts the cache beside input_tokens: the canonical input adds it back.
    usage: clientUsage(
      message.usage.input_tokens + (message.usage.cache_read_input_tokens ?? 0) + (message.usage.cache_creation_input_tokens ?? 0),
      message.usage.output_tokens, message.usage.cache_read_input_tokens, message.usage.cache_creation_input_tokens,
    ),
    finish: FINISH[message.stop_reason ?? ''] ?? String(message.stop_reason),
    echo: { role: 'assistant', content: message.content },
    grammarViolations,
  }
  for (const block of message.content) {
    if (block.type === 'text') answer.text += block.text
    else if (block.type === 'tool_use') answer.toolCalls.push({ id: block.id, name: block.name, args: block.input })
    else if (block.type === 'thinking') {
      answer.reasoning.text += block.thinking
      answer.reasoning.tokens.push(block.signature)
    } else if (block.type === 'redacted_thinking') answer.reasoning.tokens.push(block.data)
  }
  return answer
}

async function ask(proxyUrl: string, request: ClientRequest, streamed: boolean): Promise<ClientOutcome> {
  const recorder = recordErrorBodies()
  const client = new Anthropic({ baseURL: proxyUrl, apiKey: CLIENT_KEY, maxRetries: 0, fetch: recorder.fetch })
  let partialText = ''
  let sawCompletion = false
  try {
    if (!streamed) return { ok: true, status: 200, answer: toAnswer(await client.messages.create(toParams(request)), []) }
    const stream = client.messages.stream(toParams(request))
    const events: Anthropic.RawMessageStreamEvent[] = []
    for await (const event of stream) {
      events.push(event)
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') partialText += event.delta.text
      if (event.type === 'message_stop') sawCompletion = true
    }
    return { ok: true, status: 200, answer: toAnswer(await stream.finalMessage(), anthropicGrammarViolations(events)) }
  } catch (error) {
    if (!(error instanceof Anthropic.APIError) || error.status === undefined) return { ok: false, error: brokenStream(error, partialText, sawCompletion) }
    const body = error.error as { error?: { type?: string; message?: string } } | undefined
    const message = body?.error?.message ?? error.message
    const overflow = error.status === 400 && body?.error?.type === 'invalid_request_error' && message.startsWith('prompt is too long')
    return { ok: false, error: { status: error.status, kind: overflow ? 'context-overflow' : kindOf(error), errorCode: errorCodeOf(recorder.lastErrorBody()), message, partialText, sawCompletion } }
  }
}

/** By the SDK's typed error classes, which is what an application catches. */
function kindOf(error: InstanceType<typeof Anthropic.APIError>): ClientError['kind'] {
  if (error instanceof Anthropic.AuthenticationError) return 'auth'
  if (error instanceof Anthropic.RateLimitError) return 'rate-limit'
  if (error instanceof Anthropic.InternalServerError) return 'server'
  return 'other'
}

export const anthropicClient: ProtocolClient = { protocol: 'anthropic', ask }
