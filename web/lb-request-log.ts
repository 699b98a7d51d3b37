import { LitElement, html, nothing, type PropertyValues } from 'lit'
import { customElement, property, query, state } from 'lit/decorators.js'
import { ApiError, getJson, readEventStream } from './api-client.ts'
import { PERIODS, STATUS_CLASSES, isFiltered, logsQuery, matchesFilters, type LogFilters, type StatusFilter } from './log-filters.ts'
import { renderLogRow } from './request-log-row.ts'
import { requestLogStyles } from './request-log-styles.ts'
import { sharedStyles } from './shared-styles.ts'
import { parseCatalog, parseLogHealth, parseLogPage, parseLogRow, type LogHealth, type LogRow } from './types.ts'
import type { LbRequestDetail } from './lb-request-detail.ts'
import './lb-request-detail.ts'

type LiveState = 'connecting' | 'live' | 'offline' | 'locked'

const PAGE_SIZE = 50
const MAX_ROWS = 1000
const RECONNECT_DELAYS_MS = [1000, 2000, 5000, 10_000]
/** How often the view asks /healthz whether rows are still being stored. */
const HEALTH_POLL_MS = 15_000

/** Recent requests, newest first, with a live tail. Every cell is rendered as text. */
@customElement('lb-request-log')
export class LbRequestLog extends LitElement {
  static override styles = [sharedStyles, requestLogStyles]

  /** Bumped by the app when the admin key changes: reload and reconnect. */
  @property({ type: Number }) reloadKey = 0
  /** Filters from the address (`#requests?provider=…&model=…&tokenId=…&q=…`), e.g. a Stats row's link. */
  @property({ attribute: false }) filter: Record<string, string> = {}

  @state() private _rows: LogRow[] = []
  @state() private _nextCursor: string | undefined
  @state() private _loading = false
  @state() private _error = ''
  @state() private _live: LiveState = 'connecting'
  @state() private _query = ''
  @state() private _status: StatusFilter = ''
  @state() private _provider = ''
  @state() private _period = ''
  @state() private _model = ''
  @state() private _tokenId = ''
  /** The label shown for the token filter (the URL's label when known). */
  @state() private _tokenLabel = ''
  @state() private _providerIds: string[] = []
  @state() private _selected: LogRow | undefined
  @state() private _fresh = new Set<string>()
  @state() private _logHealth: LogHealth | undefined

  @query('lb-request-detail') private _detail!: LbRequestDetail | null

  private _liveAbort: AbortController | undefined
  private _searchTimer: ReturnType<typeof setTimeout> | undefined
  private _healthTimer: ReturnType<typeof setInterval> | undefined

  override connectedCallback(): void {
    super.connectedCallback()
    this._applyFilter(this.filter)
    void this._reload()
    void this._loadProviders()
    this._startLive()
    this._healthTimer = setInterval(() => void this._loadHealth(), HEALTH_POLL_MS)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this._liveAbort?.abort()
    clearTimeout(this._searchTimer)
    clearInterval(this._healthTimer)
  }

  /** A full disk or a broken file stops rows from being stored while proxying goes on: say so. */
  private async _loadHealth(): Promise<void> {
    try {
      this._logHealth = parseLogHealth(await getJson('/healthz'))
    } catch {
      // Health is advisory here; the log's own errors are shown by _handleError.
    }
  }

  private _applyFilter(filter: Record<string, string>): void {
    this._provider = filter.provider ?? ''
    this._model = filter.model ?? ''
    this._tokenId = filter.tokenId ?? ''
    this._tokenLabel = filter.label ?? ''
    if (filter.q !== undefined) this._query = filter.q
  }

  /** The provider filter offers the catalog's ids; a failure leaves only those seen in rows. */
  private async _loadProviders(): Promise<void> {
    try {
      this._providerIds = parseCatalog(await getJson('/api/catalog')).map((provider) => provider.id)
    } catch {
      this._providerIds = []
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('filter') && changed.get('filter') !== undefined) {
      this._applyFilter(this.filter)
      void this._reload()
    }
    if (changed.has('reloadKey') && changed.get('reloadKey') !== undefined) {
      void this._reload()
      this._startLive()
    }
  }

  private get _filters(): LogFilters {
    const { _query: query, _status: status, _provider: provider, _period: period, _model: model, _tokenId: tokenId } = this
    return { query, status, provider, period, model, tokenId }
  }

  private _buildQuery(cursor?: string): string {
    return logsQuery(this._filters, PAGE_SIZE, cursor)
  }

  private _handleError(error: unknown): void {
    if (error instanceof ApiError && error.isUnauthorized) {
      this._live = 'locked'
      this._error = ''
      this.dispatchEvent(new CustomEvent('auth-rejected', { bubbles: true, composed: true }))
      return
    }
    this._error = error instanceof Error ? error.message : 'The request log could not be loaded.'
  }

