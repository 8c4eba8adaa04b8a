import { describe, expect, it } from "vitest";
import type { PrepAppointmentView, PrepItemView } from "./bindings";
import { clockOf, filterVisits, groupByTimeAndRoom, NO_ROLE, progress, progressLabel } from "./prep";

function item(id: number, kind: string, role?: string, done = false): PrepItemView {
  const base: PrepItemView = { id, kind, label: `item ${id}`, done, overdue: false, source: "visit" };
  return role === undefined ? base : { ...base, role };
}

function visit(id: number, startMin: number, room: string | undefined, items: PrepItemView[]): PrepAppointmentView {
  const base: PrepAppointmentView = {
    id,
    start: "2026-03-09T09:00:00-05:00",
    start_min: startMin,
    end_min: startMin + 20,
    patient_name: "Test Patient",
    visit_type_name: "Visit",
    colour: "#000",
    status: "booked",
    staff: [],
    items,
    done: items.filter((i) => i.done).length,
    total: items.length,
  };
  return room === undefined ? base : { ...base, room, room_id: room };
}

describe("the Prep page's helpers", () => {
  const visits = [
    visit(1, 570, "Exam room 3", [item(1, "form"), item(2, "alert", "phlebotomist", true)]),
    visit(2, 540, "Lab chair", [item(3, "supply", "phlebotomist")]),
    visit(3, 570, "Exam room 10", [item(4, "form", undefined, true)]),
    visit(4, 570, undefined, [item(5, "supply", "nurse")]),
  ];

  it("filters by role and kind and recounts progress", () => {
    const phleb = filterVisits(visits, { role: "phlebotomist", kind: "" });
    expect(phleb.map((v) => v.id)).toEqual([1, 2]);
    expect(phleb[0]?.total).toBe(1);
    expect(phleb[0]?.done).toBe(1);
    expect(filterVisits(visits, { role: "", kind: "form" }).map((v) => v.id)).toEqual([1, 3]);
    expect(filterVisits(visits, { role: NO_ROLE, kind: "" }).map((v) => v.id)).toEqual([1, 3]);
  });

  it("groups by time, then room (natural order, no room last)", () => {
    const groups = groupByTimeAndRoom(visits);
    expect(groups.map((g) => g.label)).toEqual(["09:00", "09:30"]);
    expect(groups[1]?.rooms.map((r) => r.room)).toEqual(["Exam room 3", "Exam room 10", "No room"]);
  });

  it("adds up progress and says it plainly", () => {
    expect(progress(visits)).toEqual({ done: 2, total: 5 });
    expect(progressLabel(2, 5)).toBe("2 of 5 done");
    expect(clockOf("2026-03-09T08:30:00-05:00")).toBe("08:30");
    expect(clockOf(undefined)).toBe("");
  });
});
