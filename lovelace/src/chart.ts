// A small live line chart drawn with uPlot.
import { LitElement, css, html, unsafeCSS, type PropertyValues } from "lit";
import { property, state } from "lit/decorators.js";
import uPlot from "uplot";
import uplotCss from "uplot/dist/uPlot.min.css";
import type { ChartWindow } from "./config";
import type { Series } from "./history";
import type { ThresholdLine } from "./types";
import { formatNumber, withUnit } from "./format";
import { MIN_TIME_INCR, TIME_INCRS, chartColumns, decimalsFor, distinct, valueIncrs } from "./ticks";

export class FajmaChart extends LitElement {
  @property({ attribute: false }) series: Series = { t: [], v: [] };
  /** The value is still current at this time (Unix s): the line reaches it. */
  @property({ attribute: false }) extendTo?: number;
  /** The time axis' range (Unix s); undefined: the data's. */
  @property({
    attribute: false,
    hasChanged: (a?: [number, number], b?: [number, number]) => JSON.stringify(a) !== JSON.stringify(b),
  })
  xRange?: [number, number];
  @property() window: ChartWindow = "1h";
  @property() color = "var(--primary-color, #03a9f4)";
  @property() unit = "";
  /** Language for times. */
  @property() locale = "en";
  /** Locale for numbers (the user's number format). */
  @property() numberLocale = "en";
  @property({ attribute: false }) hour12?: boolean;
  @property({ type: Number }) decimals = 0;
  @property({ type: Boolean }) points = false;
  /** Lines at the limits the integration reports (drawn and labelled, never evaluated). */
  @property({
    attribute: false,
    hasChanged: (a?: ThresholdLine[], b?: ThresholdLine[]) => JSON.stringify(a) !== JSON.stringify(b),
  })
  thresholds: ThresholdLine[] = [];
  /** Labels of the limit lines, e.g. { warning: "warn", critical: "crit" }. */
  @property({ attribute: false }) levelLabels: Record<"warning" | "critical", string> = {
    warning: "warning",
    critical: "critical",
  };
  /** Shown in the tooltip for a gap. */
  @property() noReading = "—";
  /** Changing it (e.g. on dark mode) re-reads the theme colours. */
  @property() theme = "";

  @state() private tip?: { left: number; top: number; value: string; time: string };

  private plot?: uPlot;
  private resizeObserver?: ResizeObserver;
  /** What the last draw labelled (axes and limit lines): the canvas has no text to read back. */
  readonly drawn: { x: string[]; y: string[]; limits: string[] } = { x: [], y: [], limits: [] };

  static styles = [
    unsafeCSS(uplotCss),
    css`
      :host {
        display: block;
        position: relative;
      }
      .wrap {
        height: 170px;
        width: 100%;
        color: var(--fajma-chart-line);
        position: relative;
      }
      .probe-text {
        color: var(--secondary-text-color, #727272);
      }
      .probe-grid {
        color: var(--divider-color, rgba(0, 0, 0, 0.12));
      }
      .probe-warning {
        color: var(--warning-color, #ffa600);
      }
      .probe-critical {
        color: var(--error-color, #db4437);
      }
      .probe-text,
      .probe-grid,
      .probe-warning,
      .probe-critical {
        display: none;
      }
      .u-legend {
        display: none;
      }
      .tooltip {
        position: absolute;
        pointer-events: none;
        z-index: 2;
        transform: translate(-50%, calc(-100% - 10px));
        padding: 4px 8px;
        border-radius: 6px;
        font-size: 0.85rem;
        line-height: 1.25;
        white-space: nowrap;
        text-align: center;
        color: var(--primary-text-color, #212121);
        background: var(--card-background-color, #fff);
        border: 1px solid var(--divider-color, rgba(0, 0, 0, 0.12));
        box-shadow: 0 1px 4px rgba(0, 0, 0, 0.2);
      }
      .tooltip .tip-value {
        font-weight: 600;
      }
      .tooltip .tip-time {
        color: var(--secondary-text-color, #727272);
      }
    `,
  ];

