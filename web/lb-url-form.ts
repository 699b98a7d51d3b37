import { LitElement, css, html, nothing, type PropertyValues } from 'lit'
import { customElement, property, query, state } from 'lit/decorators.js'
import { ApiError, getJson, postJson } from './api-client.ts'
import { FIELD_ORDER, firstInvalidField, serverFieldError, type FieldErrors } from './field-errors.ts'
import { authFieldsFor, toAuthBody, type LbAuthFields } from './lb-auth-fields.ts'
import type { LbModelMap } from './lb-model-map.ts'
import { emptyModelDraft, toModelBody, type ModelDraft } from './model-policy.ts'
import { sharedStyles } from './shared-styles.ts'
import { formStyles } from './url-form-styles.ts'
import {
  parseCatalog,
  parseCodecAvailability,
  parseGenerateUrlResult,
  type AuthType,
  type CatalogProvider,
  type GenerateUrlResult,
  type Protocol,
} from './types.ts'
import { EXPIRY_CHOICES, PROTOCOL_NAMES, isProtocol } from './url-form-choices.ts'
import { renderClientPicker, renderCustomTarget, renderRoute } from './url-form-parts.ts'
import { buildGenerateUrlBody } from './generate-url-body.ts'
import { parseEndpointPlans, planFor, planUrl, type EndpointPlans } from './endpoint-plan.ts'
import type { LbUrlResult } from './lb-url-result.ts'
import { toUrlFormDraft, type MintedUrlSettings } from './minted-url.ts'
import './lb-auth-fields.ts'
import './lb-model-map.ts'
import './lb-url-result.ts'

const CUSTOM_PROVIDER = ''

/** The "New URL" view: what the client speaks, where it goes, the key and the model policy. */
@customElement('lb-url-form')
export class LbUrlForm extends LitElement {
  static override styles = [sharedStyles, formStyles]

  /** Settings of a minted URL to start from ("Duplicate"); the key fields stay empty. */
  @property({ attribute: false }) prefill: MintedUrlSettings | undefined

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
  @state() private _fieldErrors: FieldErrors = {}
  @state() private _result: GenerateUrlResult | undefined
  /** The upstream's model names, once listed through the minted URL: suggestions for the mapping. */
  @state() private _upstreamModels: readonly string[] = []
  /** Protocol → whether this build has its codec; empty until the catalog answered. */
  @state() private _codecs = new Map<string, boolean>()
  /** What each provider does with each endpoint group for the chosen client protocol and mode. */
  @state() private _plans: EndpointPlans | undefined
  private _plansAsked = ''

  @query('lb-url-result') private _resultElement!: LbUrlResult | null
  @query('lb-auth-fields') private _authElement!: LbAuthFields | null
  @query('lb-model-map') private _modelElement!: LbModelMap | null

  override connectedCallback(): void {
    super.connectedCallback()
    void this._loadCatalog()
    void this._loadPlans()
  }

  /** The tags follow the client protocol, the endpoint mode and the model mode; a stale answer is dropped. */
  private async _loadPlans(): Promise<void> {
    const url = planUrl(this._sourceProtocol, this._endpointsMode, this._model.mode)
    if (url === this._plansAsked) return
    this._plansAsked = url
    this._plans = undefined
    try {
      const plans = parseEndpointPlans(await getJson(url))
      if (this._plansAsked === url) this._plans = plans
    } catch {
      // Without the plan the route line shows no tags; the form works the same.
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('prefill') || this.prefill === undefined) return
    const draft = toUrlFormDraft(this.prefill)
    this._sourceProtocol = draft.sourceProtocol
    this._providerId = draft.providerId
    this._customProtocol = draft.customProtocol
    this._customAuthType = draft.customAuthType
    this._baseUrl = draft.baseUrl
    this._auth = draft.auth
    this._model = draft.model
    this._endpointsMode = draft.endpointsMode
    this._expiresInSeconds = draft.expiresInSeconds
    this._label = draft.label
    this._result = undefined
    void this._loadPlans()
  }

