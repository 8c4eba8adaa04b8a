// The first-run wizard on the real app (issue 12 point 6): a new practice
// goes practice → people and rooms → hours → visit types from a template →
// intake rules from a template → done, then books its first visit, with
// nothing typed but names (and the caller's details). Keys and clicks are
// counted into artifacts/time-on-task-wizard.json; the wizard's steps are
// saved as screenshots (docs/screenshots/wizard.png is the people step).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { byTestId, freshDataDir, gotoDayDate, launchApp, screenshot, taskCounter } from "./harness.mjs";

// Monday 3 March 2036, 07:00 in Chicago.
const FIXED_CLOCK = "2036-03-03T13:00:00Z";
const PEOPLE = ["Dr. Ada Whitfield", "Dr. Tomas Reyes", "Priya Natarajan", "Room A", "Room B"];

const task = taskCounter({ keys: 0, clicks: 0, typed: [], seconds: 0 });
const counts = task.entry;

describe("setting up a two-provider practice with the wizard", () => {
  const dataDir = freshDataDir("wizard");
  let app;
  let started;

  before(async () => {
    app = await launchApp({ dataDir, fixedClock: FIXED_CLOCK });
  });

  after(async () => {
    writeFileSync(join(process.env.FRONTDESK_E2E_ARTIFACTS ?? ".", "time-on-task-wizard.json"), JSON.stringify(counts, null, 2));
    if (app) await screenshot(app, "wizard-last");
    await app?.deleteSession();
  });

  it("creates the practice and opens the wizard", async () => {
    started = Date.now();
    await task.click(await byTestId(app, "set-up-practice"));
    await task.type(await app.$('input[name="practice-name"]'), "Lakeside Family Practice");
    const zone = await app.$('input[name="practice-timezone"]');
    await zone.clearValue();
    await task.type(zone, "America/Chicago");
    await task.click(await byTestId(app, "create-practice"));
    await byTestId(app, "practice-name");
    await task.keys(app, ["Alt", "8"]); // Setup
    await byTestId(app, "wizard");
    const title = () => app.execute(() => document.querySelector('[data-testid="wizard"] h2')?.textContent ?? "");
    await app.waitUntil(async () => /Set up Lakeside Family Practice/.test(await title()), { timeout: 10000 });
    // Step 1: what the Start page asked is already there.
    assert.equal(await (await byTestId(app, "wizard-name")).getValue(), "Lakeside Family Practice");
    assert.equal(await (await byTestId(app, "wizard-timezone")).getValue(), "America/Chicago");
    assert.equal(await (await byTestId(app, "wizard-locale")).getValue(), "en-US");
    await screenshot(app, "wizard-practice");
    await task.click(await byTestId(app, "wizard-next"));
  });

  it("names two providers, a nurse and two rooms, their roles from the list", async () => {
    const names = await app.$$('[data-testid="wizard-resource-name"]');
    assert.equal(names.length, PEOPLE.length, "rows for a small practice are ready");
    for (const [index, name] of PEOPLE.entries()) {
      await task.click(names[index]);
      await task.type(names[index], name);
    }
    const roles = [];
    for (const row of await app.$$('[data-testid="wizard-resource"]')) roles.push(await (await row.$('[data-testid="role-picker"]')).getValue());
    assert.deepEqual(roles, ["physician", "physician", "nurse", "exam-room", "exam-room"]);
    await screenshot(app, "wizard");
    await task.keys(app, ["Enter"]); // the form's Next
    await byTestId(app, "wizard-opens");
  });

  it("keeps the usual hours, primary care visit types and the general intake", async () => {
    assert.equal(await (await byTestId(app, "wizard-opens")).getValue(), "08:00");
    assert.equal(await (await byTestId(app, "wizard-day-mon")).isSelected(), true);
    assert.equal(await (await byTestId(app, "wizard-day-sat")).isSelected(), false);
    await task.click(await byTestId(app, "wizard-next"));
    assert.equal(await (await byTestId(app, "wizard-visits-primary-care")).isSelected(), true);
    await screenshot(app, "wizard-visit-types");
    await task.click(await byTestId(app, "wizard-next"));
    assert.equal(await (await byTestId(app, "wizard-intake-general")).isSelected(), true);
    await task.click(await byTestId(app, "wizard-next"));
    const summary = await byTestId(app, "wizard-summary");
    const text = await summary.getText();
    assert.match(text, /Dr\. Ada Whitfield \(Physician\), Dr\. Tomas Reyes \(Physician\), Priya Natarajan \(Nurse\), Room A \(Exam room\)/);
    assert.match(text, /Mon, Tue, Wed, Thu, Fri · 08:00–17:00 \(break 12:00–13:00\)/);
    assert.match(text, /Follow-up, New patient, Same-day sick visit, Annual physical/);
    await screenshot(app, "wizard-done-step");
    await task.click(await byTestId(app, "wizard-finish"));
    await byTestId(app, "wizard-done");
    // Setup now shows the saved practice; its ids came from the names.
    await (await byTestId(app, "setup-tab-resources")).click();
    await (await byTestId(app, "resources-advanced")).click();
    const ids = [];
    for (const input of await app.$$('[data-testid="resource-id"]')) ids.push(await input.getValue());
    assert.deepEqual(ids, ["dr-ada-whitfield", "dr-tomas-reyes", "priya-natarajan", "room-a", "room-b"]);
  });

  it("books the first visit in the new practice", async () => {
    await task.keys(app, ["Alt", "2"]);
    const reason = await byTestId(app, "intake-reason");
    await reason.selectByAttribute("value", "follow-up");
    task.choose();
    const search = await app.$("#patient-search-input");
    await search.waitForExist({ timeout: 10000 });
    await task.type(search, "wren okonedo");
    await byTestId(app, "patient-search-empty");
    await task.keys(app, ["Enter"]);
    await byTestId(app, "register-patient");
    await task.keys(app, ["Tab"]);
    await task.keys(app, ["Tab"]);
    await task.type(await byTestId(app, "register-birth_date"), "05/06/1984");
    await task.keys(app, ["Tab"]);
    await task.type(await byTestId(app, "register-phone"), "(312) 555-0199");
    await task.keys(app, ["Enter"]);
    await byTestId(app, "chosen-patient");
    await app.waitUntil(async () => (await app.$$('[data-testid="suggestion"]')).length > 0, { timeout: 10000 });
    const first = await app.$('[data-testid="suggestion"]');
    assert.equal(await first.getAttribute("data-start"), "2036-03-03T08:00:00-06:00");
    await task.click(first);
    await task.click(await byTestId(app, "confirm-book"));
    const booked = await byTestId(app, "booked");
    assert.match(await booked.getText(), /Wren Okonedo/);
    counts.seconds = Math.round((Date.now() - started) / 1000);
    await screenshot(app, "wizard-booked");
    assert.ok(counts.seconds < 600, `set up and booked in ${counts.seconds} s`);
  });

  it("closes the whole practice for a training day: the booked visit is named, the day says Closed", async () => {
    await (await byTestId(app, "nav-setup")).click();
    await (await byTestId(app, "setup-tab-hours")).click();
    await (await byTestId(app, "add-closure")).click();
    await (await byTestId(app, "closure-name")).setValue("Staff training");
    for (const [id, value] of [["closure-from", "2036-03-03"], ["closure-until", "2036-03-04"]]) {
      await app.execute(
        (element, text) => {
          element.value = text;
          element.dispatchEvent(new Event("input", { bubbles: true }));
        },
        await byTestId(app, id),
        value,
      );
    }
    await (await byTestId(app, "setup-save")).click();
    // The visit booked above would no longer fit: said with the patient, date and time.
    const affected = await byTestId(app, "setup-affected-visit");
    const text = await affected.getText();
    assert.match(text, /Wren Okonedo · .*Mar.* at 08:00 · Follow-up: the practice is closed on 2036-03-03 \(Staff training\)/);
    assert.doesNotMatch(text, /#\d/);
    await screenshot(app, "setup-closure-affected");
    await (await app.$("button=Save anyway")).click();
    await byTestId(app, "setup-saved");
    await (await byTestId(app, "nav-day")).click();
    await gotoDayDate(app, "2036-03-04");
    const closed = await byTestId(app, "day-closed");
    await app.waitUntil(async () => (await closed.getText()).includes("Closed: Staff training"), { timeout: 10000 });
    await screenshot(app, "day-closure");
  });
});
