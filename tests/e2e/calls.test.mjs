// Reminder calls on the real app: the demo's reminders planned by the CLI
// (`reminders plan`, once per clinic), the Calls page lists the patients to
// phone that day with their number and language; a one-tap "Confirmed"
// confirms the visit, which shows as a tick on the Day grid; "Wants to
// change" opens the visit's day; the visit's printed card; the reminder
// letters for patients who chose mail, with their addresses, marked posted
// once. Screenshots of the call list, the tick and the letters.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { byTestId, freshDataDir, launchApp, screenshot } from "./harness.mjs";

const cli = process.env.FRONTDESK_E2E_CLI;
// Tuesday 4 March 2036 in Chicago; its calls are about Wednesday's visits.
const DATE = "2036-03-04";
const NEXT = "2036-03-05";

describe("the reminder call list", () => {
  const dataDir = freshDataDir("calls");
  let app;
  let planned;

  before(async () => {
    assert.ok(cli, "FRONTDESK_E2E_CLI is set by scripts/test-e2e.sh");
    const db = join(dataDir, "demo.db");
    execFileSync(cli, ["demo", "--db", db, "--date", DATE]);
    planned = JSON.parse(
      execFileSync(cli, ["--now", `${DATE}T07:00:00-06:00`, "reminders", "plan", "--db", db, "--date", NEXT], {
        encoding: "utf8",
      }),
    );
    app = await launchApp({ dataDir, fixedClock: `${DATE}T09:00:00-06:00` });
    await (await byTestId(app, "open-demo")).click();
    await byTestId(app, "demo-badge");
  });

  after(async () => {
    await app?.deleteSession();
  });

  it("lists the day's calls with phone and language, and records a confirmation", async () => {
    const calls = planned.reminders.filter((r) => r.channel === "call" && r.state === "planned");
    assert.ok(calls.length > 0, "the demo has patients who prefer the phone");
    await (await byTestId(app, "nav-calls")).click();
    await byTestId(app, "calls-open");
    const rows = await app.$$('[data-testid="call"]');
    // Today's list: tomorrow's visits (a day ahead) and today's, whose call
    // was due as soon as they were planned.
    const listed = new Set();
    for (const row of rows) listed.add(await row.getAttribute("data-appointment-id"));
    for (const call of calls) assert.ok(listed.has(call.appointment_id), `the call about ${call.appointment_id} is listed`);
    const text = await (await byTestId(app, "calls-page")).getText();
    assert.match(text, /\(312\) 555-\d{4}/);
    assert.match(text, /Spanish \(español\)/);
    // The delivery log lists every reminder of today's visits with its state.
    const log = await byTestId(app, "delivery-log");
    assert.ok((await log.$$('[data-testid="delivery"]')).length > 0);
    await screenshot(app, "calls-list");

    const first = rows[0];
    const appointment = await first.getAttribute("data-appointment-id");
    await (await first.$('[data-testid="outcome-confirmed"]')).click();
    const done = await byTestId(app, "calls-done");
    await app.waitUntil(async () => (await done.$$(`[data-appointment-id="${appointment}"]`)).length === 1, {
      timeout: 10000,
      timeoutMsg: "the call moved to Done",
    });
    const confirmedRow = await done.$(`[data-appointment-id="${appointment}"]`);
    assert.equal(await confirmedRow.getAttribute("data-outcome"), "confirmed");
    assert.ok(await (await confirmedRow.$('[data-testid="call-confirmed"]')).isExisting());
    await screenshot(app, "calls-confirmed");

    // Another patient wants another time: the Day page opens on that visit's day.
    const open = await byTestId(app, "calls-open");
    const next = (await open.$$('[data-testid="call"]'))[0];
    await (await next.$('[data-testid="outcome-wants-change"]')).click();
    await byTestId(app, "day-title");
    // The grid draws the hours in sight: scroll down until the visit is drawn.
    const selector = `[data-testid="appointment"][data-appointment-id="${appointment}"]`;
    await byTestId(app, "day-column");
    let visit = await app.$(selector);
    for (let step = 0; step < 40 && !(await visit.isExisting()); step += 1) {
      await app.execute((s) => {
        const page = document.querySelector("main.page");
        page.scrollTop = s * page.clientHeight * 0.5;
      }, step);
      await app.pause(150);
      visit = await app.$(selector);
    }
    await visit.waitForExist({ timeout: 5000 });
    await visit.scrollIntoView();
    assert.equal(await visit.getAttribute("data-confirmed"), "true");
    assert.ok(await (await visit.$('[data-testid="confirmed-tick"]')).isExisting());
    await screenshot(app, "day-confirmed-tick");

    // The visit's details: confirmed, and the appointment card it prints
    // (practice, date and time — never the visit type).
    await visit.click();
    await byTestId(app, "details-confirmed");
    const card = await app.execute(() => document.querySelector('[data-testid="appointment-card"]')?.textContent ?? "");
    assert.match(card, /Riverside Family Practice/);
    assert.match(card, /Your next appointment/);
    const type = await app.execute(() => document.querySelector('[data-testid="appointment-details"] p:nth-of-type(2)')?.textContent ?? "");
    const visitType = type.split("·").at(-1).trim();
    assert.ok(visitType.length > 0 && !card.includes(visitType), `the card leaves out "${visitType}"`);
  });

  it("prints the letters due today with each patient's address, and marks them posted once", async () => {
    // Tomorrow's visits' letters fell due a week before: still to post today.
    const due = planned.reminders.filter((r) => r.channel === "letter" && r.state === "planned");
    assert.ok(due.length > 0, "the demo has patients who chose mail");
    await (await byTestId(app, "nav-calls")).click();
    const section = await byTestId(app, "letters");
    const rows = await section.$$('[data-testid="letter"]');
    const listed = new Set();
    for (const row of rows) listed.add(await row.getAttribute("data-appointment-id"));
    for (const letter of due) assert.ok(listed.has(letter.appointment_id), `the letter about ${letter.appointment_id} is listed`);
    // One page per letter, addressed, in the patient's language.
    const pages = await app.execute(() =>
      [...document.querySelectorAll('[data-testid="letter-page"]')].map((p) => ({
        lang: p.getAttribute("lang"),
        recipient: p.querySelector(".recipient")?.textContent ?? "",
        text: p.textContent ?? "",
      })),
    );
    assert.equal(pages.length, rows.length);
    for (const page of pages) {
      assert.match(page.recipient, /Springfield, IL 627\d\d/);
      assert.match(page.text, /Riverside Family Practice/);
      assert.match(page.text, page.lang === "es" ? /Le atenderá|Lugar:/ : /Where:/);
    }
    await screenshot(app, "calls-letters");
    await (await byTestId(app, "letters-posted")).click();
    const note = await byTestId(app, "letters-posted-note");
    assert.equal(await note.getText(), `${rows.length} ${rows.length === 1 ? "letter" : "letters"} marked posted.`);
    await app.waitUntil(
      async () => {
        const states = await app.execute(() => [...document.querySelectorAll('[data-testid="letter"]')].map((r) => r.getAttribute("data-posted")));
        return states.length === rows.length && states.every((s) => s === "true");
      },
      { timeout: 10000, timeoutMsg: "every letter shows as posted" },
    );
    assert.equal(await (await byTestId(app, "letters-print")).isEnabled(), false, "nothing left to print");
  });

  it("shows Setup → Reminders with a live preview in English and Spanish", async () => {
    await (await byTestId(app, "nav-setup")).click();
    await (await byTestId(app, "setup-tab-reminders")).click();
    const preview = await byTestId(app, "reminders-preview");
    await app.waitUntil(async () => (await preview.getText()).includes("Reminder: your appointment at Riverside Family Practice"), {
      timeout: 10000,
      timeoutMsg: "the English preview",
    });
    const templates = await byTestId(app, "reminders-templates");
    const language = (await templates.$$("select"))[1];
    await language.selectByAttribute("value", "es");
    await app.waitUntil(async () => (await (await byTestId(app, "reminders-preview")).getText()).includes("Recordatorio de su cita"), {
      timeout: 10000,
      timeoutMsg: "the Spanish preview",
    });
    await screenshot(app, "setup-reminders");
  });
});
