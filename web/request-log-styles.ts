/** Layout of the request log table; kept apart so the component file stays readable. */
import { css } from 'lit'

export const requestLogStyles = css`
  :host {
    display: block;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--lb-space-2);
    align-items: flex-end;
    margin-bottom: var(--lb-space-3);
  }
  .toolbar .search {
    flex: 1 1 16rem;
  }
  .toolbar .status-filter {
    flex: 0 1 11rem;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: var(--lb-space-2);
    margin-bottom: var(--lb-space-3);
  }
  .chips button {
    font-size: 0.82rem;
    min-height: 0;
    padding: 0.2rem 0.6rem;
    overflow-wrap: anywhere;
  }
  .toolbar label {
    font-size: 0.82rem;
    color: var(--lb-text-muted);
  }
  .live {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    font-size: 0.82rem;
    color: var(--lb-text-muted);
    min-height: 2.25rem;
    padding: 0 var(--lb-space-2);
  }
  .dot {
    width: 0.55rem;
    height: 0.55rem;
    border-radius: 50%;
    background: var(--lb-text-muted);
  }
  .live-live .dot {
    background: var(--lb-ok);
    box-shadow: 0 0 0 3px var(--lb-ok-bg);
  }
  .live-offline .dot {
    background: var(--lb-error);
  }
  .layout {
    display: grid;
    gap: var(--lb-space-3);
    align-items: start;
  }
  @media (min-width: 1100px) {
    .layout.with-detail {
      grid-template-columns: minmax(0, 1fr) 27rem;
    }
    lb-request-detail {
      position: sticky;
      top: var(--lb-space-3);
      max-height: calc(100vh - 2rem);
      overflow: auto;
    }
  }
  .table-wrap {
    background: var(--lb-surface);
    border: 1px solid var(--lb-border);
    border-radius: var(--lb-radius);
    box-shadow: var(--lb-shadow);
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.86rem;
  }
  th,
  td {
    text-align: left;
    padding: 0.5rem 0.7rem;
    border-bottom: 1px solid var(--lb-border);
    vertical-align: top;
  }
  th {
    font-size: 0.75rem;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--lb-text-muted);
    font-weight: 600;
    background: var(--lb-surface-2);
    white-space: nowrap;
  }
  tbody tr {
    cursor: pointer;
  }
  tbody tr:hover {
    background: var(--lb-hover);
  }
  tbody tr.selected {
    background: var(--lb-accent-soft);
  }
  tbody tr:last-child td {
    border-bottom: 0;
  }
  td.num {
    text-align: right;
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
  th.num {
    text-align: right;
  }
  .open {
    background: none;
    border: 0;
    padding: 0;
    min-height: 0;
    color: inherit;
    text-align: left;
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
  .pill {
    display: inline-block;
    border-radius: 999px;
    padding: 0.05rem 0.5rem;
    font-weight: 600;
    font-size: 0.78rem;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .tone-ok {
    background: var(--lb-ok-bg);
    color: var(--lb-ok);
  }
  .tone-client-error {
    background: var(--lb-warn-bg);
    color: var(--lb-warn);
  }
  .tone-server-error {
    background: var(--lb-error-bg);
    color: var(--lb-error);
  }
  .tone-pending {
    background: var(--lb-surface-2);
    color: var(--lb-text-muted);
  }
  .sub {
    display: block;
    color: var(--lb-text-muted);
    font-size: 0.78rem;
    max-width: 22rem;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .model {
    font-family: var(--lb-mono);
    font-size: 0.8rem;
    overflow-wrap: anywhere;
    max-width: 26rem;
  }
  .warn-count {
    color: var(--lb-warn);
    font-weight: 600;
  }
  .empty {
    padding: var(--lb-space-5) var(--lb-space-3);
    text-align: center;
    color: var(--lb-text-muted);
  }
  .more {
    display: flex;
    justify-content: center;
    padding: var(--lb-space-3);
  }
  @keyframes arrive {
    from {
      background: var(--lb-accent-soft);
    }
  }
  tr.fresh {
    animation: arrive 2s ease-out;
  }
  @media (prefers-reduced-motion: reduce) {
    tr.fresh {
      animation: none;
    }
  }
  @media (min-width: 1100px) {
    .compact .hide-compact {
      display: none;
    }
  }
  @media (max-width: 720px) {
    .hide-narrow {
      display: none;
    }
  }
  /* A phone cannot fit eight columns: each request becomes a card of labelled lines. */
  @media (max-width: 600px) {
    thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
    table,
    tbody {
      display: block;
    }
    tbody tr {
      display: grid;
      grid-template-columns: repeat(2, minmax(0, 1fr));
      border-bottom: 1px solid var(--lb-border);
    }
    td,
    td.num,
    .hide-narrow {
      display: block;
      text-align: left;
      border-bottom: 0;
      white-space: normal;
      min-width: 0;
    }
    td.model {
      grid-column: 1 / -1;
    }
    td::before {
      content: attr(data-label);
      display: block;
      font-size: 0.7rem;
      text-transform: uppercase;
      color: var(--lb-text-muted);
    }
  }
`
