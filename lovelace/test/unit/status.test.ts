import { describe, expect, test } from "vitest";
import {
  compareByStatus,
  freshness,
  patientStatus,
  statusStyle,
  thresholdLines,
  toStatus,
  vitalView,
} from "../../src/status";
import type { HassEntity, Status } from "../../src/types";

const NOW = Date.parse("2026-11-26T10:00:00Z");

function vital(state: string, status?: string, agoS = 5): HassEntity {
  const t = new Date(NOW - agoS * 1000).toISOString();
  return {
    entity_id: "sensor.p_heart_rate",
    state,
    attributes: {
      unit_of_measurement: "bpm",
      status,
      warning_low: 50,
      warning_high: 110,
      critical_low: 40,
      critical_high: 130,
    },
    last_changed: t,
    last_updated: t,
  };
}

describe("status → style", () => {
  test.each([
    ["normal", "--success-color"],
    ["warning", "--warning-color"],
    ["critical", "--error-color"],
    ["no_signal", "--disabled-text-color"],
    ["offline", "--disabled-text-color"],
    ["unknown", "--disabled-text-color"],
  ] as [Status, string][])("%s uses %s", (status, variable) => {
    expect(statusStyle(status).color).toContain(`var(${variable}`);
  });

  test("unknown strings become unknown", () => {
    expect(toStatus("normal")).toBe("normal");
    expect(toStatus("CRITICAL")).toBe("unknown");
    expect(toStatus(undefined)).toBe("unknown");
    expect(toStatus(3)).toBe("unknown");
  });

  test("ranks: offline and critical first, normal last", () => {
    const order = (["normal", "no_signal", "warning", "critical", "offline", "unknown"] as Status[])
      .map((status) => ({ status, name: status }))
      .sort(compareByStatus)
      .map((r) => r.status);
    expect(order).toEqual(["offline", "critical", "warning", "no_signal", "unknown", "normal"]);
  });

  test("same status sorts by name", () => {
    const rows = [
      { status: "warning" as Status, name: "Zoé" },
      { status: "warning" as Status, name: "Anne" },
    ];
    expect(rows.sort(compareByStatus).map((r) => r.name)).toEqual(["Anne", "Zoé"]);
  });
});

describe("vital view (the card never recomputes thresholds)", () => {
  test("uses the integration's status attribute even when the value looks out of range", () => {
    // 135 bpm is above critical_high, but the integration says warning: trust it.
    expect(vitalView(vital("135", "warning"), false, NOW).status).toBe("warning");
    expect(vitalView(vital("72", "critical"), false, NOW).status).toBe("critical");
  });

  test("missing status attribute is unknown, not guessed", () => {
    expect(vitalView(vital("72", undefined), false, NOW).status).toBe("unknown");
  });

  test("a state of unknown keeps the integration's status (no reading yet)", () => {
    expect(vitalView(vital("unknown", "no_signal"), false, NOW)).toMatchObject({
      status: "no_signal",
      stale: false,
    });
  });
});

describe("stale detection", () => {
  test("unavailable vital is offline and stale", () => {
    expect(vitalView(vital("unavailable", "normal"), false, NOW)).toMatchObject({
      status: "offline",
      stale: true,
    });
  });

  test("offline patient makes every vital stale", () => {
    expect(vitalView(vital("72", "normal"), true, NOW)).toMatchObject({
      status: "offline",
      stale: true,
    });
  });

  test("missing entity is offline", () => {
    expect(vitalView(undefined, false, NOW)).toMatchObject({ status: "offline", stale: true });
  });

  test("age limit is off by default", () => {
    expect(vitalView(vital("72", "normal", 3600), false, NOW).stale).toBe(false);
  });

  test("age limit marks old values stale but keeps their status", () => {
    expect(vitalView(vital("72", "normal", 61), false, NOW, 60)).toMatchObject({
      status: "normal",
      stale: true,
    });
    expect(vitalView(vital("72", "normal", 59), false, NOW, 60).stale).toBe(false);
  });

  test("the age limit counts from the last change (an attribute update does not reset it)", () => {
    const v = { ...vital("72", "normal", 90), last_updated: new Date(NOW - 5_000).toISOString() };
    expect(vitalView(v, false, NOW).lastChanged).toBe(NOW - 90_000);
    expect(vitalView(v, false, NOW, 60).stale).toBe(true);
  });

  test("patient status", () => {
    const p = (state: string) => ({ ...vital(state), entity_id: "sensor.p_patient_status" });
    expect(patientStatus(p("critical"))).toBe("critical");
    expect(patientStatus(p("offline"))).toBe("offline");
    expect(patientStatus(p("unavailable"))).toBe("offline");
    expect(patientStatus(undefined)).toBe("offline");
    expect(patientStatus(p("unknown"))).toBe("unknown");
  });
});

describe("threshold lines", () => {
  test("present limits only, tagged by level", () => {
    expect(
      thresholdLines({ warning_low: 94, warning_high: null, critical_low: 90, critical_high: undefined }),
    ).toEqual([
      { value: 94, level: "warning" },
      { value: 90, level: "critical" },
    ]);
    expect(thresholdLines({})).toEqual([]);
    expect(thresholdLines(undefined)).toEqual([]);
  });
});

describe("freshness", () => {
  const ent = (entity_id: string, state: string, agoS: number): HassEntity => {
    const t = new Date(NOW - agoS * 1000).toISOString();
    return { entity_id, state, attributes: {}, last_changed: t, last_updated: t };
  };

  test("a value that repeats on a connected device is live, however old its last change", () => {
    const f = freshness(ent("sensor.p_humidity", "45", 600), ent("binary_sensor.p_connectivity", "on", 3600), ent("sensor.p_patient_status", "normal", 600));
    expect(f).toEqual({ live: true });
  });

  test("disconnected: the last value dates from the disconnection or its last change, the later", () => {
    const conn = ent("binary_sensor.p_connectivity", "off", 120);
    expect(freshness(ent("sensor.p_humidity", "45", 600), conn, undefined)).toEqual({
      live: false,
      since: NOW - 120_000,
    });
    expect(freshness(ent("sensor.p_humidity", "45", 30), conn, undefined)).toEqual({
      live: false,
      since: NOW - 30_000,
    });
  });

  test("unavailable or offline is never live", () => {
    const conn = ent("binary_sensor.p_connectivity", "on", 3600);
    expect(freshness(ent("sensor.p_hr", "unavailable", 60), conn, undefined).live).toBe(false);
    expect(freshness(ent("sensor.p_hr", "72", 60), conn, ent("sensor.p_patient_status", "offline", 10))).toEqual({
      live: false,
      since: NOW - 10_000,
    });
    expect(freshness(undefined, conn, undefined)).toEqual({ live: false, since: undefined });
  });

  test("without a connectivity entity, the patient status decides", () => {
    expect(freshness(ent("sensor.p_hr", "72", 60), undefined, ent("sensor.p_patient_status", "normal", 5)).live).toBe(true);
    expect(freshness(ent("sensor.p_hr", "72", 60), undefined, undefined).live).toBe(false);
  });
});
