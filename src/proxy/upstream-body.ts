/**
 * The upstream answer's body as every pipeline reads it: through readUpstreamBody, so the
 * first-byte and idle timeouts and the size bound hold for streamed and whole answers alike, and
 * the client's stream with the protocol's keepalive while the upstream is silent.
 */
import type { ProtocolCodec } from '../core/protocols/codec.ts'
import { readUpstreamBody, SseBoundary, withKeepalive } from '../proxy-guards/index.ts'
import type { PipelineContext } from './pipeline-context.ts'

export function readUpstream(context: PipelineContext, body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  return readUpstreamBody(body, {
    firstByteMs: context.timeouts.firstByteMs,
    idleMs: context.timeouts.idleMs,
    maxBytes: context.streams.maxUpstreamBytes,
  })
}

/** A whole (non-streamed) answer as text, within the same limits. */
export async function readUpstreamText(context: PipelineContext, response: Response): Promise<string> {
  if (response.body === null) return ''
  const decoder = new TextDecoder()
  let text = ''
  for await (const chunk of readUpstream(context, response.body)) text += decoder.decode(chunk, { stream: true })
  return text + decoder.decode()
}

/**
 * Keepalives for a client stream of `codec`'s protocol; none where it has no keepalive frame
 * (binary framings) or when turned off.
 * `boundary` is for passthrough bytes, whose chunks may end inside an event.
 */
export function withClientKeepalive<T extends string | Uint8Array>(
  context: PipelineContext,
  codec: ProtocolCodec,
  chunks: AsyncIterable<T>,
  boundary?: SseBoundary,
): AsyncIterable<T | string> {
  const keepalive = codec.stream.keepalive
  if (keepalive === undefined || context.streams.keepaliveMs <= 0) return chunks
  return withKeepalive<T | string>(chunks, {
    intervalMs: context.streams.keepaliveMs,
    keepalive,
    ...(boundary === undefined ? {} : { boundary }),
  })
}
