// Generated from crates/frontdesk-core/src/bindings.rs by ts-rs. Do not edit:
// run `UPDATE_BINDINGS=1 cargo test -p frontdesk-core bindings`.

export type ErrorCode = "Invalid" | "NotFound" | "SlotTaken" | "PatientOverlap" | "PossibleDuplicate" | "WrongKey" | "KeyringUnavailable" | "AlreadyExists" | "DatabaseDamaged" | "DatabaseIsFolder" | "DatabasePermissionDenied" | "DatabaseReadOnly" | "DiskFull" | "ServerUnreachable" | "ServerFull" | "ServerTls" | "ServerWrongPassword" | "ServerNotFrontdesk" | "SchemaTooNew" | "SchemaTooOld" | "Storage" | "Internal";

export type AppointmentStatus = "proposed" | "pending" | "booked" | "arrived" | "fulfilled" | "cancelled" | "noshow" | "entered-in-error" | "checked-in" | "waitlist";

export type FlowStep = "none" | "waiting" | "in-room" | "with-provider" | "done";

export type ResourceKind = "provider" | "staff" | "room" | "equipment";

export type ContactChannel = "phone" | "email" | "card";

export type DatabaseKind = "practice" | "demo";

export type ErrorPayload = { code: ErrorCode, message: string, field?: string, 
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
open_problem?: string, 
/**
 * The error code of `open_problem` (`DatabaseDamaged`, `WrongKey`, …),
 * for the page to say what to do.
 */
open_problem_code?: ErrorCode, demo_exists: boolean, practice_exists: boolean, 
/**
 * The database the app has open, if any.
 */
open?: OpenDatabase, };

export type OpenDatabase = { kind: DatabaseKind, practice_name: string, timezone: string, is_demo: boolean, 
/**
 * Today in the practice's zone, `YYYY-MM-DD`.
 */
today: string, 
/**
 * How the practice writes and types dates (BCP 47, e.g. `en-US`).
 */
locale: string, 
/**
 * The clinic's server this workstation uses (its address, never a
 * password); absent for a file on this PC.
 */
server?: string, };

export type ColumnView = { id: string, name: string, roles: Array<string>, 
/**
 * When it works that day (wall-clock minutes, from the engine's
 * calendar: weekly hours, exceptions, staff marked out); the rest of
 * the column is shaded as closed. Empty: off all day.
 */
open: Array<SpanView>, 
/**
 * Why it is off that day, when someone marked it out.
 */
off_note?: string, };

export type AssignmentView = { need_index: number, role: string, resource_id: string, 
/**
 * Wall-clock minutes after the day's local midnight.
 */
start_min: number, end_min: number, };

export type AppointmentView = { id: number, patient_id: number, patient_name: string, visit_type_id: string, visit_type_name: string, colour: string, 
/**
 * `YYYY-MM-DDTHH:MM:SS±HH:MM` in the practice's zone.
 */
start: string, end: string, start_min: number, end_min: number, status: AppointmentStatus, flow_step: FlowStep, 
/**
 * Booked, not arrived, and more than 10 minutes past its start.
 */
late: boolean, 
/**
 * The patient confirmed the visit (the Day grid's tick).
 */
confirmed: boolean, 
/**
 * e.g. "50 min: new patient + blood draw".
 */
explanation: string, assignments: Array<AssignmentView>, };

export type DayBlockView = { resource_id: string, start_min: number, end_min: number, };

export type DayVisitTypeView = { name: string, colour: string, };

export type DayVisitView = { id: number, patient_name: string, 
/**
 * Position in [`DayView::visit_types`].
 */
visit_type: number, status: AppointmentStatus, 
/**
 * Where the patient is (waiting, in room…).
 */
flow_step: FlowStep, 
/**
 * Minutes since the patient arrived, while they wait (arrived or
 * checked in, not yet in a room), on the practice's today.
 */
waiting_min?: number, 
/**
 * Booked, not arrived, and more than 10 minutes past its start.
 */
late: boolean, 
/**
 * "Not here yet": booked, not arrived, and the practice's no-show
 * grace after its start has passed — a one-click "No-show" is offered.
 */
no_show_due: boolean, 
/**
 * The patient confirmed the visit: a tick on the grid.
 */
confirmed: boolean, 
/**
 * One per need, in need order.
 */
blocks: Array<DayBlockView>, };

export type DayView = { date: string, timezone: string, practice_name: string, is_demo: boolean, 
/**
 * Wall-clock minute of "now" when now falls on this date.
 */
now_min?: number, 
/**
 * The first and last wall-clock minute worth showing (whole hours).
 */
day_start_min: number, day_end_min: number, 
/**
 * Visits start every this many minutes (a click on the grid snaps to it).
 */
grid_min: number, 
/**
 * The practice has people and rooms, but nobody works this day and
 * nothing is booked: it is closed.
 */
closed: boolean, 
/**
 * The practice's closure this day ("Christmas"): every column is off.
 */
closure: string | null, providers: Array<ColumnView>, rooms: Array<ColumnView>, visit_types: Array<DayVisitTypeView>, appointments: Array<DayVisitView>, 
/**
 * Today only: who is running behind, and whether the banner shows.
 */
behind?: BehindView, };

