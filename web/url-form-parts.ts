/**
 * Stateless parts of the New URL form: the client-protocol picker (marking protocols this build
 * has no codec for), a custom upstream's protocol and auth, and the route line (client protocol →
 * upstream protocol, how, endpoints).
 */
import { html, nothing } from 'lit'
import { ACTION_HINTS, ACTION_LABELS, type GroupPlan } from './endpoint-plan.ts'
import { AUTH_TYPES, PROTOCOLS, type AuthType, type CatalogProvider, type Protocol } from './types.ts'
import { PROTOCOL_NAMES, isAuthType, isProtocol, safeHttpUrl } from './url-form-choices.ts'

export type Route = {
  source: Protocol
  target: Protocol
  provider: CatalogProvider | undefined
  /** Whether this build has codecs for both ends. */
  translated: boolean
  /** What this pair, endpoint mode and provider do with each endpoint group (GET /api/plan); undefined until known. */
  plan: GroupPlan[] | undefined
}

export function renderRoute({ source, target, provider, translated, plan }: Route) {
  const same = target === source
  const docs = safeHttpUrl(provider?.docsUrl)
  return html`<div class="route" aria-live="polite">
      <span class="chip">${PROTOCOL_NAMES[source].name}</span>
      <span aria-hidden="true">→</span>
      <span class="chip">${PROTOCOL_NAMES[target].name}</span>
      <span class="muted"
        >${same ? 'same protocol: native passthrough' : translated ? 'translated by the bridge' : 'no translation in this build'}</span
      >
      ${provider === undefined
        ? nothing
        : html`<span class="muted">· default <span class="mono">${provider.defaultBaseUrl}</span></span>`}
      ${docs === undefined ? nothing : html`<a href=${docs} target="_blank" rel="noopener noreferrer">Provider docs ↗</a>`}
    </div>
    ${renderSupport(plan)}`
}

/** One tag per endpoint group of the client protocol: what the router will do with it for this URL. */
function renderSupport(plan: GroupPlan[] | undefined) {
  if (plan === undefined || plan.length === 0) return nothing
  return html`<ul class="support" aria-label="Endpoint support">
    ${plan.map(
      (entry) =>
        html`<li class=${`support-${entry.action}`} title=${entry.reason ?? ACTION_HINTS[entry.action]}>${entry.group}: ${ACTION_LABELS[entry.action]}</li>`,
    )}
  </ul>`
}

export type ClientPicker = {
  source: Protocol
  /** False only when the catalog said this build has no codec for the protocol. */
  hasCodec: (protocol: Protocol) => boolean
  onChange: (event: Event) => void
}

export function renderClientPicker({ source, hasCodec, onChange }: ClientPicker) {
  return html`<fieldset>
    <legend><span class="step">1</span> Your client</legend>
    <label for="source-protocol">Protocol your client speaks</label>
    <select
      id="source-protocol"
      name="source-protocol"
      aria-describedby=${hasCodec(source) ? nothing : 'source-codec-missing'}
      @change=${onChange}
    >
      ${PROTOCOLS.map(
        (protocol) => html`<option value=${protocol} ?selected=${protocol === source}>
          ${PROTOCOL_NAMES[protocol].name} — ${PROTOCOL_NAMES[protocol].clients}${hasCodec(protocol)
            ? ''
            : ' (not available in this build)'}
        </option>`,
      )}
    </select>
    ${hasCodec(source)
      ? nothing
      : html`<p class="field-warning codec-missing" id="source-codec-missing" role="status">
          This build has no translator for ${PROTOCOL_NAMES[source].name}: a URL minted for it answers every chat
          request with UNSUPPORTED_ENDPOINT, unless the provider speaks the same protocol natively.
        </p>`}
  </fieldset>`
}

export type CustomTargetPicker = {
  protocol: Protocol
  authType: AuthType
  hasCodec: (protocol: Protocol) => boolean
  onProtocol: (protocol: Protocol) => void
  onAuthType: (type: AuthType) => void
}

/** A custom upstream (no catalog provider): its protocol and how it authenticates. */
export function renderCustomTarget({ protocol: chosen, authType, hasCodec, onProtocol, onAuthType }: CustomTargetPicker) {
  return html`<div>
      <label for="target-protocol">Upstream protocol</label>
      <select
        id="target-protocol"
        @change=${(event: Event) => {
          const value = (event.target as HTMLSelectElement).value
          if (isProtocol(value)) onProtocol(value)
        }}
      >
        ${PROTOCOLS.map(
          (protocol) =>
            html`<option value=${protocol} ?selected=${protocol === chosen}>
              ${PROTOCOL_NAMES[protocol].name}${hasCodec(protocol) ? '' : ' (not available in this build)'}
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
          if (isAuthType(value)) onAuthType(value)
        }}
      >
        ${AUTH_TYPES.map((type) => html`<option value=${type} ?selected=${type === authType}>${type}</option>`)}
      </select>
    </div>`
}
