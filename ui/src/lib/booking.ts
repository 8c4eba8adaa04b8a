// Pure helpers for the Book page.
import type { AnswersInput, PreferencesInput } from "./bindings";

const WEEKDAY_SHORT = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTH_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-03-09T10:30:00-05:00" → "Mon 9 Mar · 10:30" (the practice's wall clock, as written). */
export function slotLabel(rfc3339: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(rfc3339);
  if (!match) return rfc3339;
  const [, y, m, d, hh, mm] = match;
  const day = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return `${WEEKDAY_SHORT[day.getUTCDay()]} ${day.getUTCDate()} ${MONTH_SHORT[day.getUTCMonth()]} · ${hh}:${mm}`;
}

/** The wall-clock time of an RFC 3339 string: "10:30". */
export function clockTime(rfc3339: string): string {
  return rfc3339.slice(11, 16);
}

/** Whether two answer sets would give the same estimate request. */
export function sameRequest(
  a: { answers: AnswersInput; preferences: PreferencesInput },
  b: { answers: AnswersInput; preferences: PreferencesInput },
): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Toggles `id` in a list, keeping the order of first choice. */
export function toggle(list: string[], id: string): string[] {
  return list.includes(id) ? list.filter((x) => x !== id) : [...list, id];
}

export const WEEKDAY_CHOICES = [
  { id: "mon", label: "Mon" },
  { id: "tue", label: "Tue" },
  { id: "wed", label: "Wed" },
  { id: "thu", label: "Thu" },
  { id: "fri", label: "Fri" },
  { id: "sat", label: "Sat" },
];
