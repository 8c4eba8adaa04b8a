// Getting a late day back on track on the real app, at a fixed clock of
// 09:00 on the demo's Tuesday 4 March 2036 (Chicago). The morning is
// recorded first through the CLI at the times it happened: Dr Okafor's
// 08:00 ECG check went into the room at 08:00 and is still there at 09:00,
// 30 minutes past its booked end. The banner says so; "Get back on track"
// proposes moving her 08:30 annual physical and her 09:20 x-ray consult;
// unticking the physical and applying moves exactly the x-ray consult, and
// the radiographer whose x-ray moved gets a desktop notification (read from
// the session bus). Then an urgent walk-in needing the x-ray suite is
// fitted in, the proposal names who waits, and applying books it.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { byTestId, freshDataDir, launchApp, screenshot } from "./harness.mjs";

const cli = process.env.FRONTDESK_E2E_CLI;
const busLog = join(process.env.FRONTDESK_SESSION_DIR ?? "/nonexistent", "notifications.log");
const DATE = "2036-03-04";
const FIXED_CLOCK = `${DATE}T09:00:00-06:00`;

/** The morning as it happened: [appointment, time, status, flow step]. */
const MORNING = [
  [297, "07:30", "arrived", "in-room"], [297, "07:45", "fulfilled", "done"],
  [299, "08:00", "arrived", "in-room"], [299, "08:40", "fulfilled", "done"],
  [300, "08:00", "arrived", "in-room"], [300, "08:40", "fulfilled", "done"],
  [301, "08:00", "arrived", "in-room"], [301, "08:10", "fulfilled", "done"],
  [302, "08:10", "arrived", "in-room"], [302, "08:20", "fulfilled", "done"],
  [304, "08:30", "arrived", "in-room"], [304, "08:45", "fulfilled", "done"],
  [305, "08:40", "arrived", "in-room"],
  [306, "08:40", "arrived", "in-room"],
  [298, "07:55", "arrived", "waiting"], [298, "08:00", null, "in-room"],
  [303, "08:25", "arrived", "waiting"],
];

function patientNames() {
  const names = JSON.parse(readFileSync(new URL("./demo-patient-names.json", import.meta.url), "utf8"));
  return [...names, ...names.map((n) => n.split(" ").at(-1))];
}

/** Every Notify call seen on the session bus so far: its string arguments. */
function notifyCalls() {
  if (!existsSync(busLog)) return [];
  const calls = [];
  let current = null;
  for (const line of readFileSync(busLog, "utf8").split("\n")) {
    if (/^method call .*member=Notify$/.test(line)) {
      current = [];
      calls.push(current);
    } else if (/^(method|signal|method return|error) /.test(line)) {
      current = null;
    } else if (current) {
      const match = /^\s+string "(.*)"$/.exec(line);
      if (match) current.push(match[1]);
    }
  }
  return calls;
}

