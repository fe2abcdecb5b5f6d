// Visual editor for custom:fajma-patient-card, built on Home Assistant's <ha-form>.
import { LitElement, css, html, nothing } from "lit";
import { property, state } from "lit/decorators.js";
import {
  WINDOWS,
  configToForm,
  formToConfig,
  type OverviewCardConfig,
  type PatientCardConfig,
  type PatientFormData,
} from "./config";
import { fireEvent } from "./define";
import { PLATFORM } from "./entities";
import { language, translate, type StringKey } from "./i18n";
import type { HomeAssistant } from "./types";

interface SchemaItem {
  name: string;
  type?: string;
  selector?: Record<string, unknown>;
  schema?: SchemaItem[];
}

export function editorSchema(lang: "en" | "fr"): SchemaItem[] {
  return [
    { name: "device_id", selector: { device: { filter: { integration: PLATFORM } } } },
    {
      name: "entity",
      selector: { entity: { filter: { integration: PLATFORM, domain: "sensor" } } },
    },
    { name: "name", selector: { text: {} } },
    {
      name: "window",
      selector: {
        select: {
          mode: "dropdown",
          options: WINDOWS.map((w) => ({
            value: w,
            label: translate(lang, `chart.window.${w}` as StringKey),
          })),
        },
      },
    },
    {
      name: "stale_after",
      selector: { number: { min: 0, max: 86400, step: 1, mode: "box", unit_of_measurement: "s" } },
    },
    {
      name: "",
      type: "grid",
      schema: [
        { name: "show_chart", selector: { boolean: {} } },
        { name: "show_alerts", selector: { boolean: {} } },
        { name: "show_controls", selector: { boolean: {} } },
      ],
    },
  ];
}

declare global {
  interface Window {
    loadCardHelpers?: () => Promise<{
      createCardElement(config: Record<string, unknown>): HTMLElement;
    }>;
  }
}

/**
 * <ha-form> is lazy-loaded by Home Assistant; loading the entities card's editor pulls it
 * in (the usual way for custom card editors). Best effort: without it the editor is empty
 * and the YAML editor still works.
 */
export async function ensureHaForm(): Promise<void> {
  if (customElements.get("ha-form") || !window.loadCardHelpers) return;
  try {
    const helpers = await window.loadCardHelpers();
    const card = helpers.createCardElement({ type: "entities", entities: [] });
    const ctor = card.constructor as { getConfigElement?: () => Promise<unknown> };
    await ctor.getConfigElement?.();
  } catch {
    // Keep going: the YAML editor is still there.
  }
}

export class FajmaPatientCardEditor extends LitElement {
  @property({ attribute: false }) hass?: HomeAssistant;
  @state() private config?: PatientCardConfig;

  setConfig(config: PatientCardConfig): void {
    this.config = config;
  }

  private computeLabel = (item: SchemaItem): string => {
    if (!item.name) return "";
    const key = `editor.${item.name}`;
    return translate(language(this.hass), key as StringKey);
  };

  protected render() {
    if (!this.config) return nothing;
    const data: PatientFormData = configToForm(this.config);
    return html`<ha-form
      .hass=${this.hass}
      .data=${data}
      .schema=${editorSchema(language(this.hass))}
      .computeLabel=${this.computeLabel}
      @value-changed=${this.valueChanged}
    ></ha-form>`;
  }

  private valueChanged(ev: CustomEvent<{ value: Partial<PatientFormData> }>): void {
    ev.stopPropagation();
    if (!this.config) return;
    const config = formToConfig(ev.detail.value, this.config);
    this.config = config;
    fireEvent(this, "config-changed", { config });
  }

  static styles = css`
    :host {
      display: block;
    }
  `;
}

export const OVERVIEW_SCHEMA: SchemaItem[] = [{ name: "title", selector: { text: {} } }];

/** Visual editor for custom:fajma-overview-card: its title (patients are found automatically). */
export class FajmaOverviewCardEditor extends LitElement {
  @property({ attribute: false }) hass?: HomeAssistant;
  @state() private config?: OverviewCardConfig;

  setConfig(config: OverviewCardConfig): void {
    this.config = config;
  }

  private computeLabel = (item: SchemaItem): string =>
    item.name ? translate(language(this.hass), `editor.${item.name}` as StringKey) : "";

  protected render() {
    if (!this.config) return nothing;
    return html`<ha-form
      .hass=${this.hass}
      .data=${{ title: this.config.title ?? "" }}
      .schema=${OVERVIEW_SCHEMA}
      .computeLabel=${this.computeLabel}
      @value-changed=${this.valueChanged}
    ></ha-form>`;
  }

  private valueChanged(ev: CustomEvent<{ value: { title?: string } }>): void {
    ev.stopPropagation();
    if (!this.config) return;
    const { title: _old, ...rest } = this.config;
    const title = ev.detail.value.title?.trim();
    const config: OverviewCardConfig = title ? { ...rest, title } : rest;
    this.config = config;
    fireEvent(this, "config-changed", { config });
  }

  static styles = css`
    :host {
      display: block;
    }
  `;
}
