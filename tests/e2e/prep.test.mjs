// The nurse station on the real app: a technician alert falls due (a fixed
// clock) and the real notification daemon receives it over D-Bus — with no
// patient name in it; the alerts list opens its page; prep items ticked in
// one window show as progress in a second; the printed prep sheet; and the
// demo phlebotomist marked out flags the day's blood draws, a proposal
// reassigns one, and the coverage gap is notified.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { byTestId, freshDataDir, launchApp, screenshot } from "./harness.mjs";

const cli = process.env.FRONTDESK_E2E_CLI;
const artifacts = process.env.FRONTDESK_E2E_ARTIFACTS ?? ".";
const busLog = join(process.env.FRONTDESK_SESSION_DIR ?? "/nonexistent", "notifications.log");
// Tuesday 4 March 2036 in Chicago: far enough ahead that the CLI (on the real
// clock) and the app (on a fixed one) agree that the whole day is to come.
const DATE = "2036-03-04";

/** The demo's patient names and family names. */
function patientNames() {
  const names = JSON.parse(readFileSync(new URL("./demo-patient-names.json", import.meta.url), "utf8"));
  return [...names, ...names.map((n) => n.split(" ").at(-1))];
}

/** Every Notify call seen on the session bus so far: its string arguments. */
function notifyCalls() {
  if (!existsSync(busLog)) return [];
  const calls = [];
  let current = null;
  for (const line of readFileSync(busLog, "utf8").split("\n")) {
    if (/^method call .*member=Notify$/.test(line)) {
      current = [];
      calls.push(current);
    } else if (/^(method|signal|method return|error) /.test(line)) {
      current = null;
    } else if (current) {
      const match = /^\s+string "(.*)"$/.exec(line);
      if (match) current.push(match[1]);
    }
  }
  return calls;
}

function progressCounts(text) {
  const match = /^(\d+) of (\d+) done$/.exec(text.trim());
  assert.ok(match, `"${text}" reads "N of M done"`);
  return { done: Number(match[1]), total: Number(match[2]) };
}

