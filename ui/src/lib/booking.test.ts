import { describe, expect, it } from "vitest";
import { clockTime, normaliseClock, sameRequest, slotLabel, toggle, visitSteps } from "./booking";

describe("booking helpers", () => {
  it("labels a slot by the practice's wall clock, whatever the offset", () => {
    expect(slotLabel("2026-03-09T10:30:00-05:00")).toBe("Mon, Mar 9 · 10:30");
    expect(slotLabel("2026-03-08T09:00:00-06:00")).toBe("Sun, Mar 8 · 09:00");
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

  it("lists a visit's parts in order of time, those at the same times together", () => {
    const part = (need: number, role: string, name: string, start: string, end: string) => ({
      need_index: need,
      role,
      resource_id: name.toLowerCase(),
      resource_name: name,
      start: `2026-03-09T${start}:00-05:00`,
      end: `2026-03-09T${end}:00-05:00`,
    });
    const steps = visitSteps([
      part(2, "physician", "Dr Osei", "09:20", "09:40"),
      part(3, "exam-room", "Room 2", "09:20", "09:40"),
      part(0, "radiographer", "Sam Lee", "09:05", "09:20"),
      part(1, "xray-suite", "X-ray suite", "09:05", "09:20"),
      part(4, "phlebotomist", "Ana", "09:40", "09:50"),
    ]);
    expect(steps.map((s) => `${s.start} ${s.names.join(" + ")}`)).toEqual([
      "09:05 Sam Lee + X-ray suite",
      "09:20 Dr Osei + Room 2",
      "09:40 Ana",
    ]);
  });

  it("reads typed clock times", () => {
    expect(normaliseClock("15:30")).toBe("15:30");
    expect(normaliseClock("9:05")).toBe("09:05");
    expect(normaliseClock("1530")).toBe("15:30");
    expect(normaliseClock("3pm")).toBeNull();
    expect(normaliseClock("25:00")).toBeNull();
  });
});
