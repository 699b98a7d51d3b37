/**
 * The upstream response body as bytes, with the limits a hostile or stalled upstream needs:
 * first-byte and idle timeouts, a bound on the total size after decompression, and read errors
 * (connection dropped, reset) turned into a BridgeError. Reads through a reader rather than the
 * body's async iterator so that a timeout can cancel a read still in flight (which closes the
 * upstream connection). Pull-based: nothing is read before the consumer asks (backpressure).
 *
 * Where: between callUpstream's `response.body` and `codec.decodeStream` (translation) or the
 * bytes forwarded to the client (passthrough), for streamed and non-streamed answers alike.
 */
import { BridgeError } from '../core/errors.ts'
import { describeFetchFailure } from '../upstream/fetch-attempt.ts'
import { firstByteTimeoutError, idleTimeoutError, realSleep, type Sleep } from '../upstream/timeouts.ts'
import { TIMED_OUT, within } from './race-next.ts'
import { StreamDeadline } from './stream-deadline.ts'

export type UpstreamBodyLimits = {
  /** Longest wait for the first byte after the headers (0 = none). */
  firstByteMs: number
  /** Longest silence between two chunks (0 = none). */
  idleMs: number
  /** Upper bound of the whole body after decompression (0 = none). */
  maxBytes: number
  sleep?: Sleep
}

/** Upstream answers larger than this are cut: far above any real completion, far below RAM. */
export const DEFAULT_MAX_UPSTREAM_BYTES = 256 * 1024 * 1024

export async function* readUpstreamBody(body: ReadableStream<Uint8Array>, limits: UpstreamBodyLimits): AsyncGenerator<Uint8Array> {
  if (limits.sleep !== undefined && limits.sleep !== realSleep) return yield* readWithSleep(body, limits, limits.sleep)
  const reader = body.getReader()
  // Real time: one timer for the stream, re-armed per read. When it expires it cancels the
  // reader, which ends the pending read (done) and closes the upstream connection.
  let expired = false
  const deadline = new StreamDeadline(() => {
    expired = true
    reader.cancel().catch(() => {})
  })
  let received = 0
  let first = true
  try {
    while (true) {
      const limitMs = first ? limits.firstByteMs : limits.idleMs
      deadline.arm(limitMs)
      let result: Awaited<ReturnType<typeof reader.read>>
      try {
        result = await reader.read()
      } catch (error) {
        if (expired) throw timeoutError(first, limitMs)
        throw droppedError(error)
      } finally {
        deadline.disarm()
      }
      if (expired) throw timeoutError(first, limitMs)
      if (result.done) return
      first = false
      received += result.value.byteLength
      if (limits.maxBytes > 0 && received > limits.maxBytes) throw tooLargeError(limits.maxBytes)
      yield result.value
    }
  } finally {
    deadline.stop()
    // Every way out (timeout, bound, client gone via return()) closes the upstream connection.
    reader.cancel().catch(() => {})
  }
}

function timeoutError(first: boolean, limitMs: number): BridgeError {
  return first ? firstByteTimeoutError(limitMs, 'body') : idleTimeoutError(limitMs)
}

/** Injected time (tests): the same limits through `within`, one race per read. */
async function* readWithSleep(body: ReadableStream<Uint8Array>, limits: UpstreamBodyLimits, sleep: Sleep): AsyncGenerator<Uint8Array> {
  const reader = body.getReader()
  let received = 0
  let first = true
  try {
    while (true) {
      const limitMs = first ? limits.firstByteMs : limits.idleMs
      const result = await within(reader.read(), limitMs, sleep).catch((error: unknown) => {
        throw droppedError(error)
      })
      if (result === TIMED_OUT) throw timeoutError(first, limitMs)
      if (result.done) return
      first = false
      received += result.value.byteLength
      if (limits.maxBytes > 0 && received > limits.maxBytes) throw tooLargeError(limits.maxBytes)
      yield result.value
    }
  } finally {
    reader.cancel().catch(() => {})
  }
}

function droppedError(error: unknown): BridgeError {
  if (error instanceof BridgeError) return error
  return new BridgeError({
    kind: 'upstream',
    code: 'UPSTREAM_ERROR',
    status: 502,
    message: `The upstream connection dropped mid-answer (${describeFetchFailure(error)})`,
  })
}

function tooLargeError(maxBytes: number): BridgeError {
  return new BridgeError({
    kind: 'upstream',
    code: 'UPSTREAM_ERROR',
    status: 502,
    message: `The upstream answer exceeded ${maxBytes} bytes`,
  })
}
