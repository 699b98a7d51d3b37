/**
 * Canonical event batches → Responses SSE for a Responses client (Codex, the OpenAI SDK), one
 * string per batch. Every event carries a strictly increasing `sequence_number` from 0; each
 * canonical block becomes one output item (allocated in order, so `output_index` only grows) and
 * is closed with its `.done` events in reverse nesting order; the terminal `response.completed`
 * (or `response.incomplete` with its reason) carries the complete output and usage with both
 * detail objects (LESSONS #27). A canonical error becomes an `error` event then
 * `response.failed`, and the stream ends.
 * @see ../../../../../shared/protocols/openai-responses.md §8, §9
 * @see ../../../../../shared/protocols/mapping.md §8.5
 */
import { encodeSseJson } from '../../framing/sse-encoder.ts'
import type { StreamEvent, StreamEventHandlers, Usage } from '../../model/index.ts'
import { mergeUsage } from '../../model/index.ts'
import type { EncodeContext } from '../codec.ts'
import { CustomInputStream } from './custom-tool-input.ts'
import { streamErrorFields } from './encode-error.ts'
import { callItem, messageItem, reasoningItem } from './encode-output.ts'
import { encodeFinishReason } from './map-stop-reason.ts'
import { failedResponse, finalResponse, inProgressResponse, newItemId, type ResponseMeta, responseMeta } from './response-object.ts'
import { readToolOrigins, type ToolOrigins } from './tool-origins.ts'
import type { WireOutputItem } from './wire.ts'

type OpenItem =
  | { kind: 'text'; outputIndex: number; id: string; text: string }
  | { kind: 'reasoning'; outputIndex: number; id: string; text: string; summaryOpen: boolean; signature: string; redactedData?: string }
  | { kind: 'call'; outputIndex: number; id: string; callId: string; name: string; arguments: string; custom?: CustomInputStream }

type EncoderState = {
  context: EncodeContext
  origins: ToolOrigins
  meta: ResponseMeta | undefined
  sequence: number
  open: Map<number, OpenItem>
  output: WireOutputItem[]
  usage: Usage | undefined
  done: boolean
  frames: string[]
}

function send(state: EncoderState, type: string, fields: Record<string, unknown>): void {
  state.frames.push(encodeSseJson({ type, sequence_number: state.sequence++, ...fields }, type))
}

function meta(state: EncoderState): ResponseMeta {
  state.meta ??= responseMeta('', undefined, state.context)
  return state.meta
}

function begin(state: EncoderState, index: number, item: OpenItem, wire: WireOutputItem): void {
  state.open.set(index, item)
  send(state, 'response.output_item.added', { output_index: item.outputIndex, item: wire })
}

function finish(state: EncoderState, index: number, wire: WireOutputItem): void {
  const item = state.open.get(index)
  if (item === undefined) return
  state.open.delete(index)
  state.output[item.outputIndex] = wire
  send(state, 'response.output_item.done', { output_index: item.outputIndex, item: wire })
}

const handlers: StreamEventHandlers<EncoderState, void> = {
  'response-start': (event, state) => {
    state.meta = responseMeta(event.id, event.created, state.context)
    if (event.usage !== undefined) state.usage = mergeUsage(state.usage, event.usage)
    send(state, 'response.created', { response: inProgressResponse(state.meta) })
    send(state, 'response.in_progress', { response: inProgressResponse(state.meta) })
  },
  'text-start': (event, state) => {
    const item: OpenItem = { kind: 'text', outputIndex: state.output.length, id: newItemId('msg'), text: '' }
    state.output.push(messageItem(item.id, '', 'in_progress'))
    begin(state, event.index, item, messageItem(item.id, '', 'in_progress'))
    const part = { type: 'output_text', text: '', annotations: [], logprobs: [] }
    send(state, 'response.content_part.added', { item_id: item.id, output_index: item.outputIndex, content_index: 0, part })
  },
  'text-delta': (event, state) => {
    const item = state.open.get(event.index)
    if (item?.kind !== 'text' || event.text === '') return
    item.text += event.text
    send(state, 'response.output_text.delta', { item_id: item.id, output_index: item.outputIndex, content_index: 0, delta: event.text, logprobs: [] })
  },
  'text-end': (event, state) => closeText(state, event.index),
  'reasoning-start': (event, state) => {
    const item: OpenItem = { kind: 'reasoning', outputIndex: state.output.length, id: newItemId('rs'), text: '', summaryOpen: false, signature: '' }
    if (event.redactedData !== undefined) item.redactedData = event.redactedData
    state.output.push(reasoningItem(item.id, '', undefined))
    begin(state, event.index, item, reasoningItem(item.id, '', undefined))
  },
  'reasoning-delta': (event, state) => {
    const item = state.open.get(event.index)
    if (item?.kind !== 'reasoning' || event.text === '') return
    const where = { item_id: item.id, output_index: item.outputIndex, summary_index: 0 }
    if (!item.summaryOpen) {
      item.summaryOpen = true
      send(state, 'response.reasoning_summary_part.added', { ...where, part: { type: 'summary_text', text: '' } })
    }
    item.text += event.text
    send(state, 'response.reasoning_summary_text.delta', { ...where, delta: event.text })
  },
  'reasoning-signature': (event, state) => {
    const item = state.open.get(event.index)
    if (item?.kind === 'reasoning') item.signature += event.signature
  },
  'reasoning-end': (event, state) => closeReasoning(state, event.index),
  'tool-call-start': (event, state) => {
    const custom = state.origins.isCustom(event.name)
    const item: OpenItem = { kind: 'call', outputIndex: state.output.length, id: newItemId(custom ? 'ctc' : 'fc'), callId: event.id, name: event.name, arguments: '' }
    if (custom) item.custom = new CustomInputStream()
    const wire = callItem(item.id, { id: event.id, name: event.name, arguments: '' }, state.origins, 'in_progress')
    state.output.push(wire)
    begin(state, event.index, item, wire)
  },
  'tool-call-delta': (event, state) => {
    const item = state.open.get(event.index)
    if (item?.kind !== 'call' || event.argumentsDelta === '') return
    item.arguments += event.argumentsDelta
    const where = { item_id: item.id, output_index: item.outputIndex }
    if (item.custom === undefined) return send(state, 'response.function_call_arguments.delta', { ...where, delta: event.argumentsDelta })
    const text = item.custom.push(event.argumentsDelta)
    if (text !== '') send(state, 'response.custom_tool_call_input.delta', { ...where, delta: text })
  },
  'tool-call-end': (event, state) => closeCall(state, event.index),
  usage: (event, state) => {
    state.usage = mergeUsage(state.usage, event.usage)
  },
  error: (event, state) => {
    state.done = true
    send(state, 'error', { ...streamErrorFields(event.error) })
    send(state, 'response.failed', { response: failedResponse(meta(state), state.output, event.error, state.usage) })
  },
  'response-end': (event, state) => {
    state.done = true
    for (const index of [...state.open.keys()]) closeOpen(state, index)
    const ending = encodeFinishReason(event.finishReason)
    const type = ending.status === 'incomplete' ? 'response.incomplete' : 'response.completed'
    send(state, type, { response: finalResponse(meta(state), state.output, ending, state.usage) })
  },
}

