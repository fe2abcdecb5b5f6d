import { describe, expect, test } from "vitest";
import {
  findPatientEntities,
  hassChanged,
  listPatients,
  watchedEntityIds,
} from "../../src/entities";
import { fakeHass, patientEntries } from "./helpers";

describe("finding a patient's entities through hass.entities", () => {
  const hass = fakeHass(
    [
      ...patientEntries("alice", "dev_a"),
      ...patientEntries("bob", "dev_b"),
      // Same device, another integration: ignored.
      { entity_id: "sensor.alice_wifi", device_id: "dev_a", platform: "esphome", translation_key: "heart_rate" },
      // No translation key: ignored.
      { entity_id: "sensor.alice_uptime", device_id: "dev_a" },
    ],
    { dev_a: "Alice Martin", dev_b: "Bob Durand" },
  );

  test("by device_id", () => {
    const p = findPatientEntities(hass, { device_id: "dev_a" });
    expect(p).toEqual({
      deviceId: "dev_a",
      name: "Alice Martin",
      patientStatus: "sensor.alice_patient_status",
      vitals: {
        heart_rate: "sensor.alice_heart_rate",
        spo2: "sensor.alice_spo2",
        body_temperature: "sensor.alice_body_temperature",
        ambient_temperature: "sensor.alice_ambient_temperature",
        humidity: "sensor.alice_humidity",
        perfusion_index: "sensor.alice_perfusion_index",
      },
      connectivity: "binary_sensor.alice_connectivity",
      fingerDetected: "binary_sensor.alice_finger_detected",
      alertActive: "binary_sensor.alice_alert_active",
      calibrate: "button.alice_calibrate",
      restart: "button.alice_restart",
      alertEvent: "event.alice_alert",
    });
  });

  test("by the patient status entity", () => {
    const p = findPatientEntities(hass, { entity: "sensor.bob_patient_status" });
    expect(p?.deviceId).toBe("dev_b");
    expect(p?.vitals.heart_rate).toBe("sensor.bob_heart_rate");
  });

  test("a configured name wins over the device name", () => {
    expect(findPatientEntities(hass, { device_id: "dev_a", name: "Room 12" })?.name).toBe("Room 12");
  });

  test("unknown device gives nothing", () => {
    expect(findPatientEntities(hass, { device_id: "nope" })).toBeUndefined();
  });

  test("entity without a device still shows its status", () => {
    const h = fakeHass([{ entity_id: "sensor.solo_patient_status", translation_key: "patient_status" }]);
    expect(findPatientEntities(h, { entity: "sensor.solo_patient_status" })).toMatchObject({
      deviceId: undefined,
      patientStatus: "sensor.solo_patient_status",
      vitals: {},
    });
  });

  test("listPatients finds every fajma patient_status sensor", () => {
    const names = listPatients(hass).map((p) => p.name).sort();
    expect(names).toEqual(["Alice Martin", "Bob Durand"]);
  });

  test("watched entities: status, vitals and binary sensors", () => {
    const p = findPatientEntities(hass, { device_id: "dev_a" });
    expect(p && watchedEntityIds(p).sort()).toEqual(
      [
        "binary_sensor.alice_alert_active",
        "binary_sensor.alice_connectivity",
        "binary_sensor.alice_finger_detected",
        "sensor.alice_ambient_temperature",
        "sensor.alice_body_temperature",
        "sensor.alice_heart_rate",
        "sensor.alice_humidity",
        "sensor.alice_patient_status",
        "sensor.alice_perfusion_index",
        "sensor.alice_spo2",
      ].sort(),
    );
  });
});

describe("hassChanged (shouldUpdate)", () => {
  const hass = fakeHass([...patientEntries("alice", "dev_a")]);
  const watched = ["sensor.alice_heart_rate"];

  test("unrelated entity: no update", () => {
    const next = { ...hass, states: { ...hass.states, "sun.sun": hass.states["sensor.alice_spo2"] } };
    expect(hassChanged(hass, next, watched)).toBe(false);
  });

  test("watched entity replaced: update", () => {
    const next = {
      ...hass,
      states: { ...hass.states, "sensor.alice_heart_rate": { ...hass.states["sensor.alice_heart_rate"] } },
    };
    expect(hassChanged(hass, next, watched)).toBe(true);
  });

  test("locale, registry or theme change: update", () => {
    expect(hassChanged(hass, { ...hass, locale: { language: "fr" } }, watched)).toBe(true);
    expect(hassChanged(hass, { ...hass, entities: { ...hass.entities } }, watched)).toBe(true);
    expect(hassChanged(hass, { ...hass, themes: { darkMode: true } }, watched)).toBe(true);
    expect(hassChanged(undefined, hass, watched)).toBe(true);
  });
});
