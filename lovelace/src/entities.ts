// Finding a patient's entities through the frontend entity registry (`hass.entities`).
import type { HomeAssistant, VitalKey } from "./types";
import { VITAL_KEYS } from "./types";

export const PLATFORM = "fajma";

export interface PatientEntities {
  deviceId?: string;
  name: string;
  patientStatus?: string;
  vitals: Partial<Record<VitalKey, string>>;
  connectivity?: string;
  fingerDetected?: string;
  alertActive?: string;
  irregularPulse?: string;
  calibrate?: string;
  restart?: string;
  alertEvent?: string;
}

const VITAL_SET = new Set<string>(VITAL_KEYS);

function domainOf(entityId: string): string {
  return entityId.split(".", 1)[0] ?? "";
}

/** Assign one registry entry to its slot, by domain and translation key. */
function assign(result: PatientEntities, entityId: string, key: string): void {
  const domain = domainOf(entityId);
  if (domain === "sensor") {
    if (key === "patient_status") result.patientStatus ??= entityId;
    else if (VITAL_SET.has(key)) result.vitals[key as VitalKey] ??= entityId;
  } else if (domain === "binary_sensor") {
    if (key === "connectivity") result.connectivity ??= entityId;
    else if (key === "finger_detected") result.fingerDetected ??= entityId;
    else if (key === "alert_active") result.alertActive ??= entityId;
    else if (key === "irregular_pulse") result.irregularPulse ??= entityId;
  } else if (domain === "button") {
    if (key === "calibrate") result.calibrate ??= entityId;
    else if (key === "restart") result.restart ??= entityId;
  } else if (domain === "event" && key === "alert") {
    result.alertEvent ??= entityId;
  }
}

function deviceName(hass: HomeAssistant, deviceId: string | undefined): string | undefined {
  if (!deviceId) return undefined;
  const device = hass.devices?.[deviceId];
  return device?.name_by_user || device?.name || undefined;
}

/** The patient's entities for a card config (`device_id`, or `entity` = patient_status). */
export function findPatientEntities(
  hass: HomeAssistant,
  config: { device_id?: string; entity?: string; name?: string },
): PatientEntities | undefined {
  let deviceId = config.device_id;
  if (!deviceId && config.entity) {
    deviceId = hass.entities[config.entity]?.device_id ?? undefined;
  }
  const result: PatientEntities = { deviceId, name: "", vitals: {} };
  if (deviceId) {
    const entries = Object.values(hass.entities)
      .filter((e) => e.device_id === deviceId && e.platform === PLATFORM && e.translation_key)
      .sort((a, b) => a.entity_id.localeCompare(b.entity_id));
    for (const entry of entries) assign(result, entry.entity_id, entry.translation_key as string);
    // The irregular pulse sensor may come without a translation key: its object id names it.
    result.irregularPulse ??= Object.values(hass.entities).find(
      (e) =>
        e.device_id === deviceId &&
        e.platform === PLATFORM &&
        /^binary_sensor\.\w*irregular_pulse$/.test(e.entity_id),
    )?.entity_id;
  } else if (config.entity && hass.states[config.entity]) {
    // Not in the registry (or no device): show what we can from the one entity.
    result.patientStatus = config.entity;
  }
  if (!result.patientStatus && Object.keys(result.vitals).length === 0) return undefined;
  result.name =
    config.name ||
    deviceName(hass, deviceId) ||
    (result.patientStatus
      ? (hass.states[result.patientStatus]?.attributes.friendly_name as string | undefined)
      : undefined) ||
    deviceId ||
    "FAJMA";
  return result;
}

/** Every FAJMA patient: one per patient_status sensor of platform fajma. */
export function listPatients(hass: HomeAssistant): PatientEntities[] {
  const statusSensors = Object.values(hass.entities).filter(
    (e) =>
      e.platform === PLATFORM &&
      e.translation_key === "patient_status" &&
      domainOf(e.entity_id) === "sensor",
  );
  const patients: PatientEntities[] = [];
  for (const entry of statusSensors) {
    const found = findPatientEntities(
      hass,
      entry.device_id ? { device_id: entry.device_id } : { entity: entry.entity_id },
    );
    if (found) patients.push(found);
  }
  return patients;
}

/** Every entity id a patient card watches (for shouldUpdate and the history stream). */
export function watchedEntityIds(patient: PatientEntities): string[] {
  return [
    patient.patientStatus,
    ...Object.values(patient.vitals),
    patient.connectivity,
    patient.fingerDetected,
    patient.alertActive,
    patient.irregularPulse,
  ].filter((id): id is string => typeof id === "string");
}

/** True when any watched state object, or the registry/locale/theme, changed. */
export function hassChanged(
  oldHass: HomeAssistant | undefined,
  newHass: HomeAssistant,
  entityIds: readonly string[],
): boolean {
  if (!oldHass) return true;
  if (
    oldHass.entities !== newHass.entities ||
    oldHass.devices !== newHass.devices ||
    oldHass.locale !== newHass.locale ||
    oldHass.language !== newHass.language ||
    oldHass.themes !== newHass.themes
  ) {
    return true;
  }
  return entityIds.some((id) => oldHass.states[id] !== newHass.states[id]);
}
