/**
 * Canonical event batches → ConverseStream frames (AWS event stream), one Uint8Array per batch,
 * for the AWS SDKs. Bedrock's grammar: messageStart; per block contentBlockDelta(s) then
 * contentBlockStop, with a contentBlockStart only for tool use; messageStop; then metadata with
 * usage. Every event carries its contentBlockIndex, so interleaved canonical blocks (parallel
 * tool calls) need no buffering. An error becomes an exception frame (`:message-type`
 * exception), which the SDK raises as its typed exception.
 * @see ../../../../../shared/protocols/bedrock-converse.md §5, §6
 */
import type { BridgeError } from '../../errors.ts'
import { concatBytes } from '../../concat-bytes.ts'
import { encodeEventStreamMessage } from '../../framing/aws-event-stream.ts'
import type { StreamEvent, StreamEventHandlers, Usage } from '../../model/index.ts'
import { mergeUsage } from '../../model/index.ts'
import type { EncodeContext } from '../codec.ts'
import { encodeUsage } from './convert-usage.ts'
import { sanitizeToolId } from './encode-content.ts'
import { bedrockErrorMessage, streamExceptionOf } from './encode-error.ts'
import { encodeStopReason } from './map-stop-reason.ts'
import { toWireRedactedContent } from './redacted-content.ts'

type Block = { wireIndex: number; kind: 'text' | 'reasoning' | 'tool'; sentDelta: boolean; signature: string; open: boolean }

type State = { started: boolean; nextWireIndex: number; blocks: Map<number, Block>; usage?: Usage; hadToolCalls: boolean }

const encoder = new TextEncoder()

function eventFrame(eventType: string, payload: Record<string, unknown>): Uint8Array {
  return encodeEventStreamMessage(
    { ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' },
    encoder.encode(JSON.stringify(payload)),
  )
}

function deltaFrame(block: Block, delta: Record<string, unknown>): Uint8Array {
  block.sentDelta = true
  return eventFrame('contentBlockDelta', { contentBlockIndex: block.wireIndex, delta })
}

function messageStart(state: State): Uint8Array[] {
  if (state.started) return []
  state.started = true
  return [eventFrame('messageStart', { role: 'assistant' })]
}

function begin(state: State, index: number, kind: Block['kind']): Block {
  const block: Block = { wireIndex: state.nextWireIndex++, kind, sentDelta: false, signature: '', open: true }
  state.blocks.set(index, block)
  return block
}

function delta(state: State, index: number, kind: Block['kind'], payload: Record<string, unknown>): Uint8Array[] {
  const block = state.blocks.get(index)
  return block?.open && block.kind === kind ? [deltaFrame(block, payload)] : []
}

/** Closes a block; a block that sent nothing gets an empty delta first, so its index exists for the client. */
function close(block: Block | undefined): Uint8Array[] {
  if (!block?.open) return []
  block.open = false
  const frames: Uint8Array[] = []
  if (block.kind === 'reasoning' && block.signature !== '') frames.push(deltaFrame(block, { reasoningContent: { signature: block.signature } }))
  // A tool call with no arguments streams "{}": an empty input is not JSON to the SDKs' parsers.
  if (block.kind === 'tool' && !block.sentDelta) frames.push(deltaFrame(block, { toolUse: { input: '{}' } }))
  if (block.kind === 'text' && !block.sentDelta) frames.push(deltaFrame(block, { text: '' }))
  if (block.kind === 'reasoning' && !block.sentDelta) frames.push(deltaFrame(block, { reasoningContent: { text: '' } }))
  frames.push(eventFrame('contentBlockStop', { contentBlockIndex: block.wireIndex }))
  return frames
}

const handlers: StreamEventHandlers<State, Uint8Array[]> = {
  'response-start': (event, state) => {
    if (event.usage) state.usage = mergeUsage(state.usage, event.usage)
    return messageStart(state)
  },
  usage: (event, state) => {
    state.usage = mergeUsage(state.usage, event.usage)
    return []
  },
  // Text and reasoning blocks have no contentBlockStart: their first delta opens them.
  'text-start': (event, state) => {
    begin(state, event.index, 'text')
    return messageStart(state)
  },
  'text-delta': (event, state) => (event.text === '' ? [] : delta(state, event.index, 'text', { text: event.text })),
  'text-end': (event, state) => close(state.blocks.get(event.index)),
  'reasoning-start': (event, state) => {
    const block = begin(state, event.index, 'reasoning')
    const frames = messageStart(state)
    if (event.redactedData !== undefined) frames.push(deltaFrame(block, { reasoningContent: { redactedContent: toWireRedactedContent(event.redactedData) } }))
    return frames
  },
  'reasoning-delta': (event, state) => (event.text === '' ? [] : delta(state, event.index, 'reasoning', { reasoningContent: { text: event.text } })),
  'reasoning-signature': (event, state) => {
    const block = state.blocks.get(event.index)
    if (block?.kind === 'reasoning') block.signature += event.signature
    return []
  },
  'reasoning-end': (event, state) => close(state.blocks.get(event.index)),
  'tool-call-start': (event, state) => {
    state.hadToolCalls = true
    const block = begin(state, event.index, 'tool')
    const start = { toolUse: { toolUseId: sanitizeToolId(event.id), name: event.name } }
    return [...messageStart(state), eventFrame('contentBlockStart', { contentBlockIndex: block.wireIndex, start })]
  },
  'tool-call-delta': (event, state) => (event.argumentsDelta === '' ? [] : delta(state, event.index, 'tool', { toolUse: { input: event.argumentsDelta } })),
  'tool-call-end': (event, state) => close(state.blocks.get(event.index)),
  error: (event) => [exceptionFrame(event.error)],
  'response-end': (event, state) => {
    const frames = messageStart(state)
    for (const block of state.blocks.values()) frames.push(...close(block))
    const stop: Record<string, unknown> = { stopReason: encodeStopReason(event.finishReason, state.hadToolCalls) }
    if (event.finishReason.stopSequence !== undefined) stop.additionalModelResponseFields = { delta: { stop_sequence: event.finishReason.stopSequence } }
    frames.push(eventFrame('messageStop', stop))
    // Usage comes after messageStop, as Bedrock sends it; latency is not measured by the bridge.
    frames.push(eventFrame('metadata', { usage: encodeUsage(state.usage), metrics: { latencyMs: 0 } }))
    return frames
  },
}

/** An in-stream error as Bedrock sends one: an exception frame the SDK raises as its typed exception. */
export function exceptionFrame(error: BridgeError): Uint8Array {
  return encodeEventStreamMessage(
    { ':exception-type': streamExceptionOf(error), ':content-type': 'application/json', ':message-type': 'exception' },
    encoder.encode(JSON.stringify({ message: bedrockErrorMessage(error) })),
  )
}

function dispatch(event: StreamEvent, state: State): Uint8Array[] {
  return (handlers[event.type] as (event: StreamEvent, state: State) => Uint8Array[])(event, state)
}

export async function* encodeBedrockStream(batches: AsyncIterable<readonly StreamEvent[]>, _context: EncodeContext): AsyncGenerator<Uint8Array> {
  const state: State = { started: false, nextWireIndex: 0, blocks: new Map(), hadToolCalls: false }
  for await (const batch of batches) {
    const frames: Uint8Array[] = []
    let ended = false
    for (const event of batch) {
      frames.push(...dispatch(event, state))
      if (event.type === 'error' || event.type === 'response-end') {
        ended = true
        break
      }
    }
    if (frames.length > 0) yield concatBytes(frames)
    if (ended) return
  }
}
