import { LitElement, css, html, nothing } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import { sharedStyles } from './shared-styles.ts'
import type { FieldErrors } from './field-errors.ts'
import { emptyModelDraft, type ModelDraft, type ModelMapRow, type ModelMode } from './model-policy.ts'

const MODES: { mode: ModelMode; title: string; hint: string }[] = [
  { mode: 'force', title: 'One model', hint: 'Every request uses this upstream model.' },
  { mode: 'map', title: 'Map models', hint: 'Client model → upstream model; a key ending in * matches a prefix.' },
  { mode: 'passthrough', title: 'Pass through', hint: 'Send the model name the client asks for.' },
]

/** Edits the model policy. Controlled: `value` comes down, `model-changed` goes up with the new draft. */
@customElement('lb-model-map')
export class LbModelMap extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .modes {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr));
        gap: var(--lb-space-2);
        margin-bottom: var(--lb-space-3);
      }
      .mode {
        display: flex;
        gap: var(--lb-space-2);
        align-items: flex-start;
        border: 1px solid var(--lb-border-strong);
        border-radius: var(--lb-radius-sm);
        padding: 0.55rem 0.7rem;
        cursor: pointer;
        margin: 0;
        font-weight: 400;
      }
      .mode:has(input:checked) {
        border-color: var(--lb-accent);
        background: var(--lb-accent-soft);
      }
      .mode input {
        width: auto;
        min-height: 0;
        margin-top: 0.3rem;
      }
      .mode strong {
        display: block;
        font-weight: 600;
      }
      .mode span {
        color: var(--lb-text-muted);
        font-size: 0.82rem;
      }
      .rows {
        display: grid;
        gap: var(--lb-space-2);
      }
      .row {
        display: grid;
        grid-template-columns: 1fr auto 1fr auto;
        gap: var(--lb-space-2);
        align-items: center;
      }
      .arrow {
        color: var(--lb-text-muted);
      }
      .row-head {
        font-size: 0.82rem;
        color: var(--lb-text-muted);
      }
      .add {
        margin-top: var(--lb-space-2);
      }
      .check {
        display: flex;
        gap: var(--lb-space-2);
        align-items: center;
        margin-top: var(--lb-space-3);
        font-weight: 400;
      }
      .check input {
        width: auto;
        min-height: 0;
        flex: none;
      }
      .check-text {
        min-width: 0;
      }
      .fallback {
        margin-top: var(--lb-space-3);
      }
      .families {
        display: flex;
        flex-wrap: wrap;
        gap: var(--lb-space-2);
        align-items: center;
        margin-top: var(--lb-space-2);
      }
      .hint {
        font-size: 0.85rem;
        margin: 0 0 var(--lb-space-2);
      }
      .unmapped {
        font-size: 0.85rem;
        margin: var(--lb-space-1) 0 0;
      }
      @media (max-width: 560px) {
        .row {
          grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) auto;
        }
        .arrow {
          display: none;
        }
      }
    `,
  ]

  @property({ attribute: false }) value: ModelDraft = emptyModelDraft(true)
  /** Placeholder for the upstream model field, e.g. a model the chosen provider offers. */
  @property() upstreamPlaceholder = 'upstream model id'
  @property() clientPlaceholder = 'claude-sonnet-*'
  /** Which model names the chosen client sends (for Claude Code several families), or ''. */
  @property() clientHint = ''
  /** Map keys worth a row each for the chosen client (claude-opus-*, …), offered in one click. */
  @property({ attribute: false }) clientFamilies: readonly string[] = []
  /** Upstream model names read through a minted URL (lb-upstream-models), offered in the upstream fields. */
  @property({ attribute: false }) upstreamModels: readonly string[] = []
  /** Messages by field id (force-model, model-map). */
  @property({ attribute: false }) errors: FieldErrors = {}

  /** Moves the focus to the field at fault; false when this element has no such field. */
  focusField(id: string): boolean {
    const target =
      id === 'force-model'
        ? this.renderRoot.querySelector<HTMLInputElement>('#force-model')
        : id === 'model-map'
          ? ([...this.renderRoot.querySelectorAll<HTMLInputElement>('.row input')].find((input) => input.value.trim() === '') ??
            this.renderRoot.querySelector<HTMLInputElement>('.row input'))
          : null
    target?.focus()
    return target !== null && target !== undefined
  }

  private _addFamilies(): void {
    const kept = this.value.rows.filter((row) => row.client.trim() !== '' || row.upstream.trim() !== '')
    const known = new Set(kept.map((row) => row.client.trim()))
    const added = this.clientFamilies.filter((family) => !known.has(family)).map((client) => ({ client, upstream: '' }))
    this._emit({ ...this.value, rows: [...kept, ...added] })
  }

  private _emit(next: ModelDraft): void {
    this.dispatchEvent(new CustomEvent<ModelDraft>('model-changed', { detail: next, bubbles: true, composed: true }))
  }

  private _setRow(index: number, patch: Partial<ModelMapRow>): void {
    const rows = this.value.rows.map((row, i) => (i === index ? { ...row, ...patch } : row))
    this._emit({ ...this.value, rows })
  }

  private _addRow(): void {
    this._emit({ ...this.value, rows: [...this.value.rows, { client: '', upstream: '' }] })
    void this.updateComplete.then(() => {
      const inputs = this.renderRoot.querySelectorAll<HTMLInputElement>('.row input.client')
      inputs[inputs.length - 1]?.focus()
    })
  }

  private _removeRow(index: number): void {
    const rows = this.value.rows.filter((_, i) => i !== index)
    this._emit({ ...this.value, rows: rows.length === 0 ? [{ client: '', upstream: '' }] : rows })
  }

  override render() {
    const draft = this.value
    return html`
      <div class="modes" role="radiogroup" aria-label="Model policy">
        ${MODES.map(
          (item) => html`<label class="mode">
            <input
              type="radio"
              name="model-mode"
              value=${item.mode}
              .checked=${draft.mode === item.mode}
              @change=${() => this._emit({ ...draft, mode: item.mode })}
            />
            <div><strong>${item.title}</strong><span>${item.hint}</span></div>
          </label>`,
        )}
      </div>
      ${this.upstreamModels.length === 0
        ? nothing
        : html`<datalist id="upstream-models">${this.upstreamModels.map((id) => html`<option value=${id}></option>`)}</datalist>`}
      ${draft.mode === 'force' ? this._renderForce(draft) : nothing}
      ${draft.mode === 'map' ? this._renderRows(draft) : nothing}
      <label class="check">
        <input
          type="checkbox"
          name="strip-suffix"
          .checked=${draft.stripClientSuffix}
          @change=${(event: Event) =>
            this._emit({ ...draft, stripClientSuffix: (event.target as HTMLInputElement).checked })}
        />
        <span class="check-text"
          >Strip a bracketed suffix such as <span class="mono">[1m]</span> from the client's model (Claude Code)</span
        >
      </label>
    `
  }

  private _listId() {
    return this.upstreamModels.length === 0 ? nothing : 'upstream-models'
  }

  private _renderForce(draft: ModelDraft) {
    const error = this.errors['force-model']
    return html`<label for="force-model">Upstream model</label>
      <input
        id="force-model"
        aria-invalid=${error === undefined ? 'false' : 'true'}
        aria-describedby=${error === undefined ? nothing : 'force-model-error'}
        name="force-model"
        autocomplete="off"
        spellcheck="false"
        placeholder=${this.upstreamPlaceholder}
        list=${this._listId()}
        .value=${draft.force}
        @input=${(event: Event) => this._emit({ ...draft, force: (event.target as HTMLInputElement).value })}
      />
      ${error === undefined ? nothing : html`<p class="field-error" id="force-model-error">${error}</p>`}`
  }

  private _renderRows(draft: ModelDraft) {
    const error = this.errors['model-map']
    return html`${this.clientHint === '' ? nothing : html`<p class="muted hint client-hint">${this.clientHint}</p>`}
      <div class="rows" aria-describedby=${error === undefined ? nothing : 'model-map-error'}>
        <div class="row row-head" aria-hidden="true">
          <span>Client model</span><span class="arrow"></span><span>Upstream model</span><span></span>
        </div>
        ${draft.rows.map(
          (row, index) => html`<div class="row">
            <input
              class="client"
              aria-invalid=${error !== undefined && row.client.trim() === '' ? 'true' : 'false'}
              aria-label=${`Client model, row ${index + 1}`}
              autocomplete="off"
              spellcheck="false"
              placeholder=${this.clientPlaceholder}
              .value=${row.client}
              @input=${(event: Event) => this._setRow(index, { client: (event.target as HTMLInputElement).value })}
            />
            <span class="arrow" aria-hidden="true">→</span>
            <input
              class="upstream"
              aria-invalid=${error !== undefined && row.upstream.trim() === '' ? 'true' : 'false'}
              aria-label=${`Upstream model, row ${index + 1}`}
              autocomplete="off"
              spellcheck="false"
              placeholder=${this.upstreamPlaceholder}
              list=${this._listId()}
              .value=${row.upstream}
              @input=${(event: Event) => this._setRow(index, { upstream: (event.target as HTMLInputElement).value })}
            />
            <button
              type="button"
              class="ghost remove"
              aria-label=${`Remove row ${index + 1}`}
              @click=${() => this._removeRow(index)}
            >
              ✕
            </button>
          </div>`,
        )}
      </div>
      ${error === undefined ? nothing : html`<p class="field-error" id="model-map-error">${error}</p>`}
      <div class="families">
        <button type="button" class="add" @click=${this._addRow}>+ Add mapping</button>
        ${this.clientFamilies.length === 0
          ? nothing
          : html`<button type="button" class="add-families" @click=${this._addFamilies}>
              + A row per model family (${this.clientFamilies.join(', ')})
            </button>`}
      </div>
      <div class="fallback">
        <label for="fallback-model">Default upstream model (every other client model, key <span class="mono">*</span>)</label>
        <input
          id="fallback-model"
          name="fallback-model"
          autocomplete="off"
          spellcheck="false"
          placeholder=${this.upstreamPlaceholder}
          list=${this._listId()}
          .value=${draft.fallback}
          @input=${(event: Event) => this._emit({ ...draft, fallback: (event.target as HTMLInputElement).value })}
        />
        ${draft.fallback.trim() === ''
          ? html`<p class="muted unmapped" role="note">
              Without a default, a client model no row matches is sent upstream unchanged, which the provider may not
              know.
            </p>`
          : nothing}
      </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lb-model-map': LbModelMap
  }
}
