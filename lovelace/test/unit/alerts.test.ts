import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { AlertsSource, normaliseAlerts, type AlertsState } from "../../src/alerts";
import type { FajmaAlerts, HassEntity } from "../../src/types";
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
    expect(hass.connection.subscribeMessage).toHaveBeenCalledWith(
      expect.any(Function),
      { type: "fajma/alerts/subscribe", device_id: "dev_a" },
      { resubscribe: false },
    );
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

/** A fake connection: `answers` decides each fajma/alerts call, subscriptions are recorded. */
function live(answers: (() => Promise<unknown>)[] = []) {
  const hass = fakeHass([]);
  const subs: { cb: (m: unknown) => void; unsub: ReturnType<typeof vi.fn> }[] = [];
  const listeners: Record<string, Set<() => void>> = {};
  let subscribeFails = 0;
  hass.callWS = vi.fn(async () => (answers.shift() ?? (async () => ALERTS))()) as never;
  hass.connection.subscribeMessage = vi.fn(async (cb: (m: unknown) => void) => {
    if (subscribeFails > 0) {
      subscribeFails -= 1;
      throw { code: "not_found", message: "No FAJMA patient" };
    }
    const unsub = vi.fn();
    subs.push({ cb, unsub });
    return unsub;
  }) as never;
  hass.connection.addEventListener = (e: string, l: () => void) => {
    (listeners[e] ??= new Set()).add(l);
  };
  hass.connection.removeEventListener = (e: string, l: () => void) => {
    listeners[e]?.delete(l);
  };
  const states: AlertsState[] = [];
  const source = new AlertsSource(hass, "dev_a", (st) => states.push(st));
  return {
    hass,
    source,
    states,
    subs,
    fire: (e: string) => listeners[e]?.forEach((l) => l()),
    listeners,
    failSubscribe: (n: number) => {
      subscribeFails = n;
    },
  };
}

