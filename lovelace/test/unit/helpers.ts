import type { EntityRegistryDisplayEntry, HassEntity, HomeAssistant } from "../../src/types";

export function fakeHass(
  entries: (Partial<EntityRegistryDisplayEntry> & { entity_id: string; state?: string })[],
  devices: Record<string, string> = {},
): HomeAssistant {
  const entities: Record<string, EntityRegistryDisplayEntry> = {};
  const states: Record<string, HassEntity> = {};
  for (const { state, ...e } of entries) {
    entities[e.entity_id] = { platform: "fajma", ...e };
    states[e.entity_id] = {
      entity_id: e.entity_id,
      state: state ?? "1",
      attributes: {},
      last_changed: "2026-01-01T00:00:00Z",
      last_updated: "2026-01-01T00:00:00Z",
    };
  }
  return {
    states,
    entities,
    devices: Object.fromEntries(Object.entries(devices).map(([id, name]) => [id, { id, name }])),
    locale: { language: "en" },
    connection: { subscribeMessage: async () => () => undefined },
    callWS: async () => ({}) as never,
    callService: async () => ({}),
  };
}

/** All the entities of one patient device, named as the integration would. */
export function patientEntries(slug: string, deviceId: string) {
  const e = (domain: string, key: string) => ({
    entity_id: `${domain}.${slug}_${key}`,
    device_id: deviceId,
    translation_key: key,
  });
  return [
    e("sensor", "heart_rate"),
    e("sensor", "spo2"),
    e("sensor", "body_temperature"),
    e("sensor", "ambient_temperature"),
    e("sensor", "humidity"),
    e("sensor", "perfusion_index"),
    e("sensor", "patient_status"),
    e("binary_sensor", "connectivity"),
    e("binary_sensor", "finger_detected"),
    e("binary_sensor", "alert_active"),
    e("button", "calibrate"),
    e("button", "restart"),
    e("event", "alert"),
  ];
}
