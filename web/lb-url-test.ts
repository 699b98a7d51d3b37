import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { hintFor, type ProbeError } from './error-hints.ts'
import { runChatProbe } from './run-url-probe.ts'
import { sharedStyles } from './shared-styles.ts'
import type { UrlProbe } from './url-probe.ts'

type Phase = { kind: 'idle' } | { kind: 'running'; text: string } | { kind: 'done'; text: string } | { kind: 'failed'; error: ProbeError }

/** "Test this URL": one short chat request through the new URL, its answer shown as it streams. */
@customElement('lb-url-test')
export class LbUrlTest extends LitElement {
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
      .answer {
        display: block;
        font-family: var(--lb-mono);
        font-size: 0.85rem;
        background: var(--lb-surface-2);
        border: 1px solid var(--lb-border);
        border-radius: var(--lb-radius-sm);
        padding: 0.6rem 0.75rem;
        margin: var(--lb-space-2) 0 0;
        white-space: pre-wrap;
        min-height: 1.2rem;
      }
      .model-label {
        margin: 0 0 0 var(--lb-space-2);
        font-weight: 400;
      }
      .test-model {
        width: auto;
        flex: 1;
        min-width: 12rem;
        max-width: 22rem;
        font-family: var(--lb-mono);
        font-size: 0.85rem;
      }
      .how {
        font-size: 0.85rem;
        margin: var(--lb-space-1) 0 0;
      }
      .test-error {
        margin-top: var(--lb-space-2);
      }
      .test-error .code {
        font-family: var(--lb-mono);
        font-weight: 600;
      }
      .test-hint {
        margin: var(--lb-space-1) 0 0;
      }
    `,
  ]

  @property() proxyUrl = ''
  @property({ attribute: false }) probe: UrlProbe | undefined
  /** Upstream model names, once listed: suggestions for the model to try. */
  @property({ attribute: false }) models: readonly string[] = []

  @state() private _phase: Phase = { kind: 'idle' }
  /** The model to try; the probe's own (a name the client would send) until the user types another. */
  @state() private _model: string | undefined
  private _abort: AbortController | undefined

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this._abort?.abort()
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // A new URL: the previous answer belongs to the old one.
    if (changed.has('proxyUrl') && changed.get('proxyUrl') !== undefined) {
      this._abort?.abort()
      this._phase = { kind: 'idle' }
      this._model = undefined
    }
  }

  private async _run(): Promise<void> {
    const probe = this.probe
    if (probe === undefined) return
    this._abort?.abort()
    const abort = new AbortController()
    this._abort = abort
    this._phase = { kind: 'running', text: '' }
    try {
      const model = this._model ?? probe.chat.model
      const outcome = await runChatProbe(this.proxyUrl, probe, model, (text) => (this._phase = { kind: 'running', text }), abort.signal)
      if (abort.signal.aborted) return
      this._phase = outcome.ok ? { kind: 'done', text: outcome.text } : { kind: 'failed', error: outcome.error }
    } catch (cause) {
      if (abort.signal.aborted) return
      this._phase = { kind: 'failed', error: { status: 0, message: cause instanceof Error ? cause.message : String(cause) } }
    }
  }

  override render() {
    const probe = this.probe
    if (probe === undefined) return nothing
    const phase = this._phase
    const how = probe.chat.stream ? 'streamed' : 'answered whole'
    return html`<div class="head">
        <button type="button" class="test-url" ?disabled=${phase.kind === 'running'} @click=${this._run}>
          ${phase.kind === 'running' ? 'Testing…' : 'Test this URL'}
        </button>
        ${probe.chat.modelSlot === ''
          ? nothing
          : html`<label class="model-label" for="test-model">Model</label>
              <input
                id="test-model"
                class="test-model"
                autocomplete="off"
                spellcheck="false"
                list=${this.models.length === 0 ? nothing : 'test-models'}
                .value=${this._model ?? probe.chat.model}
                @input=${(event: Event) => (this._model = (event.target as HTMLInputElement).value)}
              />
              ${this.models.length === 0
                ? nothing
                : html`<datalist id="test-models">${this.models.map((id) => html`<option value=${id}></option>`)}</datalist>`}`}
      </div>
      <p class="muted how">One short chat request from this browser through the URL (${how}), naming the model as a client would.</p>
      ${phase.kind === 'running' || phase.kind === 'done'
        ? html`<output class="answer" aria-live="polite" aria-busy=${phase.kind === 'running' ? 'true' : 'false'}
            >${phase.text === '' && phase.kind === 'done' ? '(the answer held no text)' : phase.text}</output
          >`
        : nothing}
      ${phase.kind === 'failed' ? this._renderError(phase.error) : nothing}`
  }

  private _renderError(error: ProbeError) {
    const hint = hintFor(error)
    const status = error.status === 0 ? '' : `HTTP ${error.status}`
    const upstream = error.upstreamStatus === undefined ? '' : ` (upstream ${error.upstreamStatus})`
    return html`<div class="error-banner test-error" role="alert">
      <div>
        ${error.code === undefined ? nothing : html`<span class="code">${error.code}</span>`} ${status}${upstream}:
        <span class="message">${error.message}</span>
      </div>
      ${hint === undefined ? nothing : html`<p class="test-hint">${hint}</p>`}
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-url-test': LbUrlTest
  }
}