describe("getting a late day back on track", () => {
  const dataDir = freshDataDir("repair");
  const db = join(dataDir, "demo.db");
  let app;
  const day = () => {
    const out = JSON.parse(execFileSync(cli, ["day", "--db", db, "--date", DATE], { encoding: "utf8" }));
    return new Map(out.appointments.map((a) => [a.id, a]));
  };

  before(async () => {
    assert.ok(cli, "FRONTDESK_E2E_CLI is set by scripts/test-e2e.sh");
    execFileSync(cli, ["demo", "--db", db, "--date", DATE]);
    for (const [id, time, status, flow] of MORNING) {
      const args = ["--now", `${DATE}T${time}:00-06:00`, "status", "--db", db, "--appointment", String(id)];
      if (status) args.push("--status", status);
      if (flow) args.push("--flow-step", flow);
      execFileSync(cli, args);
    }
    app = await launchApp({ dataDir, fixedClock: FIXED_CLOCK });
    await (await byTestId(app, "open-demo")).click();
    await byTestId(app, "demo-badge");
  });

  after(async () => {
    await app?.deleteSession();
  });

  it("shows who is running behind, per column and in a banner", async () => {
    const banner = await byTestId(app, "behind-banner");
    assert.match(await banner.getText(), /Dr\. Ngozi Okafor: running 30 min behind/);
    const column = await app.$('[data-testid="day-column"][data-column-id="dr-okafor"] [data-testid="column-behind"]');
    assert.equal(await column.getText(), "+30 min");
    const haddad = await app.$('[data-testid="day-column"][data-column-id="dr-haddad"] [data-testid="column-behind"]');
    assert.equal(await haddad.isExisting(), false, "Dr Haddad is on time");
    await screenshot(app, "repair-banner");
  });

  it("proposes, and applying all but one unticked change moves exactly the rest and tells the radiographer", async () => {
    const before = day();
    const busBefore = notifyCalls().length;
    await (await byTestId(app, "back-on-track")).click();
    await byTestId(app, "repair-proposal");
    const lines = [];
    for (const line of await app.$$('[data-testid="repair-change"]')) lines.push(line);
    const ids = [];
    for (const line of lines) ids.push(await line.getAttribute("data-appointment-id"));
    assert.deepEqual(ids, ["303", "310"]);
    const xrayText = await lines[1].getText();
    const match = /09:20 → (\d\d:\d\d)/.exec(xrayText);
    assert.ok(match, `"${xrayText}" says where the x-ray consult goes`);
    await byTestId(app, "repair-timeline");
    await screenshot(app, "repair-proposal");

    await (await lines[0].$('[data-testid="repair-change-tick"]')).click();
    await (await byTestId(app, "repair-apply")).click();
    const applied = await byTestId(app, "repair-applied");
    assert.match(await applied.getText(), /Done: 1 moved/);

    const afterwards = day();
    const moved = afterwards.get("310");
    assert.equal(moved.start.slice(11, 16), match[1], "the x-ray consult moved as proposed");
    for (const [id, was] of before) {
      if (id === "310") continue;
      assert.deepEqual(afterwards.get(id), was, `visit ${id} is unchanged`);
    }

    let calls = [];
    const title = "Schedule changed · Marta Kowalski (radiographer)";
    await app.waitUntil(
      async () => {
        calls = notifyCalls().slice(busBefore);
        return calls.some((strings) => strings.includes(title));
      },
      { timeout: 30000, interval: 250, timeoutMsg: `no "${title}" notification reached the bus` },
    );
    const delivered = calls.find((strings) => strings.includes(title));
    assert.ok(delivered.includes(`radiographer 09:20 is now ${match[1]}`), JSON.stringify(delivered));
    for (const strings of calls) {
      for (const text of strings) {
        for (const name of patientNames()) assert.ok(!text.includes(name), `${name} in a notification: ${text}`);
      }
    }
    await (await byTestId(app, "repair-close")).click();
  });

  it("fits an urgent walk-in needing the x-ray suite in, naming who waits, and books it", async () => {
    await (await byTestId(app, "walk-in")).click();
    await byTestId(app, "walk-in-form");
    await (await byTestId(app, "walk-in-reason")).selectByAttribute("value", "injury");
    await (await byTestId(app, "walk-in-procedure-xray")).click();
    assert.equal(await (await byTestId(app, "walk-in-urgent")).isSelected(), true);
    await screenshot(app, "repair-walk-in-form");
    await (await byTestId(app, "walk-in-propose")).click();
    const plan = await byTestId(app, "walk-in-plan");
    assert.match(await plan.getText(), /X-ray suite/i);
    const waitTexts = [];
    for (const wait of await app.$$('[data-testid="repair-wait"]')) waitTexts.push(await wait.getText());
    assert.ok(waitTexts.length > 0, "the proposal says who waits");
    assert.ok(waitTexts.every((t) => /^.+ waits \d+ min \(starts \d\d:\d\d\)$/.test(t)), waitTexts.join(" | "));
    assert.ok(
      waitTexts.some((t) => patientNames().some((n) => t.startsWith(n))),
      `a patient who waits is named: ${waitTexts.join(" | ")}`,
    );
    await screenshot(app, "repair-walk-in-proposal");
    const before = day();
    await (await byTestId(app, "repair-apply")).click();
    const applied = await byTestId(app, "repair-applied");
    assert.match(await applied.getText(), /walk-in booked/);
    const added = [...day().values()].filter((a) => !before.has(a.id));
    assert.equal(added.length, 1, "one visit booked");
    assert.ok(added[0].resources.includes("xray-suite"), JSON.stringify(added[0]));
    assert.equal(added[0].status, "arrived");
    await screenshot(app, "repair-walk-in-applied");
  });
});
