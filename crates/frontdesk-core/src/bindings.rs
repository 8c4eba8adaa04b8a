//! The TypeScript mirror of everything the core sends to and takes from the
//! UI: `ui/src/lib/bindings.ts` is generated from the types listed here by
//! ts-rs (coded enums become unions of string literals), followed by the
//! defaults the UI must share with Rust as constants. The test below fails
//! when the committed file drifts (`UPDATE_BINDINGS=1 cargo test -p
//! frontdesk-core bindings` rewrites it).

use ts_rs::TS;

use crate::databases::DatabaseKind;
use crate::ErrorCode;

/// The TypeScript declarations of every type that crosses IPC, as committed in the UI.
pub fn typescript_bindings() -> String {
    let mut out = String::from(
        "// Generated from crates/frontdesk-core/src/bindings.rs by ts-rs. Do not edit:\n\
         // run `UPDATE_BINDINGS=1 cargo test -p frontdesk-core bindings`.\n",
    );
    use crate::booking::*;
    use crate::status::*;
    use crate::views::*;
    use frontdesk_engine::codes::*;
    for decl in [
        ErrorCode::decl(),
        AppointmentStatus::decl(),
        FlowStep::decl(),
        ResourceKind::decl(),
        ContactChannel::decl(),
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
        crate::day::PatientVisitView::decl(),
        crate::day::WeekDayView::decl(),
        crate::day::WeekView::decl(),
        crate::changes::AppointmentsChanged::decl(),
        crate::changes::Connection::decl(),
        crate::setup::ServerForm::decl(),
        crate::setup::ServerCheck::decl(),
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
        AskedTimeInput::decl(),
        AskedTimeView::decl(),
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
        crate::reminders::rules::RemindersEntry::decl(),
        crate::reminders::rules::SmtpEntry::decl(),
        crate::reminders::rules::TemplateEntry::decl(),
        crate::reminders::rules::ReminderPreview::decl(),
        crate::practice_file::MinimumEntry::decl(),
        crate::practice_file::ClosureEntry::decl(),
        crate::practice_file::RoleTemplate::decl(),
        crate::practice_file::VisitTypeTemplate::decl(),
        crate::practice_file::IntakeTemplate::decl(),
        crate::practice_file::PracticeTemplates::decl(),
        crate::practice_file::WizardPractice::decl(),
        crate::practice_file::WizardResource::decl(),
        crate::practice_file::WizardHours::decl(),
        crate::practice_file::WizardInput::decl(),
        crate::practice_file::AffectedAppointment::decl(),
        crate::practice_file::ProblemView::decl(),
        crate::practice_file::SaveOutcome::decl(),
        Sex::decl(),
        crate::patients::PatientRecordFields::decl(),
        crate::patients::PatientInput::decl(),
        crate::patients::PatientView::decl(),
        crate::patients::PatientMarks::decl(),
        crate::patients::PatientSummary::decl(),
        crate::patients::PatientSearchResults::decl(),
        crate::prep::PrepItemView::decl(),
        crate::prep::PrepAppointmentView::decl(),
        crate::prep::PersonOption::decl(),
        crate::prep::PrepDayView::decl(),
        crate::prep::TickInput::decl(),
        crate::prep::PrepEventView::decl(),
        crate::coverage::SpanView::decl(),
        crate::reschedule::Proposal::decl(),
        crate::reschedule::ProposalView::decl(),
        crate::coverage::CoverageGapView::decl(),
        crate::coverage::HeadcountCell::decl(),
        crate::coverage::HeadcountRow::decl(),
        crate::coverage::StaffDayView::decl(),
        crate::coverage::CoverageView::decl(),
        crate::cancellations::CancelInput::decl(),
        crate::cancellations::CancelOutcome::decl(),
        crate::billing::FeeView::decl(),
        crate::billing::BillingView::decl(),
        crate::coverage::PatientToCall::decl(),
        crate::coverage::MarkOutInput::decl(),
        crate::day_sheets::SheetEntryView::decl(),
        crate::day_sheets::DaySheetView::decl(),
        crate::notifications::NotificationView::decl(),
        crate::notifications::AlertsView::decl(),
        crate::reminders::PlannedReminder::decl(),
        crate::reminders::DayPlan::decl(),
        crate::reminders::CallOutcome::decl(),
        crate::reminders::CallEntry::decl(),
        crate::reminders::CallList::decl(),
        crate::reminders::Letter::decl(),
        crate::reminders::LetterBatch::decl(),
        crate::reminders::DeliveryEntry::decl(),
        crate::reminders::DeliveryLog::decl(),
        crate::day_repair::ColumnBehindView::decl(),
        crate::day_repair::BehindView::decl(),
        crate::day_repair::proposal::ChangeKind::decl(),
        crate::day_repair::WalkInInput::decl(),
        crate::day_repair::ProposeInput::decl(),
        crate::day_repair::RepairChangeView::decl(),
        crate::day_repair::proposal::WaitView::decl(),
        crate::day_repair::proposal::TimelineBlockView::decl(),
        crate::day_repair::proposal::TimelineColumnView::decl(),
        crate::day_repair::proposal::WalkInPlanView::decl(),
        crate::day_repair::proposal::CallView::decl(),
        crate::day_repair::RepairProposalView::decl(),
        crate::day_repair::ChosenChange::decl(),
        crate::day_repair::WalkInBooking::decl(),
        crate::day_repair::ApplyInput::decl(),
        crate::day_repair::ApplyOutcome::decl(),
    ] {
        out.push_str("\nexport ");
        out.push_str(&decl);
        out.push('\n');
    }
    out.push_str(&constants());
    out
}

