import { LitElement, css, html, nothing } from 'lit'
import { customElement, query, state } from 'lit/decorators.js'
import { ApiError, getJson, postJson } from './api-client.ts'
import { toAuthBody } from './lb-auth-fields.ts'
import { emptyModelDraft, toModelBody, type ModelDraft } from './model-policy.ts'
import { sharedStyles } from './shared-styles.ts'
import { formStyles } from './url-form-styles.ts'
import {
  AUTH_TYPES,
  PROTOCOLS,
  parseCatalog,
  parseGenerateUrlResult,
  type AuthType,
  type CatalogProvider,
  type GenerateUrlResult,
  type Protocol,
} from './types.ts'
import type { LbUrlResult } from './lb-url-result.ts'
import './lb-auth-fields.ts'
import './lb-model-map.ts'
import './lb-url-result.ts'

const PROTOCOL_NAMES: Record<Protocol, { name: string; clients: string }> = {
  anthropic: { name: 'Anthropic Messages', clients: 'Claude Code, Anthropic SDKs' },
  openai: { name: 'OpenAI Chat Completions', clients: 'OpenAI SDKs and most tools' },
  'openai-responses': { name: 'OpenAI Responses', clients: 'Codex CLI, Responses API' },
  gemini: { name: 'Gemini', clients: 'Gemini CLI, Google GenAI SDK' },
  bedrock: { name: 'Bedrock Converse', clients: 'AWS SDK' },
}

const EXPIRY_CHOICES: { seconds: number; label: string }[] = [
  { seconds: 0, label: 'Never' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86_400, label: '1 day' },
  { seconds: 7 * 86_400, label: '7 days' },
  { seconds: 30 * 86_400, label: '30 days' },
  { seconds: 90 * 86_400, label: '90 days' },
]

const CUSTOM_PROVIDER = ''

function isProtocol(value: string): value is Protocol {
  return (PROTOCOLS as readonly string[]).includes(value)
}

function isAuthType(value: string): value is AuthType {
  return (AUTH_TYPES as readonly string[]).includes(value)
}

/** Only http(s) links from the catalog become anchors; anything else is shown as text. */
function safeHttpUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined
  } catch {
    return undefined
  }
}

/** The "New URL" view: what the client speaks, where it goes, the key and the model policy. */
@customElement('lb-url-form')
export class LbUrlForm extends LitElement {
  static override styles = [sharedStyles, formStyles]

  @state() private _providers: CatalogProvider[] = []
  @state() private _catalogError = ''
  @state() private _sourceProtocol: Protocol = 'anthropic'
  @state() private _providerId = CUSTOM_PROVIDER
  @state() private _customProtocol: Protocol = 'openai'
  @state() private _customAuthType: AuthType = 'bearer'
  @state() private _baseUrl = ''
  @state() private _auth: Record<string, string> = {}
  @state() private _model: ModelDraft = emptyModelDraft(true)
  @state() private _endpointsMode: 'auto' | 'translate' | 'passthrough' = 'auto'
  @state() private _expiresInSeconds = 0
  @state() private _label = ''
  @state() private _submitting = false
  @state() private _error = ''
  @state() private _result: GenerateUrlResult | undefined

  @query('lb-url-result') private _resultElement!: LbUrlResult | null

  override connectedCallback(): void {
    super.connectedCallback()
    void this._loadCatalog()
  }

  private async _loadCatalog(): Promise<void> {
    try {
      this._providers = parseCatalog(await getJson('/api/catalog'))
      this._catalogError = ''
      const first = this._providers[0]
      if (this._providerId === CUSTOM_PROVIDER && first !== undefined) this._providerId = first.id
    } catch (error) {
      this._catalogError = error instanceof Error ? error.message : 'The provider catalog could not be loaded.'
    }
  }

  private get _provider(): CatalogProvider | undefined {
    return this._providers.find((provider) => provider.id === this._providerId)
  }

  private get _targetProtocol(): Protocol {
    return this._provider?.protocol ?? this._customProtocol
  }

  private get _authType(): AuthType {
    return this._provider?.authType ?? this._customAuthType
  }

  private _onSourceChanged(event: Event): void {
    const value = (event.target as HTMLSelectElement).value
    if (!isProtocol(value)) return
    this._sourceProtocol = value
    this._model = { ...this._model, stripClientSuffix: value === 'anthropic' }
  }

  private _onProviderChanged(event: Event): void {
    this._providerId = (event.target as HTMLSelectElement).value
    this._auth = {}
    this._baseUrl = ''
  }

