// The one place dates are written and read back, in the practice's locale
// (`OpenDatabase.locale`, set once when a database opens): long dates on
// page titles, short ones in lists, a date and time for a slot, dates of
// birth shown with the month's name (never ambiguous) and typed the way the
// practice writes them (03/14/1988 in the US, 14/03/1988 in the UK). Dates
// travel as YYYY-MM-DD and are formatted as calendar dates (in UTC, so no
// time zone can move them a day).

let locale = "en-US";

/** Sets the practice's locale (an unknown tag falls back to en-US). */
export function setDateLocale(tag: string): void {
  try {
    locale = Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0 ? tag : "en-US";
  } catch {
    locale = "en-US";
  }
}

/** The locale in use. */
export function dateLocale(): string {
  return locale;
}

function calendarDate(iso: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return null;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  const real = date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
  return real ? date : null;
}

function format(iso: string, options: Intl.DateTimeFormatOptions): string {
  const date = calendarDate(iso);
  return date ? new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" }).format(date) : iso;
}

/** "Monday, March 3, 2036" (en-US) / "Monday 3 March 2036" (en-GB). */
export function longDate(iso: string): string {
  return format(iso, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
}

/** "Mar 14, 1988" / "14 Mar 1988": a date of birth, never ambiguous. */
export function mediumDate(iso: string): string {
  return format(iso, { day: "numeric", month: "short", year: "numeric" });
}

/** "Wed, Mar 12" / "Wed 12 Mar": a day in a list of times. */
export function shortDay(iso: string): string {
  return format(iso, { weekday: "short", day: "numeric", month: "short" });
}

/** "2036-03-12T15:30:00-05:00" → "Wed, Mar 12 · 15:30" (the practice's wall clock, as written). */
export function slotLabel(rfc3339: string): string {
  const time = /T(\d{2}:\d{2})/.exec(rfc3339)?.[1];
  return time && calendarDate(rfc3339) ? `${shortDay(rfc3339)} · ${time}` : rfc3339;
}

/** The order and separator the practice types numeric dates in. */
function numericShape(): { order: ("day" | "month" | "year")[]; separator: string } {
  const parts = new Intl.DateTimeFormat(locale, { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" }).formatToParts(
    new Date(Date.UTC(2001, 10, 22)),
  );
  const order = parts.filter((p) => p.type === "day" || p.type === "month" || p.type === "year").map((p) => p.type as "day" | "month" | "year");
  const separator = parts.find((p) => p.type === "literal")?.value ?? "/";
  return { order, separator };
}

/** "MM/DD/YYYY" / "DD/MM/YYYY": what to type. */
export function typedDatePattern(): string {
  const { order, separator } = numericShape();
  const word = { day: "DD", month: "MM", year: "YYYY" };
  return order.map((part) => word[part]).join(separator);
}

/** "1988-03-14" → "03/14/1988" (how the practice types it). */
export function typedDate(iso: string): string {
  return calendarDate(iso) ? format(iso, { day: "2-digit", month: "2-digit", year: "numeric" }) : iso;
}

/** What was typed ("3/14/1988", "14.03.1988", or "1988-03-14") as
 * YYYY-MM-DD; null when it is not a real date in the practice's order. */
export function parseTypedDate(text: string): string | null {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return calendarDate(trimmed) ? trimmed : null;
  const numbers = trimmed.split(/[/.\-\s]+/);
  if (numbers.length !== 3 || numbers.some((n) => !/^\d{1,4}$/.test(n))) return null;
  const { order } = numericShape();
  const value: Record<string, number> = {};
  order.forEach((part, i) => (value[part] = Number(numbers[i])));
  const yearText = numbers[order.indexOf("year")] ?? "";
  if (yearText.length !== 4) return null;
  const iso = `${String(value.year).padStart(4, "0")}-${String(value.month).padStart(2, "0")}-${String(value.day).padStart(2, "0")}`;
  return calendarDate(iso) ? iso : null;
}
