// Two workstations on one PostgreSQL server, on the real app: each connects
// from the Start page (its password into its own keyring); a visit booked on
// one appears on the other's Day and Prep pages without a click; both take
// the last free time and one is told it was just taken; with the server
// stopped every window says so and a booking fails with nothing stored, and
// when it is back the windows recover by themselves. Runs inside
// pg_virtualenv (scripts/test-e2e.sh starts one); skipped without PGPORT.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { byTestId, freshDataDir, launchWorkstation, screenshot } from "./harness.mjs";

// Monday 3 March 2036, 07:00 in Chicago.
const FIXED_CLOCK = "2036-03-03T13:00:00Z";
const cli = process.env.FRONTDESK_E2E_CLI;
const port = process.env.PGPORT;
const database = `e2e_shared_${process.pid}`;
const KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

function runCli(args) {
  return execFileSync(cli, args, { env: { ...process.env, FRONTDESK_DB_KEY: KEY } }).toString();
}

function appointmentCount(url) {
  return JSON.parse(runCli(["check", "--db", url])).counts.appointments;
}

/** The throwaway cluster pg_virtualenv made: `pg_ctlcluster VERSION NAME ACTION`. */
function cluster(action) {
  const line = execFileSync("pg_lsclusters", ["-h"]).toString().split("\n").find((l) => l.includes(` ${port} `));
  assert.ok(line, `no cluster on port ${port}`);
  const [version, name] = line.trim().split(/\s+/);
  execFileSync("pg_ctlcluster", [version, name, action, ...(action === "stop" ? ["-m", "fast"] : [])]);
}

async function connect(app, practiceName) {
  await (await byTestId(app, "show-server-form")).click();
  await (await app.$('[name="server-host"]')).setValue("localhost");
  await (await app.$('[name="server-port"]')).setValue(port);
  await (await app.$('[name="server-database"]')).setValue(database);
  await (await app.$('[name="server-user"]')).setValue("postgres");
  await (await app.$('[name="server-password"]')).setValue(process.env.PGPASSWORD);
  await (await byTestId(app, "server-test")).click();
  const ok = await byTestId(app, "server-ok");
  assert.match(await ok.getText(), new RegExp(practiceName));
  await (await byTestId(app, "server-connect")).click();
  await byTestId(app, "server-name");
}

async function appointmentLabels(app) {
  const labels = [];
  for (const block of await app.$$('[data-testid="appointment"]')) labels.push(await block.getAttribute("aria-label"));
  return labels;
}

/** Book for `typed` with `reason` up to the confirmation: the first
 * suggestion, or the one starting at `start` with `resources`. Returns the
 * suggestion's start and resources. */
async function prepareBooking(app, typed, reason, ticks = [], { start, resources } = {}) {
  // A fresh Book page: from the Day page, as a receptionist starts a call.
  await (await byTestId(app, "nav-day")).click();
  await (await byTestId(app, "nav-book")).click();
  await byTestId(app, "intake-reason");
  const chosen = await app.$('[data-testid="chosen-patient"]');
  if (await chosen.isExisting()) await (await chosen.$("button=Change")).click();
  await screenshot(app, `shared-book-${typed.replace(/\W/g, "")}`);
  const search = await byTestId(app, "patient-search-input", 10000);
  await search.setValue(typed);
  await app.waitUntil(async () => (await app.$$('[role="option"]')).length > 0, { timeout: 10000 });
  await (await app.$('[role="option"]')).click();
  await byTestId(app, "chosen-patient");
  await (await byTestId(app, "intake-reason")).selectByAttribute("value", reason);
  for (const tick of ticks) await (await byTestId(app, tick)).click();
  await app.waitUntil(async () => (await app.$$('[data-testid="suggestion"]')).length > 0, { timeout: 10000 });
  const wanted = start
    ? `[data-testid="suggestion"][data-start="${start}"][data-resources="${resources}"]`
    : '[data-testid="suggestion"]';
  const offered = await app.$(wanted);
  assert.ok(await offered.isExisting(), `no suggestion ${wanted}`);
  const picked = { start: await offered.getAttribute("data-start"), resources: await offered.getAttribute("data-resources") };
  await offered.click();
  await byTestId(app, "confirm-book");
  return picked;
}

