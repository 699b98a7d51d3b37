/**
 * Canonical events → Anthropic SSE, for Claude Code and the Anthropic SDKs (LESSONS #1, #2, #10).
 * The wire grammar: one message_start; blocks with contiguous indices from 0, each
 * content_block_start → deltas → content_block_stop, only ONE open at a time; message_delta
 * (stop reason + final usage) then message_stop; an error ends the stream with `event: error`.
 *
 * Canonical streams may interleave blocks (parallel OpenAI tool calls). The open wire block gets
 * its deltas at once (tool arguments stream incrementally); a block that starts while another is
 * open waits in a queue with its deltas buffered, and is flushed in order when the wire is free,
 * so no argument is dropped or reordered. A text block is the exception: it is closed early when
 * another block starts, and text arriving later continues in a new wire text block.
 * @see ../../../../../shared/protocols/anthropic-messages.md §10
 */
import type { StreamEvent, StreamEventHandlers, Usage } from '../../model/index.ts'
import { mergeUsage } from '../../model/index.ts'
import { encodeSseJson } from '../../framing/sse-encoder.ts'
import type { EncodeContext } from '../codec.ts'
import { encodeUsage } from './convert-usage.ts'
import { sanitizeToolId } from './encode-content.ts'
import { anthropicErrorPayload } from './encode-error.ts'
import { encodeStopReason } from './map-stop-reason.ts'
import { toMessageId } from './message-id.ts'

type Segment = {
  kind: 'text' | 'thinking' | 'redacted' | 'tool'
  contentBlock: Record<string, unknown>
  /** Deltas waiting for this segment to reach the wire. */
  pending: Array<Record<string, unknown>>
  wireIndex?: number
  /** The canonical block ended (or, for an early-closed text, the wire block was closed). */
  ended: boolean
  closedOnWire: boolean
  signature: string
  argumentsText: string
}

type State = {
  context: EncodeContext
  start?: { id: string; model: string }
  messageStarted: boolean
  usage?: Usage
  nextWireIndex: number
  current?: Segment
  waiting: Segment[]
  segments: Map<number, Segment>
  hadToolCalls: boolean
}

const frame = (payload: Record<string, unknown> & { type: string }): string => encodeSseJson(payload, payload.type)

/**
 * A content_block_delta frame. Text, thinking and tool-argument deltas (one per token, the most
 * frequent frames by far) are written from a template, so only the streamed string goes through
 * JSON.stringify; their payloads are built in this file with exactly these keys, so the bytes are
 * the ones frame() would write (the encoder's tests hold the two side by side).
 */
function deltaFrame(index: number, delta: Record<string, unknown>): string {
  const head = `event: content_block_delta\ndata: {"type":"content_block_delta","index":${index},"delta":{"type":`
  if (delta.type === 'text_delta' && typeof delta.text === 'string') return `${head}"text_delta","text":${JSON.stringify(delta.text)}}}\n\n`
  if (delta.type === 'thinking_delta' && typeof delta.thinking === 'string') return `${head}"thinking_delta","thinking":${JSON.stringify(delta.thinking)}}}\n\n`
  if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string') return `${head}"input_json_delta","partial_json":${JSON.stringify(delta.partial_json)}}}\n\n`
  return frame({ type: 'content_block_delta', index, delta })
}

function messageStartFrames(state: State): string[] {
  if (state.messageStarted) return []
  state.messageStarted = true
  // Input tokens when the upstream reported them before any content (Anthropic, Gemini); else 0.
  const usage = encodeUsage(state.usage)
  const message = {
    id: toMessageId(state.start?.id ?? ''),
    type: 'message',
    role: 'assistant',
    model: state.context.clientModel,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { ...usage, output_tokens: 0 },
  }
  return [frame({ type: 'message_start', message })]
}

function closeCurrent(state: State): string[] {
  const segment = state.current
  if (!segment || segment.wireIndex === undefined) return []
  const index = segment.wireIndex
  const frames: string[] = []
  if (segment.kind === 'thinking' && segment.signature !== '') {
    frames.push(frame({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: segment.signature } }))
  }
  if (segment.kind === 'tool') {
    // Never leave input empty: the SDK would parse "" as an error; a no-argument call is {}.
    if (segment.argumentsText === '') frames.push(frame({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: '{}' } }))
    else if (!isJson(segment.argumentsText)) {
      state.context.warnings.add('invalid-tool-arguments', 'the upstream streamed tool arguments that are not valid JSON', `content[${index}]`)
    }
  }
  frames.push(frame({ type: 'content_block_stop', index }))
  segment.closedOnWire = true
  state.current = undefined
  return frames
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

function openOnWire(state: State, segment: Segment): string[] {
  const index = state.nextWireIndex++
  segment.wireIndex = index
  state.current = segment
  const frames = [frame({ type: 'content_block_start', index, content_block: segment.contentBlock })]
  for (const delta of segment.pending) frames.push(deltaFrame(index, delta))
  segment.pending = []
  return frames
}

/** Opens queued segments in order while the wire is free; ended ones are closed straight away. */
function drain(state: State): string[] {
  const frames: string[] = []
  while (!state.current && state.waiting.length > 0) {
    const segment = state.waiting.shift()!
    frames.push(...openOnWire(state, segment))
    if (segment.ended) frames.push(...closeCurrent(state))
  }
  return frames
}

