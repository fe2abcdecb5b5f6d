// custom:fajma-patient-card — one patient: vitals, live trend, alerts, connection, controls.
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import { AlertsSource, type AlertsState } from "./alerts";
import {
  PATIENT_CARD,
  PATIENT_CARD_EDITOR,
  PATIENT_DEFAULTS,
  WINDOWS,
  resolvePatientConfig,
  type ChartWindow,
  type PatientCardConfig,
  type ResolvedPatientConfig,
} from "./config";
import { fireEvent } from "./define";
import { ensureHaForm } from "./patient-card-editor";
import {
  findPatientEntities,
  hassChanged,
  listPatients,
  watchedEntityIds,
  type PatientEntities,
} from "./entities";
import {
  DEFAULT_PRECISION,
  formatAgo,
  formatRange,
  formatState,
  formatValue,
  parseTime,
} from "./format";
import {
  HistoryBuffer,
  LAST_N,
  WIDE_SECONDS,
  historyStreamRequest,
  type HistoryStreamMessage,
  type Series,
} from "./history";
import {
  hasKey,
  hour12,
  language,
  localeTag,
  numberLocale,
  translate,
  type Lang,
  type StringKey,
} from "./i18n";
import { patientStatus, statusStyle, thresholdLines, vitalView } from "./status";
import { sharedStyles } from "./styles";
import type { FajmaAlert, HomeAssistant, Status, VitalKey } from "./types";
import { VITAL_KEYS } from "./types";

type Unsub = () => Promise<void> | void;

export class FajmaPatientCard extends LitElement {
  @property({ attribute: false }) hass?: HomeAssistant;
  @state() private config?: ResolvedPatientConfig;
  @state() private now = Date.now();
  @state() private window: ChartWindow = PATIENT_DEFAULTS.window;
  @state() private chartVital?: VitalKey;
  @state() private historyRevision = 0;
  @state() private alerts: AlertsState = { kind: "loading" };
  @state() private pendingAck = new Set<string>();
  @state() private confirmRestart = false;
  @state() private actionError?: string;

  private patient?: PatientEntities;
  private patientKey = "";
  private timer?: ReturnType<typeof setInterval>;
  private history = new HistoryBuffer();
  private historyKey = "";
  private historyUnsub?: Promise<Unsub | undefined>;
  /** "Last 50" found fewer than 50 readings in an hour: look back a day instead. */
  private historyWide = false;
  private seriesCache?: { key: string; series: Series };
  private alertsSource?: AlertsSource;
  private alertsKey = "";

  static async getConfigElement(): Promise<HTMLElement> {
    await ensureHaForm();
    return document.createElement(PATIENT_CARD_EDITOR);
  }

  static getStubConfig(hass?: HomeAssistant): PatientCardConfig {
    const first = hass ? listPatients(hass)[0] : undefined;
    if (first?.deviceId) return { type: `custom:${PATIENT_CARD}`, device_id: first.deviceId };
    if (first?.patientStatus) return { type: `custom:${PATIENT_CARD}`, entity: first.patientStatus };
    return { type: `custom:${PATIENT_CARD}`, device_id: "" };
  }

  setConfig(config: PatientCardConfig): void {
    this.config = resolvePatientConfig(config);
    this.window = this.config.window;
    this.patientKey = "";
  }

  getCardSize(): number {
    return 8;
  }

  getGridOptions(): Record<string, unknown> {
    return { columns: 12, min_columns: 6, rows: "auto" };
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.timer = setInterval(() => {
      this.now = Date.now();
    }, 1000);
    this.syncSubscriptions();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
    this.timer = undefined;
    this.stopHistory();
    this.stopAlerts();
  }

  private get uiLang(): Lang {
    return language(this.hass);
  }

  private t(key: StringKey, vars?: Record<string, string | number>): string {
    return translate(this.uiLang, key, vars);
  }

