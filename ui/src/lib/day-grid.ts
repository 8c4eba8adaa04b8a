// Pure helpers for the Day page's grid: which blocks go in which column, and
// which part of the grid is worth rendering (the visible columns and hours
// and a margin around them), so a day of hundreds of visits costs what the
// screen shows rather than what the day holds.
import type { DayView, DayVisitView } from "./bindings";

/** One part of a visit in one column. */
export interface Block {
  visit: DayVisitView;
  start: number;
  end: number;
  /** Unique in the column. */
  key: string;
}

/** Each column's blocks in start order, from one pass over the day. */
export function blocksByColumn(view: Pick<DayView, "appointments">): Map<string, Block[]> {
  const columns = new Map<string, Block[]>();
  for (const visit of view.appointments) {
    visit.blocks.forEach((block, index) => {
      let list = columns.get(block.resource_id);
      if (list === undefined) {
        list = [];
        columns.set(block.resource_id, list);
      }
      list.push({ visit, start: block.start_min, end: block.end_min, key: `${visit.id}-${index}` });
    });
  }
  for (const list of columns.values()) list.sort((a, b) => a.start - b.start || a.end - b.end);
  return columns;
}

/** The first and last index to render: those visible and `margin` more on
 * each side, inside `[0, count)`; null when nothing is visible. */
export function renderRange(visible: Iterable<number>, margin: number, count: number): [number, number] | null {
  let first = Infinity;
  let last = -Infinity;
  for (const index of visible) {
    if (index < 0 || index >= count) continue;
    first = Math.min(first, index);
    last = Math.max(last, index);
  }
  if (first > last) return null;
  return [Math.max(0, first - margin), Math.min(count - 1, last + margin)];
}

/** The blocks that overlap `[fromMin, toMin)`. */
export function blocksBetween(blocks: readonly Block[], fromMin: number, toMin: number): Block[] {
  return blocks.filter((b) => b.start < toMin && Math.max(b.end, b.start + 1) > fromMin);
}

/** Statuses drawn struck through: the visit no longer holds its time. */
export const INACTIVE_STATUSES: readonly string[] = ["cancelled", "noshow", "entered-in-error"];

/** How a visit looks on the grid: a shape and a word besides the colour, so
 * every status reads without colour (the class draws the border pattern). */
export function statusLook(visit: Pick<DayVisitView, "status" | "flow_step">): { icon: string; className: string } {
  if (visit.status === "cancelled" || visit.status === "entered-in-error") return { icon: "⊘", className: "look-cancelled" };
  if (visit.status === "noshow") return { icon: "✗", className: "look-noshow" };
  if (visit.status === "fulfilled" || visit.flow_step === "done") return { icon: "✓", className: "look-done" };
  if (visit.flow_step === "in-room" || visit.flow_step === "with-provider") return { icon: "▣", className: "look-in-room" };
  if (visit.status === "checked-in") return { icon: "☑", className: "look-checked-in" };
  if (visit.status === "arrived" || visit.flow_step === "waiting") return { icon: "➜", className: "look-arrived" };
  return { icon: "", className: "look-booked" };
}

/** A named set of columns, saved on this workstation ("Morning team"). */
export interface ColumnSet {
  name: string;
  ids: string[];
}

/** The saved column sets, read defensively from what the workstation stored. */
export function readColumnSets(stored: string | null): ColumnSet[] {
  if (!stored) return [];
  try {
    const parsed: unknown = JSON.parse(stored);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (s): s is ColumnSet =>
        typeof s === "object" && s !== null && typeof s.name === "string" && Array.isArray(s.ids) && s.ids.every((id: unknown) => typeof id === "string"),
    );
  } catch {
    return [];
  }
}

/** Saves `set`, replacing one of the same name. */
export function withColumnSet(sets: readonly ColumnSet[], set: ColumnSet): ColumnSet[] {
  return [...sets.filter((s) => s.name !== set.name), set].sort((a, b) => a.name.localeCompare(b.name));
}

/** Whether a column matches a typed filter (name or role, any word). */
export function columnMatches(column: { name: string; roles: string[] }, typed: string): boolean {
  const words = typed.toLowerCase().split(/\s+/).filter(Boolean);
  const text = `${column.name} ${column.roles.join(" ")}`.toLowerCase();
  return words.every((w) => text.includes(w));
}
