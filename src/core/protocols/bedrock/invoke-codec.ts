/**
 * The codec that serves an InvokeModel route whose body is another protocol's (Claude Code's
 * Bedrock mode: Anthropic Messages): that protocol's codec reads the body once the Bedrock fields
 * are off (`anthropic_version`; the model and streaming come from the path), and writes the
 * answer, non-streamed as its own JSON (InvokeModel returns the model's native body), streamed in
 * AWS event-stream `chunk` frames around its events. Errors stay Bedrock's, as InvokeModel's are.
 * @see ../../../../../shared/protocols/bedrock-converse.md §1, §6
 */
import type { ProtocolCodec } from '../codec.ts'
import { encodeBedrockError } from './encode-error.ts'
import { encodeInvokeStream, EVENT_STREAM_CONTENT_TYPE, invokeBodyToMessages } from './invoke-model.ts'

export function wrapInvokeCodec(inner: ProtocolCodec): ProtocolCodec {
  const { wrapBodyCodec: _nested, ...rest } = inner
  return {
    ...rest,
    decodeRequest: (body, route, warnings) => inner.decodeRequest(invokeBodyToMessages(body, route), route, warnings),
    encodeStream: (batches, context) => encodeInvokeStream(inner.encodeStream(batches, context)),
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
