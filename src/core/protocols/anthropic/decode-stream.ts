/**
 * Anthropic SSE → canonical events. Survives every recorded quirk (test/fixtures/anthropic-messages):
 * ping anywhere; server-tool / mcp blocks skipped without breaking canonical indices; signature-only
 * thinking; redacted_thinking with data only in content_block_start; an empty input_json_delta
 * (tool args become '{}'); citations_delta ignored; message_delta usage overriding message_start;
 * OpenRouter's `event: data` / `[DONE]` after message_stop; `event: error` mid-stream.
 * Upstream garbage never throws out of the generator: it ends the stream with an `error` event.
 * @see ../../../../../shared/protocols/anthropic-messages.md §10
 */
import { BridgeError } from '../../errors.ts'
import { decodeSseBatches } from '../../framing/sse-decoder.ts'
import type { FinishReason, StreamEvent } from '../../model/index.ts'
import { mergeRawUsage, toCanonicalUsage, type RawAnthropicUsage } from './convert-usage.ts'
import { decodeAnthropicError } from './decode-error.ts'
import { decodeStopReason } from './map-stop-reason.ts'
import { isObject, numberOrUndefined, stringOrUndefined, type JsonObject } from '../read-json.ts'

type Block = { index: number; kind: 'text' | 'reasoning' | 'tool'; signature: string; hasArguments: boolean; open: boolean }

type State = {
  started: boolean
  nextIndex: number
  blocks: Map<number, Block>
  usage: RawAnthropicUsage
  finish?: FinishReason
}


function* startBlock(payload: JsonObject, state: State): Generator<StreamEvent> {
  const wireIndex = numberOrUndefined(payload.index)
  const block = isObject(payload.content_block) ? payload.content_block : {}
  if (wireIndex === undefined || state.blocks.has(wireIndex)) return
  const kind = block.type === 'text' ? 'text' : block.type === 'thinking' || block.type === 'redacted_thinking' ? 'reasoning' : block.type === 'tool_use' ? 'tool' : undefined
  // Server-tool, mcp and unknown blocks are not emitted, so they take no canonical index.
  if (kind === undefined) return
  const index = state.nextIndex++
  state.blocks.set(wireIndex, { index, kind, signature: stringOrUndefined(block.signature) ?? '', hasArguments: false, open: true })
  if (kind === 'text') {
    yield { type: 'text-start', index }
    const text = stringOrUndefined(block.text)
    if (text) yield { type: 'text-delta', index, text }
  } else if (kind === 'tool') {
    yield { type: 'tool-call-start', index, id: stringOrUndefined(block.id) ?? '', name: stringOrUndefined(block.name) ?? '' }
  } else if (block.type === 'redacted_thinking') {
    yield { type: 'reasoning-start', index, redactedData: stringOrUndefined(block.data) ?? '' }
  } else {
    yield { type: 'reasoning-start', index }
    const thinking = stringOrUndefined(block.thinking)
    if (thinking) yield { type: 'reasoning-delta', index, text: thinking }
  }
}

function* blockDelta(payload: JsonObject, state: State): Generator<StreamEvent> {
  const block = state.blocks.get(numberOrUndefined(payload.index) ?? -1)
  const delta = isObject(payload.delta) ? payload.delta : {}
  if (!block?.open) return
  const { index } = block
  if (delta.type === 'text_delta' && block.kind === 'text') {
    const text = stringOrUndefined(delta.text)
    if (text) yield { type: 'text-delta', index, text }
  } else if (delta.type === 'thinking_delta' && block.kind === 'reasoning') {
    const text = stringOrUndefined(delta.thinking)
    if (text) yield { type: 'reasoning-delta', index, text }
  } else if (delta.type === 'signature_delta' && block.kind === 'reasoning') {
    // Emitted once at block stop: the last non-empty value wins (anthropic-messages.md §10.2).
    const signature = stringOrUndefined(delta.signature)
    if (signature) block.signature = signature
  } else if (delta.type === 'input_json_delta' && block.kind === 'tool') {
    const json = stringOrUndefined(delta.partial_json)
    if (json) {
      block.hasArguments = true
      yield { type: 'tool-call-delta', index, argumentsDelta: json }
    }
  }
}

