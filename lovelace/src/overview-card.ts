// custom:fajma-overview-card — every FAJMA patient in one grid, worst status first.
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import { OVERVIEW_CARD, type OverviewCardConfig } from "./config";
import { fireEvent } from "./define";
import { hassChanged, listPatients, watchedEntityIds, type PatientEntities } from "./entities";
import { DEFAULT_PRECISION, formatAgo, formatState, parseTime } from "./format";
import { language, localeTag, numberLocale, translate, type StringKey } from "./i18n";
import { compareByStatus, patientStatus, statusStyle, vitalView } from "./status";
import { sharedStyles } from "./styles";
import type { HomeAssistant, Status, VitalKey } from "./types";

const SHOWN: VitalKey[] = ["heart_rate", "spo2", "body_temperature"];

interface Row {
  patient: PatientEntities;
  status: Status;
  name: string;
}

export class FajmaOverviewCard extends LitElement {
  @property({ attribute: false }) hass?: HomeAssistant;
  @state() private config?: OverviewCardConfig;
  @state() private now = Date.now();
  private patients: PatientEntities[] = [];
  private loaded = false;
  private timer?: ReturnType<typeof setInterval>;

  static getStubConfig(): OverviewCardConfig {
    return { type: `custom:${OVERVIEW_CARD}` };
  }

  setConfig(config: OverviewCardConfig): void {
    if (!config || typeof config !== "object") throw new Error("Invalid configuration");
    this.config = config;
  }

  getCardSize(): number {
    return 2 + Math.ceil(this.patients.length / 2) * 2;
  }

  getGridOptions(): Record<string, unknown> {
    return { columns: "full", rows: "auto" };
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.timer = setInterval(() => {
      this.now = Date.now();
    }, 5000);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  protected shouldUpdate(changed: PropertyValues<this>): boolean {
    if (!this.config) return false;
    if (changed.size > 1 || !changed.has("hass")) return true;
    if (!this.hass) return false;
    const old = changed.get("hass") as HomeAssistant | undefined;
    return hassChanged(old, this.hass, this.patients.flatMap(watchedEntityIds));
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    if (!this.hass) return;
    // Look the patients up again only on a registry change (not every tick).
    const old = changed.get("hass") as HomeAssistant | undefined;
    if (
      !this.loaded ||
      (changed.has("hass") &&
        (!old || old.entities !== this.hass.entities || old.devices !== this.hass.devices))
    ) {
      this.patients = listPatients(this.hass);
      this.loaded = true;
    }
  }

  private t(key: StringKey): string {
    return translate(language(this.hass), key);
  }

  protected render(): TemplateResult | typeof nothing {
    if (!this.config || !this.hass) return nothing;
    const hass = this.hass;
    const rows: Row[] = this.patients
      .map((patient) => ({
        patient,
        name: patient.name,
        status: patientStatus(patient.patientStatus ? hass.states[patient.patientStatus] : undefined),
      }))
      .sort(compareByStatus);
    return html`
      <ha-card>
        <div class="title">${this.config.title ?? this.t("overview.title")}</div>
        ${rows.length === 0
          ? html`<div class="warning-box">${this.t("overview.empty")}</div>`
          : html`<div class="grid">${rows.map((r) => this.renderPatient(r))}</div>`}
      </ha-card>
    `;
  }

  private renderPatient(row: Row): TemplateResult {
    const hass = this.hass as HomeAssistant;
    const locale = numberLocale(hass);
    const offline = row.status === "offline";
    const style = statusStyle(row.status);
    const conn = row.patient.connectivity ? hass.states[row.patient.connectivity]?.state : undefined;
    const updated = parseTime(
      row.patient.patientStatus ? hass.states[row.patient.patientStatus]?.last_updated : undefined,
    );
    return html`
      <div
        class="patient ${offline ? "offline" : ""}"
        data-status=${row.status}
        data-name=${row.name}
        style="--tile-color:${style.color}"
        role="button"
        tabindex="0"
        @click=${() => fireEvent(this, "hass-more-info", { entityId: row.patient.patientStatus })}
      >
        <div class="patient-head">
          <span class="patient-name">${row.name}</span>
          <span class="chip" style="--chip-color:${style.color}">${this.t(`status.${row.status}` as StringKey)}</span>
        </div>
        <div class="vitals">
          ${SHOWN.filter((k) => row.patient.vitals[k]).map((k) => {
            const id = row.patient.vitals[k] as string;
            const view = vitalView(hass.states[id], offline, this.now);
            return html`<div class="vital" data-vital=${k} data-status=${view.status}
              style="--v-color:${statusStyle(view.status).color}">
              <span class="v-label secondary"
                >${this.t((k === "body_temperature" ? "vital.short.body_temperature" : `vital.${k}`) as StringKey)}</span
              >
              <span class="v-value">${formatState(hass.states[id], locale, hass.entities[id]?.display_precision ?? DEFAULT_PRECISION[k])}</span>
            </div>`;
          })}
        </div>
        <div class="foot secondary">
          ${conn === "off" ? html`<span class="conn-off">${this.t("conn.disconnected")}</span> · ` : nothing}
          ${updated !== undefined ? formatAgo(updated, this.now, localeTag(hass)) : nothing}
        </div>
      </div>
    `;
  }

  static styles = [
    sharedStyles,
    css`
      .title {
        font-size: 1.3rem;
        font-weight: 500;
        margin-bottom: 10px;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(250px, 1fr));
        gap: 10px;
      }
      .patient {
        border-radius: 12px;
        padding: 10px 12px;
        border-left: 6px solid var(--tile-color);
        background: color-mix(in srgb, var(--tile-color) 14%, transparent);
        cursor: pointer;
      }
      .patient[data-status="critical"] {
        box-shadow: 0 0 0 2px var(--tile-color);
      }
      .patient-head {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 6px;
      }
      .patient-name {
        font-size: 1.15rem;
        font-weight: 600;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .vitals {
        display: grid;
        grid-template-columns: repeat(3, minmax(0, 1fr));
        gap: 6px;
        margin-top: 8px;
      }
      .vital {
        display: flex;
        flex-direction: column;
        border-top: 3px solid var(--v-color);
        padding-top: 2px;
      }
      .v-label {
        font-size: 0.72rem;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .v-value {
        font-size: 1.1rem;
        overflow: hidden;
        text-overflow: ellipsis;
        font-weight: 500;
        white-space: nowrap;
      }
      .patient.offline .v-value {
        color: var(--disabled-text-color, #9e9e9e);
      }
      .foot {
        margin-top: 6px;
        font-size: 0.75rem;
      }
      .conn-off {
        color: var(--error-color, #db4437);
      }
    `,
  ];
}
