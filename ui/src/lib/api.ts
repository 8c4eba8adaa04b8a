// The one module that talks to the Rust side. Every call goes through
// `call`, which turns any failure into an `ApiError` with a stable `code`
// (see crates/frontdesk-core/src/error.rs). Swap `setTransport` in tests.
import { invoke } from "@tauri-apps/api/core";
import type {
  DayView,
  ErrorPayload,
  OpenDatabase,
  PatientInput,
  PatientSearchResults,
  PatientView,
  StartupStatus,
} from "./bindings";

export type Transport = (command: string, args?: Record<string, unknown>) => Promise<unknown>;

let transport: Transport = (command, args) => invoke(command, args);

/** Replaces the IPC transport (page-level tests run without Tauri). */
export function setTransport(next: Transport): void {
  transport = next;
}

/** A failed command, with the code the UI switches on. */
export class ApiError extends Error implements ErrorPayload {
  readonly code: string;
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
    if (typeof code === "string" && typeof message === "string") {
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
  dayView: (date: string) => call<DayView>("day_view", { date }),
  searchPatients: (query: string, limit?: number) =>
    call<PatientSearchResults>("search_patients", limit === undefined ? { query } : { query, limit }),
  getPatient: (id: number) => call<PatientView>("get_patient", { id }),
  /** Refused with code `PossibleDuplicate` (and `existing` ids) unless `allowDuplicate`. */
  createPatient: (patient: PatientInput, allowDuplicate = false) =>
    call<PatientView>("create_patient", { patient, allowDuplicate }),
  updatePatient: (id: number, patient: PatientInput) => call<PatientView>("update_patient", { id, patient }),
};
