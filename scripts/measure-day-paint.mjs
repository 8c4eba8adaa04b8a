// How long the Day page takes to show a day, in the real window: opens the
// app through tauri-driver (already listening on FRONTDESK_MEASURE_PORT),
// waits for its day, moves to the next day and back, and times the way back
// from the click to the first frame drawn after the appointments are in the
// page (fetch + layout + paint). The same steps work on any build of the
// Day page, so an old build can be measured the same way. It also reports
// the size of the day_view reply for that day, as the page receives it.
// Usage (from scripts/measure-app.sh): node scripts/measure-day-paint.mjs APP DATA_DIR RUNS
import { remote } from "webdriverio";

const [application, dataDir, runsText] = process.argv.slice(2);
const port = Number(process.env.FRONTDESK_MEASURE_PORT ?? 4444);
const runs = Number(runsText ?? 3);

async function once() {
  const app = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    capabilities: { "tauri:options": { application, args: ["--data-dir", dataDir] } },
  });
  try {
    await app.waitUntil(async () => (await app.$$('[data-testid="appointment"]')).length > 0, {
      timeout: 30000,
      timeoutMsg: "the day never showed its appointments",
    });
    const title = await (await app.$('[data-testid="day-title"]')).getText();
    // The size of what the page receives for that day.
    const date = await (await app.$("#day-date")).getValue();
    replyBytes = await app.executeAsync((day, done) => {
      window.__TAURI_INTERNALS__.invoke("day_view", { date: day }).then((view) => done(JSON.stringify(view).length));
    }, date);
    await (await app.$('button[aria-label="Next day"]')).click();
    await app.waitUntil(async () => (await (await app.$('[data-testid="day-title"]')).getText()) !== title, { timeout: 10000 });
    await app.waitUntil(async () => (await app.$$('[data-testid="appointment"]')).length === 0, { timeout: 10000 });
    // The way back, timed inside the page.
    return await app.executeAsync((done) => {
      const start = performance.now();
      const painted = () => requestAnimationFrame(() => setTimeout(() => done(Math.round(performance.now() - start))));
      const observer = new MutationObserver(() => {
        if (document.querySelector('[data-testid="appointment"]')) {
          observer.disconnect();
          painted();
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
      document.querySelector('button[aria-label="Previous day"]').click();
    });
  } finally {
    await app.deleteSession().catch(() => {});
  }
}

let replyBytes = 0;
const timings = [];
for (let i = 0; i < runs; i += 1) timings.push(await once());
console.log(JSON.stringify({ paint_ms: timings, reply_bytes: replyBytes }));
