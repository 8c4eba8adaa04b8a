// Pure helpers for the Book page.
import type { AnswersInput, AssignedView, PreferencesInput } from "./bindings";

/** Slot labels come from the one date formatter (the practice's locale). */
export { slotLabel } from "./dates";

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

/** One step of a visit: the parts that share a start and end, with who and where. */
export interface VisitStep {
  /** "09:05" */
  start: string;
  end: string;
  /** Resource names, in need order ("Sam Lee", "X-ray suite"). */
  names: string[];
  roles: string[];
}

/** A visit's parts in order of time, those at the same times together:
 * x-ray 09:05 X-ray suite → doctor 09:20 Room 2 → blood draw 09:40 Lab chair. */
export function visitSteps(parts: AssignedView[]): VisitStep[] {
  const steps: VisitStep[] = [];
  const ordered = [...parts].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.need_index - b.need_index));
  for (const part of ordered) {
    const start = clockTime(part.start);
    const end = clockTime(part.end);
    const step = steps.find((s) => s.start === start && s.end === end);
    if (step) {
      step.names.push(part.resource_name);
      step.roles.push(part.role);
    } else {
      steps.push({ start, end, names: [part.resource_name], roles: [part.role] });
    }
  }
  return steps;
}

/** Whether a typed time looks complete enough to check ("15:30", "9:05"). */
export function normaliseClock(text: string): string | null {
  const match = /^\s*(\d{1,2})[:.h]?(\d{2})\s*$/.exec(text);
  if (!match) return null;
  const [, h, m] = match;
  if (Number(h) > 24 || Number(m) > 59) return null;
  return `${String(Number(h)).padStart(2, "0")}:${m}`;
}
