// End-to-end check of the FAJMA cards in the real Home Assistant frontend, against a running
// `scripts/demo` (tests/test_demo_e2e.py starts one and runs this script):
//
//   node test/e2e/demo.mjs                       # the demo at http://127.0.0.1:8123
//   FAJMA_DEMO_URL=http://127.0.0.1:18123 node test/e2e/demo.mjs
//
// It logs in through Home Assistant's login page, lands on the default dashboard and waits
// until every patient card and the overview card show live readings of the virtual devices,
// the deteriorating patient's card turns warning or critical and shows a critical alert, which
// it then acknowledges from the card; last, it opens the patient card's visual editor.
// Also what a caregiver reads at a glance: every vital "live" (room temperature and humidity
// repeat their value), a sparkline per tile, distinct chart labels, the device controls for
// an admin, every card within a 390 px phone, and alerts still live after the deteriorating
// patient's entry is reloaded (the acknowledgement comes back through the subscription).
// Screenshot: lovelace/artifacts/demo-dashboard.png; with FAJMA_UPDATE_SCREENSHOT=1 also
// docs/dashboard.png (the README's picture). The last line of output is
// `E2E RESULT {json}`; the exit code is 0 only when every check passed.
//
// Environment: FAJMA_DEMO_URL, FAJMA_DEMO_USER (demo), FAJMA_DEMO_PASSWORD (fajma-demo),
// FAJMA_DEMO_PATIENTS (JSON list of patient names), FAJMA_DEMO_DETERIORATING (Papi Jean),
// FAJMA_DEMO_EXPECT_ALERT (1), FAJMA_DEMO_CHECK_EDITOR (1), CHROMIUM_PATH (/usr/bin/chromium),
// FAJMA_E2E_TIMEOUT (seconds for the whole run, 150).
import { existsSync } from "node:fs";
import { copyFile, mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const ARTIFACT = resolve(here, "../../artifacts/demo-dashboard.png");
const DOCS_SCREENSHOT = resolve(here, "../../../docs/dashboard.png");

const base = (process.env.FAJMA_DEMO_URL || "http://127.0.0.1:8123").replace(/\/$/, "");
// The demo phone's page (scripts/demo --phone-port); empty: acknowledge from the card.
const phoneUrl = (process.env.FAJMA_DEMO_PHONE_URL || "").replace(/\/$/, "");
const PHONE_ARTIFACT = resolve(here, "../../artifacts/demo-phone.png");
const DOCS_PHONE_SCREENSHOT = resolve(here, "../../../docs/demo-phone.png");
const username = process.env.FAJMA_DEMO_USER || "demo";
const password = process.env.FAJMA_DEMO_PASSWORD || "fajma-demo";
const patients = JSON.parse(process.env.FAJMA_DEMO_PATIENTS || '["Grand-mère Éliane", "Papi Jean"]');
// The patient whose scenario deteriorates: their card must leave "normal" (the integration
// classifies live readings); empty to skip.
const deteriorating = process.env.FAJMA_DEMO_DETERIORATING ?? "Papi Jean";
// Wait for a critical alert in that card, then acknowledge it ("0" to skip).
const expectAlert = (process.env.FAJMA_DEMO_EXPECT_ALERT ?? "1") !== "0";
// Open the patient card's visual editor from the dashboard's edit mode ("0" to skip).
const checkEditor = (process.env.FAJMA_DEMO_CHECK_EDITOR ?? "1") !== "0";
const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const totalTimeout = Number(process.env.FAJMA_E2E_TIMEOUT || 150) * 1000;
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
// Statuses that come from live readings (not "unknown", "offline" or "no_signal").
const LIVE = ["normal", "warning", "critical"];

const started = Date.now();
const log = (message) => console.log(`e2e [${((Date.now() - started) / 1000).toFixed(1)} s] ${message}`);

class CheckError extends Error {}

/** Poll `probe` until it returns a truthy value; fail with `what` after `timeout` ms. */
// The deteriorating patient's critical alert on the demo phone's lock screen; press its
// button there. Returns { id, text } of the alert it acknowledges.
async function acknowledgeFromPhone(browser, result) {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "en-GB" });
  const origin = new URL(phoneUrl).origin;
  await phone.route(
    (url) => url.origin !== origin,
    (route) => route.abort("blockedbyclient"),
  );
  const screen = await phone.newPage();
  const action = await waitFor(
    `${deteriorating}'s critical alert on the demo phone`,
    async () => {
      await screen.goto(`${phoneUrl}/`);
      const form = screen.locator("li.critical", { hasText: deteriorating }).locator("form").first();
      if ((await form.count()) === 0) return null;
      return form.locator('input[name="action"]').getAttribute("value");
    },
    60_000,
  );
  await mkdir(dirname(PHONE_ARTIFACT), { recursive: true });
  await screen.screenshot({ path: PHONE_ARTIFACT });
  if (process.env.FAJMA_UPDATE_SCREENSHOT === "1") await copyFile(PHONE_ARTIFACT, DOCS_PHONE_SCREENSHOT);
  const id = action.replace(/^FAJMA_ACK_/, "");
  await screen.locator(`input[name="action"][value="${action}"]`).locator("xpath=..").locator("button").click();
  result.phone_acknowledged = id;
  log(`pressed the phone's button for ${id}`);
  await phone.close();
  return { id, text: id };
}

