// Money and the cancellation dialog's small helpers (pure, unit-tested).

/** The reasons offered when cancelling ("Other" asks for words). */
export const CANCEL_REASONS = ["Feeling better", "Cannot make it (work, travel)", "Transport", "Booked elsewhere", "Illness", "Other"];

/** Cents as money: 2500 → "25.00". */
export function feeText(cents: number): string {
  const whole = Math.floor(cents / 100);
  return `${whole}.${String(cents % 100).padStart(2, "0")}`;
}

/**
 * A `datetime-local` value ("2026-03-09T07:40") read on the practice's wall
 * clock with the offset it has that day ("-05:00"), as RFC 3339.
 */
export function localInputToRfc3339(value: string, offset: string): string {
  const seconds = value.length === 16 ? ":00" : "";
  return `${value}${seconds}${offset}`;
}
