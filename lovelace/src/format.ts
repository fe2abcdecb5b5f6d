// Number, unit and relative-time formatting.
import type { HassEntity, VitalKey } from "./types";

/** Decimals per vital when the entity registry gives no display precision. */
export const DEFAULT_PRECISION: Record<VitalKey, number> = {
  heart_rate: 0,
  spo2: 0,
  body_temperature: 1,
  perfusion_index: 1,
  ambient_temperature: 1,
  humidity: 0,
};

export const UNAVAILABLE_STATES = new Set(["unavailable", "unknown", ""]);

export function isNumeric(state: string | undefined | null): boolean {
  if (state === undefined || state === null || state.trim() === "") return false;
  return Number.isFinite(Number(state));
}

/** Format a number for the locale, with a fixed count of decimals. */
export function formatNumber(value: number, locale: string, decimals: number): string {
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(value);
}

/** Join a formatted value and its unit the way Home Assistant does ("%" sticks, others get a space). */
export function withUnit(value: string, unit: string | undefined | null, locale: string): string {
  if (!unit) return value;
  if (unit === "%") return locale.toLowerCase().startsWith("fr") ? `${value}\u00a0%` : `${value}%`;
  return `${value}\u00a0${unit}`;
}

/** The unit as `withUnit` attaches it ("%" or " bpm"), to style it apart from the number. */
export function unitSuffix(unit: string | undefined | null, locale: string): string {
  return unit ? withUnit("", unit, locale) : "";
}

/** "72 bpm", "36,8 °C" (fr), "—" when the state is not a number. */
export function formatState(
  entity: HassEntity | undefined,
  locale: string,
  decimals: number,
): string {
  if (!entity || !isNumeric(entity.state)) return "—";
  return withUnit(
    formatNumber(Number(entity.state), locale, decimals),
    entity.attributes.unit_of_measurement,
    locale,
  );
}

/** Format a threshold or alert value; passes strings through. */
export function formatValue(
  value: number | string | null | undefined,
  locale: string,
  decimals: number,
  unit?: string,
): string {
  if (value === null || value === undefined || value === "") return "—";
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  return withUnit(formatNumber(n, locale, decimals), unit, locale);
}

/** "warn 50–110" style range; undefined when both ends are missing. */
export function formatRange(
  low: unknown,
  high: unknown,
  locale: string,
  decimals: number,
): string | undefined {
  const l = typeof low === "number" && Number.isFinite(low) ? low : undefined;
  const h = typeof high === "number" && Number.isFinite(high) ? high : undefined;
  if (l === undefined && h === undefined) return undefined;
  const f = (v: number) => formatNumber(v, locale, decimals);
  if (l !== undefined && h !== undefined) return `${f(l)}–${f(h)}`;
  if (l !== undefined) return `≥ ${f(l)}`;
  return `≤ ${f(h as number)}`;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1_000],
];

/** "5 s ago" / "il y a 5 s", from a timestamp and the current time (ms). */
export function formatAgo(fromMs: number, nowMs: number, locale: string): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "short" });
  const elapsed = Math.max(0, nowMs - fromMs);
  for (const [unit, size] of UNITS) {
    if (elapsed >= size || unit === "second") {
      return rtf.format(-Math.floor(elapsed / size), unit);
    }
  }
  return rtf.format(0, "second");
}

/** Milliseconds since the epoch from an ISO string, or from Unix seconds (or ms) as a number. */
export function parseTime(value: string | number | undefined | null): number | undefined {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value <= 0) return undefined;
    return value < 1e11 ? value * 1000 : value;
  }
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}
