/**
 * InvokeModel with Claude (Claude Code's Bedrock mode, CLIENTS.md): the body is Anthropic
 * Messages with `anthropic_version` and without `model` or `stream` (the path says both); the
 * non-streaming answer is an Anthropic message; the streaming answer is an AWS event stream of
 * `chunk` events, each `{"bytes": base64(one Anthropic stream event's JSON)}`. These helpers let
 * the Anthropic codec serve such a route (RouteMatch.bodyProtocol 'anthropic').
 * @see ../../../../../shared/protocols/bedrock-converse.md §1, §6
 */
import { concatBytes } from '../../concat-bytes.ts'
import { encodeEventStreamMessage } from '../../framing/aws-event-stream.ts'
import { SseFrameSplitter } from '../../stream/grammar-check.ts'
import type { RouteMatch } from '../codec.ts'
import { isObject } from './read-json.ts'

export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream'

/** An InvokeModel body → the Anthropic Messages body it stands for. Non-objects pass unchanged. */
export function invokeBodyToMessages(body: unknown, route: RouteMatch): unknown {
  if (!isObject(body)) return body
  const { anthropic_version: _version, ...messages } = body
  return { ...messages, model: route.pathModel ?? messages.model, stream: route.pathStream === true }
}

function base64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

const encoder = new TextEncoder()

function chunkFrame(data: string): Uint8Array {
  const payload = JSON.stringify({ bytes: base64(encoder.encode(data)) })
  return encodeEventStreamMessage({ ':event-type': 'chunk', ':content-type': 'application/json', ':message-type': 'event' }, encoder.encode(payload))
}

/** Anthropic SSE (the Anthropic codec's stream output) → InvokeModelWithResponseStream frames. */
export async function* encodeInvokeStream(sse: AsyncIterable<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  const splitter = new SseFrameSplitter()
  const decoder = new TextDecoder()
  for await (const chunk of sse) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    const frames = splitter.push(text).map((frame) => chunkFrame(frame.data))
    if (frames.length > 0) yield concatBytes(frames)
  }
}
