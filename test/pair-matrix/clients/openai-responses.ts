/**
 * The official openai SDK's Responses API as a pair-matrix client: `responses.create`, and
 * `responses.stream(...)` with every event checked for grammar before `finalResponse()`. Like
 * Codex, it is stateless (`store: false`, reasoning asked for with
 * `include: ["reasoning.encrypted_content"]`) and sends an earlier answer back as the output
 * items it received, reasoning items with their encrypted content included.
 * @see ../../../../shared/protocols/openai-responses.md §3, §7, §8
 */
import OpenAI from 'openai'
import type { Response as WireResponse, ResponseCreateParamsNonStreaming, ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses'
import { CLIENT_KEY } from '../../support/e2e-bridge.ts'
import { responsesGrammarViolations } from '../../support/e2e-grammar.ts'
import type { ClientAnswer, ClientError, ClientOutcome, ClientRequest, ClientTurn, ProtocolClient } from '../contract.ts'
import { brokenStream, errorCodeOf, recordErrorBodies } from './classify-error.ts'
import { cacheWriteOf, clientUsage, withTotal } from './cache-usage.ts'

function toItems(turn: ClientTurn): ResponseInputItem[] {
  if (turn.role === 'assistant') return turn.answer.echo as ResponseInputItem[]
  const items: ResponseInputItem[] = []
  const content: OpenAI.Responses.ResponseInputContent[] = []
  for (const part of turn.parts) {
    if (part.type === 'tool-result') items.push({ type: 'function_call_output', call_id: part.callId, output: part.text })
    else if (part.type === 'text') content.push({ type: 'input_text', text: part.text })
    else content.push({ type: 'input_image', image_url: `data:${part.mediaType};base64,${part.base64}`, detail: 'auto' })
  }
  if (content.length > 0) items.push({ type: 'message', role: 'user', content })
  return items
}

function toParams(request: ClientRequest): ResponseCreateParamsNonStreaming {
  const params: ResponseCreateParamsNonStreaming = {
    model: 'gpt-5',
    max_output_tokens: request.maxTokens,
    input: request.turns.flatMap(toItems),
    store: false,
  }
  if (request.tools) {
    params.tools = request.tools.map((tool) => ({ type: 'function', name: tool.name, description: tool.description, parameters: { type: 'object', ...tool.parameters }, strict: false }))
  }
  if (request.reasoning) {
    params.reasoning = { effort: 'low', summary: 'auto' }
    params.include = ['reasoning.encrypted_content']
  }
  return params
}

function finishOf(response: WireResponse): ClientAnswer['finish'] {
  if (response.status === 'incomplete') return response.incomplete_details?.reason === 'max_output_tokens' ? 'length' : `incomplete:${response.incomplete_details?.reason ?? ''}`
  if (response.status !== 'completed') return String(response.status)
  return response.output.some((item) => item.type === 'function_call') ? 'tool-calls' : 'stop'
}

function toAnswer(response: WireResponse, grammarViolations: string[]): ClientAnswer {
  let text = ''
  let reasoning = ''
  const tokens: string[] = []
  const toolCalls: ClientAnswer['toolCalls'] = []
  for (const item of response.output) {
    if (item.type === 'message') for (const part of item.content) text += part.type === 'output_text' ? part.text : ''
    if (item.type === 'reasoning') {
      reasoning += item.summary.map((entry) => entry.text).join('')
      if (item.encrypted_content) tokens.push(item.encrypted_content)
    }
    if (item.type === 'function_call') toolCalls.push({ id: item.call_id, name: item.name, args: JSON.parse(item.arguments || '{}') as unknown })
  }
  return {
    text,
    toolCalls,
    reasoning: { text: reasoning, tokens },
    // cached_tokens is part of input_tokens; cache_write_tokens is OpenRouter's, beside it in the details.
    usage: withTotal(
      clientUsage(response.usage?.input_tokens ?? -1, response.usage?.output_tokens ?? -1, response.usage?.input_tokens_details.cached_tokens, cacheWriteOf(response.usage?.input_tokens_details)),
      response.usage?.total_tokens, (response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0),
    ),
    finish: finishOf(response),
    echo: response.output,
    grammarViolations,
  }
}

async function ask(proxyUrl: string, request: ClientRequest, streamed: boolean): Promise<ClientOutcome> {
  const recorder = recordErrorBodies()
  const client = new OpenAI({ baseURL: `${proxyUrl}/v1`, apiKey: CLIENT_KEY, maxRetries: 0, fetch: recorder.fetch })
  let partialText = ''
  let sawCompletion = false
  try {
    if (!streamed) return { ok: true, status: 200, answer: toAnswer(await client.responses.create(toParams(request)), []) }
    const { stream: _stream, ...params } = toParams(request)
    const stream = client.responses.stream(params)
    const events: ResponseStreamEvent[] = []
    for await (const event of stream) {
      events.push(event)
      if (event.type === 'response.output_text.delta') partialText += event.delta
      if (event.type === 'response.completed' || event.type === 'response.incomplete') sawCompletion = true
    }
    const final = await stream.finalResponse()
    return { ok: true, status: 200, answer: toAnswer(final, responsesGrammarViolations(events)) }
  } catch (error) {
    // A completed (or incomplete) response event is what makes a streamed answer look complete.
    if (!(error instanceof OpenAI.APIError) || error.status === undefined) return { ok: false, error: brokenStream(error, partialText, sawCompletion) }
    const overflow = error instanceof OpenAI.BadRequestError && error.code === 'context_length_exceeded'
    const kind = overflow ? 'context-overflow' : kindOf(error)
    return { ok: false, error: { status: error.status, kind, errorCode: errorCodeOf(recorder.lastErrorBody()), message: error.message, partialText, sawCompletion: false } }
  }
}

/** By the SDK's typed error classes, which is what an application catches. */
function kindOf(error: InstanceType<typeof OpenAI.APIError>): ClientError['kind'] {
  if (error instanceof OpenAI.AuthenticationError) return 'auth'
  if (error instanceof OpenAI.RateLimitError) return 'rate-limit'
  if (error instanceof OpenAI.InternalServerError) return 'server'
  return 'other'
}

export const openaiResponsesClient: ProtocolClient = { protocol: 'openai-responses', ask }
