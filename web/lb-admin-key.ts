import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, query, state } from 'lit/decorators.js'
import { sharedStyles } from './shared-styles.ts'

/** Asks for the admin key after a 401. The key goes up in `key-saved`; the app keeps it in sessionStorage. */
@customElement('lb-admin-key')
export class LbAdminKey extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      form {
        background: var(--lb-surface);
        border: 1px solid var(--lb-border);
        border-left: 4px solid var(--lb-warn);
        border-radius: var(--lb-radius);
        box-shadow: var(--lb-shadow);
        padding: var(--lb-space-3) var(--lb-space-4);
      }
      h2 {
        font-size: 1.05rem;
        margin: 0 0 var(--lb-space-1);
      }
      p {
        margin: 0 0 var(--lb-space-3);
      }
      .row {
        display: flex;
        gap: var(--lb-space-2);
      }
      .row input {
        flex: 1;
      }
    `,
  ]

  /** The key last entered was answered with 401: say so rather than asking again in silence. */
  @property({ type: Boolean }) refused = false

  @state() private _value = ''
  @query('input') private _input!: HTMLInputElement | null

  override firstUpdated(): void {
    this._input?.focus()
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault()
    const key = this._value.trim()
    if (key === '') return
    this._value = ''
    this.dispatchEvent(new CustomEvent<string>('key-saved', { detail: key, bubbles: true, composed: true }))
  }

  override render() {
    return html`<form @submit=${this._onSubmit} aria-labelledby="admin-key-heading" autocomplete="off">
      <h2 id="admin-key-heading">Admin key required</h2>
      ${this.refused
        ? html`<div class="error-banner key-refused" role="alert">
            The server refused that admin key. Check it against the file
            <span class="mono">&lt;data-dir&gt;/admin.key</span> on the server's machine (the directory given by
            --data-dir, ./data by default).
          </div>`
        : nothing}
      <p class="muted">
        This server listens beyond localhost, so the request log needs the admin key it printed at first start and
        stored in <span class="mono">&lt;data-dir&gt;/admin.key</span>. The key stays in this browser tab only.
      </p>
      <label for="admin-key">Admin key</label>
      <div class="row">
        <input
          id="admin-key"
          type="password"
          autocomplete="off"
          spellcheck="false"
          .value=${this._value}
          @input=${(event: Event) => (this._value = (event.target as HTMLInputElement).value)}
        />
        <button type="submit" class="primary">Unlock</button>
      </div>
    </form>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-admin-key': LbAdminKey
  }
}
