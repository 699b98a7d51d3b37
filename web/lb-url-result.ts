import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { SHELLS, formatEnv, parseEnvBlock, type Shell } from './env-snippets.ts'
import { sharedStyles } from './shared-styles.ts'
import type { GenerateUrlResult } from './types.ts'
import './lb-copy-button.ts'
import './lb-upstream-models.ts'
import './lb-url-test.ts'

/** The minted proxy URL and the snippets to paste into a client. */
@customElement('lb-url-result')
export class LbUrlResult extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      section {
        background: var(--lb-surface);
        border: 1px solid var(--lb-border);
        border-left: 4px solid var(--lb-ok);
        border-radius: var(--lb-radius);
        box-shadow: var(--lb-shadow);
        padding: var(--lb-space-4);
      }
      h2 {
        font-size: 1.15rem;
        margin: 0 0 var(--lb-space-1);
      }
      h3 {
        font-size: 0.95rem;
        margin: 0;
      }
      .block {
        margin-top: var(--lb-space-4);
      }
      .block-head {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: var(--lb-space-2);
        margin-bottom: var(--lb-space-2);
      }
      .url {
        display: flex;
        gap: var(--lb-space-2);
        align-items: stretch;
      }
      .url output,
      pre {
        font-family: var(--lb-mono);
        font-size: 0.85rem;
        background: var(--lb-surface-2);
        border: 1px solid var(--lb-border);
        border-radius: var(--lb-radius-sm);
        padding: 0.6rem 0.75rem;
        margin: 0;
        overflow-wrap: anywhere;
      }
      .url output {
        flex: 1;
        display: block;
        min-width: 0;
      }
      pre {
        white-space: pre-wrap;
        word-break: break-all;
        max-height: 18rem;
        overflow: auto;
      }
      ul {
        margin: 0;
        padding-left: 1.2rem;
      }
      li + li {
        margin-top: var(--lb-space-1);
      }
      .secret-note {
        font-size: 0.85rem;
      }
      .shells {
        display: flex;
        flex-wrap: wrap;
        gap: var(--lb-space-1);
        margin-bottom: var(--lb-space-2);
      }
      .try lb-url-test {
        margin: var(--lb-space-2) 0 var(--lb-space-3);
      }
      .shells button[aria-pressed='true'] {
        border-color: var(--lb-accent);
        background: var(--lb-accent-soft);
      }
    `,
  ]

  @property({ attribute: false }) result: GenerateUrlResult | undefined
  /** The command the one-line form starts (claude, gemini…), from the chosen client protocol. */
  @property() clientCommand = 'your-client'

  @state() private _shell: Shell = 'posix'
  /** The upstream's models once listed (lb-upstream-models), offered as models to test. */
  @state() private _models: readonly string[] = []

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('result')) this._models = []
  }

  override render() {
    const result = this.result
    if (result === undefined) return nothing
    const { snippets } = result
    return html`<section aria-labelledby="result-heading">
      <h2 id="result-heading" tabindex="-1">Your proxy URL is ready</h2>
      <p class="muted secret-note">
        The URL carries your key, encrypted. Treat it like the key itself.
        ${result.tokenId === undefined ? nothing : html`Token id: <span class="mono">${result.tokenId}</span>.`}
      </p>
      <div class="url">
        <output class="proxy-url" aria-label="Proxy URL">${result.proxyUrl}</output>
        <lb-copy-button .value=${result.proxyUrl} label="Copy proxy URL"></lb-copy-button>
      </div>
      ${this._renderTry(result)} ${this._renderEnv(snippets.envBlock)}
      ${this._renderSnippet('Try it with curl', 'curl-example', snippets.curlExample)}
      ${snippets.notes.length === 0
        ? nothing
        : html`<div class="block">
            <h3>Notes</h3>
            <ul class="notes">
              ${snippets.notes.map((note) => html`<li>${note}</li>`)}
            </ul>
          </div>`}
    </section>`
  }

  /** Tries the URL from here: a chat request, and the upstream's model list for the mapping. */
  private _renderTry(result: GenerateUrlResult) {
    if (result.probe === undefined) return nothing
    return html`<div class="block try">
      <h3>Try it</h3>
      <lb-url-test .proxyUrl=${result.proxyUrl} .probe=${result.probe} .models=${this._models}></lb-url-test>
      <lb-upstream-models
        .proxyUrl=${result.proxyUrl}
        .probe=${result.probe}
        @upstream-models=${(event: CustomEvent<string[]>) => (this._models = event.detail)}
      ></lb-upstream-models>
    </div>`
  }

  /** The block per shell: exported, so a client started afterwards from that shell sees it. */
  private _renderEnv(block: string) {
    const vars = parseEnvBlock(block)
    if (vars === undefined) return this._renderSnippet('Environment', 'env-block', block)
    const text = formatEnv(this._shell, vars, this.clientCommand)
    const hint =
      this._shell === 'command'
        ? 'Starts the client once with these variables.'
        : 'Run in the shell you start the client from, then start it there.'
    return html`<div class="block">
      <div class="block-head">
        <h3>Environment</h3>
        <lb-copy-button .value=${text} label="Copy environment"></lb-copy-button>
      </div>
      <div class="shells" role="group" aria-label="Shell">
        ${SHELLS.map(
          (shell) => html`<button
            type="button"
            class=${`shell-${shell.id}`}
            aria-pressed=${this._shell === shell.id ? 'true' : 'false'}
            @click=${() => (this._shell = shell.id)}
          >
            ${shell.label}
          </button>`,
        )}
      </div>
      <pre class="env-block" data-shell=${this._shell}>${text}</pre>
      <p class="muted secret-note">${hint}</p>
    </div>`
  }

  private _renderSnippet(title: string, className: string, text: string) {
    if (text === '') return nothing
    return html`<div class="block">
      <div class="block-head">
        <h3>${title}</h3>
        <lb-copy-button .value=${text} label=${`Copy ${title.toLowerCase()}`}></lb-copy-button>
      </div>
      <pre class=${className}>${text}</pre>
    </div>`
  }

  /** Moves focus to the heading so keyboard and screen-reader users land on the result. */
  focusHeading(): void {
    this.renderRoot.querySelector<HTMLElement>('#result-heading')?.focus()
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-url-result': LbUrlResult
  }
}