  render() {
    const tip = this.tip;
    return html`<div class="wrap"></div>
      ${tip
        ? html`<div class="tooltip" role="status" style="left:${tip.left}px;top:${tip.top}px">
            <div class="tip-value">${tip.value}</div>
            <div class="tip-time">${tip.time}</div>
          </div>`
        : ""}
      <span class="probe-text"></span><span class="probe-grid"></span>
      <span class="probe-warning"></span><span class="probe-critical"></span>`;
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    this.plot?.destroy();
    this.plot = undefined;
  }

  connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.requestUpdate("theme");
  }

  protected updated(changed: PropertyValues<this>): void {
    const rebuild =
      !this.plot ||
      changed.has("color") ||
      changed.has("unit") ||
      changed.has("theme") ||
      changed.has("points") ||
      changed.has("window") ||
      changed.has("locale") ||
      changed.has("numberLocale") ||
      changed.has("hour12") ||
      changed.has("decimals") ||
      changed.has("levelLabels");
    if (rebuild) this.build();
    else if (changed.has("series") || changed.has("extendTo") || changed.has("xRange")) {
      this.plot?.setData(this.data());
    } else if (changed.has("thresholds")) this.plot?.redraw(false);
  }

  private data(): uPlot.AlignedData {
    return chartColumns(this.series, this.extendTo) as unknown as uPlot.AlignedData;
  }

  private cssColor(selector: string): string {
    const el = this.renderRoot.querySelector(selector);
    return el ? getComputedStyle(el).color : "#888";
  }

  private timeFormats() {
    const h12 = this.hour12;
    return {
      seconds: new Intl.DateTimeFormat(this.locale, { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: h12 }),
      minutes: new Intl.DateTimeFormat(this.locale, { hour: "2-digit", minute: "2-digit", hour12: h12 }),
      days: new Intl.DateTimeFormat(this.locale, { day: "numeric", month: "short" }),
      full: new Intl.DateTimeFormat(this.locale, {
        day: "numeric",
        month: "short",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        hour12: h12,
      }),
    };
  }

  private build(): void {
    const wrap = this.renderRoot.querySelector<HTMLDivElement>(".wrap");
    if (!wrap) return;
    this.plot?.destroy();
    this.tip = undefined;
    this.style.setProperty("--fajma-chart-line", this.color);
    const line = getComputedStyle(wrap).color;
    const text = this.cssColor(".probe-text");
    const grid = this.cssColor(".probe-grid");
    const width = Math.max(120, Math.floor(wrap.clientWidth || 300));
    const unit = this.unit;
    const fmtValue = (v: number, decimals: number) =>
      withUnit(formatNumber(v, this.numberLocale, decimals), unit, this.numberLocale);
    const times = this.timeFormats();
    const minIncr = MIN_TIME_INCR[this.window];
    const levelColor = {
      warning: this.cssColor(".probe-warning"),
      critical: this.cssColor(".probe-critical"),
    };
    const font = `${Math.round(11 * uPlot.pxRatio)}px ${getComputedStyle(this).fontFamily || "sans-serif"}`;
    const drawThresholds = (u: uPlot) => {
      const { ctx, bbox } = u;
      this.drawn.limits = [];
      for (const t of this.thresholds) {
        const y = u.valToPos(t.value, "y", true);
        if (!Number.isFinite(y) || y < bbox.top || y > bbox.top + bbox.height) continue;
        ctx.save();
        ctx.strokeStyle = levelColor[t.level];
        ctx.globalAlpha = 0.8;
        ctx.lineWidth = uPlot.pxRatio;
        ctx.setLineDash(
          t.level === "critical"
            ? [6 * uPlot.pxRatio, 3 * uPlot.pxRatio]
            : [2 * uPlot.pxRatio, 3 * uPlot.pxRatio],
        );
        ctx.beginPath();
        ctx.moveTo(bbox.left, y);
        ctx.lineTo(bbox.left + bbox.width, y);
        ctx.stroke();
        // The label: which limit, and its value.
        ctx.globalAlpha = 1;
        ctx.font = font;
        ctx.fillStyle = levelColor[t.level];
        ctx.textAlign = "right";
        const above = y - bbox.top > 14 * uPlot.pxRatio;
        ctx.textBaseline = above ? "bottom" : "top";
        const label = `${this.levelLabels[t.level]} ${fmtValue(t.value, decimalsFor(t.value))}`;
        this.drawn.limits.push(label);
        ctx.fillText(
          label,
          bbox.left + bbox.width - 4 * uPlot.pxRatio,
          above ? y - 2 * uPlot.pxRatio : y + 2 * uPlot.pxRatio,
        );
        ctx.restore();
      }
    };
    const showTip = (u: uPlot) => {
      const idx = u.cursor.idx;
      const left = u.cursor.left ?? -1;
      if (idx === null || idx === undefined || left < 0) {
        if (this.tip) this.tip = undefined;
        return;
      }
      const t = u.data[0][idx];
      const v = u.data[1][idx];
      const top = v === null || v === undefined ? (u.cursor.top ?? 0) : u.valToPos(v, "y");
      this.tip = {
        left: u.valToPos(t, "x") + u.over.offsetLeft,
        top: Math.max(0, top) + u.over.offsetTop,
        value: v === null || v === undefined ? this.noReading : fmtValue(v, this.decimals),
        time: (this.window === "24h" ? times.full : times.seconds).format(new Date(t * 1000)),
      };
    };
    const measure = (u: uPlot, values: string[] | null) => {
      if (!values?.length) return 40;
      const ctx = u.ctx;
      ctx.save();
      ctx.font = font;
      const w = Math.max(...values.map((v) => ctx.measureText(v).width)) / uPlot.pxRatio;
      ctx.restore();
      return Math.ceil(w) + 14;
    };
    const opts: uPlot.Options = {
      width,
      height: 170,
      hooks: { draw: [drawThresholds], setCursor: [showTip] },
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 8 } },
      scales: {
        x: {
          time: true,
          range: (_u, min, max): uPlot.Range.MinMax => this.xRange ?? [min, max],
        },
      },
      series: [
        {},
        {
          label: unit,
          stroke: line,
          width: 2,
          spanGaps: false,
          // Held until the next state; a null (offline, no signal, no finger) is a gap.
          paths: uPlot.paths.stepped?.({ align: 1, alignGaps: 1 }),
          points: { show: this.points, size: 4, fill: line },
        },
      ],
      axes: [
        {
          stroke: text,
          font,
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid, width: 1 },
          space: 64,
          incrs: TIME_INCRS.filter((i) => i >= minIncr),
          // The label's precision follows the step: labels never repeat.
          values: (_u, splits, _axis, _space, incr) =>
            (this.drawn.x = distinct(
              splits.map((s) =>
                (incr < 60 ? times.seconds : incr < 86_400 ? times.minutes : times.days).format(
                  new Date(s * 1000),
                ),
              ),
            )),
        },
        {
          stroke: text,
          font,
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid, width: 1 },
          space: 28,
          incrs: valueIncrs(this.decimals),
          size: (u, values) => measure(u, values),
          values: (_u, splits, _axis, _space, incr) =>
            (this.drawn.y = distinct(splits.map((v) => fmtValue(v, decimalsFor(incr))))),
        },
      ],
    };
    wrap.replaceChildren();
    this.plot = new uPlot(opts, this.data(), wrap);
    this.plot.over.addEventListener("mouseleave", () => {
      this.tip = undefined;
    });
    if (!this.resizeObserver) {
      this.resizeObserver = new ResizeObserver(() => {
        const w = Math.floor(wrap.clientWidth);
        if (this.plot && w > 0 && w !== this.plot.width) this.plot.setSize({ width: w, height: 170 });
      });
      this.resizeObserver.observe(wrap);
    }
  }
}
