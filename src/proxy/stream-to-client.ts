/**
 * Wires a wire-chunk iterator to the client with the request log: first byte, bytes out, and the
 * one row recorded when the body finishes, breaks or the client leaves (status 499). A client
 * that stops reading for `clientStallMs` is dropped the same way (499, CLIENT_STALLED): a
 * pull-based stream would otherwise hold the upstream (and the model's bill) open forever.
 */
import type { ErrorCode } from '../core/errors.ts'
import { toBridgeError } from './error-response.ts'
import { BodyCapture } from './body-capture.ts'
import { dropStalledClient } from '../proxy-guards/index.ts'
import type { PipelineContext } from './pipeline-context.ts'
import { CLIENT_CLOSED_STATUS, type RowFinish } from './request-log-draft.ts'
import { toClientStream } from './to-client-stream.ts'

export const CLIENT_STALLED_CODE: ErrorCode = 'CLIENT_STALLED'

class ClientStalled extends Error {
  constructor(stallMs: number) {
    super(`The client read nothing for ${stallMs} ms; the stream was closed and the upstream released`)
    this.name = 'ClientStalled'
  }
}

export function streamToClient(
  context: PipelineContext,
  chunks: AsyncIterable<string | Uint8Array>,
  success: RowFinish,
): ReadableStream<Uint8Array> {
  const { draft } = context
  const stallMs = context.streams.clientStallMs
  const drop = new AbortController()
  const guarded = stallMs > 0 ? dropStalledClient(chunks, { stallMs, onStall: () => drop.abort(new ClientStalled(stallMs)) }) : chunks
  // --log-bodies only: the first bytes the client got, observed on the way (zero cost when off).
  const capture = context.logBodies ? new BodyCapture() : undefined
  return toClientStream(guarded, {
    onChunk(bytes) {
      draft.markFirstByte()
      draft.addBytesOut(bytes.byteLength)
      capture?.add(bytes)
    },
    onEnd(outcome, error) {
      if (capture !== undefined) draft.row.responseBody = capture.text()
      if (outcome === 'done') draft.finish(success)
      else if (outcome === 'cancel') {
        const stalled = error instanceof ClientStalled ? { errorCode: CLIENT_STALLED_CODE, errorMessage: error.message } : {}
        draft.finish({ ...success, status: CLIENT_CLOSED_STATUS, ...stalled })
      } else {
        const failure = toBridgeError(error)
        draft.finish({ ...success, errorCode: failure.code, errorMessage: failure.message })
      }
    },
    abortUpstream: () => context.abort.abort(),
    closeSignal: drop.signal,
  })
}
