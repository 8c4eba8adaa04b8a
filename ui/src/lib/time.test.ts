import { describe, expect, it } from "vitest";
import { addDays, formatMinutes, hourMarks, longDate, place } from "./time";

describe("day grid helpers", () => {
  it("formats minutes after midnight as a 24-hour clock", () => {
    expect(formatMinutes(570)).toBe("09:30");
    expect(formatMinutes(0)).toBe("00:00");
    expect(formatMinutes(1440)).toBe("24:00");
  });

  it("marks whole hours inside the day", () => {
    expect(hourMarks(450, 1080)).toEqual([480, 540, 600, 660, 720, 780, 840, 900, 960, 1020]);
  });

  it("places a span relative to the start of the day", () => {
    expect(place(540, 560, 480, 2)).toEqual({ top: 120, height: 40 });
    expect(place(540, 541, 480, 2).height).toBe(12);
  });

  it("moves across month, year and daylight-saving boundaries by calendar days", () => {
    expect(addDays("2026-03-07", 1)).toBe("2026-03-08");
    expect(addDays("2026-03-08", 1)).toBe("2026-03-09");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("writes a date out in full", () => {
    expect(longDate("2026-11-28")).toBe("Saturday, November 28, 2026");
  });
});
