// Browser test: the built bundle in headless Chromium with a fake `hass`.
//
// Needs a Chromium binary: /usr/bin/chromium (Debian: apt-get install -y chromium) or
// CHROMIUM_PATH. Screenshots go to lovelace/artifacts/.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readFile, stat } from "node:fs/promises";
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
    // Connected and fresh: live, whenever the value last changed.
    assert.equal((await page.locator("#alice .tile[data-vital=heart_rate] .tile-updated").textContent()).trim(), "live");
    assert.equal(await page.locator('#alice .tile[data-fresh="live"]').count(), 6);
    // Offline: the last value dates from the disconnection (10 min ago in the fixture).
    assert.equal(await page.locator('#eve .tile[data-fresh="last"]').count(), 6);
    assert.equal(
      (await page.locator("#eve .tile[data-vital=heart_rate] .tile-updated").textContent()).trim(),
      "last value 10 min. ago",
    );
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
    // One stream for every vital: the chart and the tiles' sparklines share it.
    assert.deepEqual(msg.entity_ids, [
      "sensor.alice_heart_rate",
      "sensor.alice_spo2",
      "sensor.alice_body_temperature",
      "sensor.alice_perfusion_index",
      "sensor.alice_ambient_temperature",
      "sensor.alice_humidity",
    ]);
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
    // The hour's readings and the one in force at its left edge.
    assert.ok(inHour >= 60 && inHour <= 62, `points in 1 h: ${inHour}`);
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
    // Clicking a tile charts that vital from the same stream: no new subscription.
    await page.locator("#alice .tile[data-vital=spo2]").click();
    await page.evaluate(() => window.settle("alice"));
    assert.match(await page.locator("#alice .chart-title").textContent(), /SpO₂/);
    assert.equal(await page.locator("#alice .tile.selected").getAttribute("data-vital"), "spo2");
    history = await subs();
    assert.equal(history.length, 3);
    assert.equal(history[2].unsubscribed, false);
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
    // The glossary's words (docs/glossary.md): never "acquitter".
    assert.match(text, /Je m’en occupe/);
    assert.doesNotMatch(text, /[Aa]cquitt/);
    assert.match(text, /en direct/);
    // Times in French: 24 h labels on the chart, with seconds for the last 50 readings.
    await page.locator('#bob button.window[data-window="50"]').click();
    const labels = await page.evaluate(async () => {
      await window.settle("bob");
      const subs = window.cards.bob.calls.subscriptions.filter((s) => s.msg.type === "history/stream" && !s.unsubscribed);
      subs.at(-1).cb(window.makeBacklog("sensor.bob_heart_rate", 60, 1, 110, 6));
      await window.settle("bob");
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return window.cards.bob.el.shadowRoot.querySelector("fajma-chart").drawn;
    });
    for (const label of labels.x) assert.match(label, /^\d\d:\d\d:\d\d$/);
    for (const label of labels.y) assert.match(label.replace(/\u00a0/g, " "), /^\d+ bpm$/);
    // The offline patient and the overview, in French; no English left anywhere.
    await mount(page, "eve", "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: "dev_eve" }, { language: "fr" });
    await mount(page, "ov", "fajma-overview-card", { type: "custom:fajma-overview-card" }, { language: "fr" });
    await page.evaluate(() => window.settle("ov"));
    const eve = (await page.locator("#eve ha-card").textContent()).replace(/\u00a0/g, " ").replace(/\s+/g, " ");
    assert.match(eve, /dernière valeur il y a 10 min/);
    assert.match(eve, /Déconnecté/);
    assert.match(eve, /Moniteur hors ligne/);
    const ov = (await page.locator("#ov ha-card").textContent()).replace(/\u00a0/g, " ").replace(/\s+/g, " ");
    assert.match(ov, /Connecté/);
    assert.match(ov, /Critique · SpO₂ · il y a 1 min/);
    assert.match(ov, /Attention · Fréquence cardiaque · il y a 30 s/);
    assert.match(ov, /37,9 °C/);
    for (const en of [/\blive\b/, /\bago\b/, /Connected/, /I’m on it/, /Heart rate/, /\bLast\b/, /Normal status/, /Disconnected/]) {
      for (const [name, t] of [["bob", text], ["eve", eve], ["overview", ov]]) assert.doesNotMatch(t, en, `${name}: ${en}`);
    }
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
  // ---- issue 15: a caregiver reads the cards at a glance, on a phone, at night ----------

  test("chart: time labels never repeat in any window, value labels are round, distinct, with the unit", async () => {
    const page = await openPage();
    await mount(page, "alice", "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: "dev_alice" });
    const cases = [
      // window, readings, seconds apart, smallest time step (s) the labels must resolve
      ["50", 50, 1, /^\d\d:\d\d:\d\d$/],
      ["1h", 360, 10, /^\d\d:\d\d$/],
      ["24h", 288, 300, /^\d\d:\d\d$/],
    ];
    let index = 0;
    for (const [window, n, step, format] of cases) {
      await page.locator(`#alice button.window[data-window="${window}"]`).click();
      const drawn = await page.evaluate(
        async ([index, n, step]) => {
          await window.settle("alice");
          const subs = window.cards.alice.calls.subscriptions.filter((s) => s.msg.type === "history/stream" && !s.unsubscribed);
          // Heart rate hovering around 74 (the values of the issue: "74, 74, 73").
          subs.at(-1).cb(window.makeBacklog("sensor.alice_heart_rate", n, step, 73.6, 0.6));
          await window.settle("alice");
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          return window.cards.alice.el.shadowRoot.querySelector("fajma-chart").drawn;
        },
        [index++, n, step],
      );
      const x = drawn.x;
      assert.ok(x.length >= 3, `${window}: ${x.length} time labels`);
      assert.equal(new Set(x).size, x.length, `${window}: time labels repeat: ${x.join(" ")}`);
      for (const label of x) assert.match(label.replace(/\s?[AP]M$/, ""), format, `${window}: ${label}`);
      const y = drawn.y.map((v) => v.replace(/\u00a0/g, " "));
      assert.ok(y.length >= 2, `${window}: value labels ${y}`);
      assert.equal(new Set(y).size, y.length, `${window}: value labels repeat: ${y.join(", ")}`);
      for (const label of y) assert.match(label, /^\d+ bpm$/, `${window}: ${label}`);
      // The integration's limits are labelled on their lines (those in view).
      for (const label of drawn.limits) assert.match(label.replace(/\u00a0/g, " "), /^(warn|crit) \d+ bpm$/);
    }
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test("chart: offline, no signal and no finger are gaps, a held value is a line; tooltip with the exact value and time", async () => {
    const page = await openPage();
    await mount(page, "alice", "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: "dev_alice" });
    const probe = await page.evaluate(async () => {
      await window.settle("alice");
      const nowS = Date.now() / 1000;
      const list = [];
      for (let t = nowS - 3590; t <= nowS; t += 10) {
        const ago = nowS - t;
        // 40–20 min ago: offline (unavailable); 15–10 min ago: no finger (unknown).
        const s = ago <= 2400 && ago > 1200 ? "unavailable" : ago <= 900 && ago > 600 ? "unknown" : String(70 + (Math.round(t / 10) % 2) * 4);
        list.push({ s, lu: t });
      }
      const sub = window.cards.alice.calls.subscriptions.find((s) => s.msg.type === "history/stream");
      sub.cb({ states: { "sensor.alice_heart_rate": list } });
      await window.settle("alice");
      const chart = window.cards.alice.el.shadowRoot.querySelector("fajma-chart");
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const plot = chart.plot;
      const canvas = chart.shadowRoot.querySelector("canvas");
      const ctx = canvas.getContext("2d");
      const line = getComputedStyle(chart.shadowRoot.querySelector(".wrap")).color.match(/\d+/g).map(Number);
      const top = Math.round(plot.bbox.top);
      const height = Math.round(plot.bbox.height);
      // Pixels of the line's colour in a 5 px wide column at a time (what the eye would see).
      const inkAt = (agoS) => {
        const x = Math.round(plot.valToPos(nowS - agoS, "x", true));
        const data = ctx.getImageData(x - 2, top, 5, height).data;
        let n = 0;
        for (let i = 0; i < data.length; i += 4) {
          const d = Math.abs(data[i] - line[0]) + Math.abs(data[i + 1] - line[1]) + Math.abs(data[i + 2] - line[2]);
          if (data[i + 3] > 128 && d < 60) n += 1;
        }
        return n;
      };
      return {
        data: inkAt(50 * 60),
        offline: inkAt(30 * 60),
        noFinger: inkAt(12.5 * 60),
        live: inkAt(2 * 60),
        rect: chart.getBoundingClientRect().toJSON(),
        over: plot.over.getBoundingClientRect().toJSON(),
        x: plot.valToPos(nowS - 5 * 60 + 0.1, "x"),
      };
    });
    assert.ok(probe.data > 0, `readings 50 min ago are drawn (${probe.data} px)`);
    assert.ok(probe.live > 0, `readings 2 min ago are drawn (${probe.live} px)`);
    assert.equal(probe.offline, 0, "offline is a gap, not a line");
    assert.equal(probe.noFinger, 0, "no finger is a gap, not a line");
    // Hover (a tap on a phone): the exact value and time.
    await page.mouse.move(probe.over.x + probe.x, probe.over.y + 40);
    const tip = page.locator("#alice fajma-chart .tooltip");
    await tip.waitFor({ timeout: 2000 });
    const text = (await tip.textContent()).replace(/\s+/g, " ").replace(/\u00a0/g, " ").trim();
    assert.match(text, /^(70|74) bpm \d\d:\d\d:\d\d( [AP]M)?$/, text);
    await page.mouse.move(1, 1);
    await page.waitForFunction(() => !window.cards.alice.el.shadowRoot.querySelector("fajma-chart").shadowRoot.querySelector(".tooltip"));
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test("every vital tile has a sparkline of its trend, from the one stream", async () => {
    const page = await openPage();
    await mount(page, "alice", "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: "dev_alice" });
    const result = await page.evaluate(async () => {
      const subs = window.cards.alice.calls.subscriptions.filter((s) => s.msg.type === "history/stream");
      subs[0].cb(
        window.makeBacklogs([
          ["sensor.alice_heart_rate", 60, 60, 75, 8],
          ["sensor.alice_spo2", 30, 120, 97, 1],
          ["sensor.alice_body_temperature", 12, 300, 36.8, 0.2],
          ["sensor.alice_perfusion_index", 60, 60, 3, 1],
          ["sensor.alice_humidity", 6, 600, 45, 2],
        ]),
      );
      // Room temperature: one reading two hours ago, repeated by the device ever since.
      subs[0].cb({ states: { "sensor.alice_ambient_temperature": [{ s: "21.5", lu: Date.now() / 1000 - 7200 }] } });
      await window.settle("alice");
      const root = window.cards.alice.el.shadowRoot;
      return {
        subs: subs.length,
        tiles: [...root.querySelectorAll(".tile")].map((t) => ({
          vital: t.dataset.vital,
          d: t.querySelector("svg.sparkline path")?.getAttribute("d") ?? "",
          width: t.querySelector("svg.sparkline")?.getBoundingClientRect().width ?? 0,
        })),
      };
    });
    assert.equal(result.subs, 1);
    assert.equal(result.tiles.length, 6);
    for (const tile of result.tiles) {
      assert.match(tile.d, /^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+)+/, `${tile.vital}: ${tile.d}`);
      assert.ok(tile.width > 40, `${tile.vital} sparkline width ${tile.width}`);
    }
    await page.close();
  });

  test("a repeating value on a connected device is live; readings stopping say since when", async () => {
    const page = await openPage();
    await mount(page, "alice", "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: "dev_alice" });
    const update = (patches) =>
      page.evaluate(async (patches) => {
        const c = window.cards.alice;
        for (const [id, patch] of patches) c.el.hass = window.withState(c.el.hass, id, patch);
        await window.settle("alice");
      }, patches);
    const humidity = page.locator("#alice .tile[data-vital=humidity]");
    const twoHours = new Date(Date.now() - 7200_000).toISOString();
    // The device sends 45 % every second; Home Assistant last wrote it two hours ago.
    await update([["sensor.alice_humidity", { state: "45", last_changed: twoHours, last_updated: twoHours }]]);
    assert.equal(await humidity.getAttribute("data-fresh"), "live");
    assert.equal((await humidity.locator(".tile-updated").textContent()).trim(), "live");
    assert.equal(await humidity.getAttribute("data-stale"), "false");
    // The device stops: the integration turns connectivity off (its stale rule), 30 s ago.
    const lost = new Date(Date.now() - 30_000).toISOString();
    await update([["binary_sensor.alice_connectivity", { state: "off", last_changed: lost, last_updated: lost }]]);
    assert.equal(await humidity.getAttribute("data-fresh"), "last");
    assert.match((await humidity.locator(".tile-updated").textContent()).trim(), /^last value (29|30) sec\. ago$/);
    assert.equal((await humidity.locator(".tile-value").textContent()).replace(/\u00a0/g, " ").trim(), "45%");
    await page.close();
  });

  test("calibrate and restart only for admins; acknowledge for everyone", async () => {
    for (const admin of [true, false]) {
      const page = await openPage();
      await mount(page, "carol", "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: "dev_carol" }, { admin });
      assert.equal(await page.locator("#carol button.calibrate").count(), admin ? 1 : 0, `admin=${admin}`);
      assert.equal(await page.locator("#carol button.restart").count(), admin ? 1 : 0, `admin=${admin}`);
      assert.equal(await page.locator("#carol .controls").count(), admin ? 1 : 0);
      assert.equal(await page.locator('#carol .alert[data-alert-id="a-1"] button.ack').count(), 1);
      await page.locator('#carol .alert[data-alert-id="a-1"] button.ack').click();
      assert.deepEqual(await page.evaluate(() => window.cards.carol.calls.services), [["fajma", "acknowledge", { alert_id: "a-1" }]]);
      await page.close();
    }
  });

  test("who acknowledged and when; the last alerts with their transitions", async () => {
    const page = await openPage();
    await mount(page, "carol", "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: "dev_carol" });
    // Older integration data (no acknowledged_by): just "Acknowledged".
    assert.equal((await page.locator('#carol .alert[data-alert-id="a-2"] .acked').textContent()).trim(), "Acknowledged");
    await page.evaluate(async () => {
      const iso = (s) => new Date(Date.now() - s * 1000).toISOString();
      const sub = window.cards.carol.calls.subscriptions.find((s) => s.msg.type === "fajma/alerts/subscribe");
      const base = { vital: "spo2", kind: "physiological", value: 87, threshold: 90 };
      sub.cb({
        active: [{ ...base, alert_id: "a-1", priority: "critical", state: "active", raised_at: iso(300), acknowledged: true, acknowledged_by: "Marie", acknowledged_at: iso(150) }],
        history: [
          { ...base, alert_id: "a-1", priority: "critical", state: "acknowledged", time: iso(120), acknowledged_by: "Marie" },
          // As the integration sends them: every transition carries the alert's acknowledger.
          { ...base, alert_id: "a-9", priority: "info", state: "resolved", time: iso(1000), vital: "heart_rate", value: 100, threshold: null, acknowledged_by: "phone" },
          { ...base, alert_id: "a-9", priority: "warning", state: "acknowledged", time: iso(1200), vital: "heart_rate", value: 115, threshold: 110, acknowledged_by: "phone" },
          { ...base, alert_id: "a-9", priority: "warning", state: "de_escalated", time: iso(1300), vital: "heart_rate", value: 115, threshold: 110 },
          { ...base, alert_id: "a-9", priority: "critical", state: "raised", time: iso(1600), vital: "heart_rate", value: 135, threshold: 130 },
          { ...base, alert_id: "a-1", priority: "critical", state: "raised", time: iso(300) },
        ],
      });
      await window.settle("carol");
    });
    const acked = (await page.locator('#carol .alert.active[data-alert-id="a-1"] .acked').textContent()).replace(/\s+/g, " ").trim();
    assert.equal(acked, "Marie is on it · 2 min. ago");
    await page.locator("#carol .alert-history summary").click();
    const past = page.locator("#carol .alert-history .alert");
    assert.equal(await past.count(), 2);
    assert.equal(await past.nth(0).getAttribute("data-alert-id"), "a-1");
    assert.equal(await past.nth(1).getAttribute("data-alert-id"), "a-9");
    assert.equal(await past.nth(1).getAttribute("data-priority"), "critical");
    const steps = await past.nth(1).locator(".transitions li").evaluateAll((els) => els.map((e) => e.dataset.state));
    assert.deepEqual(steps, ["raised", "de_escalated", "acknowledged", "resolved"]);
    const nine = (await past.nth(1).locator(".transitions").textContent()).replace(/\s+/g, " ").trim();
    // Who acknowledged is said once, on the acknowledgement (a phone's action: "phone").
    assert.match(nine, /improved \d\d:\d\d( [AP]M)? taken from a phone \d\d:\d\d( [AP]M)? back within limits$/);
    const first = (await past.nth(0).locator(".transitions").textContent()).replace(/\s+/g, " ").trim();
    assert.match(first, /^\d\d:\d\d( [AP]M)? raised \d\d:\d\d( [AP]M)? Marie is on it$/);
    await page.close();
  });

  test("alerts keep coming after the integration reloads and after a reconnect", async () => {
    const page = await openPage();
    await mount(page, "alice", "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: "dev_alice" });
    const alertSubs = () =>
      page.evaluate(() =>
        window.cards.alice.calls.subscriptions
          .filter((s) => s.msg.type === "fajma/alerts/subscribe")
          .map((s) => ({ unsubscribed: s.unsubscribed, resubscribe: s.options?.resubscribe })),
      );
    assert.deepEqual(await alertSubs(), [{ unsubscribed: false, resubscribe: false }]);
    // Options saved: the entry unloads (its entities turn unavailable, the alert API answers
    // not_found), the old subscription goes silent, then the entry is back.
    const elapsed = await page.evaluate(async () => {
      const c = window.cards.alice;
      c.control.alertsDown = true;
      c.el.hass = window.withState(c.el.hass, "binary_sensor.alice_alert_active", { state: "unavailable", attributes: { restored: true } });
      await window.settle("alice");
      c.control.alertsDown = false;
      const back = performance.now();
      c.el.hass = window.withState(c.el.hass, "binary_sensor.alice_alert_active", { state: "off", attributes: { restored: undefined } });
      while (c.calls.subscriptions.filter((s) => s.msg.type === "fajma/alerts/subscribe").length < 2) {
        if (performance.now() - back > 5000) return null;
        await new Promise((r) => setTimeout(r, 10));
      }
      // A new alert is raised: it reaches the card through the new subscription.
      const subs = c.calls.subscriptions.filter((s) => s.msg.type === "fajma/alerts/subscribe");
      subs.at(-1).cb({
        active: [{ alert_id: "n-1", vital: "heart_rate", priority: "critical", kind: "physiological", state: "active", value: 150, threshold: 130, raised_at: new Date().toISOString(), acknowledged: false }],
        history: [],
      });
      await window.settle("alice");
      return performance.now() - back;
    });
    assert.ok(elapsed !== null && elapsed < 1000, `the new alert showed ${elapsed} ms after the entry came back`);
    assert.equal(await page.locator('#alice .alert.active[data-alert-id="n-1"]').count(), 1);
    assert.deepEqual(await alertSubs(), [
      { unsubscribed: true, resubscribe: false },
      { unsubscribed: false, resubscribe: false },
    ]);
    // The websocket drops and comes back: subscribed again, with a fresh snapshot.
    await page.evaluate(async () => {
      window.cards.alice.control.fire("disconnected");
      window.cards.alice.control.fire("ready");
      await window.settle("alice");
    });
    const after = await alertSubs();
    assert.equal(after.length, 3);
    assert.equal(after[2].unsubscribed, false);
    assert.equal(
      (await page.evaluate(() => window.cards.alice.calls.ws.filter((m) => m.type === "fajma/alerts").length)),
      3,
    );
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test("irregular pulse badge: shown when on, nothing when off or absent; French", async () => {
    const page = await openPage();
    for (const language of ["en", "fr"]) {
      const id = `bob_${language}`;
      await mount(page, id, "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: "dev_bob" }, { language });
      assert.equal(await page.locator(`#${id} .irregular-pulse`).count(), 0, "absent");
      const set = (state) =>
        page.evaluate(
          async ([id, state]) => {
            const c = window.cards[id];
            const entityId = "binary_sensor.bob_durand_irregular_pulse";
            const hass = c.el.hass;
            c.el.hass = {
              ...hass,
              entities: { ...hass.entities, [entityId]: { entity_id: entityId, device_id: "dev_bob", platform: "fajma", translation_key: "irregular_pulse" } },
              states: { ...hass.states, [entityId]: { entity_id: entityId, state, attributes: {}, last_changed: "", last_updated: "" } },
            };
            await window.settle(id);
          },
          [id, state],
        );
      await set("off");
      assert.equal(await page.locator(`#${id} .irregular-pulse`).count(), 0, "off");
      await set("on");
      assert.equal(
        (await page.locator(`#${id} .irregular-pulse`).textContent()).trim(),
        language === "fr" ? "Pouls irrégulier" : "Irregular pulse",
      );
    }
    await page.close();
  });

  test("overview: connection per patient, the most urgent alert with its age, stable order, editor", async () => {
    const page = await openPage({ width: 1100, height: 800 });
    await mount(page, "ov", "fajma-overview-card", { type: "custom:fajma-overview-card" });
    await page.evaluate(() => window.settle("ov"));
    const rows = await page.locator("#ov .patient").evaluateAll((els) =>
      els.map((e) => ({
        name: e.dataset.name,
        connection: e.querySelector(".connection")?.dataset.state,
        connectionText: e.querySelector(".connection")?.textContent.replace(/\s+/g, " ").trim(),
        urgent: e.querySelector(".urgent")?.textContent.replace(/\s+/g, " ").trim() ?? null,
        priority: e.querySelector(".urgent")?.dataset.priority ?? null,
      })),
    );
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    assert.equal(byName["Alice Martin"].connection, "on");
    assert.equal(byName["Alice Martin"].connectionText, "Connected");
    assert.equal(byName["Eve Laurent"].connection, "off");
    assert.equal(byName["Eve Laurent"].connectionText, "Disconnected · 10 min. ago");
    assert.equal(byName["Carol Petit"].urgent, "Critical · SpO₂ · 1 min. ago");
    assert.equal(byName["Carol Petit"].priority, "critical");
    assert.equal(byName["Bob Durand"].urgent, "Warning · Heart rate · 30 sec. ago");
    assert.equal(byName["Eve Laurent"].urgent, "Critical · Monitor offline · 10 min. ago");
    assert.equal(byName["Alice Martin"].urgent, null);
    // Equal status: by name, then by device, whatever the registry's order.
    const order = await page.evaluate(async () => {
      const c = window.cards.ov;
      const hass = c.el.hass;
      let h = window.withState(hass, "sensor.alice_patient_status", { state: "warning" });
      h = window.withState(h, "sensor.dan_patient_status", { state: "warning" });
      const devices = { ...h.devices, dev_dan: { ...h.devices.dev_dan, name: "Bob Durand" } };
      const entities = Object.fromEntries(Object.entries(h.entities).reverse());
      c.el.hass = { ...h, devices, entities };
      await window.settle("ov");
      return [...c.el.shadowRoot.querySelectorAll(".patient")].map((e) => `${e.dataset.name}/${e.dataset.status}`);
    });
    assert.deepEqual(order, [
      "Eve Laurent/offline",
      "Carol Petit/critical",
      "Alice Martin/warning",
      "Bob Durand/warning",
      "Bob Durand/warning",
    ]);
    const keys = await page.evaluate(() =>
      [...window.cards.ov.el.shadowRoot.querySelectorAll(".patient")].slice(3).map((e) => e.querySelector(".vital[data-vital=heart_rate] .v-value").textContent.trim()),
    );
    assert.deepEqual(keys, ["118bpm".replace("bpm", "\u00a0bpm"), "0\u00a0bpm"], "dev_bob before dev_dan");
    // The visual editor: the title.
    const editor = await page.evaluate(async () => {
      window.loadCardHelpers = undefined;
      if (!customElements.get("ha-form")) customElements.define("ha-form", class extends HTMLElement {});
      const el = await customElements.get("fajma-overview-card").getConfigElement();
      el.hass = window.cards.ov.el.hass;
      el.setConfig({ type: "custom:fajma-overview-card", grid_options: { columns: 12 } });
      document.body.appendChild(el);
      await el.updateComplete;
      const form = el.shadowRoot.querySelector("ha-form");
      const seen = [];
      el.addEventListener("config-changed", (e) => seen.push(e.detail.config));
      form.dispatchEvent(new CustomEvent("value-changed", { detail: { value: { title: "Ward 3" } } }));
      form.dispatchEvent(new CustomEvent("value-changed", { detail: { value: { title: "" } } }));
      return { tag: el.localName, schema: form.schema.map((s) => s.name), label: form.computeLabel(form.schema[0]), seen };
    });
    assert.equal(editor.tag, "fajma-overview-card-editor");
    assert.deepEqual(editor.schema, ["title"]);
    assert.equal(editor.label, "Title (optional)");
    assert.deepEqual(editor.seen, [
      { type: "custom:fajma-overview-card", grid_options: { columns: 12 }, title: "Ward 3" },
      { type: "custom:fajma-overview-card", grid_options: { columns: 12 } },
    ]);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test("phone 390×844: no horizontal scrolling, values ≥ 24 px, buttons ≥ 44 px; dark theme contrast ≥ 4.5:1", async () => {
    for (const dark of [false, true]) {
      const page = await openPage({ width: 390, height: 844 });
      await mount(page, "ov", "fajma-overview-card", { type: "custom:fajma-overview-card" }, { dark });
      for (const slug of ["alice", "bob", "carol", "dan", "eve"]) {
        await mount(page, slug, "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: `dev_${slug}` }, { dark });
      }
      await page.evaluate(async () => {
        const subs = window.cards.carol.calls.subscriptions.filter((s) => s.msg.type === "history/stream");
        subs[0].cb(window.makeBacklogs([["sensor.carol_heart_rate", 60, 60, 88, 6], ["sensor.carol_spo2", 60, 60, 89, 2]]));
        await window.settle("carol");
      });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
      const sizes = await page.evaluate(() => {
        const out = { values: [], buttons: [], cut: [] };
        for (const [id, c] of Object.entries(window.cards)) {
          const root = c.el.shadowRoot;
          for (const v of root.querySelectorAll(".tile-value, .v-value")) {
            out.values.push([id, parseFloat(getComputedStyle(v).fontSize)]);
            if (v.scrollWidth > v.clientWidth + 1) out.cut.push([id, v.textContent.trim()]);
          }
          for (const b of root.querySelectorAll("button")) {
            const r = b.getBoundingClientRect();
            out.buttons.push([id, b.textContent.trim(), Math.round(r.width), Math.round(r.height)]);
          }
        }
        return out;
      });
      assert.ok(sizes.values.length >= 25, `${sizes.values.length} values`);
      for (const [id, px] of sizes.values) assert.ok(px >= 24, `${id}: value at ${px}px`);
      assert.deepEqual(sizes.cut, [], "values cut off");
      assert.ok(sizes.buttons.length >= 10);
      for (const [id, label, w, h] of sizes.buttons) assert.ok(w >= 44 && h >= 44, `${id} "${label}": ${w}×${h}`);
      if (dark) {
        const ratios = await page.evaluate(() =>
          Object.entries(window.cards).flatMap(([id, c]) =>
            [...c.el.shadowRoot.querySelectorAll(".tile-value, .v-value, .name, .patient-name")].map((el) => [
              id,
              el.textContent.trim(),
              window.contrastOf(el).ratio,
            ]),
          ),
        );
        assert.ok(ratios.length >= 30);
        for (const [id, text, ratio] of ratios) assert.ok(ratio >= 4.5, `${id} "${text}": contrast ${ratio.toFixed(2)}:1`);
      }
      await page.screenshot({ path: resolve(artifacts, `phone-${dark ? "dark" : "light"}.png`), fullPage: true });
      assert.deepEqual(page.errors, []);
      await page.close();
    }
  });
  test("README screenshots: desktop and phone, light and dark", async () => {
    // FAJMA_UPDATE_SCREENSHOTS=1 copies them to docs/ (the README's pictures).
    const docs = resolve(here, "../../../docs");
    for (const [device, viewport] of [
      ["desktop", { width: 1280, height: 900 }],
      ["phone", { width: 390, height: 844 }],
    ]) {
      for (const dark of [false, true]) {
        const page = await openPage(viewport);
        const options = { dark, language: "en-GB" };
        await page.evaluate((desktop) => {
          const stage = document.getElementById("stage");
          if (desktop) stage.style.gridTemplateColumns = "1fr 1fr";
        }, device === "desktop");
        await mount(page, "ov", "fajma-overview-card", { type: "custom:fajma-overview-card", title: "Ward 3" }, options);
        await mount(page, "carol", "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: "dev_carol" }, options);
        if (device === "desktop") {
          await mount(page, "bob", "fajma-patient-card", { type: "custom:fajma-patient-card", device_id: "dev_bob" }, options);
        }
        await page.evaluate(async () => {
          document.getElementById("ov").style.gridColumn = "1 / -1";
          const feed = (id, states) => {
            const sub = window.cards[id]?.calls.subscriptions.find((s) => s.msg.type === "history/stream");
            sub?.cb({ states });
          };
          feed("carol", {
            ...window.makeTrend("sensor.carol_heart_rate", 120, 30, 78, 88, 3),
            ...window.makeTrend("sensor.carol_spo2", 120, 30, 95, 87, 1),
            ...window.makeTrend("sensor.carol_body_temperature", 60, 60, 36.9, 37.2, 0.1, 1),
            ...window.makeTrend("sensor.carol_perfusion_index", 120, 30, 2.5, 0.9, 0.3, 1),
            ...window.makeTrend("sensor.carol_ambient_temperature", 12, 300, 21.6, 22, 0.1, 1),
            ...window.makeTrend("sensor.carol_humidity", 12, 300, 42, 40, 1),
          });
          feed("bob", {
            ...window.makeTrend("sensor.bob_heart_rate", 120, 30, 96, 118, 4),
            ...window.makeTrend("sensor.bob_spo2", 60, 60, 97, 95, 1),
            ...window.makeTrend("sensor.bob_body_temperature", 60, 60, 37.1, 37.9, 0.1, 1),
            ...window.makeTrend("sensor.bob_perfusion_index", 120, 30, 2.4, 2.1, 0.2, 1),
            ...window.makeTrend("sensor.bob_ambient_temperature", 12, 300, 23, 23.1, 0.1, 1),
            ...window.makeTrend("sensor.bob_humidity", 12, 300, 50, 52, 1),
          });
          for (const id of Object.keys(window.cards)) await window.settle(id);
          // Chart the critical vital, as a caregiver would.
          window.cards.carol.el.shadowRoot.querySelector(".tile[data-vital=spo2]").click();
          await window.settle("carol");
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        });
        const name = `cards-${device}-${dark ? "dark" : "light"}.png`;
        const path = resolve(artifacts, name);
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        await page.screenshot({ path, fullPage: true, clip: { x: 0, y: 0, width: viewport.width, height: Math.min(height, device === "phone" ? 1750 : 1400) } });
        const { size } = await stat(path);
        assert.ok(size < 300_000, `${name}: ${size} bytes`);
        if (process.env.FAJMA_UPDATE_SCREENSHOTS === "1") await copyFile(path, resolve(docs, name));
        assert.deepEqual(page.errors, []);
        await page.close();
      }
    }
  });
});