describe("two workstations on one clinic database", { skip: !port && "needs PostgreSQL (pg_virtualenv)" }, () => {
  let reception;
  let nurses;
  let url;

  before(async () => {
    const files = freshDataDir("shared-files");
    const demo = join(files, "demo.db");
    runCli(["--now", FIXED_CLOCK, "demo", "--db", demo, "--date", "2036-03-03"]);
    execFileSync("createdb", [database]);
    url = `postgres://postgres@localhost:${port}/${database}`;
    runCli(["copy", "--from", demo, "--to", url]);
    reception = await launchWorkstation({ dataDir: freshDataDir("reception"), fixedClock: FIXED_CLOCK });
    nurses = await launchWorkstation({ dataDir: freshDataDir("nurses"), fixedClock: FIXED_CLOCK });
    await connect(reception.browser, "Riverside Family Practice");
    await connect(nurses.browser, "Riverside Family Practice");
  });

  after(async () => {
    await reception?.stop();
    await nurses?.stop();
  });

  it("shows a visit booked at reception on the nurse station's Day and Prep pages without a click", async () => {
    const desk = reception.browser;
    const station = nurses.browser;
    await byTestId(station, "appointment");
    const before = (await appointmentLabels(station)).length;
    const { start } = await prepareBooking(desk, "amara ab", "follow-up");
    assert.equal(start.slice(0, 10), "2036-03-03", "the first time is today");
    await (await byTestId(desk, "confirm-book")).click();
    await byTestId(desk, "booked");
    await station.waitUntil(async () => (await appointmentLabels(station)).length === before + 1, {
      timeout: 5000,
      timeoutMsg: "the nurse station's day never showed the new visit",
    });
    assert.ok((await appointmentLabels(station)).some((l) => l.includes("Amara Abernathy")));
    await screenshot(station, "shared-nurse-day");

    await (await byTestId(station, "nav-prep")).click();
    await byTestId(station, "prep-page");
    const visits = async () => (await station.$$('[data-testid="prep-appointment"]')).length;
    const prepBefore = await visits();
    const second = await prepareBooking(desk, "bastian", "injury", ["procedure-xray", "procedure-blood-draw"]);
    assert.equal(second.start.slice(0, 10), "2036-03-03");
    await (await byTestId(desk, "confirm-book")).click();
    await byTestId(desk, "booked");
    await station.waitUntil(async () => (await visits()) === prepBefore + 1, {
      timeout: 5000,
      timeoutMsg: "the nurse station's prep list never showed the new visit",
    });
    await screenshot(station, "shared-nurse-prep");
  });

  it("gives the last free time to one workstation and tells the other it was just taken", async () => {
    const desk = reception.browser;
    const station = nurses.browser;
    // Two callers for the same follow-up time: the nurse station takes the
    // very time (and people) reception took.
    const mine = await prepareBooking(desk, "celeste", "follow-up");
    await prepareBooking(station, "dorian bl", "follow-up", [], mine);
    await (await byTestId(desk, "confirm-book")).click();
    await byTestId(desk, "booked");
    await (await byTestId(station, "confirm-book")).click();
    const notice = await byTestId(station, "slot-taken");
    assert.equal(await notice.getText(), "That time was just taken. Here are fresh times.");
    await station.waitUntil(
      async () => (await (await station.$('[data-testid="suggestion"]')).getAttribute("data-start")) !== mine.start,
      { timeout: 10000, timeoutMsg: "no fresh times" },
    );
  });

  it("says when the server is away, saves nothing then, and recovers by itself", async () => {
    const desk = reception.browser;
    await prepareBooking(desk, "amara ab", "follow-up");
    const stored = appointmentCount(url);
    cluster("stop");
    try {
      const banner = await byTestId(desk, "connection-banner", 15000);
      assert.match(await banner.getText(), /Not connected to the clinic database — changes can't be saved/);
      await (await byTestId(desk, "confirm-book")).click();
      const failed = await byTestId(desk, "book-error");
      assert.match(await failed.getText(), /cannot reach the clinic's database server/);
      await screenshot(desk, "shared-server-away");
    } finally {
      cluster("start");
    }
    await desk.waitUntil(async () => !(await (await desk.$('[data-testid="connection-banner"]')).isExisting()), {
      timeout: 20000,
      timeoutMsg: "the banner stayed after the server came back",
    });
    assert.equal(appointmentCount(url), stored, "nothing was stored while the server was away");
    await (await byTestId(desk, "nav-day")).click();
    await byTestId(desk, "appointment");
  });
});
