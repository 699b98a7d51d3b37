/**
 * One row of the request log table. Every cell is text; `data-label` names the cell where a phone
 * shows the row as a card of labelled lines (request-log-styles.ts).
 */
import { html, nothing } from 'lit'
import { formatCost, formatDuration, formatTime, formatTokens, statusTone } from './format.ts'
import type { LogRow } from './types.ts'

export type RowState = {
  selected: boolean
  /** Arrived on the live tail since the view opened (highlighted once). */
  fresh: boolean
  onSelect: () => void
  onKey: (event: KeyboardEvent) => void
}

export function renderLogRow(row: LogRow, state: RowState) {
  const classes = [state.selected ? 'selected' : '', state.fresh ? 'fresh' : ''].join(' ')
  const usage = row.usage
  const cache = usage?.cacheReadTokens === undefined || usage.cacheReadTokens === 0 ? '' : `cache ${formatTokens(usage.cacheReadTokens)}`
  const models = row.upstreamModel !== undefined && row.upstreamModel !== row.clientModel
  return html`<tr class=${classes} data-request-id=${row.requestId} @click=${state.onSelect}>
    <td data-label="Time">
      <button type="button" class="open" @keydown=${state.onKey}
        aria-label=${`Show request ${row.requestId}`}>${formatTime(row.startedAt)}</button>
      ${row.label === undefined ? nothing : html`<span class="sub">${row.label}</span>`}
    </td>
    <td data-label="Status">
      <span class=${`pill tone-${statusTone(row.status)}`}>${row.status ?? '…'}</span>
      ${row.errorCode === undefined ? nothing : html`<span class="sub">${row.errorCode}</span>`}
    </td>
    <td data-label="Provider" class="hide-compact hide-narrow">
      ${row.provider ?? '—'}
      <span class="sub">${row.sourceProtocol ?? '?'} → ${row.targetProtocol ?? '?'}${row.stream === true ? ' · stream' : ''}</span>
    </td>
    <td data-label="Model" class="model">
      ${row.clientModel ?? '—'}${models ? html` <span class="muted">→</span> ${row.upstreamModel}` : nothing}
    </td>
    <td data-label="Tokens in / out" class="num">
      ${formatTokens(usage?.inputTokens)} / ${formatTokens(usage?.outputTokens)}${usage?.estimated === true ? '*' : ''}
      ${cache === '' ? nothing : html`<span class="sub">${cache}</span>`}
    </td>
    <td data-label="Cost" class="num hide-narrow hide-compact">${formatCost(row.costUsd)}</td>
    <td data-label="Duration / TTFB" class="num">
      ${formatDuration(row.durationMs)}
      <span class="sub">${formatDuration(row.ttfbMs)}</span>
    </td>
    <td data-label="Warnings" class="num hide-narrow hide-compact">
      ${row.warnings.length === 0 ? html`<span class="muted">0</span>` : html`<span class="warn-count">${row.warnings.length}</span>`}
    </td>
  </tr>`
}
