import { describe, expect, test } from "vitest";
import { HistoryBuffer, LAST_N, WIDE_SECONDS, historyStreamRequest } from "../../src/history";

const NOW_S = Date.parse("2026-11-26T10:00:00Z") / 1000;
const NOW = NOW_S * 1000;
const HR = "sensor.p_heart_rate";

function backlog(n: number, stepS: number) {
  return Array.from({ length: n }, (_, i) => ({ s: String(60 + i), lu: NOW_S - (n - 1 - i) * stepS }));
}

describe("history stream", () => {
  test("request", () => {
    expect(historyStreamRequest([HR], "1h", NOW)).toEqual({
      type: "history/stream",
      entity_ids: [HR],
      start_time: "2026-11-26T09:00:00.000Z",
      minimal_response: true,
      no_attributes: true,
      significant_changes_only: false,
    });
    expect(historyStreamRequest([HR], "24h", NOW).start_time).toBe("2026-11-25T10:00:00.000Z");
    expect(historyStreamRequest([HR], "50", NOW).start_time).toBe("2026-11-26T09:00:00.000Z");
    expect(historyStreamRequest([HR], "50", NOW, WIDE_SECONDS).start_time).toBe(
      "2026-11-25T10:00:00.000Z",
    );
  });

  test("windows", () => {
    const b = new HistoryBuffer();
    b.apply({ states: { [HR]: backlog(200, 60) } }); // 200 readings, one a minute
    expect(b.series(HR, "50", NOW).t).toHaveLength(LAST_N);
    expect(b.series(HR, "50", NOW).v.at(-1)).toBe(259);
    // The hour's 61 readings, and the one before it: it holds until the next (left edge).
    expect(b.series(HR, "1h", NOW).t).toHaveLength(62);
    expect(b.series(HR, "1h", NOW).t[0]).toBeLessThan(NOW / 1000 - 3600);
    expect(b.series(HR, "1h", NOW).t[1]).toBeGreaterThanOrEqual(NOW / 1000 - 3600);
    expect(b.series(HR, "24h", NOW).t).toHaveLength(200);
    expect(b.series("sensor.other", "1h", NOW)).toEqual({ t: [], v: [] });
    // A value set long ago and never changed is still the value in force.
    const old = new HistoryBuffer();
    old.apply({ states: { [HR]: [{ s: "21.5", lu: NOW / 1000 - 7200 }] } });
    expect(old.series(HR, "1h", NOW)).toEqual({ t: [NOW / 1000 - 7200], v: [21.5] });
    expect(old.lastNumeric(HR)).toEqual({ t: NOW / 1000 - 7200, v: 21.5 });
    old.apply({ states: { [HR]: [{ s: "unavailable", lu: NOW / 1000 - 60 }] } });
    expect(old.lastNumeric(HR)).toEqual({ t: NOW / 1000 - 7200, v: 21.5 });
    expect(old.lastNumeric("sensor.other")).toBeUndefined();
  });

  test("live updates append; unavailable makes a gap; duplicates are dropped", () => {
    const b = new HistoryBuffer();
    b.apply({ states: { [HR]: backlog(3, 10) } });
    b.apply({ states: { [HR]: [{ s: "unavailable", lu: NOW_S + 5 }] } });
    b.apply({ states: { [HR]: [{ s: "70", lu: NOW_S + 10 }] } });
    b.apply({ states: { [HR]: [{ s: "61", lu: NOW_S - 10 }] } }); // replayed overlap
    b.apply({ states: { [HR]: [{ s: "59.5", lu: NOW_S - 15 }] } }); // late, inserted in order
    const s = b.series(HR, "1h", NOW + 10_000);
    expect(s.t).toEqual([NOW_S - 20, NOW_S - 15, NOW_S - 10, NOW_S, NOW_S + 5, NOW_S + 10]);
    expect(s.v).toEqual([60, 59.5, 61, 62, null, 70]);
  });

  test("last 50 counts readings, not gaps", () => {
    const b = new HistoryBuffer();
    const states = backlog(60, 60).map((st, i) => (i % 2 ? { ...st, s: "unavailable" } : st));
    b.apply({ states: { [HR]: states } });
    const s = b.series(HR, "50", NOW);
    expect(s.v.filter((v) => v !== null)).toHaveLength(30);
    expect(b.count(HR)).toBe(30);
    expect(b.count("sensor.none")).toBe(0);
  });

  test("clear", () => {
    const b = new HistoryBuffer();
    b.apply({ states: { [HR]: backlog(3, 10) } });
    b.clear();
    expect(b.series(HR, "24h", NOW).t).toEqual([]);
  });
});
