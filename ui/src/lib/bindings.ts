// Generated from crates/frontdesk-core/src/views.rs by ts-rs. Do not edit:
// run `UPDATE_BINDINGS=1 cargo test -p frontdesk-core bindings`.

export type DatabaseKind = "practice" | "demo";

export type ErrorPayload = { code: string, message: string, field?: string, 
/**
 * For `PossibleDuplicate`: the ids of the patients it may duplicate.
 */
existing?: number[], };

export type StartupStatus = { 
/**
 * Set when no key source works: the app shows an error screen instead.
 */
key_problem?: string, 
/**
 * Set when the database used last time could not be opened.
 */
open_problem?: string, demo_exists: boolean, practice_exists: boolean, 
/**
 * The database the app has open, if any.
 */
open?: OpenDatabase, };

export type OpenDatabase = { kind: DatabaseKind, practice_name: string, timezone: string, is_demo: boolean, 
/**
 * Today in the practice's zone, `YYYY-MM-DD`.
 */
today: string, };

export type ColumnView = { id: string, name: string, roles: Array<string>, };

export type AssignmentView = { need_index: number, resource_id: string, 
/**
 * Wall-clock minutes after the day's local midnight.
 */
start_min: number, end_min: number, };

export type AppointmentView = { id: number, patient_name: string, visit_type_id: string, visit_type_name: string, colour: string, 
/**
 * `YYYY-MM-DDTHH:MM:SS±HH:MM` in the practice's zone.
 */
start: string, end: string, start_min: number, end_min: number, 
/**
 * FHIR R4 status code.
 */
status: string, assignments: Array<AssignmentView>, };

export type DayView = { date: string, timezone: string, practice_name: string, is_demo: boolean, 
/**
 * Wall-clock minute of "now" when now falls on this date.
 */
now_min?: number, 
/**
 * The first and last wall-clock minute worth showing.
 */
day_start_min: number, day_end_min: number, providers: Array<ColumnView>, rooms: Array<ColumnView>, appointments: Array<AppointmentView>, };

export type PatientInput = { family_name: string, given_name: string, 
/**
 * `YYYY-MM-DD`.
 */
birth_date: string, phone?: string, email?: string, 
/**
 * A language tag such as `en`, `es` or `pt-BR`.
 */
language: string, 
/**
 * `phone`, `email` or `card` (checked by the core, so a bad value gets a
 * field error rather than a parse failure).
 */
contact_channel: "phone" | "email" | "card", reminder_consent: boolean, notes?: string, };

export type PatientView = { id: number, family_name: string, given_name: string, birth_date: string, phone?: string, email?: string, language: string, contact_channel: "phone" | "email" | "card", reminder_consent: boolean, notes?: string, };

export type PatientSummary = { id: number, family_name: string, given_name: string, birth_date: string, phone?: string, };

export type PatientSearchResults = { patients: Array<PatientSummary>, more: boolean, };
