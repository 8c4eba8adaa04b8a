// Booking at the time the caller asks for, on the real app: typing "next
// Wednesday 15:30 with Dr Lindgren" on Book; the same time refused once
// taken, with its reason in names and the nearest fits; clicking and
// keying into an empty place on the Day grid; "Later" on the suggestions;
// and the regressions of issue 12 point 4 that live on these pages (the
// first search result is not pre-highlighted, Alt+1 is today). Keys and
// clicks are counted into artifacts/time-on-task.json.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { byTestId, freshDataDir, gotoDayDate, launchApp, screenshot } from "./harness.mjs";

// Monday 3 March 2036, 07:00 in Chicago. The demo fills the week before and
// the week from today; "next Wednesday" (12 March) is still free.
const FIXED_CLOCK = "2036-03-03T13:00:00Z";
const NEXT_WEDNESDAY = "2036-03-12";
/** The same date as a US practice types it. */
const TYPED_WEDNESDAY = "03/12/2036";
const docsShots = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "screenshots");
const counts = {};

/** Keys and clicks of one task, as the test performs them. */
function counter(task) {
  counts[task] = { keys: 0, clicks: 0, typed: [] };
  return {
    name: task,
    async keys(app, chord) {
      await app.keys(chord);
      counts[task].keys += 1;
    },
    async type(app, text) {
      await app.keys([...text]);
      counts[task].typed.push(text);
    },
    async click(element) {
      await element.click();
      counts[task].clicks += 1;
    },
  };
}

async function setInput(app, testId, value) {
  const input = await byTestId(app, testId);
  await input.clearValue();
  await input.setValue(value);
}

async function searchPatient(app, task, name) {
  const chosen = await app.$('[data-testid="chosen-patient"]');
  if (await chosen.isExisting()) await (await chosen.$("button=Change")).click();
  const search = await app.$("#patient-search-input");
  await search.waitForExist({ timeout: 10000 });
  await app.waitUntil(async () => (await app.execute(() => document.activeElement?.id)) === "patient-search-input", {
    timeout: 5000,
    timeoutMsg: "the patient search has the focus",
  });
  // Typed as the receptionist does (counted as typing, not as keys).
  await search.setValue(name);
  counts[task.name]?.typed.push(name);
  await app.waitUntil(async () => (await app.$$('[role="option"]')).length > 0, {
    timeout: 10000,
    timeoutMsg: `no patient found for "${name}" (the box holds "${await search.getValue()}")`,
  });
}

async function waitForAsked(app) {
  await app.waitUntil(
    async () => (await app.$('[data-testid="asked-fits"]').isExisting()) || (await app.$('[data-testid="asked-refusal"]').isExisting()),
    { timeout: 10000, timeoutMsg: "the asked time was never checked" },
  );
}

async function openDay(app, date) {
  await (await byTestId(app, "nav-day")).click();
  await gotoDayDate(app, date);
  await app.waitUntil(async () => (await app.$$(`[data-column-id="dr-lindgren"]`)).length > 0, { timeout: 10000 });
}

