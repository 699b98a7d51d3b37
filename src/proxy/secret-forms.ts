/**
 * The spellings in which an upstream can echo the key it was sent: as sent, JSON-escaped (inside
 * a JSON error message) and URL-encoded (inside a quoted request URL). Redacting by exact value
 * needs all of them; by pattern alone a shape-less key would slip through.
 */

/** Shorter values would redact ordinary words (and no real key is this short). */
const MIN_SECRET_LENGTH = 4

/** Distinct forms, longest first (so a form containing a shorter one is replaced whole). */
export function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>()
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue
    forms.add(secret)
    forms.add(JSON.stringify(secret).slice(1, -1))
    forms.add(encodeURIComponent(secret))
  }
  return [...forms].sort((a, b) => b.length - a.length)
}

export const REDACTED_MARK = '[redacted]'

/** Text with every form replaced; unchanged (same string) when none occurs. */
export function redactForms(text: string, forms: readonly string[]): string {
  let clean = text
  for (const form of forms) if (clean.includes(form)) clean = clean.split(form).join(REDACTED_MARK)
  return clean
}

export function containsForm(text: string, forms: readonly string[]): boolean {
  return forms.some((form) => text.includes(form))
}
