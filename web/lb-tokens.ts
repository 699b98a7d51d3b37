import { LitElement, css, html, nothing, type PropertyValues } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { ApiError, deleteJson, getJson } from './api-client.ts'
import { formatTime } from './format.ts'
import { parseMintedUrlList, type MintedUrl } from './minted-url.ts'
import { requestLogStyles } from './request-log-styles.ts'
import { sharedStyles } from './shared-styles.ts'

/**
 * "Minted URLs" (admin): every URL the bridge minted, with its last use, request count and state;
 * Revoke (after a confirmation) and Duplicate (fills the New URL form, key left empty). The list
 * holds no token and no key: a URL cannot be shown again, only minted again.
 */
@customElement('lb-tokens')
export class LbTokens extends LitElement {
  static override styles = [
    sharedStyles,
    requestLogStyles,
    css`
      .actions {
        display: flex;
        gap: var(--lb-space-1);
        flex-wrap: wrap;
      }
      .actions button {
        min-height: 0;
        padding: 0.2rem 0.6rem;
        font-size: 0.85rem;
      }
      button.danger {
        border-color: var(--lb-error);
        color: var(--lb-error);
      }
      .state-revoked,
      .state-expired {
        color: var(--lb-text-muted);
      }
      tr.revoked td {
        opacity: 0.7;
      }
      .confirm {
        font-size: 0.85rem;
      }
      td.time {
        white-space: nowrap;
      }
      .intro {
        margin: 0;
        flex: 1 1 20rem;
      }
    `,
  ]

  /** Bumped by the app when the admin key changes: reload. */
  @property({ type: Number }) reloadKey = 0

  @state() private _tokens: MintedUrl[] = []
  @state() private _usageRecorded = true
  @state() private _loading = false
  @state() private _locked = false
  @state() private _error = ''
  /** The token id whose Revoke awaits its confirmation. */
  @state() private _confirming = ''
  @state() private _notice = ''

  override connectedCallback(): void {
    super.connectedCallback()
    void this._reload()
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('reloadKey') && changed.get('reloadKey') !== undefined) void this._reload()
  }

  private _handleError(error: unknown, fallback: string): void {
    if (error instanceof ApiError && error.isUnauthorized) {
      // Rows shown to a key that is no longer accepted must not stay on screen with live buttons.
      this._tokens = []
      this._locked = true
      this._error = ''
      this.dispatchEvent(new CustomEvent('auth-rejected', { bubbles: true, composed: true }))
      return
    }
    this._error = error instanceof Error ? error.message : fallback
  }

  private async _reload(): Promise<void> {
    this._loading = true
    try {
      const list = parseMintedUrlList(await getJson('/api/tokens'))
      this._tokens = list.tokens
      this._usageRecorded = list.usageRecorded
      this._locked = false
      this._error = ''
    } catch (error) {
      this._handleError(error, 'The minted URLs could not be loaded.')
    } finally {
      this._loading = false
    }
  }

  private async _revoke(token: MintedUrl): Promise<void> {
    this._confirming = ''
    try {
      await deleteJson(`/api/tokens/${encodeURIComponent(token.tokenId)}`)
      this._notice = `Revoked ${token.label ?? token.tokenId}: its URL now answers 401.`
      await this._reload()
    } catch (error) {
      this._handleError(error, 'The URL could not be revoked.')
    }
  }

  private _duplicate(token: MintedUrl): void {
    if (token.settings === undefined) return
    this.dispatchEvent(new CustomEvent('duplicate-url', { detail: token.settings, bubbles: true, composed: true }))
  }

  override render() {
    return html`
      <div class="toolbar">
        <p class="muted intro">
          The URLs minted here, newest first (the 500 newest). The bridge keeps no URL and no key, so a URL cannot
          be shown again: Duplicate fills the form with its pair, provider, model mapping and options.
        </p>
        <button type="button" @click=${() => void this._reload()} ?disabled=${this._loading}>Refresh</button>
      </div>
      ${this._notice === '' ? nothing : html`<p class="hint" role="status">${this._notice}</p>`}
      ${this._error === '' ? nothing : html`<div class="error-banner" role="alert">${this._error}</div>`}
      ${this._usageRecorded || this._locked
        ? nothing
        : html`<p class="hint">The request log is off: last use and request counts are not recorded.</p>`}
      <div class="table-wrap">${this._renderTable()}</div>
    `
  }

  private _renderTable() {
    if (this._tokens.length === 0) {
      return html`<p class="empty">
        ${this._locked
          ? 'The minted URLs are locked: enter the admin key above to see them.'
          : this._loading
            ? 'Loading minted URLs…'
            : 'No URL minted yet. Create one in the New URL tab.'}
      </p>`
    }
    return html`<table>
      <caption class="visually-hidden">
        Minted URLs, newest first
      </caption>
      <thead>
        <tr>
          <th scope="col">Label</th>
          <th scope="col">Client → upstream</th>
          <th scope="col">Created</th>
          <th scope="col">Expires</th>
          <th scope="col">Last used</th>
          <th scope="col" class="num">Requests</th>
          <th scope="col">State</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        ${this._tokens.map((token) => this._renderRow(token))}
      </tbody>
    </table>`
  }

  private _renderRow(token: MintedUrl) {
    const state = token.revokedAt !== undefined ? 'revoked' : token.expiresAt !== undefined && token.expiresAt < Date.now() ? 'expired' : 'active'
    const name = token.label ?? token.tokenId
    return html`<tr class=${state} data-token-id=${token.tokenId}>
      <td>${token.label ?? html`<span class="muted mono">${token.tokenId}</span>`}</td>
      <td>
        ${token.sourceProtocol} → ${token.targetProtocol}
        <span class="muted">(${token.provider ?? token.targetHost})</span>
      </td>
      <td class="time">${formatTime(token.createdAt)}</td>
      <td class="time">${token.expiresAt === undefined ? 'Never' : formatTime(token.expiresAt)}</td>
      <td class="time">${formatTime(token.lastUsedAt)}</td>
      <td class="num">${token.requestCount ?? '—'}</td>
      <td class=${`state-${state}`}>${state === 'revoked' ? 'Revoked' : state === 'expired' ? 'Expired' : 'Active'}</td>
      <td>${this._confirming === token.tokenId ? this._renderConfirm(token, name) : this._renderActions(token, state, name)}</td>
    </tr>`
  }

  private _renderActions(token: MintedUrl, state: string, name: string) {
    return html`<div class="actions">
      <button type="button" class="duplicate" ?disabled=${token.settings === undefined} @click=${() => this._duplicate(token)} aria-label=${`Duplicate ${name}`}>
        Duplicate
      </button>
      ${state === 'revoked'
        ? nothing
        : html`<button type="button" class="danger revoke" @click=${() => (this._confirming = token.tokenId)} aria-label=${`Revoke ${name}`}>
            Revoke
          </button>`}
    </div>`
  }

  private _renderConfirm(token: MintedUrl, name: string) {
    return html`<div class="actions confirm" role="group" aria-label=${`Confirm revoking ${name}`}>
      <span>Clients using it get 401 at once.</span>
      <button type="button" class="danger confirm-revoke" @click=${() => void this._revoke(token)}>Revoke</button>
      <button type="button" class="cancel" @click=${() => (this._confirming = '')}>Cancel</button>
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-tokens': LbTokens
  }
}
