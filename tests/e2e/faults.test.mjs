// A database that cannot be opened: the start page says what happened and
// what to do (restore a backup, choose another database) — no SQLite text —
// and not one byte of the data folder changes. The data folder is private.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { allFiles, byTestId, freshDataDir, launchAppWithEnvironment, screenshot } from "./harness.mjs";

const KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

describe("a database that cannot be opened", () => {
  it("shows what happened and what to do, and changes nothing", async () => {
    const dataDir = freshDataDir("damaged");
    const demo = join(dataDir, "demo.db");
    execFileSync(process.env.FRONTDESK_E2E_CLI, ["demo", "--db", demo, "--date", "2026-03-09"], {
      env: { ...process.env, FRONTDESK_DB_KEY: KEY },
      stdio: "ignore",
    });
    // Cut short mid-page, as a full disk or an interrupted copy leaves it.
    const whole = allFiles(dataDir).find((f) => f.path === demo).bytes;
    writeFileSync(demo, whole.subarray(0, 5 * 4096 + 100));
    writeFileSync(join(dataDir, "last-opened"), "demo");
    const before = allFiles(dataDir);

    const { browser, stop } = await launchAppWithEnvironment({
      dataDir,
      fixedClock: "2026-03-09T15:30:00Z",
      env: { FRONTDESK_DB_KEY: KEY },
    });
    try {
      const problem = await byTestId(browser, "open-problem");
      assert.equal(await problem.getAttribute("data-code"), "DatabaseDamaged");
      const text = await problem.getText();
      assert.match(text, /damaged/);
      assert.match(text, /backup/);
      assert.match(text, /choose another database/);
      assert.doesNotMatch(text, /code: 11|malformed|sqlx|storage error/);
      await byTestId(browser, "open-demo");
      await screenshot(browser, "damaged-database");
    } finally {
      await stop();
    }
    const after = allFiles(dataDir);
    assert.deepEqual(
      after.map((f) => f.path),
      before.map((f) => f.path),
      "no file appeared (no -wal, no -shm)",
    );
    for (const [i, file] of after.entries()) assert.ok(file.bytes.equals(before[i].bytes), `${file.path} changed`);
    assert.equal(statSync(dataDir).mode & 0o777, 0o700, "the data folder was made private");
  });
});