  /** Only the entities this card shows (plus registry/locale/theme) trigger a render. */
  protected shouldUpdate(changed: PropertyValues<this>): boolean {
    if (!this.config) return false;
    if (changed.size > 1 || !changed.has("hass")) return true;
    const old = changed.get("hass") as HomeAssistant | undefined;
    if (!this.hass) return false;
    if (!this.patient) return true;
    return hassChanged(old, this.hass, watchedEntityIds(this.patient));
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    if (!this.hass || !this.config) return;
    // Look the entities up again only for a new config or a registry change (not every tick).
    const old = changed.get("hass") as HomeAssistant | undefined;
    const registryChanged =
      changed.has("hass") &&
      (!old || old.entities !== this.hass.entities || old.devices !== this.hass.devices);
    if (this.patientKey === "" || registryChanged) {
      this.patient = findPatientEntities(this.hass, this.config);
      this.patientKey = JSON.stringify(this.patient ?? null);
    }
    if (this.patient && (!this.chartVital || !this.patient.vitals[this.chartVital])) {
      this.chartVital = VITAL_KEYS.find((k) => this.patient?.vitals[k]);
    }
  }

  protected updated(): void {
    this.syncSubscriptions();
  }

  // ---- subscriptions ------------------------------------------------------------------

  private syncSubscriptions(): void {
    if (!this.isConnected || !this.hass || !this.config || !this.patient) return;
    // Only the charted vital is streamed: a day of one-second readings is a lot of data.
    const chartEntity = this.chartVital ? this.patient.vitals[this.chartVital] : undefined;
    const base = this.config.show_chart && chartEntity ? `${chartEntity}|${this.window}` : "";
    if (!this.historyKey.startsWith(`${base}|`)) this.historyWide = false;
    const historyKey = base ? `${base}|${this.historyWide ? "wide" : ""}` : "";
    if (historyKey !== this.historyKey) {
      this.stopHistory();
      this.historyKey = historyKey;
      if (historyKey && chartEntity) this.startHistory(chartEntity);
    }
    const deviceId = this.patient.deviceId;
    const alertsKey = this.config.show_alerts && deviceId ? deviceId : "";
    if (alertsKey !== this.alertsKey) {
      this.stopAlerts();
      this.alertsKey = alertsKey;
      if (alertsKey) {
        this.alertsSource = new AlertsSource(this.hass, alertsKey, (s) => {
          this.alerts = s;
        });
        void this.alertsSource.start();
      }
    }
  }

  private startHistory(entityId: string): void {
    const hass = this.hass;
    if (!hass) return;
    this.history.clear();
    this.historyRevision += 1;
    const wide = this.historyWide;
    const request = historyStreamRequest(
      [entityId],
      this.window,
      Date.now(),
      wide ? WIDE_SECONDS : undefined,
    );
    let first = true;
    this.historyUnsub = hass.connection
      .subscribeMessage<HistoryStreamMessage>((msg) => {
        this.history.apply(msg);
        this.historyRevision += 1;
        if (first && this.window === "50" && !wide && this.history.count(entityId) < LAST_N) {
          this.historyWide = true; // resubscribed a day back by syncSubscriptions()
        }
        first = false;
      }, request)
      .catch((err: unknown) => {
        console.warn("fajma-patient-card: history/stream failed", err);
        return undefined;
      });
  }

  private stopHistory(): void {
    const pending = this.historyUnsub;
    this.historyUnsub = undefined;
    this.historyKey = "";
    if (pending) {
      void pending.then((unsub) => unsub?.()).catch(() => undefined);
    }
  }

  private stopAlerts(): void {
    this.alertsSource?.stop();
    this.alertsSource = undefined;
    this.alertsKey = "";
    this.alerts = { kind: "loading" };
  }

  // ---- actions ------------------------------------------------------------------------

  private async callService(service: string, data: Record<string, unknown>): Promise<void> {
    if (!this.hass) return;
    this.actionError = undefined;
    try {
      await this.hass.callService("fajma", service, data);
    } catch (err) {
      this.actionError =
        err && typeof err === "object" && "message" in err ? String(err.message) : String(err);
    }
  }

