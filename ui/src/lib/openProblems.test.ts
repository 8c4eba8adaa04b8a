import { describe, expect, it } from "vitest";
import { openProblemAdvice } from "./openProblems";

describe("open problem advice", () => {
  it("says what to do for each refusal code", () => {
    for (const code of ["DatabaseDamaged", "DatabaseIsFolder", "DatabasePermissionDenied", "DatabaseReadOnly", "WrongKey"]) {
      const advice = openProblemAdvice(code);
      expect(advice?.title).toBeTruthy();
      expect(advice?.steps.some((s) => s.includes("choose another database"))).toBe(true);
    }
    expect(openProblemAdvice("DatabaseDamaged")?.steps.join(" ")).toMatch(/backup/);
  });

  it("has nothing to add for other codes", () => {
    expect(openProblemAdvice("Invalid")).toBeNull();
    expect(openProblemAdvice(undefined)).toBeNull();
  });
});
