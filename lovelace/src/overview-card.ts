// custom:fajma-overview-card — every FAJMA patient in one grid, worst status first.
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import { AlertsSource, type AlertsState } from "./alerts";
import { OVERVIEW_CARD, OVERVIEW_CARD_EDITOR, type OverviewCardConfig } from "./config";
import { fireEvent } from "./define";
import { hassChanged, listPatients, watchedEntityIds, type PatientEntities } from "./entities";
import { DEFAULT_PRECISION, formatAgo, formatNumber, isNumeric, parseTime } from "./format";
import { hasKey, language, localeTag, numberLocale, translate, type StringKey } from "./i18n";
import { ensureHaForm } from "./patient-card-editor";
import { compareByStatus, patientStatus, statusStyle, vitalView } from "./status";
import { sharedStyles } from "./styles";
import type { FajmaAlert, HassEntity, HomeAssistant, Status, VitalKey } from "./types";

const SHOWN: VitalKey[] = ["heart_rate", "spo2", "body_temperature"];

interface Row {
  patient: PatientEntities;
  status: Status;
  name: string;
  key: string;
}

export class FajmaOverviewCard extends LitElement {
  @property({ attribute: false }) hass?: HomeAssistant;
  @state() private config?: OverviewCardConfig;
  @state() private now = Date.now();
  private patients: PatientEntities[] = [];
  private loaded = false;
  private timer?: ReturnType<typeof setInterval>;
  /** Each patient's alerts (for the age of the most urgent one), by device id. */
  private alertSources = new Map<string, AlertsSource>();
  @state() private alertStates: Record<string, AlertsState> = {};

