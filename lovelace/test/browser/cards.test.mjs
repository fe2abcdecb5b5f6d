// Browser test: the built bundle in headless Chromium with a fake `hass`.
//
// Needs a Chromium binary: /usr/bin/chromium (Debian: apt-get install -y chromium) or
// CHROMIUM_PATH. Screenshots go to lovelace/artifacts/.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { OUTFILE } from "../../build.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = resolve(here, "../../artifacts");
const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const FILES = {
  "/": ["harness.html", "text/html"],
  "/fixture.js": ["fixture.js", "text/javascript"],
};

let server;
let browser;
let baseUrl;

before(async () => {
  if (!existsSync(executablePath)) {
    throw new Error(`No Chromium at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  }
  await mkdir(artifacts, { recursive: true });
  server = createServer(async (req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    try {
      if (path === "/favicon.ico") {
        res.writeHead(204).end();
        return;
      }
      if (path === "/fajma/fajma-cards.js") {
        res.writeHead(200, { "content-type": "text/javascript" });
        res.end(await readFile(OUTFILE));
        return;
      }
      const entry = FILES[path];
      if (!entry) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": entry[1] });
      res.end(await readFile(resolve(here, entry[0])));
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  baseUrl = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath, args: ARGS });
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
});

async function openPage(viewport = { width: 900, height: 1300 }) {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  const errors = [];
  page.on("pageerror", (err) => errors.push(String(err)));
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  await page.goto(`${baseUrl}/`);
  await page.addScriptTag({ url: "/fajma/fajma-cards.js", type: "module" });
  await page.waitForFunction(() => customElements.get("fajma-patient-card"));
  page.errors = errors;
  return page;
}

const mount = (page, id, tag, config, options = {}) =>
  page.evaluate(
    async ([id, tag, config, options]) => {
      await window.mount(id, tag, config, options);
      await window.settle(id);
    },
    [id, tag, config, options],
  );

/** Computed colour of a CSS variable in the stage's theme, as the browser resolves it. */
const themeColor = (page, variable) =>
  page.evaluate((v) => {
    const probe = document.createElement("span");
    probe.style.color = `var(${v})`;
    document.getElementById("stage").appendChild(probe);
    const c = getComputedStyle(probe).color;
    probe.remove();
    return c;
  }, variable);

const tileStatusColor = (page, card, vital) =>
  page.locator(`#${card} .tile[data-vital=${vital}] .tile-status`).evaluate((el) => getComputedStyle(el).color);

describe("fajma cards in Chromium", () => {
  test("bundle registers the cards and the card picker entries", async () => {
    const page = await openPage();
    const info = await page.evaluate(() => ({
      types: (window.customCards || []).map((c) => c.type),
      editor: !!customElements.get("fajma-patient-card-editor"),
      overview: !!customElements.get("fajma-overview-card"),
      stub: customElements.get("fajma-patient-card").getStubConfig(window.makeHass().hass),
    }));
    assert.deepEqual(info.types, ["fajma-patient-card", "fajma-overview-card"]);
    assert.ok(info.editor && info.overview);
    assert.equal(info.stub.type, "custom:fajma-patient-card");
    assert.match(info.stub.device_id, /^dev_/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test("tiles show values, units, thresholds and status colours for every status", async () => {
    const page = await openPage();
    const expected = {
      alice: { heart_rate: ["normal", "72 bpm"], spo2: ["normal", "98%"], body_temperature: ["normal", "36.8 °C"] },
      bob: { heart_rate: ["warning", "118 bpm"], body_temperature: ["warning", "37.9 °C"], spo2: ["normal", "95%"] },
      carol: { spo2: ["critical", "87%"], perfusion_index: ["warning", "0.9%"] },
      dan: { heart_rate: ["no_signal", "0 bpm"], spo2: ["no_signal", "—"] },
      eve: { heart_rate: ["offline", "—"], humidity: ["offline", "—"] },
    };
    const colors = {
      normal: await themeColor(page, "--success-color"),
      warning: await themeColor(page, "--warning-color"),
      critical: await themeColor(page, "--error-color"),
      no_signal: await themeColor(page, "--disabled-text-color"),
      offline: await themeColor(page, "--disabled-text-color"),
    };
    for (const [slug, vitals] of Object.entries(expected)) {
      await mount(page, slug, "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: `dev_${slug}` });
      for (const [vital, [status, value]] of Object.entries(vitals)) {
        const tile = page.locator(`#${slug} .tile[data-vital=${vital}]`);
        assert.equal(await tile.getAttribute("data-status"), status, `${slug} ${vital} status`);
        assert.equal(
          (await tile.locator(".tile-value").textContent()).replace(/\u00a0/g, " ").trim(),
          value,
          `${slug} ${vital} value`,
        );
        assert.equal(await tileStatusColor(page, slug, vital), colors[status], `${slug} ${vital} colour`);
      }
    }
    // Six tiles, time since update, thresholds.
    assert.equal(await page.locator("#alice .tile").count(), 6);
    assert.match(await page.locator("#alice .tile[data-vital=heart_rate] .tile-updated").textContent(), /updated \d+ sec\. ago|updated now/);
    assert.match(
      (await page.locator("#alice .tile[data-vital=heart_rate] .tile-thresholds").textContent()).replace(/\s+/g, " "),
      /warn 50–110 crit 40–130/,
    );
    // Header chips.
    assert.equal(await page.locator("#carol .patient-status").getAttribute("data-status"), "critical");
    assert.equal(await page.locator("#alice .connection").getAttribute("data-state"), "on");
    assert.match(await page.locator("#dan .finger-absent").textContent(), /No finger/);
    // Offline: banner, every tile stale, connection badge off.
    assert.equal(await page.locator("#eve ha-card").getAttribute("data-patient-status"), "offline");
    assert.equal(await page.locator("#eve .offline-banner").count(), 1);
    assert.equal(await page.locator('#eve .tile[data-stale="true"]').count(), 6);
    assert.equal(await page.locator("#eve .connection").getAttribute("data-state"), "off");
    assert.match(await page.locator("#eve .connection").textContent(), /Disconnected/);
    assert.equal(await page.locator("#alice .offline-banner").count(), 0);
    assert.equal(
      (await page.locator('#eve .alert[data-alert-id="e-1"] .alert-text').textContent()).replace(/\s+/g, " ").trim(),
      "Monitor offline · technical · 10 min. ago",
    );
    assert.equal(await page.locator('#alice .tile[data-stale="true"]').count(), 0);
    await page.screenshot({ path: resolve(artifacts, "patient-cards-light.png"), fullPage: true });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test("a vital going offline and coming back updates the tile", async () => {
    const page = await openPage();
    await mount(page, "alice", "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: "dev_alice" });
    const setState = (entityId, patch) =>
      page.evaluate(
        async ([entityId, patch]) => {
          const c = window.cards.alice;
          c.el.hass = window.withState(c.el.hass, entityId, patch);
          await window.settle("alice");
        },
        [entityId, patch],
      );
    await setState("sensor.alice_heart_rate", { state: "unavailable" });
    const tile = page.locator("#alice .tile[data-vital=heart_rate]");
    assert.equal(await tile.getAttribute("data-status"), "offline");
    assert.equal(await tile.getAttribute("data-stale"), "true");
    await setState("sensor.alice_heart_rate", { state: "131", attributes: { status: "critical" } });
    assert.equal(await tile.getAttribute("data-status"), "critical");
    assert.equal((await tile.locator(".tile-value").textContent()).replace(/\u00a0/g, " ").trim(), "131 bpm");
    await setState("sensor.alice_patient_status", { state: "offline" });
    assert.equal(await tile.getAttribute("data-status"), "offline");
    await page.close();
  });

  test("shouldUpdate ignores entities the card does not show", async () => {
    const page = await openPage();
    await mount(page, "alice", "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: "dev_alice" });
    const renders = await page.evaluate(async () => {
      const c = window.cards.alice;
      let n = 0;
      const orig = c.el.render;
      c.el.render = function (...args) {
        n += 1;
        return orig.apply(this, args);
      };
      c.el.hass = window.withState(c.el.hass, "sun.sun", { state: "below_horizon" });
      c.el.hass = window.withState(c.el.hass, "sensor.bob_heart_rate", { state: "120" });
      await window.settle("alice");
      const unrelated = n;
      c.el.hass = window.withState(c.el.hass, "sensor.alice_spo2", { state: "97" });
      await window.settle("alice");
      return { unrelated, related: n };
    });
    assert.deepEqual(renders, { unrelated: 0, related: 1 });
    await page.close();
  });

  test("alerts panel: lists alerts, acknowledges, follows the subscription", async () => {
    const page = await openPage();
    await mount(page, "carol", "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: "dev_carol" });
    const ws = await page.evaluate(() => window.cards.carol.calls.ws);
    assert.deepEqual(ws, [{ type: "fajma/alerts", device_id: "dev_carol" }]);
    const alertSub = await page.evaluate(() =>
      window.cards.carol.calls.subscriptions.map((s) => s.msg).find((m) => m.type === "fajma/alerts/subscribe"),
    );
    assert.deepEqual(alertSub, { type: "fajma/alerts/subscribe", device_id: "dev_carol" });
    assert.equal(await page.locator("#carol .alert.active").count(), 2);
    const first = page.locator('#carol .alert[data-alert-id="a-1"]');
    assert.match((await first.textContent()).replace(/\u00a0/g, " "), /SpO₂\s+87%/);
    assert.match((await first.textContent()).replace(/\u00a0/g, " "), /physiological · limit 90% · 1 min\. ago/);
    assert.equal(await page.locator('#carol .alert[data-alert-id="a-2"] .acked').count(), 1);
    await page.locator('#carol .alert[data-alert-id="a-1"] button.ack').click();
    const services = await page.evaluate(() => window.cards.carol.calls.services);
    assert.deepEqual(services, [["fajma", "acknowledge", { alert_id: "a-1" }]]);
    // The integration pushes the new state: a-1 acknowledged, a-2 cleared.
    await page.evaluate(async () => {
      const sub = window.cards.carol.calls.subscriptions.find((s) => s.msg.type === "fajma/alerts/subscribe");
      sub.cb({
        active: [{ alert_id: "a-1", vital: "spo2", priority: "critical", kind: "physiological", state: "acknowledged", value: 88, threshold: 90, raised_at: new Date().toISOString(), acknowledged: true }],
        history: [{ alert_id: "a-2", vital: "perfusion_index", priority: "warning", kind: "physiological", state: "resolved", value: 0.9, threshold: 1, raised_at: new Date().toISOString(), acknowledged: true }],
      });
      await window.settle("carol");
    });
    assert.equal(await page.locator("#carol .alert.active").count(), 1);
    assert.equal(await page.locator('#carol .alert[data-alert-id="a-1"] .acked').count(), 1);
    assert.equal(await page.locator("#carol .alert-history .alert").count(), 1);
    await page.close();
  });

  test("alerts panel hides when the alert API is not there", async () => {
    const page = await openPage();
    await mount(page, "bob", "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: "dev_bob" }, { alertsApi: false });
    assert.equal(await page.locator("#bob .alerts").count(), 0);
    assert.equal(await page.locator("#bob .tile").count(), 6);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test("calibrate calls fajma.calibrate; restart asks first, then calls fajma.reset", async () => {
    const page = await openPage();
    await mount(page, "alice", "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: "dev_alice" });
    const services = () => page.evaluate(() => window.cards.alice.calls.services);
    await page.locator("#alice button.calibrate").click();
    assert.deepEqual(await services(), [["fajma", "calibrate", { device_id: "dev_alice" }]]);
    await page.locator("#alice button.restart").click();
    assert.equal(await page.locator("#alice .confirm").count(), 1);
    assert.equal((await services()).length, 1, "restart must wait for confirmation");
    await page.locator("#alice button.cancel").click();
    assert.equal((await services()).length, 1);
    await page.locator("#alice button.restart").click();
    await page.locator("#alice button.confirm-restart").click();
    assert.deepEqual((await services())[1], ["fajma", "reset", { device_id: "dev_alice" }]);
    await page.close();
  });

  test("chart follows history/stream and the window selector", async () => {
    const page = await openPage();
    await mount(page, "alice", "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: "dev_alice" });
    const subs = () =>
      page.evaluate(() =>
        window.cards.alice.calls.subscriptions
          .filter((s) => s.msg.type === "history/stream")
          .map((s) => ({ ...s.msg, unsubscribed: s.unsubscribed })),
      );
    let history = await subs();
    assert.equal(history.length, 1);
    const msg = history[0];
    // Only the charted vital (heart rate first) is streamed.
    assert.deepEqual(msg.entity_ids, ["sensor.alice_heart_rate"]);
    assert.equal(msg.minimal_response, true);
    assert.equal(msg.no_attributes, true);
    assert.equal(msg.significant_changes_only, false);
    const hourAgo = Date.now() - 3600_000;
    assert.ok(Math.abs(Date.parse(msg.start_time) - hourAgo) < 60_000, "1 h window by default");
    const push = (index, message) =>
      page.evaluate(
        async ([index, message]) => {
          const subs = window.cards.alice.calls.subscriptions.filter((s) => s.msg.type === "history/stream");
          subs[index].cb(message.backlog ? window.makeBacklog(...message.backlog) : message);
          await window.settle("alice");
        },
        [index, message],
      );
    // Backlog: 120 readings 60 s apart (2 h): the 1 h window shows those of the last hour.
    await push(0, { backlog: ["sensor.alice_heart_rate", 120, 60, 75, 8] });
    const chart = page.locator("#alice fajma-chart");
    const inHour = Number(await chart.getAttribute("data-points"));
    assert.ok(inHour >= 59 && inHour <= 61, `points in 1 h: ${inHour}`);
    assert.equal(await page.locator("#alice fajma-chart canvas").count(), 1, "uPlot canvas");
    // A live reading is appended.
    await push(0, { states: { "sensor.alice_heart_rate": [{ s: "80", lu: Date.now() / 1000 }] } });
    assert.equal(Number(await chart.getAttribute("data-points")), inHour + 1);
    // "Last 50": resubscribes an hour back; fewer than 50 readings there, so a day back.
    await page.locator('#alice button.window[data-window="50"]').click();
    await page.evaluate(() => window.settle("alice"));
    history = await subs();
    assert.equal(history.length, 2);
    assert.equal(history[0].unsubscribed, true);
    assert.ok(Math.abs(Date.parse(history[1].start_time) - hourAgo) < 60_000);
    await push(1, { backlog: ["sensor.alice_heart_rate", 20, 60, 75, 8] });
    history = await subs();
    assert.equal(history.length, 3);
    assert.equal(history[1].unsubscribed, true);
    assert.ok(Math.abs(Date.parse(history[2].start_time) - (Date.now() - 86400_000)) < 60_000);
    await push(2, { backlog: ["sensor.alice_heart_rate", 120, 600, 75, 8] });
    assert.equal(Number(await chart.getAttribute("data-points")), 50);
    await page.screenshot({ path: resolve(artifacts, "patient-card-chart.png"), fullPage: true });
    // Clicking a tile charts that vital, streamed instead of the previous one.
    await page.locator("#alice .tile[data-vital=spo2]").click();
    await page.evaluate(() => window.settle("alice"));
    assert.match(await page.locator("#alice .chart-title").textContent(), /SpO₂/);
    assert.equal(await page.locator("#alice .tile.selected").getAttribute("data-vital"), "spo2");
    history = await subs();
    assert.equal(history.length, 4);
    assert.equal(history[2].unsubscribed, true);
    assert.deepEqual(history[3].entity_ids, ["sensor.alice_spo2"]);
    // Removing the card ends its subscriptions.
    const open = await page.evaluate(async () => {
      window.cards.alice.el.remove();
      await new Promise((r) => setTimeout(r, 10));
      return window.cards.alice.calls.subscriptions.filter((s) => !s.unsubscribed).length;
    });
    assert.equal(open, 0);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test("French follows hass.locale.language", async () => {
    const page = await openPage();
    await mount(page, "bob", "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: "dev_bob" }, { language: "fr" });
    const text = (await page.locator("#bob ha-card").textContent()).replace(/\u00a0/g, " ");
    assert.match(text, /Fréquence cardiaque/);
    assert.match(text, /37,9 °C/);
    assert.match(text, /Attention/);
    assert.match(text, /Étalonner/);
    assert.match(text, /Acquitter/);
    assert.match(text, /mis à jour il y a/);
    await page.close();
  });

  test("overview: every patient, worst first, light and dark", async () => {
    for (const dark of [false, true]) {
      const page = await openPage({ width: 1100, height: 700 });
      await mount(page, "ov", "fajma-overview-card", { type: "custom:fajma-overview-card" }, { dark });
      const order = await page.locator("#ov .patient").evaluateAll((els) => els.map((e) => e.dataset.status));
      assert.deepEqual(order, ["offline", "critical", "warning", "no_signal", "normal"]);
      const names = await page.locator("#ov .patient").evaluateAll((els) => els.map((e) => e.dataset.name));
      assert.deepEqual(names, ["Eve Laurent", "Carol Petit", "Bob Durand", "Dan Moreau", "Alice Martin"]);
      const critical = page.locator('#ov .patient[data-status="critical"] .vital[data-vital=spo2]');
      assert.equal(await critical.getAttribute("data-status"), "critical");
      await page.screenshot({ path: resolve(artifacts, `overview-${dark ? "dark" : "light"}.png`), fullPage: true });
      if (dark) {
        await mount(page, "carol", "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: "dev_carol" }, { dark });
        await page.evaluate(() => document.getElementById("ov").remove());
        assert.equal(await tileStatusColor(page, "carol", "spo2"), await themeColor(page, "--error-color"));
        // Chart the critical SpO2 with an hour of readings.
        await page.locator("#carol .tile[data-vital=spo2]").click();
        await page.evaluate(async () => {
          await window.settle("carol");
          const subs = window.cards.carol.calls.subscriptions.filter((s) => s.msg.type === "history/stream");
          subs.at(-1).cb(window.makeBacklog("sensor.carol_spo2", 60, 60, 90, 2));
          await window.settle("carol");
        });
        assert.equal(Number(await page.locator("#carol fajma-chart").getAttribute("data-points")), 60);
        // Warning (94) and critical (90) limits drawn as lines.
        assert.equal(Number(await page.locator("#carol fajma-chart").getAttribute("data-thresholds")), 2);
        await page.screenshot({ path: resolve(artifacts, "patient-card-dark.png"), fullPage: true });
      }
      assert.deepEqual(page.errors, []);
      await page.close();
    }
  });

  test("overview re-sorts when a patient's status changes", async () => {
    const page = await openPage({ width: 1100, height: 700 });
    await mount(page, "ov", "fajma-overview-card", { type: "custom:fajma-overview-card" });
    await page.evaluate(async () => {
      const c = window.cards.ov;
      c.el.hass = window.withState(c.el.hass, "sensor.alice_patient_status", { state: "critical" });
      c.el.hass = window.withState(c.el.hass, "sensor.eve_patient_status", { state: "normal" });
      await window.settle("ov");
    });
    const names = await page.locator("#ov .patient").evaluateAll((els) => els.map((e) => e.dataset.name));
    assert.deepEqual(names, ["Alice Martin", "Carol Petit", "Bob Durand", "Dan Moreau", "Eve Laurent"]);
    await page.close();
  });

  test("entities registered after the card appear without a reload", async () => {
    const page = await openPage();
    const found = await page.evaluate(async () => {
      const { hass } = window.makeHass();
      const empty = { ...hass, entities: {} };
      const el = document.createElement("fajma-patient-card");
      el.id = "late";
      el.setConfig({ type: "custom:fajma-patient-card", device_id: "dev_bob" });
      el.hass = empty;
      document.getElementById("stage").appendChild(el);
      await el.updateComplete;
      const before = el.shadowRoot.querySelectorAll(".tile").length;
      el.hass = hass; // the registry arrives
      await el.updateComplete;
      return { before, after: el.shadowRoot.querySelectorAll(".tile").length };
    });
    assert.deepEqual(found, { before: 0, after: 6 });
    await page.close();
  });

  test("phone width: no horizontal overflow", async () => {
    const page = await openPage({ width: 375, height: 1100 });
    await mount(page, "carol", "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: "dev_carol" });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
    await page.screenshot({ path: resolve(artifacts, "patient-card-phone.png"), fullPage: true });
    await page.close();
  });

  test("editor: ha-form changes become config-changed events", async () => {
    const page = await openPage();
    const result = await page.evaluate(async () => {
      const { hass } = window.makeHass();
      // Home Assistant lazy-loads <ha-form>: the card asks for the entities card's editor.
      let helpersUsed = 0;
      window.loadCardHelpers = async () => ({
        createCardElement: () => {
          helpersUsed += 1;
          const card = document.createElement("div");
          card.constructor.getConfigElement = async () => {
            customElements.define("ha-form", class extends HTMLElement {});
          };
          return card;
        },
      });
      const editor = await customElements.get("fajma-patient-card").getConfigElement();
      const haFormLoaded = !!customElements.get("ha-form");
      editor.hass = hass;
      editor.setConfig({ type: "custom:fajma-patient-card", device_id: "dev_alice", grid_options: { columns: 12 } });
      document.body.appendChild(editor);
      await editor.updateComplete;
      const form = editor.shadowRoot.querySelector("ha-form");
      const seen = [];
      editor.addEventListener("config-changed", (e) => seen.push(e.detail.config));
      form.dispatchEvent(
        new CustomEvent("value-changed", {
          detail: { value: { ...form.data, device_id: "dev_bob", window: "24h", show_controls: false } },
        }),
      );
      return { data: form.data, schema: form.schema.map((s) => s.name), seen, helpersUsed, haFormLoaded };
    });
    assert.equal(result.helpersUsed, 1);
    assert.equal(result.haFormLoaded, true);
    assert.equal(result.data.device_id, "dev_alice");
    assert.equal(result.data.window, "1h");
    assert.deepEqual(result.schema, ["device_id", "entity", "name", "window", "stale_after", ""]);
    assert.deepEqual(result.seen, [
      { type: "custom:fajma-patient-card", grid_options: { columns: 12 }, device_id: "dev_bob", window: "24h", show_controls: false },
    ]);
    await page.close();
  });

  test("a config without a patient shows a hint, a bad config throws", async () => {
    const page = await openPage();
    await mount(page, "nobody", "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: "dev_nobody" });
    assert.match(await page.locator("#nobody .warning-box").textContent(), /No FAJMA patient/);
    const error = await page.evaluate(() => {
      try {
        document.createElement("fajma-patient-card").setConfig({ type: "custom:fajma-patient-card" });
        return null;
      } catch (e) {
        return e.message;
      }
    });
    assert.match(error, /device_id or entity/);
    await page.close();
  });
});
