//! What the core hands to front ends, serialisable and mirrored in TypeScript.
//!
//! `ui/src/lib/bindings.ts` is generated from these types by ts-rs; the test
//! at the bottom fails when it drifts (`UPDATE_BINDINGS=1 cargo test -p
//! frontdesk-core bindings` rewrites it).

use serde::Serialize;
use ts_rs::TS;

use crate::databases::DatabaseKind;

/// An error as it crosses IPC: the UI switches on `code`, shows `message`,
/// and highlights `field` when present.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ErrorPayload {
    pub code: String,
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
            code: error.code().to_owned(),
            message: error.to_string(),
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
}

/// A column of the day view: a provider or a room.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ColumnView {
    pub id: String,
    pub name: String,
    pub roles: Vec<String>,
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
    /// FHIR R4 status code.
    pub status: String,
    /// `none`, `waiting`, `in-room`, `with-provider` or `done`.
    pub flow_step: String,
    /// Booked, not arrived, and more than 10 minutes past its start.
    pub late: bool,
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
    /// FHIR R4 status code.
    pub status: String,
    /// Booked, not arrived, and more than 10 minutes past its start.
    pub late: bool,
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
    pub providers: Vec<ColumnView>,
    pub rooms: Vec<ColumnView>,
    pub visit_types: Vec<DayVisitTypeView>,
    pub appointments: Vec<DayVisitView>,
}

crate::redact::redacted_debug!(AppointmentView, DayVisitView, DayView);

/// The TypeScript declarations of every type above, as committed in the UI.
pub fn typescript_bindings() -> String {
    let mut out = String::from(
        "// Generated from crates/frontdesk-core/src/views.rs by ts-rs. Do not edit:\n\
         // run `UPDATE_BINDINGS=1 cargo test -p frontdesk-core bindings`.\n",
    );
    use crate::booking::*;
    use crate::status::*;
    for decl in [
        DatabaseKind::decl(),
        ErrorPayload::decl(),
        StartupStatus::decl(),
        OpenDatabase::decl(),
        ColumnView::decl(),
        AssignmentView::decl(),
        AppointmentView::decl(),
        DayBlockView::decl(),
        DayVisitTypeView::decl(),
        DayVisitView::decl(),
        DayView::decl(),
        crate::changes::AppointmentsChanged::decl(),
        IntakeOption::decl(),
        ProviderOption::decl(),
        IntakeFormView::decl(),
        AnswersInput::decl(),
        NeedView::decl(),
        EstimateView::decl(),
        PreferencesInput::decl(),
        AssignedView::decl(),
        SuggestionView::decl(),
        SuggestionsView::decl(),
        BookInput::decl(),
        BookedView::decl(),
        StatusChangeInput::decl(),
        HistoryEntryView::decl(),
        AppointmentDetailsView::decl(),
        frontdesk_engine::intake::Urgency::decl(),
        frontdesk_engine::intake::ReasonRule::decl(),
        frontdesk_engine::intake::SymptomRule::decl(),
        frontdesk_engine::prep::PrepKind::decl(),
        frontdesk_engine::prep::PrepItem::decl(),
        frontdesk_engine::intake::ExtraPart::decl(),
        frontdesk_engine::intake::ProcedureRule::decl(),
        frontdesk_engine::intake::IntakeRules::decl(),
        crate::practice_file::PracticeFile::decl(),
        crate::practice_file::PracticeSection::decl(),
        crate::practice_file::WeekHours::decl(),
        crate::practice_file::ExceptionEntry::decl(),
        crate::practice_file::ResourceEntry::decl(),
        crate::practice_file::NeedEntry::decl(),
        crate::practice_file::VisitTypeEntry::decl(),
        crate::practice_file::NotificationsEntry::decl(),
        crate::practice_file::MinimumEntry::decl(),
        crate::practice_file::AffectedAppointment::decl(),
        crate::practice_file::ProblemView::decl(),
        crate::practice_file::SaveOutcome::decl(),
        crate::patients::PatientInput::decl(),
        crate::patients::PatientView::decl(),
        crate::patients::PatientSummary::decl(),
        crate::patients::PatientSearchResults::decl(),
        crate::prep::PrepItemView::decl(),
        crate::prep::PrepAppointmentView::decl(),
        crate::prep::PersonOption::decl(),
        crate::prep::PrepDayView::decl(),
        crate::prep::TickInput::decl(),
        crate::prep::PrepEventView::decl(),
        crate::coverage::SpanView::decl(),
        crate::coverage::Proposal::decl(),
        crate::coverage::ProposalView::decl(),
        crate::coverage::CoverageGapView::decl(),
        crate::coverage::HeadcountCell::decl(),
        crate::coverage::HeadcountRow::decl(),
        crate::coverage::StaffDayView::decl(),
        crate::coverage::CoverageView::decl(),
        crate::coverage::MarkOutInput::decl(),
        crate::coverage::SheetEntryView::decl(),
        crate::coverage::DaySheetView::decl(),
        crate::notifications::NotificationView::decl(),
        crate::notifications::AlertsView::decl(),
    ] {
        out.push_str("\nexport ");
        out.push_str(&decl);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_match_the_committed_typescript() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings.ts");
        let generated = typescript_bindings();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "ui/src/lib/bindings.ts is out of date: run `UPDATE_BINDINGS=1 cargo test -p frontdesk-core bindings`"
        );
    }

    #[test]
    fn optional_fields_are_left_out_not_null() {
        let payload = ErrorPayload {
            code: "NotFound".into(),
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
