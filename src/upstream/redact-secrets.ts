/**
 * Removes known secrets from text that may reach a client or the log. Upstreams echo keys back
 * in their error bodies ("Incorrect API key provided: sk-…"), so every upstream message passes here.
 * By value (the bridge knows the key it sent; every spelling, proxy/secret-forms.ts) and by the
 * common key shapes.
 */
import { redactForms } from '../proxy/secret-forms.ts'

const KEY_SHAPES = /\b(sk|rk|pk|gsk|xai|key|AKIA|ASIA)[-_]?[A-Za-z0-9_\-*.]{12,}/g

/** `secrets`: secretForms of the key (every spelling and case), or plain key values. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  return redactForms(text, secrets).replace(KEY_SHAPES, '[redacted]')
}
