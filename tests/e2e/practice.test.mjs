// Setting up a real practice on a fresh data folder: no demo data, no DEMO
// badge, and the next start opens the practice directly.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { byTestId, freshDataDir, launchApp, screenshot } from "./harness.mjs";

const FIXED_CLOCK = "2026-11-30T14:00:00Z"; // Monday 30 November 2026, 09:00 in New York

describe("a practice of one's own", () => {
  const dataDir = freshDataDir("practice");

  it("is created from the start screen and opens on an empty day", async () => {
    const app = await launchApp({ dataDir, fixedClock: FIXED_CLOCK });
    try {
      await (await byTestId(app, "set-up-practice")).click();
      await (await app.$('input[name="practice-name"]')).setValue("Harbour Street Clinic");
      const zone = await app.$('input[name="practice-timezone"]');
      await zone.clearValue();
      await zone.setValue("America/New_York");
      await (await byTestId(app, "create-practice")).click();
      const name = await byTestId(app, "practice-name");
      assert.equal(await name.getText(), "Harbour Street Clinic");
      assert.equal(await (await byTestId(app, "day-title")).getText(), "Monday, November 30, 2026");
      const summary = await byTestId(app, "day-summary");
      assert.match(await summary.getText(), /^0 appointments · times in America\/New_York/);
      assert.equal((await app.$$('[data-testid="demo-badge"]')).length, 0);
      await screenshot(app, "new-practice-day");
    } finally {
      await app.deleteSession();
    }
    assert.ok(existsSync(join(dataDir, "practice.db")));
    assert.ok(!existsSync(join(dataDir, "demo.db")), "no demo data in a real practice's folder");
  });

  it("opens the practice directly on the next start", async () => {
    const app = await launchApp({ dataDir, fixedClock: FIXED_CLOCK });
    try {
      const name = await byTestId(app, "practice-name");
      assert.equal(await name.getText(), "Harbour Street Clinic");
    } finally {
      await app.deleteSession();
    }
  });

  it("names the field at fault when the time zone is not IANA", async () => {
    const otherDir = freshDataDir("bad-zone");
    const app = await launchApp({ dataDir: otherDir, fixedClock: FIXED_CLOCK });
    try {
      await (await byTestId(app, "set-up-practice")).click();
      await (await app.$('input[name="practice-name"]')).setValue("Clinic");
      const zone = await app.$('input[name="practice-timezone"]');
      await zone.clearValue();
      await zone.setValue("Eastern Time");
      await (await byTestId(app, "create-practice")).click();
      const alert = await byTestId(app, "start-error");
      // The message in words; the field at fault comes apart and is marked.
      assert.match(await alert.getText(), /"Eastern Time" is not an IANA time zone/);
      assert.equal(await zone.getAttribute("aria-invalid"), "true");
    } finally {
      await app.deleteSession();
    }
    assert.ok(!existsSync(join(otherDir, "practice.db")), "nothing half-created");
  });
});
