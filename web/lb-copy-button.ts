import { LitElement, css, html } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { sharedStyles } from './shared-styles.ts'

/**
 * Copies `value` to the clipboard. The Clipboard API needs a secure context; a console opened over
 * plain http on a LAN address is not one, so a hidden-textarea fallback covers it.
 */
@customElement('lb-copy-button')
export class LbCopyButton extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: inline-block;
      }
      button {
        min-width: 5.5rem;
        font-size: 0.875rem;
        padding: 0.3rem 0.7rem;
        min-height: 2rem;
      }
      .lb-copy-scratch {
        position: absolute;
        left: -9999px;
        width: 1px;
        height: 1px;
      }
      button.copied {
        border-color: var(--lb-ok);
        color: var(--lb-ok);
      }
    `,
  ]

  @property() value = ''
  /** What is copied, for screen readers: "Copy proxy URL". */
  @property() label = 'Copy'

  @state() private _copied = false
  private _timer: ReturnType<typeof setTimeout> | undefined

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this._timer)
  }

  private async _copy(): Promise<void> {
    const copied = (await this._writeClipboard()) || this._copyWithTextarea()
    if (!copied) return
    this._copied = true
    clearTimeout(this._timer)
    this._timer = setTimeout(() => (this._copied = false), 1600)
    this.dispatchEvent(new CustomEvent('value-copied', { bubbles: true, composed: true }))
  }

  private async _writeClipboard(): Promise<boolean> {
    try {
      if (!window.isSecureContext || navigator.clipboard === undefined) return false
      await navigator.clipboard.writeText(this.value)
      return true
    } catch {
      return false
    }
  }

  private _copyWithTextarea(): boolean {
    const area = document.createElement('textarea')
    area.value = this.value
    area.setAttribute('readonly', '')
    area.className = 'lb-copy-scratch'
    this.renderRoot.appendChild(area)
    area.select()
    let copied = false
    try {
      copied = document.execCommand('copy')
    } catch {
      copied = false
    }
    area.remove()
    return copied
  }

  override render() {
    return html`<button
      type="button"
      class=${this._copied ? 'copied' : ''}
      aria-label=${this.label}
      @click=${this._copy}
    >
      ${this._copied ? 'Copied ✓' : 'Copy'}
    </button>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-copy-button': LbCopyButton
  }
}
