import { describe, expect, test } from "vitest";
import {
  ConfigError,
  configToForm,
  formToConfig,
  resolvePatientConfig,
  type PatientCardConfig,
} from "../../src/config";
import { editorSchema } from "../../src/patient-card-editor";

const TYPE = "custom:fajma-patient-card";

describe("patient card config", () => {
  test("defaults", () => {
    expect(resolvePatientConfig({ type: TYPE, device_id: "d1" })).toEqual({
      type: TYPE,
      device_id: "d1",
      entity: undefined,
      name: undefined,
      window: "1h",
      stale_after: 0,
      show_chart: true,
      show_alerts: true,
      show_controls: true,
    });
  });

  test.each([
    [{ type: TYPE }, /device_id or entity/],
    [{ type: TYPE, entity: "binary_sensor.x" }, /patient status sensor/],
    [{ type: TYPE, device_id: "d", window: "2h" }, /window/],
    [{ type: TYPE, device_id: "d", stale_after: -1 }, /stale_after/],
    [null, /Invalid/],
  ])("rejects %j", (config, message) => {
    expect(() => resolvePatientConfig(config)).toThrow(ConfigError);
    expect(() => resolvePatientConfig(config)).toThrow(message);
  });
});

describe("editor round-trip", () => {
  test("config → form → config is the identity for saved configs", () => {
    const configs: PatientCardConfig[] = [
      { type: TYPE, device_id: "d1" },
      { type: TYPE, entity: "sensor.alice_patient_status", name: "Alice" },
      { type: TYPE, device_id: "d1", window: "24h", stale_after: 120, show_chart: false },
      { type: TYPE, device_id: "d1", show_alerts: false, show_controls: false, window: "50" },
      // Keys the editor does not know (layout options) survive.
      { type: TYPE, device_id: "d1", grid_options: { columns: 6 }, view_layout: { position: "main" } },
    ];
    for (const config of configs) {
      expect(formToConfig(configToForm(config), config)).toEqual(config);
    }
  });

  test("form has every field with defaults filled in", () => {
    expect(configToForm({ type: TYPE, device_id: "d1" })).toEqual({
      device_id: "d1",
      window: "1h",
      stale_after: 0,
      show_chart: true,
      show_alerts: true,
      show_controls: true,
    });
  });

  test("defaults and empty strings are not saved", () => {
    const prev = { type: TYPE, device_id: "d1", name: "Old" };
    expect(
      formToConfig({ ...configToForm(prev), name: "", window: "1h", show_chart: true }, prev),
    ).toEqual({ type: TYPE, device_id: "d1" });
  });

  test("picking a new device drops the status-sensor choice", () => {
    const prev = { type: TYPE, entity: "sensor.a_patient_status" };
    expect(formToConfig({ ...configToForm(prev), device_id: "d2" }, prev)).toEqual({
      type: TYPE,
      device_id: "d2",
    });
  });

  test("the editor's schema names every form field", () => {
    const names = editorSchema("en").flatMap((s) => (s.schema ? s.schema.map((x) => x.name) : [s.name]));
    expect(names.sort()).toEqual(Object.keys(configToForm({ type: TYPE, device_id: "d", entity: "sensor.x", name: "n" })).sort());
  });

  test("saved config validates", () => {
    const saved = formToConfig({ device_id: "d9", window: "50", stale_after: 30 }, { type: TYPE });
    expect(resolvePatientConfig(saved).window).toBe("50");
  });
});
