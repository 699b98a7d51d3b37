/** Layout of the generate-url form; kept apart so the component file stays readable. */
import { css } from 'lit'

export const formStyles = css`
  :host {
    display: grid;
    gap: var(--lb-space-4);
  }
  form {
    background: var(--lb-surface);
    border: 1px solid var(--lb-border);
    border-radius: var(--lb-radius);
    box-shadow: var(--lb-shadow);
    padding: var(--lb-space-2) var(--lb-space-4) var(--lb-space-4);
  }
  fieldset {
    border: 0;
    border-bottom: 1px solid var(--lb-border);
    margin: 0;
    padding: var(--lb-space-4) 0;
    min-width: 0;
  }
  legend {
    float: left;
    width: 100%;
    font-weight: 650;
    font-size: 1rem;
    margin-bottom: var(--lb-space-3);
    display: flex;
    align-items: center;
    gap: var(--lb-space-2);
  }
  legend + * {
    clear: both;
  }
  .step {
    display: inline-grid;
    place-items: center;
    width: 1.5rem;
    height: 1.5rem;
    border-radius: 50%;
    background: var(--lb-accent-soft);
    color: var(--lb-accent);
    font-size: 0.8rem;
    font-weight: 700;
  }
  .grid {
    display: grid;
    gap: var(--lb-space-3);
    grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
  }
  .grid .span {
    grid-column: 1 / -1;
  }
  .route {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--lb-space-2);
    margin-top: var(--lb-space-3);
    font-size: 0.875rem;
  }
  .route .mono {
    overflow-wrap: anywhere;
  }
  .chip {
    border: 1px solid var(--lb-border-strong);
    border-radius: 999px;
    padding: 0.1rem 0.6rem;
    background: var(--lb-surface-2);
    font-weight: 500;
  }
  a {
    color: var(--lb-accent);
  }
  .support {
    display: flex;
    flex-wrap: wrap;
    gap: var(--lb-space-1);
    list-style: none;
    padding: 0;
    margin: var(--lb-space-2) 0 0;
    font-size: 0.78rem;
  }
  .support li {
    border-radius: var(--lb-radius-sm);
    padding: 0.05rem 0.45rem;
    background: var(--lb-surface-2);
    color: var(--lb-text-muted);
    font-family: var(--lb-mono);
  }
  .support .support-translate,
  .support .support-translate-embeddings,
  .support .support-count-tokens-upstream,
  .support .support-list-models-upstream,
  .support .support-passthrough {
    background: var(--lb-ok-bg);
    color: var(--lb-ok);
  }
  .support .support-count-tokens-locally,
  .support .support-list-models-locally {
    background: var(--lb-accent-soft);
    color: var(--lb-accent);
  }
  .actions {
    display: flex;
    justify-content: flex-end;
    padding-top: var(--lb-space-4);
  }
  .actions button {
    min-width: 12rem;
    min-height: 2.6rem;
  }
`
