/**
 * The generate-url API names a field by its body path ("target.baseUrl: expected …"); the form
 * shows each message beside its input instead, in the words of the form. Field ids are the form's
 * input ids; FIELD_ORDER is their order on screen, so the first invalid one can take the focus.
 */
export type FieldErrors = Record<string, string>

export const FIELD_ORDER = [
  'source-protocol',
  'provider',
  'target-protocol',
  'auth-type',
  'base-url',
  'auth-token',
  'auth-apiKey',
  'auth-apiVersion',
  'auth-deployment',
  'auth-accessKeyId',
  'auth-secretAccessKey',
  'auth-sessionToken',
  'auth-region',
  'force-model',
  'model-map',
  'endpoints-mode',
  'expiry',
  'label',
] as const

/** The first field, in screen order, that has a message. */
export function firstInvalidField(errors: FieldErrors): string | undefined {
  return FIELD_ORDER.find((field) => errors[field] !== undefined) ?? Object.keys(errors)[0]
}

/** Body path → form field; the auth object's members are auth-<name>. */
function fieldOfPath(path: string, authField: string): string | undefined {
  if (path === 'target.baseUrl') return 'base-url'
  if (path === 'target.provider') return 'provider'
  if (path === 'target.protocol') return 'target-protocol'
  if (path === 'target.auth.type') return 'auth-type'
  const auth = /^target\.auth\.([A-Za-z]+)$/.exec(path)
  if (auth !== null) return `auth-${auth[1] ?? ''}`
  if (path.startsWith('target.auth')) return authField
  if (path.startsWith('source')) return 'source-protocol'
  if (path === 'model.force') return 'force-model'
  if (path.startsWith('model')) return 'model-map'
  if (path.startsWith('endpoints')) return 'endpoints-mode'
  if (path.startsWith('expires')) return 'expiry'
  if (path === 'label') return 'label'
  return undefined
}

/** TypeBox's wording ("required, expected a non-empty string") → what a person would say. */
export function humanize(problem: string): string {
  const text = problem.trim()
  if (/^required\b/.test(text)) return 'This is required.'
  if (/^expected a non-empty string$/.test(text)) return 'Enter a value.'
  const choice = /^expected one of (.+)$/.exec(text)
  if (choice !== null) return `Choose one of: ${choice[1] ?? ''}.`
  if (text === 'unknown field') return 'This server does not accept this setting.'
  const sentence = text.charAt(0).toUpperCase() + text.slice(1)
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`
}

/**
 * A server error → the field it concerns and its message, or undefined when it concerns no one
 * field (then the form shows it in its banner). Egress refusals are about the upstream URL.
 */
export function serverFieldError(message: string, code: string | undefined, authField: string): FieldErrors | undefined {
  const match = /^([A-Za-z][\w.[\]"*-]*): (.+)$/s.exec(message)
  if (match !== null) {
    const field = fieldOfPath(match[1] ?? '', authField)
    if (field !== undefined) return { [field]: humanize(match[2] ?? '') }
  }
  if (code === 'EGRESS_DENIED' || code === 'UPSTREAM_UNREACHABLE' || /upstream (url|host)/i.test(message)) {
    return { 'base-url': humanize(message) }
  }
  return undefined
}
