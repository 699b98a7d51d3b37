/**
 * Canonical events → OpenAI chat.completion.chunk SSE, for OpenAI SDK clients.
 * One id and `created` for all chunks; role on the first chunk; tool calls numbered 0.. in
 * order of appearance, id/type/name on their first delta and argument fragments after, as they
 * arrive. Reasoning streams as `reasoning_content`; a block Anthropic signed is followed by one
 * `reasoning_details` chunk holding its whole text and signature, so a proxy-aware client can
 * send it back next turn (signed-reasoning-details.ts). With `stream_options.include_usage` every chunk carries `usage: null` and a
 * `choices: []` usage chunk precedes `[DONE]`.
 * A canonical error mid-stream becomes `data: {"error":{…}}` and the stream ends WITHOUT
 * `[DONE]`: the SDK throws on the error payload, and a client reading raw SSE must not take
 * the cut answer for a complete one.
 * @see ../../../../../shared/protocols/openai-chat.md §8
 * @see ../../../../../shared/protocols/mapping.md §6
 */
import { encodeSseEvent, encodeSseJson } from '../../framing/sse-encoder.ts'
import type { StreamEvent, StreamEventHandlers, Usage } from '../../model/index.ts'
import { mergeUsage } from '../../model/index.ts'
import type { EncodeContext } from '../codec.ts'
import { toChatCompletionId } from './chat-id.ts'
import { encodeUsage } from './convert-usage.ts'
import { encodeErrorObject } from './encode-error.ts'
import { encodeFinishReason } from './map-stop-reason.ts'
import { isObject } from './narrow.ts'
import { encryptedDetail, type SignedReasoningDetail, signedTextDetail } from './signed-reasoning-details.ts'
import type { WireChunkDelta } from './wire.ts'

type EncoderState = {
  id: string
  created: number
  model: string
  includeUsage: boolean
  toolIndexOf: Map<number, number>
  usage: Usage | undefined
  done: boolean
  /** Reasoning text per canonical index, for the signed detail sent when its signature arrives. */
  reasoningText: Map<number, string>
  detailCount: number
  /** `data: {"id":…,"choices":[{"index":0,"delta":{` for this stream (see textChunk). */
  head: string
}

/** One reasoning_details chunk for a signed or redacted block (signed-reasoning-details.ts). */
function detailChunk(state: EncoderState, detail: SignedReasoningDetail | undefined): string[] {
  if (detail === undefined) return []
  state.detailCount++
  return [chunk(state, { reasoning_details: [detail] })]
}

const handlers: StreamEventHandlers<EncoderState, string[]> = {
  'response-start': (event, state) => {
    state.id = toChatCompletionId(event.id)
    if (event.created !== undefined && event.created > 0) state.created = event.created
    state.head = chunkHead(state)
    return [chunk(state, { role: 'assistant', content: '' })]
  },
  'text-start': () => [],
  'text-delta': (event, state) => (event.text === '' ? [] : [textChunk(state, 'content', event.text)]),
  'text-end': () => [],
  'reasoning-start': (event, state) => {
    state.reasoningText.set(event.index, '')
    return event.redactedData === undefined ? [] : detailChunk(state, encryptedDetail(event.redactedData, state.detailCount))
  },
  'reasoning-delta': (event, state) => {
    if (event.text === '') return []
    state.reasoningText.set(event.index, (state.reasoningText.get(event.index) ?? '') + event.text)
    return [textChunk(state, 'reasoning_content', event.text)]
  },
  'reasoning-signature': (event, state) =>
    detailChunk(state, signedTextDetail(state.reasoningText.get(event.index) ?? '', event.signature, state.detailCount)),
  'reasoning-end': (event, state) => {
    state.reasoningText.delete(event.index)
    return []
  },
  'tool-call-start': (event, state) => {
    const index = state.toolIndexOf.size
    state.toolIndexOf.set(event.index, index)
    return [chunk(state, { tool_calls: [{ index, id: event.id, type: 'function', function: { name: event.name, arguments: '' } }] })]
  },
  'tool-call-delta': (event, state) => {
    const index = state.toolIndexOf.get(event.index)
    if (index === undefined || event.argumentsDelta === '') return []
    return [chunk(state, { tool_calls: [{ index, function: { arguments: event.argumentsDelta } }] })]
  },
  'tool-call-end': () => [],
  usage: (event, state) => {
    state.usage = mergeUsage(state.usage, event.usage)
    return []
  },
  error: (event, state) => {
    state.done = true
    return [encodeSseJson({ error: encodeErrorObject(event.error) })]
  },
  'response-end': (event, state) => {
    state.done = true
    const out = [chunk(state, {}, encodeFinishReason(event.finishReason))]
    if (state.includeUsage) {
      const usage = encodeUsage(state.usage ?? { inputTokens: 0, outputTokens: 0 })
      out.push(encodeSseJson({ id: state.id, object: 'chat.completion.chunk', created: state.created, model: state.model, choices: [], usage }))
    }
    out.push(encodeSseEvent('[DONE]'))
    return out
  },
}

function chunk(state: EncoderState, delta: WireChunkDelta, finishReason: string | null = null): string {
  const body: Record<string, unknown> = {
    id: state.id,
    object: 'chat.completion.chunk',
    created: state.created,
    model: state.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  }
  if (state.includeUsage) body.usage = null
  return encodeSseJson(body)
}

/**
 * The chunk for one text or reasoning token, the most frequent frame by far, from a per-stream
 * head: only the text goes through JSON.stringify. The same bytes as chunk(state, { [field]: text })
 * (same key order, same escaping); the encoder's tests hold the two side by side.
 */
function textChunk(state: EncoderState, field: 'content' | 'reasoning_content', text: string): string {
  return `${state.head}"${field}":${JSON.stringify(text)}},"logprobs":null,"finish_reason":null}]${state.includeUsage ? ',"usage":null' : ''}}\n\n`
}

function chunkHead(state: EncoderState): string {
  return `data: {"id":${JSON.stringify(state.id)},"object":"chat.completion.chunk","created":${state.created},"model":${JSON.stringify(state.model)},"choices":[{"index":0,"delta":{`
}

export function wantsStreamUsage(context: EncodeContext): boolean {
  const options = context.clientRequest?.extensions?.openai?.stream_options
  return isObject(options) && options.include_usage === true
}

function initialState(context: EncodeContext): EncoderState {
  const state: EncoderState = {
    id: toChatCompletionId(''),
    created: Math.floor(Date.now() / 1000),
    model: context.clientModel,
    includeUsage: wantsStreamUsage(context),
    toolIndexOf: new Map(),
    usage: undefined,
    done: false,
    reasoningText: new Map(),
    detailCount: 0,
    head: '',
  }
  state.head = chunkHead(state)
  return state
}

/**
 * One string per batch of events (one upstream read): the client gets one write per upstream
 * chunk instead of one per event. Whole events only, so a keepalive between two strings still
 * lands between events.
 */
export async function* encodeOpenaiStream(batches: AsyncIterable<readonly StreamEvent[]>, context: EncodeContext): AsyncGenerator<string> {
  const state = initialState(context)
  for await (const batch of batches) {
    let text = ''
    for (const event of batch) {
      const frames = (handlers[event.type] as (event: StreamEvent, state: EncoderState) => string[])(event, state)
      for (const frame of frames) text += frame
      if (state.done) break
    }
    if (text !== '') yield text
    if (state.done) return
  }
}
