// Pure helpers for the patient search and form: formatting, moving through a
// result list by keyboard, turning a form into what the core expects, and
// keeping only the newest answer when searches overlap.
import type { ErrorPayload, PatientInput, PatientSummary, PatientView } from "./bindings";
import { mediumDate, parseTypedDate, typedDate } from "./dates";

/** "1961-04-02" → "Apr 2, 1961" (en-US): a date of birth with the month's
 * name, in the practice's locale; anything else comes back as it was. */
export function formatBirthDate(date: string): string {
  return mediumDate(date);
}

/** Whole years from `birthDate` to `today` (both YYYY-MM-DD), or null. */
export function ageOn(birthDate: string, today: string): number | null {
  const parse = (text: string) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
  };
  const born = parse(birthDate);
  const now = parse(today);
  if (!born || !now) return null;
  const [by = 0, bm = 0, bd = 0] = born;
  const [ny = 0, nm = 0, nd = 0] = now;
  let age = ny - by;
  if (nm < bm || (nm === bm && nd < bd)) age -= 1;
  return age >= 0 ? age : null;
}

/** "Abernathy, Amara": how result lists (sorted by family name) show a patient. */
export function listName(p: Pick<PatientSummary, "family_name" | "given_name">): string {
  return `${p.family_name}, ${p.given_name}`;
}

/** "Amara Abernathy": how headings and confirmations show a patient. */
export function fullName(p: Pick<PatientSummary, "family_name" | "given_name">): string {
  return `${p.given_name} ${p.family_name}`;
}

/**
 * The option a key moves to in a list of `count` options (-1 = none active).
 * Returns null for keys that do not move.
 */
export function moveActive(active: number, count: number, key: string): number | null {
  if (count === 0) return null;
  switch (key) {
    case "ArrowDown":
      return active < 0 ? 0 : Math.min(active + 1, count - 1);
    case "ArrowUp":
      return active <= 0 ? 0 : active - 1;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    case "PageDown":
      return Math.min(Math.max(active, 0) + 5, count - 1);
    case "PageUp":
      return Math.max(active - 5, 0);
    default:
      return null;
  }
}

/** The patient form's state: every field a string or flag, as inputs hold them. */
export type PatientForm = {
  family_name: string;
  given_name: string;
  birth_date: string;
  phone: string;
  email: string;
  language: string;
  contact_channel: "phone" | "email" | "card";
  reminder_consent: boolean;
  notes: string;
  record: RecordForm;
};

/** The rest of the record, as the form's inputs hold it. */
export type RecordForm = {
  sex: string;
  address: string;
  other_phone: string;
  guardian_name: string;
  guardian_phone: string;
  insurance_payer: string;
  insurance_member_id: string;
  emergency_name: string;
  emergency_phone: string;
};

/** The choices for a patient's sex (the engine's codes; blank: not recorded). */
export const SEX_CHOICES: { value: string; label: string }[] = [
  { value: "", label: "Not recorded" },
  { value: "female", label: "Female" },
  { value: "male", label: "Male" },
  { value: "other", label: "Other" },
  { value: "unknown", label: "Unknown" },
];

/** The record's text fields with their labels, in the form's order. */
export const RECORD_FIELDS: { key: Exclude<keyof RecordForm, "sex">; label: string; type?: string }[] = [
  { key: "address", label: "Address" },
  { key: "other_phone", label: "Other phone", type: "tel" },
  { key: "guardian_name", label: "Parent or guardian" },
  { key: "guardian_phone", label: "Guardian's phone", type: "tel" },
  { key: "insurance_payer", label: "Insurer" },
  { key: "insurance_member_id", label: "Member id" },
  { key: "emergency_name", label: "Emergency contact" },
  { key: "emergency_phone", label: "Emergency contact's phone", type: "tel" },
];

function emptyRecord(): RecordForm {
  return {
    sex: "",
    address: "",
    other_phone: "",
    guardian_name: "",
    guardian_phone: "",
    insurance_payer: "",
    insurance_member_id: "",
    emergency_name: "",
    emergency_phone: "",
  };
}

export function emptyForm(): PatientForm {
  return {
    family_name: "",
    given_name: "",
    birth_date: "",
    phone: "",
    email: "",
    language: "en",
    contact_channel: "phone",
    reminder_consent: true,
    notes: "",
    record: emptyRecord(),
  };
}

export function formFromPatient(p: PatientView): PatientForm {
  return {
    family_name: p.family_name,
    given_name: p.given_name,
    birth_date: typedDate(p.birth_date),
    phone: p.phone ?? "",
    email: p.email ?? "",
    language: p.language,
    contact_channel: p.contact_channel,
    reminder_consent: p.reminder_consent,
    notes: p.notes ?? "",
    record: { ...emptyRecord(), ...Object.fromEntries(Object.entries(p.record).filter(([, v]) => typeof v === "string")) },
  };
}

/** What the core receives: blanks left out (the core trims and checks the rest). */
export function inputFromForm(form: PatientForm): PatientInput {
  const input: PatientInput = {
    family_name: form.family_name,
    given_name: form.given_name,
    // Typed in the practice's order; anything else goes as typed, and the
    // core names the field.
    birth_date: parseTypedDate(form.birth_date) ?? form.birth_date.trim(),
    language: form.language,
    contact_channel: form.contact_channel,
    reminder_consent: form.reminder_consent,
    record: {},
  };
  if (form.phone.trim() !== "") input.phone = form.phone;
  if (form.email.trim() !== "") input.email = form.email;
  if (form.notes.trim() !== "") input.notes = form.notes;
  const record: PatientInput["record"] = {};
  for (const [key, value] of Object.entries(form.record) as [keyof RecordForm, string][]) {
    if (value.trim() !== "") (record as Record<string, string>)[key] = value;
  }
  input.record = record;
  return input;
}

/** An Invalid error's message without the `field: ` prefix the core puts first. */
export function fieldMessage(error: Pick<ErrorPayload, "message" | "field">): string {
  const prefix = error.field === undefined ? "" : `${error.field}: `;
  const text = prefix !== "" && error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? "" : ".");
}

/**
 * Numbers requests so that only the newest one's answer is used: a slow answer
 * to "ab" must not replace the answer to "abe" that came back first.
 */
export function latestOnly() {
  let newest = 0;
  return {
    /** Call before sending; returns a check to call when the answer arrives. */
    begin(): () => boolean {
      const ticket = ++newest;
      return () => ticket === newest;
    },
  };
}

/** Languages offered in the form (any other tag may be kept as it is). */
export const LANGUAGES: { code: string; name: string }[] = [
  { code: "en", name: "English" },
  { code: "es", name: "Spanish" },
  { code: "pl", name: "Polish" },
  { code: "zh", name: "Chinese" },
  { code: "ar", name: "Arabic" },
  { code: "tl", name: "Tagalog" },
  { code: "vi", name: "Vietnamese" },
  { code: "ko", name: "Korean" },
  { code: "fr", name: "French" },
  { code: "de", name: "German" },
  { code: "ru", name: "Russian" },
  { code: "hi", name: "Hindi" },
  { code: "ur", name: "Urdu" },
  { code: "pt", name: "Portuguese" },
  { code: "it", name: "Italian" },
];

/** The language list with `current` added when it is not among them. */
export function languageOptions(current: string): { code: string; name: string }[] {
  if (current === "" || LANGUAGES.some((l) => l.code === current)) return LANGUAGES;
  return [...LANGUAGES, { code: current, name: current }];
}
