import { describe, expect, it } from "vitest";
import type { AppointmentsChanged } from "./bindings";
import { LiveDate, touches, type Subscribe } from "./live-date.svelte";

/** A change feed the test drives by hand. */
function feed() {
  const listeners = new Set<(change: AppointmentsChanged) => void>();
  const subscribe: Subscribe = (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  return { subscribe, send: (dates: string[]) => listeners.forEach((l) => l({ dates })), listeners };
}

/** Lets the effects run (they are scheduled, not synchronous). */
const settle = () => new Promise((r) => setTimeout(r, 0));

/** Answers each load by hand, in any order. */
function loader() {
  const pending: { date: string; resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  const load = (date: string) =>
    new Promise<string>((resolve, reject) => {
      pending.push({ date, resolve, reject });
    });
  return { load, pending };
}

async function live(options: { start?: string; today?: string } = {}) {
  const changes = feed();
  const loads = loader();
  const loaded: string[] = [];
  let page!: LiveDate<string>;
  const stop = $effect.root(() => {
    page = new LiveDate<string>({
      start: options.start ?? "2026-03-09",
      today: () => options.today ?? "2026-03-09",
      load: loads.load,
      loaded: (v) => loaded.push(v),
      subscribe: changes.subscribe,
    });
  });
  await settle();
  return { page, changes, loads, loaded, stop };
}

describe("a live date view", () => {
  it("loads its start date, then each date it moves to", async () => {
    const { page, loads, loaded, stop } = await live();
    expect(loads.pending.map((p) => p.date)).toEqual(["2026-03-09"]);
    loads.pending[0]?.resolve("monday");
    await settle();
    expect(page.view).toBe("monday");
    expect(loaded).toEqual(["monday"]);

    page.shift(1);
    await settle();
    page.shift(-2);
    await settle();
    page.goToday();
    await settle();
    expect(loads.pending.map((p) => p.date)).toEqual(["2026-03-09", "2026-03-10", "2026-03-08", "2026-03-09"]);
    expect(page.isToday).toBe(true);
    stop();
  });

  it("drops an answer for a date it has left, and its error", async () => {
    const { page, loads, stop } = await live();
    page.shift(1);
    await settle();
    loads.pending[1]?.resolve("tuesday");
    loads.pending[0]?.reject({ code: "Storage", message: "late failure" });
    loads.pending[0]?.resolve("monday");
    await settle();
    expect(page.view).toBe("tuesday");
    expect(page.error).toBeNull();
    stop();
  });

  it("shows a failure as a message and clears it on the next good answer", async () => {
    const { page, loads, stop } = await live();
    loads.pending[0]?.reject({ code: "NotFound", message: "no practice" });
    await settle();
    expect(page.error).toBe("no practice");
    page.refresh();
    await settle();
    loads.pending[1]?.resolve("monday");
    await settle();
    expect(page.error).toBeNull();
    expect(page.view).toBe("monday");
    stop();
  });

  it("refetches when its date changes elsewhere, and stops listening when it goes", async () => {
    const { page, changes, loads, stop } = await live();
    changes.send(["2026-03-10"]);
    await settle();
    expect(loads.pending).toHaveLength(1);
    changes.send(["2026-03-09", "2026-03-10"]);
    await settle();
    expect(loads.pending).toHaveLength(2);
    changes.send([]);
    await settle();
    expect(loads.pending).toHaveLength(3);
    expect(page.version).toBe(2);
    stop();
    expect(changes.listeners.size).toBe(0);
  });

  it("knows which notices touch a date", () => {
    expect(touches({ dates: [] }, "2026-03-09")).toBe(true);
    expect(touches({ dates: ["2026-03-09"] }, "2026-03-09")).toBe(true);
    expect(touches({ dates: ["2026-03-10"] }, "2026-03-09")).toBe(false);
  });
});
