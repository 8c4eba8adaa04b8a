// Launching the real Frontdesk app through tauri-driver (started by
// scripts/test-e2e.sh) and small helpers for reading its window.
import { remote } from "webdriverio";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const application = process.env.FRONTDESK_E2E_APP;
const driverPort = Number(process.env.FRONTDESK_E2E_PORT ?? 4444);
const artifacts = process.env.FRONTDESK_E2E_ARTIFACTS ?? tmpdir();

/** A fresh, empty data folder for one app run. */
export function freshDataDir(name) {
  return mkdtempSync(join(tmpdir(), `frontdesk-e2e-${name}-`));
}

/** Starts the app on `dataDir`, with a fixed clock (an RFC 3339 instant). */
export async function launchApp({ dataDir, fixedClock }) {
  if (!application) throw new Error("FRONTDESK_E2E_APP is not set: run `npm run test:e2e`");
  const args = ["--data-dir", dataDir];
  if (fixedClock) args.push("--fixed-clock", fixedClock);
  const browser = await remote({
    hostname: "127.0.0.1",
    port: driverPort,
    logLevel: "warn",
    capabilities: { "tauri:options": { application, args } },
  });
  await browser.waitUntil(async () => (await browser.execute(() => document.readyState)) === "complete", {
    timeout: 20000,
    timeoutMsg: "the window never finished loading",
  });
  return browser;
}

/** Saves a PNG of the window into tests/e2e/artifacts/. */
export async function screenshot(browser, name) {
  // Without GPU compositing (no GPU here: src-tauri/src/webview.rs), WebKit's
  // driver answers a screenshot after the page's next paint, and an idle page
  // has none: keep it repainting (invisibly) for a moment.
  await browser.execute(() => {
    let n = 0;
    const root = document.documentElement;
    const timer = setInterval(() => {
      root.style.outline = n % 2 === 0 ? "1px solid transparent" : "";
      n += 1;
      if (n >= 40) clearInterval(timer);
    }, 50);
  });
  const path = join(artifacts, `${name}.png`);
  writeFileSync(path, Buffer.from(await browser.takeScreenshot(), "base64"));
  return path;
}

/** Waits for a `data-testid` element and returns it. */
export async function byTestId(browser, id, timeout = 20000) {
  const element = await browser.$(`[data-testid="${id}"]`);
  await element.waitForExist({ timeout });
  return element;
}

/** Moves the Day page to a date (YYYY-MM-DD) through its date field. */
export async function gotoDayDate(browser, date) {
  const input = await byTestId(browser, "day-date");
  await browser.execute(
    (element, value) => {
      element.value = value;
      element.dispatchEvent(new Event("input", { bubbles: true }));
    },
    input,
    date,
  );
}

/** Every file under `dir` with its bytes. */
export function allFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...allFiles(path));
    else out.push({ path, bytes: readFileSync(path) });
  }
  return out;
}

/** The app's (and driver's) combined output so far. */
export function driverLog() {
  const path = process.env.FRONTDESK_E2E_DRIVER_LOG;
  return path ? readFileSync(path) : Buffer.alloc(0);
}

/** Starts the app through a tauri-driver of its own, with extra environment
 * (e.g. no keyring) for this one run. Returns the browser and a stop(). */
/** A TCP port nobody listens on right now. */
async function freePort() {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function launchAppWithEnvironment({ dataDir, fixedClock, env }) {
  return launchOwnDriver({ dataDir, fixedClock, command: ["tauri-driver"], env: { ...process.env, ...env } });
}

/** Starts `command --port P --native-port N` (a tauri-driver, possibly
 * wrapped), waits for it, and opens the app through it. */
async function launchOwnDriver({ dataDir, fixedClock, command, env, detached = false }) {
  const { spawn } = await import("node:child_process");
  const port = await freePort();
  const nativePort = await freePort();
  const [program, ...wrapper] = command;
  const driver = spawn(program, [...wrapper, "--port", String(port), "--native-port", String(nativePort)], {
    env,
    stdio: "ignore",
    detached,
  });
  const deadline = Date.now() + 20000;
  for (;;) {
    try {
      await fetch(`http://127.0.0.1:${port}/status`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${command.join(" ")} did not start`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const args = ["--data-dir", dataDir];
  if (fixedClock) args.push("--fixed-clock", fixedClock);
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    capabilities: { "tauri:options": { application, args } },
  });
  await browser.waitUntil(async () => (await browser.execute(() => document.readyState)) === "complete", {
    timeout: 20000,
    timeoutMsg: "the window never finished loading",
  });
  return {
    browser,
    stop: async () => {
      await browser.deleteSession().catch(() => {});
      try {
        // The whole group: a wrapper's children (the session, the driver) too.
        if (detached) process.kill(-driver.pid, "SIGTERM");
        else driver.kill();
      } catch {
        // already gone
      }
    },
  };
}

/** Starts the app as a separate workstation: its own tauri-driver inside a
 * session of its own (scripts/with-session.sh: its own D-Bus bus and
 * keyring, the same display), without the test server's PG* variables, so
 * its server password can only come from its own keyring. Returns the
 * browser and a stop(). */
export async function launchWorkstation({ dataDir, fixedClock }) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith("PG") || name === "FRONTDESK_SESSION_DIR" || name.startsWith("DBUS_")) delete env[name];
  }
  return launchOwnDriver({
    dataDir,
    fixedClock,
    command: ["bash", "scripts/with-session.sh", "tauri-driver"],
    env,
    detached: true,
  });
}

/** Counts a task's keys and clicks for docs/time-on-task.md: act through
 * it, and `entry` holds the counts (a select opened and chosen is two
 * clicks; typed text is listed apart). */
export function taskCounter(entry = { keys: 0, clicks: 0, typed: [] }) {
  return {
    entry,
    async keys(app, chord) {
      await app.keys(chord);
      entry.keys += 1;
    },
    async type(element, text) {
      await element.setValue(text);
      entry.typed.push(text);
    },
    async click(element) {
      await element.click();
      entry.clicks += 1;
    },
    choose() {
      entry.clicks += 2;
    },
  };
}