describe("prep, coverage and notifications at the nurse station", () => {
  const dataDir = freshDataDir("prep");
  let app;
  let alert;
  let busBefore;

  before(async () => {
    assert.ok(cli, "FRONTDESK_E2E_CLI is set by scripts/test-e2e.sh");
    // The demo clinic around DATE, made by the CLI; then the first alert of
    // the day that falls due after 09:00 picks the app's fixed clock.
    execFileSync(cli, ["demo", "--db", join(dataDir, "demo.db"), "--date", DATE]);
    const prep = JSON.parse(execFileSync(cli, ["prep", "--db", join(dataDir, "demo.db"), "--date", DATE], { encoding: "utf8" }));
    const alerts = prep.appointments
      .flatMap((a) => a.items.filter((i) => i.kind === "alert").map((i) => ({ ...i, appointment: a.id })))
      .filter((i) => i.due.slice(11, 16) >= "09:00")
      .sort((a, b) => a.due.localeCompare(b.due));
    alert = alerts[0];
    assert.ok(alert, "the demo day has alerts");
    busBefore = notifyCalls().length;
    app = await launchApp({ dataDir, fixedClock: alert.due });
    await (await byTestId(app, "open-demo")).click();
    await byTestId(app, "demo-badge");
  });

  after(async () => {
    await app?.deleteSession();
  });

  it("delivers the technician alert that is due to the notification daemon, naming no patient", async () => {
    let calls = [];
    await app.waitUntil(
      async () => {
        calls = notifyCalls().slice(busBefore);
        return calls.some((strings) => strings.some((s) => s.startsWith(`${alert.label} `)));
      },
      { timeout: 30000, interval: 250, timeoutMsg: `no "${alert.label} …" notification reached the bus` },
    );
    const delivered = calls.find((strings) => strings.some((s) => s.startsWith(`${alert.label} `)));
    const title = delivered.find((s) => s.startsWith(`${alert.label} `));
    assert.match(title, /^.+ \d\d:\d\d · .+$/, `"${title}" reads like "Blood draw 10:30 · Room 3"`);
    assert.ok(delivered.includes(`For the ${alert.role}`));
    const names = patientNames();
    for (const strings of calls) {
      for (const text of strings) {
        for (const name of names) assert.ok(!text.includes(name), `${name} in a notification: ${text}`);
      }
    }
    writeFileSync(join(artifacts, "notifications-delivered.json"), JSON.stringify(calls, null, 2));
    // Delivered once: the app looks again every 20 s and after each change,
    // but the stored row says it was sent.
    await app.pause(1500);
    const again = notifyCalls().slice(busBefore).filter((strings) => strings.includes(title));
    assert.equal(again.length, 1, "the alert was delivered exactly once");
  });

  it("lists it on the alerts page, which opens its page", async () => {
    await app.waitUntil(async () => (await app.$('[data-testid="alerts-unread"]')).isExisting(), { timeout: 30000 });
    await (await byTestId(app, "nav-alerts")).click();
    await byTestId(app, "alerts-page");
    const entry = await app.$(`[data-testid="alert"][data-kind="alert"][data-state="delivered"]`);
    await entry.waitForExist({ timeout: 10000 });
    const missed = await app.$$('[data-testid="alert"][data-state="missed"]');
    assert.ok(missed.length > 0, "the morning's passed alerts are listed as missed, not popped up");
    await screenshot(app, "alerts");
    await entry.click();
    await byTestId(app, "prep-page");
    assert.equal(await (await byTestId(app, "prep-date")).getText(), "Tuesday, March 4, 2036");
  });

  it("ticks prep items and shows the progress in a second window", async () => {
    const progress = await byTestId(app, "prep-day-progress");
    const before = progressCounts(await progress.getText());
    assert.ok(before.total > 20);
    const ticker = await byTestId(app, "prep-ticking-as");
    await ticker.selectByAttribute("value", "nurse-brennan");
    const boxes = await app.$$('[data-testid="prep-item"]:not(:checked)');
    await boxes[0].click();
    await app.waitUntil(async () => progressCounts(await progress.getText()).done === before.done + 1, { timeout: 10000 });
    await (await app.$$('[data-testid="prep-item"]:not(:checked)'))[0].click();
    await app.waitUntil(async () => progressCounts(await progress.getText()).done === before.done + 2, { timeout: 10000 });
    const doneBy = await byTestId(app, "prep-item-done-by");
    assert.match(await doneBy.getText(), /Nurse Aoife Brennan \d\d:\d\d/);

    const main = await app.getWindowHandle();
    await (await byTestId(app, "new-window")).click();
    await app.waitUntil(async () => (await app.getWindowHandles()).length === 2, { timeout: 10000 });
    const second = (await app.getWindowHandles()).find((h) => h !== main);
    await app.switchToWindow(second);
    await (await byTestId(app, "nav-prep")).click();
    const mirrored = await byTestId(app, "prep-day-progress");
    await app.waitUntil(async () => (await mirrored.getText()).trim() !== "", { timeout: 10000 });
    // The second window opens on today, the same day the alert was about.
    assert.equal(progressCounts(await mirrored.getText()).done, before.done + 2);
    // A tick in the second window shows up live in the first.
    await (await app.$$('[data-testid="prep-item"]:not(:checked)'))[0].click();
    await app.waitUntil(async () => progressCounts(await mirrored.getText()).done === before.done + 3, { timeout: 10000 });
    await app.closeWindow();
    await app.switchToWindow(main);
    await app.waitUntil(async () => progressCounts(await progress.getText()).done === before.done + 3, {
      timeout: 10000,
      timeoutMsg: "the first window did not follow the second",
    });
    const perVisit = await app.$$('[data-testid="prep-appointment-progress"]');
    assert.ok(perVisit.length > 5);

    // Filters: alerts for the phlebotomist only.
    await (await byTestId(app, "prep-filter-role")).selectByAttribute("value", "phlebotomist");
    await (await byTestId(app, "prep-filter-kind")).selectByAttribute("value", "alert");
    const kinds = await app.$$('[data-testid="prep-item"]');
    assert.ok(kinds.length > 0);
    for (const box of kinds) assert.equal(await box.getAttribute("data-kind"), "alert");
    await byTestId(app, "prep-filtered-progress");
    await (await byTestId(app, "prep-filter-role")).selectByAttribute("value", "");
    await (await byTestId(app, "prep-filter-kind")).selectByAttribute("value", "");
    await app.execute(() => window.scrollTo(0, 0));
    await screenshot(app, "prep-page");
  });

  it("prints a clean prep sheet", async () => {
    // What the printer gets: the page's print styles applied on screen.
    await app.execute(() => {
      for (const sheet of document.styleSheets) {
        for (const rule of sheet.cssRules) {
          if (rule instanceof CSSMediaRule && rule.media.mediaText.includes("print")) rule.media.mediaText = "all";
        }
      }
      document.querySelector(".page")?.scrollTo(0, 0);
    });
    const head = await app.$(".print-head");
    await head.waitForDisplayed({ timeout: 5000 });
    assert.equal(await (await app.$("header.top")).isDisplayed(), false, "no app frame on paper");
    assert.equal(await (await byTestId(app, "prep-print")).isDisplayed(), false, "no buttons on paper");
    await screenshot(app, "prep-sheet-printed");
    await app.refresh();
    await byTestId(app, "demo-badge");
  });

  it("flags the day's blood draws when the phlebotomist is out, and a proposal reassigns one", async () => {
    const busMark = notifyCalls().length;
    await (await byTestId(app, "nav-staff")).click();
    await byTestId(app, "coverage-ok");
    const row = await app.$('[data-testid="staff-row"][data-resource-id="phleb-osei"]');
    await row.waitForExist({ timeout: 10000 });
    await (await row.$('[data-testid="mark-out"]')).click();
    await app.waitUntil(async () => (await app.$$('[data-testid="coverage-gap"]')).length > 0, { timeout: 10000 });
    const gaps = await app.$$('[data-testid="coverage-gap"]');
    const visits = new Set();
    for (const gap of gaps) {
      assert.equal(await gap.getAttribute("data-role"), "phlebotomist");
      assert.match(await gap.getText(), /Kwame Osei \(phlebotomist\) is out/);
      // Staff at the desk see whose visit it is.
      assert.ok((await (await gap.$('[data-testid="gap-patient"]')).getText()).trim().length > 0);
      if (!(await (await gap.$('[data-testid="gap-past"]')).isExisting())) visits.add(await gap.getAttribute("data-appointment-id"));
    }
    // The patients to call: each visit still to come that the gaps leave
    // without a phlebotomist, once.
    const calls = await app.$$('[data-testid="gap-call"]');
    const called = new Set();
    for (const call of calls) called.add(await call.getAttribute("data-appointment-id"));
    assert.deepEqual([...called].sort(), [...visits].sort());
    const headcount = await app.$$('[data-testid="headcount-gap"]');
    assert.ok(headcount.length > 0, "Sato alone cannot cover the start of the day");
    await screenshot(app, "coverage-osei-out");

    const reassign = await app.$('[data-testid="apply-proposal"][data-kind="reassign"]');
    await reassign.waitForExist({ timeout: 10000 });
    const gap = await reassign.$("./ancestor::li[@data-testid='coverage-gap']");
    const appointment = await gap.getAttribute("data-appointment-id");
    const count = gaps.length;
    await reassign.click();
    await byTestId(app, "staff-notice");
    assert.match(await (await byTestId(app, "staff-notice")).getText(), /^Done: Nurse Kenji Sato takes the phlebotomist part/);
    await app.waitUntil(async () => (await app.$$('[data-testid="coverage-gap"]')).length === count - 1, { timeout: 10000 });
    assert.equal(await (await app.$(`[data-testid="coverage-gap"][data-appointment-id="${appointment}"]`)).isExisting(), false);

    // Sato's day sheet now has that visit.
    await (await byTestId(app, "tab-day-sheet")).click();
    await (await byTestId(app, "sheet-person")).selectByAttribute("value", "nurse-sato");
    await app.$(`[data-testid="sheet-entry"][data-appointment-id="${appointment}"]`).then((e) => e.waitForExist({ timeout: 10000 }));
    await screenshot(app, "day-sheet");

    // The sick call was announced on the desktop as soon as it was marked:
    // one notification summarising every gap it left, not one per visit.
    await app.waitUntil(
      async () => notifyCalls().slice(busMark).some((s) => s.some((t) => t.startsWith("Coverage gap: phlebotomist needed for "))),
      { timeout: 30000, interval: 250, timeoutMsg: "no coverage-gap notification reached the bus" },
    );
    const gapNotices = notifyCalls()
      .slice(busMark)
      .filter((s) => s.some((t) => t.startsWith("Coverage gap")));
    assert.equal(gapNotices.length, 1, JSON.stringify(gapNotices));
    const names = patientNames();
    const all = notifyCalls().slice(busBefore);
    for (const strings of all) {
      for (const text of strings) for (const name of names) assert.ok(!text.includes(name), `${name} in ${text}`);
    }
    // Through every tick, window and change above, the first alert went out once.
    const first = JSON.parse(readFileSync(join(artifacts, "notifications-delivered.json"), "utf8"))
      .flat()
      .find((t) => t.startsWith(`${alert.label} `));
    assert.equal(all.filter((strings) => strings.includes(first)).length, 1);
  });
});

