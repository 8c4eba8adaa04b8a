// The first run on a fresh data folder: the start screen offers the demo,
// the demo opens on the Day page with its appointments, and nothing the app
// wrote outside the encrypted database names a patient.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { allFiles, byTestId, driverLog, freshDataDir, launchApp, screenshot } from "./harness.mjs";

// Monday 9 March 2026, 10:30 in Chicago (CDT, the day after the clocks sprang forward).
const FIXED_CLOCK = "2026-03-09T15:30:00Z";

describe("the demo clinic on first run", () => {
  const dataDir = freshDataDir("demo");
  let app;

  before(async () => {
    app = await launchApp({ dataDir, fixedClock: FIXED_CLOCK });
  });

  after(async () => {
    await app?.deleteSession();
  });

  it("offers the demo or a practice of one's own", async () => {
    await byTestId(app, "open-demo");
    await byTestId(app, "set-up-practice");
    await screenshot(app, "start-screen");
  });

  it("opens the demo on today's Day page with its appointments", async () => {
    await (await byTestId(app, "open-demo")).click();
    await byTestId(app, "demo-badge");
    const title = await (await byTestId(app, "day-title")).getText();
    assert.equal(title, "Monday, March 9, 2026");
    await app.waitUntil(async () => (await app.$$('[data-testid="appointment"]')).length > 20, {
      timeout: 20000,
      timeoutMsg: "the demo's appointments never appeared",
    });
    const columns = await app.$$('[data-testid="day-column"]');
    assert.equal(columns.length, 8, "4 physicians, 2 nurses, a phlebotomist and a radiographer");
    await byTestId(app, "now-line");
    const first = await app.$('[data-testid="appointment"]');
    const label = await first.getAttribute("aria-label");
    assert.match(label, /^\d\d:\d\d to \d\d:\d\d, /, "appointments are labelled for screen readers");
    await screenshot(app, "day-view");
  });

  it("fills in the later hours as the day scrolls into view", async () => {
    const lateVisits = () =>
      app.execute(() =>
        [...document.querySelectorAll('[data-testid="appointment"]')].filter((a) => /^1[6-9]:/.test(a.getAttribute("aria-label"))).length,
      );
    // The grid scrolls inside itself (its column names stay in view).
    await app.execute(() => {
      const grid = document.querySelector('[data-testid="day-grid"]');
      grid.scrollTop = grid.scrollHeight;
    });
    await app.waitUntil(async () => (await lateVisits()) > 0, {
      timeout: 10000,
      timeoutMsg: "no visit after 16:00 appeared at the end of the day",
    });
    await screenshot(app, "day-view-afternoon");
    await app.execute(() => {
      document.querySelector('[data-testid="day-grid"]').scrollTop = 0;
    });
  });

  it("switches to one column per room", async () => {
    await (await byTestId(app, "mode-rooms")).click();
    await (await app.$('[data-column-id="xray-suite"]')).waitForExist({ timeout: 10000 });
    const columns = await app.$$('[data-testid="day-column"]');
    const ids = [];
    for (const column of columns) ids.push(await column.getAttribute("data-column-id"));
    assert.deepEqual(ids, ["room-1", "room-2", "room-3", "room-4", "room-5", "room-6", "xray-suite", "lab-chair"]);
    const inXray = await app.$$('[data-column-id="xray-suite"] [data-testid="appointment"]');
    assert.ok(inXray.length > 0, "x-ray consults appear in the x-ray suite's column");
    await screenshot(app, "day-view-rooms");
  });

  it("stays usable at 200% zoom", async () => {
    await app.execute(() => {
      document.documentElement.style.zoom = "2";
    });
    for (const id of ["nav-day", "nav-book", "nav-prep", "nav-patients", "nav-setup", "day-title", "mode-rooms"]) {
      const element = await byTestId(app, id);
      await element.scrollIntoView();
      assert.ok(await element.isDisplayed(), `${id} is visible at 200%`);
    }
    const overflow = await app.execute(() => document.querySelector("header.top").scrollWidth > document.querySelector("header.top").clientWidth);
    assert.equal(overflow, false, "the header wraps instead of hiding controls");
    await screenshot(app, "day-view-200-percent");
    await app.execute(() => {
      document.documentElement.style.zoom = "1";
    });
  });

  it("keeps every patient name inside the encrypted database", async () => {
    const patients = demoPatientNames();
    assert.equal(patients.length, 60);
    const files = allFiles(dataDir);
    assert.ok(files.some((f) => f.path.endsWith("demo.db")));
    const searched = [...patients, ...patients.map((n) => n.split(" ").at(-1))];
    for (const file of files) {
      assert.ok(!file.bytes.subarray(0, 16).equals(Buffer.from("SQLite format 3\0")), `${file.path} is plain SQLite`);
      for (const name of searched) {
        assert.ok(!file.bytes.includes(name), `${name} readable in ${file.path}`);
      }
    }
    const log = driverLog();
    assert.ok(log.length > 0, "the app's output was captured");
    for (const name of searched) assert.ok(!log.includes(name), `${name} in the app's output`);
  });

  it("keeps the database key out of every log and file but the keyring", async () => {
    const db = allFiles(dataDir).find((f) => f.path.endsWith("demo.db"));
    const id = db.bytes.subarray(0, 16).toString("hex");
    const key = execFileSync("secret-tool", ["lookup", "service", "frontdesk", "username", id], { encoding: "utf8" }).trim();
    assert.match(key, /^[0-9a-f]{64}$/, "the demo's key is in the keyring under its id");
    const log = driverLog().toString("utf8").toLowerCase();
    assert.ok(!log.includes(key), "the key is in the app's log");
    assert.ok(!log.includes("pragma key"), "a key statement is in the app's log");
    for (const file of allFiles(dataDir)) {
      assert.ok(!file.bytes.toString("latin1").toLowerCase().includes(key), `the key is in ${file.path}`);
    }
  });
});

/** The demo's patient names and family names (kept current by a Rust test). */
function demoPatientNames() {
  const names = JSON.parse(readFileSync(new URL("./demo-patient-names.json", import.meta.url), "utf8"));
  return names;
}
