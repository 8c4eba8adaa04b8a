// The Day page of a big clinic on the real app (issue 12 point 1 and the
// point-4 defects of the frame): the demo with twelve more physicians, 20
// provider and staff columns at 1280×800. Sticky column names and hours,
// 12+ columns in compact density, closed time shaded from the engine's
// calendar, "Off" columns and a "Closed" day, a look per status, the
// column filter with a saved set, the details panel opening at its top,
// and Ctrl +/−/0 zoom with a one-row header at 200 %.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { byTestId, freshDataDir, gotoDayDate, launchApp, screenshot } from "./harness.mjs";

// Monday 3 March 2036, 09:30 in Chicago (CST): the morning under way.
const FIXED_CLOCK = "2036-03-03T15:30:00Z";
const cli = process.env.FRONTDESK_E2E_CLI;
const docsShots = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "screenshots");


/** Rectangles of the grid and of its column heads / lanes. */
function layout(app) {
  return app.execute(() => {
    const grid = document.querySelector('[data-testid="day-grid"]').getBoundingClientRect();
    const heads = [...document.querySelectorAll(".column-head")].map((h) => h.getBoundingClientRect());
    const gutter = document.querySelector(".gutter").getBoundingClientRect();
    return {
      grid: { left: grid.left, right: grid.right, top: grid.top, bottom: grid.bottom },
      heads: heads.map((r) => ({ left: r.left, right: r.right, top: r.top })),
      gutter: { left: gutter.left },
      windowHeight: window.innerHeight,
    };
  });
}

