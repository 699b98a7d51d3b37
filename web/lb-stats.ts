import { LitElement, css, html, nothing, svg } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { ApiError, getJson } from './api-client.ts'
import { formatCost, formatDuration, formatTokens } from './format.ts'
import { sharedStyles } from './shared-styles.ts'
import { describeCost, fillBuckets, parseStats, type Stats, type StatsFigures } from './stats.ts'

const RANGES = [
  { id: '1h', label: 'Last hour', ms: 3_600_000, bucket: 'minute' },
  { id: '24h', label: 'Last 24 hours', ms: 86_400_000, bucket: 'hour' },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000, bucket: 'day' },
  { id: '30d', label: 'Last 30 days', ms: 30 * 86_400_000, bucket: 'day' },
] as const

type RangeId = (typeof RANGES)[number]['id']

function formatBucket(ms: number, unit: 'minute' | 'hour' | 'day'): string {
  const date = new Date(ms)
  if (unit === 'day') return date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
}

/** The Requests tab filtered to one row of the table (the log's provider and exact-model filters). */
function requestsLink(provider: string | undefined, model: string | undefined): string {
  const params = new URLSearchParams()
  if (provider !== undefined) params.set('provider', provider)
  if (model !== undefined) params.set('model', model)
  const query = params.toString()
  return query === '' ? '#requests' : `#requests?${query}`
}

