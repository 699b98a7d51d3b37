/**
 * A passthrough error answer (status ≥ 400) when the URL carries a key: upstreams echo the key in
 * their error bodies ("Incorrect API key provided: sk-…"), so the body is read (bounded, within the
 * body timeouts), redacted by exact value and sent whole with its new length. Error bodies are
 * small; streaming them byte for byte buys nothing.
 */
import { answerBytes } from './body-capture.ts'
import type { PipelineContext } from './pipeline-context.ts'
import { StreamRedactor } from './redact-stream.ts'
import type { RowFinish } from './request-log-draft.ts'
import { readUpstream } from './upstream-body.ts'

/** Far above any real error body; a hostile one is cut here instead of buffered without end. */
export const MAX_ERROR_BODY_BYTES = 256 * 1024

export async function relayRedactedError(context: PipelineContext, response: Response, headers: Headers, forms: readonly string[], finish: RowFinish): Promise<Response> {
  const body = response.body === null ? new Uint8Array(0) : await readRedacted(context, response.body, forms)
  return answerBytes(context, body, response.status, headers, finish)
}

async function readRedacted(context: PipelineContext, body: ReadableStream<Uint8Array>, forms: readonly string[]): Promise<Uint8Array> {
  const redactor = new StreamRedactor(forms)
  const parts: Uint8Array[] = []
  let received = 0
  let whole = false
  try {
    for await (const chunk of readUpstream(context, body)) {
      const room = MAX_ERROR_BODY_BYTES - received
      received += chunk.byteLength
      parts.push(redactor.push(chunk.byteLength > room ? chunk.subarray(0, room) : chunk))
      if (received >= MAX_ERROR_BODY_BYTES) break
    }
    whole = received < MAX_ERROR_BODY_BYTES
  } catch {
    // A stalled or dropped error body: the status and what arrived still tell the client why.
  }
  // Only a body that ended may release its held tail: in a cut one it could be a key's first half.
  if (whole) parts.push(redactor.flush())
  return Buffer.concat(parts)
}