  private async _reload(): Promise<void> {
    void this._loadHealth()
    this._loading = true
    try {
      const page = parseLogPage(await getJson(this._buildQuery()))
      this._rows = page.rows
      this._nextCursor = page.nextCursor
      this._error = ''
    } catch (error) {
      this._handleError(error)
    } finally {
      this._loading = false
    }
  }

  private async _loadMore(): Promise<void> {
    if (this._nextCursor === undefined) return
    this._loading = true
    try {
      const page = parseLogPage(await getJson(this._buildQuery(this._nextCursor)))
      const known = new Set(this._rows.map((row) => row.requestId))
      this._rows = [...this._rows, ...page.rows.filter((row) => !known.has(row.requestId))]
      this._nextCursor = page.nextCursor
    } catch (error) {
      this._handleError(error)
    } finally {
      this._loading = false
    }
  }

  private _startLive(): void {
    this._liveAbort?.abort()
    const abort = new AbortController()
    this._liveAbort = abort
    void this._runLive(abort.signal)
  }

  private async _runLive(signal: AbortSignal): Promise<void> {
    let failures = 0
    while (!signal.aborted) {
      this._live = 'connecting'
      try {
        await readEventStream('/api/logs/stream', (data) => this._onLiveData(data), signal, () => {
          this._live = 'live'
          failures = 0
        })
      } catch (error) {
        if (signal.aborted) return
        if (error instanceof ApiError && error.isUnauthorized) {
          this._handleError(error)
          return
        }
      }
      if (signal.aborted) return
      this._live = 'offline'
      const delay = RECONNECT_DELAYS_MS[Math.min(failures, RECONNECT_DELAYS_MS.length - 1)] ?? 10_000
      failures += 1
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }

  private _onLiveData(data: string): void {
    let parsed: unknown
    try {
      parsed = JSON.parse(data)
    } catch {
      return
    }
    const row = parseLogRow(parsed)
    if (row === undefined || !matchesFilters(row, this._filters)) return
    const rest = this._rows.filter((existing) => existing.requestId !== row.requestId)
    this._rows = [row, ...rest].slice(0, MAX_ROWS)
    this._fresh = new Set([...this._fresh, row.requestId])
    if (this._selected?.requestId === row.requestId) this._selected = row
  }

  private _onSearch(event: Event): void {
    this._query = (event.target as HTMLInputElement).value
    clearTimeout(this._searchTimer)
    this._searchTimer = setTimeout(() => void this._reload(), 250)
  }

  private _onStatus(event: Event): void {
    const value = (event.target as HTMLSelectElement).value
    this._status = STATUS_CLASSES.find((status) => status === value) ?? ''
    void this._reload()
  }

  private _setFilter(patch: { provider?: string; model?: string; tokenId?: string; tokenLabel?: string; period?: string }): void {
    if (patch.provider !== undefined) this._provider = patch.provider
    if (patch.model !== undefined) this._model = patch.model
    if (patch.tokenId !== undefined) this._tokenId = patch.tokenId
    if (patch.tokenLabel !== undefined) this._tokenLabel = patch.tokenLabel
    if (patch.period !== undefined) this._period = patch.period
    void this._reload()
  }

  private async _select(row: LogRow): Promise<void> {
    this._selected = row
    this.dispatchEvent(new CustomEvent('request-selected', { detail: row.requestId, bubbles: true, composed: true }))
    await this.updateComplete
    this._detail?.focusHeading()
    try {
      const full = parseLogRow(await getJson(`/api/logs/${encodeURIComponent(row.requestId)}`))
      if (full !== undefined && this._selected?.requestId === row.requestId) this._selected = full
    } catch {
      // The list row already holds every field but the bodies; keep showing it.
    }
  }

  private _onRowKey(event: KeyboardEvent, row: LogRow): void {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      void this._select(row)
    }
  }