  private async _loadCatalog(): Promise<void> {
    try {
      const catalog = await getJson('/api/catalog')
      this._providers = parseCatalog(catalog)
      this._codecs = parseCodecAvailability(catalog)
      this._catalogError = ''
      const first = this._providers[0]
      if (this._providerId === CUSTOM_PROVIDER && first !== undefined && this.prefill === undefined) this._providerId = first.id
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
    void this._loadPlans()
  }

  private _onProviderChanged(event: Event): void {
    this._providerId = (event.target as HTMLSelectElement).value
    this._auth = {}
    this._baseUrl = ''
  }

  /** False only when the catalog said this build has no codec for the protocol. */
  private _hasCodec(protocol: Protocol): boolean {
    return this._codecs.get(protocol) !== false
  }

  private _buildBody(): { body: Record<string, unknown> } | { errors: FieldErrors } {
    const provider = this._provider
    return buildGenerateUrlBody({
      source: this._sourceProtocol,
      target: provider === undefined ? { protocol: this._customProtocol } : { provider: provider.id },
      baseUrl: this._baseUrl,
      auth: toAuthBody(this._authType, this._auth),
      model: toModelBody(this._model),
      endpointsMode: this._endpointsMode,
      expiresInSeconds: this._expiresInSeconds,
      label: this._label,
    })
  }

  private async _onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    const built = this._buildBody()
    // A result beside an error would look valid: every failure clears it.
    if ('errors' in built) {
      this._result = undefined
      this._error = ''
      await this._showFieldErrors(built.errors)
      return
    }
    this._submitting = true
    this._error = ''
    this._fieldErrors = {}
    try {
      const result = parseGenerateUrlResult(await postJson('/api/generate-url', built.body))
      if (result === undefined) throw new Error('The server answered without a proxy URL.')
      this._result = result
      this.dispatchEvent(new CustomEvent('url-generated', { detail: result, bubbles: true, composed: true }))
      await this.updateComplete
      this._resultElement?.focusHeading()
      this._resultElement?.scrollIntoView({ behavior: 'smooth', block: 'start' })
    } catch (error) {
      this._result = undefined
      const message = error instanceof Error ? error.message : 'The URL could not be generated.'
      const authField = `auth-${authFieldsFor(this._authType)[0]?.key ?? 'type'}`
      const fieldErrors = error instanceof ApiError ? serverFieldError(message, error.code, authField) : undefined
      if (fieldErrors === undefined) this._error = message
      else await this._showFieldErrors(fieldErrors)
      if (error instanceof ApiError && error.isUnauthorized) {
        this.dispatchEvent(new CustomEvent('auth-rejected', { bubbles: true, composed: true }))
      }
    } finally {
      this._submitting = false
    }
  }

