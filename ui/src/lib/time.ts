// Pure helpers for placing things on the day grid. Minutes are wall-clock
// minutes after the practice's local midnight, computed in Rust.
import { FLOW_STEP_LABELS, STATUS_LABELS } from "./bindings";

/** 570 → "09:30". */
export function formatMinutes(minutes: number): string {
  const clamped = Math.max(0, Math.min(24 * 60, Math.round(minutes)));
  const h = Math.floor(clamped / 60);
  const m = clamped % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** The whole hours from start to end (exclusive of end when it is whole). */
export function hourMarks(startMin: number, endMin: number): number[] {
  const marks: number[] = [];
  for (let m = Math.ceil(startMin / 60) * 60; m < endMin; m += 60) marks.push(m);
  return marks;
}

/** Top offset and height in pixels for a span on a grid starting at `dayStart`. */
export function place(
  startMin: number,
  endMin: number,
  dayStart: number,
  pxPerMinute: number,
): { top: number; height: number } {
  return {
    top: (startMin - dayStart) * pxPerMinute,
    height: Math.max((endMin - startMin) * pxPerMinute, 12),
  };
}

/** Adds days to a YYYY-MM-DD date (calendar arithmetic, no time zones involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  if (y === undefined || m === undefined || d === undefined) return date;
  const shifted = new Date(Date.UTC(y, m - 1, d + days));
  return shifted.toISOString().slice(0, 10);
}

/** Long dates come from the one date formatter (the practice's locale). */
export { longDate } from "./dates";

/** Human label of a FHIR appointment status (the engine's words). */
export function statusLabel(status: string): string {
  return (STATUS_LABELS as Readonly<Record<string, string>>)[status] ?? status;
}

/** Human label of a flow step (the engine's words). */
export function flowStepLabel(step: string): string {
  return (FLOW_STEP_LABELS as Readonly<Record<string, string>>)[step] ?? step;
}
