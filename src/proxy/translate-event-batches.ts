/**
 * Every stage a translated stream passes between the target's decoder and the source's encoder,
 * fused into one loop over batches (the events of one upstream body chunk), in this order:
 * - guard: an exception in a decoder or a broken body becomes one canonical `error` event, a
 *   stream that stops without a terminal event gets one, nothing passes after the terminal event;
 * - redact: what the upstream says is re-encoded for the client (text, reasoning and tool-argument
 *   deltas, error messages), never with the key in it: per block only the tail that may begin the
 *   key is held back (redact-events.ts);
 * - seal: opaque reasoning tokens of another protocol's upstream go out inside the bridge's
 *   envelope (core/reasoning), so the next request can restore them;
 * - drain: counted in flight until the stream ends; the end of the drain window cuts it with an
 *   error event;
 * - observe: usage and in-stream errors reach the log row.
 * As separate async generators these were ~8 async steps per event with the codecs, most of the
 * bridge's CPU per translated SSE event (bench profile); here a batch costs one.
 */
import { BridgeError } from '../core/errors.ts'
import type { ProtocolId, StreamEvent, Usage } from '../core/model/index.ts'
import { observeEvent } from './observe-events.ts'
import { ReasoningSealer } from '../core/reasoning/index.ts'
import { shuttingDownError, SignalRace, SIGNALLED } from '../proxy-guards/index.ts'
import type { PipelineContext } from './pipeline-context.ts'
import { redactBridgeError } from './redact-error-events.ts'
import { EventRedactor } from './redact-events.ts'

/** `sealOrigin`: the upstream protocol whose reasoning tokens are sealed; undefined for none. */
export type BatchStages = { context: PipelineContext; sealOrigin: ProtocolId | undefined }

export async function* translateEventBatches(batches: AsyncIterable<StreamEvent[]>, stages: BatchStages): AsyncGenerator<StreamEvent[]> {
  const { context } = stages
  const { drain, draft } = context
  const forms = context.secretForms
  const sealer = stages.sealOrigin === undefined ? undefined : new ReasoningSealer(context.reasoningKey, stages.sealOrigin)
  let usage: Usage | undefined
  /** Observes one event and applies the terminal rule; true once the stream is over. */
  const emit = (event: StreamEvent, out: StreamEvent[]): boolean => {
    usage = observeEvent(event, draft, usage)
    out.push(event)
    return event.type === 'response-end' || event.type === 'error'
  }
  const errorEvent = (error: BridgeError): StreamEvent => ({ type: 'error', error: forms.length > 0 ? redactBridgeError(error, forms) : error })
  // Redact: the key echoed in text, tool arguments or an error message (held only across a split).
  const redactor = forms.length > 0 ? new EventRedactor(forms) : undefined
  const redacted: StreamEvent[] = []

  // Counted in flight until the stream ends; the window's end cuts it with an error event.
  const leave = drain.enter()
  const expiry = new SignalRace(drain.expired)
  const iterator = batches[Symbol.asyncIterator]()
  try {
    while (true) {
      let result: IteratorResult<StreamEvent[]> | typeof SIGNALLED
      try {
        result = await expiry.next(iterator.next())
      } catch (error) {
        // The client is gone (nobody to tell), or the source broke: one error event.
        // A read cut by the end of the drain window ends as withDrain would have ended it.
        if (context.abort.signal.aborted && !drain.expired.aborted) throw error
        const out: StreamEvent[] = []
        emit(drain.expired.aborted ? { type: 'error', error: shuttingDownError() } : errorEvent(asStreamError(error)), out)
        yield out
        return
      }
      if (result === SIGNALLED) {
        const out: StreamEvent[] = []
        emit({ type: 'error', error: shuttingDownError() }, out)
        yield out
        return
      }
      if (result.done) {
        const out: StreamEvent[] = []
        emit({ type: 'error', error: new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, message: 'The upstream stream ended before the response was complete' }) }, out)
        yield out
        return
      }
      const out: StreamEvent[] = []
      let ended = false
      let events = result.value
      if (redactor !== undefined) {
        redacted.length = 0
        for (const raw of result.value) redactor.push(raw, redacted)
        events = redacted
      }
      if (sealer !== undefined && events.some(needsSealer)) events = await sealer.sealBatch(events)
      for (const event of events) {
        if ((ended = emit(event, out))) break
      }
      if (out.length > 0) yield out
      if (ended) return
    }
  } finally {
    leave()
    expiry.dispose()
    // Do not wait for a pending next(): the upstream is released through its own signal.
    void Promise.resolve(iterator.return?.()).catch(() => {})
  }
}

/** Reasoning events, and tool calls carrying their upstream's token. */
function needsSealer(event: StreamEvent): boolean {
  return ReasoningSealer.touches(event) || (event.type === 'tool-call-end' && event.signature !== undefined)
}

function asStreamError(error: unknown): BridgeError {
  if (error instanceof BridgeError) return error
  // Only decoders run inside this guard, on upstream bytes: a body that breaks off (connection
  // reset) or garbage that trips a decoder is an upstream failure. The text is never echoed.
  return new BridgeError({ kind: 'upstream', code: 'UPSTREAM_ERROR', status: 502, retryable: true, message: 'The upstream stream broke off' })
}
