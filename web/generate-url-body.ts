/**
 * The POST /api/generate-url body from the New URL form's fields, or the errors to show beside
 * the fields (before anything is sent, so a person reads them in words, not the server's paths).
 */
import type { FieldErrors } from './field-errors.ts'
import type { Protocol } from './types.ts'

type Checked = { body: unknown } | { errors: FieldErrors }

export type UrlFormFields = {
  source: Protocol
  /** A catalog provider, or a custom upstream of this protocol. */
  target: { provider: string } | { protocol: Protocol }
  baseUrl: string
  auth: Checked
  model: Checked
  endpointsMode: 'auto' | 'translate' | 'passthrough'
  /** 0: never expires. */
  expiresInSeconds: number
  label: string
}

export function buildGenerateUrlBody(fields: UrlFormFields): { body: Record<string, unknown> } | { errors: FieldErrors } {
  const baseUrl = fields.baseUrl.trim()
  const { auth, model } = fields
  const errors: FieldErrors = {
    ...('protocol' in fields.target && baseUrl === '' ? { 'base-url': 'Enter the base URL of the upstream API.' } : {}),
    ...('errors' in auth ? auth.errors : {}),
    ...('errors' in model ? model.errors : {}),
  }
  if ('errors' in auth || 'errors' in model || Object.keys(errors).length > 0) return { errors }
  const target: Record<string, unknown> = { ...fields.target, auth: auth.body }
  if (baseUrl !== '') target.baseUrl = baseUrl
  const body: Record<string, unknown> = {
    version: 2,
    source: { protocol: fields.source },
    target,
    model: model.body,
    endpoints: { mode: fields.endpointsMode },
  }
  if (fields.expiresInSeconds > 0) body.expiresInSeconds = fields.expiresInSeconds
  if (fields.label.trim() !== '') body.label = fields.label.trim()
  return { body }
}