  private async acknowledge(alert: FajmaAlert): Promise<void> {
    this.pendingAck = new Set([...this.pendingAck, alert.alert_id]);
    await this.callService("acknowledge", { alert_id: alert.alert_id });
    const next = new Set(this.pendingAck);
    next.delete(alert.alert_id);
    this.pendingAck = next;
  }

  private calibrate(): void {
    if (this.patient?.deviceId) void this.callService("calibrate", { device_id: this.patient.deviceId });
  }

  private restart(): void {
    this.confirmRestart = false;
    if (this.patient?.deviceId) void this.callService("reset", { device_id: this.patient.deviceId });
  }

  private moreInfo(entityId: string | undefined): void {
    if (entityId) fireEvent(this, "hass-more-info", { entityId });
  }

  // ---- rendering ----------------------------------------------------------------------

  protected render(): TemplateResult | typeof nothing {
    if (!this.config || !this.hass) return nothing;
    const patient = this.patient;
    if (!patient) {
      return html`<ha-card><div class="warning-box">${this.t("error.not_found")}</div></ha-card>`;
    }
    const hass = this.hass;
    const pStatus = patientStatus(patient.patientStatus ? hass.states[patient.patientStatus] : undefined);
    const offline = pStatus === "offline";
    return html`
      <ha-card class=${offline ? "offline" : ""} data-patient-status=${pStatus}>
        ${this.renderHeader(patient, pStatus)}
        ${offline ? html`<div class="warning-box offline-banner">${this.t("offline.banner")}</div>` : nothing}
        ${this.renderFinger(patient)}
        <div class="tiles">
          ${VITAL_KEYS.filter((k) => patient.vitals[k]).map((k) => this.renderTile(k, patient, offline))}
        </div>
        ${this.config.show_chart ? this.renderChart(patient) : nothing}
        ${this.config.show_alerts ? this.renderAlerts(patient) : nothing}
        ${this.config.show_controls && patient.deviceId ? this.renderControls() : nothing}
        ${this.actionError ? html`<div class="action-error">${this.actionError}</div>` : nothing}
      </ha-card>
    `;
  }

  /** Translate a key built from API data, or show the raw value when it is not known. */
  private maybeT(key: string, fallback: string): string {
    return hasKey(key) ? this.t(key) : fallback;
  }

  private statusLabel(status: Status): string {
    return this.t(`status.${status}` as StringKey);
  }

  private renderHeader(patient: PatientEntities, status: Status): TemplateResult {
    const conn = patient.connectivity ? this.hass?.states[patient.connectivity]?.state : undefined;
    const connKey: StringKey =
      conn === "on" ? "conn.connected" : conn === "off" ? "conn.disconnected" : "conn.unknown";
    const connColor =
      conn === "on" ? "var(--fajma-normal)" : conn === "off" ? "var(--fajma-critical)" : "var(--fajma-muted)";
    return html`
      <div class="header">
        <div class="name" @click=${() => this.moreInfo(patient.patientStatus)}>${patient.name}</div>
        <div class="badges">
          ${patient.connectivity
            ? html`<span class="chip connection" data-state=${conn ?? "unknown"} style="--chip-color:${connColor}"
                ><span class="dot"></span>${this.t(connKey)}</span
              >`
            : nothing}
          <span class="chip patient-status" data-status=${status} style="--chip-color:${statusStyle(status).color}"
            >${this.statusLabel(status)}</span
          >
        </div>
      </div>
    `;
  }

  private renderFinger(patient: PatientEntities): TemplateResult | typeof nothing {
    const finger = patient.fingerDetected ? this.hass?.states[patient.fingerDetected]?.state : undefined;
    if (finger !== "off") return nothing;
    return html`<div class="hint finger-absent secondary">${this.t("finger.absent")}</div>`;
  }