  static async getConfigElement(): Promise<HTMLElement> {
    await ensureHaForm();
    return document.createElement(OVERVIEW_CARD_EDITOR);
  }

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
    this.syncAlerts();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
    for (const source of this.alertSources.values()) source.stop();
    this.alertSources.clear();
    this.alertStates = {};
  }

  protected updated(): void {
    this.syncAlerts();
  }

  /** One alert subscription per patient that has an alert entity; kept alive by AlertsSource. */
  private syncAlerts(): void {
    const hass = this.hass;
    if (!this.isConnected || !hass) return;
    const wanted = new Map(
      this.patients
        .filter((p) => p.deviceId && p.alertActive)
        .map((p) => [p.deviceId as string, p.alertActive as string]),
    );
    for (const [deviceId, source] of this.alertSources) {
      if (!wanted.has(deviceId)) {
        source.stop();
        this.alertSources.delete(deviceId);
      }
    }
    for (const [deviceId, alertActive] of wanted) {
      let source = this.alertSources.get(deviceId);
      if (!source) {
        source = new AlertsSource(hass, deviceId, (s) => {
          this.alertStates = { ...this.alertStates, [deviceId]: s };
        });
        this.alertSources.set(deviceId, source);
        void source.start();
      }
      source.setHass(hass);
      source.check(hass.states[alertActive]);
    }
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

  private t(key: StringKey, vars?: Record<string, string | number>): string {
    return translate(language(this.hass), key, vars);
  }

  /**
   * The patient's most urgent alert, as the integration's alert entity names it (unacknowledged
   * first, then by priority), with its age from the alert subscription when it has it.
   */
  private renderUrgent(row: Row): TemplateResult | typeof nothing {
    const hass = this.hass as HomeAssistant;
    const entity = row.patient.alertActive ? hass.states[row.patient.alertActive] : undefined;
    if (entity?.state !== "on") return nothing;
    const a = entity.attributes;
    const state = row.patient.deviceId ? this.alertStates[row.patient.deviceId] : undefined;
    const active = state?.kind === "ready" ? state.data.active : [];
    const alert: Partial<FajmaAlert> | undefined =
      active.find((x) => x.alert_id === a.alert_id) ?? (typeof a.priority === "string" ? (a as Partial<FajmaAlert>) : active[0]);
    if (!alert) return nothing;
    const priority = String(alert.priority ?? "");
    const vital = String(alert.vital ?? "");
    const raised = parseTime(alert.raised_at);
    const color =
      priority === "critical" ? "var(--fajma-critical)" : priority === "warning" ? "var(--fajma-warning)" : "var(--primary-color, #03a9f4)";
    return html`<div class="urgent" data-priority=${priority} data-alert-id=${alert.alert_id ?? ""} style="--alert-color:${color}">
      <span class="urgent-text"
        ><b>${hasKey(`alert.priority.${priority}`) ? this.t(`alert.priority.${priority}` as StringKey) : priority}</b>
        · ${hasKey(`vital.${vital}`) ? this.t(`vital.${vital}` as StringKey) : vital}${raised !== undefined
          ? html` · <span class="urgent-age">${formatAgo(raised, this.now, localeTag(hass))}</span>`
          : nothing}${alert.acknowledged || a.acknowledged === true ? html` · ${this.t("alerts.acked")}` : nothing}</span
      >
    </div>`;
  }

  protected render(): TemplateResult | typeof nothing {
    if (!this.config || !this.hass) return nothing;
    const hass = this.hass;
    const rows: Row[] = this.patients
      .map((patient) => ({
        patient,
        name: patient.name,
        status: patientStatus(patient.patientStatus ? hass.states[patient.patientStatus] : undefined),
        key: patient.deviceId ?? patient.patientStatus ?? "",
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

  /** The value large, its unit small (three values side by side on a phone). */
  private renderValue(entity: HassEntity | undefined, locale: string, decimals: number): TemplateResult | string {
    if (!entity || !isNumeric(entity.state)) return "—";
    const unit = entity.attributes.unit_of_measurement;
    return html`${formatNumber(Number(entity.state), locale, decimals)}${unit
      ? html`<span class="v-unit">${unit === "%" && !locale.toLowerCase().startsWith("fr") ? unit : `\u00a0${unit}`}</span>`
      : nothing}`;
  }

  private renderPatient(row: Row): TemplateResult {
    const hass = this.hass as HomeAssistant;
    const locale = numberLocale(hass);
    const offline = row.status === "offline";
    const style = statusStyle(row.status);
    const conn = row.patient.connectivity ? hass.states[row.patient.connectivity]?.state : undefined;
    // Since when the monitor is disconnected (a connected one is simply live).
    const lost = parseTime(row.patient.connectivity ? hass.states[row.patient.connectivity]?.last_changed : undefined);
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
          <span class="chip status" style="--chip-color:${style.color}">${this.t(`status.${row.status}` as StringKey)}</span>
        </div>
        ${row.patient.connectivity
          ? html`<div class="connection secondary" data-state=${conn ?? "unknown"}>
              <span
                class="dot"
                style="background:${conn === "on" ? "var(--fajma-normal)" : conn === "off" ? "var(--fajma-critical)" : "var(--fajma-muted)"}"
              ></span
              >${this.t(conn === "on" ? "conn.connected" : conn === "off" ? "conn.disconnected" : "conn.unknown")}${conn === "off" && lost !== undefined
                ? html` · ${formatAgo(lost, this.now, localeTag(hass))}`
                : nothing}
            </div>`
          : nothing}
        ${this.renderUrgent(row)}
        <div class="vitals">
          ${SHOWN.filter((k) => row.patient.vitals[k]).map((k) => {
            const id = row.patient.vitals[k] as string;
            const view = vitalView(hass.states[id], offline, this.now);
            return html`<div class="vital" data-vital=${k} data-status=${view.status}
              style="--v-color:${statusStyle(view.status).color}">
              <span class="v-label secondary"
                >${this.t((k === "body_temperature" ? "vital.short.body_temperature" : `vital.${k}`) as StringKey)}</span
              >
              <span class="v-value">${this.renderValue(hass.states[id], locale, hass.entities[id]?.display_precision ?? DEFAULT_PRECISION[k])}</span>
            </div>`;
          })}
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
        grid-template-columns: repeat(auto-fill, minmax(260px, 1fr));
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
      .v-unit {
        font-size: 0.8rem;
        font-weight: 400;
      }
      .v-value {
        font-size: 24px;
        line-height: 30px;
        overflow: hidden;
        text-overflow: ellipsis;
        font-weight: 500;
        white-space: nowrap;
      }
      .patient.offline .v-value {
        /* Readable (WCAG AA) yet clearly not live. */
        color: color-mix(in srgb, var(--secondary-text-color, #727272) 70%, var(--primary-text-color, #212121));
      }
      .connection {
        display: flex;
        align-items: center;
        gap: 6px;
        margin-top: 4px;
        font-size: 0.8rem;
      }
      .dot {
        width: 8px;
        height: 8px;
        border-radius: 50%;
        flex: none;
      }
      .urgent {
        display: flex;
        align-items: center;
        gap: 6px;
        margin-top: 6px;
        padding: 4px 8px;
        border-radius: 8px;
        font-size: 0.85rem;
        border-left: 4px solid var(--alert-color);
        background: color-mix(in srgb, var(--alert-color) 14%, transparent);
      }
      .urgent-text {
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      @media (max-width: 420px) {
        .grid {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    `,
  ];
}
