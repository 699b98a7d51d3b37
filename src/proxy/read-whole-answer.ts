/**
 * A non-streamed upstream answer (JSON) read whole, for an answer sent to the client in one piece:
 * no JS ReadableStream between the upstream and the client, which cost about a fifth of the
 * bridge's CPU per JSON request (bench profile). The body limits still hold: the first-byte
 * deadline runs until the body is in (one timer), the size bound is checked before reading when
 * the length is declared and while reading otherwise, and the drain window or a client that
 * leaves aborts the read through the upstream signal.
 */
import { concatBytes } from '../core/concat-bytes.ts'
import { BridgeError } from '../core/errors.ts'
import { firstByteTimeoutError } from '../upstream/timeouts.ts'
import type { PipelineContext } from './pipeline-context.ts'
import { readUpstream } from './upstream-body.ts'

export async function readWholeAnswer(context: PipelineContext, response: Response): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array(0)
  const maxBytes = context.streams.maxUpstreamBytes
  const declared = Number(response.headers.get('content-length') ?? NaN)
  // A declared length is the decompressed size only without a content-encoding: then one native
  // read, else the bounded chunk reader (a small gzip body may inflate past the bound).
  const plain = (response.headers.get('content-encoding') ?? 'identity').toLowerCase() === 'identity'
  if (plain && Number.isFinite(declared)) {
    if (maxBytes > 0 && declared > maxBytes) {
      await response.body.cancel().catch(() => {})
      throw tooLargeError(maxBytes)
    }
    return readDeclared(context, response)
  }
  const parts: Uint8Array[] = []
  for await (const chunk of readUpstream(context, response.body)) parts.push(chunk)
  return concatBytes(parts)
}

async function readDeclared(context: PipelineContext, response: Response): Promise<Uint8Array> {
  const ms = context.timeouts.firstByteMs
  // Aborting the upstream signal rejects the pending read with that reason (the timeout error).
  const timer = ms > 0 && Number.isFinite(ms) ? setTimeout(() => context.abort.abort(firstByteTimeoutError(ms, 'body')), ms) : undefined
  try {
    return new Uint8Array(await response.arrayBuffer())
  } catch (error) {
    const reason: unknown = context.abort.signal.reason
    if (context.abort.signal.aborted && reason instanceof BridgeError) throw reason
    if (error instanceof BridgeError) throw error
    throw new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message: 'The upstream connection dropped mid-answer' })
  } finally {
    clearTimeout(timer)
  }
}

function tooLargeError(maxBytes: number): BridgeError {
  return new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message: `The upstream answer exceeded ${maxBytes} bytes` })
}
