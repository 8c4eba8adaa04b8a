import { centsOfMoney, moneyOfCents } from "./setup";
import { describe, expect, it } from "vitest";
import type { PracticeFile } from "./bindings";
import {
  clockToMinutes,
  copyWeek,
  notificationRules,
  notificationsEntry,
  parseRoles,
  placeOf,
  problemsAt,
  roleName,
  rolesForKind,
  servedRoles,
  slugify,
} from "./setup";

const file: PracticeFile = {
  format: "frontdesk-practice/1",
  practice: { name: "P", timezone: "UTC", grid_min: 5 },
  resources: [
    { id: "a", name: "A", kind: "provider", roles: ["physician"], hours: { mon: [["08:00", "12:00"]] } },
    { id: "b", name: "B", kind: "staff", roles: ["nurse"], hours: {}, active: false },
  ],
  visit_types: [],
  intake: { reasons: [], symptoms: [], procedures: [], emergency_advice: "" },
};

describe("setup helpers", () => {
  it("says where a problem is in words", () => {
    const withVisit: PracticeFile = {
      ...file,
      visit_types: [{ id: "f", name: "Follow-up", colour: "#000", duration_min: 20, needs: [] }],
    };
    expect(placeOf(withVisit, "resources[0].hours.mon[0]")).toBe("A · hours · mon 1");
    expect(placeOf(withVisit, "resources[5].id")).toBe("Resource 6 · id");
    expect(placeOf(withVisit, "visit_types[0].needs[1].role")).toBe("Visit type Follow-up · needs 2 · role");
    expect(placeOf(withVisit, "visit_types[0].duration_min")).toBe("Visit type Follow-up · duration");
    expect(placeOf(withVisit, "practice.grid_min")).toBe("Practice · grid");
    expect(placeOf(withVisit, "intake.reasons[0].visit_type")).toBe("intake · reasons 1 · visit type");
  });

  it("offers the usual roles of a kind first, then those in use", () => {
    const roles = [
      { id: "physician", name: "Physician", kind: "provider" },
      { id: "exam-room", name: "Exam room", kind: "room" },
    ];
    expect(rolesForKind(roles, "room", ["physician", "dietitian", ""])).toEqual(["exam-room", "physician", "dietitian"]);
    expect(rolesForKind(roles, "*")).toEqual(["physician", "exam-room"]);
    expect(roleName(roles, "exam-room")).toBe("Exam room");
    expect(roleName(roles, "lab-chair")).toBe("Lab chair");
  });

  it("finds the problems at or below a path", () => {
    const problems = [
      { path: "resources[2].hours.mon[0]", message: "x" },
      { path: "resources[20].id", message: "y" },
      { path: "resources[2]", message: "z" },
    ];
    expect(problemsAt(problems, "resources[2]").map((p) => p.message)).toEqual(["x", "z"]);
  });

  it("reads roles, slugs and clock times", () => {
    expect(parseRoles("physician, nurse ,, lab-chair")).toEqual(["physician", "nurse", "lab-chair"]);
    expect(slugify("Dr. Élodie Ngô")).toBe("dr-elodie-ngo");
    expect(clockToMinutes("08:30")).toBe(510);
    expect(clockToMinutes("24:00")).toBe(1440);
    expect(clockToMinutes("25:00")).toBeNull();
    expect(clockToMinutes("8:30")).toBeNull();
  });

  it("copies a week without sharing arrays", () => {
    const copied = copyWeek(file, "a", ["b"]);
    expect(copied.resources[1]?.hours.mon).toEqual([["08:00", "12:00"]]);
    expect(copied.resources[1]?.hours.mon).not.toBe(file.resources[0]?.hours.mon);
  });

  it("counts only active resources' roles as served", () => {
    expect([...servedRoles(file)]).toEqual(["physician"]);
  });
});

describe("notification rules in the practice file", () => {
  const bare = { notifications: undefined } as unknown as PracticeFile;

  it("reads the defaults from a file without the section and writes none back", () => {
    const rules = notificationRules(bare);
    expect(rules).toEqual({ paperworkAt: "16:00", alerts: true, gaps: true, patientInitials: false });
    expect(notificationsEntry(rules)).toBeUndefined();
  });

  it("writes only what differs, and no paperwork time means no reminder", () => {
    expect(notificationsEntry({ paperworkAt: "17:30", alerts: true, gaps: true, patientInitials: true })).toEqual({
      paperwork_at: "17:30",
      patient_initials: true,
    });
    const off = notificationsEntry({ paperworkAt: null, alerts: true, gaps: false, patientInitials: false });
    expect(off).toEqual({ gaps: false });
    expect(notificationRules({ notifications: off } as unknown as PracticeFile).paperworkAt).toBeNull();
  });
});

describe("fees as money", () => {
  it("shows cents as money and reads money back as cents", () => {
    expect(moneyOfCents(2500)).toBe("25.00");
    expect(moneyOfCents(undefined)).toBe("");
    expect(centsOfMoney("25")).toBe(2500);
    expect(centsOfMoney("$ 25.5")).toBe(2550);
    expect(centsOfMoney("12,75")).toBe(1275);
    expect(centsOfMoney("")).toBeUndefined();
    expect(centsOfMoney("twenty")).toBeNull();
    expect(centsOfMoney("1.234")).toBeNull();
  });
});
