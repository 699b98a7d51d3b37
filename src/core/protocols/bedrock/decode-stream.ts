/**
 * ConverseStream (AWS event stream) → canonical events, one array per upstream chunk. Survives
 * what the recordings show (test/fixtures/bedrock-converse): text and reasoning blocks open with
 * their first contentBlockDelta (no contentBlockStart); empty text deltas; the `p` padding field;
 * a signature delta after an empty reasoning delta; usage only in `metadata`, AFTER messageStop
 * (so the stream ends at metadata, or at the end of the body after messageStop). Exception frames
 * (`:message-type` exception or error) end it with an `error` event, as do corrupt frames (either
 * CRC) and garbage: nothing throws out of the generator.
 * @see ../../../../../shared/protocols/bedrock-converse.md §5, §6
 */
import { BridgeError } from '../../errors.ts'
import { EventStreamDecoder, EventStreamError, stringHeader, type EventStreamMessage } from '../../framing/aws-event-stream.ts'
import type { FinishReason, StreamEvent } from '../../model/index.ts'
import { decodeUsage } from './convert-usage.ts'
import { bedrockError, exceptionName } from './decode-error.ts'
import { matchedStopSequence } from './decode-response.ts'
import { decodeStopReason } from './map-stop-reason.ts'
import { isObject, numberOrUndefined, stringOrUndefined, type JsonObject } from './read-json.ts'

type Block = { index: number; kind: 'text' | 'reasoning' | 'tool' | 'skip'; open: boolean; signature: string; hasArguments: boolean }

type State = { started: boolean; nextIndex: number; blocks: Map<number, Block>; finish?: FinishReason }

const utf8 = new TextDecoder()


function start(state: State, out: StreamEvent[]): void {
  if (state.started) return
  state.started = true
  out.push({ type: 'response-start', id: '', model: '' })
}

function open(state: State, wireIndex: number, kind: Block['kind']): Block {
  const block: Block = { index: kind === 'skip' ? -1 : state.nextIndex++, kind, open: kind !== 'skip', signature: '', hasArguments: false }
  state.blocks.set(wireIndex, block)
  return block
}

function blockStart(payload: JsonObject, state: State, out: StreamEvent[]): void {
  const wireIndex = numberOrUndefined(payload.contentBlockIndex)
  const use = isObject(payload.start) && isObject(payload.start.toolUse) ? payload.start.toolUse : undefined
  if (wireIndex === undefined || state.blocks.has(wireIndex)) return
  // Server-tool calls, tool results and images run or render at Bedrock: no canonical block.
  if (!use || use.type === 'server_tool_use') {
    open(state, wireIndex, 'skip')
    return
  }
  const block = open(state, wireIndex, 'tool')
  out.push({ type: 'tool-call-start', index: block.index, id: stringOrUndefined(use.toolUseId) ?? '', name: stringOrUndefined(use.name) ?? '' })
}

function blockDelta(payload: JsonObject, state: State, out: StreamEvent[]): void {
  const wireIndex = numberOrUndefined(payload.contentBlockIndex)
  const delta = isObject(payload.delta) ? payload.delta : {}
  if (wireIndex === undefined) return
  let block = state.blocks.get(wireIndex)
  const reasoning = isObject(delta.reasoningContent) ? delta.reasoningContent : undefined
  if (!block) {
    if (typeof delta.text === 'string') {
      block = open(state, wireIndex, 'text')
      out.push({ type: 'text-start', index: block.index })
    } else if (reasoning) {
      block = open(state, wireIndex, 'reasoning')
      const redacted = stringOrUndefined(reasoning.redactedContent)
      out.push(redacted === undefined ? { type: 'reasoning-start', index: block.index } : { type: 'reasoning-start', index: block.index, redactedData: redacted })
    } else if (isObject(delta.toolUse)) {
      block = open(state, wireIndex, 'tool')
      out.push({ type: 'tool-call-start', index: block.index, id: '', name: '' })
    } else return
  }
  if (!block.open) return
  const { index } = block
  if (block.kind === 'text' && typeof delta.text === 'string' && delta.text !== '') out.push({ type: 'text-delta', index, text: delta.text })
  else if (block.kind === 'reasoning' && reasoning) {
    const text = stringOrUndefined(reasoning.text)
    if (text) out.push({ type: 'reasoning-delta', index, text })
    // Emitted once at block stop, whole (the sealing stage wraps one signature per block).
    const signature = stringOrUndefined(reasoning.signature)
    if (signature) block.signature += signature
  } else if (block.kind === 'tool' && isObject(delta.toolUse)) {
    const input = stringOrUndefined(delta.toolUse.input)
    if (input) {
      block.hasArguments = true
      out.push({ type: 'tool-call-delta', index, argumentsDelta: input })
    }
  }
}

