// Without a reachable keyring (and no FRONTDESK_DB_KEY) the app shows a
// clear error screen, opens nothing and creates nothing.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { byTestId, freshDataDir, launchAppWithEnvironment, screenshot } from "./harness.mjs";

describe("no keyring", () => {
  it("shows the key problem instead of opening anything", async () => {
    const dataDir = freshDataDir("no-keyring");
    const { browser, stop } = await launchAppWithEnvironment({
      dataDir,
      env: { DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent/frontdesk-no-bus", FRONTDESK_DB_KEY: "" },
    });
    try {
      const problem = await byTestId(browser, "key-problem");
      assert.match(await problem.getText(), /keyring/i);
      assert.equal((await browser.$$('[data-testid="open-demo"]')).length, 0);
      await screenshot(browser, "no-keyring");
    } finally {
      await stop();
    }
    assert.deepEqual(
      readdirSync(dataDir).filter((f) => f.endsWith(".db")),
      [],
      "no database was created",
    );
  });
});