function* stopBlock(block: Block): Generator<StreamEvent> {
  if (!block.open) return
  block.open = false
  const { index } = block
  if (block.kind === 'text') yield { type: 'text-end', index }
  else if (block.kind === 'reasoning') {
    if (block.signature) yield { type: 'reasoning-signature', index, signature: block.signature }
    yield { type: 'reasoning-end', index }
  } else {
    // A no-argument tool sends only partial_json "" (anthropic-tool-no-args): the arguments are {}.
    if (!block.hasArguments) yield { type: 'tool-call-delta', index, argumentsDelta: '{}' }
    yield { type: 'tool-call-end', index }
  }
}

/** One payload → events; returns 'done' at the end of the message. */
function* decodePayload(payload: JsonObject, state: State): Generator<StreamEvent, 'done' | undefined> {
  switch (payload.type) {
    case 'message_start': {
      const message = isObject(payload.message) ? payload.message : {}
      if (state.started) return undefined
      state.started = true
      state.usage = mergeRawUsage(state.usage, message.usage)
      const usage = toCanonicalUsage(state.usage)
      // On response-start too, so an encoder can put input tokens in its first frame at once.
      yield { type: 'response-start', id: stringOrUndefined(message.id) ?? '', model: stringOrUndefined(message.model) ?? '', usage }
      yield { type: 'usage', usage }
      return undefined
    }
    case 'content_block_start':
      yield* startBlock(payload, state)
      return undefined
    case 'content_block_delta':
      yield* blockDelta(payload, state)
      return undefined
    case 'content_block_stop': {
      const block = state.blocks.get(numberOrUndefined(payload.index) ?? -1)
      if (block) yield* stopBlock(block)
      return undefined
    }
    case 'message_delta': {
      const delta = isObject(payload.delta) ? payload.delta : {}
      if (delta.stop_reason !== undefined && delta.stop_reason !== null) state.finish = decodeStopReason(delta.stop_reason, delta.stop_sequence)
      state.usage = mergeRawUsage(state.usage, payload.usage)
      return undefined
    }
    case 'message_stop':
      for (const block of state.blocks.values()) yield* stopBlock(block)
      yield { type: 'usage', usage: toCanonicalUsage(state.usage) }
      yield { type: 'response-end', finishReason: state.finish ?? decodeStopReason(undefined, undefined) }
      return 'done'
    case 'error': {
      const error = isObject(payload.error) ? payload.error : {}
      yield { type: 'error', error: decodeAnthropicError(200, { type: 'error', error }, new Headers()) }
      return 'done'
    }
    default:
      return undefined // ping and event types added after this code was written
  }
}

/**
 * One array of events per upstream body chunk (never empty): the proxy's translated hot path
 * handles a batch in one async step and writes it to the client as one chunk.
 */
export async function* decodeAnthropicStream(body: AsyncIterable<Uint8Array>): AsyncGenerator<StreamEvent[]> {
  const state: State = { started: false, nextIndex: 0, blocks: new Map(), usage: {} }
  let out: StreamEvent[] = []
  const take = (last?: StreamEvent): StreamEvent[] => {
    const events = out
    if (last !== undefined) events.push(last)
    out = []
    return events
  }
  try {
    for await (const batch of decodeSseBatches(body)) {
      for (const sse of batch) {
        if (sse.data === '[DONE]') continue
        let payload: unknown
        try {
          payload = JSON.parse(sse.data)
        } catch {
          yield take({ type: 'error', error: BridgeError.brokenUpstreamStream('The upstream sent an invalid JSON event') })
          return
        }
        if (!isObject(payload)) continue
        if (payload.type === undefined && sse.event !== undefined) payload.type = sse.event
        const events = decodePayload(payload, state)
        let step = events.next()
        for (; step.done !== true; step = events.next()) out.push(step.value)
        if (step.value === 'done') {
          yield take()
          return
        }
      }
      if (out.length > 0) yield take()
    }
  } catch (error) {
    yield take({ type: 'error', error: error instanceof BridgeError ? error : BridgeError.brokenUpstreamStream('The upstream stream failed') })
    return
  }
  yield take({ type: 'error', error: BridgeError.brokenUpstreamStream('The upstream stream ended before message_stop') })
}
