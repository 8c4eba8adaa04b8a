import { describe, expect, it } from "vitest";
import { CANCEL_REASONS, localInputToRfc3339 } from "./billing";
import { moneyOfCents } from "./setup";

describe("billing helpers", () => {
  it("writes cents as money with two decimals", () => {
    expect(moneyOfCents(2500)).toBe("25.00");
    expect(moneyOfCents(4005)).toBe("40.05");
    expect(moneyOfCents(7)).toBe("0.07");
  });

  it("reads a datetime-local value on the practice's offset", () => {
    expect(localInputToRfc3339("2026-03-09T07:40", "-05:00")).toBe("2026-03-09T07:40:00-05:00");
    expect(localInputToRfc3339("2026-03-09T07:40:30", "-05:00")).toBe("2026-03-09T07:40:30-05:00");
  });

  it("ends the reasons with Other, which asks for words", () => {
    expect(CANCEL_REASONS.at(-1)).toBe("Other");
  });
});
