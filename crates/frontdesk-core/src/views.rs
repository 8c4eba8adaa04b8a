//! What the core hands to front ends for the app's frame and the Day page,
//! serialisable and mirrored in TypeScript (see [`crate::bindings`]): the
//! error payload, what is open, and the day's columns and appointments
//! placed on the practice's wall clock.

use chrono::NaiveDate;
use frontdesk_engine::codes::{AppointmentStatus, FlowStep};
use frontdesk_engine::{Instant, PracticeZone};
use frontdesk_store::appointments::AppointmentRow;
use serde::Serialize;
use ts_rs::TS;

use crate::databases::DatabaseKind;
use crate::ErrorCode;

/// An error as it crosses IPC: the UI switches on `code`, shows `message`,
/// and highlights `field` when present.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ErrorPayload {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    /// For `PossibleDuplicate`: the ids of the patients it may duplicate.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number[]")]
    pub existing: Option<Vec<i64>>,
}

impl From<&crate::CoreError> for ErrorPayload {
    fn from(error: &crate::CoreError) -> Self {
        Self {
            code: error.code(),
            message: error.message(),
            field: error.field().map(str::to_owned),
            existing: error.existing().map(<[i64]>::to_vec),
        }
    }
}

/// What the app finds at start.
#[derive(Debug, Clone, Serialize, TS)]
pub struct StartupStatus {
    /// Set when no key source works: the app shows an error screen instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub key_problem: Option<String>,
    /// Set when the database used last time could not be opened.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub open_problem: Option<String>,
    /// The error code of `open_problem` (`DatabaseDamaged`, `WrongKey`, …),
    /// for the page to say what to do.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub open_problem_code: Option<ErrorCode>,
    pub demo_exists: bool,
    pub practice_exists: bool,
    /// The database the app has open, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub open: Option<OpenDatabase>,
}

/// The database in use.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OpenDatabase {
    pub kind: DatabaseKind,
    pub practice_name: String,
    pub timezone: String,
    pub is_demo: bool,
    /// Today in the practice's zone, `YYYY-MM-DD`.
    pub today: String,
    /// How the practice writes and types dates (BCP 47, e.g. `en-US`).
    pub locale: String,
    /// The clinic's server this workstation uses (its address, never a
    /// password); absent for a file on this PC.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub server: Option<String>,
}

/// A column of the day view: a provider or a room.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ColumnView {
    pub id: String,
    pub name: String,
    pub roles: Vec<String>,
    /// When it works that day (wall-clock minutes, from the engine's
    /// calendar: weekly hours, exceptions, staff marked out); the rest of
    /// the column is shaded as closed. Empty: off all day.
    pub open: Vec<crate::coverage::SpanView>,
    /// Why it is off that day, when someone marked it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub off_note: Option<String>,
}

/// One need of an appointment and the resource that serves it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AssignmentView {
    pub need_index: u32,
    pub role: String,
    pub resource_id: String,
    /// Wall-clock minutes after the day's local midnight.
    pub start_min: i32,
    pub end_min: i32,
}

/// An appointment placed on the day view.
#[derive(Clone, Serialize, TS)]
pub struct AppointmentView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub patient_id: i64,
    pub patient_name: String,
    pub visit_type_id: String,
    pub visit_type_name: String,
    pub colour: String,
    /// `YYYY-MM-DDTHH:MM:SS±HH:MM` in the practice's zone.
    pub start: String,
    pub end: String,
    pub start_min: i32,
    pub end_min: i32,
    pub status: AppointmentStatus,
    pub flow_step: FlowStep,
    /// Booked, not arrived, and more than 10 minutes past its start.
    pub late: bool,
    /// The patient confirmed the visit (the Day grid's tick).
    pub confirmed: bool,
    /// e.g. "50 min: new patient + blood draw".
    pub explanation: String,
    pub assignments: Vec<AssignmentView>,
}

/// One part of a visit as the day grid draws it: the resource that serves
/// it (the column) and its wall-clock minutes after the day's local midnight.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DayBlockView {
    pub resource_id: String,
    pub start_min: i32,
    pub end_min: i32,
}

/// A visit type drawn on the day: its name and colour, sent once per type.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DayVisitTypeView {
    pub name: String,
    pub colour: String,
}

