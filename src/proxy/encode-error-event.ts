/**
 * A protocol's in-stream error event on its own, for streams the bridge does not encode itself
 * (passthrough): the stream encoder given nothing but the error writes exactly that event, so
 * there is one rendering of a mid-stream error per protocol, not two.
 */
import type { BridgeError } from '../core/errors.ts'
import { WarningSink, type StreamEvent } from '../core/model/index.ts'
import type { ProtocolCodec } from '../core/protocols/codec.ts'

export async function encodeErrorEvent(codec: ProtocolCodec, error: BridgeError): Promise<string> {
  const decoder = new TextDecoder()
  let text = ''
  const context = { upstreamModel: '', clientModel: '', warnings: new WarningSink() }
  for await (const chunk of codec.encodeStream(only([{ type: 'error', error }]), context)) {
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
  }
  return text + decoder.decode()
}

async function* only(batch: StreamEvent[]): AsyncGenerator<StreamEvent[]> {
  yield batch
}
