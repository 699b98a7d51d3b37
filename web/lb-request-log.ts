import { LitElement, html, nothing, type PropertyValues } from 'lit'
import { customElement, property, query, state } from 'lit/decorators.js'
import { ApiError, getJson, readEventStream } from './api-client.ts'
import { formatCost, formatDuration, formatTime, formatTokens, statusTone } from './format.ts'
import { requestLogStyles } from './request-log-styles.ts'
import { sharedStyles } from './shared-styles.ts'
import { parseLogHealth, parseLogPage, parseLogRow, type LogHealth, type LogRow } from './types.ts'
import type { LbRequestDetail } from './lb-request-detail.ts'
import './lb-request-detail.ts'

type LiveState = 'connecting' | 'live' | 'offline' | 'locked'
/** Status classes the /api/logs `status` parameter accepts. */
const STATUS_CLASSES = ['2xx', '4xx', '5xx'] as const
type StatusFilter = '' | (typeof STATUS_CLASSES)[number]

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

  @state() private _rows: LogRow[] = []
  @state() private _nextCursor: string | undefined
  @state() private _loading = false
  @state() private _error = ''
  @state() private _live: LiveState = 'connecting'
  @state() private _query = ''
  @state() private _status: StatusFilter = ''
  @state() private _selected: LogRow | undefined
  @state() private _fresh = new Set<string>()
  @state() private _logHealth: LogHealth | undefined

  @query('lb-request-detail') private _detail!: LbRequestDetail | null

  private _liveAbort: AbortController | undefined
  private _searchTimer: ReturnType<typeof setTimeout> | undefined
  private _healthTimer: ReturnType<typeof setInterval> | undefined

  override connectedCallback(): void {
    super.connectedCallback()
    void this._reload()
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

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('reloadKey') && changed.get('reloadKey') !== undefined) {
      void this._reload()
      this._startLive()
    }
  }

  private _buildQuery(cursor?: string): string {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) })
    if (this._query.trim() !== '') params.set('q', this._query.trim())
    if (this._status !== '') params.set('status', this._status)
    if (cursor !== undefined) params.set('cursor', cursor)
    return `/api/logs?${params.toString()}`
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
    if (row === undefined || !this._matchesFilters(row)) return
    const rest = this._rows.filter((existing) => existing.requestId !== row.requestId)
    this._rows = [row, ...rest].slice(0, MAX_ROWS)
    this._fresh = new Set([...this._fresh, row.requestId])
    if (this._selected?.requestId === row.requestId) this._selected = row
  }

  /** Mirrors the server-side filters for rows arriving on the live tail. */
  private _matchesFilters(row: LogRow): boolean {
    if (this._status !== '' && String(row.status ?? 0).charAt(0) !== this._status.charAt(0)) return false
    const needle = this._query.trim().toLowerCase()
    if (needle === '') return true
    return [row.clientModel, row.upstreamModel, row.userAgent]
      .filter((value): value is string => value !== undefined)
      .some((value) => value.toLowerCase().includes(needle))
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
          <label for="log-search">Search model or user agent</label>
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
        <button type="button" @click=${() => void this._reload()} ?disabled=${this._loading}>Refresh</button>
        <span class=${`live live-${this._live}`} role="status">
          <span class="dot" aria-hidden="true"></span>${this._liveText()}
        </span>
      </div>
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
        ${this._loading ? 'Loading requests…' : 'No requests yet. Point a client at a proxy URL and they appear here live.'}
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
    const classes = [
      this._selected?.requestId === row.requestId ? 'selected' : '',
      this._fresh.has(row.requestId) ? 'fresh' : '',
    ].join(' ')
    const usage = row.usage
    const cache = usage?.cacheReadTokens === undefined || usage.cacheReadTokens === 0 ? '' : `cache ${formatTokens(usage.cacheReadTokens)}`
    const models = row.upstreamModel !== undefined && row.upstreamModel !== row.clientModel
    return html`<tr
      class=${classes}
      data-request-id=${row.requestId}
      @click=${() => void this._select(row)}
    >
      <td>
        <button type="button" class="open" @keydown=${(event: KeyboardEvent) => this._onRowKey(event, row)}
          aria-label=${`Show request ${row.requestId}`}>${formatTime(row.startedAt)}</button>
        ${row.label === undefined ? nothing : html`<span class="sub">${row.label}</span>`}
      </td>
      <td>
        <span class=${`pill tone-${statusTone(row.status)}`}>${row.status ?? '…'}</span>
        ${row.errorCode === undefined ? nothing : html`<span class="sub">${row.errorCode}</span>`}
      </td>
      <td class="hide-compact hide-narrow">
        ${row.provider ?? '—'}
        <span class="sub">${row.sourceProtocol ?? '?'} → ${row.targetProtocol ?? '?'}${row.stream === true ? ' · stream' : ''}</span>
      </td>
      <td class="model">
        ${row.clientModel ?? '—'}${models ? html` <span class="muted">→</span> ${row.upstreamModel}` : nothing}
      </td>
      <td class="num">
        ${formatTokens(usage?.inputTokens)} / ${formatTokens(usage?.outputTokens)}${usage?.estimated === true ? '*' : ''}
        ${cache === '' ? nothing : html`<span class="sub">${cache}</span>`}
      </td>
      <td class="num hide-narrow hide-compact">${formatCost(row.costUsd)}</td>
      <td class="num">
        ${formatDuration(row.durationMs)}
        <span class="sub">${formatDuration(row.ttfbMs)}</span>
      </td>
      <td class="num hide-narrow hide-compact">
        ${row.warnings.length === 0 ? html`<span class="muted">0</span>` : html`<span class="warn-count">${row.warnings.length}</span>`}
      </td>
    </tr>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-request-log': LbRequestLog
  }
}
