/**
 * Translation re-encodes the upstream's error message for the client (the source codec's error
 * event or answer), so an upstream that echoes the key there would hand it over: every canonical
 * error passes here (translate-event-batches.ts through redact-events.ts), before the source
 * encoder and the log observer; skipped when the URL carries no key.
 */
import { BridgeError, type BridgeErrorInit } from '../core/errors.ts'
import { containsForm, redactForms } from './secret-forms.ts'

/** The same error with its message redacted; the very object when there is nothing to redact. */
export function redactBridgeError(error: BridgeError, forms: readonly string[]): BridgeError {
  if (!containsForm(error.message, forms)) return error
  const init: BridgeErrorInit = { kind: error.kind, code: error.code, status: error.status, message: redactForms(error.message, forms), retryable: error.retryable }
  if (error.upstreamStatus !== undefined) init.upstreamStatus = error.upstreamStatus
  if (error.retryAfterSeconds !== undefined) init.retryAfterSeconds = error.retryAfterSeconds
  return new BridgeError(init)
}
