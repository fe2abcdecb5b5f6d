import { describe, expect, test } from "vitest";
import { groupHistory } from "../../src/alerts";
import { sparklinePath } from "../../src/sparkline";
import { chartColumns, decimalsFor, distinct, valueIncrs } from "../../src/ticks";
import type { FajmaAlert } from "../../src/types";

describe("chart ticks", () => {
  test("value steps never finer than the value's decimals", () => {
    expect(valueIncrs(0).slice(0, 4)).toEqual([1, 2, 5, 10]);
    expect(valueIncrs(1).slice(0, 4)).toEqual([0.1, 0.2, 0.5, 1]);
  });

  test("a step's label shows it exactly", () => {
    expect(decimalsFor(1)).toBe(0);
    expect(decimalsFor(20)).toBe(0);
    expect(decimalsFor(0.5)).toBe(1);
    expect(decimalsFor(0.2)).toBe(1);
    expect(decimalsFor(0.05)).toBe(2);
  });

  test("repeated labels are blanked", () => {
    expect(distinct(["09:30", "09:30", "09:31", "09:31"])).toEqual(["09:30", "", "09:31", ""]);
  });

  test("a live value is held to now; a gap is not", () => {
    expect(chartColumns({ t: [1, 2], v: [70, 72] }, 10)).toEqual([
      [1, 2, 10],
      [70, 72, 72],
    ]);
    expect(chartColumns({ t: [1, 2], v: [70, null] }, 10)).toEqual([
      [1, 2],
      [70, null],
    ]);
    expect(chartColumns({ t: [1, 2], v: [70, 72] })).toEqual([
      [1, 2],
      [70, 72],
    ]);
  });
});

describe("sparkline", () => {
  const g = { width: 100, height: 24, from: 0, to: 100, buckets: 10 };

  test("a held value draws a flat line across the whole window", () => {
    const d = sparklinePath({ t: [-50], v: [21.5] }, g);
    expect(d.match(/[ML]/g)).toHaveLength(10);
    expect(d.startsWith("M5 ")).toBe(true);
    expect(new Set(d.split(/[ML]/).filter(Boolean).map((p) => p.trim().split(" ")[1])).size).toBe(1);
  });

  test("a gap breaks the line", () => {
    const d = sparklinePath({ t: [0, 30, 60], v: [70, null, 80] }, g);
    // 70 for 3 buckets, nothing for 3, then 80: two separate strokes.
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.split("M")[1].match(/L/g)).toHaveLength(2);
  });

  test("nothing to draw", () => {
    expect(sparklinePath({ t: [], v: [] }, g)).toBe("");
    expect(sparklinePath({ t: [10], v: [null] }, g)).toBe("");
  });

  test("higher values are higher on screen", () => {
    const d = sparklinePath({ t: [0, 50], v: [60, 90] }, { ...g, buckets: 2 });
    const ys = d.split(/[ML]/).filter(Boolean).map((p) => Number(p.trim().split(" ")[1]));
    expect(ys[0]).toBeGreaterThan(ys.at(-1) as number);
  });
});

describe("alert history", () => {
  const tr = (alert_id: string, state: string, priority: string, time: number): FajmaAlert => ({
    alert_id,
    vital: "spo2",
    priority,
    kind: "physiological",
    state,
    value: 88,
    threshold: 90,
    time,
  });

  test("one entry per alert, at its most urgent, transitions oldest first", () => {
    // Newest first, as the integration sends it.
    const groups = groupHistory([
      tr("b", "resolved", "info", 40),
      tr("a", "acknowledged", "critical", 30),
      tr("b", "raised", "warning", 20),
      tr("a", "raised", "critical", 10),
    ]);
    expect(groups.map((g) => g.latest.alert_id)).toEqual(["b", "a"]);
    expect(groups[0].latest.priority).toBe("warning");
    expect(groups[0].transitions.map((t) => t.state)).toEqual(["raised", "resolved"]);
    expect(groups[1].transitions.map((t) => t.state)).toEqual(["raised", "acknowledged"]);
  });
});
