// Buffer for Home Assistant's `history/stream` subscription (minimal_response, no_attributes).
import type { ChartWindow } from "./config";

/** One compressed state as sent by history/stream: `s` state, `lu` last_updated (s). */
export interface CompressedState {
  s: string;
  lu: number;
  lc?: number;
  a?: Record<string, unknown>;
}

export interface HistoryStreamMessage {
  states?: Record<string, CompressedState[]>;
  start_time?: number;
  end_time?: number;
}

export interface Series {
  /** Unix seconds. */
  t: number[];
  /** Value, or null for a gap (unavailable / non-numeric). */
  v: (number | null)[];
}

/** How far back a window's subscription starts, in seconds. */
export const WINDOW_SECONDS: Record<ChartWindow, number> = {
  "50": 3_600, // an hour back first; widened to WIDE_SECONDS when that holds fewer than 50
  "1h": 3_600,
  "24h": 86_400,
};
export const WIDE_SECONDS = 86_400;
export const LAST_N = 50;
/** One reading a second for a day, and some. */
const MAX_POINTS = 100_000;

/** The subscription message for a window (`spanS` overrides how far back it starts). */
export function historyStreamRequest(
  entityIds: string[],
  window: ChartWindow,
  nowMs: number,
  spanS: number = WINDOW_SECONDS[window],
): Record<string, unknown> {
  return {
    type: "history/stream",
    entity_ids: entityIds,
    start_time: new Date(nowMs - spanS * 1000).toISOString(),
    minimal_response: true,
    no_attributes: true,
    significant_changes_only: false,
  };
}

export class HistoryBuffer {
  private readonly data = new Map<string, Series>();

  clear(): void {
    this.data.clear();
  }

  /** Merge one stream message (the first one is the backlog, then live changes). */
  apply(message: HistoryStreamMessage): void {
    for (const [entityId, states] of Object.entries(message.states ?? {})) {
      let series = this.data.get(entityId);
      if (!series) {
        series = { t: [], v: [] };
        this.data.set(entityId, series);
      }
      for (const st of states) {
        const t = st.lu ?? st.lc;
        if (typeof t !== "number") continue;
        const n = Number(st.s);
        const v = st.s !== "" && Number.isFinite(n) ? n : null;
        const last = series.t.length - 1;
        if (last >= 0 && t < series.t[last]) {
          // Out of order (overlap between backlog and live): insert in place, skip duplicates.
          const i = series.t.findIndex((x) => x >= t);
          if (series.t[i] === t) continue;
          series.t.splice(i, 0, t);
          series.v.splice(i, 0, v);
        } else if (last >= 0 && t === series.t[last]) {
          series.v[last] = v;
        } else {
          series.t.push(t);
          series.v.push(v);
        }
      }
      if (series.t.length > MAX_POINTS) {
        series.t.splice(0, series.t.length - MAX_POINTS);
        series.v.splice(0, series.v.length - MAX_POINTS);
      }
    }
  }

  /** The last numeric reading of an entity, if any. */
  lastNumeric(entityId: string): { t: number; v: number } | undefined {
    const s = this.data.get(entityId);
    if (!s) return undefined;
    for (let i = s.v.length - 1; i >= 0; i--) {
      const v = s.v[i];
      if (v !== null) return { t: s.t[i], v };
    }
    return undefined;
  }

  /** How many numeric readings are buffered for an entity. */
  count(entityId: string): number {
    return this.data.get(entityId)?.v.filter((v) => v !== null).length ?? 0;
  }

  /** The points of one entity inside a window, as uPlot data columns. */
  series(entityId: string, window: ChartWindow, nowMs: number): Series {
    const s = this.data.get(entityId);
    if (!s) return { t: [], v: [] };
    if (window === "50") {
      // The last 50 numeric readings (gaps between them kept).
      let count = 0;
      let start = s.t.length;
      while (start > 0 && count < LAST_N) {
        start -= 1;
        if (s.v[start] !== null) count += 1;
      }
      return { t: s.t.slice(start), v: s.v.slice(start) };
    }
    const from = nowMs / 1000 - WINDOW_SECONDS[window];
    // Keep the state in force at the left edge: it holds until the next one.
    const i = s.t.findIndex((t) => t >= from);
    const start = i < 0 ? s.t.length - 1 : Math.max(0, i - 1);
    if (start < 0) return { t: [], v: [] };
    return { t: s.t.slice(start), v: s.v.slice(start) };
  }
}