function begin(state: State, canonicalIndex: number, kind: Segment['kind'], contentBlock: Record<string, unknown>): string[] {
  const segment: Segment = { kind, contentBlock, pending: [], ended: false, closedOnWire: false, signature: '', argumentsText: '' }
  state.segments.set(canonicalIndex, segment)
  const frames = messageStartFrames(state)
  if (state.current?.kind === 'text' && state.waiting.length === 0) frames.push(...closeCurrent(state))
  if (!state.current && state.waiting.length === 0) frames.push(...openOnWire(state, segment))
  else state.waiting.push(segment)
  return frames
}

function delta(state: State, canonicalIndex: number, payload: Record<string, unknown>): string[] {
  let segment = state.segments.get(canonicalIndex)
  const frames: string[] = []
  if (segment?.kind === 'text' && segment.closedOnWire && !segment.ended) {
    // Text after an early close continues in a fresh wire text block.
    frames.push(...begin(state, canonicalIndex, 'text', { type: 'text', text: '' }))
    segment = state.segments.get(canonicalIndex)
  }
  if (!segment || segment.closedOnWire) return frames
  if (segment === state.current && segment.wireIndex !== undefined) {
    frames.push(deltaFrame(segment.wireIndex, payload))
  } else segment.pending.push(payload)
  return frames
}

function end(state: State, canonicalIndex: number): string[] {
  const segment = state.segments.get(canonicalIndex)
  if (!segment || segment.ended) return []
  segment.ended = true
  if (segment !== state.current) return []
  return [...closeCurrent(state), ...drain(state)]
}

const handlers: StreamEventHandlers<State, string[]> = {
  // message_start goes out at once: holding it for input tokens would hold back the client's
  // first byte by one upstream gap (measured +21 ms on paced streams). Input tokens known
  // at this point ride on response-start; the final counts always follow in message_delta.
  'response-start': (event, state) => {
    state.start = { id: event.id, model: event.model }
    if (event.usage) state.usage = mergeUsage(state.usage, event.usage)
    return messageStartFrames(state)
  },
  usage: (event, state) => {
    state.usage = mergeUsage(state.usage, event.usage)
    return []
  },
  'text-start': (event, state) => begin(state, event.index, 'text', { type: 'text', text: '' }),
  'text-delta': (event, state) => (event.text === '' ? [] : delta(state, event.index, { type: 'text_delta', text: event.text })),
  'text-end': (event, state) => end(state, event.index),
  'reasoning-start': (event, state) =>
    event.redactedData === undefined
      ? begin(state, event.index, 'thinking', { type: 'thinking', thinking: '', signature: '' })
      : begin(state, event.index, 'redacted', { type: 'redacted_thinking', data: event.redactedData }),
  'reasoning-delta': (event, state) => {
    const segment = state.segments.get(event.index)
    if (event.text === '' || segment?.kind !== 'thinking') return []
    return delta(state, event.index, { type: 'thinking_delta', thinking: event.text })
  },
  'reasoning-signature': (event, state) => {
    const segment = state.segments.get(event.index)
    if (segment?.kind === 'thinking') segment.signature += event.signature
    return []
  },
  'reasoning-end': (event, state) => end(state, event.index),
  'tool-call-start': (event, state) => {
    state.hadToolCalls = true
    return begin(state, event.index, 'tool', { type: 'tool_use', id: sanitizeToolId(event.id), name: event.name, input: {} })
  },
  'tool-call-delta': (event, state) => {
    const segment = state.segments.get(event.index)
    if (event.argumentsDelta === '' || segment?.kind !== 'tool') return []
    segment.argumentsText += event.argumentsDelta
    return delta(state, event.index, { type: 'input_json_delta', partial_json: event.argumentsDelta })
  },
  'tool-call-end': (event, state) => end(state, event.index),
  error: (event) => [frame(anthropicErrorPayload(event.error))],
  'response-end': (event, state) => {
    const frames = messageStartFrames(state)
    for (const segment of [state.current, ...state.waiting]) if (segment) segment.ended = true
    frames.push(...closeCurrent(state), ...drain(state))
    const usage = encodeUsage(state.usage)
    frames.push(frame({ type: 'message_delta', delta: encodeStopReason(event.finishReason, state.hadToolCalls), usage }))
    frames.push(frame({ type: 'message_stop' }))
    return frames
  },
}

function dispatch(event: StreamEvent, state: State): string[] {
  return (handlers[event.type] as (event: StreamEvent, state: State) => string[])(event, state)
}

/**
 * One string per batch of events (one upstream read): the client gets one write per upstream
 * chunk instead of one per event. Whole events only, so a keepalive between two strings still
 * lands between events.
 */
export async function* encodeAnthropicStream(batches: AsyncIterable<readonly StreamEvent[]>, context: EncodeContext): AsyncGenerator<string> {
  const state: State = { context, messageStarted: false, nextWireIndex: 0, waiting: [], segments: new Map(), hadToolCalls: false }
  for await (const batch of batches) {
    let text = ''
    let ended = false
    for (const event of batch) {
      for (const frame of dispatch(event, state)) text += frame
      if (event.type === 'error' || event.type === 'response-end') {
        ended = true
        break
      }
    }
    if (text !== '') yield text
    if (ended) return
  }
}
