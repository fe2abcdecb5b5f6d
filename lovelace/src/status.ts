// Status → style. The integration computes every status; the cards only map it to colours.
import type { HassEntity, HassEntityAttributes, Status, ThresholdLine } from "./types";
import { parseTime } from "./format";

const UNAVAILABLE = "unavailable";

export interface StatusStyle {
  /** CSS colour (a theme variable with a fallback). */
  color: string;
  icon: string;
  /** 0 is the worst; used to sort patients. */
  rank: number;
}

const STYLES: Record<Status, StatusStyle> = {
  offline: { color: "var(--disabled-text-color, #9e9e9e)", icon: "mdi:lan-disconnect", rank: 0 },
  critical: { color: "var(--error-color, #db4437)", icon: "mdi:alert-octagon", rank: 1 },
  warning: { color: "var(--warning-color, #ffa600)", icon: "mdi:alert", rank: 2 },
  no_signal: { color: "var(--disabled-text-color, #9e9e9e)", icon: "mdi:signal-off", rank: 3 },
  unknown: { color: "var(--disabled-text-color, #9e9e9e)", icon: "mdi:help-circle", rank: 4 },
  normal: { color: "var(--success-color, #43a047)", icon: "mdi:check-circle", rank: 5 },
};

const KNOWN = new Set<string>(Object.keys(STYLES));

/** Normalise any string the integration sends into a Status. */
export function toStatus(value: unknown): Status {
  return typeof value === "string" && KNOWN.has(value) ? (value as Status) : "unknown";
}

export function statusStyle(status: Status): StatusStyle {
  return STYLES[status];
}

export interface VitalView {
  status: Status;
  /** True when the value shown is not live (offline, unavailable), or unchanged for longer than stale_after. */
  stale: boolean;
  /** When the value last changed (ms). */
  lastChanged?: number;
}

/**
 * What a vital tile shows: the integration's `status` attribute, unless the patient is
 * offline or the sensor is `unavailable` (then `offline`), never a recomputed threshold.
 * A state of `unknown` (no reading yet) keeps the integration's status.
 */
export function vitalView(
  vital: HassEntity | undefined,
  patientOffline: boolean,
  nowMs: number,
  staleAfterS = 0,
): VitalView {
  // A value that repeats is not rewritten: `stale_after` flags a value stuck for that long.
  const lastChanged = parseTime(vital?.last_changed);
  if (!vital || patientOffline || vital.state === UNAVAILABLE) {
    return { status: "offline", stale: true, lastChanged };
  }
  const tooOld =
    staleAfterS > 0 && lastChanged !== undefined && nowMs - lastChanged > staleAfterS * 1000;
  return { status: toStatus(vital.attributes.status), stale: tooOld, lastChanged };
}

/** The patient-level status from the patient_status sensor (`offline` when unavailable). */
export function patientStatus(entity: HassEntity | undefined): Status {
  if (!entity || entity.state === UNAVAILABLE) return "offline";
  return toStatus(entity.state);
}

/** Sort key for the overview: worst first, then by name, then by a stable id. */
export function compareByStatus(
  a: { status: Status; name: string; key?: string },
  b: { status: Status; name: string; key?: string },
): number {
  return (
    statusStyle(a.status).rank - statusStyle(b.status).rank ||
    a.name.localeCompare(b.name) ||
    (a.key ?? "").localeCompare(b.key ?? "")
  );
}

export interface Freshness {
  /** The device is connected and its readings are fresh (the integration's rule). */
  live: boolean;
  /** When not live: since when the value shown is the last one (ms). */
  since?: number;
}

/**
 * Whether a vital is live. A sensor whose value repeats is not rewritten (neither FAJMA nor
 * core esphome writes an identical state), so its `last_updated` says nothing about
 * freshness: the integration's connectivity entity does (connected and not stale). When it
 * is not live, the value dates from when the device went offline or the value last changed,
 * whichever is later.
 */
export function freshness(
  vital: HassEntity | undefined,
  connectivity: HassEntity | undefined,
  patientStatusEntity: HassEntity | undefined,
): Freshness {
  const connected = connectivity ? connectivity.state === "on" : undefined;
  const offline = patientStatus(patientStatusEntity) === "offline" && patientStatusEntity !== undefined;
  if (vital && vital.state !== UNAVAILABLE && connected !== false && !offline) {
    if (connected === true || patientStatusEntity !== undefined) return { live: true };
  }
  const times = [
    parseTime(vital?.last_changed),
    connected === false ? parseTime(connectivity?.last_changed) : undefined,
    offline ? parseTime(patientStatusEntity?.last_changed) : undefined,
  ].filter((t): t is number => t !== undefined);
  return { live: false, since: times.length ? Math.max(...times) : undefined };
}

/** The limits the integration reports for a vital, as chart lines (drawn, never evaluated). */
export function thresholdLines(a: HassEntityAttributes | undefined): ThresholdLine[] {
  if (!a) return [];
  const lines: ThresholdLine[] = [];
  for (const [key, level] of [
    ["warning_low", "warning"],
    ["warning_high", "warning"],
    ["critical_low", "critical"],
    ["critical_high", "critical"],
  ] as const) {
    const v = a[key];
    if (typeof v === "number" && Number.isFinite(v)) lines.push({ value: v, level });
  }
  return lines;
}