  private renderTile(key: VitalKey, patient: PatientEntities, offline: boolean): TemplateResult {
    const hass = this.hass as HomeAssistant;
    const entityId = patient.vitals[key] as string;
    const entity = hass.states[entityId];
    const view = vitalView(entity, offline, this.now, this.config?.stale_after ?? 0);
    const locale = numberLocale(hass);
    const decimals = hass.entities[entityId]?.display_precision ?? DEFAULT_PRECISION[key];
    const a = entity?.attributes ?? {};
    const warn = formatRange(a.warning_low, a.warning_high, locale, decimals);
    const crit = formatRange(a.critical_low, a.critical_high, locale, decimals);
    const style = statusStyle(view.status);
    const selected = this.chartVital === key && this.config?.show_chart;
    const ago =
      view.lastUpdated === undefined
        ? this.t("updated.never")
        : this.t("updated.ago", { ago: formatAgo(view.lastUpdated, this.now, localeTag(hass)) });
    return html`
      <div
        class="tile ${view.stale ? "stale" : ""} ${selected ? "selected" : ""}"
        data-vital=${key}
        data-status=${view.status}
        data-stale=${view.stale ? "true" : "false"}
        style="--tile-color:${style.color}"
        role="button"
        tabindex="0"
        @click=${() => {
          this.chartVital = key;
        }}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key === "Enter" || e.key === " ") this.chartVital = key;
        }}
      >
        <div class="tile-label">${this.t(`vital.${key}` as StringKey)}</div>
        <div class="tile-value">${formatState(entity, locale, decimals)}</div>
        <div class="tile-status">
          ${
            // Room temperature, humidity and perfusion have no alarm bands, hence no status.
            view.status === "unknown" && a.status === undefined && !view.stale
              ? nothing
              : this.statusLabel(view.status)
          }${view.stale && view.status !== "offline" ? html` · ${this.t("status.stale")}` : nothing}
        </div>
        <div class="tile-updated secondary">${ago}</div>
        ${warn || crit
          ? html`<div class="tile-thresholds secondary">
              ${warn ? html`<span>${this.t("threshold.warning")} ${warn}</span>` : nothing}
              ${crit ? html`<span>${this.t("threshold.critical")} ${crit}</span>` : nothing}
            </div>`
          : nothing}
      </div>
    `;
  }

  private renderChart(patient: PatientEntities): TemplateResult | typeof nothing {
    const key = this.chartVital;
    const entityId = key ? patient.vitals[key] : undefined;
    if (!key || !entityId || !this.hass) return nothing;
    const hass = this.hass;
    // Recomputed on new data, and every 10 s as the window's left edge moves.
    const cacheKey = `${this.historyRevision}|${this.historyKey}|${Math.floor(this.now / 10_000)}`;
    if (this.seriesCache?.key !== cacheKey) {
      this.seriesCache = { key: cacheKey, series: this.history.series(entityId, this.window, this.now) };
    }
    const series = this.seriesCache.series;
    const entity = hass.states[entityId];
    const view = vitalView(entity, false, this.now);
    const decimals = hass.entities[entityId]?.display_precision ?? DEFAULT_PRECISION[key];
    return html`
      <div class="chart-section">
        <div class="chart-head">
          <span class="chart-title">${this.t(`vital.${key}` as StringKey)}</span>
          <span class="windows" role="group">
            ${WINDOWS.map(
              (w) => html`<button
                class="window ${w === this.window ? "selected" : ""}"
                data-window=${w}
                aria-pressed=${w === this.window ? "true" : "false"}
                @click=${() => {
                  this.window = w;
                }}
              >
                ${this.t(`chart.window.${w}` as StringKey)}
              </button>`,
            )}
          </span>
        </div>
        <fajma-chart
          .series=${series}
          .color=${view.status === "offline" || view.status === "unknown"
            ? "var(--primary-color, #03a9f4)"
            : statusStyle(view.status).color}
          .unit=${entity?.attributes.unit_of_measurement ?? ""}
          .locale=${localeTag(hass)}
          .numberLocale=${numberLocale(hass)}
          .hour12=${hour12(hass)}
          .decimals=${decimals}
          .points=${this.window === "50"}
          .thresholds=${thresholdLines(entity?.attributes)}
          .theme=${hass.themes?.darkMode ? "dark" : "light"}
          data-points=${series.t.length}
          data-thresholds=${thresholdLines(entity?.attributes).length}
        ></fajma-chart>
        ${series.t.length === 0 ? html`<div class="chart-empty secondary">${this.t("chart.empty")}</div>` : nothing}
      </div>
    `;
  }