export type PatientVisitView = { id: number, 
/**
 * Local date, `YYYY-MM-DD`.
 */
date: string, 
/**
 * Local start, `HH:MM`.
 */
time: string, visit_type_name: string, status: AppointmentStatus, 
/**
 * Who and where, by name, in need order.
 */
with: Array<string>, };

export type WeekDayView = { date: string, open: Array<SpanView>, off_note?: string, appointments: Array<DayVisitView>, };

export type WeekView = { column: ColumnView, days: Array<WeekDayView>, 
/**
 * The hours shown: the widest of the seven days.
 */
day_start_min: number, day_end_min: number, grid_min: number, 
/**
 * The visit types drawn, once each; visits index into it.
 */
visit_types: Array<DayVisitTypeView>, };

export type AppointmentsChanged = { 
/**
 * The local dates (`YYYY-MM-DD`) whose appointments changed.
 */
dates: Array<string>, };

export type Connection = "connected" | "disconnected";

export type ServerForm = { host: string, port: number, database: string, user: string, 
/**
 * The clinic's certificate authority, for a server on another machine.
 */
ca_file?: string, password?: string, };

export type ServerCheck = { 
/**
 * The address connected to (no password).
 */
server: string, 
/**
 * The practice it holds; absent when none has been moved in yet.
 */
practice_name?: string, };

export type IntakeOption = { id: string, label: string, 
/**
 * For symptoms: answering yes shows the emergency advice.
 */
red_flag: boolean, };

export type ProviderOption = { id: string, name: string, };

export type IntakeFormView = { reasons: Array<IntakeOption>, symptoms: Array<IntakeOption>, procedures: Array<IntakeOption>, providers: Array<ProviderOption>, emergency_advice: string, grid_min: number, timezone: string, };

export type AnswersInput = { reason: string, new_patient: boolean, symptoms: Array<string>, procedures: Array<string>, };

export type NeedView = { role: string, offset_min: number, duration_min: number, };

export type EstimateView = { 
/**
 * `routine`, `soon`, `urgent` or `emergency`.
 */
urgency: string, visit_type_id: string, visit_type_name: string, extras: Array<string>, duration_min: number, needs: Array<NeedView>, 
/**
 * e.g. "50 min: new patient + blood draw".
 */
explanation: string, red_flags: Array<string>, 
/**
 * The advice to give first, when there are red flags.
 */
emergency_advice?: string, };

export type PreferencesInput = { provider_ids: Array<string>, 
/**
 * `mon` .. `sun`; any day when empty.
 */
weekdays: Array<string>, 
/**
 * `morning`, `afternoon` or `evening`.
 */
time_of_day?: string, 
/**
 * `YYYY-MM-DD`: nothing earlier.
 */
not_before?: string, 
/**
 * RFC 3339: only starts after this one ("Later": the last start shown).
 */
later_than?: string, };

export type AssignedView = { need_index: number, role: string, resource_id: string, resource_name: string, 
/**
 * The part's start and end, `YYYY-MM-DDTHH:MM:SS±HH:MM`.
 */
start: string, end: string, };

export type SuggestionView = { 
/**
 * `YYYY-MM-DDTHH:MM:SS±HH:MM`.
 */
start: string, end: string, 
/**
 * Why it is offered ("As asked: Dr Okafor, Wed afternoon", "Urgent: earliest today").
 */
reason: string, resources: Array<AssignedView>, };

export type SuggestionsView = { estimate: EstimateView, suggestions: Array<SuggestionView>, };

export type AskedTimeInput = { answers: AnswersInput, 
/**
 * Local date, `YYYY-MM-DD`.
 */
date: string, 
/**
 * Local wall-clock time, `HH:MM`.
 */
time: string, 
/**
 * The provider the caller asks for (their physician), if any.
 */
provider_id?: string, };

export type AskedTimeView = { 
/**
 * The asked time, `YYYY-MM-DDTHH:MM:SS±HH:MM`.
 */
start: string, 
/**
 * The visit at exactly that time, ready to book.
 */
fits?: SuggestionView, 
/**
 * Why not, in words with names and the practice's wall clock.
 */
refusal?: string, 
/**
 * The nearest starts that fit (when it does not), in time order.
 */
nearest: Array<SuggestionView>, estimate: EstimateView, };

export type BookInput = { patient_id: number, 
/**
 * The intake answers (the app); or leave out and give `visit_type_id` (the CLI).
 */
answers?: AnswersInput, visit_type_id?: string, 
/**
 * RFC 3339 start.
 */
start: string, 
/**
 * Resource ids in need order.
 */
resource_ids: Array<string>, 
/**
 * Why the visit is booked despite red-flag answers.
 */
red_flag_reason?: string, 
/**
 * Book even though the patient has an overlapping appointment.
 */
confirm_patient_overlap: boolean, };

