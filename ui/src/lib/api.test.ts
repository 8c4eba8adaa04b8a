import { afterEach, describe, expect, it } from "vitest";
import { api, ApiError, asApiError, errorMessage, setTransport, toErrorPayload } from "./api";

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

describe("patient calls", () => {
  afterEach(() => setTransport(async () => undefined));

  it("keep the ids of a possible duplicate", async () => {
    setTransport(async () => {
      throw { code: "PossibleDuplicate", message: "a patient with the same name and birth date is already registered", existing: [4, 9] };
    });
    const error = await api
      .createPatient({
        family_name: "Abernathy",
        given_name: "Amara",
        birth_date: "1961-04-12",
        language: "en",
        contact_channel: "card",
        reminder_consent: false,
        record: {},
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("PossibleDuplicate");
    expect((error as ApiError).existing).toEqual([4, 9]);
    expect(toErrorPayload(error).existing).toEqual([4, 9]);
  });

  it("send the argument names the Rust commands expect", async () => {
    const seen: unknown[] = [];
    setTransport(async (command, args) => {
      seen.push([command, args]);
      return { patients: [], more: false };
    });
    const patient = {
      family_name: "A",
      given_name: "B",
      birth_date: "2000-01-01",
      language: "en",
      contact_channel: "card" as const,
      reminder_consent: true,
      record: {},
    };
    await api.searchPatients("aber 1961");
    await api.searchPatients("aber", 5);
    await api.getPatient(3);
    await api.createPatient(patient);
    await api.createPatient(patient, true);
    await api.updatePatient(3, patient);
    expect(seen).toEqual([
      ["search_patients", { query: "aber 1961" }],
      ["search_patients", { query: "aber", limit: 5 }],
      ["get_patient", { id: 3 }],
      ["create_patient", { patient, allowDuplicate: false }],
      ["create_patient", { patient, allowDuplicate: true }],
      ["update_patient", { id: 3, patient }],
    ]);
  });
});

describe("error messages", () => {
  it("shows a coded error's message, or the page's wording for its code", () => {
    const taken = new ApiError({ code: "SlotTaken", message: "resource dr-okafor is taken" });
    expect(errorMessage(taken)).toBe("resource dr-okafor is taken");
    expect(errorMessage(taken, { SlotTaken: "That time was just taken." })).toBe("That time was just taken.");
    expect(errorMessage(new ApiError({ code: "Invalid", message: "bad" }), { SlotTaken: "x" })).toBe("bad");
  });

  it("turns anything else thrown into a message", () => {
    expect(errorMessage("boom")).toBe("boom");
    expect(errorMessage(new Error("broken"))).toBe("broken");
    expect(errorMessage({ code: "NotFound", message: "no such visit" })).toBe("no such visit");
    expect(errorMessage(undefined)).toBe("Something went wrong.");
  });

  it("keeps an ApiError as it is", () => {
    const error = new ApiError({ code: "Invalid", message: "bad", field: "date" });
    expect(asApiError(error)).toBe(error);
    expect(asApiError("boom")).toMatchObject({ code: "Internal", message: "boom" });
  });
});
