import { LitElement, css, html, nothing } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import { sharedStyles } from './shared-styles.ts'
import type { FieldErrors } from './field-errors.ts'
import type { AuthType } from './types.ts'

type Field = { key: string; label: string; secret: boolean; required: boolean; placeholder?: string }

const FIELDS: Record<AuthType, Field[]> = {
  bearer: [{ key: 'token', label: 'API key', secret: true, required: true }],
  'x-api-key': [{ key: 'token', label: 'API key', secret: true, required: true }],
  azure: [
    { key: 'apiKey', label: 'Azure API key', secret: true, required: true },
    { key: 'apiVersion', label: 'API version', secret: false, required: false, placeholder: '2024-10-21' },
    { key: 'deployment', label: 'Deployment', secret: false, required: false },
  ],
  aws: [
    { key: 'accessKeyId', label: 'Access key id', secret: false, required: true },
    { key: 'secretAccessKey', label: 'Secret access key', secret: true, required: true },
    { key: 'sessionToken', label: 'Session token', secret: true, required: false },
    { key: 'region', label: 'Region', secret: false, required: true, placeholder: 'us-east-1' },
  ],
  none: [],
}

/** "Access key id" → "access key id", but "API key" stays as written. */
function lowerFirst(label: string): string {
  return /^[A-Z][A-Z]/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1)
}

export function authFieldsFor(type: AuthType): readonly Field[] {
  return FIELDS[type]
}

/**
 * Builds the `auth` object of the body, or says which fields are missing (by input id). Secrets
 * stay in memory: they are sent once in the POST body and never written to the URL, storage or
 * the console.
 */
export function toAuthBody(
  type: AuthType,
  values: Record<string, string>,
): { body: Record<string, string> } | { errors: FieldErrors } {
  const body: Record<string, string> = { type }
  const errors: FieldErrors = {}
  for (const field of FIELDS[type]) {
    const value = (values[field.key] ?? '').trim()
    if (value === '' && field.required) errors[`auth-${field.key}`] = `Enter the ${lowerFirst(field.label)}.`
    if (value !== '') body[field.key] = value
  }
  return Object.keys(errors).length > 0 ? { errors } : { body }
}

/** Credential inputs for one auth type. Controlled: `values` down, `auth-changed` up. */
@customElement('lb-auth-fields')
export class LbAuthFields extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: grid;
        gap: var(--lb-space-3);
        grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
      }
      p {
        margin: 0;
      }
    `,
  ]

  @property() authType: AuthType = 'bearer'
  @property({ attribute: false }) values: Record<string, string> = {}
  /** Messages by input id (auth-<key>), shown beside their input. */
  @property({ attribute: false }) errors: FieldErrors = {}

  /** Moves the focus to one of this element's inputs; false when it has no such input. */
  focusField(id: string): boolean {
    const input = this.renderRoot.querySelector<HTMLInputElement>(`#${CSS.escape(id)}`)
    input?.focus()
    return input !== null
  }

  private _set(key: string, value: string): void {
    const detail = { ...this.values, [key]: value }
    this.dispatchEvent(new CustomEvent('auth-changed', { detail, bubbles: true, composed: true }))
  }

  override render() {
    const fields = FIELDS[this.authType]
    if (fields.length === 0) return html`<p class="muted">This provider needs no key.</p>`
    return fields.map((field) => {
      const id = `auth-${field.key}`
      const error = this.errors[id]
      return html`<div>
        <label for=${`auth-${field.key}`}>${field.label}${field.required ? '' : ' (optional)'}</label>
        <input
          id=${`auth-${field.key}`}
          name=${`auth-${field.key}`}
          type=${field.secret ? 'password' : 'text'}
          autocomplete=${field.secret ? 'new-password' : 'off'}
          spellcheck="false"
          aria-required=${field.required ? 'true' : 'false'}
          aria-invalid=${error === undefined ? 'false' : 'true'}
          aria-describedby=${error === undefined ? nothing : `${id}-error`}
          placeholder=${field.placeholder ?? ''}
          .value=${this.values[field.key] ?? ''}
          @input=${(event: Event) => this._set(field.key, (event.target as HTMLInputElement).value)}
        />
        ${error === undefined ? nothing : html`<p class="field-error" id=${`${id}-error`}>${error}</p>`}
      </div>`
    })
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-auth-fields': LbAuthFields
  }
}
