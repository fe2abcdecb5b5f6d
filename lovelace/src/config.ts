// Card configurations and the editor's form ↔ config round-trip.
import type { LovelaceCardConfig } from "./types";

export const PATIENT_CARD = "fajma-patient-card";
export const OVERVIEW_CARD = "fajma-overview-card";
export const PATIENT_CARD_EDITOR = "fajma-patient-card-editor";
export const OVERVIEW_CARD_EDITOR = "fajma-overview-card-editor";

export const WINDOWS = ["50", "1h", "24h"] as const;
export type ChartWindow = (typeof WINDOWS)[number];

export interface PatientCardConfig extends LovelaceCardConfig {
  device_id?: string;
  entity?: string;
  name?: string;
  window?: ChartWindow;
  stale_after?: number;
  show_chart?: boolean;
  show_alerts?: boolean;
  show_controls?: boolean;
}

export interface OverviewCardConfig extends LovelaceCardConfig {
  title?: string;
}

/** Defaults are left out of saved configs, so YAML stays short. */
export const PATIENT_DEFAULTS = {
  window: "1h" as ChartWindow,
  stale_after: 0,
  show_chart: true,
  show_alerts: true,
  show_controls: true,
};

export interface ResolvedPatientConfig {
  type: string;
  device_id?: string;
  entity?: string;
  name?: string;
  window: ChartWindow;
  stale_after: number;
  show_chart: boolean;
  show_alerts: boolean;
  show_controls: boolean;
}

export class ConfigError extends Error {}

/** Validate a patient card config and fill in the defaults (throws ConfigError). */
export function resolvePatientConfig(config: unknown): ResolvedPatientConfig {
  if (!config || typeof config !== "object") throw new ConfigError("Invalid configuration");
  const c = config as PatientCardConfig;
  if (!c.device_id && !c.entity) throw new ConfigError("Set device_id or entity");
  if (c.entity !== undefined && !/^sensor\.\w+$/.test(c.entity)) {
    throw new ConfigError("entity must be the patient status sensor (sensor.…)");
  }
  if (c.window !== undefined && !WINDOWS.includes(c.window)) {
    throw new ConfigError(`window must be one of ${WINDOWS.join(", ")}`);
  }
  if (c.stale_after !== undefined && !(typeof c.stale_after === "number" && c.stale_after >= 0)) {
    throw new ConfigError("stale_after must be a number of seconds ≥ 0");
  }
  return {
    type: c.type,
    device_id: c.device_id || undefined,
    entity: c.entity || undefined,
    name: c.name || undefined,
    window: c.window ?? PATIENT_DEFAULTS.window,
    stale_after: c.stale_after ?? PATIENT_DEFAULTS.stale_after,
    show_chart: c.show_chart ?? PATIENT_DEFAULTS.show_chart,
    show_alerts: c.show_alerts ?? PATIENT_DEFAULTS.show_alerts,
    show_controls: c.show_controls ?? PATIENT_DEFAULTS.show_controls,
  };
}

/** Editor form data: every field present, defaults filled in. */
export type PatientFormData = Omit<ResolvedPatientConfig, "type">;

export function configToForm(config: PatientCardConfig): PatientFormData {
  const { type: _type, ...rest } = {
    ...PATIENT_DEFAULTS,
    ...config,
  } as ResolvedPatientConfig;
  return rest;
}

const FORM_KEYS = [
  "device_id",
  "entity",
  "name",
  "window",
  "stale_after",
  "show_chart",
  "show_alerts",
  "show_controls",
] as const;

/**
 * The config to save after an edit: keeps `type` and keys the editor does not know,
 * drops empty strings and values equal to their default, orders keys stably.
 */
export function formToConfig(
  form: Partial<PatientFormData>,
  previous: PatientCardConfig,
): PatientCardConfig {
  const out: PatientCardConfig = { type: previous.type || `custom:${PATIENT_CARD}` };
  for (const [key, value] of Object.entries(previous)) {
    if (key !== "type" && !(FORM_KEYS as readonly string[]).includes(key)) out[key] = value;
  }
  for (const key of FORM_KEYS) {
    const value = key in form ? form[key] : previous[key];
    if (value === undefined || value === null || value === "") continue;
    if (key in PATIENT_DEFAULTS && PATIENT_DEFAULTS[key as keyof typeof PATIENT_DEFAULTS] === value) {
      continue;
    }
    (out as Record<string, unknown>)[key] = value;
  }
  // A device wins over a status sensor: keep only one way of choosing the patient.
  if (out.device_id && out.entity && form.device_id && form.device_id !== previous.device_id) {
    delete out.entity;
  }
  return out;
}