/// A visit as the day grid draws it — nothing more: the rest (times as
/// text, explanation, history, ids) comes with `appointment_details` when it
/// is opened.
#[derive(Clone, Serialize, TS)]
pub struct DayVisitView {
    #[ts(type = "number")]
    pub id: i64,
    pub patient_name: String,
    /// Position in [`DayView::visit_types`].
    pub visit_type: u32,
    pub status: AppointmentStatus,
    /// Where the patient is (waiting, in room…).
    pub flow_step: FlowStep,
    /// Minutes since the patient arrived, while they wait (arrived or
    /// checked in, not yet in a room), on the practice's today.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub waiting_min: Option<i32>,
    /// Booked, not arrived, and more than 10 minutes past its start.
    pub late: bool,
    /// "Not here yet": booked, not arrived, and the practice's no-show
    /// grace after its start has passed — a one-click "No-show" is offered.
    pub no_show_due: bool,
    /// The patient confirmed the visit: a tick on the grid.
    pub confirmed: bool,
    /// One per need, in need order.
    pub blocks: Vec<DayBlockView>,
}

/// Everything the Day page shows for one local date.
#[derive(Clone, Serialize, TS)]
pub struct DayView {
    pub date: String,
    pub timezone: String,
    pub practice_name: String,
    pub is_demo: bool,
    /// Wall-clock minute of "now" when now falls on this date.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub now_min: Option<i32>,
    /// The first and last wall-clock minute worth showing (whole hours).
    pub day_start_min: i32,
    pub day_end_min: i32,
    /// Visits start every this many minutes (a click on the grid snaps to it).
    pub grid_min: u32,
    /// The practice has people and rooms, but nobody works this day and
    /// nothing is booked: it is closed.
    pub closed: bool,
    /// The practice's closure this day ("Christmas"): every column is off.
    pub closure: Option<String>,
    pub providers: Vec<ColumnView>,
    pub rooms: Vec<ColumnView>,
    pub visit_types: Vec<DayVisitTypeView>,
    pub appointments: Vec<DayVisitView>,
    /// Today only: who is running behind, and whether the banner shows.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub behind: Option<crate::day_repair::BehindView>,
}

crate::redact::redacted_debug!(AppointmentView, DayVisitView, DayView);

/// A patient who has not arrived this long after the start is late.
pub const LATE_AFTER_SECONDS: i64 = 10 * 60;

/// One stored appointment placed on `date`'s wall clock.
pub fn appointment_view(
    zone: PracticeZone,
    date: NaiveDate,
    row: AppointmentRow,
    now_utc: i64,
) -> AppointmentView {
    let at = Instant::from_utc_seconds;
    AppointmentView {
        start: zone.format_rfc3339(at(row.start_utc)),
        end: zone.format_rfc3339(at(row.end_utc)),
        start_min: zone.wall_minutes_on(date, at(row.start_utc)),
        end_min: zone.wall_minutes_on(date, at(row.end_utc)),
        status: row.status,
        flow_step: row.flow_step,
        late: row.status == AppointmentStatus::Booked
            && now_utc > row.start_utc + LATE_AFTER_SECONDS,
        confirmed: row.confirmed,
        assignments: row
            .assignments
            .iter()
            .map(|a| AssignmentView {
                need_index: a.need_index,
                role: a.role.clone(),
                resource_id: a.resource_id.clone(),
                start_min: zone.wall_minutes_on(date, at(a.start_utc)),
                end_min: zone.wall_minutes_on(date, at(a.end_utc)),
            })
            .collect(),
        id: row.id,
        patient_id: row.patient_id,
        patient_name: row.patient_name,
        visit_type_id: row.visit_type_id,
        visit_type_name: row.visit_type_name,
        colour: row.colour,
        explanation: row.explanation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_fields_are_left_out_not_null() {
        let payload = ErrorPayload {
            code: ErrorCode::NotFound,
            message: "no patient with id 4".into(),
            field: None,
            existing: None,
        };
        let json = serde_json::to_string(&payload).unwrap();
        assert_eq!(
            json,
            r#"{"code":"NotFound","message":"no patient with id 4"}"#
        );
    }
}