async function waitFor(what, probe, timeout) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = undefined;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new CheckError(`timed out after ${timeout / 1000} s waiting for ${what}${last ? `: ${last.message}` : ""}`);
    }
    await new Promise((ok) => setTimeout(ok, 500));
  }
}

async function text(locator) {
  return ((await locator.first().textContent({ timeout: 1000 })) ?? "").replace(/\s+/g, " ").trim();
}

/** What one patient card shows; `null` until its heart rate and status are live. */
async function readPatientCard(card) {
  const name = await text(card.locator(".header .name"));
  const status = await card.locator(".chip.patient-status").first().getAttribute("data-status", { timeout: 1000 });
  const connection = await card.locator(".chip.connection").first().getAttribute("data-state", { timeout: 1000 });
  const tiles = {};
  for (const tile of await card.locator(".tile[data-vital]").all()) {
    const vital = await tile.getAttribute("data-vital");
    tiles[vital] = {
      value: await text(tile.locator(".tile-value")),
      status: await tile.getAttribute("data-status"),
    };
  }
  return { name, status, connection, tiles };
}

async function readAlerts(card) {
  return card.locator(".alerts .alert.active").evaluateAll((els) =>
    els.map((e) => ({
      id: e.dataset.alertId,
      priority: e.dataset.priority,
      acknowledged: Boolean(e.querySelector(".acked")),
      text: e.querySelector(".alert-main").textContent.replace(/\s+/g, " ").trim(),
    })),
  );
}

function isLive(reading) {
  const hr = reading.tiles.heart_rate;
  return LIVE.includes(reading.status) && hr && /\d/.test(hr.value) && LIVE.includes(hr.status);
}