  private _buildBody(): { body: Record<string, unknown> } | { error: string } {
    const provider = this._provider
    const baseUrl = this._baseUrl.trim()
    if (provider === undefined && baseUrl === '') return { error: 'Enter the base URL of the upstream API.' }
    const auth = toAuthBody(this._authType, this._auth)
    if ('error' in auth) return auth
    const model = toModelBody(this._model)
    if ('error' in model) return model
    const target: Record<string, unknown> = { auth: auth.body }
    if (provider === undefined) target.protocol = this._customProtocol
    else target.provider = provider.id
    if (baseUrl !== '') target.baseUrl = baseUrl
    const body: Record<string, unknown> = {
      version: 2,
      source: { protocol: this._sourceProtocol },
      target,
      model: model.body,
      endpoints: { mode: this._endpointsMode },
    }
    if (this._expiresInSeconds > 0) body.expiresInSeconds = this._expiresInSeconds
    if (this._label.trim() !== '') body.label = this._label.trim()
    return { body }
  }

  private async _onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    const built = this._buildBody()
    if ('error' in built) {
      this._error = built.error
      return
    }
    this._submitting = true
    this._error = ''
    try {
      const result = parseGenerateUrlResult(await postJson('/api/generate-url', built.body))
      if (result === undefined) throw new Error('The server answered without a proxy URL.')
      this._result = result
      this.dispatchEvent(new CustomEvent('url-generated', { detail: result, bubbles: true, composed: true }))
      await this.updateComplete
      this._resultElement?.focusHeading()
      this._resultElement?.scrollIntoView({ behavior: 'smooth', block: 'start' })
    } catch (error) {
      this._error = error instanceof Error ? error.message : 'The URL could not be generated.'
      if (error instanceof ApiError && error.isUnauthorized) {
        this.dispatchEvent(new CustomEvent('auth-rejected', { bubbles: true, composed: true }))
      }
    } finally {
      this._submitting = false
    }
  }

  override render() {
    return html`
      <form @submit=${this._onSubmit} novalidate autocomplete="off">
        ${this._renderClient()} ${this._renderProvider()}
        <fieldset>
          <legend><span class="step">3</span> Credentials</legend>
          <lb-auth-fields
            .authType=${this._authType}
            .values=${this._auth}
            @auth-changed=${(event: CustomEvent<Record<string, string>>) => (this._auth = event.detail)}
          ></lb-auth-fields>
        </fieldset>
        <fieldset>
          <legend><span class="step">4</span> Models</legend>
          <lb-model-map
            .value=${this._model}
            clientPlaceholder=${this._sourceProtocol === 'anthropic' ? 'claude-sonnet-*' : 'gpt-4o'}
            @model-changed=${(event: CustomEvent<ModelDraft>) => (this._model = event.detail)}
          ></lb-model-map>
        </fieldset>
        ${this._renderOptions()}
        ${this._error === '' ? nothing : html`<div class="error-banner" role="alert">${this._error}</div>`}
        <div class="actions">
          <button type="submit" class="primary" ?disabled=${this._submitting}>
            ${this._submitting ? 'Generating…' : 'Generate proxy URL'}
          </button>
        </div>
      </form>
      ${this._result === undefined ? nothing : html`<lb-url-result .result=${this._result}></lb-url-result>`}
    `
  }

  private _renderClient() {
    return html`<fieldset>
      <legend><span class="step">1</span> Your client</legend>
      <label for="source-protocol">Protocol your client speaks</label>
      <select id="source-protocol" name="source-protocol" @change=${this._onSourceChanged}>
        ${PROTOCOLS.map(
          (protocol) => html`<option value=${protocol} ?selected=${protocol === this._sourceProtocol}>
            ${PROTOCOL_NAMES[protocol].name} — ${PROTOCOL_NAMES[protocol].clients}
          </option>`,
        )}
      </select>
    </fieldset>`
  }

  private _renderProvider() {
    const provider = this._provider
    return html`<fieldset>
      <legend><span class="step">2</span> Provider</legend>
      ${this._catalogError === ''
        ? nothing
        : html`<div class="error-banner" role="alert">Catalog: ${this._catalogError}</div>`}
      <div class="grid">
        <div>
          <label for="provider">Provider</label>
          <select id="provider" name="provider" @change=${this._onProviderChanged}>
            ${this._providers.map(
              (item) => html`<option value=${item.id} ?selected=${item.id === this._providerId}>${item.name}</option>`,
            )}
            <option value=${CUSTOM_PROVIDER} ?selected=${provider === undefined}>Custom endpoint…</option>
          </select>
        </div>
        ${provider === undefined ? this._renderCustomTarget() : nothing}
        <div class="span">
          <label for="base-url">Base URL${provider === undefined ? '' : ' (optional override)'}</label>
          <input
            id="base-url"
            name="base-url"
            type="url"
            inputmode="url"
            spellcheck="false"
            placeholder=${provider?.defaultBaseUrl ?? 'https://api.example.com/v1'}
            .value=${this._baseUrl}
            @input=${(event: Event) => (this._baseUrl = (event.target as HTMLInputElement).value)}
          />
        </div>
      </div>
      ${this._renderRoute(provider)}
    </fieldset>`
  }

  private _renderCustomTarget() {
    return html`<div>
        <label for="target-protocol">Upstream protocol</label>
        <select
          id="target-protocol"
          @change=${(event: Event) => {
            const value = (event.target as HTMLSelectElement).value
            if (isProtocol(value)) this._customProtocol = value
          }}
        >
          ${PROTOCOLS.map(
            (protocol) =>
              html`<option value=${protocol} ?selected=${protocol === this._customProtocol}>
                ${PROTOCOL_NAMES[protocol].name}
              </option>`,
          )}
        </select>
      </div>
      <div>
        <label for="auth-type">Authentication</label>
        <select
          id="auth-type"
          @change=${(event: Event) => {
            const value = (event.target as HTMLSelectElement).value
            if (isAuthType(value)) this._customAuthType = value
          }}
        >
          ${AUTH_TYPES.map(
            (type) => html`<option value=${type} ?selected=${type === this._customAuthType}>${type}</option>`,
          )}
        </select>
      </div>`
  }

  private _renderRoute(provider: CatalogProvider | undefined) {
    const target = this._targetProtocol
    const same = target === this._sourceProtocol
    const docs = safeHttpUrl(provider?.docsUrl)
    return html`<div class="route" aria-live="polite">
      <span class="chip">${PROTOCOL_NAMES[this._sourceProtocol].name}</span>
      <span aria-hidden="true">→</span>
      <span class="chip">${PROTOCOL_NAMES[target].name}</span>
      <span class="muted">${same ? 'same protocol: native passthrough' : 'translated by the bridge'}</span>
      ${provider === undefined
        ? nothing
        : html`<span class="muted">· default <span class="mono">${provider.defaultBaseUrl}</span></span>`}
      ${docs === undefined
        ? nothing
        : html`<a href=${docs} target="_blank" rel="noopener noreferrer">Provider docs ↗</a>`}
    </div>
    ${provider === undefined ? nothing : this._renderSupport(provider)}`
  }

  private _renderSupport(provider: CatalogProvider) {
    const entries = Object.entries(provider.endpointSupport)
    if (entries.length === 0) return nothing
    return html`<ul class="support" aria-label="Endpoint support">
      ${entries.map(([group, mode]) => html`<li class=${`support-${mode}`}>${group}: ${mode}</li>`)}
    </ul>`
  }

  private _renderOptions() {
    return html`<fieldset>
      <legend><span class="step">5</span> Options</legend>
      <div class="grid">
        <div>
          <label for="endpoints-mode">Endpoints</label>
          <select
            id="endpoints-mode"
            @change=${(event: Event) => {
              const value = (event.target as HTMLSelectElement).value
              if (value === 'auto' || value === 'translate' || value === 'passthrough') this._endpointsMode = value
            }}
          >
            <option value="auto" selected>Auto (translate chat, pass the rest through)</option>
            <option value="translate">Translate only</option>
            <option value="passthrough">Pass through only</option>
          </select>
        </div>
        <div>
          <label for="expiry">Expires after</label>
          <select
            id="expiry"
            @change=${(event: Event) => (this._expiresInSeconds = Number((event.target as HTMLSelectElement).value))}
          >
            ${EXPIRY_CHOICES.map(
              (choice) =>
                html`<option value=${choice.seconds} ?selected=${choice.seconds === this._expiresInSeconds}>
                  ${choice.label}
                </option>`,
            )}
          </select>
        </div>
        <div>
          <label for="label">Label (shown in the log)</label>
          <input
            id="label"
            name="label"
            maxlength="80"
            placeholder="e.g. laptop claude-code"
            .value=${this._label}
            @input=${(event: Event) => (this._label = (event.target as HTMLInputElement).value)}
          />
        </div>
      </div>
    </fieldset>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-url-form': LbUrlForm
  }
}