export type BookedView = { id: number, patient_name: string, birth_date: string, start: string, end: string, visit_type_name: string, explanation: string, resources: Array<AssignedView>, };

export type StatusChangeInput = { appointment_id: number, 
/**
 * Unchanged when left out.
 */
status?: AppointmentStatus, 
/**
 * Unchanged when left out.
 */
flow_step?: FlowStep, };

export type HistoryEntryView = { at: string, staff_id: string, status: AppointmentStatus, flow_step: FlowStep, 
/**
 * `booked`, `change` or `undo`.
 */
kind: string, };

export type AppointmentDetailsView = { appointment: AppointmentView, patient_birth_date: string, urgency: string, explanation: string, flow_step: FlowStep, history: Array<HistoryEntryView>, 
/**
 * Whether the last change can be undone.
 */
can_undo: boolean, };

export type Urgency = "routine" | "soon" | "urgent" | "emergency";

export type ReasonRule = { id: string, label: string, 
/**
 * Visit type for a returning patient.
 */
visit_type: string, 
/**
 * Visit type for a new patient, when it differs.
 */
new_patient_visit_type?: string, urgency: Urgency, };

export type SymptomRule = { id: string, label: string, 
/**
 * The least urgency a visit with this symptom has.
 */
urgency: Urgency, 
/**
 * A red flag: show the emergency advice before any booking.
 */
red_flag: boolean, };

export type PrepKind = "form" | "supply" | "alert";

export type PrepItem = { kind: PrepKind, label: string, 
/**
 * Who the item is for (an alert's role; optional for forms and supplies).
 */
role?: string, 
/**
 * Minutes before the role's part of the visit (or the visit) it is due.
 */
lead_min?: number, };

export type ExtraPart = { 
/**
 * Shown in the explanation, e.g. "blood draw".
 */
label: string, duration_min: number, 
/**
 * Roles held for the whole extra part, e.g. phlebotomist and lab-chair.
 */
roles: Array<string>, 
/**
 * Prep items the part adds to the visit's checklist.
 */
prep?: Array<PrepItem>, };

export type ProcedureRule = { id: string, label: string, 
/**
 * A visit type this procedure turns the visit into (e.g. x-ray consult).
 */
visit_type?: string, 
/**
 * A part it adds at the end of the visit.
 */
extra?: ExtraPart, };

export type IntakeRules = { reasons: Array<ReasonRule>, symptoms: Array<SymptomRule>, procedures: Array<ProcedureRule>, 
/**
 * What to tell a caller with a red flag.
 */
emergency_advice: string, };

export type PracticeFile = { format: string, practice: PracticeSection, resources: Array<ResourceEntry>, visit_types: Array<VisitTypeEntry>, intake: IntakeRules, 
/**
 * The desktop notification rules; left out when they are the defaults.
 */
notifications?: NotificationsEntry, 
/**
 * The patient reminder rules; left out when the practice never set them
 * (the defaults: email 72 and 24 hours before, a call 24 hours before,
 * a letter a week before, no email 21:00–08:00).
 */
reminders?: RemindersEntry, 
/**
 * The least headcount per role the practice wants on shift.
 */
coverage?: Array<MinimumEntry>, 
/**
 * Days the whole practice is closed (holidays): every resource is off.
 */
closures?: Array<ClosureEntry>, };

export type PracticeSection = { name: string, timezone: string, grid_min: number, address?: string, phone?: string, reminder_lead_hours?: number, late_cancel_window_hours?: number, late_cancel_fee_cents?: number, 
/**
 * The fee of a no-show, in cents.
 */
no_show_fee_cents?: number, 
/**
 * Minutes after the start before a visit not arrived may be marked a
 * no-show (0 to 240; default 15).
 */
no_show_grace_minutes?: number, 
/**
 * How many days ahead visits may be booked (1 to 3650; default 730).
 */
booking_horizon_days?: number, 
/**
 * Minutes behind at which the Day page shows its banner (1 to 240; default 15).
 */
behind_threshold_min?: number, 
/**
 * Whether "Get back on track" may send routine visits of patients not
 * yet here to another day (default true).
 */
repair_defers_routine?: boolean, 
/**
 * How long past their close a repair may keep staff and rooms (0 to 240; default 60).
 */
repair_max_overtime_min?: number, 
/**
 * How dates are written and typed (BCP 47, e.g. `en-US`, `en-GB`;
 * default `en-US`).
 */
locale?: string, };

export type WeekHours = { mon?: Array<[string, string]>, tue?: Array<[string, string]>, wed?: Array<[string, string]>, thu?: Array<[string, string]>, fri?: Array<[string, string]>, sat?: Array<[string, string]>, sun?: Array<[string, string]>, };

