// The Patients page on the demo clinic: find a patient from a few letters by
// keyboard, correct their phone, register someone new, and be warned before
// registering the same person twice.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { byTestId, driverLog, freshDataDir, launchApp, screenshot } from "./harness.mjs";

// Monday 9 March 2026, 10:30 in Chicago.
const FIXED_CLOCK = "2026-03-09T15:30:00Z";

describe("patients", () => {
  const dataDir = freshDataDir("patients");
  let app;

  before(async () => {
    app = await launchApp({ dataDir, fixedClock: FIXED_CLOCK });
    await (await byTestId(app, "open-demo")).click();
    await byTestId(app, "demo-badge");
  });

  after(async () => {
    await app?.deleteSession();
  });

  /** The result list's names, once it shows `count` of them. */
  async function resultNames(count) {
    await app.waitUntil(async () => (await app.$$('[data-testid="patient-search-result"]')).length === count, {
      timeout: 10000,
      timeoutMsg: `the search never showed ${count} result(s)`,
    });
    const names = [];
    for (const row of await app.$$('[data-testid="patient-search-result"] .name')) names.push(await row.getText());
    return names;
  }

  async function search(text) {
    const input = await byTestId(app, "patient-search-input");
    await input.click();
    await input.clearValue();
    await input.setValue(text);
    return input;
  }

  async function fill(fields) {
    for (const [name, value] of Object.entries(fields)) {
      const input = await byTestId(app, `patient-${name}`);
      await input.clearValue();
      await input.setValue(value);
    }
  }

  it("finds a demo patient from part of the name and opens them by keyboard", async () => {
    await (await byTestId(app, "nav-patients")).click();
    const input = await byTestId(app, "patient-search-input");
    await app.waitUntil(async () => (await app.execute(() => document.activeElement?.getAttribute("data-testid"))) === "patient-search-input", {
      timeout: 5000,
      timeoutMsg: "the search box does not have the focus",
    });
    await input.setValue("abern");
    assert.deepEqual(await resultNames(3), ["Abernathy, Amara", "Abernathy, Ottilie", "Abernathy, Rosalind"]);
    assert.equal(await input.getAttribute("aria-expanded"), "true");
    await app.keys(["ArrowDown"]);
    await app.keys(["ArrowUp"]);
    const active = await input.getAttribute("aria-activedescendant");
    assert.equal(await (await app.$(`#${active} .name`)).getText(), "Abernathy, Amara");
    await screenshot(app, "patients-search");
    await app.keys(["Enter"]);
    const title = await byTestId(app, "patient-form-title");
    await app.waitUntil(async () => (await title.getText()) === "Amara Abernathy", {
      timeout: 10000,
      timeoutMsg: "the patient never opened",
    });
    assert.equal(await (await byTestId(app, "patient-family_name")).getValue(), "Abernathy");
    assert.equal(await (await byTestId(app, "patient-phone")).getValue(), "(312) 555-0100");
  });

  it("finds the same patient by name and birth month, and by phone digits", async () => {
    // The form shows the date of birth the practice's way (MM/DD/YYYY here).
    const born = await (await byTestId(app, "patient-birth_date")).getValue();
    const [month, , year] = born.split("/");
    await search(`aber ${year}-${month}`);
    const names = await resultNames(1);
    assert.deepEqual(names, ["Abernathy, Amara"]);
    await search("312 555-0100");
    assert.deepEqual(await resultNames(1), ["Abernathy, Amara"]);
  });

  it("saves a corrected phone number", async () => {
    await fill({ phone: "(312) 555-0199" });
    await (await byTestId(app, "save-patient")).click();
    const saved = await byTestId(app, "patient-saved");
    assert.equal(await saved.getText(), "Changes saved.");
    await search("0199");
    assert.deepEqual(await resultNames(1), ["Abernathy, Amara"]);
    const phone = await (await app.$('[data-testid="patient-search-result"] .phone')).getText();
    assert.match(phone, /\(312\) 555-0199/);
  });

  it("names the field at fault and saves nothing", async () => {
    await (await byTestId(app, "new-patient")).click();
    await fill({ family_name: "Quenneville", given_name: "Odile", birth_date: "2030-01-01", phone: "(773) 555-0142" });
    await (await byTestId(app, "save-patient")).click();
    const message = await byTestId(app, "field-error");
    assert.equal(await message.getText(), "The birth date is in the future.");
    assert.equal(await (await byTestId(app, "patient-birth_date")).getAttribute("aria-invalid"), "true");
    await search("quenn");
    await byTestId(app, "patient-search-empty");
  });

  it("registers a new patient", async () => {
    await (await byTestId(app, "new-patient")).click();
    await fill({ family_name: "Quenneville", given_name: "Odile", birth_date: "1984-07-21", phone: "(773) 555-0142" });
    await (await byTestId(app, "save-patient")).click();
    const saved = await byTestId(app, "patient-saved");
    assert.equal(await saved.getText(), "Odile Quenneville is registered.");
    assert.equal(await (await byTestId(app, "patient-form-title")).getText(), "Odile Quenneville");
    await search("quenn 1984");
    assert.deepEqual(await resultNames(1), ["Quenneville, Odile"]);
  });

  it("warns before registering the same name and birth date again", async () => {
    await (await byTestId(app, "new-patient")).click();
    await fill({ family_name: "QUENNEVILLE", given_name: "odile", birth_date: "1984-07-21", phone: "(773) 555-0177" });
    await (await byTestId(app, "save-patient")).click();
    const warning = await byTestId(app, "duplicate-warning");
    const text = await warning.getText();
    assert.match(text, /already registered/);
    assert.match(text, /Odile Quenneville/);
    assert.match(text, /Jul 21, 1984/);
    await screenshot(app, "patients-duplicate-warning");
    await search("quenn");
    assert.deepEqual(await resultNames(1), ["Quenneville, Odile"], "nothing was created yet");

    await (await byTestId(app, "create-anyway")).click();
    const saved = await byTestId(app, "patient-saved");
    assert.equal(await saved.getText(), "odile QUENNEVILLE is registered.");
    await search("quenn");
    assert.equal((await resultNames(2)).length, 2);
  });

  it("keeps the new patient's name out of the app's output", () => {
    const log = driverLog();
    assert.ok(log.length > 0, "the app's output was captured");
    for (const text of ["Quenneville", "QUENNEVILLE", "555-0199", "555-0142"]) {
      assert.ok(!log.includes(text), `${text} in the app's output`);
    }
  });
});
