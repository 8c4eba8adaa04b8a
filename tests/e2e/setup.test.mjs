// A real practice sets itself up from an empty database — two providers, a
// nurse, two rooms, two visit types, one intake rule — and books a visit in
// it. No demo data involved.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { byTestId, freshDataDir, launchApp, screenshot } from "./harness.mjs";

// Monday 3 March 2036, 07:00 in Chicago.
const FIXED_CLOCK = "2036-03-03T13:00:00Z";

const RESOURCES = [
  { name: "Dr. Ada Whitfield", kind: "provider", roles: "physician" },
  { name: "Dr. Tomas Reyes", kind: "provider", roles: "physician" },
  { name: "Nurse Priya Natarajan", kind: "staff", roles: "nurse" },
  { name: "Room A", kind: "room", roles: "exam-room" },
  { name: "Room B", kind: "room", roles: "exam-room" },
];

async function setInput(element, value) {
  await element.clearValue();
  await element.setValue(value);
}

describe("setting up a practice of one's own", () => {
  const dataDir = freshDataDir("setup");
  let app;

  before(async () => {
    app = await launchApp({ dataDir, fixedClock: FIXED_CLOCK });
    await (await byTestId(app, "set-up-practice")).click();
    await (await app.$('input[name="practice-name"]')).setValue("Lakeside Clinic");
    await setInput(await app.$('input[name="practice-timezone"]'), "America/Chicago");
    await (await byTestId(app, "create-practice")).click();
    await byTestId(app, "practice-name");
  });

  after(async () => {
    if (app) await screenshot(app, "setup-last");
    await app?.deleteSession();
  });

  it("adds providers, a nurse and rooms", async () => {
    await (await byTestId(app, "nav-setup")).click();
    // A new practice starts with the wizard (wizard.test.mjs); this one is set up by hand.
    await (await byTestId(app, "wizard-skip")).click();
    await (await byTestId(app, "setup-tab-resources")).click();
    for (const [index, resource] of RESOURCES.entries()) {
      await (await byTestId(app, "add-resource")).click();
      const rows = await app.$$('[data-testid="resource-row"]');
      assert.equal(rows.length, index + 1);
      const row = rows[index];
      await (await row.$('[data-testid="resource-name"]')).setValue(resource.name);
      await (await row.$('[data-testid="resource-kind"]')).selectByAttribute("value", resource.kind);
      // Roles are chosen from the practice's list, not typed.
      await (await row.$('[data-testid="resource-roles"] select')).selectByAttribute("value", resource.roles);
      await row.$(`button[aria-label^="Remove role"]`).waitForExist({ timeout: 5000 });
    }
    assert.equal((await app.$$('[data-testid="resource-id"]')).length, 0, "ids stay under Advanced");
    await (await byTestId(app, "resources-advanced")).click();
    const ids = [];
    for (const row of await app.$$('[data-testid="resource-id"]')) ids.push(await row.getValue());
    assert.deepEqual(ids, ["dr-ada-whitfield", "dr-tomas-reyes", "nurse-priya-natarajan", "room-a", "room-b"]);
    await screenshot(app, "setup-resources");
  });

  it("gives everyone weekday hours by copying one week", async () => {
    await (await byTestId(app, "setup-tab-hours")).click();
    await (await byTestId(app, "hours-resource")).selectByAttribute("value", "dr-ada-whitfield");
    for (const day of ["mon", "tue", "wed", "thu", "fri"]) {
      await (await byTestId(app, `add-interval-${day}`)).click(); // 08:00–12:00
      await (await byTestId(app, `add-interval-${day}`)).click(); // 12:00–17:00
    }
    for (const box of await app.$$(".copy input[type=checkbox]")) await box.click();
    await (await app.$("button*=Copy to")).click();
    await (await byTestId(app, "hours-resource")).selectByAttribute("value", "room-b");
    await app.waitUntil(async () => (await (await byTestId(app, "hours-day-fri")).getText()).includes("+ interval"));
    assert.equal((await (await byTestId(app, "hours-day-fri")).$$("input[type=time]")).length, 4, "Room B got the copied week");
    await screenshot(app, "setup-hours");
  });

  it("describes two visit types and one intake rule", async () => {
    await (await byTestId(app, "setup-tab-visit-types")).click();
    await (await byTestId(app, "add-visit-type")).click();
    let visits = await app.$$('[data-testid="visit-type"]');
    await (await visits[0].$('[data-testid="visit-name"]')).setValue("Follow-up");
    await (await visits[0].$('[data-testid="add-need"]')).click();
    const roles0 = await visits[0].$$('[data-testid="need-role"] select');
    await roles0[1].selectByAttribute("value", "exam-room");

    await (await byTestId(app, "add-visit-type")).click();
    visits = await app.$$('[data-testid="visit-type"]');
    await (await visits[1].$('[data-testid="visit-name"]')).setValue("Nurse visit");
    await setInput(await visits[1].$('[data-testid="visit-duration"]'), "15");
    const roles1 = await visits[1].$$('[data-testid="need-role"] select');
    await roles1[0].selectByAttribute("value", "nurse");
    await (await visits[1].$('[data-testid="add-need"]')).click();
    await (await visits[1].$$('[data-testid="need-role"] select'))[1].selectByAttribute("value", "exam-room");
    await screenshot(app, "setup-visit-types");

    await (await byTestId(app, "setup-tab-intake")).click();
    await (await app.$("button=+ reason")).click();
    await (await app.$('input[aria-label="Reason"]')).setValue("Check on a known problem");
    const estimate = await byTestId(app, "try-estimate");
    await app.waitUntil(async () => (await estimate.getText()).startsWith("20 min: follow-up"), { timeout: 10000 });

    await (await byTestId(app, "setup-save")).click();
    await byTestId(app, "setup-saved");
  });

  it("refuses a need that sticks out of its visit, saving nothing", async () => {
    await (await byTestId(app, "setup-tab-visit-types")).click();
    const visits = await app.$$('[data-testid="visit-type"]');
    const offset = (await visits[1].$$('[data-testid="need-offset"]'))[0];
    await setInput(offset, "20");
    await app.keys("Tab");
    await screenshot(app, "setup-need-sticks-out");
    await (await byTestId(app, "setup-save")).click();
    const problems = await byTestId(app, "setup-problems");
    // Said in words: which visit type and which need, not a path.
    assert.match(await problems.getText(), /Visit type Nurse visit · needs 1: .*sticks out of its visit/);
    // Nothing was saved: discarding the draft brings back the saved visit.
    await (await app.$("button=Discard")).click();
    await app.waitUntil(async () => (await app.$$('[data-testid="setup-problems"]')).length === 0);
    const reloaded = (await (await app.$$('[data-testid="visit-type"]'))[1].$$('[data-testid="need-offset"]'))[0];
    assert.equal(await reloaded.getValue(), "0");
  });

  it("books a visit in the new practice", async () => {
    await (await byTestId(app, "nav-patients")).click();
    await (await byTestId(app, "new-patient")).click();
    await (await byTestId(app, "patient-given_name")).setValue("Wren");
    await (await byTestId(app, "patient-family_name")).setValue("Okonedo");
    await (await byTestId(app, "patient-birth_date")).setValue("1984-05-06");
    await (await byTestId(app, "patient-phone")).setValue("(312) 555-0199");
    await (await byTestId(app, "save-patient")).click();
    await byTestId(app, "patient-saved");

    await (await byTestId(app, "nav-book")).click();
    const search = await byTestId(app, "patient-search-input");
    await search.setValue("wren");
    await app.waitUntil(async () => (await app.$$('[role="option"]')).length > 0, { timeout: 10000 });
    await app.keys(["ArrowDown", "Enter"]);
    await byTestId(app, "chosen-patient");
    await app.waitUntil(async () => (await (await byTestId(app, "estimate")).getText()).includes("20 min: follow-up"), { timeout: 10000 });
    await app.waitUntil(async () => (await app.$$('[data-testid="suggestion"]')).length > 0, { timeout: 10000 });
    const first = await app.$('[data-testid="suggestion"]');
    assert.equal(await first.getAttribute("data-start"), "2036-03-03T08:00:00-06:00");
    await first.click();
    await (await byTestId(app, "confirm-book")).click();
    const booked = await byTestId(app, "booked");
    assert.match(await booked.getText(), /Wren Okonedo/);
    await screenshot(app, "setup-booked");
  });

  it("asks before leaving Setup with unsaved changes, and keeps the fee as money", async () => {
    await (await byTestId(app, "nav-setup")).click();
    await (await byTestId(app, "setup-tab-practice")).click();
    const fee = await byTestId(app, "practice-fee");
    await setInput(fee, "twenty");
    await byTestId(app, "practice-fee-problem");
    await setInput(fee, "25");
    await (await byTestId(app, "nav-day")).click();
    const dialog = await byTestId(app, "leave-dialog");
    assert.match(await dialog.getText(), /Setup has unsaved changes/);
    await (await byTestId(app, "leave-stay")).click();
    assert.equal(await (await byTestId(app, "practice-fee")).getValue(), "25", "staying keeps the draft");
    await (await byTestId(app, "setup-save")).click();
    await byTestId(app, "setup-saved");
    await (await byTestId(app, "nav-day")).click();
    await byTestId(app, "day-title");
    assert.equal((await app.$$('[data-testid="leave-dialog"]')).length, 0, "saved: nothing to ask");
    await (await byTestId(app, "nav-setup")).click();
    await (await byTestId(app, "setup-tab-practice")).click();
    assert.equal(await (await byTestId(app, "practice-fee")).getValue(), "25.00");
    await setInput(await byTestId(app, "practice-name-input"), "Lakeside Clinic (renamed)");
    await (await byTestId(app, "nav-book")).click();
    await (await byTestId(app, "leave-anyway")).click();
    await byTestId(app, "intake-reason");
    await (await byTestId(app, "nav-setup")).click();
    await (await byTestId(app, "setup-tab-practice")).click();
    assert.equal(await (await byTestId(app, "practice-name-input")).getValue(), "Lakeside Clinic", "left without saving");
  });
});