function stopBlock(block: Block, out: StreamEvent[]): void {
  if (!block.open) return
  block.open = false
  const { index } = block
  if (block.kind === 'text') out.push({ type: 'text-end', index })
  else if (block.kind === 'reasoning') {
    if (block.signature) out.push({ type: 'reasoning-signature', index, signature: block.signature })
    out.push({ type: 'reasoning-end', index })
  } else {
    // A no-argument call may stream no input at all: its arguments are {}.
    if (!block.hasArguments) out.push({ type: 'tool-call-delta', index, argumentsDelta: '{}' })
    out.push({ type: 'tool-call-end', index })
  }
}

function finish(state: State, out: StreamEvent[]): void {
  start(state, out)
  for (const block of state.blocks.values()) stopBlock(block, out)
  out.push({ type: 'response-end', finishReason: state.finish ?? decodeStopReason(undefined) })
}

/** One event frame → events; true when the stream is over. */
function decodeEvent(eventType: string | undefined, payload: JsonObject, state: State, out: StreamEvent[]): boolean {
  start(state, out)
  switch (eventType) {
    case 'contentBlockStart':
      blockStart(payload, state, out)
      return false
    case 'contentBlockDelta':
      blockDelta(payload, state, out)
      return false
    case 'contentBlockStop': {
      const block = state.blocks.get(numberOrUndefined(payload.contentBlockIndex) ?? -1)
      if (block) stopBlock(block, out)
      return false
    }
    case 'messageStop': {
      state.finish = decodeStopReason(payload.stopReason)
      const stopSequence = matchedStopSequence(payload.additionalModelResponseFields)
      if (stopSequence !== undefined) state.finish.stopSequence = stopSequence
      for (const block of state.blocks.values()) stopBlock(block, out)
      return false
    }
    case 'metadata':
      out.push({ type: 'usage', usage: decodeUsage(payload.usage) })
      if (state.finish === undefined) return false
      finish(state, out)
      return true
    default:
      return false // messageStart (handled by start) and event types added after this code was written
  }
}

/** One frame → events; true when the stream is over. */
function decodeMessage(message: EventStreamMessage, state: State, out: StreamEvent[]): boolean {
  const messageType = stringHeader(message, ':message-type')
  if (messageType === 'error') {
    const text = stringHeader(message, ':error-message') ?? 'The upstream stream failed'
    out.push({ type: 'error', error: bedrockError(exceptionName(stringHeader(message, ':error-code')), text, 200) })
    return true
  }
  let payload: unknown
  try {
    payload = message.payload.byteLength === 0 ? {} : JSON.parse(utf8.decode(message.payload))
  } catch {
    out.push({ type: 'error', error: BridgeError.brokenUpstreamStream('The upstream sent an event that is not JSON') })
    return true
  }
  const object = isObject(payload) ? payload : {}
  if (messageType === 'exception') {
    const name = stringHeader(message, ':exception-type')
    const text = stringOrUndefined(object.message) ?? stringOrUndefined(object.Message) ?? `Upstream ${name ?? 'exception'}`
    out.push({ type: 'error', error: bedrockError(exceptionName(name), text, 200) })
    return true
  }
  return decodeEvent(stringHeader(message, ':event-type'), object, state, out)
}

function failureOf(error: unknown): BridgeError {
  if (error instanceof BridgeError) return error
  return BridgeError.brokenUpstreamStream(error instanceof EventStreamError ? `The upstream sent a corrupt event-stream frame: ${error.message}` : 'The upstream stream failed')
}

/** The frames a chunk completes; a corrupt frame comes back as `failure`, after the good ones. */
function framesOf(frames: EventStreamDecoder, chunk: Uint8Array): { messages: EventStreamMessage[]; failure?: BridgeError } {
  try {
    return { messages: frames.push(chunk) }
  } catch (error) {
    return { messages: frames.takeCompleted(), failure: failureOf(error) }
  }
}

export async function* decodeBedrockStream(body: AsyncIterable<Uint8Array>): AsyncGenerator<StreamEvent[]> {
  const state: State = { started: false, nextIndex: 0, blocks: new Map() }
  const frames = new EventStreamDecoder()
  let out: StreamEvent[] = []
  try {
    for await (const chunk of body) {
      const { messages, failure } = framesOf(frames, chunk)
      for (const message of messages) {
        if (decodeMessage(message, state, out)) {
          yield out
          return
        }
      }
      if (failure !== undefined) {
        out.push({ type: 'error', error: failure })
        yield out
        return
      }
      if (out.length > 0) {
        yield out
        out = []
      }
    }
    frames.end()
  } catch (error) {
    out.push({ type: 'error', error: failureOf(error) })
    yield out
    return
  }
  // metadata is optional after messageStop; without messageStop the answer is cut short.
  if (state.finish !== undefined) finish(state, out)
  else out.push({ type: 'error', error: BridgeError.brokenUpstreamStream('The upstream stream ended before messageStop') })
  yield out
}