/// Values the UI shares with Rust, as TypeScript constants.
fn constants() -> String {
    let defaults = crate::practice_file::NotificationsEntry::defaults();
    // A struct of strings and booleans always serialises.
    let json = serde_json::to_string(&serde_json::json!({
        "paperwork_at": defaults.paperwork_at,
        "alerts": defaults.alerts,
        "gaps": defaults.gaps,
        "patient_initials": defaults.patient_initials,
    }))
    .unwrap_or_default();
    let codes = serde_json::to_string(&ErrorCode::ALL).unwrap_or_default();
    use frontdesk_engine::codes::{AppointmentStatus, FlowStep};
    let labels = |pairs: Vec<(&str, &str)>| {
        serde_json::to_string(
            &pairs
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        )
        .unwrap_or_default()
    };
    let status_labels = labels(
        AppointmentStatus::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect(),
    );
    let step_labels = labels(
        FlowStep::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect(),
    );
    format!(
        "\n/** Every error code a command can fail with. */\n\
         export const ERROR_CODES: readonly ErrorCode[] = {codes};\n\
         \n/** The notification rules of a practice file that leaves them out (the engine's defaults). */\n\
         export const NOTIFICATION_DEFAULTS: Required<NotificationsEntry> = {json};\n\
         \n/** The words staff read for each status and flow step (the engine's `label()`). */\n\
         export const STATUS_LABELS: Readonly<Record<AppointmentStatus, string>> = {status_labels};\n\
         export const FLOW_STEP_LABELS: Readonly<Record<FlowStep, string>> = {step_labels};\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_code_is_in_the_union_and_the_list() {
        let generated = typescript_bindings();
        for code in ErrorCode::ALL {
            let name = serde_json::to_string(&code).unwrap();
            assert!(
                generated.contains(&format!("{name} |"))
                    || generated.contains(&format!("| {name};")),
                "{name} missing from the ErrorCode union"
            );
        }
        let line = generated
            .lines()
            .find(|l| l.starts_with("export const ERROR_CODES"))
            .unwrap();
        let list: Vec<ErrorCode> = ErrorCode::ALL
            .into_iter()
            .filter(|code| line.contains(&serde_json::to_string(code).unwrap()))
            .collect();
        assert_eq!(list, ErrorCode::ALL);
    }

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
}