describe("the Day page of a 20-provider clinic", () => {
  const dataDir = freshDataDir("day-grid");
  let app;

  before(async () => {
    assert.ok(cli, "FRONTDESK_E2E_CLI is set");
    execFileSync(cli, ["demo", "--db", join(dataDir, "demo.db"), "--date", "2036-03-03", "--extra-physicians", "12"]);
    writeFileSync(join(dataDir, "last-opened"), "demo");
    app = await launchApp({ dataDir, fixedClock: FIXED_CLOCK });
    await app.setWindowSize(1280, 800);
    await byTestId(app, "demo-badge");
    await app.waitUntil(async () => (await app.$$('[data-testid="day-column"]')).length === 20, {
      timeout: 20000,
      timeoutMsg: "the day never showed 20 columns",
    });
  });

  after(async () => {
    await app?.deleteSession();
  });

  it("fits at least 12 whole provider columns at 1280×800 in compact density", async () => {
    assert.equal(await (await byTestId(app, "day-density")).getValue(), "compact");
    const { grid, heads } = await layout(app);
    const whole = heads.filter((h) => h.left >= grid.left - 1 && h.right <= grid.right + 1);
    assert.ok(whole.length >= 12, `${whole.length} whole columns in sight`);
    await app.execute(() => {
      const label = [...document.querySelectorAll(".hour")].find((h) => h.textContent?.trim() === "09:00");
      const grid = document.querySelector('[data-testid="day-grid"]');
      grid.scrollTop = label.offsetTop - 60;
    });
    const shot = await screenshot(app, "day-20-providers");
    mkdirSync(docsShots, { recursive: true });
    copyFileSync(shot, join(docsShots, "day-20-providers-1280x800.png"));
  });

  it("keeps the column names and the hours in view while the grid scrolls", async () => {
    await app.execute(() => {
      const grid = document.querySelector('[data-testid="day-grid"]');
      grid.scrollTop = 600;
      grid.scrollLeft = 700;
    });
    await app.pause(200);
    const { grid, heads, gutter } = await layout(app);
    const inSight = heads.filter((h) => h.right > grid.left + 60 && h.left < grid.right);
    assert.ok(inSight.length > 0);
    for (const head of inSight) assert.ok(Math.abs(head.top - (grid.top + 1)) <= 2, `head at ${head.top}, grid at ${grid.top}`);
    assert.ok(Math.abs(gutter.left - (grid.left + 1)) <= 2, `the hours stay at the left (${gutter.left} vs ${grid.left})`);
    await app.execute(() => {
      const grid = document.querySelector('[data-testid="day-grid"]');
      grid.scrollTop = 0;
      grid.scrollLeft = 0;
    });
  });

  it("shades closed time from the engine's calendar, says Off for a column and Closed for a day", async () => {
    // Dr Lindgren: 09:00–13:00 and 14:00–18:00 on Mondays.
    const spans = await app.$$('[data-column-id="dr-lindgren"] [data-testid="open-span"]');
    assert.equal(spans.length, 2);
    // Friday: Dr Lindgren (and his copies) do not work.
    await gotoDayDate(app, "2036-03-07");
    await app.waitUntil(async () => (await (await byTestId(app, "day-title")).getText()) === "Friday, March 7, 2036");
    const off = await app.$('[data-column-id="dr-lindgren"] [data-testid="column-off"]');
    await off.waitForExist({ timeout: 10000 });
    assert.equal(await off.getText(), "Off today");
    // Sunday: nobody works, nothing booked.
    await gotoDayDate(app, "2036-03-09");
    const closed = await byTestId(app, "day-closed");
    assert.match(await closed.getText(), /^Closed/);
    await gotoDayDate(app, "2036-03-03");
    await app.waitUntil(async () => (await app.$$('[data-testid="day-column"]')).length === 20);
  });

  it("draws each status with its own look and word, readable without colour", async () => {
    await gotoDayDate(app, "2036-02-28");
    await app.waitUntil(async () => (await (await byTestId(app, "day-title")).getText()) === "Thursday, February 28, 2036");
    await app.waitUntil(async () => (await app.$$('[data-testid="appointment"]')).length > 20, { timeout: 10000 });
    const looks = await app.execute(() =>
      [...document.querySelectorAll('[data-testid="appointment"]')].map((b) => ({
        look: [...b.classList].find((c) => c.startsWith("look-")),
        status: b.dataset.status,
        border: getComputedStyle(b).borderTopStyle,
        label: b.getAttribute("aria-label"),
      })),
    );
    assert.ok(looks.every((l) => l.look), "every visit has a look");
    const byStatus = new Map(looks.map((l) => [l.status, l]));
    assert.ok(byStatus.has("fulfilled") && byStatus.has("noshow"), [...byStatus.keys()].join(","));
    assert.notEqual(byStatus.get("fulfilled").border, byStatus.get("noshow").border, "no-show has its own border pattern");
    assert.match(byStatus.get("noshow").label, /No-show/);
    await screenshot(app, "day-statuses");
    await gotoDayDate(app, "2036-03-03");
  });

  it("shows how long an arrived patient has been waiting", async () => {
    await app.waitUntil(async () => (await (await byTestId(app, "day-title")).getText()) === "Monday, March 3, 2036");
    const booked = await app.$('[data-column-id="dr-lindgren"] [data-testid="appointment"][data-status="booked"]');
    await booked.waitForExist({ timeout: 10000 });
    const id = await booked.getAttribute("data-appointment-id");
    await booked.click();
    await (await byTestId(app, "status-arrived")).click();
    const block = await app.$(`[data-testid="appointment"][data-appointment-id="${id}"]`);
    await app.waitUntil(async () => /waiting 0 min/.test(await block.getAttribute("aria-label")), {
      timeout: 10000,
      timeoutMsg: "the block never said how long the patient waits",
    });
    assert.match(await (await block.$('[data-testid="waiting"]')).getText(), /^waiting 0 min$/);
    await app.keys(["Escape"]);
  });

  it("filters columns, saves a set for this workstation and brings it back", async () => {
    await app.waitUntil(async () => (await app.$$('[data-testid="day-column"]')).length === 20);
    await (await (await byTestId(app, "column-filter")).$("summary")).click();
    await (await byTestId(app, "column-filter-text")).setValue("lindgren");
    await app.waitUntil(async () => (await app.$$('[data-testid="day-column"]')).length === 1);
    await (await byTestId(app, "column-set-name")).setValue("Lindgren only");
    await (await byTestId(app, "column-set-save")).click();
    await (await app.$("button=Show all")).click();
    await app.waitUntil(async () => (await app.$$('[data-testid="day-column"]')).length === 20);
    // Another page and back: the set is still this workstation's.
    await (await byTestId(app, "nav-book")).click();
    await (await byTestId(app, "nav-day")).click();
    await (await (await byTestId(app, "column-filter")).$("summary")).click();
    const set = await app.$('[data-testid="column-set"]');
    await set.waitForExist({ timeout: 10000 });
    assert.equal(await set.getText(), "Lindgren only");
    await set.click();
    await app.waitUntil(async () => (await app.$$('[data-testid="day-column"]')).length === 1);
    assert.equal(await (await app.$('[data-testid="day-column"]')).getAttribute("data-column-id"), "dr-lindgren");
    await (await app.$("button=Show all")).click();
    await (await (await byTestId(app, "column-filter")).$("summary")).click();
  });

  it("opens the details panel at its top, the patient's name in sight, from a visit low in the day", async () => {
    await app.waitUntil(async () => (await app.$$('[data-testid="day-column"]')).length === 20);
    await app.execute(() => {
      document.querySelector('[data-testid="day-grid"]').scrollTop = 100000;
    });
    await app.pause(300);
    const late = await app.execute(() => {
      const blocks = [...document.querySelectorAll('[data-testid="appointment"]')];
      const grid = document.querySelector('[data-testid="day-grid"]').getBoundingClientRect();
      const seen = blocks.filter((b) => {
        const r = b.getBoundingClientRect();
        return r.top > grid.top + 40 && r.bottom < grid.bottom && r.left > grid.left + 52 && r.right < grid.right;
      });
      return seen.at(-1)?.dataset.appointmentId;
    });
    assert.ok(late, "a visit in sight at the end of the day");
    await (await app.$(`[data-appointment-id="${late}"]`)).click();
    const name = await byTestId(app, "details-patient");
    const box = await app.execute((element) => {
      const r = element.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, height: window.innerHeight };
    }, name);
    assert.ok(box.top >= 0 && box.bottom <= box.height, `the name is in sight (${box.top}–${box.bottom} of ${box.height})`);
    await screenshot(app, "day-details-open");
    await app.keys(["Escape"]);
  });

  it("finds a patient's visits this week and jumps to one", async () => {
    // Someone booked on Thursday of this week.
    await gotoDayDate(app, "2036-03-06");
    await app.waitUntil(async () => (await (await byTestId(app, "day-title")).getText()) === "Thursday, March 6, 2036");
    const target = await app.$('[data-testid="appointment"][data-status="booked"]');
    await target.waitForExist({ timeout: 10000 });
    const id = await target.getAttribute("data-appointment-id");
    const name = (await target.getAttribute("aria-label")).split(", ")[2];
    await gotoDayDate(app, "2036-03-03");
    await app.waitUntil(async () => (await (await byTestId(app, "day-title")).getText()) === "Monday, March 3, 2036");
    // Counted: finding the visit and cancelling it.
    const task = { keys: 0, clicks: 0, typed: [name.toLowerCase()] };
    await (await (await byTestId(app, "day-find")).$("summary")).click();
    task.clicks += 1;
    const search = await app.$("#day-find-input");
    await search.waitForExist({ timeout: 10000 });
    await search.setValue(name.toLowerCase());
    await app.waitUntil(async () => (await app.$$('#day-find-results [role="option"]')).length > 0, { timeout: 10000 });
    await app.keys(["ArrowDown"]);
    await app.keys(["Enter"]);
    task.keys += 2;
    const visit = await app.$(`[data-testid="find-visit"][data-appointment-id="${id}"]`);
    await visit.waitForExist({ timeout: 10000 });
    await screenshot(app, "day-find");
    await visit.click();
    task.clicks += 1;
    await app.waitUntil(async () => (await (await byTestId(app, "day-title")).getText()) === "Thursday, March 6, 2036");
    const details = await byTestId(app, "details-patient");
    await app.waitUntil(async () => (await details.getText()) === name, { timeout: 10000 });
    const block = await app.$(`[data-appointment-id="${id}"][data-testid="appointment"]`);
    await block.waitForExist({ timeout: 10000 });
    const inSight = await app.execute((element) => {
      const r = element.getBoundingClientRect();
      const g = document.querySelector('[data-testid="day-grid"]').getBoundingClientRect();
      return r.top >= g.top && r.bottom <= g.bottom && r.left >= g.left && r.right <= g.right;
    }, block);
    assert.ok(inSight, "the grid scrolled to the visit");
    // Cancel…: who asked (the patient, chosen already) and why, then confirm.
    await (await byTestId(app, "status-cancelled")).click();
    task.clicks += 1;
    await (await byTestId(app, "cancel-confirm")).click();
    task.clicks += 1;
    await app.waitUntil(async () => (await block.getAttribute("data-status")) === "cancelled", { timeout: 10000 });
    assert.match(await (await byTestId(app, "cancel-outcome")).getText(), /^Cancelled/);
    writeFileSync(
      join(process.env.FRONTDESK_E2E_ARTIFACTS ?? ".", "time-on-task-find-cancel.json"),
      JSON.stringify({ "finding and cancelling a patient's visit (after: Find on the Day page)": task }, null, 2),
    );
    await app.keys(["Escape"]);
    await gotoDayDate(app, "2036-03-03");
  });

  it("shows one provider's week, Monday to Sunday, and opens a day from it", async () => {
    await (await byTestId(app, "span-week")).click();
    await (await byTestId(app, "week-column")).selectByAttribute("value", "dr-lindgren");
    await app.waitUntil(async () => (await app.$$('[data-testid="week-day"]')).length === 7, { timeout: 10000 });
    const dates = [];
    for (const d of await app.$$('[data-testid="week-day"]')) dates.push(await d.getAttribute("data-date"));
    assert.deepEqual(dates, ["2036-03-03", "2036-03-04", "2036-03-05", "2036-03-06", "2036-03-07", "2036-03-08", "2036-03-09"]);
    const friday = await app.$('[data-testid="week-day"][data-date="2036-03-07"]');
    assert.match(await friday.getText(), /Off/);
    await app.waitUntil(async () => (await app.$$('[data-testid="week-appointment"]')).length > 10, { timeout: 10000 });
    await app.execute(() => {
      const label = [...document.querySelectorAll('[data-testid="week-grid"] .hour')].find((h) => h.textContent?.trim() === "09:00");
      document.querySelector('[data-testid="week-grid"]').scrollTop = label.offsetTop - 60;
    });
    const shot = await screenshot(app, "week-view");
    copyFileSync(shot, join(docsShots, "week-view-dr-lindgren.png"));
    await (await app.$('[data-testid="week-day"][data-date="2036-03-05"] .column-head')).click();
    await app.waitUntil(async () => (await (await byTestId(app, "day-title")).getText()) === "Wednesday, March 5, 2036");
    assert.equal((await app.$$('[data-testid="day-column"]')).length, 20, "back to the day's columns");
    await gotoDayDate(app, "2036-03-03");
  });

  it("zooms with Ctrl +/−/0, and at 200 % the header is one row", async () => {
    const headerHeight = () =>
      app.execute(() => document.querySelector("header.top").getBoundingClientRect().height * Number(document.documentElement.dataset.zoom));
    const at100 = await headerHeight();
    for (let i = 0; i < 5; i += 1) await app.keys(["Control", "="]);
    await app.waitUntil(async () => (await app.execute(() => document.documentElement.dataset.zoom)) === "2", { timeout: 5000 });
    await app.pause(300);
    const at200 = await headerHeight();
    const shot = await screenshot(app, "day-zoom-200");
    assert.ok(at200 <= 120, `the header takes ${at200} of 800 px at 200 % (${at100} at 100 %)`);
    await app.keys(["Control", "-"]);
    await app.waitUntil(async () => (await app.execute(() => document.documentElement.dataset.zoom)) === "1.75");
    await app.keys(["Control", "0"]);
    await app.waitUntil(async () => (await app.execute(() => document.documentElement.dataset.zoom)) === "1");
    writeFileSync(join(process.env.FRONTDESK_E2E_ARTIFACTS ?? ".", "header-height.json"), JSON.stringify({ at100, at200, shot }, null, 2));
  });
});
