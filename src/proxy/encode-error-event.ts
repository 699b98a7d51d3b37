/**
 * A protocol's in-stream error event on its own, for streams the bridge does not encode itself
 * (passthrough): the stream encoder given nothing but the error writes exactly that event (SSE
 * text, or a binary frame), so there is one rendering of a mid-stream error per protocol, not two.
 */
import { concatBytes } from '../core/concat-bytes.ts'
import type { BridgeError } from '../core/errors.ts'
import { WarningSink, type StreamEvent } from '../core/model/index.ts'
import type { ProtocolCodec } from '../core/protocols/codec.ts'

export async function encodeErrorEvent(codec: ProtocolCodec, error: BridgeError): Promise<Uint8Array> {
  const encoder = new TextEncoder()
  const parts: Uint8Array[] = []
  const context = { upstreamModel: '', clientModel: '', warnings: new WarningSink() }
  for await (const chunk of codec.encodeStream(only([{ type: 'error', error }]), context)) {
    parts.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk)
  }
  return concatBytes(parts)
}

async function* only(batch: StreamEvent[]): AsyncGenerator<StreamEvent[]> {
  yield batch
}