  private renderAlerts(patient: PatientEntities): TemplateResult | typeof nothing {
    const s = this.alerts;
    if (s.kind === "unsupported" || s.kind === "loading" || !patient.deviceId) return nothing;
    if (s.kind === "error") {
      return html`<div class="alerts error secondary">${this.t("alerts.title")}: ${s.message}</div>`;
    }
    const recent = s.data.history.slice(0, 5);
    return html`
      <div class="alerts">
        <div class="section-title">${this.t("alerts.title")}</div>
        ${s.data.active.length === 0
          ? html`<div class="alerts-none secondary">${this.t("alerts.none")}</div>`
          : s.data.active.map((a) => this.renderAlert(a, true, patient))}
        ${recent.length
          ? html`<details class="alert-history">
              <summary class="secondary">${this.t("alerts.history")} (${s.data.history.length})</summary>
              ${recent.map((a) => this.renderAlert(a, false, patient))}
            </details>`
          : nothing}
      </div>
    `;
  }

  private alertColor(priority: string): string {
    const p = priority.toLowerCase();
    if (p === "critical" || p === "high" || p === "urgent") return "var(--fajma-critical)";
    if (p === "warning" || p === "medium") return "var(--fajma-warning)";
    return "var(--primary-color, #03a9f4)";
  }

  private renderAlert(alert: FajmaAlert, active: boolean, patient: PatientEntities): TemplateResult {
    const hass = this.hass as HomeAssistant;
    const locale = numberLocale(hass);
    const vital = alert.vital as VitalKey;
    const vitalEntity = patient.vitals[vital] ? hass.states[patient.vitals[vital] as string] : undefined;
    const unit = vitalEntity?.attributes.unit_of_measurement;
    const decimals = DEFAULT_PRECISION[vital] ?? 1;
    const vitalName = hasKey(`vital.${alert.vital}`) ? this.t(`vital.${alert.vital}` as StringKey) : alert.vital;
    const raised = parseTime(alert.raised_at);
    const pending = this.pendingAck.has(alert.alert_id);
    return html`
      <div
        class="alert ${active ? "active" : "past"}"
        data-alert-id=${alert.alert_id}
        data-priority=${alert.priority}
        style="--alert-color:${this.alertColor(alert.priority)}"
      >
        <div class="alert-main">
          <span class="chip" style="--chip-color:var(--alert-color)">${this.maybeT(`alert.priority.${alert.priority}`, alert.priority)}</span>
          <span class="alert-text"
            ><b>${vitalName}</b>${alert.value !== null && alert.value !== undefined
              ? html` ${formatValue(alert.value, locale, decimals, unit)}`
              : nothing}
            <span class="secondary"
              >· ${this.maybeT(`alert.kind.${alert.kind}`, alert.kind)}${alert.threshold !== null && alert.threshold !== undefined
                ? html` · ${this.t("alerts.threshold", {
                    threshold: formatValue(alert.threshold, locale, decimals, unit),
                  })}`
                : nothing}${raised !== undefined ? html` · ${formatAgo(raised, this.now, localeTag(hass))}` : nothing}</span
            ></span
          >
        </div>
        ${active
          ? alert.acknowledged
            ? html`<span class="acked secondary">${this.t("alerts.acked")}</span>`
            : html`<button class="ack" ?disabled=${pending} @click=${() => this.acknowledge(alert)}>
                ${this.t("alerts.ack")}
              </button>`
          : nothing}
      </div>
    `;
  }

