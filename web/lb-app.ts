import { LitElement, css, html, nothing } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { getJson, readAdminKey, saveAdminKey } from './api-client.ts'
import { sharedStyles } from './shared-styles.ts'
import { isRecord, readString } from './types.ts'
import './lb-admin-key.ts'
import './lb-providers.ts'
import './lb-request-log.ts'
import './lb-stats.ts'
import './lb-tokens.ts'
import './lb-url-form.ts'
import type { MintedUrlSettings } from './minted-url.ts'

type Tab = 'new-url' | 'requests' | 'stats' | 'tokens' | 'providers'

const TABS: { id: Tab; title: string }[] = [
  { id: 'new-url', title: 'New URL' },
  { id: 'requests', title: 'Requests' },
  { id: 'stats', title: 'Stats' },
  { id: 'tokens', title: 'Minted URLs' },
  { id: 'providers', title: 'Providers' },
]

/** `#requests?provider=…&model=…` opens the Requests tab filtered (the Stats rows link there). */
function tabFromHash(hash: string): Tab {
  const name = hash.split('?')[0]
  return TABS.find((tab) => `#${tab.id}` === name && tab.id !== 'new-url')?.id ?? 'new-url'
}

function filterFromHash(hash: string): Record<string, string> {
  const query = hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : ''
  return Object.fromEntries(new URLSearchParams(query))
}

