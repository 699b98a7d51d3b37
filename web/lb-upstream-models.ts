import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { hintFor, type ProbeError } from './error-hints.ts'
import { listUpstreamModels } from './run-url-probe.ts'
import { sharedStyles } from './shared-styles.ts'
import type { UrlProbe } from './url-probe.ts'

type Phase =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'listed'; ids: string[] }
  | { kind: 'failed'; error: ProbeError }

/**
 * The upstream's models, read through the new URL's own models endpoint. The list goes up as
 * `upstream-models` so the model mapping's upstream fields offer the names; an upstream without
 * a list (or a URL that answers model lists itself) says so and the fields stay free text.
 */
@customElement('lb-upstream-models')
export class LbUpstreamModels extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .head {
        display: flex;
        align-items: center;
        gap: var(--lb-space-2);
        flex-wrap: wrap;
      }
      ul {
        columns: 16rem auto;
        margin: var(--lb-space-2) 0 0;
        padding-left: 1.1rem;
        max-height: 14rem;
        overflow: auto;
        font-family: var(--lb-mono);
        font-size: 0.82rem;
      }
      .models-note {
        font-size: 0.85rem;
        margin: var(--lb-space-2) 0 0;
      }
    `,
  ]

  @property() proxyUrl = ''
  @property({ attribute: false }) probe: UrlProbe | undefined

  @state() private _phase: Phase = { kind: 'idle' }
  private _abort: AbortController | undefined

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this._abort?.abort()
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('proxyUrl') && changed.get('proxyUrl') !== undefined) {
      this._abort?.abort()
      this._phase = { kind: 'idle' }
    }
  }

  private async _list(): Promise<void> {
    const probe = this.probe
    if (probe === undefined) return
    this._abort?.abort()
    const abort = new AbortController()
    this._abort = abort
    this._phase = { kind: 'loading' }
    try {
      const outcome = await listUpstreamModels(this.proxyUrl, probe, abort.signal)
      if (abort.signal.aborted) return
      this._phase = outcome.ok ? { kind: 'listed', ids: outcome.ids } : { kind: 'failed', error: outcome.error }
      if (outcome.ok) {
        this.dispatchEvent(new CustomEvent<string[]>('upstream-models', { detail: outcome.ids, bubbles: true, composed: true }))
      }
    } catch (cause) {
      if (abort.signal.aborted) return
      this._phase = { kind: 'failed', error: { status: 0, message: cause instanceof Error ? cause.message : String(cause) } }
    }
  }

  override render() {
    const probe = this.probe
    if (probe === undefined) return nothing
    if (probe.models === undefined) {
      return html`<p class="muted models-note models-unavailable">${probe.modelsUnavailable ?? 'No model list for this URL.'}</p>`
    }
    const phase = this._phase
    return html`<div class="head">
        <button type="button" class="list-models" ?disabled=${phase.kind === 'loading'} @click=${this._list}>
          ${phase.kind === 'loading' ? 'Listing…' : 'List upstream models'}
        </button>
        <span class="muted">Read through this URL (GET /${probe.models.path}).</span>
      </div>
      ${this._renderPhase(phase)}`
  }

  private _renderPhase(phase: Phase) {
    if (phase.kind === 'listed') {
      if (phase.ids.length === 0) return html`<p class="muted models-note">The upstream lists no models: type the upstream names.</p>`
      return html`<p class="muted models-note">
          ${phase.ids.length} models. The upstream model fields above now offer them: pick the names, then generate the URL
          again.
        </p>
        <ul class="upstream-models">
          ${phase.ids.map((id) => html`<li>${id}</li>`)}
        </ul>`
    }
    if (phase.kind === 'failed') {
      const error = phase.error
      const hint = hintFor(error)
      return html`<p class="muted models-note models-failed" role="status">
        The upstream gave no model list${error.status === 0 ? '' : ` (HTTP ${error.status})`}: ${error.message.replace(/\.$/, '')}.
        ${hint ?? 'Type the upstream names instead.'}
      </p>`
    }
    return nothing
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-upstream-models': LbUpstreamModels
  }
}