  /** Marks the fields, shows each message beside its field and focuses the first one. */
  private async _showFieldErrors(errors: FieldErrors): Promise<void> {
    this._fieldErrors = errors
    await this.updateComplete
    const first = firstInvalidField(errors)
    if (first === undefined) return
    if (this._authElement?.focusField(first) === true) return
    if (this._modelElement?.focusField(first) === true) return
    this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(first)}`)?.focus()
  }

  /** Typing in a field clears its own message (the others stay until the next submit). */
  private _clearFieldError(id: string): void {
    if (this._fieldErrors[id] === undefined) return
    const { [id]: _cleared, ...rest } = this._fieldErrors
    this._fieldErrors = rest
  }

  private _renderFieldError(id: string) {
    const error = this._fieldErrors[id]
    return error === undefined ? nothing : html`<p class="field-error" id=${`${id}-error`}>${error}</p>`
  }

  private _invalid(id: string): 'true' | 'false' {
    return this._fieldErrors[id] === undefined ? 'false' : 'true'
  }

  private _describedBy(id: string) {
    return this._fieldErrors[id] === undefined ? nothing : `${id}-error`
  }

  override render() {
    const info = PROTOCOL_NAMES[this._sourceProtocol]
    const unplaced = Object.keys(this._fieldErrors).filter((id) => !(FIELD_ORDER as readonly string[]).includes(id))
    return html`
      <form @submit=${this._onSubmit} novalidate autocomplete="off">
        ${this._renderClient()} ${this._renderProvider()}
        <fieldset>
          <legend><span class="step">3</span> Credentials</legend>
          <lb-auth-fields
            .authType=${this._authType}
            .values=${this._auth}
            .errors=${this._fieldErrors}
            @auth-changed=${(event: CustomEvent<Record<string, string>>) => {
              this._auth = event.detail
              for (const id of Object.keys(this._fieldErrors)) if (id.startsWith('auth-')) this._clearFieldError(id)
            }}
          ></lb-auth-fields>
        </fieldset>
        <fieldset>
          <legend><span class="step">4</span> Models</legend>
          <lb-model-map
            .value=${this._model}
            .errors=${this._fieldErrors}
            clientPlaceholder=${info.families?.[1] ?? 'gpt-4o'}
            clientHint=${info.modelHint ?? ''}
            .clientFamilies=${info.families ?? []}
            .upstreamModels=${this._upstreamModels}
            @model-changed=${(event: CustomEvent<ModelDraft>) => {
              this._model = event.detail
              void this._loadPlans()
              this._clearFieldError('force-model')
              this._clearFieldError('model-map')
            }}
          ></lb-model-map>
        </fieldset>
        ${this._renderOptions()}
        ${this._error === '' ? nothing : html`<div class="error-banner" role="alert">${this._error}</div>`}
        ${unplaced.length === 0
          ? nothing
          : html`<div class="error-banner" role="alert">${unplaced.map((id) => this._fieldErrors[id]).join('\n')}</div>`}
        ${Object.keys(this._fieldErrors).length === 0
          ? nothing
          : html`<p class="field-error form-summary">
              ${Object.keys(this._fieldErrors).length === 1 ? 'One field needs' : 'Some fields need'} your attention above.
            </p>`}
        <div class="actions">
          <button type="submit" class="primary" ?disabled=${this._submitting}>
            ${this._submitting ? 'Generating…' : 'Generate proxy URL'}
          </button>
        </div>
      </form>
      ${this._result === undefined
        ? nothing
        : html`<lb-url-result
            .result=${this._result}
            clientCommand=${info.command}
            @upstream-models=${(event: CustomEvent<string[]>) => (this._upstreamModels = event.detail)}
          ></lb-url-result>`}
    `
  }

  private _renderClient() {
    return renderClientPicker({
      source: this._sourceProtocol,
      hasCodec: (protocol) => this._hasCodec(protocol),
      onChange: (event) => this._onSourceChanged(event),
    })
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
          ${this._renderFieldError('provider')}
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
            aria-invalid=${this._invalid('base-url')}
            aria-describedby=${this._describedBy('base-url')}
            .value=${this._baseUrl}
            @input=${(event: Event) => {
              this._baseUrl = (event.target as HTMLInputElement).value
              this._clearFieldError('base-url')
            }}
          />
          ${this._renderFieldError('base-url')}
        </div>
      </div>
      ${this._renderRoute(provider)}
    </fieldset>`
  }

  private _renderCustomTarget() {
    return renderCustomTarget({
      protocol: this._customProtocol,
      authType: this._customAuthType,
      hasCodec: (protocol) => this._hasCodec(protocol),
      onProtocol: (protocol) => (this._customProtocol = protocol),
      onAuthType: (type) => (this._customAuthType = type),
    })
  }

  private _renderRoute(provider: CatalogProvider | undefined) {
    const target = this._targetProtocol
    return renderRoute({
      source: this._sourceProtocol,
      target,
      provider,
      translated: this._hasCodec(this._sourceProtocol) && this._hasCodec(target),
      plan: planFor(this._plans, provider?.id, target),
    })
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
              void this._loadPlans()
            }}
          >
            <option value="auto" ?selected=${this._endpointsMode === 'auto'}>Auto (translate chat, pass the rest through)</option>
            <option value="translate" ?selected=${this._endpointsMode === 'translate'}>Translate only</option>
            <option value="passthrough" ?selected=${this._endpointsMode === 'passthrough'}>Pass through only</option>
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
            aria-invalid=${this._invalid('label')}
            aria-describedby=${this._describedBy('label')}
            .value=${this._label}
            @input=${(event: Event) => {
              this._label = (event.target as HTMLInputElement).value
              this._clearFieldError('label')
            }}
          />
          ${this._renderFieldError('label')}
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
