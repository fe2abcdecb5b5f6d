import { css } from "lit";

export const sharedStyles = css`
  :host {
    --fajma-normal: var(--success-color, #43a047);
    --fajma-warning: var(--warning-color, #ffa600);
    --fajma-critical: var(--error-color, #db4437);
    --fajma-muted: var(--disabled-text-color, #9e9e9e);
    color: var(--primary-text-color, #212121);
  }
  ha-card {
    overflow: hidden;
    padding: 12px;
    box-sizing: border-box;
  }
  .secondary {
    color: var(--secondary-text-color, #727272);
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    border-radius: 12px;
    padding: 2px 10px;
    font-size: 0.8rem;
    font-weight: 500;
    line-height: 20px;
    white-space: nowrap;
    /* Nudged towards the text colour: yellow on pale yellow is hard to read. */
    color: color-mix(in srgb, var(--chip-color) 75%, var(--primary-text-color, #212121));
    background: color-mix(in srgb, var(--chip-color) 16%, transparent);
    border: 1px solid color-mix(in srgb, var(--chip-color) 45%, transparent);
  }
  button {
    font: inherit;
    font-size: 0.875rem;
    font-weight: 500;
    cursor: pointer;
    border-radius: 8px;
    padding: 6px 14px;
    /* A finger-sized touch target. */
    min-height: 44px;
    min-width: 44px;
    color: var(--primary-color, #03a9f4);
    background: transparent;
    border: 1px solid color-mix(in srgb, var(--primary-color, #03a9f4) 60%, transparent);
  }
  button:hover {
    background: color-mix(in srgb, var(--primary-color, #03a9f4) 10%, transparent);
  }
  button:disabled {
    cursor: default;
    color: var(--disabled-text-color, #9e9e9e);
    border-color: var(--disabled-text-color, #9e9e9e);
    background: transparent;
  }
  button.danger {
    color: var(--error-color, #db4437);
    border-color: color-mix(in srgb, var(--error-color, #db4437) 60%, transparent);
  }
  button.selected {
    color: var(--text-primary-color, #fff);
    background: var(--primary-color, #03a9f4);
  }
  .warning-box {
    padding: 8px 12px;
    border-radius: 8px;
    color: var(--primary-text-color, #212121);
    background: color-mix(in srgb, var(--fajma-muted) 18%, transparent);
    border-left: 4px solid var(--fajma-muted);
  }
`;
