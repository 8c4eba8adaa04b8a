// The one module that talks to the Rust side. Every call goes through
// `call`, which turns any failure into an `ApiError` with a stable `code`
// (see crates/frontdesk-core/src/error.rs). Swap `setTransport` in tests.
import { Channel, invoke } from "@tauri-apps/api/core";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import type {
  AlertsView,
  ApplyInput,
  ApplyOutcome,
  ProposeInput,
  RepairProposalView,
  AnswersInput,
  AppointmentDetailsView,
  AppointmentsChanged,
  AskedTimeInput,
  AskedTimeView,
  BookedView,
  BookInput,
  CallList,
  CallOutcome,
  Connection,
  CoverageView,
  DeliveryLog,
  BillingView,
  CancelInput,
  CancelOutcome,
  LetterBatch,
  DaySheetView,
  DayView,
  ErrorCode,
  ErrorPayload,
  EstimateView,
  IntakeFormView,
  MarkOutInput,
  NotificationView,
  OpenDatabase,
  PatientInput,
  PatientSearchResults,
  PatientView,
  PatientVisitView,
  PracticeFile,
  PracticeTemplates,
  PreferencesInput,
  PrepDayView,
  PrepEventView,
  PrepItemView,
  ReminderPreview,
  Proposal,
  SaveOutcome,
  ServerCheck,
  ServerForm,
  StartupStatus,
  StatusChangeInput,
  SuggestionsView,
  TickInput,
  WeekView,
  WizardInput,
} from "./bindings";
import { ERROR_CODES } from "./bindings";

export type Transport = (command: string, args?: Record<string, unknown>) => Promise<unknown>;

let transport: Transport = (command, args) => invoke(command, args);

/** Replaces the IPC transport (page-level tests run without Tauri). */
export function setTransport(next: Transport): void {
  transport = next;
}

/** A failed command, with the code the UI switches on. */
export class ApiError extends Error implements ErrorPayload {
  readonly code: ErrorCode;
  readonly field?: string;
  /** For `PossibleDuplicate`: the ids of the patients it may duplicate. */
  readonly existing?: number[];

  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = "ApiError";
    this.code = payload.code;
    if (payload.field !== undefined) this.field = payload.field;
    if (payload.existing !== undefined) this.existing = payload.existing;
  }
}

/** Whether a value is one of the codes the Rust side sends. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}

/** Normalises whatever a failed invoke threw into an ErrorPayload. */
export function toErrorPayload(thrown: unknown): ErrorPayload {
  if (thrown instanceof ApiError) {
    const payload: ErrorPayload = { code: thrown.code, message: thrown.message };
    if (thrown.field !== undefined) payload.field = thrown.field;
    if (thrown.existing !== undefined) payload.existing = thrown.existing;
    return payload;
  }
  if (typeof thrown === "object" && thrown !== null && "code" in thrown && "message" in thrown) {
    const { code, message, field, existing } = thrown as Record<string, unknown>;
    if (isErrorCode(code) && typeof message === "string") {
      const payload: ErrorPayload = { code, message };
      if (typeof field === "string") payload.field = field;
      if (Array.isArray(existing) && existing.every((id) => typeof id === "number")) payload.existing = existing;
      return payload;
    }
  }
  if (typeof thrown === "string") return { code: "Internal", message: thrown };
  if (thrown instanceof Error) return { code: "Internal", message: thrown.message };
  return { code: "Internal", message: "Something went wrong." };
}

/** Any thrown value as an `ApiError` (a failed call already is one). */
export function asApiError(thrown: unknown): ApiError {
  return thrown instanceof ApiError ? thrown : new ApiError(toErrorPayload(thrown));
}

/** The text to show for a failure: the error's own message, or the page's
 * wording for some codes (e.g. `{ SlotTaken: "That time was just taken." }`). */
export function errorMessage(thrown: unknown, byCode: Readonly<Record<string, string>> = {}): string {
  const error = asApiError(thrown);
  return byCode[error.code] ?? error.message;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return (await transport(command, args)) as T;
  } catch (thrown) {
    throw new ApiError(toErrorPayload(thrown));
  }
}

