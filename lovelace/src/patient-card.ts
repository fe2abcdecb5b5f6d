// custom:fajma-patient-card — one patient: vitals, live trend, alerts, connection, controls.
import { LitElement, css, html, nothing, svg, type PropertyValues, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import { AlertsSource, groupHistory, type AlertsState } from "./alerts";
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
  formatNumber,
  isNumeric,
  unitSuffix,
  formatValue,
  parseTime,
} from "./format";
import {
  HistoryBuffer,
  LAST_N,
  WIDE_SECONDS,
  WINDOW_SECONDS,
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
import { freshness, patientStatus, statusStyle, thresholdLines, vitalView } from "./status";
import { sparklinePath } from "./sparkline";
import { sharedStyles } from "./styles";
import type { FajmaAlert, HomeAssistant, Status, VitalKey } from "./types";
import { VITAL_KEYS } from "./types";

type Unsub = () => Promise<void> | void;

/** How many past alerts the panel lists, each with its transitions. */
const HISTORY_ALERTS = 10;

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
  private seriesCache = new Map<string, { key: string; series: Series }>();
  private sparkCache = new Map<string, { key: string; path: string }>();
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
    // One stream for every vital: the chart and the tiles' sparklines draw the same data.
    const vitalIds = VITAL_KEYS.map((k) => this.patient?.vitals[k]).filter((id): id is string => !!id);
    const chartEntity = this.chartVital ? this.patient.vitals[this.chartVital] : undefined;
    const base = vitalIds.length ? `${vitalIds.join(",")}|${this.window}` : "";
    if (!this.historyKey.startsWith(`${base}|`)) this.historyWide = false;
    const historyKey = base ? `${base}|${this.historyWide ? "wide" : ""}` : "";
    if (historyKey !== this.historyKey) {
      this.stopHistory();
      this.historyKey = historyKey;
      if (historyKey) this.startHistory(vitalIds, chartEntity);
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
    if (this.alertsSource) {
      this.alertsSource.setHass(this.hass);
      this.alertsSource.check(this.patient.alertActive ? this.hass.states[this.patient.alertActive] : undefined);
    }
  }

  private startHistory(entityIds: string[], chartEntity: string | undefined): void {
    const hass = this.hass;
    if (!hass) return;
    this.history.clear();
    this.historyRevision += 1;
    const wide = this.historyWide;
    const request = historyStreamRequest(
      entityIds,
      this.window,
      Date.now(),
      wide ? WIDE_SECONDS : undefined,
    );
    let first = true;
    this.historyUnsub = hass.connection
      .subscribeMessage<HistoryStreamMessage>((msg) => {
        this.history.apply(msg);
        this.historyRevision += 1;
        if (
          first &&
          chartEntity &&
          this.window === "50" &&
          !wide &&
          this.history.count(chartEntity) < LAST_N
        ) {
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
        ${this.config.show_controls && patient.deviceId && hass.user?.is_admin === true
          ? this.renderControls()
          : nothing}
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
          ${patient.irregularPulse && this.hass?.states[patient.irregularPulse]?.state === "on"
            ? html`<span class="chip irregular-pulse" style="--chip-color:var(--fajma-warning)"
                >${this.t("irregular_pulse")}</span
              >`
            : nothing}
        </div>
      </div>
    `;
  }

  private renderFinger(patient: PatientEntities): TemplateResult | typeof nothing {
    const finger = patient.fingerDetected ? this.hass?.states[patient.fingerDetected]?.state : undefined;
    if (finger !== "off") return nothing;
    return html`<div class="hint finger-absent secondary">${this.t("finger.absent")}</div>`;
  }

  /** The charted series of one vital, recomputed on new data and every 10 s. */
  private seriesOf(entityId: string): Series {
    const key = `${this.historyRevision}|${this.historyKey}|${Math.floor(this.now / 10_000)}`;
    const cached = this.seriesCache.get(entityId);
    if (cached?.key === key) return cached.series;
    const series = this.history.series(entityId, this.window, this.now);
    this.seriesCache.set(entityId, { key, series });
    return series;
  }

  private sparkline(entityId: string): string {
    const key = `${this.historyRevision}|${this.historyKey}|${Math.floor(this.now / 10_000)}`;
    const cached = this.sparkCache.get(entityId);
    if (cached?.key === key) return cached.path;
    const series = this.history.series(entityId, this.window === "24h" ? "24h" : "1h", this.now);
    // Up to now (or the newest reading, should the device's clock run ahead of the page's),
    // from the window's start or, for a device newer than that, its first state.
    const to = Math.max(this.now / 1000, (series.t.at(-1) ?? 0) + 1);
    const from = Math.min(to - 60, Math.max(to - WINDOW_SECONDS[this.window], series.t[0] ?? 0));
    const decimals =
      this.hass?.entities[entityId]?.display_precision ??
      DEFAULT_PRECISION[(VITAL_KEYS.find((k) => this.patient?.vitals[k] === entityId) ?? "heart_rate") as VitalKey];
    // Ten display steps at least: 23.0 ↔ 23.1 °C stays a ripple, not a cliff.
    const path = sparklinePath(series, { width: 100, height: 24, from, to, minSpan: 10 * 10 ** -decimals });
    this.sparkCache.set(entityId, { key, path });
    return path;
  }

  private renderTile(key: VitalKey, patient: PatientEntities, offline: boolean): TemplateResult {
    const hass = this.hass as HomeAssistant;
    const entityId = patient.vitals[key] as string;
    const entity = hass.states[entityId];
    const view = vitalView(entity, offline, this.now, this.config?.stale_after ?? 0);
    const fresh = freshness(
      entity,
      patient.connectivity ? hass.states[patient.connectivity] : undefined,
      patient.patientStatus ? hass.states[patient.patientStatus] : undefined,
    );
    const locale = numberLocale(hass);
    const decimals = hass.entities[entityId]?.display_precision ?? DEFAULT_PRECISION[key];
    const a = entity?.attributes ?? {};
    const warn = formatRange(a.warning_low, a.warning_high, locale, decimals);
    const crit = formatRange(a.critical_low, a.critical_high, locale, decimals);
    const style = statusStyle(view.status);
    const selected = this.chartVital === key && this.config?.show_chart;
    // Offline: the last value the history holds, marked as such.
    let number: number | undefined = entity && isNumeric(entity.state) ? Number(entity.state) : undefined;
    if (number === undefined && !fresh.live) number = this.history.lastNumeric(entityId)?.v;
    const value =
      number === undefined
        ? "—"
        : html`${formatNumber(number, locale, decimals)}<span class="unit"
              >${unitSuffix(a.unit_of_measurement, locale)}</span
            >`;
    const spark = this.sparkline(entityId);
    return html`
      <div
        class="tile ${view.stale ? "stale" : ""} ${selected ? "selected" : ""}"
        data-vital=${key}
        data-status=${view.status}
        data-stale=${view.stale ? "true" : "false"}
        data-fresh=${fresh.live ? "live" : "last"}
        style="--tile-color:${style.color}"
        role="button"
        tabindex="0"
        aria-pressed=${selected ? "true" : "false"}
        @click=${() => {
          this.chartVital = key;
        }}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key === "Enter" || e.key === " ") this.chartVital = key;
        }}
      >
        <div class="tile-label">${this.t(`vital.${key}` as StringKey)}</div>
        <div class="tile-value">${value}</div>
        <div class="tile-status">
          ${
            // Room temperature, humidity and perfusion have no alarm bands, hence no status.
            view.status === "unknown" && a.status === undefined && !view.stale
              ? nothing
              : this.statusLabel(view.status)
          }${view.stale && view.status !== "offline" ? html` · ${this.t("status.stale")}` : nothing}
        </div>
        <svg class="sparkline" viewBox="0 0 100 24" preserveAspectRatio="none" aria-hidden="true">
          ${spark ? svg`<path d=${spark}></path>` : nothing}
        </svg>
        <div class="tile-updated secondary">
          ${fresh.live
            ? html`<span class="live-dot"></span>${this.t("fresh.live")}`
            : fresh.since === undefined
              ? this.t("updated.never")
              : this.t("fresh.last", { ago: formatAgo(fresh.since, this.now, localeTag(hass)) })}
        </div>
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
    const series = this.seriesOf(entityId);
    const entity = hass.states[entityId];
    const view = vitalView(entity, false, this.now);
    const fresh = freshness(
      entity,
      patient.connectivity ? hass.states[patient.connectivity] : undefined,
      patient.patientStatus ? hass.states[patient.patientStatus] : undefined,
    );
    const decimals = hass.entities[entityId]?.display_precision ?? DEFAULT_PRECISION[key];
    const nowS = Math.floor(this.now / 10_000) * 10;
    const thresholds = thresholdLines(entity?.attributes);
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
          .extendTo=${fresh.live ? this.now / 1000 : undefined}
          .xRange=${this.window === "50" ? undefined : this.xRange(series, nowS)}
          .window=${this.window}
          .color=${view.status === "offline" || view.status === "unknown"
            ? "var(--primary-color, #03a9f4)"
            : statusStyle(view.status).color}
          .unit=${entity?.attributes.unit_of_measurement ?? ""}
          .locale=${localeTag(hass)}
          .numberLocale=${numberLocale(hass)}
          .hour12=${hour12(hass)}
          .decimals=${decimals}
          .points=${this.window === "50"}
          .thresholds=${thresholds}
          .levelLabels=${this.levelLabels}
          .noReading=${this.t("chart.no_reading")}
          .theme=${hass.themes?.darkMode ? "dark" : "light"}
          data-points=${series.t.length}
          data-thresholds=${thresholds.length}
        ></fajma-chart>
        ${series.t.length === 0 ? html`<div class="chart-empty secondary">${this.t("chart.empty")}</div>` : nothing}
      </div>
    `;
  }

  /**
   * The chart's time axis: the window, or from the first state when the history is shorter
   * (a device added a minute ago is not a dot at the right edge of an empty hour).
   */
  private xRange(series: Series, nowS: number): [number, number] {
    const start = nowS - WINDOW_SECONDS[this.window];
    const first = series.t[0];
    return [first !== undefined && first > start ? Math.min(first, nowS - 60) : start, nowS + 10];
  }

  private levelLabelsCache?: { lang: Lang; labels: Record<"warning" | "critical", string> };

  private get levelLabels(): Record<"warning" | "critical", string> {
    const lang = this.uiLang;
    if (this.levelLabelsCache?.lang !== lang) {
      this.levelLabelsCache = {
        lang,
        labels: { warning: this.t("threshold.warning"), critical: this.t("threshold.critical") },
      };
    }
    return this.levelLabelsCache.labels;
  }

  private renderAlerts(patient: PatientEntities): TemplateResult | typeof nothing {
    const s = this.alerts;
    if (s.kind === "unsupported" || s.kind === "loading" || !patient.deviceId) return nothing;
    if (s.kind === "error") {
      return html`<div class="alerts error secondary">${this.t("alerts.error", { message: s.message })}</div>`;
    }
    const past = groupHistory(s.data.history).slice(0, HISTORY_ALERTS);
    return html`
      <div class="alerts">
        <div class="section-title">${this.t("alerts.title")}</div>
        ${s.data.active.length === 0
          ? html`<div class="alerts-none secondary">${this.t("alerts.none")}</div>`
          : s.data.active.map((a) => this.renderAlert(a, true, patient))}
        ${past.length
          ? html`<details class="alert-history">
              <summary class="secondary">${this.t("alerts.history")} (${past.length})</summary>
              ${past.map((g) => this.renderAlert(g.latest, false, patient, g.transitions))}
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

  /** "14:02" today, "3 Dec 14:02" before, in the user's language and clock. */
  private clock(ms: number): string {
    const hass = this.hass as HomeAssistant;
    const sameDay = new Date(ms).toDateString() === new Date(this.now).toDateString();
    return new Intl.DateTimeFormat(localeTag(hass), {
      ...(sameDay ? {} : { day: "numeric", month: "short" }),
      hour: "2-digit",
      minute: "2-digit",
      hour12: hour12(hass),
    }).format(new Date(ms));
  }

  /** "raised", "worse", "reminder", "improved", "Marie is on it", "back within limits"… */
  private transitionLabel(tr: FajmaAlert): string {
    if (tr.state === "acknowledged" && tr.acknowledged_by) {
      return tr.acknowledged_by === "phone"
        ? this.t("alert.state.acknowledged_phone")
        : this.t("alert.state.acknowledged_by", { who: tr.acknowledged_by });
    }
    if (tr.state === "escalated" && tr.escalation === "renotify") return this.t("alert.state.reminder");
    return this.maybeT(`alert.state.${tr.state}`, tr.state);
  }

  /** "Marie is on it · 2 min ago", or what is known of it. */
  private renderAcked(alert: FajmaAlert): TemplateResult {
    const hass = this.hass as HomeAssistant;
    const at = parseTime(alert.acknowledged_at);
    const who = alert.acknowledged_by;
    return html`<span class="acked secondary" data-acknowledged-by=${who ?? ""}
      >${
        // "phone": a notification's action that names no user.
        who === "phone"
          ? this.t("alerts.acked_phone")
          : who
            ? this.t("alerts.acked_by", { who })
            : this.t("alerts.acked")
      }${at !== undefined
        ? html` · <time datetime=${new Date(at).toISOString()} title=${this.clock(at)}
              >${formatAgo(at, this.now, localeTag(hass))}</time
            >`
        : nothing}</span
    >`;
  }

  private renderAlert(
    alert: FajmaAlert,
    active: boolean,
    patient: PatientEntities,
    transitions: FajmaAlert[] = [],
  ): TemplateResult {
    const hass = this.hass as HomeAssistant;
    const locale = numberLocale(hass);
    const vital = alert.vital as VitalKey;
    const vitalEntity = patient.vitals[vital] ? hass.states[patient.vitals[vital] as string] : undefined;
    const unit = vitalEntity?.attributes.unit_of_measurement;
    const decimals = DEFAULT_PRECISION[vital] ?? 1;
    const vitalName = hasKey(`vital.${alert.vital}`) ? this.t(`vital.${alert.vital}` as StringKey) : alert.vital;
    const raised = parseTime(alert.raised_at ?? (transitions.length ? undefined : alert.time));
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
            ? this.renderAcked(alert)
            : html`<button class="ack" ?disabled=${pending} @click=${() => this.acknowledge(alert)}>
                ${this.t("alerts.ack")}
              </button>`
          : nothing}
        ${transitions.length
          ? html`<ol class="transitions secondary">
              ${transitions.map((tr) => {
                const at = parseTime(tr.time ?? tr.raised_at);
                return html`<li data-state=${tr.state}>
                  ${at !== undefined ? html`<time datetime=${new Date(at).toISOString()}>${this.clock(at)}</time> ` : nothing}${this.transitionLabel(tr)}
                </li>`;
              })}
            </ol>`
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
        grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
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
      .tile-value .unit {
        font-size: 16px;
        font-weight: 400;
      }
      .tile-value {
        font-size: 28px;
        font-weight: 500;
        line-height: 36px;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .tile-status {
        font-size: 0.85rem;
        font-weight: 600;
        color: var(--tile-color);
      }
      .tile.stale .tile-value,
      .tile[data-fresh="last"] .tile-value {
        /* Readable (WCAG AA) yet clearly not live. */
        color: color-mix(in srgb, var(--secondary-text-color, #727272) 70%, var(--primary-text-color, #212121));
      }
      .tile.stale .tile-value {
        text-decoration: line-through;
        text-decoration-thickness: 1px;
      }
      .tile-updated,
      .tile-thresholds {
        font-size: 0.75rem;
      }
      .sparkline {
        display: block;
        width: 100%;
        height: 24px;
        margin: 2px 0;
        overflow: visible;
      }
      .sparkline path {
        fill: none;
        stroke: var(--tile-color);
        stroke-width: 1.5px;
        stroke-linecap: round;
        stroke-linejoin: round;
        vector-effect: non-scaling-stroke;
      }
      .live-dot {
        display: inline-block;
        width: 7px;
        height: 7px;
        margin-right: 4px;
        border-radius: 50%;
        background: var(--fajma-normal);
        vertical-align: middle;
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
        padding: 2px 12px;
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
        min-height: 44px;
        display: flex;
        align-items: center;
      }
      .transitions {
        flex-basis: 100%;
        margin: 0;
        padding: 0;
        list-style: none;
        display: flex;
        flex-wrap: wrap;
        gap: 2px 12px;
        font-size: 0.8rem;
      }
      .acked {
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
          font-size: 26px;
          line-height: 32px;
        }
      }
    `,
  ];
}
