/**
 * Styles shared by every component. Values come from the design tokens (CSS custom properties on
 * :root in styles.css), which inherit through shadow roots. Lit applies these through
 * adoptedStyleSheets, so they work under `style-src 'self'` without 'unsafe-inline'.
 */
import { css } from 'lit'

export const sharedStyles = css`
  :host {
    box-sizing: border-box;
    color: var(--lb-text);
    font-family: var(--lb-font);
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  input,
  select,
  textarea {
    background: var(--lb-field);
    border: 1px solid var(--lb-border-strong);
    border-radius: var(--lb-radius-sm);
    padding: 0.45rem 0.6rem;
    min-height: 2.25rem;
    width: 100%;
  }
  input:hover,
  select:hover {
    border-color: var(--lb-text-muted);
  }
  button {
    cursor: pointer;
    border-radius: var(--lb-radius-sm);
    border: 1px solid var(--lb-border-strong);
    background: var(--lb-surface-2);
    padding: 0.45rem 0.9rem;
    min-height: 2.25rem;
  }
  button:hover {
    background: var(--lb-hover);
  }
  button.primary {
    background: var(--lb-accent);
    border-color: var(--lb-accent);
    color: var(--lb-accent-text);
    font-weight: 600;
  }
  button.primary:hover {
    background: var(--lb-accent-hover);
  }
  button.ghost {
    background: transparent;
    border-color: transparent;
  }
  button.ghost:hover {
    background: var(--lb-hover);
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  :focus-visible {
    outline: 2px solid var(--lb-focus);
    outline-offset: 2px;
  }
  /* Headings focused by script (after a submit or a row click) need no ring. */
  [tabindex='-1']:focus {
    outline: none;
  }
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    outline-offset: 0;
  }
  label {
    display: block;
    font-weight: 500;
    margin-bottom: 0.3rem;
  }
  .hint {
    color: var(--lb-text-muted);
    font-size: 0.85rem;
    margin: 0.3rem 0 0;
  }
  .muted {
    color: var(--lb-text-muted);
  }
  .mono {
    font-family: var(--lb-mono);
  }
  .field-error {
    color: var(--lb-error);
    font-size: 0.84rem;
    margin: 0.3rem 0 0;
    overflow-wrap: anywhere;
  }
  [aria-invalid='true'] {
    border-color: var(--lb-error);
    box-shadow: 0 0 0 1px var(--lb-error);
  }
  .field-warning {
    border-left: 3px solid var(--lb-warn);
    padding: 0.3rem 0.6rem;
    margin: 0.5rem 0 0;
    font-size: 0.85rem;
  }
  .error-banner {
    border: 1px solid var(--lb-error);
    background: var(--lb-error-bg);
    color: var(--lb-text);
    border-radius: var(--lb-radius-sm);
    padding: 0.6rem 0.8rem;
    margin: 0.75rem 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`
