import { describe, expect, it } from "vitest";
import { clockTime, sameRequest, slotLabel, toggle } from "./booking";

describe("booking helpers", () => {
  it("labels a slot by the practice's wall clock, whatever the offset", () => {
    expect(slotLabel("2026-03-09T10:30:00-05:00")).toBe("Mon 9 Mar · 10:30");
    expect(slotLabel("2026-03-08T09:00:00-06:00")).toBe("Sun 8 Mar · 09:00");
    expect(slotLabel("garbage")).toBe("garbage");
    expect(clockTime("2026-11-30T14:05:00+00:00")).toBe("14:05");
  });

  it("toggles choices", () => {
    expect(toggle(["a"], "b")).toEqual(["a", "b"]);
    expect(toggle(["a", "b"], "a")).toEqual(["b"]);
  });

  it("compares requests by value", () => {
    const a = { answers: { reason: "x", new_patient: false, symptoms: [], procedures: [] }, preferences: { provider_ids: [], weekdays: [] } };
    expect(sameRequest(a, structuredClone(a))).toBe(true);
    expect(sameRequest(a, { ...a, answers: { ...a.answers, reason: "y" } })).toBe(false);
  });
});