  override render() {
    return html`
      <div class="toolbar" role="search">
        <div class="search">
          <label for="log-search">Search model, label or user agent</label>
          <input id="log-search" type="search" .value=${this._query} @input=${this._onSearch} />
        </div>
        <div class="status-filter">
          <label for="log-status">Status</label>
          <select id="log-status" @change=${this._onStatus}>
            <option value="">All</option>
            <option value="2xx">2xx success</option>
            <option value="4xx">4xx client errors</option>
            <option value="5xx">5xx upstream errors</option>
          </select>
        </div>
        <div class="status-filter">
          <label for="log-provider">Provider</label>
          <select
            id="log-provider"
            @change=${(event: Event) => this._setFilter({ provider: (event.target as HTMLSelectElement).value })}
          >
            <option value="" ?selected=${this._provider === ''}>All</option>
            ${[...new Set([...this._providerIds, ...(this._provider === '' ? [] : [this._provider])])].map(
              (id) => html`<option value=${id} ?selected=${id === this._provider}>${id}</option>`,
            )}
          </select>
        </div>
        <div class="status-filter">
          <label for="log-period">Period</label>
          <select
            id="log-period"
            @change=${(event: Event) => this._setFilter({ period: (event.target as HTMLSelectElement).value })}
          >
            ${PERIODS.map((period) => html`<option value=${period.id} ?selected=${period.id === this._period}>${period.label}</option>`)}
          </select>
        </div>
        <button type="button" @click=${() => void this._reload()} ?disabled=${this._loading}>Refresh</button>
        <span class=${`live live-${this._live}`} role="status">
          <span class="dot" aria-hidden="true"></span>${this._liveText()}
        </span>
      </div>
      ${this._renderChips()}
      ${this._error === '' ? nothing : html`<div class="error-banner" role="alert">${this._error}</div>`}
      ${this._renderLogHealth()}
      <div class=${this._selected === undefined ? 'layout' : 'layout with-detail'}>
        <div class=${this._selected === undefined ? 'table-wrap' : 'table-wrap compact'}>${this._renderTable()}</div>
        ${this._selected === undefined
          ? nothing
          : html`<lb-request-detail
              .row=${this._selected}
              @detail-closed=${() => (this._selected = undefined)}
            ></lb-request-detail>`}
      </div>
    `
  }

  /** Active filters that have no control of their own (model, proxy URL), each with a way out. */
  private _renderChips() {
    const selected = this._selected
    const offerToken = selected?.tokenId !== undefined && selected.tokenId !== this._tokenId
    if (this._model === '' && this._tokenId === '' && !offerToken) return nothing
    return html`<div class="chips">
      ${this._model === ''
        ? nothing
        : html`<button type="button" class="chip-model" @click=${() => this._setFilter({ model: '' })}>
            Model: ${this._model} <span aria-hidden="true">✕</span><span class="visually-hidden">(remove)</span>
          </button>`}
      ${this._tokenId === ''
        ? nothing
        : html`<button type="button" class="chip-token" @click=${() => this._setFilter({ tokenId: '', tokenLabel: '' })}>
            URL: ${this._tokenLabel === '' ? this._tokenId : this._tokenLabel} <span aria-hidden="true">✕</span
            ><span class="visually-hidden">(remove)</span>
          </button>`}
      ${offerToken && selected !== undefined
        ? html`<button
            type="button"
            class="only-token"
            @click=${() => this._setFilter({ tokenId: selected.tokenId ?? '', tokenLabel: selected.label ?? '' })}
          >
            Only requests of this URL${selected.label === undefined ? '' : ` (${selected.label})`}
          </button>`
        : nothing}
    </div>`
  }

  private _renderLogHealth() {
    const health = this._logHealth
    if (health === undefined || health.ok) return nothing
    const cause = health.lastErrorCode === 'SQLITE_FULL' ? 'the disk is full' : `storage error ${health.lastErrorCode ?? 'unknown'}`
    return html`<div class="error-banner log-degraded" role="status">
      New requests are not being stored (${cause}): ${health.writeErrors} failed writes, ${health.queued} rows waiting,
      ${health.dropped} dropped. Proxying is not affected; free space in the data directory or check its file.
    </div>`
  }

  private _liveText(): string {
    switch (this._live) {
      case 'live':
        return 'Live'
      case 'connecting':
        return 'Connecting…'
      case 'offline':
        return 'Offline, retrying'
      case 'locked':
        return 'Locked'
    }
  }

  private _renderTable() {
    if (this._rows.length === 0) {
      return html`<p class="empty">
        ${this._live === 'locked'
          ? 'The request log is locked: enter the admin key above to see it.'
          : this._loading
            ? 'Loading requests…'
            : isFiltered(this._filters)
              ? 'No request matches these filters.'
              : 'No requests yet. Point a client at a proxy URL and they appear here live.'}
      </p>`
    }
    return html`<table>
        <caption class="visually-hidden">
          Recent requests, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Status</th>
            <th scope="col" class="hide-compact hide-narrow">Provider</th>
            <th scope="col">Model (client → upstream)</th>
            <th scope="col" class="num">Tokens in / out</th>
            <th scope="col" class="num hide-narrow hide-compact">Cost</th>
            <th scope="col" class="num">Duration / TTFB</th>
            <th scope="col" class="num hide-narrow hide-compact" title="Translation warnings">Warn.</th>
          </tr>
        </thead>
        <tbody>
          ${this._rows.map((row) => this._renderRow(row))}
        </tbody>
      </table>
      ${this._nextCursor === undefined
        ? nothing
        : html`<div class="more">
            <button type="button" @click=${() => void this._loadMore()} ?disabled=${this._loading}>Load more</button>
          </div>`}`
  }

  private _renderRow(row: LogRow) {
    return renderLogRow(row, {
      selected: this._selected?.requestId === row.requestId,
      fresh: this._fresh.has(row.requestId),
      onSelect: () => void this._select(row),
      onKey: (event) => this._onRowKey(event, row),
    })
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-request-log': LbRequestLog
  }
}
