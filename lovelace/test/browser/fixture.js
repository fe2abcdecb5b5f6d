// A fake `hass` for the browser test: five patients, one per status, and call recorders.
/* eslint-env browser */
(function () {
  const NOW = Date.now();
  const iso = (agoS) => new Date(NOW - agoS * 1000).toISOString();

  const PATIENTS = {
    alice: { name: "Alice Martin", status: "normal" },
    bob: { name: "Bob Durand", status: "warning" },
    carol: { name: "Carol Petit", status: "critical" },
    dan: { name: "Dan Moreau", status: "no_signal" },
    eve: { name: "Eve Laurent", status: "offline" },
  };

  const THRESHOLDS = {
    heart_rate: { unit: "bpm", warning_low: 50, warning_high: 110, critical_low: 40, critical_high: 130 },
    spo2: { unit: "%", warning_low: 94, warning_high: null, critical_low: 90, critical_high: null },
    body_temperature: { unit: "°C", warning_low: 35.5, warning_high: 37.8, critical_low: 35, critical_high: 39 },
    perfusion_index: { unit: "%", warning_low: null, warning_high: null, critical_low: null, critical_high: null },
    ambient_temperature: { unit: "°C", warning_low: 18, warning_high: 28, critical_low: 15, critical_high: 32 },
    humidity: { unit: "%", warning_low: 30, warning_high: 70, critical_low: 20, critical_high: 80 },
  };

  // value, status per vital for each patient
  const VALUES = {
    alice: { heart_rate: [72, "normal"], spo2: [98, "normal"], body_temperature: [36.8, "normal"], perfusion_index: [3.4, "normal"], ambient_temperature: [21.5, "normal"], humidity: [45, "normal"] },
    bob: { heart_rate: [118, "warning"], spo2: [95, "normal"], body_temperature: [37.9, "warning"], perfusion_index: [2.1, "normal"], ambient_temperature: [23.1, "normal"], humidity: [52, "normal"] },
    carol: { heart_rate: [88, "normal"], spo2: [87, "critical"], body_temperature: [37.2, "normal"], perfusion_index: [0.9, "warning"], ambient_temperature: [22, "normal"], humidity: [40, "normal"] },
    dan: { heart_rate: ["unknown", "no_signal"], spo2: ["unknown", "no_signal"], body_temperature: [36.5, "normal"], perfusion_index: ["unknown", "no_signal"], ambient_temperature: [20.4, "normal"], humidity: [38, "normal"] },
    eve: { heart_rate: ["unavailable", "no_signal"], spo2: ["unavailable", "no_signal"], body_temperature: ["unavailable", "no_signal"], perfusion_index: ["unavailable", "no_signal"], ambient_temperature: ["unavailable", "no_signal"], humidity: ["unavailable", "no_signal"] },
  };
  // Dan has no finger on the sensor: heart rate keeps a numeric 0 with status no_signal, the
  // other optical vitals are "unknown"; the card must show both as no_signal, from `status`.
  VALUES.dan.heart_rate = [0, "no_signal"];

  const BUTTONS = ["calibrate", "restart"];
  const BINARY = ["connectivity", "finger_detected", "alert_active"];

  function build() {
    const states = {};
    const entities = {};
    const devices = {};
    for (const [slug, p] of Object.entries(PATIENTS)) {
      const device_id = `dev_${slug}`;
      devices[device_id] = { id: device_id, name: p.name, name_by_user: null };
      const add = (domain, key, state, attributes = {}, agoS = 4) => {
        const entity_id = `${domain}.${slug}_${key}`;
        entities[entity_id] = { entity_id, device_id, platform: "fajma", translation_key: key };
        states[entity_id] = {
          entity_id,
          state: String(state),
          attributes,
          last_changed: iso(agoS),
          last_updated: iso(agoS),
        };
      };
      const offline = p.status === "offline";
      add("sensor", "patient_status", offline ? "offline" : p.status, { friendly_name: `${p.name} status` }, offline ? 600 : 3);
      let i = 0;
      for (const [key, [value, status]] of Object.entries(VALUES[slug])) {
        const th = THRESHOLDS[key];
        add("sensor", key, value, {
          friendly_name: `${p.name} ${key}`,
          unit_of_measurement: th.unit,
          status,
          warning_low: th.warning_low,
          warning_high: th.warning_high,
          critical_low: th.critical_low,
          critical_high: th.critical_high,
        }, offline ? 900 : 2 + i++ * 7);
      }
      add("binary_sensor", "connectivity", offline ? "off" : "on", {}, offline ? 600 : 3600);
      add("binary_sensor", "finger_detected", slug === "dan" ? "off" : offline ? "unavailable" : "on");
      // The most urgent alert, as the integration names it (no `count`: the alerts test
      // pushes states that a count would contradict).
      const urgent = (ALERTS[device_id]?.active ?? []).find((a) => !a.acknowledged);
      add(
        "binary_sensor",
        "alert_active",
        urgent ? "on" : "off",
        urgent ? { alert_id: urgent.alert_id, priority: urgent.priority, vital: urgent.vital } : {},
      );
      for (const b of BUTTONS) add("button", b, "unknown");
      add("event", "alert", "unknown");
    }
    // Something unrelated, to check shouldUpdate.
    states["sun.sun"] = { entity_id: "sun.sun", state: "above_horizon", attributes: {}, last_changed: iso(50), last_updated: iso(50) };
    return { states, entities, devices };
  }

  const ALERTS = {
    dev_carol: {
      active: [
        { alert_id: "a-1", vital: "spo2", priority: "critical", kind: "physiological", state: "raised", value: 87, threshold: 90, raised_at: (NOW - 95_000) / 1000, acknowledged: false },
        { alert_id: "a-2", vital: "perfusion_index", priority: "warning", kind: "physiological", state: "raised", value: 0.9, threshold: 1, raised_at: iso(200), acknowledged: true },
      ],
      history: [
        { alert_id: "a-0", vital: "heart_rate", priority: "warning", kind: "physiological", state: "resolved", value: 112, threshold: 110, raised_at: iso(3600), acknowledged: true },
      ],
    },
    dev_bob: {
      active: [
        { alert_id: "b-1", vital: "heart_rate", priority: "warning", kind: "physiological", state: "raised", value: 118, threshold: 110, raised_at: iso(30), acknowledged: false },
      ],
      history: [],
    },
    dev_alice: { active: [], history: [] },
    dev_eve: {
      active: [
        { alert_id: "e-1", vital: "offline", priority: "critical", kind: "technical", state: "raised", value: null, threshold: null, raised_at: iso(600), acknowledged: false },
      ],
      history: [],
    },
  };

  window.makeHass = function makeHass(options = {}) {
    const { states, entities, devices } = build();
    const calls = { services: [], ws: [], subscriptions: [] };
    // What a test can change while the card runs: the alert API down (an entry reloading).
    const control = { alertsDown: false, listeners: {} };
    const hass = {
      states,
      entities,
      devices,
      locale: { language: options.language || "en" },
      language: options.language || "en",
      themes: { darkMode: !!options.dark },
      user: { id: "u1", name: options.admin === false ? "Claire (caregiver)" : "Admin", is_admin: options.admin !== false },
      callService(domain, service, data) {
        calls.services.push([domain, service, data]);
        return Promise.resolve({});
      },
      callWS(msg) {
        calls.ws.push(msg);
        if (msg.type === "fajma/alerts") {
          if (options.alertsApi === false) {
            return Promise.reject({ code: "unknown_command", message: "Unknown command." });
          }
          if (control.alertsDown) {
            return Promise.reject({ code: "not_found", message: `No FAJMA patient for device ${msg.device_id}` });
          }
          return Promise.resolve(JSON.parse(JSON.stringify(ALERTS[msg.device_id] || { active: [], history: [] })));
        }
        return Promise.reject({ code: "unknown_command", message: "Unknown command." });
      },
      connection: {
        subscribeMessage(cb, msg, subOptions) {
          if (msg.type === "fajma/alerts/subscribe" && options.alertsApi === false) {
            return Promise.reject({ code: "unknown_command" });
          }
          if (msg.type === "fajma/alerts/subscribe" && control.alertsDown) {
            return Promise.reject({ code: "not_found" });
          }
          const sub = { msg, cb, options: subOptions, unsubscribed: false, at: Date.now() };
          calls.subscriptions.push(sub);
          return Promise.resolve(() => {
            sub.unsubscribed = true;
          });
        },
        addEventListener(event, listener) {
          (control.listeners[event] ||= new Set()).add(listener);
        },
        removeEventListener(event, listener) {
          control.listeners[event]?.delete(listener);
        },
      },
    };
    /** What home-assistant-js-websocket does on a reconnect: "disconnected", then "ready". */
    control.fire = (event) => control.listeners[event]?.forEach((l) => l());
    return { hass, calls, control };
  };

  /** A history/stream backlog for an entity: `n` readings every `stepS` seconds up to now. */
  window.makeBacklog = function makeBacklog(entityId, n, stepS, base, amplitude) {
    const nowS = Date.now() / 1000;
    const list = [];
    for (let i = n - 1; i >= 0; i--) {
      const v = base + amplitude * Math.sin(i / 5) + (i % 3);
      list.push(i === n - 1 ? { s: String(v.toFixed(1)), a: {}, lu: nowS - i * stepS } : { s: String(v.toFixed(1)), lu: nowS - i * stepS });
    }
    return { states: { [entityId]: list }, start_time: nowS - n * stepS, end_time: nowS };
  };

  /** Replace one entity's state immutably (a new hass object, as Home Assistant does). */
  window.withState = function withState(hass, entityId, patch) {
    const old = hass.states[entityId];
    const next = { ...old, ...patch, attributes: { ...old.attributes, ...(patch.attributes || {}) } };
    return { ...hass, states: { ...hass.states, [entityId]: next } };
  };
})();

