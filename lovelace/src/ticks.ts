// Pure helpers of the chart: tick steps, labels that never repeat, held values.
import type { ChartWindow } from "./config";
import type { Series } from "./history";

/** Tick steps of the time axis (seconds); the window sets the smallest. */
export const TIME_INCRS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 14400, 21600, 43200, 86400,
  172800, 604800,
];
export const MIN_TIME_INCR: Record<ChartWindow, number> = { "50": 1, "1h": 60, "24h": 3600 };

/** Value steps: 1, 2, 5 × 10^k, never finer than the value's decimals. */
export function valueIncrs(decimals: number): number[] {
  const out: number[] = [];
  for (let k = -Math.max(0, decimals); k <= 5; k++) {
    for (const m of [1, 2, 5]) out.push(Number((m * 10 ** k).toFixed(Math.max(0, -k))));
  }
  return out;
}

/** Decimals that show a tick step exactly (0.5 → 1, 2 → 0). */
export function decimalsFor(incr: number): number {
  for (let d = 0; d < 6; d++) if (Math.abs(Math.round(incr * 10 ** d) - incr * 10 ** d) < 1e-6) return d;
  return 6;
}

/** Blank every label equal to the one before it: tick labels never repeat. */
export function distinct(labels: string[]): string[] {
  return labels.map((l, i) => (i > 0 && l === labels[i - 1] ? "" : l));
}

/**
 * uPlot's data columns for a series: a value is held until the next state (states are
 * only written when they change), so a live value is extended to `extendTo`; a gap (null)
 * stays a gap.
 */
export function chartColumns(series: Series, extendTo?: number): [number[], (number | null)[]] {
  const t = [...series.t];
  const v = [...series.v];
  const last = v.length - 1;
  if (extendTo !== undefined && last >= 0 && v[last] !== null && extendTo > t[last]) {
    t.push(extendTo);
    v.push(v[last]);
  }
  return [t, v];
}

