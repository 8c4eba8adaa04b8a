// Booking at the front desk on the real app: find a demo patient, intake with
// an x-ray and a blood draw, pick the first suggestion, see it on the day in
// the right columns; red flags; a time taken meanwhile by another process;
// and a change in one window showing up live in a second one.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { byTestId, freshDataDir, launchApp, screenshot } from "./harness.mjs";

// Monday 3 March 2036, 07:00 in Chicago: the whole day is ahead, and the
// CLI (which runs on the real clock) sees it in the future too.
const FIXED_CLOCK = "2036-03-03T13:00:00Z";
const cli = process.env.FRONTDESK_E2E_CLI;

async function openBook(app) {
  await (await byTestId(app, "nav-book")).click();
  await byTestId(app, "intake-reason");
}

async function pickPatient(app, typed) {
  const chosen = await app.$('[data-testid="chosen-patient"]');
  if (await chosen.isExisting()) await (await chosen.$("button=Change")).click();
  const search = await app.$("#patient-search-input");
  await search.waitForExist({ timeout: 10000 });
  await search.setValue(typed);
  await app.waitUntil(async () => (await app.$$('[role="option"]')).length > 0, { timeout: 10000 });
  await app.keys(["ArrowDown", "Enter"]);
  await byTestId(app, "chosen-patient");
}

async function waitForEstimate(app, text) {
  await app.waitUntil(async () => (await (await byTestId(app, "estimate")).getText()).includes(text), {
    timeout: 10000,
    timeoutMsg: `the estimate never said "${text}"`,
  });
}

async function firstSuggestion(app) {
  await app.waitUntil(async () => (await app.$$('[data-testid="suggestion"]')).length > 0, { timeout: 10000 });
  return app.$('[data-testid="suggestion"]');
}

