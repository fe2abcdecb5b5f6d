// A tile's sparkline: an SVG path of the same series the chart draws, reduced to a few
// dozen buckets (min and max of each, so a brief spike stays visible), gaps left open.
import type { Series } from "./history";

export interface SparklineGeometry {
  width: number;
  height: number;
  /** Left and right edges of the time axis (Unix seconds). */
  from: number;
  to: number;
  buckets?: number;
  /** The smallest value range drawn full height (so that 23.0 ↔ 23.1 is not a cliff). */
  minSpan?: number;
}

/**
 * SVG path data ("M x y L x y …", a new "M" after every gap); "" when there is nothing to
 * draw. A value is held until the next reading (states are only written when they change),
 * and a bucket without numeric readings after a gap stays empty.
 */
export function sparklinePath(series: Series, g: SparklineGeometry): string {
  const buckets = g.buckets ?? 40;
  const span = g.to - g.from;
  if (span <= 0 || series.t.length === 0) return "";
  const lo: (number | null)[] = new Array(buckets).fill(null);
  const hi: (number | null)[] = new Array(buckets).fill(null);
  // A bucket is "gap" when the last state seen in it (or carried into it) is not a number.
  const gap: boolean[] = new Array(buckets).fill(true);
  let held: number | null = null;
  let i = 0;
  // The value in force at the left edge.
  while (i < series.t.length && series.t[i] < g.from) {
    held = series.v[i];
    i += 1;
  }
  for (let b = 0; b < buckets; b++) {
    const start = g.from + (b * span) / buckets;
    const end = g.from + ((b + 1) * span) / buckets;
    const add = (v: number | null) => {
      if (v === null) return;
      lo[b] = lo[b] === null ? v : Math.min(lo[b] as number, v);
      hi[b] = hi[b] === null ? v : Math.max(hi[b] as number, v);
    };
    // The value carried in counts unless it is replaced right at the bucket's start.
    if (!(i < series.t.length && series.t[i] <= start)) add(held);
    while (i < series.t.length && series.t[i] < end) {
      held = series.v[i];
      add(held);
      i += 1;
    }
    gap[b] = lo[b] === null;
  }
  const values = [...lo, ...hi].filter((v): v is number => v !== null);
  if (values.length === 0) return "";
  let min = Math.min(...values);
  let max = Math.max(...values);
  const minSpan = Math.max(g.minSpan ?? 0, 1e-9);
  if (max - min < minSpan) {
    const mid = (max + min) / 2;
    min = mid - minSpan / 2;
    max = mid + minSpan / 2;
  }
  const pad = 1.5;
  const y = (v: number) => pad + (g.height - 2 * pad) * (1 - (v - min) / (max - min));
  const x = (b: number) => (g.width * (b + 0.5)) / buckets;
  const r = (n: number) => Math.round(n * 10) / 10;
  const parts: string[] = [];
  let pen = false;
  for (let b = 0; b < buckets; b++) {
    if (gap[b]) {
      pen = false;
      continue;
    }
    const a = lo[b] as number;
    const z = hi[b] as number;
    parts.push(`${pen ? "L" : "M"}${r(x(b))} ${r(y(a))}`);
    if (z !== a) parts.push(`L${r(x(b))} ${r(y(z))}`);
    pen = true;
  }
  return parts.join(" ");
}
