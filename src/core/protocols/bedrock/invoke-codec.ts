/**
 * The codec that serves an InvokeModel route whose body is another protocol's (Claude Code's
 * Bedrock mode: Anthropic Messages): that protocol's codec reads the body once the Bedrock fields
 * are off (`anthropic_version`; the model and streaming come from the path), and writes the
 * answer, non-streamed as its own JSON (InvokeModel returns the model's native body), streamed in
 * AWS event-stream `chunk` frames around its events. Errors stay Bedrock's, as InvokeModel's are:
 * HTTP errors with x-amzn-errortype, and in a stream an exception frame.
 * @see ../../../../../shared/protocols/bedrock-converse.md §1, §5.1, §6
 */
import type { BridgeError } from '../../errors.ts'
import type { StreamEvent } from '../../model/index.ts'
import type { EncodeContext, ProtocolCodec } from '../codec.ts'
import { encodeBedrockError } from './encode-error.ts'
import { exceptionFrame } from './encode-stream.ts'
import { encodeInvokeStream, EVENT_STREAM_CONTENT_TYPE, invokeBodyToMessages } from './invoke-model.ts'

export function wrapInvokeCodec(inner: ProtocolCodec): ProtocolCodec {
  const { wrapBodyCodec: _nested, ...rest } = inner
  return {
    ...rest,
    decodeRequest: (body, route, warnings) => inner.decodeRequest(invokeBodyToMessages(body, route), route, warnings),
    encodeStream: (batches, context) => encodeInvokeAnswer(inner, batches, context),
    stream: {
      contentType: EVENT_STREAM_CONTENT_TYPE,
      framing: 'aws-event-stream',
      isStreamedAnswer: (contentType) => contentType.toLowerCase().startsWith(EVENT_STREAM_CONTENT_TYPE),
      // No frame a client ignores; the inner grammar check reads SSE, which this stream is not.
      keepalive: undefined,
    },
    encodeError: encodeBedrockError,
  }
}

/** The inner codec's events in chunk frames; an error ends the stream as Bedrock's exception frame instead. */
async function* encodeInvokeAnswer(inner: ProtocolCodec, batches: AsyncIterable<readonly StreamEvent[]>, context: EncodeContext): AsyncGenerator<Uint8Array> {
  const failure: { error?: BridgeError } = {}
  yield* encodeInvokeStream(inner.encodeStream(untilError(batches, failure), context))
  if (failure.error !== undefined) yield exceptionFrame(failure.error)
}

async function* untilError(batches: AsyncIterable<readonly StreamEvent[]>, failure: { error?: BridgeError }): AsyncGenerator<readonly StreamEvent[]> {
  for await (const batch of batches) {
    const at = batch.findIndex((event) => event.type === 'error')
    if (at === -1) {
      yield batch
      continue
    }
    const event = batch[at]
    if (event?.type === 'error') failure.error = event.error
    if (at > 0) yield batch.slice(0, at)
    return
  }
}
