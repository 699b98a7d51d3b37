/**
 * Wires a wire-chunk iterator to the client with the request log: first byte, bytes out, and the
 * one row recorded when the body finishes, breaks or the client leaves (status 499).
 */
import { toBridgeError } from '../http/error-response.ts'
import type { PipelineContext } from './pipeline-context.ts'
import { CLIENT_CLOSED_STATUS, type RowFinish } from './request-log-draft.ts'
import { toClientStream } from './to-client-stream.ts'

export function streamToClient(
  context: PipelineContext,
  chunks: AsyncIterable<string | Uint8Array>,
  success: RowFinish,
): ReadableStream<Uint8Array> {
  const { draft } = context
  return toClientStream(chunks, {
    onChunk(byteLength) {
      draft.markFirstByte()
      draft.addBytesOut(byteLength)
    },
    onEnd(outcome, error) {
      if (outcome === 'done') draft.finish(success)
      else if (outcome === 'cancel') draft.finish({ ...success, status: CLIENT_CLOSED_STATUS })
      else {
        const failure = toBridgeError(error)
        draft.finish({ ...success, errorCode: failure.code, errorMessage: failure.message })
      }
    },
    abortUpstream: () => context.abort.abort(),
  })
}
