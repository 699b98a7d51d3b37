/**
 * Canonical event batches → Gemini stream chunks for Gemini clients. Each batch becomes at most one
 * GenerateContentResponse holding only the new parts (adjacent text merged), as Gemini sends
 * them: a tool call goes out whole when it ends (Gemini never streams arguments), the finish
 * chunk carries finishReason, and usageMetadata (a running total) rides on every chunk once known.
 * An error becomes a `{"error":{code,message,status}}` chunk, which the SDK raises as ApiError.
 * Two framings (routes.ts wantsJsonArrayStream decides which one the client asked for):
 * - encodeGeminiStream: SSE, `data: <json>\r\n\r\n` (Google's own separator), no terminator;
 * - encodeGeminiJsonArrayStream: one JSON array, `[` before the first chunk, `,\r\n` between
 *   chunks, `]` after the terminal one (a cut stream stays an unclosed array, so a client cannot
 *   take it for a complete answer).
 * @see ../../../../../shared/protocols/gemini.md §1, §8
 * @see ../../../../../shared/protocols/mapping.md §10.5
 */
import type { StreamEvent, StreamEventHandlers, Usage } from '../../model/index.ts'
import { mergeUsage } from '../../model/index.ts'
import type { EncodeContext } from '../codec.ts'
import { encodeUsage } from './convert-usage.ts'
import { encodeStatus } from './encode-error.ts'
import { functionCallPart, pushText, thoughtPart, wantsThoughts } from './encode-parts.ts'
import { encodeFinishReason } from './map-stop-reason.ts'
import type { WireCandidate, WireGenerateContentResponse, WirePart, WireStatus } from './wire.ts'

type OpenCall = { id: string; name: string; arguments: string }

type EncoderState = {
  id: string
  createTime: string | undefined
  model: string
  thoughts: boolean
  calls: Map<number, OpenCall>
  usage: Usage | undefined
  /** Parts of the batch being encoded. */
  parts: WirePart[]
  finishReason: string | undefined
  error: WireStatus | undefined
  done: boolean
}

const handlers: StreamEventHandlers<EncoderState, void> = {
  'response-start': (event, state) => {
    if (event.id !== '') state.id = event.id
    if (event.created !== undefined) state.createTime = new Date(event.created * 1000).toISOString()
    if (event.usage !== undefined) state.usage = mergeUsage(state.usage, event.usage)
  },
  'text-start': () => {},
  'text-delta': (event, state) => {
    if (event.text !== '') pushText(state.parts, event.text, false)
  },
  'text-end': () => {},
  'reasoning-start': (event, state) => {
    if (state.thoughts && event.redactedData !== undefined) state.parts.push(thoughtPart('', event.redactedData))
  },
  'reasoning-delta': (event, state) => {
    if (state.thoughts && event.text !== '') pushText(state.parts, event.text, true)
  },
  'reasoning-signature': (event, state) => {
    if (state.thoughts) state.parts.push(thoughtPart('', event.signature))
  },
  'reasoning-end': () => {},
  'tool-call-start': (event, state) => {
    state.calls.set(event.index, { id: event.id, name: event.name, arguments: '' })
  },
  'tool-call-delta': (event, state) => {
    const call = state.calls.get(event.index)
    if (call) call.arguments += event.argumentsDelta
  },
  'tool-call-end': (event, state) => {
    const call = state.calls.get(event.index)
    if (!call) return
    state.calls.delete(event.index)
    state.parts.push(functionCallPart(call.id, call.name, call.arguments, event.signature))
  },
  usage: (event, state) => {
    state.usage = mergeUsage(state.usage, event.usage)
  },
  error: (event, state) => {
    state.error = encodeStatus(event.error, event.error.status)
    state.done = true
  },
  'response-end': (event, state) => {
    state.finishReason = encodeFinishReason(event.finishReason)
    state.done = true
  },
}

/** The chunks one batch makes: its parts and finish as one response, then an error if any. */
function encodeBatch(batch: readonly StreamEvent[], state: EncoderState): unknown[] {
  state.parts = []
  for (const event of batch) {
    ;(handlers[event.type] as (event: StreamEvent, state: EncoderState) => void)(event, state)
    if (state.done) break
  }
  const chunks: unknown[] = []
  if (state.parts.length > 0 || state.finishReason !== undefined) chunks.push(responseChunk(state))
  if (state.error !== undefined) chunks.push(state.error)
  return chunks
}

function responseChunk(state: EncoderState): WireGenerateContentResponse {
  // Gemini's own finish chunk carries an empty text part when nothing else is left.
  const parts = state.parts.length > 0 ? state.parts : [{ text: '' }]
  const candidate: WireCandidate = { content: { role: 'model', parts }, index: 0 }
  if (state.finishReason !== undefined) candidate.finishReason = state.finishReason
  const chunk: WireGenerateContentResponse = { candidates: [candidate], modelVersion: state.model, responseId: state.id }
  if (state.usage !== undefined) chunk.usageMetadata = encodeUsage(state.usage)
  if (state.createTime !== undefined) chunk.createTime = state.createTime
  return chunk
}

function initialState(context: EncodeContext): EncoderState {
  return {
    id: crypto.randomUUID().replaceAll('-', ''),
    createTime: undefined,
    model: context.clientModel,
    thoughts: wantsThoughts(context),
    calls: new Map(),
    usage: undefined,
    parts: [],
    finishReason: undefined,
    error: undefined,
    done: false,
  }
}

export async function* encodeGeminiStream(batches: AsyncIterable<readonly StreamEvent[]>, context: EncodeContext): AsyncGenerator<string> {
  const state = initialState(context)
  for await (const batch of batches) {
    let text = ''
    for (const chunk of encodeBatch(batch, state)) text += `data: ${JSON.stringify(chunk)}\r\n\r\n`
    if (text !== '') yield text
    if (state.done) return
  }
}

export async function* encodeGeminiJsonArrayStream(
  batches: AsyncIterable<readonly StreamEvent[]>,
  context: EncodeContext,
): AsyncGenerator<string> {
  const state = initialState(context)
  let opened = false
  for await (const batch of batches) {
    let text = ''
    for (const chunk of encodeBatch(batch, state)) {
      text += `${opened ? ',\r\n' : '['}${JSON.stringify(chunk)}`
      opened = true
    }
    if (state.done) text += opened ? ']' : '[]'
    if (text !== '') yield text
    if (state.done) return
  }
}
