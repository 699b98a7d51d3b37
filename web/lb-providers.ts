import { LitElement, css, html, nothing } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { getJson } from './api-client.ts'
import { ACTION_HINTS, ACTION_LABELS, parseEndpointPlans, planUrl, type EndpointPlans, type GroupPlan } from './endpoint-plan.ts'
import { sharedStyles } from './shared-styles.ts'
import { PROTOCOLS } from './types.ts'
import { PROTOCOL_NAMES, isProtocol, safeHttpUrl } from './url-form-choices.ts'

const MODES = [
  { id: 'auto', label: 'Auto (translate chat, pass the rest through)' },
  { id: 'translate', label: 'Translate only' },
  { id: 'passthrough', label: 'Pass through only' },
] as const

/**
 * The catalog as a support matrix: for one client protocol and endpoint mode, each provider (and
 * a custom endpoint of each protocol) against the client's endpoint groups, each cell what a URL
 * would do with that group (GET /api/plan, the router's own decision).
 */
@customElement('lb-providers')
export class LbProviders extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: grid;
        gap: var(--lb-space-4);
      }
      :host > * {
        min-width: 0;
      }
      .intro h2 {
        font-size: 1.4rem;
        margin: 0 0 var(--lb-space-1);
      }
      .intro p {
        margin: 0;
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: var(--lb-space-3);
        align-items: flex-end;
      }
      .toolbar div {
        min-width: 14rem;
      }
      .panel {
        background: var(--lb-surface);
        border: 1px solid var(--lb-border);
        border-radius: var(--lb-radius);
        box-shadow: var(--lb-shadow);
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.85rem;
      }
      th,
      td {
        padding: var(--lb-space-2) var(--lb-space-3);
        border-bottom: 1px solid var(--lb-border);
        text-align: left;
        white-space: nowrap;
      }
      thead th {
        font-family: var(--lb-mono);
        font-weight: 550;
        color: var(--lb-text-muted);
      }
      tbody th {
        font-weight: 550;
      }
      a {
        color: var(--lb-accent);
      }
      .protocol {
        display: block;
        color: var(--lb-text-muted);
        font-weight: 400;
        font-size: 0.78rem;
      }
      td span {
        border-radius: var(--lb-radius-sm);
        padding: 0.05rem 0.45rem;
        font-family: var(--lb-mono);
        font-size: 0.78rem;
        background: var(--lb-surface-2);
        color: var(--lb-text-muted);
      }
      td .translate,
      td .translate-embeddings,
      td .count-tokens-upstream,
      td .list-models-upstream,
      td .passthrough {
        background: var(--lb-ok-bg);
        color: var(--lb-ok);
      }
      td .count-tokens-locally,
      td .list-models-locally {
        background: var(--lb-accent-soft);
        color: var(--lb-accent);
      }
    `,
  ]

  @state() private _source: string = 'anthropic'
  @state() private _mode: string = 'auto'
  @state() private _plans: EndpointPlans | undefined
  @state() private _error = ''

  override connectedCallback(): void {
    super.connectedCallback()
    void this._load()
  }

  private async _load(): Promise<void> {
    const url = planUrl(this._source, this._mode)
    this._error = ''
    try {
      const plans = parseEndpointPlans(await getJson(url))
      if (url === planUrl(this._source, this._mode)) this._plans = plans
    } catch (error) {
      // An answer to a choice the user has since changed must not clear the newer one.
      if (url !== planUrl(this._source, this._mode)) return
      this._plans = undefined
      this._error = error instanceof Error ? error.message : 'The endpoint plan could not be loaded.'
    }
  }

  override render() {
    return html`<div class="intro">
        <h2>Providers</h2>
        <p class="muted">
          What a URL does with each endpoint of your client's protocol, per provider: translated, passed through,
          answered by the bridge itself, or refused with UNSUPPORTED_ENDPOINT (hover a cell for the reason).
        </p>
      </div>
      <div class="toolbar">
        <div>
          <label for="providers-source">Your client's protocol</label>
          <select id="providers-source" @change=${this._onSource}>
            ${PROTOCOLS.map((protocol) => html`<option value=${protocol} ?selected=${protocol === this._source}>${PROTOCOL_NAMES[protocol].name}</option>`)}
          </select>
        </div>
        <div>
          <label for="providers-mode">Endpoints</label>
          <select id="providers-mode" @change=${this._onMode}>
            ${MODES.map((mode) => html`<option value=${mode.id} ?selected=${mode.id === this._mode}>${mode.label}</option>`)}
          </select>
        </div>
      </div>
      ${this._error === '' ? nothing : html`<div class="error-banner" role="alert">${this._error}</div>`}
      ${this._plans === undefined ? nothing : this._renderMatrix(this._plans)}`
  }

  private _onSource(event: Event): void {
    const value = (event.target as HTMLSelectElement).value
    if (!isProtocol(value)) return
    this._source = value
    void this._load()
  }

  private _onMode(event: Event): void {
    this._mode = (event.target as HTMLSelectElement).value
    void this._load()
  }

  private _renderMatrix(plans: EndpointPlans) {
    return html`<div class="panel">
      <table aria-label="Endpoint support by provider">
        <thead>
          <tr>
            <th scope="col">Provider</th>
            ${plans.groups.map((group) => html`<th scope="col">${group}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${plans.providers.map((provider) => {
            const docs = safeHttpUrl(provider.docsUrl)
            const name = docs === undefined ? provider.name : html`<a href=${docs} target="_blank" rel="noopener noreferrer">${provider.name}</a>`
            return this._renderRow(provider.id, name, provider.protocol, plans.groups, provider.plan)
          })}
          ${plans.custom.map((entry) => this._renderRow(`custom-${entry.protocol}`, 'Custom endpoint', entry.protocol, plans.groups, entry.plan))}
        </tbody>
      </table>
    </div>`
  }

  private _renderRow(id: string, name: unknown, protocol: string, groups: string[], plan: GroupPlan[]) {
    const cells = new Map(plan.map((entry) => [entry.group, entry]))
    const protocolName = isProtocol(protocol) ? PROTOCOL_NAMES[protocol].name : protocol
    return html`<tr data-provider=${id}>
      <th scope="row">${name}<span class="protocol">${protocolName}</span></th>
      ${groups.map((group) => {
        const entry = cells.get(group)
        if (entry === undefined) return html`<td></td>`
        return html`<td data-group=${group}><span class=${entry.action} title=${entry.reason ?? ACTION_HINTS[entry.action]}>${ACTION_LABELS[entry.action]}</span></td>`
      })}
    </tr>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-providers': LbProviders
  }
}