describe("booking at the time the caller asks for", () => {
  const dataDir = freshDataDir("asked-time");
  let app;

  before(async () => {
    app = await launchApp({ dataDir, fixedClock: FIXED_CLOCK });
    await (await byTestId(app, "open-demo")).click();
    await byTestId(app, "demo-badge");
    await app.setWindowSize(1280, 800);
  });

  after(async () => {
    writeFileSync(join(process.env.FRONTDESK_E2E_ARTIFACTS ?? ".", "time-on-task.json"), JSON.stringify(counts, null, 2));
    await app?.deleteSession();
  });

  it("does not highlight the first search result: ↓ Enter picks the first", async () => {
    await (await byTestId(app, "nav-book")).click();
    await byTestId(app, "intake-reason");
    const search = await app.$("#patient-search-input");
    await search.waitForExist({ timeout: 10000 });
    await search.setValue("a");
    await app.waitUntil(async () => (await app.$$('[role="option"]')).length > 1, { timeout: 10000 });
    assert.equal((await app.$$('[role="option"][aria-selected="true"]')).length, 0, "nothing highlighted before ↓");
    const first = await (await app.$$('[role="option"]'))[0].getText();
    await app.keys(["ArrowDown"]);
    await app.keys(["Enter"]);
    const chosen = await byTestId(app, "chosen-patient");
    const name = first.split("\n")[0].trim();
    assert.ok((await chosen.getText()).includes(name.split(",")[0].trim().split(" ").at(-1)), `${first} → ${await chosen.getText()}`);
  });

  it("books next Wednesday 15:30 with Dr Lindgren by typing the time", async () => {
    const task = counter("returning patient at a requested time (typed on Book)");
    await task.click(await byTestId(app, "nav-book"));
    await byTestId(app, "intake-reason");
    await searchPatient(app, task, "dorian bl");
    await task.keys(app, ["ArrowDown"]);
    await task.keys(app, ["Enter"]);
    await byTestId(app, "chosen-patient");
    // The reason and the provider: each a select, opened and chosen (two clicks each).
    await (await byTestId(app, "intake-reason")).selectByAttribute("value", "follow-up");
    await waitForEstimate(app, "follow-up");
    await (await byTestId(app, "pref-provider")).selectByAttribute("value", "dr-lindgren");
    counts["returning patient at a requested time (typed on Book)"].clicks += 4;
    await task.keys(app, ["Alt", "t"]);
    // Alt+T lands in the time; the date is the field before it.
    await task.keys(app, ["Shift", "Tab"]);
    await task.type(app, TYPED_WEDNESDAY);
    await task.keys(app, ["Tab"]);
    await task.type(app, "15:30");
    await waitForAsked(app);
    const fits = await byTestId(app, "asked-fits");
    assert.match(await fits.getText(), /Wed, Mar 12 · 15:30 fits: Dr\. Erik Lindgren · Exam room/);
    await task.keys(app, ["Enter"]);
    const parts = await byTestId(app, "confirm-parts");
    assert.match(await parts.getText(), /15:30–15:50 Dr\. Erik Lindgren · Exam room \d/);
    await screenshot(app, "asked-fits-confirm");
    await task.keys(app, ["Enter"]);
    const booked = await byTestId(app, "booked");
    assert.match(await booked.getText(), /Dorian Blackwood/);
    assert.match(await (await byTestId(app, "booked-parts")).getText(), /15:30–15:50 Dr\. Erik Lindgren/);
  });

  it("refuses the same time now it is taken, saying who and when, and offers the nearest fits", async () => {
    await searchPatient(app, counter("scratch"), "celeste");
    await app.keys(["ArrowDown"]);
    await app.keys(["Enter"]);
    await (await byTestId(app, "intake-reason")).selectByAttribute("value", "follow-up");
    await (await byTestId(app, "pref-provider")).selectByAttribute("value", "dr-lindgren");
    await setInput(app, "asked-date", TYPED_WEDNESDAY);
    await setInput(app, "asked-clock", "15:30");
    await app.waitUntil(async () => (await app.$('[data-testid="asked-refusal"]').isExisting()), { timeout: 10000 });
    const refusal = await byTestId(app, "asked-refusal");
    assert.equal(await refusal.getText(), "✗ Wed, Mar 12 · 15:30: Dr. Erik Lindgren is taken 15:30–15:50.");
    const nearest = await app.$$('[data-testid="nearest"]');
    const starts = [];
    for (const button of nearest) starts.push((await button.getAttribute("data-start")).slice(11, 16));
    assert.deepEqual(starts, ["15:05", "15:10", "15:50", "15:55"]);
    await app.execute(() => document.querySelector('[data-testid="asked-time"]')?.scrollIntoView({ block: "start" }));
    const shot = await screenshot(app, "book-refused-nearest");
    mkdirSync(docsShots, { recursive: true });
    copyFileSync(shot, join(docsShots, "book-typed-time-refused.png"));

    // Lunch: "off", in words.
    await setInput(app, "asked-clock", "13:20");
    await app.waitUntil(async () => (await (await byTestId(app, "asked-refusal")).getText()).includes("13:20:"), { timeout: 10000 });
    assert.equal(await (await byTestId(app, "asked-refusal")).getText(), "✗ Wed, Mar 12 · 13:20: Dr. Erik Lindgren is off at 13:20.");
    // Enter in the time goes to the nearest fits; Enter there chooses, Enter books.
    await (await byTestId(app, "asked-clock")).click();
    await app.keys(["Enter"]);
    await app.waitUntil(async () => (await app.execute(() => document.activeElement?.dataset.testid)) === "nearest", { timeout: 5000 });
    await app.keys(["Enter"]);
    await byTestId(app, "confirm-parts");
    await app.keys(["Enter"]);
    assert.match(await (await byTestId(app, "booked")).getText(), /Celeste/);
  });

  it("books by clicking an empty place on the Day grid: Book opens at that provider and time", async () => {
    const task = counter("returning patient at a requested time (from the Day grid)");
    await openDay(app, NEXT_WEDNESDAY);
    const lane = await app.$('[data-column-id="dr-lindgren"] [data-testid="day-lane"]');
    // Where 10:00 is: the hour label's line, then a pixel below it.
    const point = await app.execute((laneElement) => {
      const label = [...document.querySelectorAll(".hour")].find((h) => h.textContent?.trim() === "10:00");
      label?.scrollIntoView({ block: "center" });
      laneElement.scrollIntoView({ inline: "center", block: "nearest" });
      const y = label.getBoundingClientRect().top + label.getBoundingClientRect().height / 2 + 2;
      const box = laneElement.getBoundingClientRect();
      return { x: Math.round(box.left + box.width / 2), y: Math.round(y) };
    }, lane);
    await app.action("pointer").move({ x: point.x, y: point.y, origin: "viewport" }).down().up().perform();
    counts["returning patient at a requested time (from the Day grid)"].clicks += 1;
    await byTestId(app, "asked-time");
    assert.equal(await (await byTestId(app, "asked-date")).getValue(), "03/12/2036", "the practice's way (en-US)");
    assert.equal(await (await byTestId(app, "asked-clock")).getValue(), "10:00");
    assert.equal(await (await byTestId(app, "pref-provider")).getValue(), "dr-lindgren");
    await searchPatient(app, task, "amara abe");
    await task.keys(app, ["ArrowDown"]);
    await task.keys(app, ["Enter"]);
    await waitForAsked(app);
    assert.match(await (await byTestId(app, "asked-fits")).getText(), /10:00 fits: Dr\. Erik Lindgren/);
    await screenshot(app, "day-click-book");
    await task.keys(app, ["Enter"]);
    await byTestId(app, "confirm-parts");
    await task.keys(app, ["Enter"]);
    const booked = await byTestId(app, "booked");
    assert.match(await booked.getText(), /Amara Abernathy/);
    await (await booked.$("button")).click();
    const block = await app.$('[data-column-id="dr-lindgren"] [data-testid="appointment"]');
    await block.waitForExist({ timeout: 10000 });
    const labels = [];
    for (const b of await app.$$('[data-column-id="dr-lindgren"] [data-testid="appointment"]')) labels.push(await b.getAttribute("aria-label"));
    assert.ok(labels.some((l) => l.startsWith("10:00 to ") && l.includes("Amara Abernathy")), labels.join(" | "));
  });

  it("books with the keyboard alone in a Day column: arrows choose the time, Enter opens Book", async () => {
    await openDay(app, NEXT_WEDNESDAY);
    const lane = await app.$('[data-column-id="dr-okafor"] [data-testid="day-lane"]');
    await app.execute((element) => element.focus(), lane);
    const cursor = await byTestId(app, "day-cursor");
    for (let i = 0; i < 6; i += 1) await app.keys(["ArrowDown"]);
    const shown = (await cursor.getText()).slice(0, 5);
    await app.keys(["Enter"]);
    await byTestId(app, "asked-time");
    assert.equal(await (await byTestId(app, "asked-clock")).getValue(), shown);
    assert.equal(await (await byTestId(app, "pref-provider")).getValue(), "dr-okafor");
  });

  it("pages on with Later: only later starts, spread over parts of days", async () => {
    await (await byTestId(app, "nav-book")).click();
    await byTestId(app, "intake-reason");
    await app.waitUntil(async () => (await app.$$('[data-testid="suggestion"]')).length === 6, { timeout: 10000 });
    const startsOf = async () => {
      const out = [];
      for (const s of await app.$$('[data-testid="suggestion"]')) out.push(await s.getAttribute("data-start"));
      return out;
    };
    const first = await startsOf();
    const parts = new Set(first.map((s) => `${s.slice(0, 10)} ${Number(s.slice(11, 13)) < 12 ? "am" : Number(s.slice(11, 13)) < 17 ? "pm" : "eve"}`));
    assert.equal(parts.size, 6, `one per part of a day: ${first.join(", ")}`);
    await (await byTestId(app, "suggestions-later")).click();
    const last = [...first].sort().at(-1);
    await app.waitUntil(async () => (await startsOf()).every((s) => s > last), { timeout: 10000, timeoutMsg: "Later showed earlier times" });
    await (await byTestId(app, "suggestions-earliest")).click();
    await app.waitUntil(async () => (await startsOf())[0] === first[0], { timeout: 10000 });
  });

  it("Alt+1 opens today, not the last booked date", async () => {
    await openDay(app, NEXT_WEDNESDAY);
    assert.equal(await (await byTestId(app, "day-title")).getText(), "Wednesday, March 12, 2036");
    await app.keys(["Alt", "2"]);
    await byTestId(app, "intake-reason");
    await app.keys(["Alt", "1"]);
    await app.waitUntil(async () => (await (await byTestId(app, "day-title")).getText()) === "Monday, March 3, 2036", {
      timeout: 10000,
      timeoutMsg: "Alt+1 did not open today",
    });
  });
});

async function waitForEstimate(app, text) {
  await app.waitUntil(async () => (await (await byTestId(app, "estimate")).getText()).includes(text), {
    timeout: 10000,
    timeoutMsg: `the estimate never said "${text}"`,
  });
}
