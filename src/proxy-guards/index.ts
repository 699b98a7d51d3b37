/**
 * Stream stages the proxy inserts around the codecs. A translated stream, in order:
 *
 *   const { response } = await callUpstream({ ..., signal: AbortSignal.any([client, drain.expired]) })
 *   const bytes  = readUpstreamBody(response.body, { firstByteMs, idleMs, maxBytes })
 *   const events = withDrain(endWithErrorEvent(codec.decodeStream(bytes)), drain)
 *   const wire   = withKeepalive(sourceCodec.encodeStream(events, context), { intervalMs, keepalive })
 *   const out    = dropStalledClient(wire, { stallMs, onStall: abortUpstreamAndCloseClient })
 *   → pull-based ReadableStream (cancel → abort upstream)
 *
 * Passthrough: `withKeepalive(readUpstreamBody(...), ...)` with the keepalive left out for
 * binary framings; a non-streamed answer still goes through `readUpstreamBody` (size bound).
 */
export { createDrain, drainChunks, drainingError, shuttingDownError, withDrain, type Drain } from './drain.ts'
export { endSseWithErrorEvent } from './end-sse-with-error-event.ts'
export { SseBoundary } from './sse-boundary.ts'
export { endWithErrorEvent } from './end-with-error-event.ts'
export { DEFAULT_MAX_UPSTREAM_BYTES, readUpstreamBody, type UpstreamBodyLimits } from './read-upstream-body.ts'
export { keepaliveChunkFor, withKeepalive, type KeepaliveOptions } from './with-keepalive.ts'
export { within, TIMED_OUT } from './race-next.ts'
export { dropStalledClient, type StallGuardOptions } from './drop-stalled-client.ts'