export const api = {
  startupStatus: () => call<StartupStatus>("startup_status"),
  openDemo: () => call<OpenDatabase>("open_demo"),
  openPractice: () => call<OpenDatabase>("open_practice"),
  createPractice: (practice: { name: string; timezone: string; grid_min: number }) =>
    call<OpenDatabase>("create_practice", { practice }),
  testServer: (form: ServerForm) => call<ServerCheck>("test_server", { form }),
  useServer: (form: ServerForm) => call<OpenDatabase>("use_server", { form }),
  useThisComputer: () => call<null>("use_this_computer"),
  moveToServer: (form: ServerForm) => call<OpenDatabase>("move_to_server", { form }),
  dayView: (date: string) => call<DayView>("day_view", { date }),
  weekView: (date: string, columnId: string) => call<WeekView>("week_view", { date, columnId }),
  patientVisits: (patientId: number, from: string, days: number) =>
    call<PatientVisitView[]>("patient_visits", { patientId, from, days }),
  appointmentDetails: (appointmentId: number) =>
    call<AppointmentDetailsView>("appointment_details", { appointmentId }),
  changeStatus: (change: StatusChangeInput) => call<null>("change_status", { change }),
  undoStatus: (appointmentId: number) => call<null>("undo_status", { appointmentId }),
  cancelAppointment: (input: CancelInput) => call<CancelOutcome>("cancel_appointment", { input }),
  markNoShow: (appointmentId: number) => call<CancelOutcome>("mark_no_show", { appointmentId }),
  billingList: (from: string, to: string) => call<BillingView>("billing_list", { from, to }),
  waiveFee: (feeId: number, reason: string) => call<null>("waive_fee", { feeId, reason }),
  exportBillingCsv: (from: string, to: string) => call<string>("export_billing_csv", { from, to }),
  intakeForm: () => call<IntakeFormView>("intake_form"),
  suggestTimes: (answers: AnswersInput, preferences: PreferencesInput, count: number) =>
    call<SuggestionsView>("suggest_times", { answers, preferences, count }),
  checkAskedTime: (input: AskedTimeInput) => call<AskedTimeView>("check_asked_time", { input }),
  bookVisit: (input: BookInput) => call<BookedView>("book_visit", { input }),
  openWindow: () => call<string>("open_window"),
  loadPracticeFile: () => call<PracticeFile>("load_practice_file"),
  savePracticeFile: (file: PracticeFile, confirmAffected: boolean) =>
    call<SaveOutcome>("save_practice_file", { file, confirmAffected }),
  tryIntake: (file: PracticeFile, answers: AnswersInput) => call<EstimateView>("try_intake", { file, answers }),
  practiceTemplates: () => call<PracticeTemplates>("practice_templates"),
  wizardPracticeFile: (input: WizardInput) => call<PracticeFile>("wizard_practice_file", { input }),
  searchPatients: (query: string, limit?: number) =>
    call<PatientSearchResults>("search_patients", limit === undefined ? { query } : { query, limit }),
  getPatient: (id: number) => call<PatientView>("get_patient", { id }),
  /** Refused with code `PossibleDuplicate` (and `existing` ids) unless `allowDuplicate`. */
  createPatient: (patient: PatientInput, allowDuplicate = false) =>
    call<PatientView>("create_patient", { patient, allowDuplicate }),
  updatePatient: (id: number, patient: PatientInput) => call<PatientView>("update_patient", { id, patient }),
  prepDay: (date: string) => call<PrepDayView>("prep_day", { date }),
  tickPrepItem: (input: TickInput) => call<PrepItemView>("tick_prep_item", { input }),
  prepItemHistory: (itemId: number) => call<PrepEventView[]>("prep_item_history", { itemId }),
  coverageDay: (date: string) => call<CoverageView>("coverage_day", { date }),
  markStaffOut: (input: MarkOutInput) => call<null>("mark_staff_out", { input }),
  applyProposal: (proposal: Proposal) => call<null>("apply_proposal", { proposal }),
  daySheet: (date: string, resourceId: string) => call<DaySheetView>("day_sheet", { date, resourceId }),
  alertsList: () => call<AlertsView>("alerts_list"),
  acknowledgeAlert: (id: number) => call<NotificationView>("acknowledge_alert", { id }),
  callList: (date: string) => call<CallList>("call_list", { date }),
  deliveryLog: (date: string) => call<DeliveryLog>("delivery_log", { date }),
  letterBatch: (date: string) => call<LetterBatch>("letter_batch", { date }),
  markLettersPosted: (reminderIds: number[]) => call<number>("mark_letters_posted", { reminderIds }),
  recordCall: (reminderId: number, outcome: CallOutcome) => call<null>("record_call", { reminderId, outcome }),
  setConfirmed: (appointmentId: number, confirmed: boolean) =>
    call<null>("set_confirmed", { appointmentId, confirmed }),
  rememberSmtpPassword: (password: string) => call<null>("remember_smtp_password", { password }),
  previewReminder: (file: PracticeFile, kind: string, language: string) =>
    call<ReminderPreview>("preview_reminder", { file, kind, language }),
  repairProposal: (input: ProposeInput) => call<RepairProposalView>("repair_proposal", { input }),
  applyRepair: (input: ApplyInput) => call<ApplyOutcome>("apply_repair", { input }),
};

/** Zooms the whole window's page (Ctrl +/−/0): layout reflows as in a browser. */
export async function setPageZoom(factor: number): Promise<void> {
  try {
    await getCurrentWebview().setZoom(factor);
  } catch (thrown) {
    throw new ApiError(toErrorPayload(thrown));
  }
}

type ChangeListener = (change: AppointmentsChanged) => void;
const changeListeners = new Set<ChangeListener>();
let watching = false;

/** Calls `listener` whenever appointments change on some dates (an empty
 * list of dates means "refetch everything"). Returns the unsubscribe. */
export function onAppointmentsChanged(listener: ChangeListener): () => void {
  changeListeners.add(listener);
  if (!watching) {
    watching = true;
    const channel = new Channel<AppointmentsChanged>();
    channel.onmessage = (change) => changeListeners.forEach((l) => l(change));
    call<null>("watch_changes", { onChange: channel }).catch(() => {
      watching = false;
    });
  }
  return () => changeListeners.delete(listener);
}

type ConnectionListener = (connection: Connection) => void;
const connectionListeners = new Set<ConnectionListener>();
let lastConnection: Connection = "connected";
let watchingConnection = false;

/** Calls `listener` with the connection to the clinic's database now and
 * whenever it changes (a file on this PC is always "connected"). Returns
 * the unsubscribe. */
export function onConnectionChanged(listener: ConnectionListener): () => void {
  connectionListeners.add(listener);
  listener(lastConnection);
  if (!watchingConnection) {
    watchingConnection = true;
    const channel = new Channel<Connection>();
    channel.onmessage = (connection) => {
      lastConnection = connection;
      connectionListeners.forEach((l) => l(connection));
    };
    call<null>("watch_connection", { onChange: channel }).catch(() => {
      watchingConnection = false;
    });
  }
  return () => connectionListeners.delete(listener);
}