async function main() {
  if (!existsSync(executablePath)) {
    throw new CheckError(`no Chromium at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  }
  const result = { url: base, patients: {}, overview: {}, errors: [], screenshot: ARTIFACT };
  const browser = await chromium.launch({ executablePath, args: ARGS });
  try {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1080 },
      deviceScaleFactor: 1,
      locale: "en-GB",
      timezoneId: "Europe/Paris",
      colorScheme: "light",
    });
    // Offline and deterministic: only the demo's own server is reachable.
    await context.route(
      (url) => url.origin !== base,
      (route) => route.abort("blockedbyclient"),
    );
    const page = await context.newPage();
    // Uncaught errors name the script they come from (the cards: /fajma/fajma-cards.js).
    page.on("pageerror", (err) => {
      const where = (err.stack ?? "").match(/https?:\/\/[^\s)]+/)?.[0] ?? "unknown script";
      result.errors.push(`pageerror: ${err.message} (${where.replace(base, "")})`);
    });
    page.on("console", (msg) => {
      if (msg.type() === "error") result.errors.push(`console: ${msg.text()}`);
    });
    page.on("response", (response) => {
      if (response.status() >= 400) result.errors.push(`http ${response.status()}: ${response.url().replace(base, "")}`);
    });

    log(`opening ${base}/`);
    await page.goto(`${base}/`, { timeout: 30_000 });
    // Home Assistant's own login page (/auth/authorize).
    const user = page.locator("input#username");
    await user.waitFor({ timeout: 30_000 });
    await user.fill(username);
    await page.locator("input#password").fill(password);
    await page.locator("ha-button", { hasText: "Log in" }).click();
    log("logged in; waiting for the default dashboard");
    // No navigation of our own: the cards must be on the page Home Assistant opens.
    await page.waitForURL((url) => !url.pathname.startsWith("/auth/"), { timeout: 30_000 });
    const cards = page.locator("fajma-patient-card");
    await waitFor(
      `${patients.length} fajma-patient-card elements on the page Home Assistant opens`,
      async () => {
        result.dashboard = new URL(page.url()).pathname;
        return (await cards.count()) === patients.length;
      },
      45_000,
    );
    log(`${patients.length} patient cards on ${result.dashboard}; waiting for live readings`);
    for (let i = 0; i < patients.length; i++) {
      const card = cards.nth(i);
      const reading = await waitFor(
        `live heart rate and status in patient card ${i + 1}`,
        async () => {
          const r = await readPatientCard(card);
          result.patients[r.name || `card ${i + 1}`] = r;
          return isLive(r) ? r : null;
        },
        45_000,
      );
      log(
        `${reading.name}: status ${reading.status}, ${reading.connection}, heart rate ` +
          `${reading.tiles.heart_rate.value} (${reading.tiles.heart_rate.status})`,
      );
    }
    const names = Object.values(result.patients).map((r) => r.name);
    for (const name of patients) {
      if (!names.includes(name)) throw new CheckError(`no patient card for ${name} (cards: ${names.join(", ")})`);
    }

    if (deteriorating) {
      const card = cards.filter({ has: page.locator(".header .name", { hasText: deteriorating }) });
      const reading = await waitFor(
        `${deteriorating}'s card to turn warning or critical`,
        async () => {
          const r = await readPatientCard(card);
          result.patients[r.name] = r;
          return ["warning", "critical"].includes(r.status) ? r : null;
        },
        120_000,
      );
      const vitals = Object.entries(reading.tiles)
        .filter(([, t]) => t.status !== "normal" && t.status !== "unknown")
        .map(([k, t]) => `${k} ${t.value} (${t.status})`);
      log(`${deteriorating}: status ${reading.status}: ${vitals.join(", ")}`);
      if (expectAlert) {
        // Device → classification → alert engine (critical after 10 s) → fajma/alerts/subscribe.
        const alert = card.locator('.alerts .alert.active[data-priority="critical"]').first();
        await waitFor(`a critical alert in ${deteriorating}'s card`, async () => (await alert.count()) > 0, 150_000);
        result.alerts = await readAlerts(card);
        log(`${deteriorating}'s active alerts: ${result.alerts.map((a) => a.text).join(" | ")}`);
      }
    }

    const rows = page.locator("fajma-overview-card .patient");
    await waitFor(
      "the overview card listing every patient with a live status",
      async () => {
        const found = {};
        for (const row of await rows.all()) {
          found[await row.getAttribute("data-name")] = {
            status: await row.getAttribute("data-status"),
            heart_rate: await text(row.locator('.vital[data-vital="heart_rate"] .v-value')),
          };
        }
        result.overview = found;
        return patients.every((p) => found[p] && LIVE.includes(found[p].status) && /\d/.test(found[p].heart_rate)) &&
          (!deteriorating || ["warning", "critical"].includes(found[deteriorating]?.status));
      },
      30_000,
    );
    log(`overview: ${JSON.stringify(result.overview)}`);

    // Let the charts draw their first points before the picture.
    await waitFor(
      "a chart in every patient card",
      async () => (await page.locator("fajma-patient-card .chart-section canvas").count()) >= patients.length,
      20_000,
    ).catch((err) => log(`no chart: ${err.message}`));
    await page.waitForTimeout(1500);
    await mkdir(dirname(ARTIFACT), { recursive: true });
    await page.screenshot({ path: ARTIFACT });
    log(`screenshot: ${ARTIFACT}`);
    if (process.env.FAJMA_UPDATE_SCREENSHOT === "1") {
      await mkdir(dirname(DOCS_SCREENSHOT), { recursive: true });
      await copyFile(ARTIFACT, DOCS_SCREENSHOT);
      result.docs_screenshot = DOCS_SCREENSHOT;
      log(`updated ${DOCS_SCREENSHOT}`);
    }

    // What a caregiver reads at a glance (issue 15), on the live dashboard.
    result.glance = {};
    for (let i = 0; i < patients.length; i++) {
      const card = cards.nth(i);
      const name = await text(card.locator(".header .name"));
      const glance = await waitFor(
        `${name}: every vital live, with a sparkline, and distinct chart labels`,
        async () => {
          const tiles = await card.locator(".tile[data-vital]").evaluateAll((els) =>
            els.map((e) => ({
              vital: e.dataset.vital,
              fresh: e.dataset.fresh,
              updated: e.querySelector(".tile-updated")?.textContent.replace(/\s+/g, " ").trim(),
              spark: e.querySelector("svg.sparkline path")?.getAttribute("d") ?? "",
            })),
          );
          const labels = await card.locator("fajma-chart").first().evaluate((el) => el.drawn?.x ?? []);
          const g = { tiles, labels, controls: await card.locator("button.calibrate, button.restart").count() };
          result.glance[name] = g;
          // Room temperature and humidity repeat (not rewritten by Home Assistant): still live.
          const ok =
            tiles.length >= 5 &&
            tiles.every((t) => t.fresh === "live" && t.updated === "live" && t.spark.startsWith("M")) &&
            labels.length >= 2 &&
            new Set(labels).size === labels.length &&
            labels.every((l) => l !== "");
          return ok ? g : null;
        },
        30_000,
      );
      // The demo user owns this Home Assistant: an admin sees the device controls.
      if (glance.controls !== 2) throw new CheckError(`${name}: ${glance.controls} device controls for an admin`);
      log(`${name}: every tile live with a sparkline; chart labels ${glance.labels.join(" ")}`);
    }
    const isAdmin = await page.evaluate(() => document.querySelector("home-assistant")?.hass?.user?.is_admin);
    if (isAdmin !== true) throw new CheckError(`the demo user should be an admin (is_admin ${isAdmin})`);
    await waitFor(
      "the overview card showing every patient connected",
      async () => {
        const states = await rows.evaluateAll((els) => els.map((e) => e.querySelector(".connection")?.dataset.state));
        return states.length === patients.length && states.every((s) => s === "on");
      },
      10_000,
    );

    if (deteriorating && expectAlert) {
      // Options saved, reauth, reconfigure: the entry reloads. The card must keep its alerts
      // live: acknowledging afterwards must come back through the (re)subscription.
      const entryId = await page.evaluate(async (title) => {
        const hass = document.querySelector("home-assistant").hass;
        const entries = await hass.callWS({ type: "config_entries/get", domain: "fajma" });
        const entry = entries.find((e) => e.title === title);
        await hass.callApi("POST", `config/config_entries/entry/${entry.entry_id}/reload`);
        return entry.entry_id;
      }, deteriorating);
      result.reloaded = entryId;
      const card = cards.filter({ has: page.locator(".header .name", { hasText: deteriorating }) });
      await waitFor(
        `${deteriorating}'s card connected again after the reload`,
        async () => (await card.locator('.chip.connection[data-state="on"]').count()) > 0,
        30_000,
      );
      log(`reloaded ${deteriorating}'s entry`);
    }

    if (deteriorating && expectAlert) {
      // Acknowledge from the demo phone when there is one (its button answers through the
      // companion app's webhook), else from the card (fajma.acknowledge); either way the
      // card's subscription shows it.
      const card = cards.filter({ has: page.locator(".header .name", { hasText: deteriorating }) });
      const target = phoneUrl
        ? await acknowledgeFromPhone(browser, result)
        : result.alerts.find((a) => a.priority === "critical" && !a.acknowledged);
      if (!target) throw new CheckError(`no unacknowledged critical alert to acknowledge: ${JSON.stringify(result.alerts)}`);
      if (!phoneUrl) await card.locator(`.alert.active[data-alert-id="${target.id}"] button.ack`).click();
      await waitFor(
        `alert ${target.id} to show as acknowledged`,
        async () => (await card.locator(`.alert[data-alert-id="${target.id}"] .acked`).count()) > 0,
        20_000,
      );
      result.acknowledged = target.id;
      // Who acknowledged, when the integration says it (acknowledged_by).
      result.acknowledged_text = await text(card.locator(`.alert[data-alert-id="${target.id}"] .acked`));
      // The integration names who acknowledged: the demo user.
      if (!/^Demo caregiver is on it( · .+)?$/.test(result.acknowledged_text)) {
        throw new CheckError(`who acknowledged is not shown: "${result.acknowledged_text}"`);
      }
      log(`acknowledged ${target.text}: "${result.acknowledged_text}"`);
    }
    // A phone (390 × 844): the cards fit the width. (After the reload check: resizing makes
    // the view lay its cards out again, which would re-subscribe them anyway.)
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(1000);
    const phone = await page.locator("fajma-patient-card, fajma-overview-card").evaluateAll((els) =>
      els.map((el) => {
        const card = el.shadowRoot?.querySelector("ha-card");
        return {
          tag: el.localName,
          right: Math.round(el.getBoundingClientRect().right),
          overflow: card ? card.scrollWidth - card.clientWidth : 0,
        };
      }),
    );
    result.phone = phone;
    const wide = phone.filter((c) => c.right > 390 || c.overflow > 0);
    if (wide.length) throw new CheckError(`cards wider than a 390 px phone: ${JSON.stringify(wide)}`);
    await page.screenshot({ path: ARTIFACT.replace(/\.png$/, "-phone.png") });
    await page.setViewportSize({ width: 1440, height: 1080 });
    log("the cards fit a 390 px phone");

    if (checkEditor) {
      // The visual editor, opened the way a user does: edit mode, the card's "Edit" button.
      const url = new URL(page.url());
      url.searchParams.set("edit", "1");
      await page.goto(url.toString(), { timeout: 30_000 });
      const options = page.locator("hui-card-options").filter({ has: page.locator("fajma-patient-card") }).first();
      await options.waitFor({ timeout: 30_000 });
      const errorsBefore = result.errors.length;
      await options.getByText("Edit", { exact: true }).click();
      const editor = page.locator("hui-dialog-edit-card fajma-patient-card-editor");
      await waitFor(
        "the patient card's visual editor to show its fields",
        async () => {
          const fresh = result.errors.slice(errorsBefore).filter((e) => e.startsWith("pageerror"));
          if (fresh.length) throw new CheckError([...new Set(fresh)].join("; "));
          return (await editor.getByText("Patient device").count()) > 0 && (await editor.getByText("Chart window").count()) > 0;
        },
        20_000,
      );
      result.editor = "ok";
      log("the patient card's visual editor opens with its fields");
    }

    // Uncaught errors thrown by the cards' script fail the run; the rest is only reported
    // (e.g. a 404 for the integration's brand icon, Home Assistant's own source maps).
    const ours = [...new Set(result.errors.filter((e) => e.startsWith("pageerror") && e.includes("/fajma/")))];
    if (ours.length) throw new CheckError(`errors from the FAJMA cards:\n${ours.join("\n")}`);
    result.ok = true;
  } catch (err) {
    result.ok = false;
    result.failure = err.message;
    try {
      const pages = browser.contexts().flatMap((c) => c.pages());
      if (pages.length) {
        const failed = ARTIFACT.replace(/\.png$/, "-failure.png");
        await mkdir(dirname(failed), { recursive: true });
        await pages[0].screenshot({ path: failed });
        result.failure_screenshot = failed;
        result.failure_url = pages[0].url();
      }
    } catch {
      // the failure itself is what matters
    }
  } finally {
    await browser.close();
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

const watchdog = setTimeout(() => {
  console.log(`E2E RESULT ${JSON.stringify({ ok: false, failure: `no result after ${totalTimeout / 1000} s` })}`);
  process.exit(1);
}, totalTimeout);
let result;
try {
  result = await main();
} catch (err) {
  result = { ok: false, failure: err.message };
}
clearTimeout(watchdog);
if (result.errors?.length) {
  const counts = new Map();
  for (const e of result.errors) counts.set(e, (counts.get(e) ?? 0) + 1);
  result.errors = [...counts].map(([e, n]) => (n > 1 ? `${e} (×${n})` : e));
  log(`browser errors and failed requests:\n  ${result.errors.join("\n  ")}`);
}
if (!result.ok) log(`FAILED: ${result.failure}`);
console.log(`E2E RESULT ${JSON.stringify(result)}`);
process.exit(result.ok ? 0 : 1);
