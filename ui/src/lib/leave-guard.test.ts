import { describe, expect, it } from "vitest";
import { leaveWarning, setLeaveGuard } from "./leave-guard";

describe("the leave guard", () => {
  it("asks the page that registered, and stops asking once it is gone", () => {
    let dirty = true;
    const stop = setLeaveGuard(() => (dirty ? "Setup has unsaved changes." : null));
    expect(leaveWarning()).toBe("Setup has unsaved changes.");
    dirty = false;
    expect(leaveWarning()).toBeNull();
    dirty = true;
    stop();
    expect(leaveWarning()).toBeNull();
  });
});
