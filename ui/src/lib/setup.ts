// Pure helpers for the Setup pages: editing the practice file draft.
import { NOTIFICATION_DEFAULTS, type PracticeFile, type ProblemView, type RoleTemplate, type WeekHours } from "./bindings";

export const DAYS: { key: keyof WeekHours; label: string }[] = [
  { key: "mon", label: "Mon" },
  { key: "tue", label: "Tue" },
  { key: "wed", label: "Wed" },
  { key: "thu", label: "Thu" },
  { key: "fri", label: "Fri" },
  { key: "sat", label: "Sat" },
  { key: "sun", label: "Sun" },
];

/** The kinds of resource, as the file spells them and as people read them. */
export const RESOURCE_KINDS: { value: string; label: string }[] = [
  { value: "provider", label: "Provider" },
  { value: "staff", label: "Staff" },
  { value: "room", label: "Room" },
  { value: "equipment", label: "Equipment" },
];

/** Problems whose path is `path` or lies below it (`resources[2]` covers `resources[2].hours.mon[0]`). */
export function problemsAt(problems: ProblemView[], path: string): ProblemView[] {
  return problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`) || p.path.startsWith(`${path}[`));
}

/** "physician, nurse ,, lab-chair" → ["physician", "nurse", "lab-chair"]. */
export function parseRoles(text: string): string[] {
  return text
    .split(",")
    .map((r) => r.trim())
    .filter((r) => r.length > 0);
}

/** A readable slug from a name: "Dr. Ada Lovelace" → "dr-ada-lovelace". */
export function slugify(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** "08:30" → 510; anything else → null. */
export function clockToMinutes(text: string): number | null {
  const match = /^(\d\d):(\d\d)$/.exec(text);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[2]) < 60 && minutes <= 1440 ? minutes : null;
}

/** Copies one resource's weekly hours onto others (exceptions stay their own). */
export function copyWeek(file: PracticeFile, fromId: string, toIds: string[]): PracticeFile {
  const source = file.resources.find((r) => r.id === fromId);
  if (!source) return file;
  return {
    ...file,
    resources: file.resources.map((r) =>
      // A JSON copy: the draft may be a reactive proxy, which structuredClone refuses.
      toIds.includes(r.id) && r.id !== fromId ? { ...r, hours: JSON.parse(JSON.stringify(source.hours)) as WeekHours } : r,
    ),
  };
}

/** Roles that active resources in the draft can serve. */
export function servedRoles(file: PracticeFile): Set<string> {
  return new Set(file.resources.filter((r) => r.active !== false).flatMap((r) => r.roles));
}

/** The practice's notification rules with every default filled in. */
export interface NotificationRules {
  /** "HH:MM" the day before, or null for no paperwork reminder. */
  paperworkAt: string | null;
  alerts: boolean;
  gaps: boolean;
  patientInitials: boolean;
}

/** The engine's defaults (generated from Rust: there is one source). */
export const DEFAULT_NOTIFICATION_RULES: NotificationRules = {
  paperworkAt: NOTIFICATION_DEFAULTS.paperwork_at,
  alerts: NOTIFICATION_DEFAULTS.alerts,
  gaps: NOTIFICATION_DEFAULTS.gaps,
  patientInitials: NOTIFICATION_DEFAULTS.patient_initials,
};

/** The draft's rules (a file without a `notifications` section has the
 * defaults; a field left out of a section takes its default, except
 * `paperwork_at`, whose absence turns the reminder off). */
export function notificationRules(file: PracticeFile): NotificationRules {
  const entry = file.notifications;
  if (entry === undefined) return { ...DEFAULT_NOTIFICATION_RULES };
  const d = DEFAULT_NOTIFICATION_RULES;
  return {
    paperworkAt: entry.paperwork_at ?? null,
    alerts: entry.alerts ?? d.alerts,
    gaps: entry.gaps ?? d.gaps,
    patientInitials: entry.patient_initials ?? d.patientInitials,
  };
}

/** The file's `notifications` section for these rules: left out when they
 * are the defaults, and each field left out at its default, as Rust writes it. */
export function notificationsEntry(rules: NotificationRules): PracticeFile["notifications"] {
  const d = DEFAULT_NOTIFICATION_RULES;
  if (
    rules.paperworkAt === d.paperworkAt &&
    rules.alerts === d.alerts &&
    rules.gaps === d.gaps &&
    rules.patientInitials === d.patientInitials
  ) {
    return undefined;
  }
  const entry: NonNullable<PracticeFile["notifications"]> = {};
  if (rules.paperworkAt !== null) entry.paperwork_at = rules.paperworkAt;
  if (rules.alerts !== d.alerts) entry.alerts = rules.alerts;
  if (rules.gaps !== d.gaps) entry.gaps = rules.gaps;
  if (rules.patientInitials !== d.patientInitials) entry.patient_initials = rules.patientInitials;
  return entry;
}

/** 2500 → "25.00": a fee in cents as the money it is. */
export function moneyOfCents(cents: number | undefined): string {
  return cents === undefined ? "" : (cents / 100).toFixed(2);
}

/** "25", "25.5", "25.00" → cents; "" → undefined; anything else → null. */
export function centsOfMoney(text: string): number | undefined | null {
  const trimmed = text.trim().replace(/^[$€£]\s*/, "");
  if (trimmed === "") return undefined;
  if (!/^\d{1,7}([.,]\d{1,2})?$/.test(trimmed)) return null;
  return Math.round(Number(trimmed.replace(",", ".")) * 100);
}

/** Every IANA time zone this system knows, for a searchable list. */
export function timeZoneNames(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.("timeZone") ?? [];
}

/** Locales a practice may write its dates in. */
export const PRACTICE_LOCALES: { tag: string; name: string }[] = [
  { tag: "en-US", name: "English (United States): 03/14/1988" },
  { tag: "en-GB", name: "English (United Kingdom): 14/03/1988" },
  { tag: "en-CA", name: "English (Canada)" },
  { tag: "en-AU", name: "English (Australia)" },
  { tag: "fr-FR", name: "Français (France)" },
  { tag: "de-DE", name: "Deutsch (Deutschland)" },
  { tag: "es-ES", name: "Español (España)" },
  { tag: "es-MX", name: "Español (México)" },
];

/** The roles to offer a resource of `kind` (`*`: every kind): the
 * practice's usual ones for that kind first (ids), then any other role
 * already in use. */
export function rolesForKind(templates: RoleTemplate[], kind: string, used: string[] = []): string[] {
  const usual = templates.filter((r) => kind === "*" || r.kind === kind).map((r) => r.id);
  const others = used.filter((r) => r.trim() !== "" && !usual.includes(r));
  return [...new Set([...usual, ...others])];
}

/** A role's name for people: the template's ("Exam room"), else the id in words. */
export function roleName(templates: RoleTemplate[], role: string): string {
  const named = templates.find((r) => r.id === role)?.name;
  if (named) return named;
  const words = role.replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Where a problem's path points, in words: `resources[2].hours.mon[0]` →
 * "Dr. Ada Whitfield · hours · mon 1", `visit_types[0].needs[1].role` →
 * "Visit type Follow-up · needs 2 · role". */
export function placeOf(file: PracticeFile, path: string): string {
  const match = /^(resources|visit_types|closures|coverage)\[(\d+)\]\.?(.*)$/.exec(path);
  let head: string;
  let rest: string;
  if (match) {
    const index = Number(match[2]);
    rest = match[3] ?? "";
    if (match[1] === "resources") head = file.resources[index]?.name || `Resource ${index + 1}`;
    else if (match[1] === "visit_types") head = `Visit type ${file.visit_types[index]?.name || index + 1}`;
    else if (match[1] === "closures") head = `Closure ${file.closures?.[index]?.name || index + 1}`;
    else head = `Minimum staff ${index + 1}`;
  } else if (path.startsWith("practice.")) {
    head = "Practice";
    rest = path.slice("practice.".length);
  } else {
    head = "";
    rest = path;
  }
  const words = rest
    .replace(/\[(\d+)\]/g, (_, n: string) => ` ${Number(n) + 1}`)
    .split(".")
    .filter((part) => part !== "")
    .map((part) => part.replace(/_min$/, "").replace(/_/g, " "));
  return [head, ...words].filter((part) => part !== "").join(" · ");
}