/** The console shell: header, tabs (kept in the URL hash), and the admin-key prompt after a 401. */
@customElement('lb-app')
export class LbApp extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        min-height: 100vh;
      }
      header {
        background: var(--lb-surface);
        border-bottom: 1px solid var(--lb-border);
      }
      .bar {
        max-width: 84rem;
        margin: 0 auto;
        padding: 0 var(--lb-space-4);
        display: flex;
        align-items: center;
        gap: var(--lb-space-4);
        flex-wrap: wrap;
      }
      .brand {
        display: flex;
        align-items: baseline;
        gap: var(--lb-space-2);
        padding: var(--lb-space-3) 0;
        margin-right: auto;
      }
      h1 {
        font-size: 1.15rem;
        margin: 0;
        letter-spacing: -0.01em;
      }
      .version {
        font-size: 0.78rem;
        color: var(--lb-text-muted);
        font-family: var(--lb-mono);
      }
      [role='tablist'] {
        display: flex;
        flex-wrap: wrap;
        gap: var(--lb-space-1);
        align-self: stretch;
        max-width: 100%;
      }
      [role='tab'] {
        border: 0;
        border-radius: 0;
        background: none;
        border-bottom: 2px solid transparent;
        padding: 0 var(--lb-space-3);
        min-height: 3.2rem;
        color: var(--lb-text-muted);
        font-weight: 550;
      }
      [role='tab']:hover {
        color: var(--lb-text);
        background: none;
      }
      [role='tab'][aria-selected='true'] {
        color: var(--lb-accent);
        border-bottom-color: var(--lb-accent);
      }
      main {
        max-width: 84rem;
        margin: 0 auto;
        padding: var(--lb-space-4);
        display: grid;
        gap: var(--lb-space-4);
      }
      main > * {
        min-width: 0;
      }
      main.narrow {
        max-width: 52rem;
      }
      .intro h2 {
        font-size: 1.4rem;
        margin: 0 0 var(--lb-space-1);
        letter-spacing: -0.01em;
      }
      .intro p {
        margin: 0;
      }
      @media (max-width: 560px) {
        .bar,
        main {
          padding-left: var(--lb-space-3);
          padding-right: var(--lb-space-3);
        }
        /* Five tabs do not fit a phone's width in one row: they wrap, each a little lower. */
        [role='tab'] {
          min-height: 2.6rem;
          padding: 0 var(--lb-space-2);
        }
      }
    `,
  ]

  @state() private _tab: Tab = tabFromHash(location.hash)
  @state() private _version = ''
  @state() private _needsKey = false
  @state() private _keyRefused = false
  @state() private _filter: Record<string, string> = filterFromHash(location.hash)
  @state() private _reloadKey = 0
  /** A minted URL's settings, from its Duplicate button, for the New URL form. */
  @state() private _prefill: MintedUrlSettings | undefined

  private readonly _onHashChange = (): void => {
    this._tab = tabFromHash(location.hash)
    this._filter = filterFromHash(location.hash)
  }

  override connectedCallback(): void {
    super.connectedCallback()
    window.addEventListener('hashchange', this._onHashChange)
    void this._loadVersion()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    window.removeEventListener('hashchange', this._onHashChange)
  }

  private async _loadVersion(): Promise<void> {
    try {
      const health = await getJson('/healthz')
      this._version = isRecord(health) ? (readString(health, 'version') ?? '') : ''
    } catch {
      this._version = ''
    }
  }

  private _selectTab(tab: Tab, focus = false): void {
    this._tab = tab
    history.replaceState(null, '', tab === 'new-url' ? '#' : `#${tab}`)
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${tab}`)?.focus())
  }

  /** Arrow keys move between tabs, as the WAI-ARIA tabs pattern expects. */
  private _onTabKey(event: KeyboardEvent): void {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return
    const index = TABS.findIndex((tab) => tab.id === this._tab)
    const step = event.key === 'ArrowRight' ? 1 : -1
    const next = TABS[(index + step + TABS.length) % TABS.length]
    if (next !== undefined) this._selectTab(next.id, true)
  }

  private _onKeySaved(event: CustomEvent<string>): void {
    saveAdminKey(event.detail)
    this._needsKey = false
    this._keyRefused = false
    this._reloadKey += 1
  }

  /** A 401 while a key is stored means that key was refused: drop it and say so. */
  private _onAuthRejected(): void {
    if (readAdminKey() !== undefined) {
      saveAdminKey('')
      this._keyRefused = true
    }
    this._needsKey = true
  }

  private _onDuplicate(event: CustomEvent<MintedUrlSettings>): void {
    // A copy: the same URL duplicated twice must fill the form twice.
    this._prefill = { ...event.detail }
    this._selectTab('new-url')
  }

  override render() {
    return html`
      <header>
        <div class="bar">
          <div class="brand">
            <h1>llm-bridge</h1>
            ${this._version === '' ? nothing : html`<span class="version">v${this._version}</span>`}
          </div>
          <nav role="tablist" aria-label="Console sections" @keydown=${this._onTabKey}>
            ${TABS.map(
              (tab) => html`<button
                type="button"
                role="tab"
                id=${`tab-${tab.id}`}
                aria-controls="panel"
                aria-selected=${this._tab === tab.id ? 'true' : 'false'}
                tabindex=${this._tab === tab.id ? '0' : '-1'}
                @click=${() => this._selectTab(tab.id)}
              >
                ${tab.title}
              </button>`,
            )}
          </nav>
        </div>
      </header>
      <main
        id="panel"
        role="tabpanel"
        aria-labelledby=${`tab-${this._tab}`}
        class=${this._tab === 'new-url' ? 'narrow' : ''}
        @auth-rejected=${this._onAuthRejected}
        @duplicate-url=${this._onDuplicate}
      >
        ${this._needsKey
          ? html`<lb-admin-key ?refused=${this._keyRefused} @key-saved=${this._onKeySaved}></lb-admin-key>`
          : nothing}
        ${this._renderPanel()}
      </main>
    `
  }

  private _renderPanel() {
    switch (this._tab) {
      case 'new-url':
        return this._renderNewUrl()
      case 'requests':
        return html`<lb-request-log .reloadKey=${this._reloadKey} .filter=${this._filter}></lb-request-log>`
      case 'stats':
        return html`<lb-stats .reloadKey=${this._reloadKey}></lb-stats>`
      case 'tokens':
        return html`<lb-tokens .reloadKey=${this._reloadKey}></lb-tokens>`
      case 'providers':
        return html`<lb-providers></lb-providers>`
    }
  }

  private _renderNewUrl() {
    return html`<div class="intro">
        <h2>Create a proxy URL</h2>
        <p class="muted">
          Pick the protocol your client speaks and the provider you want. The bridge seals your key and settings
          into an encrypted URL; paste it into your client as its base URL.
        </p>
      </div>
      <lb-url-form .prefill=${this._prefill}></lb-url-form>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-app': LbApp
  }
}