export type ExceptionEntry = { date: string, hours: Array<[string, string]>, };

export type ResourceEntry = { id: string, name: string, 
/**
 * `provider`, `staff`, `room` or `equipment`.
 */
kind: string, roles: Array<string>, active?: boolean, hours: WeekHours, exceptions?: Array<ExceptionEntry>, };

export type NeedEntry = { role: string, offset_min: number, 
/**
 * Default: the rest of the visit.
 */
duration_min?: number, };

export type VisitTypeEntry = { id: string, name: string, colour: string, duration_min: number, needs: Array<NeedEntry>, 
/**
 * What must be ready before the visit: forms, supplies, alerts.
 */
prep?: Array<PrepItem>, active?: boolean, };

export type NotificationsEntry = { 
/**
 * `HH:MM` the day before, for "Pull paperwork: N patients tomorrow
 * morning"; left out: no paperwork reminder.
 */
paperwork_at?: string, 
/**
 * Technician alerts at each alert item's lead time.
 */
alerts?: boolean, 
/**
 * "Coverage gap: …" as soon as one appears.
 */
gaps?: boolean, 
/**
 * Alerts may carry the patient's initials (never the name).
 */
patient_initials?: boolean, };

export type RemindersEntry = { 
/**
 * Hours before the visit each email goes out (e.g. `[72, 24]`).
 */
email_hours: Array<number>, 
/**
 * Hours before the visit a call is due (patients who prefer the phone,
 * or whose email failed).
 */
call_hours: Array<number>, 
/**
 * Hours before the visit a letter is printed (patients who chose mail).
 */
letter_hours: Array<number>, 
/**
 * `["HH:MM", "HH:MM"]`: no email goes out from the first until the
 * second (across midnight when it is earlier).
 */
quiet_hours: [string, string], 
/**
 * Visit types that never get a reminder.
 */
exclude_visit_types?: Array<string>, 
/**
 * Whether messages name the provider.
 */
show_provider: boolean, 
/**
 * `en` or `es`: for patients whose language has no template.
 */
language: string, 
/**
 * The sender of every email, `Name <address>`.
 */
email_from?: string, 
/**
 * The practice's own wording of a message (its placeholders:
 * `{practice}`, `{date}`, `{time}`, `{place}`, `{provider}`, `{phone}`;
 * a body line whose placeholder has nothing to show is left out).
 */
templates?: Array<TemplateEntry>, 
/**
 * The practice's mail server, for the app's background sending (the
 * password is kept in each workstation's keyring, never here).
 */
smtp?: SmtpEntry, };

export type SmtpEntry = { host: string, port: number, 
/**
 * `none` (only for a server on the same machine), `starttls` or `tls`.
 */
security: string, user?: string, };

export type TemplateEntry = { 
/**
 * `reminder`, `update`, `cancel` (emails) or `letter` (printed).
 */
kind: string, 
/**
 * `en` or `es`.
 */
language: string, subject: string, body: string, };

export type ReminderPreview = { subject: string, body: string, };

export type MinimumEntry = { role: string, min: number, from: string, until: string, };

export type ClosureEntry = { 
/**
 * What it is, e.g. "Christmas".
 */
name: string, from: string, until?: string, };

export type RoleTemplate = { id: string, name: string, 
/**
 * `provider`, `staff`, `room` or `equipment`.
 */
kind: string, };

export type VisitTypeTemplate = { id: string, name: string, description: string, visit_types: Array<VisitTypeEntry>, };

export type IntakeTemplate = { id: string, name: string, description: string, rules: IntakeRules, };

export type PracticeTemplates = { roles: Array<RoleTemplate>, visit_type_templates: Array<VisitTypeTemplate>, intake_templates: Array<IntakeTemplate>, };

export type WizardPractice = { name: string, timezone: string, 
/**
 * BCP 47, e.g. `en-US`.
 */
locale: string, };

export type WizardResource = { name: string, 
/**
 * `provider`, `staff`, `room` or `equipment`.
 */
kind: string, role: string, };

export type WizardHours = { 
/**
 * `mon` … `sun`.
 */
days: Array<string>, 
/**
 * `HH:MM`.
 */
opens: string, closes: string, 
/**
 * `["12:00", "13:00"]`: nobody is booked then.
 */
break_time?: [string, string], };

export type WizardInput = { practice: WizardPractice, resources: Array<WizardResource>, hours: WizardHours, 
/**
 * Ids of [`VisitTypeTemplate`]s.
 */
visit_type_templates: Array<string>, 
/**
 * The id of an [`IntakeTemplate`].
 */
intake_template: string, };

