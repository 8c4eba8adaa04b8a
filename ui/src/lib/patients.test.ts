import { describe, expect, it } from "vitest";
import {
  ageOn,
  emptyForm,
  fieldMessage,
  formatBirthDate,
  formFromPatient,
  fullName,
  inputFromForm,
  languageOptions,
  latestOnly,
  listName,
  moveActive,
} from "./patients";

describe("patient formatting", () => {
  it("shows birth dates unambiguously", () => {
    expect(formatBirthDate("1961-04-02")).toBe("Apr 2, 1961");
    expect(formatBirthDate("2000-12-31")).toBe("Dec 31, 2000");
    expect(formatBirthDate("1961-13-02")).toBe("1961-13-02");
    expect(formatBirthDate("soon")).toBe("soon");
  });

  it("counts whole years of age", () => {
    expect(ageOn("1961-04-12", "2026-04-11")).toBe(64);
    expect(ageOn("1961-04-12", "2026-04-12")).toBe(65);
    expect(ageOn("2026-03-09", "2026-03-09")).toBe(0);
    expect(ageOn("2027-01-01", "2026-03-09")).toBeNull();
    expect(ageOn("x", "2026-03-09")).toBeNull();
  });

  it("writes names for lists and for headings", () => {
    const p = { family_name: "Abernathy", given_name: "Amara" };
    expect(listName(p)).toBe("Abernathy, Amara");
    expect(fullName(p)).toBe("Amara Abernathy");
  });
});

describe("keyboard movement through results", () => {
  it("moves down and up within the list", () => {
    expect(moveActive(-1, 3, "ArrowDown")).toBe(0);
    expect(moveActive(0, 3, "ArrowDown")).toBe(1);
    expect(moveActive(2, 3, "ArrowDown")).toBe(2);
    expect(moveActive(2, 3, "ArrowUp")).toBe(1);
    expect(moveActive(0, 3, "ArrowUp")).toBe(0);
    expect(moveActive(-1, 3, "ArrowUp")).toBe(0);
  });

  it("jumps to the ends and by pages", () => {
    expect(moveActive(1, 20, "Home")).toBe(0);
    expect(moveActive(1, 20, "End")).toBe(19);
    expect(moveActive(1, 20, "PageDown")).toBe(6);
    expect(moveActive(17, 20, "PageDown")).toBe(19);
    expect(moveActive(3, 20, "PageUp")).toBe(0);
  });

  it("ignores other keys and empty lists", () => {
    expect(moveActive(0, 3, "a")).toBeNull();
    expect(moveActive(-1, 0, "ArrowDown")).toBeNull();
  });
});

describe("the patient form", () => {
  it("leaves blank optional fields out", () => {
    const form = { ...emptyForm(), family_name: "Abernathy", given_name: "Amara", birth_date: " 1961-04-12 ", phone: "  " };
    expect(inputFromForm(form)).toEqual({
      family_name: "Abernathy",
      given_name: "Amara",
      birth_date: "1961-04-12",
      language: "en",
      contact_channel: "phone",
      reminder_consent: true,
      record: {},
    });
  });

  it("reads a date of birth typed in the practice's order and shows it back that way", () => {
    const form = { ...emptyForm(), family_name: "Ng", given_name: "Li", birth_date: "03/14/1988" };
    expect(inputFromForm(form).birth_date).toBe("1988-03-14");
    expect(inputFromForm({ ...form, birth_date: "14/03/1988" }).birth_date).toBe("14/03/1988");
  });

  it("round-trips a stored patient", () => {
    const view = {
      id: 4,
      family_name: "Abernathy",
      given_name: "Amara",
      birth_date: "1961-04-12",
      phone: "(312) 555-0101",
      language: "es",
      contact_channel: "phone" as const,
      reminder_consent: false,
      record: { sex: "female" as const, insurance_payer: "Blue Cross", insurance_member_id: "XJ-1" },
      marks: { late_cancellations: 0, no_shows: 0 },
    };
    const form = formFromPatient(view);
    expect(form.email).toBe("");
    expect(form.birth_date).toBe("04/12/1961");
    expect(form.record.insurance_payer).toBe("Blue Cross");
    const { id: _id, marks: _marks, ...input } = view;
    expect(inputFromForm(form)).toEqual(input);
  });

  it("shows a field error as a sentence", () => {
    expect(fieldMessage({ field: "birth_date", message: "birth_date: the birth date is in the future" })).toBe(
      "The birth date is in the future.",
    );
    expect(fieldMessage({ message: "storage error: disk full" })).toBe("Storage error: disk full.");
  });

  it("keeps an unusual language among the options", () => {
    expect(languageOptions("en").some((l) => l.code === "en")).toBe(true);
    expect(languageOptions("pt-BR").at(-1)).toEqual({ code: "pt-BR", name: "pt-BR" });
  });
});

describe("overlapping searches", () => {
  it("only the newest answer counts", () => {
    const guard = latestOnly();
    const first = guard.begin();
    const second = guard.begin();
    expect(first()).toBe(false);
    expect(second()).toBe(true);
  });
});
