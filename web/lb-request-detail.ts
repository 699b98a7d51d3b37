import { LitElement, css, html, nothing, type TemplateResult } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import { formatCost, formatDuration, formatTimestamp, statusTone } from './format.ts'
import { sharedStyles } from './shared-styles.ts'
import type { LogRow } from './types.ts'
import { describeWarning } from './warning-text.ts'

type Entry = [label: string, value: string | undefined]

/** A stored body that is whole JSON, indented; a capped or streamed one as it is. */
function indentJson(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2)
  } catch {
    return body
  }
}

/** Every field of one log row, as text. Log content is untrusted: nothing here is parsed as HTML. */
@customElement('lb-request-detail')
export class LbRequestDetail extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        background: var(--lb-surface);
        border: 1px solid var(--lb-border);
        border-radius: var(--lb-radius);
        box-shadow: var(--lb-shadow);
        padding: var(--lb-space-3) var(--lb-space-4) var(--lb-space-4);
        overflow-wrap: anywhere;
      }
      header {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: var(--lb-space-2);
      }
      h2 {
        font-size: 1.05rem;
        margin: 0;
      }
      h3 {
        font-size: 0.9rem;
        margin: var(--lb-space-4) 0 var(--lb-space-2);
      }
      dl {
        display: grid;
        grid-template-columns: minmax(7rem, max-content) 1fr;
        gap: 0.3rem var(--lb-space-3);
        margin: var(--lb-space-3) 0 0;
        font-size: 0.875rem;
      }
      dt {
        color: var(--lb-text-muted);
      }
      dd {
        margin: 0;
        font-family: var(--lb-mono);
        font-size: 0.82rem;
        white-space: pre-wrap;
      }
      .status-ok {
        color: var(--lb-ok);
      }
      .status-client-error {
        color: var(--lb-warn);
      }
      .status-server-error {
        color: var(--lb-error);
      }
      ul {
        margin: 0;
        padding-left: 1.1rem;
        font-size: 0.875rem;
      }
      li + li {
        margin-top: var(--lb-space-2);
      }
      .warnings .detail {
        display: block;
        color: var(--lb-text-muted);
        font-size: 0.82rem;
      }
      .code {
        font-family: var(--lb-mono);
        font-size: 0.8rem;
        background: var(--lb-warn-bg);
        color: var(--lb-warn);
        border-radius: 4px;
        padding: 0 0.3rem;
      }
      pre {
        font-family: var(--lb-mono);
        font-size: 0.8rem;
        background: var(--lb-surface-2);
        border-radius: var(--lb-radius-sm);
        padding: var(--lb-space-2);
        max-height: 16rem;
        overflow: auto;
        white-space: pre-wrap;
        margin: 0;
      }
    `,
  ]

  @property({ attribute: false }) row: LogRow | undefined

  private _close(): void {
    this.dispatchEvent(new CustomEvent('detail-closed', { bubbles: true, composed: true }))
  }

  override render() {
    const row = this.row
    if (row === undefined) return nothing
    const usage = row.usage
    const entries: Entry[] = [
      ['Request id', row.requestId],
      ['Started', formatTimestamp(row.startedAt)],
      ['Status', row.status === undefined ? undefined : String(row.status)],
      ['Error code', row.errorCode],
      ['Error message', row.errorMessage],
      ['Upstream status', row.upstreamStatus?.toString()],
      ['Label', row.label],
      ['Token id', row.tokenId],
      ['Protocols', `${row.sourceProtocol ?? '?'} → ${row.targetProtocol ?? '?'}`],
      ['Provider', row.provider],
      ['Path', [row.method, row.path].filter((part) => part !== undefined).join(' ') || undefined],
      ['Endpoint group', row.endpointGroup],
      ['Client model', row.clientModel],
      ['Upstream model', row.upstreamModel],
      ['Streamed', row.stream === undefined ? undefined : row.stream ? 'yes' : 'no'],
      ['Attempts', row.attempts?.toString()],
      ['Duration', formatDuration(row.durationMs)],
      ['Time to first byte', formatDuration(row.ttfbMs)],
      ['Input tokens', usage?.inputTokens?.toString()],
      ['Output tokens', usage?.outputTokens?.toString()],
      ['Cache read tokens', usage?.cacheReadTokens?.toString()],
      ['Cache write tokens', usage?.cacheWriteTokens?.toString()],
      ['Reasoning tokens', usage?.reasoningTokens?.toString()],
      ['Usage estimated', usage?.estimated === true ? 'yes (upstream reported none)' : undefined],
      ['Cost', row.costUsd === undefined ? undefined : formatCost(row.costUsd)],
      ['Bytes in / out', row.bytesIn === undefined ? undefined : `${row.bytesIn} / ${row.bytesOut ?? 0}`],
      ['User agent', row.userAgent],
    ]
    return html`<section aria-labelledby="detail-heading">
      <header>
        <h2 id="detail-heading" tabindex="-1">
          Request <span class=${`status-${statusTone(row.status)}`}>${row.status ?? '…'}</span>
        </h2>
        <button type="button" class="ghost close" aria-label="Close request details" @click=${this._close}>✕</button>
      </header>
      <dl>
        ${entries
          .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
          .map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}
      </dl>
      ${this._renderWarnings(row)} ${this._renderBodies(row)}
    </section>`
  }

  private _renderWarnings(row: LogRow): TemplateResult {
    return html`<h3>Translation warnings (${row.warnings.length})</h3>
      ${row.warnings.length === 0
        ? html`<p class="muted">None: nothing was dropped, clamped or emulated.</p>`
        : html`<ul class="warnings">
            ${row.warnings.map(
              (warning) =>
                html`<li>
                  <span class="sentence">${describeWarning(warning.code) ?? 'The bridge changed the request or the answer.'}</span>
                  <span class="detail">
                    ${warning.message}${warning.field === undefined ? nothing : html` (<span class="mono">${warning.field}</span>)`}
                    <span class="code">${warning.code}</span>
                  </span>
                </li>`,
            )}
          </ul>`}`
  }

  /** Bodies are stored only under --log-bodies; without them the flag is named, so it can be found. */
  private _renderBodies(row: LogRow) {
    if (row.requestBody === undefined && row.responseBody === undefined) {
      return html`<h3>Bodies</h3>
        <p class="muted bodies-hint">
          No bodies were stored for this request. The server keeps request and response bodies (capped, with keys
          redacted) only when started with <span class="mono">--log-bodies</span> (or LLM_BRIDGE_LOG_BODIES=true).
        </p>`
    }
    return html`${this._renderBody('Request body', row.requestBody)} ${this._renderBody('Response body', row.responseBody)}`
  }

  private _renderBody(title: string, body: string | undefined) {
    if (body === undefined) return nothing
    return html`<h3>${title}</h3>
      <pre class="body">${indentJson(body)}</pre>`
  }

  focusHeading(): void {
    this.renderRoot.querySelector<HTMLElement>('#detail-heading')?.focus()
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-request-detail': LbRequestDetail
  }
}
