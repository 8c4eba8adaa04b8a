import { describe, expect, it } from "vitest";
import type { DayVisitView } from "./bindings";
import { blocksBetween, blocksByColumn, columnMatches, readColumnSets, renderRange, statusLook, withColumnSet } from "./day-grid";

function visit(id: number, blocks: [string, number, number][]): DayVisitView {
  return {
    id,
    patient_name: `Patient ${id}`,
    visit_type: 0,
    status: "booked",
    flow_step: "none",
    late: false,
    no_show_due: false,
    confirmed: false,
    blocks: blocks.map(([resource_id, start_min, end_min]) => ({ resource_id, start_min, end_min })),
  };
}

describe("the day grid", () => {
  it("puts each block in its resource's column, in start order, once", () => {
    const columns = blocksByColumn({
      appointments: [
        visit(1, [["dr-a", 600, 630], ["room-1", 600, 630]]),
        visit(2, [["dr-a", 540, 570], ["dr-a", 580, 590]]),
      ],
    });
    expect(columns.get("dr-a")?.map((b) => [b.key, b.start])).toEqual([
      ["2-0", 540],
      ["2-1", 580],
      ["1-0", 600],
    ]);
    expect(columns.get("room-1")?.map((b) => b.visit.id)).toEqual([1]);
    expect(columns.has("room-2")).toBe(false);
  });

  it("renders the visible indexes and a margin, inside the bounds", () => {
    expect(renderRange([3, 4, 5], 2, 28)).toEqual([1, 7]);
    expect(renderRange(new Set([0, 1]), 2, 28)).toEqual([0, 3]);
    expect(renderRange([26, 27], 1, 28)).toEqual([25, 27]);
    expect(renderRange([], 2, 28)).toBeNull();
    expect(renderRange([30], 2, 28)).toBeNull();
  });

  it("keeps the blocks that overlap a window of minutes", () => {
    const blocks = blocksByColumn({
      appointments: [visit(1, [["r", 480, 510]]), visit(2, [["r", 600, 660]]), visit(3, [["r", 720, 720]])],
    }).get("r") ?? [];
    expect(blocksBetween(blocks, 500, 600).map((b) => b.visit.id)).toEqual([1]);
    expect(blocksBetween(blocks, 510, 600)).toEqual([]);
    expect(blocksBetween(blocks, 659, 721).map((b) => b.visit.id)).toEqual([2, 3]);
  });

  it("gives every status its own shape and class, not only a colour", () => {
    const looks = [
      statusLook({ status: "booked", flow_step: "none" }),
      statusLook({ status: "arrived", flow_step: "waiting" }),
      statusLook({ status: "checked-in", flow_step: "none" }),
      statusLook({ status: "arrived", flow_step: "in-room" }),
      statusLook({ status: "fulfilled", flow_step: "done" }),
      statusLook({ status: "noshow", flow_step: "none" }),
      statusLook({ status: "cancelled", flow_step: "none" }),
    ];
    expect(new Set(looks.map((l) => l.className)).size).toBe(7);
    expect(new Set(looks.map((l) => l.icon)).size).toBe(7);
  });

  it("keeps column sets per name and reads only well-formed ones", () => {
    const sets = withColumnSet(readColumnSets('[{"name":"Imaging","ids":["rad"]},{"bad":1}]'), { name: "Morning", ids: ["a", "b"] });
    expect(sets.map((s) => s.name)).toEqual(["Imaging", "Morning"]);
    expect(withColumnSet(sets, { name: "Imaging", ids: ["x"] }).find((s) => s.name === "Imaging")?.ids).toEqual(["x"]);
    expect(readColumnSets("not json")).toEqual([]);
    expect(columnMatches({ name: "Dr. Erik Lindgren", roles: ["physician"] }, "lind phys")).toBe(true);
    expect(columnMatches({ name: "Exam room 1", roles: ["exam-room"] }, "lind")).toBe(false);
  });
});
