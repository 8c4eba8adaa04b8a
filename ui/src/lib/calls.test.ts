import { describe, expect, it } from "vitest";
import type { CallEntry } from "./bindings";
import { callOrder, languageLabel, outcomeLabel } from "./calls";

function call(id: number, start: string, outcome: string | null): CallEntry {
  return {
    reminder_id: id,
    appointment_id: id * 10,
    patient_name: `Patient ${id}`,
    phone: "(312) 555-0101",
    language: "en",
    visit_start: start,
    confirmed: outcome === "confirmed",
    outcome,
    note: null,
  };
}

describe("the call list", () => {
  it("puts calls still to make first, by visit time; no answer stays open", () => {
    const { open, done } = callOrder([
      call(1, "2026-03-04T10:00:00-06:00", "confirmed"),
      call(2, "2026-03-04T11:00:00-06:00", null),
      call(3, "2026-03-04T09:00:00-06:00", "no-answer"),
      call(4, "2026-03-04T08:00:00-06:00", "left-message"),
    ]);
    expect(open.map((c) => c.reminder_id)).toEqual([3, 2]);
    expect(done.map((c) => c.reminder_id)).toEqual([4, 1]);
  });

  it("names outcomes and languages for people", () => {
    expect(outcomeLabel("wants-change")).toBe("Wants to change");
    expect(outcomeLabel(null)).toBe("");
    expect(languageLabel("es")).toBe("Spanish (español)");
    expect(languageLabel("en")).toBe("English");
  });
});