/** Totals, requests over time and a per-model table from /api/stats. */
@customElement('lb-stats')
export class LbStats extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: grid;
        gap: var(--lb-space-4);
      }
      /* Grid items default to min-width: auto and would grow to a wide table instead of scrolling it. */
      :host > *,
      .panel {
        min-width: 0;
      }
      .toolbar {
        display: flex;
        gap: var(--lb-space-2);
        align-items: flex-end;
      }
      .toolbar div {
        width: 12rem;
      }
      .cards {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr));
        gap: var(--lb-space-3);
      }
      .card,
      .panel {
        background: var(--lb-surface);
        border: 1px solid var(--lb-border);
        border-radius: var(--lb-radius);
        box-shadow: var(--lb-shadow);
        padding: var(--lb-space-3) var(--lb-space-4);
      }
      .card dt {
        color: var(--lb-text-muted);
        font-size: 0.8rem;
      }
      .card dd {
        margin: 0.2rem 0 0;
        font-size: 1.35rem;
        font-weight: 650;
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
      }
      .card .sub {
        font-size: 0.8rem;
        color: var(--lb-text-muted);
        font-weight: 400;
      }
      h2 {
        font-size: 1rem;
        margin: 0 0 var(--lb-space-3);
      }
      .chart {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr);
        gap: 0 var(--lb-space-2);
      }
      .y-axis {
        display: flex;
        flex-direction: column;
        justify-content: space-between;
        text-align: right;
        font-size: 0.75rem;
        color: var(--lb-text-muted);
        font-variant-numeric: tabular-nums;
      }
      .x-axis {
        grid-column: 2;
        display: flex;
        justify-content: space-between;
        font-size: 0.75rem;
        color: var(--lb-text-muted);
        margin-top: 0.2rem;
      }
      .plot {
        width: 100%;
        height: 8rem;
        display: block;
      }
      .axis {
        stroke: var(--lb-border-strong);
        stroke-width: 1;
        vector-effect: non-scaling-stroke;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: var(--lb-space-3);
        list-style: none;
        padding: 0;
        margin: var(--lb-space-2) 0 0;
        font-size: 0.8rem;
        color: var(--lb-text-muted);
      }
      .legend li {
        display: inline-flex;
        align-items: center;
        gap: 0.35rem;
      }
      .swatch {
        width: 0.8rem;
        height: 0.8rem;
      }
      .bar {
        fill: var(--lb-accent);
      }
      .bar-error {
        fill: var(--lb-error);
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 0.86rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.45rem 0.6rem;
        border-bottom: 1px solid var(--lb-border);
      }
      th {
        font-size: 0.75rem;
        text-transform: uppercase;
        color: var(--lb-text-muted);
      }
      .num {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      .model {
        font-family: var(--lb-mono);
        font-size: 0.8rem;
        overflow-wrap: anywhere;
      }
      .wrap {
        overflow-x: auto;
      }
    `,
  ]

  @property({ type: Number }) reloadKey = 0

  @state() private _range: RangeId = '24h'
  @state() private _stats: Stats | undefined
  @state() private _error = ''

  override connectedCallback(): void {
    super.connectedCallback()
    void this._load()
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('reloadKey') && changed.get('reloadKey') !== undefined) void this._load()
  }

  private async _load(): Promise<void> {
    const range = RANGES.find((item) => item.id === this._range) ?? RANGES[1]
    const to = Date.now()
    const params = new URLSearchParams({ from: String(to - range.ms), to: String(to), bucket: range.bucket })
    try {
      this._stats = parseStats(await getJson(`/api/stats?${params.toString()}`))
      this._error = this._stats === undefined ? 'The server answered without statistics.' : ''
    } catch (error) {
      if (error instanceof ApiError && error.isUnauthorized) {
        this.dispatchEvent(new CustomEvent('auth-rejected', { bubbles: true, composed: true }))
        return
      }
      this._error = error instanceof Error ? error.message : 'Statistics could not be loaded.'
    }
  }

  private _onRange(event: Event): void {
    const value = (event.target as HTMLSelectElement).value
    const range = RANGES.find((item) => item.id === value)
    if (range === undefined) return
    this._range = range.id
    void this._load()
  }

  override render() {
    const stats = this._stats
    return html`
      <div class="toolbar">
        <div>
          <label for="stats-range">Period</label>
          <select id="stats-range" @change=${this._onRange}>
            ${RANGES.map((range) => html`<option value=${range.id} ?selected=${range.id === this._range}>${range.label}</option>`)}
          </select>
        </div>
        <button type="button" @click=${() => void this._load()}>Refresh</button>
      </div>
      ${this._error === '' ? nothing : html`<div class="error-banner" role="alert">${this._error}</div>`}
      ${stats === undefined ? nothing : [this._renderCards(stats), this._renderChart(stats), this._renderModels(stats)]}
    `
  }

  private _renderCards(stats: Stats) {
    const totals = stats.totals
    const errorRate = totals.requests === 0 ? 0 : (totals.errors / totals.requests) * 100
    return html`<dl class="cards">
      <div class="card"><dt>Requests</dt><dd class="total-requests">${totals.requests}</dd></div>
      <div class="card">
        <dt>Errors</dt>
        <dd>${totals.errors} <span class="sub">${errorRate.toFixed(1)}%</span></dd>
      </div>
      <div class="card">
        <dt>Latency p50 / p95</dt>
        <dd>${formatDuration(totals.latencyP50Ms)} <span class="sub">/ ${formatDuration(totals.latencyP95Ms)}</span></dd>
      </div>
      <div class="card">
        <dt>First byte p50 / p95</dt>
        <dd>${formatDuration(totals.ttfbP50Ms)} <span class="sub">/ ${formatDuration(totals.ttfbP95Ms)}</span></dd>
      </div>
      <div class="card">
        <dt>Tokens in / out</dt>
        <dd>${formatTokens(totals.inputTokens)} <span class="sub">/ ${formatTokens(totals.outputTokens)}</span></dd>
      </div>
      <div class="card"><dt>Estimated cost</dt><dd class="total-cost">${this._renderCost(totals)}</dd></div>
    </dl>`
  }

  /** '—' when no row had a known price (never "$0"); a mark when only some had one. */
  private _renderCost(figures: StatsFigures) {
    const cost = describeCost(figures)
    if (cost.text !== '') return html`<span class="cost-unknown" title=${cost.note}>${cost.text}</span>`
    if (cost.note === '') return formatCost(figures.costUsd)
    return html`${formatCost(figures.costUsd)}<abbr class="cost-partial" title=${cost.note}>*</abbr
      ><span class="visually-hidden"> (${cost.note})</span>`
  }

  /**
   * Bars over every bucket of the period (empty ones included), axes labelled with the count and
   * the time, and a legend. Bars are SVG geometry attributes, not style attributes, which the CSP
   * would refuse; the labels are HTML beside the SVG, which is stretched to its box.
   */
  private _renderChart(stats: Stats) {
    const buckets = fillBuckets(stats)
    if (buckets.length === 0) return nothing
    const max = Math.max(1, ...buckets.map((bucket) => bucket.requests))
    const width = 100 / buckets.length
    const first = buckets[0]?.start ?? stats.from
    const middle = buckets[Math.floor(buckets.length / 2)]?.start ?? stats.from
    const unit = stats.bucketMs >= 86_400_000 ? 'day' : stats.bucketMs >= 3_600_000 ? 'hour' : 'minute'
    return html`<section class="panel" aria-label="Requests over time">
      <h2>Requests over time <span class="muted">(per ${unit})</span></h2>
      <div class="chart">
        <div class="y-axis" aria-hidden="true"><span class="y-max">${max}</span><span>0</span></div>
        <svg
          class="plot"
          viewBox="0 0 100 40"
          preserveAspectRatio="none"
          role="img"
          data-buckets=${buckets.length}
          aria-label=${`${stats.totals.requests} requests, ${stats.totals.errors} errors, at most ${max} per ${unit}`}
        >
          <line class="axis" x1="0" y1="40" x2="100" y2="40"></line>
          <line class="axis" x1="0" y1="0" x2="0" y2="40"></line>
          ${buckets.map((bucket, index) => {
            if (bucket.requests === 0) return nothing
            const height = (bucket.requests / max) * 38
            const errors = (bucket.errors / max) * 38
            return svg`<rect class="bar" x=${index * width + width * 0.1} width=${width * 0.8} y=${40 - height} height=${height}></rect>
              <rect class="bar-error" x=${index * width + width * 0.1} width=${width * 0.8} y=${40 - errors} height=${errors}></rect>`
          })}
        </svg>
        <div class="x-axis" aria-hidden="true">
          <span>${formatBucket(first, unit)}</span><span>${formatBucket(middle, unit)}</span><span>now</span>
        </div>
      </div>
      <ul class="legend">
        <li><svg class="swatch" viewBox="0 0 1 1" aria-hidden="true"><rect class="bar" width="1" height="1"></rect></svg>Requests</li>
        <li>
          <svg class="swatch" viewBox="0 0 1 1" aria-hidden="true"><rect class="bar-error" width="1" height="1"></rect></svg>Errors
        </li>
      </ul>
    </section>`
  }

  private _renderModels(stats: Stats) {
    if (stats.models.length === 0) return html`<p class="muted">No requests in this period.</p>`
    return html`<section class="panel">
      <h2>By provider and model</h2>
      <div class="wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Model</th>
              <th scope="col" class="num">Requests</th>
              <th scope="col" class="num">Errors</th>
              <th scope="col" class="num">p50 / p95</th>
              <th scope="col" class="num">Tokens in / out</th>
              <th scope="col" class="num">Cost</th>
            </tr>
          </thead>
          <tbody>
            ${stats.models.map(
              (item) => html`<tr>
                <td>${item.provider ?? '—'}</td>
                <td class="model">${item.model ?? '—'}</td>
                <td class="num">
                  <a class="to-requests" href=${requestsLink(item.provider, item.model)} title="Show these requests"
                    >${item.requests}</a
                  >
                </td>
                <td class="num">${item.errors}</td>
                <td class="num">${formatDuration(item.latencyP50Ms)} / ${formatDuration(item.latencyP95Ms)}</td>
                <td class="num">${formatTokens(item.inputTokens)} / ${formatTokens(item.outputTokens)}</td>
                <td class="num">${this._renderCost(item)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-stats': LbStats
  }
}
