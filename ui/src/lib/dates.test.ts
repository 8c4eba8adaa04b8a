import { afterEach, describe, expect, it } from "vitest";
import { longDate, mediumDate, parseTypedDate, setDateLocale, slotLabel, typedDate, typedDatePattern } from "./dates";

describe("dates in the practice's locale", () => {
  afterEach(() => setDateLocale("en-US"));

  it("writes one date the same way everywhere for a US practice", () => {
    setDateLocale("en-US");
    expect(longDate("2036-03-03")).toBe("Monday, March 3, 2036");
    expect(mediumDate("1988-03-14")).toBe("Mar 14, 1988");
    expect(slotLabel("2036-03-12T15:30:00-05:00")).toBe("Wed, Mar 12 · 15:30");
    expect(typedDate("1988-03-14")).toBe("03/14/1988");
    expect(typedDatePattern()).toBe("MM/DD/YYYY");
  });

  it("follows a UK practice's order", () => {
    setDateLocale("en-GB");
    expect(longDate("2036-03-03")).toMatch(/^Monday,? 3 March 2036$/);
    expect(mediumDate("1988-03-14")).toBe("14 Mar 1988");
    expect(typedDatePattern()).toBe("DD/MM/YYYY");
    expect(parseTypedDate("14/03/1988")).toBe("1988-03-14");
    expect(parseTypedDate("03/14/1988")).toBeNull();
  });

  it("reads typed dates of birth in the practice's order, or ISO, and refuses the rest", () => {
    setDateLocale("en-US");
    expect(parseTypedDate("03/14/1988")).toBe("1988-03-14");
    expect(parseTypedDate("3/4/1988")).toBe("1988-03-04");
    expect(parseTypedDate("1988-03-14")).toBe("1988-03-14");
    expect(parseTypedDate("02/30/1988")).toBeNull();
    expect(parseTypedDate("03/14/88")).toBeNull();
    expect(parseTypedDate("yesterday")).toBeNull();
  });
});
