import { describe, expect, test, vi } from "vitest";
import { AlertsSource, normaliseAlerts, type AlertsState } from "../../src/alerts";
import type { FajmaAlerts } from "../../src/types";
import { fakeHass } from "./helpers";

const ALERTS: FajmaAlerts = {
  active: [
    {
      alert_id: "a1",
      vital: "spo2",
      priority: "critical",
      kind: "low",
      state: "active",
      value: 87,
      threshold: 90,
      raised_at: "2026-11-26T10:00:00Z",
      acknowledged: false,
    },
  ],
  history: [],
};

function setup(callWS: () => Promise<unknown>) {
  const hass = fakeHass([]);
  const pushes: ((m: unknown) => void)[] = [];
  const unsubscribe = vi.fn();
  hass.callWS = vi.fn(callWS) as never;
  hass.connection.subscribeMessage = vi.fn(async (cb: (m: unknown) => void) => {
    pushes.push(cb);
    return unsubscribe;
  }) as never;
  const states: AlertsState[] = [];
  const source = new AlertsSource(hass, "dev_a", (s) => states.push(s));
  return { hass, source, states, pushes, unsubscribe };
}

describe("alerts source", () => {
  test("loads, subscribes, follows pushes, unsubscribes", async () => {
    const { hass, source, states, pushes, unsubscribe } = setup(async () => ALERTS);
    await source.start();
    expect(hass.callWS).toHaveBeenCalledWith({ type: "fajma/alerts", device_id: "dev_a" });
    expect(hass.connection.subscribeMessage).toHaveBeenCalledWith(expect.any(Function), {
      type: "fajma/alerts/subscribe",
      device_id: "dev_a",
    });
    expect(states.map((s) => s.kind)).toEqual(["loading", "ready"]);
    pushes[0]({ active: [], history: ALERTS.active });
    expect(states.at(-1)).toEqual({ kind: "ready", data: { active: [], history: ALERTS.active } });
    source.stop();
    expect(unsubscribe).toHaveBeenCalled();
    pushes[0](ALERTS);
    expect(states).toHaveLength(3);
  });

  test("unknown_command: the panel hides", async () => {
    const { source, states, hass } = setup(async () => {
      throw { code: "unknown_command", message: "Unknown command." };
    });
    await source.start();
    expect(states.at(-1)).toEqual({ kind: "unsupported" });
    expect(hass.connection.subscribeMessage).not.toHaveBeenCalled();
  });

  test("other errors are reported", async () => {
    const { source, states } = setup(async () => {
      throw { code: "not_found", message: "Device not found" };
    });
    await source.start();
    expect(states.at(-1)).toEqual({ kind: "error", message: "Device not found" });
  });

  test("stopped before the answer: nothing is reported, nothing stays subscribed", async () => {
    const { source, states, unsubscribe } = setup(async () => ALERTS);
    const started = source.start();
    source.stop();
    await started;
    expect(states.map((s) => s.kind)).toEqual(["loading"]);
    expect(unsubscribe).not.toHaveBeenCalled();
  });

  test("normalise tolerates missing lists and junk", () => {
    expect(normaliseAlerts(undefined)).toEqual({ active: [], history: [] });
    expect(normaliseAlerts({ active: [null, 3, ALERTS.active[0]] })).toEqual({
      active: ALERTS.active,
      history: [],
    });
  });
});
