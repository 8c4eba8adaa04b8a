// The waitlist on the real app: a patient waits (added by another
// workstation's CLI), a visit is cancelled, and the Day page shows its freed
// time with the waiting patients who fit it; an offer's outcome is noted and
// booking the patient from there puts them in that time.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { byTestId, freshDataDir, gotoDayDate, launchApp, screenshot } from "./harness.mjs";

// Monday 3 March 2036, 07:00 in Chicago.
const FIXED_CLOCK = "2036-03-03T13:00:00Z";
const DATE = "2036-03-05";
const cli = process.env.FRONTDESK_E2E_CLI;

function run(db, args) {
  return JSON.parse(execFileSync(cli, ["--now", FIXED_CLOCK, ...args.flatMap((a) => (a === "@db" ? ["--db", db] : [a]))]).toString());
}

describe("the waitlist fills freed time", () => {
  const dataDir = freshDataDir("waitlist");
  let app;

  before(async () => {
    app = await launchApp({ dataDir, fixedClock: FIXED_CLOCK });
    await (await byTestId(app, "open-demo")).click();
    await byTestId(app, "demo-badge");
  });

  after(async () => {
    await app?.deleteSession();
  });

  it("shows a cancelled slot's waiting patients and books one from there", async () => {
    assert.ok(cli, "FRONTDESK_E2E_CLI is set");
    const db = join(dataDir, "demo.db");
    const slot = run(db, ["suggest", "@db", "--visit-type", "follow-up", "--from", DATE, "--count", "1"]).slots[0];
    const resources = slot.resources.join(",");
    // A patient with no visit that day (the demo's own waiting patients are 42–45).
    const busy = new Set(run(db, ["day", "@db", "--date", DATE]).appointments.map((a) => a.patient_id));
    const free = [];
    for (let id = 20; id <= 60 && free.length < 2; id += 1) if (!busy.has(String(id)) && (id < 42 || id > 45)) free.push(String(id));
    const [holder, waiting] = free;
    const visit = run(db, ["book", "@db", "--patient", holder, "--visit-type", "follow-up", "--start", slot.start, "--resources", resources]);
    const entry = run(db, ["waitlist", "add", "@db", "--patient", waiting, "--visit-type", "follow-up", "--urgency", "soon", "--until", "2036-03-20"]);
    assert.deepEqual(
      run(db, ["waitlist", "fits", "@db", "--start", slot.start, "--resources", resources]).entries.filter((e) => e.id === entry.id),
      [],
      "nobody fits a booked slot",
    );
    run(db, ["cancel", "@db", "--appointment", visit.id, "--by", "patient", "--reason", "feeling better"]);

    await gotoDayDate(app, DATE);
    await (await byTestId(app, "freed-expand")).click();
    const freed = await app.$(`[data-testid="freed-slot"][data-start="${slot.start}"]`);
    await freed.waitForExist({ timeout: 20000 });
    assert.match(await (await freed.$('[data-testid="freed-fits"]')).getText(), /^\d+ patients? on the waitlist fit this$/);
    await (await freed.$('[data-testid="freed-show"]')).click();
    const row = await app.$(`[data-testid="waitlist-fit"][data-entry-id="${entry.id}"]`);
    await row.waitForExist({ timeout: 10000 });
    const name = await (await row.$('[data-testid="fit-name"]')).getText();
    assert.ok(name.length > 3);

    await (await row.$('[data-testid="fit-outcome"]')).selectByAttribute("value", "accepted");
    await (await row.$('[data-testid="fit-offer"]')).click();
    await app.waitUntil(async () => (await (await byTestId(app, "waitlist-note")).getText()).startsWith(`Offer to ${name} noted`), {
      timeout: 10000,
      timeoutMsg: "the offer was not noted",
    });
    const shot = await screenshot(app, "waitlist-offer");
    mkdirSync("docs/screenshots", { recursive: true });
    copyFileSync(shot, "docs/screenshots/waitlist-offer.png");

    await (await app.$(`[data-testid="waitlist-fit"][data-entry-id="${entry.id}"] [data-testid="fit-book"]`)).click();
    await app.waitUntil(async () => (await (await byTestId(app, "waitlist-note")).getText()).startsWith(`Booked ${name}`), {
      timeout: 10000,
      timeoutMsg: "the booking was not confirmed",
    });
    const day = run(db, ["day", "@db", "--date", DATE]);
    const booked = day.appointments.filter((a) => a.patient_id === waiting && a.start === slot.start && a.status === "booked");
    assert.equal(booked.length, 1, "the waiting patient holds the freed time");
    assert.deepEqual(
      run(db, ["waitlist", "fits", "@db", "--start", slot.start, "--resources", resources]).entries,
      [],
      "the time is taken again",
    );
    await screenshot(app, "waitlist-booked");
  });
});