export type AffectedAppointment = { id: number, 
/**
 * Start in the practice's (new) zone.
 */
start: string, 
/**
 * Its local date (`YYYY-MM-DD`) and time (`HH:MM`) in that zone.
 */
date: string, time: string, 
/**
 * The visit type's id and name.
 */
visit_type: string, visit_type_name: string, 
/**
 * Filled only where the list is shown to staff, through an audited
 * read ([`super::save`]); empty in the CLI's refusal.
 */
patient_name: string, reasons: Array<string>, };

export type ProblemView = { path: string, message: string, };

export type SaveOutcome = { 
/**
 * True when the file was written.
 */
saved: boolean, 
/**
 * Problems that stop the save (each beside its field).
 */
problems: Array<ProblemView>, 
/**
 * Worth knowing, does not stop the save ("no one has that role"),
 * each beside its field.
 */
warnings: Array<ProblemView>, 
/**
 * Future appointments that would no longer fit; saving needs a confirmation.
 */
affected: Array<AffectedAppointment>, };

export type Sex = "female" | "male" | "other" | "unknown";

export type PatientRecordFields = { 
/**
 * `female`, `male`, `other` or `unknown` (checked by the core).
 */
sex?: Sex, address?: string, other_phone?: string, guardian_name?: string, guardian_phone?: string, insurance_payer?: string, insurance_member_id?: string, emergency_name?: string, emergency_phone?: string, };

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
 * `phone`, `email` or `card` (text checked by the core, so a bad value
 * gets a field error rather than a parse failure).
 */
contact_channel: ContactChannel, reminder_consent: boolean, notes?: string, 
/**
 * The rest of the record (sex, address, guardian, insurance…).
 */
record: PatientRecordFields, };

export type PatientView = { id: number, family_name: string, given_name: string, birth_date: string, phone?: string, email?: string, language: string, contact_channel: ContactChannel, reminder_consent: boolean, notes?: string, record: PatientRecordFields, 
/**
 * Late cancellations and no-shows of the last 12 months.
 */
marks: PatientMarks, };

export type PatientMarks = { late_cancellations: number, no_shows: number, };

export type PatientSummary = { id: number, family_name: string, given_name: string, birth_date: string, phone?: string, };

export type PatientSearchResults = { patients: Array<PatientSummary>, more: boolean, };

export type PrepItemView = { id: number, 
/**
 * `form`, `supply` or `alert`.
 */
kind: string, label: string, role?: string, 
/**
 * When it is due, `YYYY-MM-DDTHH:MM:SS±HH:MM`.
 */
due?: string, done: boolean, 
/**
 * Not done, and its due time (or, without one, its moment in the
 * visit) has passed: shown as overdue.
 */
overdue: boolean, 
/**
 * Who ticked it (a staff member's name).
 */
done_by?: string, done_at?: string, 
/**
 * Where it came from: `visit` or `extra:<label>`.
 */
source: string, };

export type PrepAppointmentView = { id: number, start: string, 
/**
 * Wall-clock minutes after the day's midnight.
 */
start_min: number, end_min: number, patient_name: string, visit_type_name: string, colour: string, status: AppointmentStatus, 
/**
 * The room (or other place) of the visit, when it has one.
 */
room_id?: string, room?: string, 
/**
 * Who serves the visit, by name.
 */
staff: Array<string>, items: Array<PrepItemView>, done: number, total: number, };

export type PersonOption = { id: string, name: string, roles: Array<string>, };

export type PrepDayView = { date: string, timezone: string, appointments: Array<PrepAppointmentView>, 
/**
 * Items done and in all, for the whole day.
 */
done: number, total: number, 
/**
 * Roles the day's items are for (for the filter).
 */
roles: Array<string>, 
/**
 * Staff who may be named as having done an item.
 */
people: Array<PersonOption>, };

export type TickInput = { item_id: number, done: boolean, 
/**
 * The staff member who did it (a resource id); the workstation user when left out.
 */
by?: string, };

export type PrepEventView = { at: string, by: string, done: boolean, };

export type SpanView = { start_min: number, end_min: number, };

export type Proposal = { "kind": "reassign", appointment_id: number, need_index: number, resource_id: string, } | { "kind": "move", appointment_id: number, start: string, resource_ids: Array<string>, };

export type ProposalView = { 
/**
 * "Kenji Sato takes the phlebotomist part (same time)".
 */
summary: string, proposal: Proposal, };

export type CoverageGapView = { appointment_id?: number, need_index?: number, 
/**
 * The resource that should serve the need (appointment gaps only).
 */
resource_id?: string, visit_type_name?: string, 
/**
 * The visit's patient (appointment gaps only; the read is audited).
 */
patient_name?: string, role: string, start: string, end: string, start_min: number, end_min: number, why: string, 
/**
 * The visit's time has passed: nothing is proposed.
 */
past: boolean, 
/**
 * Ways to close an appointment gap, best first (none for headcount gaps).
 */
proposals: Array<ProposalView>, };

export type HeadcountCell = { hour_min: number, 
/**
 * The least number on shift during the hour.
 */
count: number, 
/**
 * The practice's minimum for the hour, when it sets one.
 */
min?: number, below: boolean, };

