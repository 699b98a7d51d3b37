/**
 * OpenAI Responses answers for the bench mock, in the order the API streams them
 * (test/pair-matrix/mocks/openai-responses.ts): created, in_progress, the message item added →
 * its part → `events` text deltas → done events carrying the whole text, then completed with the
 * output and usage; every event named after its type, a rising sequence_number, no [DONE].
 * @see ../../../shared/protocols/openai-responses.md §7, §8
 */
import { text, type Knobs } from './mock-knobs.ts'

const ID = 'resp_bench'
const ITEM = 'msg_bench'

function response(model: string, status: 'in_progress' | 'completed', output: unknown[], outputTokens?: number): Record<string, unknown> {
  return {
    id: ID, object: 'response', created_at: 1700000000, status, error: null, incomplete_details: null, instructions: null, model,
    output, parallel_tool_calls: true, previous_response_id: null, store: false, temperature: 1, text: { format: { type: 'text' } },
    tool_choice: 'auto', tools: [], top_p: 1, truncation: 'disabled', metadata: {},
    usage: outputTokens === undefined ? null : { input_tokens: 12, input_tokens_details: { cached_tokens: 0 }, output_tokens: outputTokens, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 12 + outputTokens },
  }
}

const message = (content: string) => ({ type: 'message', id: ITEM, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: content, annotations: [], logprobs: [] }] })

export function responsesJson(model: string, knobs: Knobs): unknown {
  return response(model, 'completed', [message(text(knobs.responseBytes))], Math.ceil(knobs.responseBytes / 4))
}

export function* responsesEvents(model: string, knobs: Knobs): Generator<string> {
  let sequence = 0
  const event = (payload: Record<string, unknown> & { type: string }) => `event: ${payload.type}\ndata: ${JSON.stringify({ ...payload, sequence_number: sequence++ })}\n\n`
  const at = { item_id: ITEM, output_index: 0, content_index: 0 }
  const part = { type: 'output_text', text: '', annotations: [], logprobs: [] }
  yield event({ type: 'response.created', response: response(model, 'in_progress', []) })
  yield event({ type: 'response.in_progress', response: response(model, 'in_progress', []) })
  yield event({ type: 'response.output_item.added', output_index: 0, item: { ...message(''), status: 'in_progress', content: [] } })
  yield event({ type: 'response.content_part.added', ...at, part })
  const delta = text(knobs.deltaChars)
  for (let i = 0; i < knobs.events; i++) yield event({ type: 'response.output_text.delta', ...at, delta, logprobs: [] })
  const whole = delta.repeat(knobs.events)
  yield event({ type: 'response.output_text.done', ...at, text: whole, logprobs: [] })
  yield event({ type: 'response.content_part.done', ...at, part: { ...part, text: whole } })
  yield event({ type: 'response.output_item.done', output_index: 0, item: message(whole) })
  yield event({ type: 'response.completed', response: response(model, 'completed', [message(whole)], knobs.events) })
}
