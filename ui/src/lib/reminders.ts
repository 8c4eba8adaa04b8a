// Setup → Reminders: the rules' defaults (the same as the core's) and the
// lead-time lists as people type them ("72, 24").
import type { RemindersEntry } from "./bindings";

export function defaultReminders(): RemindersEntry {
  return {
    email_hours: [72, 24],
    call_hours: [24],
    letter_hours: [168],
    quiet_hours: ["21:00", "08:00"],
    show_provider: true,
    language: "en",
  };
}

/** "72, 24" → [72, 24]; anything that is not a whole number is dropped. */
export function parseHours(text: string): number[] {
  return text
    .split(/[\s,;]+/)
    .filter((part) => /^\d+$/.test(part))
    .map(Number);
}

export function formatHours(hours: number[]): string {
  return hours.join(", ");
}
