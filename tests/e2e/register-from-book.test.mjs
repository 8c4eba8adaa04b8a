// Registering a new caller from the Book search, on the real app (issue 12
// point 3): "No patient matches — Register" registers inline (name, a date
// of birth typed the US way, phone, the duplicate check) and comes back to
// the booking with the answers, the provider and the asked time kept; a
// minor needs a guardian; the same caller again is offered, not doubled.
// Keys and clicks are counted against the old way (register on Patients,
// then book) into artifacts/time-on-task-register.json.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { byTestId, freshDataDir, launchApp, screenshot, taskCounter } from "./harness.mjs";

// Monday 3 March 2036, 07:00 in Chicago.
const FIXED_CLOCK = "2036-03-03T13:00:00Z";
const counts = {};

function counter(task) {
  const counted = taskCounter();
  counts[task] = counted.entry;
  return counted;
}

async function searchFor(app, text) {
  const search = await app.$("#patient-search-input");
  await search.waitForExist({ timeout: 10000 });
  await search.setValue(text);
  return search;
}

describe("registering a new caller from the Book search", () => {
  const dataDir = freshDataDir("register-from-book");
  let app;

  before(async () => {
    app = await launchApp({ dataDir, fixedClock: FIXED_CLOCK });
    await (await byTestId(app, "open-demo")).click();
    await byTestId(app, "demo-badge");
  });

  after(async () => {
    writeFileSync(join(process.env.FRONTDESK_E2E_ARTIFACTS ?? ".", "time-on-task-register.json"), JSON.stringify(counts, null, 2));
    await app?.deleteSession();
  });

  it("before: registering on the Patients page, then finding them again on Book", async () => {
    const task = counter("new caller registered and booked (before: Patients page, then Book)");
    await task.keys(app, ["Alt", "7"]);
    await task.click(await byTestId(app, "new-patient"));
    await task.type(await byTestId(app, "patient-given_name"), "Wilma");
    await task.keys(app, ["Tab"]);
    await task.type(await byTestId(app, "patient-family_name"), "Thornbury");
    await task.keys(app, ["Tab"]);
    await task.type(await byTestId(app, "patient-birth_date"), "07/02/1979");
    await task.keys(app, ["Tab"]);
    await task.type(await byTestId(app, "patient-phone"), "(773) 555-0161");
    await task.click(await byTestId(app, "save-patient"));
    await byTestId(app, "patient-saved");
    await task.keys(app, ["Alt", "2"]);
    const search = await app.$("#patient-search-input");
    await search.waitForExist({ timeout: 10000 });
    await task.type(search, "wilma thorn");
    await app.waitUntil(async () => (await app.$$('[role="option"]')).length > 0, { timeout: 10000 });
    await task.keys(app, ["ArrowDown"]);
    await task.keys(app, ["Enter"]);
    await byTestId(app, "chosen-patient");
    await (await byTestId(app, "intake-reason")).selectByAttribute("value", "follow-up");
    task.choose();
    await app.waitUntil(async () => (await app.$$('[data-testid="suggestion"]')).length > 0, { timeout: 10000 });
    await task.keys(app, ["Alt", "s"]);
    await task.keys(app, ["Enter"]);
    await byTestId(app, "confirm-book");
    await task.keys(app, ["Enter"]);
    assert.match(await (await byTestId(app, "booked")).getText(), /Wilma Thornbury/);
  });

  it("registers a caller nobody matches and books them without re-entering anything", async () => {
    const task = counter("new caller registered and booked (after: from the Book search)");
    await task.click(await byTestId(app, "nav-book"));
    await byTestId(app, "intake-reason");
    // The intake and the asked time first, as a caller gives them.
    await (await byTestId(app, "intake-reason")).selectByAttribute("value", "follow-up");
    task.choose();
    await (await byTestId(app, "pref-provider")).selectByAttribute("value", "dr-lindgren");
    task.choose();
    await task.type(await byTestId(app, "asked-date"), "03/12/2036");
    await task.type(await byTestId(app, "asked-clock"), "11:00");
    await byTestId(app, "asked-fits");
    // The last caller is still chosen: "Change" opens the search.
    await task.click(await (await byTestId(app, "chosen-patient")).$("button=Change"));
    const search = await app.$("#patient-search-input");
    await search.waitForExist({ timeout: 10000 });
    await task.type(search, "zora quill");
    await byTestId(app, "patient-search-empty");
    await screenshot(app, "register-no-match");
    await task.keys(app, ["Enter"]);
    await byTestId(app, "register-patient");
    assert.equal(await (await byTestId(app, "register-given_name")).getValue(), "Zora");
    assert.equal(await (await byTestId(app, "register-family_name")).getValue(), "Quill");
    await task.keys(app, ["Tab"]);
    await task.keys(app, ["Tab"]);
    await task.type(await byTestId(app, "register-birth_date"), "03/14/1988");
    assert.equal(await (await byTestId(app, "register-born")).getText(), "Mar 14, 1988 · 47 years");
    await task.keys(app, ["Tab"]);
    await task.type(await byTestId(app, "register-phone"), "(312) 555-0188");
    await screenshot(app, "register-form");
    await task.keys(app, ["Enter"]);
    const chosen = await byTestId(app, "chosen-patient");
    assert.match(await chosen.getText(), /Zora Quill · born Mar 14, 1988/);
    // Everything the caller said is still there.
    assert.equal(await (await byTestId(app, "intake-reason")).getValue(), "follow-up");
    assert.equal(await (await byTestId(app, "pref-provider")).getValue(), "dr-lindgren");
    assert.equal(await (await byTestId(app, "asked-date")).getValue(), "03/12/2036");
    assert.equal(await (await byTestId(app, "asked-clock")).getValue(), "11:00");
    await task.keys(app, ["Alt", "t"]);
    await byTestId(app, "asked-fits");
    await task.keys(app, ["Enter"]);
    await byTestId(app, "confirm-parts");
    await task.keys(app, ["Enter"]);
    const booked = await byTestId(app, "booked");
    assert.match(await booked.getText(), /Zora Quill \(born Mar 14, 1988\) · Wed, Mar 12 · 11:00/);
    await screenshot(app, "register-booked");
  });

  it("offers the registered caller instead of a second record", async () => {
    await (await (await byTestId(app, "chosen-patient")).$("button=Change")).click();
    await searchFor(app, "zora quilx");
    await (await byTestId(app, "register-from-search")).click();
    await (await byTestId(app, "register-family_name")).setValue("Quill");
    await (await byTestId(app, "register-birth_date")).setValue("03/14/1988");
    await (await byTestId(app, "register-phone")).setValue("(312) 555-0111");
    await (await byTestId(app, "register-save")).click();
    const duplicates = await byTestId(app, "register-duplicates");
    assert.match(await duplicates.getText(), /Zora Quill · born Mar 14, 1988/);
    await (await duplicates.$("button=Use this patient")).click();
    assert.match(await (await byTestId(app, "chosen-patient")).getText(), /Zora Quill/);
  });

  it("asks for a minor's parent or guardian", async () => {
    await (await (await byTestId(app, "chosen-patient")).$("button=Change")).click();
    await searchFor(app, "milo quill");
    await (await byTestId(app, "register-from-search")).click();
    await (await byTestId(app, "register-birth_date")).setValue("06/01/2029");
    await (await byTestId(app, "register-phone")).setValue("(312) 555-0112");
    const guardian = await byTestId(app, "register-guardian_name");
    await (await byTestId(app, "register-save")).click();
    const error = await byTestId(app, "register-error");
    assert.equal(await error.getText(), "A patient under 18 needs a parent or guardian.");
    await guardian.setValue("Zora Quill");
    await (await byTestId(app, "register-save")).click();
    assert.match(await (await byTestId(app, "chosen-patient")).getText(), /Milo Quill · born Jun 1, 2029/);
  });

  it("keeps the rest of the record on the Patients page", async () => {
    await (await byTestId(app, "nav-patients")).click();
    const search = await byTestId(app, "patient-search-input");
    await search.setValue("milo quill");
    await app.waitUntil(async () => (await app.$$('[role="option"]')).length > 0, { timeout: 10000 });
    await app.keys(["ArrowDown"]);
    await app.keys(["Enter"]);
    await app.waitUntil(async () => (await (await byTestId(app, "patient-form-title")).getText()) === "Milo Quill");
    assert.equal(await (await byTestId(app, "patient-birth_date")).getValue(), "06/01/2029");
    assert.equal(await (await byTestId(app, "patient-record.guardian_name")).getValue(), "Zora Quill");
    await (await byTestId(app, "patient-record.insurance_payer")).setValue("Blue Cross");
    await (await byTestId(app, "patient-record.insurance_member_id")).setValue("XJ-4471-02");
    await (await byTestId(app, "patient-record.sex")).selectByAttribute("value", "male");
    await (await byTestId(app, "save-patient")).click();
    assert.equal(await (await byTestId(app, "patient-saved")).getText(), "Changes saved.");
    await screenshot(app, "patient-record");
  });
});
