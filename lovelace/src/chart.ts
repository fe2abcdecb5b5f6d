// A small live line chart drawn with uPlot.
import { LitElement, css, html, unsafeCSS, type PropertyValues } from "lit";
import { property } from "lit/decorators.js";
import uPlot from "uplot";
import uplotCss from "uplot/dist/uPlot.min.css";
import type { Series } from "./history";
import type { ThresholdLine } from "./types";
import { formatNumber } from "./format";

export class FajmaChart extends LitElement {
  @property({ attribute: false }) series: Series = { t: [], v: [] };
  @property() color = "var(--primary-color, #03a9f4)";
  @property() unit = "";
  /** Language for times. */
  @property() locale = "en";
  /** Locale for numbers (the user's number format). */
  @property() numberLocale = "en";
  @property({ attribute: false }) hour12?: boolean;
  @property({ type: Number }) decimals = 0;
  @property({ type: Boolean }) points = false;
  /** Dashed lines at the limits the integration reports (drawn, never evaluated). */
  @property({
    attribute: false,
    hasChanged: (a?: ThresholdLine[], b?: ThresholdLine[]) => JSON.stringify(a) !== JSON.stringify(b),
  })
  thresholds: ThresholdLine[] = [];
  /** Changing it (e.g. on dark mode) re-reads the theme colours. */
  @property() theme = "";

  private plot?: uPlot;
  private resizeObserver?: ResizeObserver;

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
    `,
  ];

  render() {
    return html`<div class="wrap"></div>
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
      changed.has("locale") ||
      changed.has("numberLocale") ||
      changed.has("hour12") ||
      changed.has("decimals");
    if (rebuild) this.build();
    else if (changed.has("series")) this.plot?.setData(this.data());
    else if (changed.has("thresholds")) this.plot?.redraw(false);
  }

  private data(): uPlot.AlignedData {
    return [this.series.t, this.series.v] as unknown as uPlot.AlignedData;
  }

  private cssColor(selector: string): string {
    const el = this.renderRoot.querySelector(selector);
    return el ? getComputedStyle(el).color : "#888";
  }

  private build(): void {
    const wrap = this.renderRoot.querySelector<HTMLDivElement>(".wrap");
    if (!wrap) return;
    this.plot?.destroy();
    this.style.setProperty("--fajma-chart-line", this.color);
    const line = getComputedStyle(wrap).color;
    const text = this.cssColor(".probe-text");
    const grid = this.cssColor(".probe-grid");
    const width = Math.max(120, Math.floor(wrap.clientWidth || 300));
    const fmt = (v: number) => formatNumber(v, this.numberLocale, this.decimals);
    const time = new Intl.DateTimeFormat(this.locale, {
      hour: "2-digit",
      minute: "2-digit",
      hour12: this.hour12,
    });
    const day = new Intl.DateTimeFormat(this.locale, { day: "numeric", month: "short" });
    const levelColor = {
      warning: this.cssColor(".probe-warning"),
      critical: this.cssColor(".probe-critical"),
    };
    const drawThresholds = (u: uPlot) => {
      const { ctx, bbox } = u;
      for (const t of this.thresholds) {
        const y = u.valToPos(t.value, "y", true);
        if (!Number.isFinite(y) || y < bbox.top || y > bbox.top + bbox.height) continue;
        ctx.save();
        ctx.strokeStyle = levelColor[t.level];
        ctx.globalAlpha = 0.8;
        ctx.lineWidth = uPlot.pxRatio;
        ctx.setLineDash(t.level === "critical" ? [6 * uPlot.pxRatio, 3 * uPlot.pxRatio] : [2 * uPlot.pxRatio, 3 * uPlot.pxRatio]);
        ctx.beginPath();
        ctx.moveTo(bbox.left, y);
        ctx.lineTo(bbox.left + bbox.width, y);
        ctx.stroke();
        ctx.restore();
      }
    };
    const opts: uPlot.Options = {
      width,
      height: 170,
      hooks: { draw: [drawThresholds] },
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      series: [
        {},
        {
          label: this.unit,
          stroke: line,
          width: 2,
          spanGaps: false,
          points: { show: this.points, size: 4, fill: line },
        },
      ],
      axes: [
        {
          stroke: text,
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid, width: 1 },
          // Times in the user's language (24 h in French), not uPlot's English defaults.
          values: (_u, splits, _axis, _space, incr) =>
            splits.map((s) => (incr >= 86_400 ? day : time).format(new Date(s * 1000))),
        },
        {
          stroke: text,
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid, width: 1 },
          size: 48,
          values: (_u, splits) => splits.map((v) => fmt(v)),
        },
      ],
    };
    wrap.replaceChildren();
    this.plot = new uPlot(opts, this.data(), wrap);
    if (!this.resizeObserver) {
      this.resizeObserver = new ResizeObserver(() => {
        const w = Math.floor(wrap.clientWidth);
        if (this.plot && w > 0 && w !== this.plot.width) this.plot.setSize({ width: w, height: 170 });
      });
      this.resizeObserver.observe(wrap);
    }
  }
}
