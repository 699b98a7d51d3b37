/**
 * The spellings in which an upstream can echo the key it was sent, and the matcher that finds them
 * (core/secret-matcher.ts): as sent, JSON-escaped, URL-encoded, base64/base64url, in any letter
 * case, and cut short to 8+ characters of its secret part. Redacting by value needs all of them;
 * by pattern alone a shape-less key would slip through.
 */
import { matcherFor, MIN_SECRET_LENGTH, spellings, type SecretMatcher } from '../core/secret-matcher.ts'

/** The keys each forms list was made from: the matcher needs them (secret part, case folding). */
const secretsOf = new WeakMap<readonly string[], readonly string[]>()

/**
 * Distinct literal spellings, longest first; empty when there is no key (callers then skip their
 * redaction stage). The list stands for its keys: pass it to the functions below.
 */
export function secretForms(secrets: readonly string[]): string[] {
  const kept = secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH)
  const forms = [...new Set(kept.flatMap(spellings))].sort((a, b) => b.length - a.length)
  secretsOf.set(forms, kept)
  return forms
}

/** The matcher for a forms list (a plain list of strings counts as a list of keys). */
export function matcherOf(forms: readonly string[], bytes = false): SecretMatcher {
  return matcherFor(secretsOf.get(forms) ?? forms, bytes)
}

export const REDACTED_MARK = '[redacted]'

/** Text with every match replaced; unchanged (same string) when none occurs. */
export function redactForms(text: string, forms: readonly string[]): string {
  return forms.length === 0 ? text : matcherOf(forms).redact(text, REDACTED_MARK)
}

export function containsForm(text: string, forms: readonly string[]): boolean {
  return forms.length > 0 && matcherOf(forms).contains(text)
}
