/**
 * Scrubs secrets from free text before it reaches the log: by value in every spelling (the bridge
 * knows the upstream key of each request; core/secret-matcher.ts) and by pattern (keys it does not
 * know, echoed by an upstream or pasted by a user). Runs in the writer, off the request path but on the same core, so the
 * common case (a path or user agent with nothing secret-shaped in it) must cost one scan.
 */
import { matcherFor } from '../core/secret-matcher.ts'

export const REDACTED = '[REDACTED]'

/** Shorter values would redact ordinary words. */
const MIN_SECRET_LENGTH = 8

/** Exported for the test that holds the fast path to the full pass. */
export const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // OpenAI / Anthropic / OpenRouter style keys: sk-..., sk-ant-..., sk-proj-...
  [/\bsk-[A-Za-z0-9_-]{6,}/g, REDACTED],
  // Our own URL tokens.
  [/\blb1_[A-Za-z0-9_-]{8,}/g, REDACTED],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
  // AWS access key ids and SigV4 credentials/signatures.
  [/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED],
  [/(Signature=)[0-9a-f]{64}/g, `$1${REDACTED}`],
  // Google API keys (Gemini's ?key=).
  [/\bAIza[0-9A-Za-z_-]{30,}/g, REDACTED],
  // Named secrets in headers, JSON, query strings: x-api-key: v, "api_key": "v", ?key=v ...
  [
    /((?:x-api-key|api[_-]?key|x-goog-api-key|authorization|secret[_-]?access[_-]?key|secretAccessKey|session[_-]?token|sessionToken|access[_-]?token|admin[_-]?key|[?&]key)["']?\s*[:=]\s*["']?)([^"'\s&,}]{4,})/gi,
    `$1${REDACTED}`,
  ],
]

/**
 * Every pattern above needs one of these literals to match (the named-secret alternatives all
 * contain "key", "token" or "authorization"), so text without any of them is left as it is by
 * every pattern. Case-insensitive throughout: a superset of the case-sensitive patterns, never
 * less. Keep it in step with PATTERNS (test/log/redaction.test.ts checks each pattern's samples).
 */
const MAY_HOLD_SECRET = /sk-|lb1_|bearer|basic|akia|asia|signature=|aiza|key|token|authorization/i

export function redactText(text: string, secrets: readonly string[] = []): string {
  // By value, in every spelling (case, JSON/URL/base64, cut-short prefix): core/secret-matcher.ts.
  const kept = secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH)
  let result = kept.length === 0 ? text : matcherFor(kept).redact(text, REDACTED)
  if (!MAY_HOLD_SECRET.test(result)) return result
  for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement)
  return result
}

/** Bodies are stored capped; the pre-cut bounds the regex work for a 20 MiB body. */
export function redactBody(body: string, secrets: readonly string[], capChars: number): string {
  const precut = body.length > capChars * 4 ? body.slice(0, capChars * 4) : body
  const redacted = redactText(precut, secrets)
  if (redacted.length <= capChars && precut.length === body.length) return redacted
  return `${redacted.slice(0, capChars)}…[truncated, ${body.length} chars in total]`
}
