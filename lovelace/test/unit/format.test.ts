import { describe, expect, test } from "vitest";
import {
  formatAgo,
  formatNumber,
  formatRange,
  formatState,
  formatValue,
  isNumeric,
  parseTime,
  withUnit,
} from "../../src/format";
import type { HassEntity } from "../../src/types";

const nbsp = (s: string) => s.replace(/\u00a0|\u202f/g, " ");

function entity(state: string, unit?: string): HassEntity {
  return {
    entity_id: "sensor.x",
    state,
    attributes: unit ? { unit_of_measurement: unit } : {},
    last_changed: "2026-01-01T00:00:00Z",
    last_updated: "2026-01-01T00:00:00Z",
  };
}

describe("numbers and units", () => {
  test("isNumeric", () => {
    expect(isNumeric("72")).toBe(true);
    expect(isNumeric("36.8")).toBe(true);
    expect(isNumeric("unavailable")).toBe(false);
    expect(isNumeric("")).toBe(false);
    expect(isNumeric(" ")).toBe(false);
    expect(isNumeric(undefined)).toBe(false);
  });

  test("decimals follow the locale", () => {
    expect(formatNumber(36.84, "en", 1)).toBe("36.8");
    expect(formatNumber(36.84, "fr", 1)).toBe("36,8");
    expect(formatNumber(72, "en", 0)).toBe("72");
    expect(formatNumber(1234.5, "en", 1)).toBe("1,234.5");
  });

  test("units: a space before °C and bpm, none before % in English", () => {
    expect(nbsp(withUnit("72", "bpm", "en"))).toBe("72 bpm");
    expect(withUnit("98", "%", "en")).toBe("98%");
    expect(nbsp(withUnit("98", "%", "fr"))).toBe("98 %");
    expect(withUnit("3", undefined, "en")).toBe("3");
  });

  test("formatState", () => {
    expect(nbsp(formatState(entity("36.84", "°C"), "fr", 1))).toBe("36,8 °C");
    expect(nbsp(formatState(entity("72", "bpm"), "en", 0))).toBe("72 bpm");
    expect(formatState(entity("unavailable", "bpm"), "en", 0)).toBe("—");
    expect(formatState(entity("unknown", "%"), "en", 0)).toBe("—");
    expect(formatState(undefined, "en", 0)).toBe("—");
  });

  test("formatValue and formatRange", () => {
    expect(formatValue(90, "en", 0, "%")).toBe("90%");
    expect(formatValue("88", "en", 0, "%")).toBe("88%");
    expect(formatValue("n/a", "en", 0)).toBe("n/a");
    expect(formatValue(null, "en", 0)).toBe("—");
    expect(formatRange(50, 110, "en", 0)).toBe("50–110");
    expect(formatRange(94, null, "en", 0)).toBe("≥ 94");
    expect(formatRange(undefined, 37.8, "fr", 1)).toBe("≤ 37,8");
    expect(formatRange(null, null, "en", 0)).toBeUndefined();
    expect(formatRange("50", 60, "en", 0)).toBe("≤ 60");
  });
});

describe("relative time", () => {
  const now = Date.parse("2026-11-26T10:00:00Z");
  test("English", () => {
    expect(formatAgo(now - 5_000, now, "en")).toBe("5 sec. ago");
    expect(formatAgo(now, now, "en")).toBe("now");
    expect(formatAgo(now - 3 * 60_000, now, "en")).toBe("3 min. ago");
    expect(formatAgo(now - 2 * 3_600_000, now, "en")).toBe("2 hr. ago");
    expect(formatAgo(now - 3 * 86_400_000, now, "en")).toBe("3 days ago");
  });
  test("French", () => {
    expect(nbsp(formatAgo(now - 5_000, now, "fr"))).toBe("il y a 5 s");
    expect(nbsp(formatAgo(now - 3 * 60_000, now, "fr"))).toBe("il y a 3 min");
  });
  test("a clock slightly behind the server never shows the future", () => {
    expect(formatAgo(now + 2_000, now, "en")).toBe("now");
  });
  test("parseTime", () => {
    expect(parseTime("2026-11-26T10:00:00+00:00")).toBe(now);
    expect(parseTime("garbage")).toBeUndefined();
    expect(parseTime(now / 1000)).toBe(now);
    expect(parseTime(now)).toBe(now);
    expect(parseTime(0)).toBeUndefined();
    expect(parseTime(undefined)).toBeUndefined();
  });
});