  private renderControls(): TemplateResult {
    return html`
      <div class="controls">
        ${this.confirmRestart
          ? html`<div class="confirm" role="alertdialog">
              <span>${this.t("controls.restart_confirm")}</span>
              <span class="confirm-buttons">
                <button class="cancel" @click=${() => (this.confirmRestart = false)}>${this.t("controls.cancel")}</button>
                <button class="danger confirm-restart" @click=${() => this.restart()}>${this.t("controls.confirm")}</button>
              </span>
            </div>`
          : html`<button class="calibrate" @click=${() => this.calibrate()}>${this.t("controls.calibrate")}</button>
              <button class="danger restart" @click=${() => (this.confirmRestart = true)}>
                ${this.t("controls.restart")}
              </button>`}
      </div>
    `;
  }

  static styles = [
    sharedStyles,
    css`
      .header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 8px;
        margin-bottom: 10px;
      }
      .name {
        font-size: 1.25rem;
        font-weight: 500;
        cursor: pointer;
      }
      .badges {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      .dot {
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: currentColor;
      }
      .offline-banner,
      .hint {
        margin-bottom: 10px;
      }
      .tiles {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(140px, 1fr));
        gap: 8px;
      }
      .tile {
        border-radius: 10px;
        padding: 8px 10px;
        border-left: 5px solid var(--tile-color);
        background: color-mix(in srgb, var(--tile-color) 12%, transparent);
        cursor: pointer;
        min-width: 0;
        outline: none;
      }
      .tile.selected {
        box-shadow: inset 0 0 0 2px color-mix(in srgb, var(--tile-color) 70%, transparent);
      }
      .tile:focus-visible {
        box-shadow: inset 0 0 0 2px var(--primary-color, #03a9f4);
      }
      .tile-label {
        font-size: 0.85rem;
        color: var(--secondary-text-color, #727272);
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .tile-value {
        font-size: 1.7rem;
        font-weight: 500;
        line-height: 2.2rem;
        white-space: nowrap;
      }
      .tile-status {
        font-size: 0.85rem;
        font-weight: 600;
        color: var(--tile-color);
      }
      .tile.stale .tile-value {
        color: var(--disabled-text-color, #9e9e9e);
        text-decoration: line-through;
        text-decoration-thickness: 1px;
      }
      .tile-updated,
      .tile-thresholds {
        font-size: 0.75rem;
      }
      .tile-thresholds {
        display: flex;
        flex-wrap: wrap;
        column-gap: 8px;
      }
      .chart-section {
        margin-top: 14px;
        position: relative;
      }
      .chart-head {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 6px;
        margin-bottom: 4px;
      }
      .chart-title,
      .section-title {
        font-weight: 500;
      }
      .windows {
        display: inline-flex;
        gap: 4px;
      }
      .windows button {
        min-height: 30px;
        padding: 2px 10px;
      }
      .chart-empty {
        position: absolute;
        inset: 40px 0 auto 0;
        text-align: center;
        font-size: 0.85rem;
      }
      .alerts {
        margin-top: 14px;
      }
      .alert {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 6px;
        padding: 6px 8px;
        margin-top: 6px;
        border-radius: 8px;
        border-left: 4px solid var(--alert-color);
        background: color-mix(in srgb, var(--alert-color) 10%, transparent);
      }
      .alert.past {
        opacity: 0.75;
      }
      .alert-main {
        display: flex;
        align-items: center;
        gap: 6px;
        flex-wrap: wrap;
        min-width: 0;
      }
      .alerts-none {
        font-size: 0.9rem;
        margin-top: 4px;
      }
      details summary {
        cursor: pointer;
        margin-top: 6px;
        font-size: 0.85rem;
      }
      .controls {
        display: flex;
        flex-wrap: wrap;
        justify-content: flex-end;
        gap: 8px;
        margin-top: 14px;
      }
      .confirm {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px;
        justify-content: space-between;
        width: 100%;
      }
      .confirm-buttons {
        display: inline-flex;
        gap: 8px;
      }
      .action-error {
        margin-top: 8px;
        color: var(--error-color, #db4437);
        font-size: 0.85rem;
      }
      @media (max-width: 420px) {
        .tiles {
          grid-template-columns: repeat(2, minmax(0, 1fr));
        }
        .tile-value {
          font-size: 1.4rem;
        }
      }
    `,
  ];
}