// A practice's own prep items, added on Setup's visit-type page, become the
// checklist of the next visit booked.
describe("prep items set up on the visit-type page", () => {
  const dataDir = freshDataDir("prep-setup");
  let app;

  before(async () => {
    // A real practice (not the demo): the demo's configuration imported.
    const demo = join(freshDataDir("prep-setup-source"), "demo.db");
    execFileSync(cli, ["demo", "--db", demo, "--date", "2036-03-03"]);
    const file = join(dataDir, "practice.json");
    writeFileSync(file, execFileSync(cli, ["practice", "export", "--db", demo]));
    execFileSync(cli, ["practice", "import", "--db", join(dataDir, "practice.db"), file]);
    writeFileSync(join(dataDir, "last-opened"), "practice");
    // Monday 3 March 2036, 07:00 in Chicago.
    app = await launchApp({ dataDir, fixedClock: "2036-03-03T13:00:00Z" });
    await byTestId(app, "practice-name");
  });

  after(async () => {
    await app?.deleteSession();
  });

  it("adds a form and an alert to the follow-up visit, and booking brings them to the Prep page", async () => {
    await (await byTestId(app, "nav-setup")).click();
    await (await byTestId(app, "setup-tab-visit-types")).click();
    const followUp = (await app.$$('[data-testid="visit-type"]'))[0];
    assert.equal(await (await followUp.$('[data-testid="visit-name"]')).getValue(), "Follow-up");
    await (await followUp.$('[data-testid="add-prep-item"]')).click();
    await (await followUp.$('[data-testid="prep-item-label"]')).setValue("Follow-up questionnaire");
    await (await followUp.$('[data-testid="add-prep-item"]')).click();
    const rows = await followUp.$$('[data-testid="prep-item-row"]');
    await (await rows[1].$('[data-testid="prep-item-kind"]')).selectByAttribute("value", "alert");
    await (await rows[1].$('[data-testid="prep-item-label"]')).setValue("Chart review");
    await (await rows[1].$('[data-testid="prep-item-role"]')).setValue("physician");
    const lead = await rows[1].$('[data-testid="prep-item-lead"]');
    assert.equal(await lead.getValue(), "30", "an alert starts with a half-hour lead");
    await lead.clearValue();
    await lead.setValue("15");
    await app.keys("Tab");
    await screenshot(app, "setup-prep-items");
    await (await byTestId(app, "setup-save")).click();
    await byTestId(app, "setup-saved");

    await (await byTestId(app, "nav-patients")).click();
    await (await byTestId(app, "new-patient")).click();
    await (await byTestId(app, "patient-given_name")).setValue("Wren");
    await (await byTestId(app, "patient-family_name")).setValue("Okonedo");
    await (await byTestId(app, "patient-birth_date")).setValue("1984-05-06");
    await (await byTestId(app, "patient-phone")).setValue("(312) 555-0199");
    await (await byTestId(app, "save-patient")).click();
    await byTestId(app, "patient-saved");

    await (await byTestId(app, "nav-book")).click();
    await (await byTestId(app, "patient-search-input")).setValue("wren");
    await app.waitUntil(async () => (await app.$$('[role="option"]')).length > 0, { timeout: 10000 });
    await app.keys(["ArrowDown", "Enter"]);
    await byTestId(app, "chosen-patient");
    await (await byTestId(app, "intake-reason")).selectByAttribute("value", "follow-up");
    await app.waitUntil(async () => (await (await byTestId(app, "estimate")).getText()).includes("20 min: follow-up"), { timeout: 10000 });
    await app.waitUntil(async () => (await app.$$('[data-testid="suggestion"]')).length > 0, { timeout: 10000 });
    const first = await app.$('[data-testid="suggestion"]');
    const start = await first.getAttribute("data-start");
    await first.click();
    await (await byTestId(app, "confirm-book")).click();
    await byTestId(app, "booked");

    await (await byTestId(app, "nav-prep")).click();
    await app.waitUntil(async () => (await app.$$('[data-testid="prep-appointment"]')).length > 0, { timeout: 10000 });
    const visit = await app.$('[data-testid="prep-appointment"]');
    assert.match(await visit.getAttribute("aria-label"), /Follow-up, Wren Okonedo$/);
    const text = await visit.getText();
    assert.match(text, /Follow-up questionnaire/);
    assert.match(text, /Chart review\s+physician\s+due (\d\d:\d\d)/);
    const due = /due (\d\d:\d\d)/.exec(text)[1];
    const [h, m] = start.slice(11, 16).split(":").map(Number);
    const expected = h * 60 + m - 15;
    assert.equal(due, `${String(Math.floor(expected / 60)).padStart(2, "0")}:${String(expected % 60).padStart(2, "0")}`);
    assert.equal(await (await byTestId(app, "prep-day-progress")).getText(), "0 of 2 done");
  });
});