export type HeadcountRow = { role: string, cells: Array<HeadcountCell>, };

export type StaffDayView = { id: string, name: string, roles: Array<string>, out: boolean, out_note?: string, 
/**
 * On-shift time (the template, or nothing when out).
 */
shifts: Array<SpanView>, 
/**
 * How many needs of booked visits they serve.
 */
booked: number, };

export type CoverageView = { date: string, timezone: string, gaps: Array<CoverageGapView>, 
/**
 * The patients of visits still to come that a gap leaves unserved,
 * earliest first, each once.
 */
patients_to_call: Array<PatientToCall>, hours: Array<number>, headcount: Array<HeadcountRow>, staff: Array<StaffDayView>, };

export type CancelInput = { appointment_id: number, 
/**
 * `patient`, `clinic` or `provider`.
 */
by: string, reason?: string, 
/**
 * When the patient told us (RFC 3339); now when left out. Never in the
 * future, never before the visit was booked.
 */
notified_at?: string, };

export type CancelOutcome = { id: number, status: AppointmentStatus, 
/**
 * Notice came less than the practice's window before the start.
 */
late: boolean, 
/**
 * The fee noted, in cents.
 */
fee_cents?: number, };

export type FeeView = { id: number, appointment_id: number, patient_id: number, patient_name: string, patient_birth_date: string, 
/**
 * `late-cancel` or `no-show`.
 */
kind: string, amount_cents: number, 
/**
 * RFC 3339 in the practice's offset.
 */
noted_at: string, noted_by: string, visit_start: string, visit_type_id: string, waived_at?: string, waived_by?: string, waive_reason?: string, };

export type BillingView = { from: string, to: string, fees: Array<FeeView>, 
/**
 * The fees not waived, in cents.
 */
due_cents: number, };

export type VisitFeeView = { 
/**
 * `late-cancel` or `no-show`.
 */
kind: string, amount_cents: number, waived: boolean, };

export type RecordVisitView = { id: number, 
/**
 * YYYY-MM-DD, the practice's date.
 */
date: string, 
/**
 * HH:MM on the practice's clock.
 */
time: string, visit_type_name: string, status: AppointmentStatus, 
/**
 * Who and where, by name, in need order.
 */
with: Array<string>, 
/**
 * Cancelled by the patient with less notice than the policy asks.
 */
late_cancel: boolean, no_show: boolean, fees: Array<VisitFeeView>, };

export type PatientHistoryView = { upcoming: Array<RecordVisitView>, past: Array<RecordVisitView>, 
/**
 * The next visit that holds time, in a few words ("Tue 14:30 Dr Osei").
 */
next?: string, };

export type WaitlistInput = { patient_id: number, 
/**
 * The intake answers (the app); or leave out and give `visit_type_id`.
 */
answers?: AnswersInput, visit_type_id?: string, 
/**
 * Acceptable providers' ids; any when empty.
 */
providers: Array<string>, 
/**
 * Preferred weekdays (`mon` … `sun`); any when empty.
 */
weekdays: Array<string>, 
/**
 * `morning`, `afternoon` or `evening`.
 */
time_of_day?: string, 
/**
 * `routine` (the default), `soon` or `urgent`.
 */
urgency?: string, 
/**
 * The last date (YYYY-MM-DD) the entry stands for.
 */
until?: string, note?: string, };

export type WaitlistAdded = { id: number, };

export type FreedSlotInput = { start: string, resource_ids: Array<string>, };

export type WaitlistFitView = { id: number, patient_id: number, patient_name: string, phone?: string, urgency: string, 
/**
 * The visit in words ("20 min: follow-up").
 */
explanation: string, waited_days: number, 
/**
 * Higher comes first (urgency, then preferences met, then time waited).
 */
score: number, 
/**
 * The resources that would serve the visit, in need order.
 */
resource_ids: Array<string>, 
/**
 * Offers of this slot already made to this patient, oldest first.
 */
offers: Array<string>, };

export type WaitlistFitsView = { entries: Array<WaitlistFitView>, };

export type FreedSlotView = { 
/**
 * The cancelled visit.
 */
appointment_id: number, 
/**
 * RFC 3339.
 */
start: string, 
/**
 * HH:MM on the practice's clock.
 */
time: string, resource_ids: Array<string>, resource_names: Array<string>, fits: number, };

export type OfferInput = { entry_id: number, start: string, resource_ids: Array<string>, 
/**
 * `accepted`, `declined`, `no-answer` or `left-message`.
 */
outcome: string, note?: string, };

export type BookEntryInput = { entry_id: number, start: string, resource_ids: Array<string>, confirm_patient_overlap: boolean, };

export type PatientToCall = { appointment_id: number, patient_name: string, phone?: string, 
/**
 * The visit's start, RFC 3339 in the practice's offset.
 */
start: string, visit_type_name: string, 
/**
 * Why (every gap of the visit, in words).
 */
why: string, };

