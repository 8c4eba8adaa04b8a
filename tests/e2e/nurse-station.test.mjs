// The nurse station on a Friday afternoon, on the real app (issue 12 point
// 5, the prep part): Monday's prep in one click ("Next working day"), any
// date through the date controls, and today's items past their time shown
// as overdue. Keys and clicks go to artifacts/time-on-task-prep.json.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { byTestId, freshDataDir, launchApp, screenshot } from "./harness.mjs";

// Friday 7 March 2036, 16:00 in Chicago (CST).
const FIXED_CLOCK = "2036-03-07T22:00:00Z";

describe("the nurse station on a Friday", () => {
  const dataDir = freshDataDir("nurse-station");
  let app;
  const counts = { keys: 0, clicks: 0 };

  before(async () => {
    app = await launchApp({ dataDir, fixedClock: FIXED_CLOCK });
    await (await byTestId(app, "open-demo")).click();
    await byTestId(app, "demo-badge");
  });

  after(async () => {
    writeFileSync(
      join(process.env.FRONTDESK_E2E_ARTIFACTS ?? ".", "time-on-task-prep.json"),
      JSON.stringify({ "prepping Monday on a Friday (after)": counts }, null, 2),
    );
    await app?.deleteSession();
  });

  it("preps Monday from Friday in one click, with nothing overdue yet", async () => {
    await app.keys(["Alt", "3"]);
    counts.keys += 1;
    await byTestId(app, "prep-page");
    await (await byTestId(app, "prep-next-working-day")).click();
    counts.clicks += 1;
    await app.waitUntil(async () => (await (await byTestId(app, "prep-date")).getText()) === "Monday, March 10, 2036", {
      timeout: 10000,
      timeoutMsg: "Monday's prep never opened",
    });
    await app.waitUntil(async () => (await app.$$('[data-testid="prep-item"]')).length > 10, { timeout: 10000 });
    assert.equal((await app.$$('[data-testid="prep-item-overdue"]')).length, 0, "nothing on Monday is overdue on Friday");
    await screenshot(app, "prep-monday-on-friday");
  });

  it("shows today's unticked items past their time as overdue, and ticking clears one", async () => {
    await (await byTestId(app, "prep-today")).click();
    await app.waitUntil(async () => (await (await byTestId(app, "prep-date")).getText()) === "Friday, March 7, 2036");
    await app.waitUntil(async () => (await app.$$('[data-testid="prep-item-overdue"]')).length > 0, { timeout: 10000 });
    const before = (await app.$$('[data-testid="prep-item-overdue"]')).length;
    const item = await app.$('li[data-overdue="true"] [data-testid="prep-item"]');
    await item.click();
    await app.waitUntil(async () => (await app.$$('[data-testid="prep-item-overdue"]')).length === before - 1, {
      timeout: 10000,
      timeoutMsg: "ticking did not clear the overdue mark",
    });
    await screenshot(app, "prep-overdue");
  });

  it("opens any date through the date controls", async () => {
    await (await app.$('button[aria-label="Next day"]')).click();
    await app.waitUntil(async () => (await (await byTestId(app, "prep-date")).getText()) === "Saturday, March 8, 2036");
  });
});
