// Pure helpers for the Prep page: filtering checklists by role and kind,
// grouping visits by time and room, and progress labels.
import type { PrepAppointmentView, PrepItemView } from "./bindings";
import { formatMinutes } from "./time";

export type KindFilter = "" | "form" | "supply" | "alert";

export interface PrepFilter {
  /** "" for every role; "(none)" for items without a role. */
  role: string;
  kind: KindFilter;
}

export const NO_ROLE = "(none)";

export const KIND_LABELS: Record<string, string> = {
  form: "Form",
  supply: "Supplies",
  alert: "Alert",
};

function keeps(item: PrepItemView, filter: PrepFilter): boolean {
  if (filter.kind !== "" && item.kind !== filter.kind) return false;
  if (filter.role === "") return true;
  if (filter.role === NO_ROLE) return item.role === undefined;
  return item.role === filter.role;
}

/** The visits with the items the filter keeps (visits left with none are dropped). */
export function filterVisits(visits: PrepAppointmentView[], filter: PrepFilter): PrepAppointmentView[] {
  return visits
    .map((visit) => {
      const items = visit.items.filter((item) => keeps(item, filter));
      return { ...visit, items, done: items.filter((i) => i.done).length, total: items.length };
    })
    .filter((visit) => visit.items.length > 0);
}

export interface RoomGroup {
  room: string;
  visits: PrepAppointmentView[];
}

export interface TimeGroup {
  startMin: number;
  label: string;
  rooms: RoomGroup[];
}

/** Visits grouped by start time, then by room (rooms in name order, "No room" last). */
export function groupByTimeAndRoom(visits: PrepAppointmentView[]): TimeGroup[] {
  const byTime = new Map<number, PrepAppointmentView[]>();
  for (const visit of visits) {
    const list = byTime.get(visit.start_min) ?? [];
    list.push(visit);
    byTime.set(visit.start_min, list);
  }
  return [...byTime.entries()]
    .sort(([a], [b]) => a - b)
    .map(([startMin, list]) => {
      const byRoom = new Map<string, PrepAppointmentView[]>();
      for (const visit of list) {
        const room = visit.room ?? "No room";
        byRoom.set(room, [...(byRoom.get(room) ?? []), visit]);
      }
      const rooms = [...byRoom.entries()]
        .sort(([a], [b]) => (a === "No room" ? 1 : b === "No room" ? -1 : a.localeCompare(b, "en", { numeric: true })))
        .map(([room, roomVisits]) => ({ room, visits: roomVisits }));
      return { startMin, label: formatMinutes(startMin), rooms };
    });
}

/** Items done and in all over some visits. */
export function progress(visits: PrepAppointmentView[]): { done: number; total: number } {
  return visits.reduce((sum, v) => ({ done: sum.done + v.done, total: sum.total + v.total }), { done: 0, total: 0 });
}

/** "12 of 48 done". */
export function progressLabel(done: number, total: number): string {
  return `${done} of ${total} done`;
}

/** The HH:MM of a `YYYY-MM-DDTHH:MM:SS±HH:MM` time. */
export function clockOf(time: string | undefined): string {
  return time ? time.slice(11, 16) : "";
}