function alertEntity(
  state: string,
  attributes: Record<string, unknown> = {},
  lastChanged = "2026-11-26T10:00:00Z",
): HassEntity {
  return {
    entity_id: "binary_sensor.a_alert_active",
    state,
    attributes,
    last_changed: lastChanged,
    last_updated: "2026-11-26T10:00:00Z",
  };
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe("alerts source keeps following", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test("the entry reloads: its alert entity comes back, the card subscribes again", async () => {
    const t = live();
    await t.source.start();
    expect(t.subs).toHaveLength(1);
    t.source.check(alertEntity("off", { count: 0 }));
    t.source.check(alertEntity("unavailable", { restored: true }));
    t.source.check(alertEntity("on", { count: 1, alert_id: "a1" }));
    await flush();
    expect(t.subs).toHaveLength(2);
    expect(t.subs[0].unsub).toHaveBeenCalled();
    expect(t.hass.callWS).toHaveBeenCalledTimes(2);
    // The new subscription delivers; the old one is ignored even if it speaks again.
    t.subs[1].cb({ active: [], history: ALERTS.active });
    expect(t.states.at(-1)).toEqual({ kind: "ready", data: { active: [], history: ALERTS.active } });
    t.subs[0].cb(ALERTS);
    expect(t.states.at(-1)).toEqual({ kind: "ready", data: { active: [], history: ALERTS.active } });
  });

  test("the entry reloaded between two updates the card saw: same state, new last_changed", async () => {
    const t = live();
    await t.source.start();
    t.source.check(alertEntity("on", { count: 1, alert_id: "a1", acknowledged: false }));
    t.source.check(alertEntity("on", { count: 1, alert_id: "a1", acknowledged: false }));
    await flush();
    expect(t.subs).toHaveLength(1); // a new state object alone is no reason
    t.source.check(alertEntity("on", { count: 1, alert_id: "a1", acknowledged: false }, "2026-11-26T10:05:00Z"));
    await flush();
    expect(t.subs).toHaveLength(2);
  });

  test("an acknowledgement the subscription did not bring: renewed", async () => {
    const t = live([async () => ALERTS, async () => ({ active: [{ ...ALERTS.active[0], acknowledged: true }], history: [] })]);
    await t.source.start();
    t.source.check(alertEntity("on", { count: 1, alert_id: "a1", acknowledged: true }));
    await vi.advanceTimersByTimeAsync(1500);
    expect(t.subs).toHaveLength(2);
    expect(t.states.at(-1)).toMatchObject({ kind: "ready", data: { active: [{ acknowledged: true }] } });
  });

  test("while the entry is away, loading fails and is retried with backoff; the alerts stay", async () => {
    const notFound = async () => {
      throw { code: "not_found", message: "No FAJMA patient" };
    };
    const t = live([async () => ALERTS, notFound, notFound, notFound]);
    await t.source.start();
    t.subs[0].cb({ ended: true }); // the server ends the subscription
    await flush();
    expect(t.hass.callWS).toHaveBeenCalledTimes(2);
    // No error shown: the last alerts stay on screen.
    expect(t.states.at(-1)).toEqual({ kind: "ready", data: ALERTS });
    await vi.advanceTimersByTimeAsync(999);
    expect(t.hass.callWS).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.hass.callWS).toHaveBeenCalledTimes(3); // after 1 s
    await vi.advanceTimersByTimeAsync(2000);
    expect(t.hass.callWS).toHaveBeenCalledTimes(4); // after 2 s more
    await vi.advanceTimersByTimeAsync(4000);
    expect(t.hass.callWS).toHaveBeenCalledTimes(5); // after 4 s more: back
    expect(t.subs).toHaveLength(2);
    t.source.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.hass.callWS).toHaveBeenCalledTimes(5);
  });

  test("a failed subscribe is retried", async () => {
    const t = live();
    t.failSubscribe(1);
    await t.source.start();
    expect(t.subs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.subs).toHaveLength(1);
  });

  test("the websocket reconnects: subscribe again, without unsubscribing on the new socket", async () => {
    const t = live();
    await t.source.start();
    t.fire("disconnected");
    t.fire("ready");
    await flush();
    expect(t.subs).toHaveLength(2);
    expect(t.subs[0].unsub).not.toHaveBeenCalled();
    t.source.stop();
    expect(t.subs[1].unsub).toHaveBeenCalled();
    expect(t.listeners.ready?.size ?? 0).toBe(0);
  });

  test("the alert entity disagrees with a silent subscription: renewed after a grace period", async () => {
    const t = live([async () => ({ active: [], history: [] }), async () => ALERTS]);
    await t.source.start();
    t.source.check(alertEntity("on", { count: 1, alert_id: "a1" }));
    await vi.advanceTimersByTimeAsync(1400);
    expect(t.subs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(t.subs).toHaveLength(2);
    expect(t.states.at(-1)).toEqual({ kind: "ready", data: ALERTS });
    expect(t.source.renewCount).toBe(1);
  });

  test("agreement within the grace period: nothing renewed", async () => {
    const t = live([async () => ({ active: [], history: [] })]);
    await t.source.start();
    t.source.check(alertEntity("on", { count: 1, alert_id: "a1" }));
    t.subs[0].cb(ALERTS);
    await vi.advanceTimersByTimeAsync(5000);
    expect(t.subs).toHaveLength(1);
    expect(t.source.renewCount).toBe(0);
  });

  test("a lasting disagreement backs off instead of hammering the server", async () => {
    const empty = async () => ({ active: [], history: [] });
    const t = live(Array.from({ length: 20 }, () => empty));
    await t.source.start();
    t.source.check(alertEntity("on", { count: 1, alert_id: "a1" }));
    await vi.advanceTimersByTimeAsync(60_000);
    // 1.5, 3, 6, 12, 24 s: 5 renewals in a minute, not 40.
    expect(t.source.renewCount).toBe(5);
  });
});