function closeOpen(state: EncoderState, index: number): void {
  const kind = state.open.get(index)?.kind
  if (kind === 'text') closeText(state, index)
  else if (kind === 'reasoning') closeReasoning(state, index)
  else if (kind === 'call') closeCall(state, index)
}

function closeText(state: EncoderState, index: number): void {
  const item = state.open.get(index)
  if (item?.kind !== 'text') return
  const where = { item_id: item.id, output_index: item.outputIndex, content_index: 0 }
  send(state, 'response.output_text.done', { ...where, text: item.text, logprobs: [] })
  send(state, 'response.content_part.done', { ...where, part: { type: 'output_text', text: item.text, annotations: [], logprobs: [] } })
  finish(state, index, messageItem(item.id, item.text))
}

function closeReasoning(state: EncoderState, index: number): void {
  const item = state.open.get(index)
  if (item?.kind !== 'reasoning') return
  if (item.summaryOpen) {
    const where = { item_id: item.id, output_index: item.outputIndex, summary_index: 0 }
    send(state, 'response.reasoning_summary_text.done', { ...where, text: item.text })
    send(state, 'response.reasoning_summary_part.done', { ...where, part: { type: 'summary_text', text: item.text } })
  }
  finish(state, index, reasoningItem(item.id, item.text, item.signature || item.redactedData))
}

function closeCall(state: EncoderState, index: number): void {
  const item = state.open.get(index)
  if (item?.kind !== 'call') return
  const where = { item_id: item.id, output_index: item.outputIndex }
  // A call streamed without arguments is a no-argument call: every client wants an object.
  const args = item.arguments === '' && item.custom === undefined ? '{}' : item.arguments
  if (item.custom === undefined) {
    send(state, 'response.function_call_arguments.done', { ...where, name: state.origins.wireName(item.name).name, arguments: args })
  } else {
    const rest = item.custom.end()
    if (rest !== '') send(state, 'response.custom_tool_call_input.delta', { ...where, delta: rest })
    send(state, 'response.custom_tool_call_input.done', { ...where, input: item.custom.input })
  }
  const wire = callItem(item.id, { id: item.callId, name: item.name, arguments: args }, state.origins, 'completed')
  if (wire.type === 'custom_tool_call' && item.custom !== undefined) wire.input = item.custom.input
  finish(state, index, wire)
}

export async function* encodeOpenaiResponsesStream(batches: AsyncIterable<readonly StreamEvent[]>, context: EncodeContext): AsyncGenerator<string> {
  const state: EncoderState = {
    context,
    origins: readToolOrigins(context.clientRequest),
    meta: undefined,
    sequence: 0,
    open: new Map(),
    output: [],
    usage: undefined,
    done: false,
    frames: [],
  }
  for await (const batch of batches) {
    for (const event of batch) {
      ;(handlers[event.type] as (event: StreamEvent, state: EncoderState) => void)(event, state)
      if (state.done) break
    }
    if (state.frames.length > 0) yield state.frames.splice(0, state.frames.length).join('')
    if (state.done) return
  }
}