describe("booking at the front desk", () => {
  const dataDir = freshDataDir("booking");
  let app;

  before(async () => {
    app = await launchApp({ dataDir, fixedClock: FIXED_CLOCK });
    await (await byTestId(app, "open-demo")).click();
    await byTestId(app, "demo-badge");
  });

  after(async () => {
    await app?.deleteSession();
  });

  it("books an x-ray with a blood draw for a demo patient and shows it on the day", async () => {
    await openBook(app);
    await pickPatient(app, "amara abe");
    assert.match(await (await byTestId(app, "chosen-patient")).getText(), /Amara Abernathy/);
    await (await byTestId(app, "procedure-xray")).click();
    await (await byTestId(app, "procedure-blood-draw")).click();
    await waitForEstimate(app, "x-ray consult + blood draw");
    const first = await firstSuggestion(app);
    const start = await first.getAttribute("data-start");
    const resources = (await first.getAttribute("data-resources")).split(",");
    assert.equal(resources.length, 6);
    await first.click();
    const dob = await byTestId(app, "confirm-dob");
    assert.match(await dob.getText(), /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/, "the confirmation shows the date of birth, month by name");
    await screenshot(app, "book-confirm");
    await (await byTestId(app, "confirm-book")).click();
    const booked = await byTestId(app, "booked");
    assert.match(await booked.getText(), /Amara Abernathy/);
    await screenshot(app, "booked");

    await (await booked.$("button")).click();
    await (await byTestId(app, "mode-rooms")).click();
    for (const column of ["xray-suite", "lab-chair", resources[3]]) {
      const blocks = await app.$$(`[data-column-id="${column}"] [data-testid="appointment"]`);
      const labels = [];
      for (const block of blocks) labels.push(await block.getAttribute("aria-label"));
      assert.ok(
        labels.some((l) => l.startsWith(start.slice(11, 16)) || l.includes("Amara Abernathy")),
        `${column}: ${labels.join(" | ")}`,
      );
    }
    await screenshot(app, "booked-in-rooms");
  });

  it("shows the emergency banner for a red flag and asks why before booking", async () => {
    await openBook(app);
    await pickPatient(app, "bastian");
    await (await byTestId(app, "symptom-chest-pain")).click();
    const banner = await byTestId(app, "emergency-banner");
    assert.match(await banner.getText(), /911/);
    const first = await firstSuggestion(app);
    assert.equal(await first.isEnabled(), false, "no booking without a reason");
    await (await byTestId(app, "red-flag-reason")).setValue("Seen in the ER yesterday; follow-up only");
    await app.waitUntil(async () => (await firstSuggestion(app)).isEnabled(), { timeout: 5000 });
    await screenshot(app, "red-flag");
    await (await byTestId(app, "symptom-chest-pain")).click();
  });

  it("says a time was just taken (by another process) and offers fresh times", async () => {
    assert.ok(cli, "FRONTDESK_E2E_CLI is set");
    await openBook(app);
    await pickPatient(app, "celeste");
    await (await byTestId(app, "intake-reason")).selectByAttribute("value", "follow-up");
    await waitForEstimate(app, "follow-up");
    const first = await firstSuggestion(app);
    const start = await first.getAttribute("data-start");
    const resources = await first.getAttribute("data-resources");
    // Another workstation books that very time first (at the app's clock).
    execFileSync(cli, ["--now", FIXED_CLOCK, "book", "--db", join(dataDir, "demo.db"), "--patient", "40", "--visit-type", "follow-up", "--start", start, "--resources", resources]);
    await first.click();
    await (await byTestId(app, "confirm-book")).click();
    const notice = await byTestId(app, "slot-taken");
    assert.equal(await notice.getText(), "That time was just taken. Here are fresh times.");
    await app.waitUntil(async () => (await (await firstSuggestion(app)).getAttribute("data-start")) !== start, {
      timeout: 10000,
      timeoutMsg: "the suggestions were not refreshed",
    });
    await screenshot(app, "slot-taken");
  });

  it("books a returning patient with the keyboard alone, in a handful of keys after the name", async () => {
    await openBook(app);
    const chosen = await app.$('[data-testid="chosen-patient"]');
    if (await chosen.isExisting()) await (await chosen.$("button=Change")).click();
    const search = await app.$("#patient-search-input");
    await search.waitForExist({ timeout: 10000 });
    await app.waitUntil(async () => (await app.execute(() => document.activeElement?.id)) === "patient-search-input", {
      timeout: 5000,
      timeoutMsg: "the patient search has the focus",
    });
    await app.keys([..."dorian bl"]);
    await app.waitUntil(async () => (await app.$$('[role="option"]')).length > 0, { timeout: 10000 });
    const afterName = [["ArrowDown"], ["Enter"], ["Alt", "s"], ["Enter"], ["Enter"]];
    for (const chord of afterName) {
      await app.keys(chord);
      await app.pause(150);
    }
    const booked = await byTestId(app, "booked");
    assert.match(await booked.getText(), /Dorian Blackwood/);
    writeFileSync(
      join(process.env.FRONTDESK_E2E_ARTIFACTS ?? ".", "keystrokes.json"),
      JSON.stringify({ after_name: afterName.length, chords: afterName }, null, 2),
    );
  });

  it("reports how long a changed preference takes to refresh the suggestions (measured, not asserted)", async () => {
    await openBook(app);
    await firstSuggestion(app);
    const timings = [];
    for (const value of ["morning", "afternoon", "", "morning", "afternoon", "", "morning", "afternoon", "", "morning"]) {
      const ms = await app.executeAsync((wanted, done) => {
        const list = document.querySelector('[data-testid="suggestions"]');
        const select = document.querySelector('[data-testid="pref-time"]');
        const before = list.innerHTML;
        const started = performance.now();
        const observer = new MutationObserver(() => {
          if (list.innerHTML !== before) {
            observer.disconnect();
            requestAnimationFrame(() => done(performance.now() - started));
          }
        });
        observer.observe(list, { childList: true, subtree: true, characterData: true, attributes: true });
        select.value = wanted;
        select.dispatchEvent(new Event("change", { bubbles: true }));
        setTimeout(() => done(-1), 5000);
      }, value);
      if (ms >= 0) timings.push(ms);
    }
    timings.sort((a, b) => a - b);
    const report = { samples: timings.length, median_ms: timings[Math.floor(timings.length / 2)], max_ms: timings.at(-1) };
    writeFileSync(join(process.env.FRONTDESK_E2E_ARTIFACTS ?? ".", "suggestion-round-trip.json"), JSON.stringify(report, null, 2));
    console.log(`suggestion round trip: ${JSON.stringify(report)}`);
    assert.ok(timings.length > 0, "the list changed at least once");
  });

  it("shows a status change made in one window in a second window without a reload", async () => {
    await (await byTestId(app, "nav-day")).click();
    await (await byTestId(app, "day-today")).click();
    await (await byTestId(app, "day-title")).waitForExist();
    await app.waitUntil(async () => (await (await byTestId(app, "day-title")).getText()) === "Monday, March 3, 2036");
    const first = await app.$('[data-testid="appointment"][data-status="booked"]');
    await first.waitForExist({ timeout: 10000 });
    const id = await first.getAttribute("data-appointment-id");
    const main = await app.getWindowHandle();
    await (await byTestId(app, "new-window")).click();
    await app.waitUntil(async () => (await app.getWindowHandles()).length === 2, { timeout: 10000 });
    const second = (await app.getWindowHandles()).find((h) => h !== main);
    await app.switchToWindow(second);
    const mirrored = await app.$(`[data-appointment-id="${id}"]`);
    await mirrored.waitForExist({ timeout: 15000 });
    assert.equal(await mirrored.getAttribute("data-status"), "booked");

    await app.switchToWindow(main);
    await (await app.$(`[data-appointment-id="${id}"]`)).click();
    await (await byTestId(app, "status-arrived")).click();
    await app.waitUntil(async () => (await (await byTestId(app, "details-status")).getText()) === "Arrived");

    await app.switchToWindow(second);
    await app.waitUntil(async () => (await (await app.$(`[data-appointment-id="${id}"]`)).getAttribute("data-status")) === "arrived", {
      timeout: 10000,
      timeoutMsg: "the second window never showed the change",
    });
    await screenshot(app, "second-window");
    await app.closeWindow();
    await app.switchToWindow(main);
  });
});
