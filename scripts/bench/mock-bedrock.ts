/**
 * Bedrock Converse answers for the bench mock (test/pair-matrix/mocks/bedrock.ts): Converse JSON,
 * and ConverseStream as AWS event-stream frames: messageStart, `events` text deltas (no start
 * event for a text block), contentBlockStop, messageStop, then usage in metadata, each payload
 * with Bedrock's `p` padding field. The SigV4 signature the bridge adds is not checked here.
 * @see ../../../shared/protocols/bedrock-converse.md §2.1, §4
 */
import { encodeEventStreamMessage } from '../../src/core/framing/aws-event-stream.ts'
import { text, type Knobs } from './mock-knobs.ts'

const encoder = new TextEncoder()

export function bedrockJson(knobs: Knobs): unknown {
  const outputTokens = Math.ceil(knobs.responseBytes / 4)
  return {
    output: { message: { role: 'assistant', content: [{ text: text(knobs.responseBytes) }] } },
    stopReason: 'end_turn',
    usage: { inputTokens: 12, outputTokens, totalTokens: 12 + outputTokens },
    metrics: { latencyMs: 100 },
  }
}

function frame(eventType: string, payload: Record<string, unknown>, index: number): Uint8Array {
  const p = 'abcdefghijklmnopqrstuvwxyz'.slice(0, 1 + (index % 26))
  return encodeEventStreamMessage({ ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' }, encoder.encode(JSON.stringify({ ...payload, p })))
}

export function* bedrockFrames(knobs: Knobs): Generator<Uint8Array> {
  let index = 0
  yield frame('messageStart', { role: 'assistant' }, index++)
  const delta = text(knobs.deltaChars)
  for (let i = 0; i < knobs.events; i++) yield frame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: delta } }, index++)
  yield frame('contentBlockStop', { contentBlockIndex: 0 }, index++)
  yield frame('messageStop', { stopReason: 'end_turn' }, index++)
  yield frame('metadata', { usage: { inputTokens: 12, outputTokens: knobs.events, totalTokens: 12 + knobs.events }, metrics: { latencyMs: 100 } }, index++)
}

/**
 * The whole burst as one body, kept until the knobs change: the frames' two CRC-32 sums each would
 * otherwise make the mock, not the bridge, the limit of Bedrock-target routes.
 */
let burst: { key: string; body: Uint8Array<ArrayBuffer> } | undefined
export function bedrockBurst(knobs: Knobs): Uint8Array<ArrayBuffer> {
  const key = `${knobs.events}/${knobs.deltaChars}`
  if (burst?.key === key) return burst.body
  const frames = [...bedrockFrames(knobs)]
  const body = new Uint8Array(frames.reduce((sum, f) => sum + f.byteLength, 0))
  let at = 0
  for (const f of frames) {
    body.set(f, at)
    at += f.byteLength
  }
  burst = { key, body }
  return body
}
