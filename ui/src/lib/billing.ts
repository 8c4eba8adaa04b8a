// The cancellation dialog's small helpers (pure, unit-tested); money is
// written by setup.ts's moneyOfCents.

/** The reasons offered when cancelling ("Other" asks for words). */
export const CANCEL_REASONS = ["Feeling better", "Cannot make it (work, travel)", "Transport", "Booked elsewhere", "Illness", "Other"];

/**
 * A `datetime-local` value ("2026-03-09T07:40") read on the practice's wall
 * clock with the offset it has that day ("-05:00"), as RFC 3339.
 */
export function localInputToRfc3339(value: string, offset: string): string {
  const seconds = value.length === 16 ? ":00" : "";
  return `${value}${seconds}${offset}`;
}