export type MarkOutInput = { resource_id: string, 
/**
 * `YYYY-MM-DD`.
 */
date: string, 
/**
 * true: out for the day; false: back in (the out mark is taken back).
 */
out: boolean, 
/**
 * e.g. "sick"; never patient data.
 */
note?: string, };

export type SheetEntryView = { appointment_id: number, start: string, start_min: number, end_min: number, role: string, visit_type_name: string, colour: string, 
/**
 * The room (or other place) of the visit.
 */
place?: string, status: AppointmentStatus, 
/**
 * Prep items for this person's roles on the visit (label and state).
 */
items: Array<PrepItemView>, };

export type DaySheetView = { date: string, timezone: string, person: PersonOption, out: boolean, shifts: Array<SpanView>, entries: Array<SheetEntryView>, 
/**
 * Everyone who has a day sheet (for the picker).
 */
people: Array<PersonOption>, };

export type NotificationView = { id: number, 
/**
 * `paperwork`, `alert` or `gap`.
 */
kind: string, 
/**
 * The date it is about; its page opens on that date.
 */
date: string, 
/**
 * `prep` or `coverage`.
 */
page: string, title: string, body: string, due: string, 
/**
 * `pending`, `delivered`, `acknowledged` or `missed`.
 */
state: string, delivered_at?: string, acknowledged_at?: string, 
/**
 * When a coverage gap's notice resolved itself (its gap closed).
 */
resolved_at?: string, };

export type AlertsView = { 
/**
 * Latest due first: delivered and missed ones, and those still to come.
 */
notifications: Array<NotificationView>, 
/**
 * Delivered or missed, not yet opened, and still open (a resolved gap
 * needs no one).
 */
unread: number, };

export type PlannedReminder = { appointment_id: string, 
/**
 * `email`, `call` or `letter`.
 */
channel: string, 
/**
 * RFC 3339 with the practice's offset.
 */
due: string, 
/**
 * `en` or `es`.
 */
language: string, 
/**
 * `planned`, `sent`, `failed` or `skipped`.
 */
state: string, why?: string, };

export type DayPlan = { date: string, reminders: Array<PlannedReminder>, };

export type CallOutcome = "confirmed" | "left-message" | "no-answer" | "wrong-number" | "wants-change" | "wants-cancel";

export type CallEntry = { reminder_id: number, appointment_id: number, patient_name: string, phone: string | null, 
/**
 * `en` or `es`.
 */
language: string, 
/**
 * The visit's start, RFC 3339 with the practice's offset.
 */
visit_start: string, 
/**
 * Whether the patient confirmed the visit.
 */
confirmed: boolean, 
/**
 * The recorded outcome, if the call was made.
 */
outcome: string | null, 
/**
 * Why this patient is on the list instead of an email ("email failed").
 */
note: string | null, };

export type CallList = { date: string, calls: Array<CallEntry>, };

export type Letter = { reminder_id: number, appointment_id: number, patient_name: string, 
/**
 * The patient's postal address; none when the record lacks one.
 */
address: string | null, 
/**
 * `en` or `es`.
 */
language: string, 
/**
 * The visit's start, RFC 3339 with the practice's offset.
 */
visit_start: string, 
/**
 * The letter's heading.
 */
heading: string, body: string, 
/**
 * Whether it was already marked posted.
 */
posted: boolean, };

export type LetterBatch = { date: string, 
/**
 * The sender block: the practice's name, address and phone.
 */
practice_name: string, practice_address: string, practice_phone: string, letters: Array<Letter>, };

export type DeliveryEntry = { reminder_id: number, appointment_id: number, patient_name: string, 
/**
 * `email`, `call` or `letter`.
 */
channel: string, 
/**
 * `reminder`, `update` or `cancel`.
 */
kind: string, language: string, 
/**
 * RFC 3339 with the practice's offset.
 */
due: string, 
/**
 * `planned`, `sending` (interrupted: check by hand), `sent`, `failed` or `skipped`.
 */
state: string, why: string | null, 
/**
 * When it last changed, RFC 3339.
 */
updated: string, 
/**
 * Who (or which workstation's user) changed it last.
 */
updated_by: string, };

export type DeliveryLog = { date: string, entries: Array<DeliveryEntry>, };

export type ColumnBehindView = { resource_id: string, name: string, 
/**
 * Minutes its next visit would start late if nothing changes.
 */
minutes: number, };

export type BehindView = { 
/**
 * The practice's banner threshold (minutes).
 */
threshold_min: number, 
/**
 * Every column running behind, most behind first.
 */
columns: Array<ColumnBehindView>, 
/**
 * Whether anyone is more than the threshold behind.
 */
banner: boolean, };

export type ChangeKind = "move" | "defer";

