import { describe, expect, it } from "vitest";
import { defaultReminders, formatHours, parseHours } from "./reminders";

describe("reminder rules in Setup", () => {
  it("reads lead times as people type them", () => {
    expect(parseHours("72, 24")).toEqual([72, 24]);
    expect(parseHours(" 168;48  x 2.5 ")).toEqual([168, 48]);
    expect(parseHours("")).toEqual([]);
    expect(formatHours([72, 24])).toBe("72, 24");
  });

  it("starts from the core's defaults", () => {
    const rules = defaultReminders();
    expect(rules.quiet_hours).toEqual(["21:00", "08:00"]);
    expect(rules.email_hours).toEqual([72, 24]);
  });
});
