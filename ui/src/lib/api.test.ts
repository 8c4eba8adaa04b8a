import { afterEach, describe, expect, it } from "vitest";
import { api, ApiError, setTransport, toErrorPayload } from "./api";

describe("api error normalisation", () => {
  afterEach(() => setTransport(async () => undefined));

  it("keeps the code, message and field of a coded error", async () => {
    setTransport(async () => {
      throw { code: "Invalid", message: "date: not a date", field: "date" };
    });
    const error = await api.dayView("2026-02-30").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(toErrorPayload(error)).toEqual({ code: "Invalid", message: "date: not a date", field: "date" });
  });

  it("turns a bare string or exception into an Internal error", () => {
    expect(toErrorPayload("boom")).toEqual({ code: "Internal", message: "boom" });
    expect(toErrorPayload(new Error("x")).code).toBe("Internal");
    expect(toErrorPayload(42).code).toBe("Internal");
  });

  it("passes the command name and arguments through", async () => {
    const seen: unknown[] = [];
    setTransport(async (command, args) => {
      seen.push(command, args);
      return { date: "2026-11-28" };
    });
    await api.dayView("2026-11-28");
    expect(seen).toEqual(["day_view", { date: "2026-11-28" }]);
  });
});