// Mount a card in the stage; returns its id. Recorders are kept on window.cards[id].
window.cards = {};
window.mount = async function mount(id, tag, config, options = {}) {
  const { hass, calls, control } = window.makeHass(options);
  const stage = document.getElementById("stage");
  stage.className = `stage ${options.dark ? "theme-dark" : "theme-light"}`;
  const el = document.createElement(tag);
  el.id = id;
  el.setConfig(config);
  el.hass = hass;
  if (options.width) el.style.maxWidth = `${options.width}px`;
  stage.appendChild(el);
  await el.updateComplete;
  window.cards[id] = { el, calls, control };
  return id;
};
window.settle = async function settle(id) {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await window.cards[id].el.updateComplete;
  }
};

/**
 * WCAG contrast ratio of an element's text against what is really behind it: every
 * background from the page down to the element (shadow roots crossed), composited the way
 * the browser paints them (a 1×1 canvas), so translucent tints (color-mix) count.
 */
window.contrastOf = function contrastOf(el) {
  const chain = [];
  for (let n = el; n; n = n.nodeType === 11 ? n.host : n.parentNode) {
    if (n.nodeType === 1) chain.push(getComputedStyle(n).backgroundColor);
  }
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const paint = (color) => {
    ctx.fillStyle = "#010203";
    ctx.fillStyle = color;
    if (ctx.fillStyle === "#010203" && color !== "#010203") throw new Error(`canvas cannot parse ${color}`);
    ctx.fillRect(0, 0, 1, 1);
  };
  const pixel = () => Array.from(ctx.getImageData(0, 0, 1, 1).data.slice(0, 3));
  paint("#ffffff");
  for (const bg of chain.reverse()) paint(bg);
  const background = pixel();
  paint(getComputedStyle(el).color);
  const text = pixel();
  const lum = ([r, g, b]) => {
    const lin = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const [hi, lo] = [lum(text), lum(background)].sort((a, b) => b - a);
  return { ratio: (hi + 0.05) / (lo + 0.05), text, background };
};

/** A backlog for several entities at once (what one history/stream subscription sends first). */
window.makeBacklogs = function makeBacklogs(specs) {
  const states = {};
  for (const [entityId, n, stepS, base, amplitude] of specs) {
    Object.assign(states, window.makeBacklog(entityId, n, stepS, base, amplitude).states);
  }
  return { states };
};

/** A history backlog drifting from `from` to `to` over `n` readings `stepS` apart (deterministic wobble). */
window.makeTrend = function makeTrend(entityId, n, stepS, from, to, wobble, decimals = 0) {
  const nowS = Date.now() / 1000;
  const list = [];
  for (let i = 0; i < n; i++) {
    const v = from + ((to - from) * i) / (n - 1) + wobble * Math.sin(i * 0.7) * Math.cos(i * 0.13);
    list.push({ s: v.toFixed(decimals), lu: nowS - (n - 1 - i) * stepS });
  }
  return { [entityId]: list };
};
