/**
 * Stream stages the proxy inserts around the codecs. A translated stream (src/proxy): the
 * upstream body through `readUpstreamBody` (first-byte and idle timers, size bound), decoded one
 * batch per chunk, then the guard, redaction, reasoning seal, drain and log observer as one loop
 * per batch (translate-event-batches.ts), the source encoder, `withKeepalive`, `dropStalledClient`,
 * and a pull-based ReadableStream whose cancel aborts the request's one AbortController.
 *
 * Passthrough: `withKeepalive(readUpstreamBody(...), ...)` at SSE event boundaries, with the
 * keepalive left out for binary framings; a non-streamed answer is read whole under the same limits.
 */
export { createDrain, drainChunks, drainingError, shuttingDownError, type Drain } from './drain.ts'
export { endWithErrorEvent, type StreamBoundary } from './end-with-error-event.ts'
export { EventStreamBoundary } from './event-stream-boundary.ts'
export { SseBoundary } from './sse-boundary.ts'
export { DEFAULT_MAX_UPSTREAM_BYTES, readUpstreamBody, type UpstreamBodyLimits } from './read-upstream-body.ts'
export { withKeepalive, type KeepaliveOptions } from './with-keepalive.ts'
export { within, TIMED_OUT } from './race-next.ts'
export { SignalRace, SIGNALLED } from './signal-race.ts'
export { dropStalledClient, type StallGuardOptions } from './drop-stalled-client.ts'
