/**
 * Removes known secrets from text that may reach a client or the log. Upstreams echo keys back
 * in their error bodies ("Incorrect API key provided: sk-…"), so every upstream message passes here.
 * By exact value (the bridge knows the key it sent) and by the common key shapes.
 */
const KEY_SHAPES = /\b(sk|rk|pk|gsk|xai|key|AKIA|ASIA)[-_]?[A-Za-z0-9_\-*.]{12,}/g

export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let redacted = text
  // Longest first, so a secret containing a shorter one is removed whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 4) redacted = redacted.split(secret).join('[redacted]')
  }
  return redacted.replace(KEY_SHAPES, '[redacted]')
}