export type WalkInInput = { 
/**
 * The patient; left out for "unknown patient" (registered later).
 */
patient_id?: number, 
/**
 * The intake answers; or leave out and give `visit_type_id`.
 */
answers?: AnswersInput, visit_type_id?: string, 
/**
 * Its waiting weighs the urgent weight (ten routine patients).
 */
urgent: boolean, };

export type ProposeInput = { 
/**
 * The local date (today).
 */
date: string, walk_in?: WalkInInput, };

export type RepairChangeView = { appointment_id: number, kind: ChangeKind, patient_name: string, visit_type_name: string, 
/**
 * The stored start (RFC 3339).
 */
from: string, 
/**
 * The new start; left out for a deferral.
 */
to?: string, 
/**
 * The new resources in need order (empty for a deferral).
 */
resource_ids: Array<string>, 
/**
 * "10:20 → 10:45 · blood draw: Kenji Sato instead of Kwame Osei".
 */
summary: string, 
/**
 * Minutes the patient waits past their time with this plan.
 */
wait_min: number, 
/**
 * The visit as it was read; applying refuses it when the visit changed since.
 */
stamp: string, };

export type WaitView = { 
/**
 * The patient's name, or "Walk-in".
 */
label: string, appointment_id?: number, wait_min: number, 
/**
 * When the visit starts (RFC 3339).
 */
start: string, };

export type TimelineBlockView = { appointment_id?: number, 
/**
 * Wall-clock minutes after the date's midnight.
 */
start_min: number, end_min: number, 
/**
 * Whether this block differs between before and after.
 */
changed: boolean, };

export type TimelineColumnView = { resource_id: string, name: string, before: Array<TimelineBlockView>, after: Array<TimelineBlockView>, };

export type WalkInPlanView = { start: string, 
/**
 * Resources in need order.
 */
resource_ids: Array<string>, 
/**
 * "10:45 with Dr Ngozi Okafor, X-ray suite, Marta Kowalski".
 */
summary: string, wait_min: number, 
/**
 * What the estimate said ("35 min: x-ray consult").
 */
explanation: string, };

export type CallView = { appointment_id: number, patient_name: string, phone?: string, 
/**
 * "now 10:45" or "to another day".
 */
what: string, };

export type RepairProposalView = { date: string, 
/**
 * The moment it was made for (RFC 3339).
 */
at: string, cost: number, 
/**
 * What shifting everything right would cost.
 */
baseline_cost?: number, changes: Array<RepairChangeView>, 
/**
 * Everyone who waits past their time, longest first.
 */
waits: Array<WaitView>, columns: Array<TimelineColumnView>, walk_in?: WalkInPlanView, 
/**
 * Patients not here yet whose visit moves or goes to another day.
 */
patients_to_call: Array<CallView>, };

export type ChosenChange = { appointment_id: number, kind: ChangeKind, 
/**
 * The new start (RFC 3339), for a move.
 */
to?: string, 
/**
 * The new resources in need order, for a move.
 */
resource_ids: Array<string>, stamp: string, };

export type WalkInBooking = { walk_in: WalkInInput, start: string, resource_ids: Array<string>, };

export type ApplyInput = { date: string, changes: Array<ChosenChange>, walk_in?: WalkInBooking, };

export type ApplyOutcome = { "outcome": "applied", moved: number, deferred: number, 
/**
 * The walk-in's new appointment.
 */
walk_in_id?: number, 
/**
 * Staff told that their work moved (names).
 */
notified: Array<string>, patients_to_call: Array<CallView>, } | { "outcome": "stale", changed: number[], fresh: RepairProposalView, };

/** Every error code a command can fail with. */
export const ERROR_CODES: readonly ErrorCode[] = ["Invalid","NotFound","SlotTaken","PatientOverlap","PossibleDuplicate","WrongKey","KeyringUnavailable","AlreadyExists","DatabaseDamaged","DatabaseIsFolder","DatabasePermissionDenied","DatabaseReadOnly","DiskFull","ServerUnreachable","ServerFull","ServerTls","ServerWrongPassword","ServerNotFrontdesk","SchemaTooNew","SchemaTooOld","Storage","Internal"];

/** The notification rules of a practice file that leaves them out (the engine's defaults). */
export const NOTIFICATION_DEFAULTS: Required<NotificationsEntry> = {"alerts":true,"gaps":true,"paperwork_at":"16:00","patient_initials":false};

/** The words staff read for each status and flow step (the engine's `label()`). */
export const STATUS_LABELS: Readonly<Record<AppointmentStatus, string>> = {"arrived":"Arrived","booked":"Booked","cancelled":"Cancelled","checked-in":"Checked in","entered-in-error":"Entered in error","fulfilled":"Done","noshow":"No-show","pending":"Pending","proposed":"Proposed","waitlist":"Waitlist"};
export const FLOW_STEP_LABELS: Readonly<Record<FlowStep, string>> = {"done":"Done","in-room":"In room","none":"Not started","waiting":"Waiting","with-provider":"With provider"};
